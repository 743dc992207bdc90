#ifndef CRMBENCH_CCURL_SHIM_H
#define CRMBENCH_CCURL_SHIM_H

#include <curl/curl.h>
#ifdef __linux__
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <time.h>
#include <unistd.h>
#endif

/* Swift cannot call C variadic functions: these typed wrappers stand in for
 * curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt. */

#pragma clang assume_nonnull begin

typedef size_t (*ccurl_data_callback)(char *_Nullable ptr, size_t size, size_t nmemb, void *_Nullable userdata);
typedef int (*ccurl_socket_callback)(CURL *_Nullable easy, curl_socket_t s, int what, void *_Nullable userp, void *_Nullable socketp);
typedef int (*ccurl_timer_callback)(CURLM *_Nullable multi, long timeout_ms, void *_Nullable userp);
typedef int (*ccurl_closesocket_callback)(void *_Nullable clientp, curl_socket_t item);
typedef curl_socket_t (*ccurl_opensocket_callback)(void *_Nullable clientp, curlsocktype purpose, struct curl_sockaddr *_Nullable address);

static inline CURLcode ccurl_easy_setopt_long(CURL *handle, CURLoption option, long value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode ccurl_easy_setopt_off_t(CURL *handle, CURLoption option, curl_off_t value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode ccurl_easy_setopt_string(CURL *handle, CURLoption option, const char *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode ccurl_easy_setopt_pointer(CURL *handle, CURLoption option, void *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode ccurl_easy_setopt_slist(CURL *handle, CURLoption option, struct curl_slist *_Nullable value) {
    return curl_easy_setopt(handle, option, value);
}
static inline CURLcode ccurl_easy_setopt_data_callback(CURL *handle, CURLoption option, ccurl_data_callback _Nullable value) {
    return curl_easy_setopt(handle, option, value);
}

static inline CURLcode ccurl_easy_setopt_opensocket_callback(CURL *handle, ccurl_opensocket_callback _Nullable value) {
    return curl_easy_setopt(handle, CURLOPT_OPENSOCKETFUNCTION, value);
}
static inline CURLcode ccurl_easy_setopt_closesocket_callback(CURL *handle, ccurl_closesocket_callback _Nullable value) {
    return curl_easy_setopt(handle, CURLOPT_CLOSESOCKETFUNCTION, value);
}

static inline CURLcode ccurl_easy_getinfo_long(CURL *handle, CURLINFO info, long *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode ccurl_easy_getinfo_off_t(CURL *handle, CURLINFO info, curl_off_t *value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode ccurl_easy_getinfo_pointer(CURL *handle, CURLINFO info, void *_Nullable *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}
static inline CURLcode ccurl_easy_getinfo_string(CURL *handle, CURLINFO info, const char *_Nullable *_Nonnull value) {
    return curl_easy_getinfo(handle, info, value);
}

static inline CURLMcode ccurl_multi_setopt_long(CURLM *handle, CURLMoption option, long value) {
    return curl_multi_setopt(handle, option, value);
}
static inline CURLMcode ccurl_multi_setopt_pointer(CURLM *handle, CURLMoption option, void *_Nullable value) {
    return curl_multi_setopt(handle, option, value);
}
static inline CURLMcode ccurl_multi_setopt_socket_callback(CURLM *handle, ccurl_socket_callback _Nullable value) {
    return curl_multi_setopt(handle, CURLMOPT_SOCKETFUNCTION, value);
}
static inline CURLMcode ccurl_multi_setopt_timer_callback(CURLM *handle, ccurl_timer_callback _Nullable value) {
    return curl_multi_setopt(handle, CURLMOPT_TIMERFUNCTION, value);
}

/* Runs the transfers whose timeout expired (curl_multi_socket_action with CURL_SOCKET_TIMEOUT). */
static inline CURLMcode ccurl_multi_socket_timeout(CURLM *handle, int *running) {
    return curl_multi_socket_action(handle, CURL_SOCKET_TIMEOUT, 0, running);
}

/* CURLMsg carries a union: read it from C. */
static inline CURL *_Nullable ccurl_msg_easy(const CURLMsg *msg) { return msg->easy_handle; }
static inline CURLcode ccurl_msg_result(const CURLMsg *msg) { return msg->data.result; }
static inline int ccurl_msg_is_done(const CURLMsg *msg) { return msg->msg == CURLMSG_DONE; }

#ifdef __linux__
/* A monotonic timerfd for nanosecond-precise wakeups inside curl_multi_poll. */
static inline int ccurl_timerfd_create(void) {
    return timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
}
static inline int ccurl_timerfd_arm_absolute(int fd, unsigned long long deadline_nanos) {
    struct itimerspec spec = {0};
    spec.it_value.tv_sec = (time_t)(deadline_nanos / 1000000000ULL);
    spec.it_value.tv_nsec = (long)(deadline_nanos % 1000000000ULL);
    return timerfd_settime(fd, TFD_TIMER_ABSTIME, &spec, 0);
}

/* Raises the soft open-file limit to the hard limit (a hard limit of "unlimited" is tried as 1,048,576, the
 * kernel's usual nr_open); returns the soft limit in effect afterwards, 0 when it could not be read. */
static inline unsigned long long ccurl_raise_open_file_limit(void) {
    struct rlimit limit;
    if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return 0;
    if (limit.rlim_cur != RLIM_INFINITY && (limit.rlim_max == RLIM_INFINITY || limit.rlim_cur < limit.rlim_max)) {
        struct rlimit raised = limit;
        raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? 1048576 : limit.rlim_max;
        if (raised.rlim_cur > limit.rlim_cur && setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
    }
    return limit.rlim_cur == RLIM_INFINITY ? ~0ULL : (unsigned long long)limit.rlim_cur;
}

/* The CPUs this process may run on (its affinity mask: taskset, cgroup cpusets), 0 when it could not be read.
 * The raw system call, because glibc's sched_getaffinity and CPU_COUNT need _GNU_SOURCE before any header. */
static inline int ccurl_available_cpus(void) {
    unsigned long mask[4096 / (8 * sizeof(unsigned long))];
    long bytes = syscall(SYS_sched_getaffinity, 0, sizeof(mask), mask);
    if (bytes <= 0) return 0;
    int count = 0;
    for (long i = 0; i < bytes / (long)sizeof(unsigned long); i++) count += __builtin_popcountl(mask[i]);
    return count;
}

/* Gives the pages of freed heap memory back to the system (glibc keeps them otherwise). */
static inline void ccurl_release_free_memory(void) { (void)malloc_trim(0); }

/* The shared libraries only crmbench's own code uses (the Swift runtime's C++ library, the maths library, SQLite):
 * libcurl and what it loads are left as they are. */
static inline int ccurl_is_own_library(const char *path) {
    static const char *const names[] = { "/libstdc++.so", "/libm.so", "/libsqlite3.so", "/libgcc_s.so" };
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (strstr(path, names[i]) != NULL) return 1;
    return 0;
}

/* The machine's swap in kB (/proc/meminfo's SwapTotal), or -1 when unknown. */
static inline long ccurl_swap_total_kb(void) {
    FILE *file = fopen("/proc/meminfo", "re");
    if (!file) return -1;
    char line[256];
    long total = -1;
    while (fgets(line, sizeof line, file))
        if (strncmp(line, "SwapTotal:", 10) == 0) { total = atol(line + 10); break; }
    fclose(file);
    return total;
}

/* Hands back the pages start-up touched in code it will not run again. Start-up (the Swift runtime, argument
 * parsing, loading a scenario, creating the handles) touches megabytes of code, and the kernel maps 64 KiB around
 * each page touched; a run uses a few of them. Unmaps the resident pages of this executable's code and read-only
 * data, and of the libraries only its own code uses: only mappings that are not writable and that hold no page of
 * their own ("Anonymous: 0 kB" and "Swap: 0 kB" in /proc/self/smaps; a relocated read-only segment holds some), so
 * every page dropped is a clean page of the file, still in the page cache, that faults back in when next used.
 * The executable's writable segment also holds constant data read at start-up: on a machine without swap it asks
 * the kernel to reclaim that segment (MADV_PAGEOUT), which then can only reclaim clean pages (never a written one,
 * having nowhere to put it) and none another process maps. Everything of other files is left as it is. Returns the
 * kB unmapped, or -1 when smaps cannot be read. */
static inline long ccurl_drop_own_code_pages(void) {
    char exe[4096];
    ssize_t length = readlink("/proc/self/exe", exe, sizeof exe - 1);
    if (length <= 0) return -1;
    exe[length] = 0;
    FILE *file = fopen("/proc/self/smaps", "re");
    if (!file) return -1;
    enum { maxRanges = 64 };
    unsigned long starts[maxRanges], ends[maxRanges], writableStarts[maxRanges], writableEnds[maxRanges];
    long sizes[maxRanges];
    int count = 0, writableCount = 0, candidate = 0, partial = 0;
    long rss = 0, anonymous = -1, swapped = -1, dropped = 0;
    unsigned long start = 0, end = 0;
    char line[4352];
    while (fgets(line, sizeof line, file)) {
        size_t used = strlen(line);
        int complete = used > 0 && line[used - 1] == '\n';
        /* The rest of a line longer than the buffer is not a line of its own: skip it, and a mapping whose header
         * did not fit (a very long path) is not a candidate. */
        if (partial) { partial = !complete; continue; }
        partial = !complete;
        unsigned long a, b;
        char perms[8], path[4352];
        path[0] = 0;
        if (sscanf(line, "%lx-%lx %7s %*s %*s %*s %4351[^\n]", &a, &b, perms, path) >= 3) {
            start = a; end = b; rss = 0; anonymous = -1; swapped = -1;
            candidate = complete && (strcmp(perms, "r-xp") == 0 || strcmp(perms, "r--p") == 0)
                && (strcmp(path, exe) == 0 || ccurl_is_own_library(path));
            if (complete && strcmp(perms, "rw-p") == 0 && strcmp(path, exe) == 0 && writableCount < maxRanges) {
                writableStarts[writableCount] = a; writableEnds[writableCount] = b; writableCount++;
            }
        } else if (candidate && strncmp(line, "Rss:", 4) == 0) {
            rss = atol(line + 4);
        } else if (candidate && strncmp(line, "Anonymous:", 10) == 0) {
            anonymous = atol(line + 10);
        } else if (candidate && strncmp(line, "Swap:", 5) == 0) {
            swapped = atol(line + 5);
        } else if (candidate && strncmp(line, "VmFlags:", 8) == 0) {
            if (anonymous == 0 && swapped == 0 && rss > 0 && end > start && count < maxRanges) {
                starts[count] = start; ends[count] = end; sizes[count] = rss; count++;
            }
            candidate = 0;
        }
    }
    fclose(file);
    for (int i = 0; i < count; i++)
        if (madvise((void *)starts[i], ends[i] - starts[i], MADV_DONTNEED) == 0) dropped += sizes[i];
#ifdef MADV_PAGEOUT
    if (ccurl_swap_total_kb() == 0)
        for (int i = 0; i < writableCount; i++)
            (void)madvise((void *)writableStarts[i], writableEnds[i] - writableStarts[i], MADV_PAGEOUT);
#endif
    return dropped;
}

/* epoll for curl_multi_socket_action. struct epoll_event is packed on x86-64: Swift touches it only
 * through these helpers, and the events buffer is opaque memory of ccurl_epoll_event_size() per event. */
static inline size_t ccurl_epoll_event_size(void) { return sizeof(struct epoll_event); }
static inline int ccurl_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

/* The epoll events for libcurl's CURL_POLL_IN / _OUT / _INOUT. */
static inline unsigned int ccurl_epoll_events_for(int what) {
    unsigned int events = 0;
    if (what & CURL_POLL_IN) events |= EPOLLIN;
    if (what & CURL_POLL_OUT) events |= EPOLLOUT;
    return events;
}

/* Adds, changes or removes fd in the set (op: EPOLL_CTL_ADD = 1, _DEL = 2, _MOD = 3); the event carries the fd. */
static inline int ccurl_epoll_ctl(int epfd, int op, int fd, unsigned int events) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = 0;
    event.data.fd = fd;
    return epoll_ctl(epfd, op, fd, &event);
}

static inline int ccurl_epoll_wait(int epfd, void *events, int max_events, int timeout_ms) {
    return epoll_wait(epfd, (struct epoll_event *)events, max_events, timeout_ms);
}
static inline int ccurl_epoll_event_fd(const void *events, int index) {
    return ((const struct epoll_event *)events)[index].data.fd;
}

/* curl_multi_socket_action's ev_bitmask for what epoll reported, as curl's own poll maps it: an error or a
 * hang-up wakes the directions that are watched, so the transfer reads or writes and sees the failure. */
static inline int ccurl_cselect_for(const void *events, int index, unsigned int watched) {
    unsigned int revents = ((const struct epoll_event *)events)[index].events;
    int mask = 0;
    if ((watched & EPOLLIN) && (revents & (EPOLLIN | EPOLLHUP | EPOLLERR))) mask |= CURL_CSELECT_IN;
    if ((watched & EPOLLOUT) && (revents & (EPOLLOUT | EPOLLHUP | EPOLLERR))) mask |= CURL_CSELECT_OUT;
    if (revents & EPOLLERR) mask |= CURL_CSELECT_ERR;
    return mask;
}

/* The socket libcurl asks for in CURLOPT_OPENSOCKETFUNCTION. */
static inline curl_socket_t ccurl_open_socket(const struct curl_sockaddr *address) {
    return socket(address->family, address->socktype, address->protocol);
}
#endif

#pragma clang assume_nonnull end

#endif
