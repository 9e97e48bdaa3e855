// Shared by the differential programs: prints a call's result, or its errno's name.
#include <errno.h>
#include <stdio.h>
#include <string.h>

static void report(const char *what, long result) {
    // A refused escape is EPERM in wasmtime and ENOTCAPABLE in wasmlite: both refuse.
    if (result < 0)
        printf("%s: -1 %s\n", what,
               errno == EPERM || errno == ENOTCAPABLE ? "refused" : strerror(errno));
    else
        printf("%s: %ld\n", what, result);
}
