#include <zlib.h>

/// inflateInit2 is a macro; Swift needs a function. 15 + 32: any window size, gzip or zlib header detected.
static inline int czlib_inflate_init_gzip(z_stream *stream) {
    return inflateInit2(stream, 15 + 32);
}
