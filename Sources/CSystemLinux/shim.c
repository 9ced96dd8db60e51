// accept4 needs _GNU_SOURCE; the header stays free of it so it does not change how Swift sees
// the system headers.
#define _GNU_SOURCE
#include <sys/socket.h>
#include "CSystemLinux.h"

#ifdef __linux__
int csl_accept(int fd, struct sockaddr_in *peer) {
    socklen_t length = sizeof *peer;
    return accept4(fd, (struct sockaddr *)peer, &length, SOCK_NONBLOCK | SOCK_CLOEXEC);
}
#endif
