/* The libcurl floor for `make bench`: N keep-alive connections, each re-requesting URL until the duration ends,
 * with the options crmbench uses above 1,000 connections (1 KiB receive buffer). Two loops, as crmbench has:
 *   poll   one multi handle driven by curl_multi_perform + curl_multi_poll;
 *   epoll  curl_multi_socket_action with an epoll set (libcurl then keeps a record per socket).
 * Its peak RSS is what libcurl itself costs; crmbench's is compared against it.
 * Further arguments, in any order:
 *   same   every handle gets the options crmbench sets (connect timeout, User-Agent header, cookie jar, HTTP/1.1, a
 *          private pointer, a buffer for libcurl's error messages) and each finished transfer is read as crmbench
 *          reads it (status, version, six phase times, four sizes, a clock): the same work asked of libcurl, so the
 *          gap left is crmbench's own;
 *   shard  (epoll) the handles spread over multi handles of 500, as crmbench spreads them.
 * Prints the requests and errors, and the CPU per request after the first second (once the connections are open). */
#include <curl/curl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/resource.h>
#include <time.h>

static size_t discard(char *p, size_t s, size_t n, void *u) { (void)p; (void)u; return s * n; }

static double now(void) { struct timespec t; clock_gettime(CLOCK_MONOTONIC, &t); return t.tv_sec + t.tv_nsec / 1e9; }

static int epfd = -1;
/* The epoll loop can spread the handles over several multi handles ("shard": 500 each, as crmbench does): libcurl
 * 7.88 walks a multi handle's whole connection cache when a transfer starts. */
enum { maxShards = 256, maxFD = 1 << 17 };
static CURLM *multis[maxShards];
static int shards = 1;
static double timer_due[maxShards]; /* when libcurl wants CURL_SOCKET_TIMEOUT next per multi; -1: no timer */
static int running_in[maxShards];
static unsigned char shard_of_fd[maxFD];

static int on_socket(CURL *e, curl_socket_t s, int what, void *u, void *sp) {
    (void)e; (void)sp;
    if (what == CURL_POLL_REMOVE) { epoll_ctl(epfd, EPOLL_CTL_DEL, s, NULL); return 0; }
    if (s >= 0 && s < maxFD) shard_of_fd[s] = (unsigned char)(long)u;
    struct epoll_event ev = { .events = 0, .data.fd = s };
    if (what & CURL_POLL_IN) ev.events |= EPOLLIN;
    if (what & CURL_POLL_OUT) ev.events |= EPOLLOUT;
    if (epoll_ctl(epfd, EPOLL_CTL_MOD, s, &ev) != 0) epoll_ctl(epfd, EPOLL_CTL_ADD, s, &ev);
    return 0;
}

static int on_timer(CURLM *m, long ms, void *u) { (void)m; timer_due[(long)u] = ms < 0 ? -1 : now() + ms / 1e3; return 0; }

static long done = 0, errors = 0;
static int same = 0;
static volatile long sink; /* keeps the reads */

static void read_like_crmbench(CURL *e) {
    long l; curl_off_t o; void *p;
    curl_easy_getinfo(e, CURLINFO_PRIVATE, &p);
    curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &l); sink += l;
    curl_easy_getinfo(e, CURLINFO_HTTP_VERSION, &l); sink += l;
    const CURLINFO times[] = { CURLINFO_NAMELOOKUP_TIME_T, CURLINFO_CONNECT_TIME_T, CURLINFO_APPCONNECT_TIME_T,
                               CURLINFO_PRETRANSFER_TIME_T, CURLINFO_STARTTRANSFER_TIME_T, CURLINFO_TOTAL_TIME_T };
    for (int i = 0; i < 6; i++) { curl_easy_getinfo(e, times[i], &o); sink += o; }
    curl_easy_getinfo(e, CURLINFO_HEADER_SIZE, &l); sink += l;
    curl_easy_getinfo(e, CURLINFO_REQUEST_SIZE, &l); sink += l;
    curl_easy_getinfo(e, CURLINFO_SIZE_DOWNLOAD_T, &o); sink += o;
    curl_easy_getinfo(e, CURLINFO_SIZE_UPLOAD_T, &o); sink += o;
    sink += (long)now();
}

static int drain(CURLM *multi, double end) {
    CURLMsg *m; int left, readded = 0;
    while ((m = curl_multi_info_read(multi, &left))) {
        if (m->msg != CURLMSG_DONE) continue;
        CURL *e = m->easy_handle;
        if (m->data.result != CURLE_OK) errors++; else done++;
        if (same) read_like_crmbench(e);
        curl_multi_remove_handle(multi, e);
        if (now() < end) { curl_multi_add_handle(multi, e); readded = 1; }
    }
    return readded;
}

static double cpu_seconds(void) {
    struct rusage u; getrusage(RUSAGE_SELF, &u);
    return u.ru_utime.tv_sec + u.ru_utime.tv_usec / 1e6 + u.ru_stime.tv_sec + u.ru_stime.tv_usec / 1e6;
}

int main(int argc, char **argv) {
    if (argc < 4) {
        fprintf(stderr, "usage: %s URL CONNECTIONS SECONDS [poll|epoll] [same] [shard]\n", argv[0]);
        return 64;
    }
    const char *url = argv[1];
    int n = atoi(argv[2]);
    double seconds = atof(argv[3]);
    int use_epoll = 0, shard = 0;
    for (int a = 4; a < argc; a++) {
        if (strcmp(argv[a], "epoll") == 0) use_epoll = 1;
        else if (strcmp(argv[a], "same") == 0) same = 1;
        else if (strcmp(argv[a], "shard") == 0) shard = 1;
    }
    if (n < 1 || n >= maxFD / 2) { fprintf(stderr, "CONNECTIONS must be 1 to %d\n", maxFD / 2 - 1); return 64; }
    if (use_epoll && shard) shards = (n + 499) / 500 < maxShards ? (n + 499) / 500 : maxShards;
    curl_global_init(CURL_GLOBAL_DEFAULT);
    if (use_epoll) epfd = epoll_create1(EPOLL_CLOEXEC);
    for (long m = 0; m < shards; m++) {
        multis[m] = curl_multi_init();
        curl_multi_setopt(multis[m], CURLMOPT_MAXCONNECTS, (long)((n + shards - 1) / shards));
        timer_due[m] = -1;
        if (use_epoll) {
            curl_multi_setopt(multis[m], CURLMOPT_SOCKETFUNCTION, on_socket);
            curl_multi_setopt(multis[m], CURLMOPT_SOCKETDATA, (void *)m);
            curl_multi_setopt(multis[m], CURLMOPT_TIMERFUNCTION, on_timer);
            curl_multi_setopt(multis[m], CURLMOPT_TIMERDATA, (void *)m);
        }
    }
    CURL **easy = calloc(n, sizeof *easy);
    for (int i = 0; i < n; i++) {
        easy[i] = curl_easy_init();
        curl_easy_setopt(easy[i], CURLOPT_URL, url);
        curl_easy_setopt(easy[i], CURLOPT_NOSIGNAL, 1L);
        curl_easy_setopt(easy[i], CURLOPT_WRITEFUNCTION, discard);
        curl_easy_setopt(easy[i], CURLOPT_BUFFERSIZE, 1024L);
        curl_easy_setopt(easy[i], CURLOPT_TIMEOUT_MS, 30000L);
        curl_easy_setopt(easy[i], CURLOPT_PROXY, "");
        if (same) {
            static struct curl_slist *headers;
            if (!headers) headers = curl_slist_append(curl_slist_append(NULL, "User-Agent: crmbench/0.1.0"), "Expect:");
            curl_easy_setopt(easy[i], CURLOPT_CONNECTTIMEOUT_MS, 10000L);
            curl_easy_setopt(easy[i], CURLOPT_TCP_NODELAY, 1L);
            curl_easy_setopt(easy[i], CURLOPT_HTTPHEADER, headers);
            curl_easy_setopt(easy[i], CURLOPT_COOKIEFILE, "");
            curl_easy_setopt(easy[i], CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_1_1);
            curl_easy_setopt(easy[i], CURLOPT_PRIVATE, (void *)easy[i]);
            curl_easy_setopt(easy[i], CURLOPT_ERRORBUFFER, calloc(1, CURL_ERROR_SIZE));
        }
        curl_multi_add_handle(multis[i % shards], easy[i]);
    }
    double start = now(), end = start + seconds, steady_at = start + 1, steady_cpu = -1;
    long steady_done = 0;
    int running = 1;
    if (use_epoll) {
        struct epoll_event events[256];
        for (int m = 0; m < shards; m++) curl_multi_socket_action(multis[m], CURL_SOCKET_TIMEOUT, 0, &running_in[m]);
        while (running) {
            if (now() > end + 30) break;
            if (steady_cpu < 0 && now() >= steady_at) { steady_cpu = cpu_seconds(); steady_done = done; }
            double due = -1;
            for (int m = 0; m < shards; m++) if (timer_due[m] >= 0 && (due < 0 || timer_due[m] < due)) due = timer_due[m];
            int wait = 100;
            if (due >= 0) { double left = (due - now()) * 1e3; wait = left <= 0 ? 0 : left < 100 ? (int)left + 1 : 100; }
            int ready = epoll_wait(epfd, events, 256, wait);
            for (int i = 0; i < ready; i++) {
                int mask = 0, fd = events[i].data.fd, m = fd < maxFD ? shard_of_fd[fd] : 0;
                if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) mask |= CURL_CSELECT_IN;
                if (events[i].events & EPOLLOUT) mask |= CURL_CSELECT_OUT;
                if (events[i].events & EPOLLERR) mask |= CURL_CSELECT_ERR;
                curl_multi_socket_action(multis[m], fd, mask, &running_in[m]);
            }
            double t = now();
            for (int m = 0; m < shards; m++) {
                if (timer_due[m] >= 0 && t >= timer_due[m]) {
                    timer_due[m] = -1;
                    curl_multi_socket_action(multis[m], CURL_SOCKET_TIMEOUT, 0, &running_in[m]);
                }
            }
            running = 0;
            for (int m = 0; m < shards; m++) {
                if (drain(multis[m], end)) running_in[m] = 1;
                if (running_in[m]) running = 1;
            }
        }
    } else {
        CURLM *multi = multis[0];
        while (running) {
            if (steady_cpu < 0 && now() >= steady_at) { steady_cpu = cpu_seconds(); steady_done = done; }
            curl_multi_perform(multi, &running);
            if (drain(multi, end)) running = 1;
            if (now() > end + 30) break;
            curl_multi_poll(multi, NULL, 0, 100, NULL);
        }
    }
    printf("%ld requests, %ld errors", done, errors);
    /* After the first second (the connections are open by then): what a request costs once running. */
    if (steady_cpu >= 0 && done > steady_done)
        printf("; after the first second %ld requests at %.2f us CPU/request", done - steady_done,
               (cpu_seconds() - steady_cpu) * 1e6 / (double)(done - steady_done));
    printf("\n");
    return 0;
}
