// Symbolic and hard links: create, readlink (short buffers too), stat vs lstat, dangling
// links, links in the middle of a path, loops, unlink of a link, links leaving the sandbox.
//! args: links
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

static void readlink_show(const char *path, size_t size) {
    char buf[128];
    ssize_t n = readlink(path, buf, size);
    if (n < 0)
        printf("readlink %s: %s\n", path, strerror(errno));
    else
        printf("readlink %s (%zu): %.*s\n", path, size, (int)n, buf);
}

int main(void) {
    struct stat st;
    report("symlink file", symlink("hello.txt", "/sandbox/link-to-hello"));
    report("symlink dir", symlink("numbers", "/sandbox/link-to-numbers"));
    report("symlink dangling", symlink("nowhere", "/sandbox/dangling"));
    report("symlink exists", symlink("x", "/sandbox/hello.txt"));
    report("symlink escape", symlink("../../etc", "/sandbox/out"));
    report("symlink loop a", symlink("loop-b", "/sandbox/loop-a"));
    report("symlink loop b", symlink("loop-a", "/sandbox/loop-b"));
    readlink_show("/sandbox/link-to-hello", 100);
    readlink_show("/sandbox/link-to-hello", 3);
    readlink_show("/sandbox/hello.txt", 100);
    report("stat via link", stat("/sandbox/link-to-hello", &st));
    printf("regular %d size %lld\n", S_ISREG(st.st_mode), (long long)st.st_size);
    report("lstat link", lstat("/sandbox/link-to-hello", &st));
    printf("symlink %d\n", S_ISLNK(st.st_mode));
    report("stat dangling", stat("/sandbox/dangling", &st));
    report("lstat dangling", lstat("/sandbox/dangling", &st));
    report("stat loop", stat("/sandbox/loop-a", &st));
    int fd = open("/sandbox/link-to-numbers/two.txt", O_RDONLY);
    report("open through dir link", fd);
    char buf[16] = {0};
    report("read", read(fd, buf, sizeof buf - 1));
    printf("content %s", buf);
    close(fd);
    report("open escaping link", open("/sandbox/out/passwd", O_RDONLY));
    report("O_NOFOLLOW on link", open("/sandbox/link-to-hello", O_RDONLY | O_NOFOLLOW));
    report("create through dangling", fd = open("/sandbox/dangling", O_CREAT | O_WRONLY, 0644));
    if (fd >= 0) close(fd);
    report("link (hard)", link("/sandbox/numbers/one.txt", "/sandbox/one-again"));
    report("stat hard link", stat("/sandbox/one-again", &st));
    printf("nlink %llu\n", (unsigned long long)st.st_nlink);
    report("link dir", link("/sandbox/numbers", "/sandbox/numbers-again"));
    report("unlink link", unlink("/sandbox/link-to-numbers"));
    report("rmdir link", rmdir("/sandbox/link-to-hello"));
    report("unlink loop-b", unlink("/sandbox/loop-b"));
    return 0;
}
