/* The libcurl floor for `make bench`: N keep-alive connections on one curl_multi_poll loop, each re-requesting
 * URL until the duration ends, with the options crmbench uses above 1,000 connections (1 KiB receive buffer).
 * Its peak RSS is what libcurl itself costs; crmbench's is compared against it. */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <time.h>

static size_t discard(char *p, size_t s, size_t n, void *u) { (void)p; (void)u; return s * n; }

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

int main(int argc, char **argv) {
    if (argc < 4) { fprintf(stderr, "usage: %s URL CONNECTIONS SECONDS\n", argv[0]); return 64; }
    const char *url = argv[1];
    int n = atoi(argv[2]);
    double seconds = atof(argv[3]);
    curl_global_init(CURL_GLOBAL_DEFAULT);
    CURLM *multi = curl_multi_init();
    curl_multi_setopt(multi, CURLMOPT_MAXCONNECTS, (long)n);
    CURL **easy = calloc(n, sizeof *easy);
    for (int i = 0; i < n; i++) {
        easy[i] = curl_easy_init();
        curl_easy_setopt(easy[i], CURLOPT_URL, url);
        curl_easy_setopt(easy[i], CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(easy[i], CURLOPT_BUFFERSIZE, 1024L);
        curl_easy_setopt(easy[i], CURLOPT_TIMEOUT_MS, 30000L);
        curl_easy_setopt(easy[i], CURLOPT_PROXY, "");
        curl_multi_add_handle(multi, easy[i]);
    }
    long done = 0, errors = 0;
    double end = now() + seconds;
    int running = 1;
    while (running) {
        curl_multi_perform(multi, &running);
        CURLMsg *m; int left;
        while ((m = curl_multi_info_read(multi, &left))) {
            if (m->msg != CURLMSG_DONE) continue;
            CURL *e = m->easy_handle;
            if (m->data.result != CURLE_OK) errors++; else done++;
            curl_multi_remove_handle(multi, e);
            if (now() < end) { curl_multi_add_handle(multi, e); running = 1; }
        }
        if (now() > end + 30) break;
        curl_multi_poll(multi, NULL, 0, 100, NULL);
    }
    printf("%ld requests, %ld errors\n", done, errors);
    return 0;
}
