// Standard streams, arguments, environment, clocks and random: reads stdin in chunks of
// pseudo-random lengths, echoes a digest, writes stdout in many sizes interleaved with
// stderr, checks clock behaviour (not values), and exits with a status of its own.
//! args: stdio first "second arg" --flag=3
//! stdin-bytes: 70000
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <wasi/api.h>

extern char **environ;

int main(int argc, char **argv) {
    printf("argc %d\n", argc);
    for (int i = 0; i < argc; i++)
        printf("argv[%d] = [%s]\n", i, argv[i]);
    for (char **e = environ; *e; e++)
        printf("env [%s]\n", *e);
    printf("GREETING=%s EMPTY=[%s] PATH=%s\n", getenv("GREETING"), getenv("EMPTY"),
           getenv("PATH") ? getenv("PATH") : "(unset)");
    fflush(stdout);

    uint32_t seed = 12345, hash = 2166136261u;
    size_t total = 0, reads = 0;
    char buf[5000];
    for (;;) {
        seed = seed * 1103515245u + 12345u;
        size_t want = 1 + (seed >> 8) % sizeof buf;
        ssize_t n = read(0, buf, want);
        if (n < 0) {
            printf("read error %s\n", strerror(errno));
            break;
        }
        if (n == 0)
            break;
        for (ssize_t i = 0; i < n; i++)
            hash = (hash ^ (uint8_t)buf[i]) * 16777619u;
        total += n;
        reads++;
    }
    printf("stdin: %zu bytes, fnv1a %08x, read returned data %s\n", total, hash,
           reads > 0 ? "yes" : "no");
    printf("read after EOF: %zd\n", read(0, buf, 10));

    for (int size = 1; size <= 4096; size *= 4) {
        memset(buf, 'a' + size % 26, size);
        buf[size - 1] = '\n';
        write(1, buf, size);
        dprintf(2, "stderr after %d bytes\n", size);
    }

    struct timespec a, b, res;
    clock_gettime(CLOCK_MONOTONIC, &a);
    for (volatile int i = 0; i < 100000; i++) {}
    clock_gettime(CLOCK_MONOTONIC, &b);
    printf("monotonic non-decreasing %d\n",
           b.tv_sec > a.tv_sec || (b.tv_sec == a.tv_sec && b.tv_nsec >= a.tv_nsec));
    clock_gettime(CLOCK_REALTIME, &a);
    printf("realtime after 2020 %d\n", a.tv_sec > 1577836800);
    printf("realtime res ok %d\n", clock_getres(CLOCK_REALTIME, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0);
    printf("monotonic res ok %d\n", clock_getres(CLOCK_MONOTONIC, &res) == 0 && res.tv_sec == 0 && res.tv_nsec > 0);
    // A 1 ms sleep through poll_oneoff (nanosleep would need compiler-rt's __muloti4).
    __wasi_subscription_t sleep = {.userdata = 42, .u.tag = __WASI_EVENTTYPE_CLOCK};
    sleep.u.u.clock.id = __WASI_CLOCKID_MONOTONIC;
    sleep.u.u.clock.timeout = 1000000;
    __wasi_event_t event;
    __wasi_size_t events = 0;
    __wasi_errno_t error = __wasi_poll_oneoff(&sleep, &event, 1, &events);
    printf("poll_oneoff sleep: errno %d, %lu events, userdata %llu, type %d, event errno %d\n",
           error, events, (unsigned long long)event.userdata, event.type, event.error);

    unsigned char random[256];
    printf("getentropy 256: %d\n", getentropy(random, sizeof random));
    printf("getentropy 257: %d %s\n", getentropy(random, 257), strerror(errno));
    int zero = 0;
    for (size_t i = 0; i < sizeof random; i++)
        zero += random[i] == 0;
    printf("random not all zero %d\n", zero < 256);
    printf("isatty(1) %d\n", isatty(1));
    printf("unflushed tail without newline");
    exit(argc + 4);
}
