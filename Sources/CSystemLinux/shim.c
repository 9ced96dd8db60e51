// accept4 needs _GNU_SOURCE; the header stays free of it so it does not change how Swift sees
// the system headers.
#define _GNU_SOURCE
#include <sys/socket.h>
#include "CSystemLinux.h"

#ifdef __linux__
int csl_accept(int fd) { return accept4(fd, 0, 0, SOCK_NONBLOCK | SOCK_CLOEXEC); }
#endif
