#ifndef CRMBENCH_CCURL_SHIM_H
#define CRMBENCH_CCURL_SHIM_H

#include <curl/curl.h>
#ifdef __linux__
#include <sys/timerfd.h>
#include <time.h>
#endif

/* Swift cannot call C variadic functions: these typed wrappers stand in for
 * curl_easy_setopt, curl_easy_getinfo and curl_multi_setopt. */

#pragma clang assume_nonnull begin

typedef size_t (*ccurl_data_callback)(char *_Nullable ptr, size_t size, size_t nmemb, void *_Nullable userdata);
typedef int (*ccurl_socket_callback)(CURL *_Nullable easy, curl_socket_t s, int what, void *_Nullable userp, void *_Nullable socketp);
typedef int (*ccurl_timer_callback)(CURLM *_Nullable multi, long timeout_ms, void *_Nullable userp);

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
#endif

#pragma clang assume_nonnull end

#endif
