// The parts of the Linux system interface Glibc's Swift module does not expose: epoll, eventfd,
// accept4 and thread names. Small inline wrappers keep Swift away from the packed `struct epoll_event`.
#ifndef CSYSTEMLINUX_H
#define CSYSTEMLINUX_H

#ifdef __linux__
#include <errno.h>
#include <fcntl.h>
#include <malloc.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <stdint.h>
#include <sys/epoll.h>
#include <sys/prctl.h>
#include <sys/eventfd.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

static inline int csl_epoll_create(void) { return epoll_create1(EPOLL_CLOEXEC); }

static inline int csl_epoll_ctl(int epfd, int op, int fd, uint32_t events, uint64_t data) {
    struct epoll_event event;
    event.events = events;
    event.data.u64 = data;
    return epoll_ctl(epfd, op, fd, &event);
}

/// Waits for events; copies each one's data and flags into two plain arrays.
static inline int csl_epoll_wait(int epfd, uint64_t *data, uint32_t *flags, int capacity, int timeout_ms) {
    struct epoll_event events[capacity];
    int count = epoll_wait(epfd, events, capacity, timeout_ms);
    for (int i = 0; i < count; i++) {
        data[i] = events[i].data.u64;
        flags[i] = events[i].events;
    }
    return count;
}

/// Returns the heap's free pages to the system (glibc keeps them mapped otherwise).
static inline int csl_malloc_trim(void) { return malloc_trim(0); }

/// Caps the number of malloc arenas (glibc gives threads arenas of their own, up to 8 a core).
static inline int csl_limit_malloc_arenas(int count) { return mallopt(M_ARENA_MAX, count); }

/// Names the calling thread (the kernel keeps 15 bytes), as `top -H` and debuggers show it.
static inline void csl_name_this_thread(const char *name) { prctl(PR_SET_NAME, name, 0, 0, 0); }

static inline int csl_eventfd(void) { return eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC); }

/// accept4 with SOCK_NONBLOCK | SOCK_CLOEXEC, filling in the peer's address (defined in shim.c,
/// which needs _GNU_SOURCE).
int csl_accept(int fd, struct sockaddr_in *peer);

static const uint32_t CSL_EPOLLIN = EPOLLIN;
static const uint32_t CSL_EPOLLOUT = EPOLLOUT;
static const uint32_t CSL_EPOLLERR = EPOLLERR;
static const uint32_t CSL_EPOLLHUP = EPOLLHUP;
static const uint32_t CSL_EPOLLRDHUP = EPOLLRDHUP;
static const uint32_t CSL_EPOLLEXCLUSIVE = EPOLLEXCLUSIVE;
static const int CSL_EPOLL_CTL_ADD = EPOLL_CTL_ADD;
static const int CSL_EPOLL_CTL_MOD = EPOLL_CTL_MOD;
static const int CSL_EPOLL_CTL_DEL = EPOLL_CTL_DEL;
#endif

#endif
