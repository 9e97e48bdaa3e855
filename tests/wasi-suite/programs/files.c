// Regular files: create, write, read back, seek (SET/CUR/END, past the end), append,
// truncate (grow and shrink), pread/pwrite, O_EXCL, fstat sizes, fsync; errors as errno names.
//! args: files
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

static void show(const char *path) {
    char buf[256];
    int fd = open(path, O_RDONLY);
    ssize_t n = fd < 0 ? -1 : read(fd, buf, sizeof buf);
    if (n < 0) {
        printf("%s: unreadable: %s\n", path, strerror(errno));
    } else {
        printf("%s: %zd bytes [", path, n);
        for (ssize_t i = 0; i < n; i++)
            putchar(buf[i] >= 32 && buf[i] < 127 ? buf[i] : '.');
        printf("]\n");
    }
    if (fd >= 0)
        close(fd);
}

int main(void) {
    char buf[64];
    int fd = open("/sandbox/out.txt", O_CREAT | O_RDWR | O_TRUNC, 0644);
    report("open out.txt", fd);
    report("write", write(fd, "0123456789", 10));
    report("lseek SET 3", lseek(fd, 3, SEEK_SET));
    report("read 4", read(fd, buf, 4));
    printf("read gave %.4s\n", buf);
    report("lseek CUR -2", lseek(fd, -2, SEEK_CUR));
    report("write XY", write(fd, "XY", 2));
    report("lseek END 0", lseek(fd, 0, SEEK_END));
    report("lseek END 5", lseek(fd, 5, SEEK_END));
    report("write past end", write(fd, "Z", 1));
    report("lseek negative", lseek(fd, -100, SEEK_SET));
    report("pwrite at 1", pwrite(fd, "ab", 2, 1));
    report("pread at 0", pread(fd, buf, 8, 0));
    printf("pread gave %.8s\n", buf);
    report("tell after pread", lseek(fd, 0, SEEK_CUR));
    report("ftruncate 4", ftruncate(fd, 4));
    struct stat st;
    report("fstat", fstat(fd, &st));
    printf("size %lld regular %d\n", (long long)st.st_size, S_ISREG(st.st_mode));
    report("ftruncate 12", ftruncate(fd, 12));
    report("fsync", fsync(fd));
    report("fdatasync", fdatasync(fd));
    report("close", close(fd));
    show("/sandbox/out.txt");

    fd = open("/sandbox/out.txt", O_WRONLY | O_APPEND);
    report("open append", fd);
    report("lseek SET 0", lseek(fd, 0, SEEK_SET));
    report("append", write(fd, "END", 3));
    report("close", close(fd));
    show("/sandbox/out.txt");

    report("O_EXCL on existing", open("/sandbox/out.txt", O_CREAT | O_EXCL | O_WRONLY, 0644));
    report("open missing", open("/sandbox/missing.txt", O_RDONLY));
    report("O_TRUNC existing", fd = open("/sandbox/hello.txt", O_WRONLY | O_TRUNC));
    report("write", write(fd, "new", 3));
    close(fd);
    show("/sandbox/hello.txt");
    report("read a directory", (fd = open("/sandbox/numbers", O_RDONLY), read(fd, buf, 4)));
    close(fd);
    report("write to read-only fd", (fd = open("/sandbox/numbers/one.txt", O_RDONLY), write(fd, "x", 1)));
    close(fd);
    report("open dir for writing", open("/sandbox/empty", O_WRONLY));
    report("close bad fd", close(77));

    FILE *f = fopen("/sandbox/stdio.txt", "w+");
    for (int i = 0; i < 1000; i++)
        fprintf(f, "line %d\n", i);
    report("ftell", ftell(f));
    rewind(f);
    int lines = 0;
    while (fgets(buf, sizeof buf, f))
        lines++;
    printf("lines %d\n", lines);
    fclose(f);
    return 0;
}
