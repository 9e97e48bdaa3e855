// Directories: mkdir (nested, existing), readdir (names and types, sorted), rename of files
// and directories (over existing, into themselves), unlink, rmdir (non-empty, a file), stat.
//! args: dirs
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "report.h"

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

static void list(const char *path) {
    DIR *dir = opendir(path);
    if (!dir) {
        printf("opendir %s: %s\n", path, strerror(errno));
        return;
    }
    char *names[64];
    int count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) && count < 64) {
        char *line = malloc(300);
        snprintf(line, 300, "%s(%s)", entry->d_name,
                 entry->d_type == DT_DIR ? "dir" : entry->d_type == DT_REG ? "file"
                 : entry->d_type == DT_LNK ? "link" : "other");
        names[count++] = line;
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], by_name);
    printf("%s:", path);
    for (int i = 0; i < count; i++) {
        printf(" %s", names[i]);
        free(names[i]);
    }
    printf("\n");
}

static void touch(const char *path, const char *text) {
    int fd = open(path, O_CREAT | O_WRONLY | O_TRUNC, 0644);
    write(fd, text, strlen(text));
    close(fd);
}

int main(void) {
    list("/sandbox");
    report("mkdir a", mkdir("/sandbox/a", 0755));
    report("mkdir a again", mkdir("/sandbox/a", 0755));
    report("mkdir a/b/c (no b)", mkdir("/sandbox/a/b/c", 0755));
    report("mkdir a/b", mkdir("/sandbox/a/b", 0755));
    report("mkdir a/b/c", mkdir("/sandbox/a/b/c", 0755));
    for (int i = 0; i < 20; i++) {
        char path[64];
        snprintf(path, sizeof path, "/sandbox/a/file%02d", i);
        touch(path, path);
    }
    list("/sandbox/a");
    report("rename file", rename("/sandbox/a/file00", "/sandbox/a/b/moved"));
    report("rename over existing", rename("/sandbox/a/file01", "/sandbox/a/file02"));
    report("rename dir", rename("/sandbox/a/b", "/sandbox/a/bee"));
    report("rename dir into itself", rename("/sandbox/a", "/sandbox/a/bee/a"));
    report("rename missing", rename("/sandbox/nope", "/sandbox/nope2"));
    report("rename dir over file", rename("/sandbox/a/bee", "/sandbox/a/file03"));
    report("rename file over dir", rename("/sandbox/a/file03", "/sandbox/a/bee"));
    report("rmdir non-empty", rmdir("/sandbox/a"));
    report("rmdir a file", rmdir("/sandbox/a/file04"));
    report("unlink a dir", unlink("/sandbox/a/bee"));
    report("unlink file", unlink("/sandbox/a/file05"));
    report("unlink missing", unlink("/sandbox/a/file05"));
    report("rmdir empty", rmdir("/sandbox/empty"));
    report("rmdir /sandbox/.", rmdir("/sandbox/a/bee/c/."));
    struct stat st;
    report("stat dir", stat("/sandbox/a/bee", &st));
    printf("is dir %d\n", S_ISDIR(st.st_mode));
    report("stat file", stat("/sandbox/a/file02", &st));
    printf("size %lld nlink %llu\n", (long long)st.st_size, (unsigned long long)st.st_nlink);
    report("stat escape", stat("/sandbox/../etc/passwd", &st));
    report("open escape", open("/sandbox/a/../../x", O_CREAT | O_WRONLY, 0644));
    report("chdir", chdir("/sandbox/a"));
    report("relative open", open("file06", O_RDONLY) >= 0);
    list(".");
    list("/sandbox/a/bee");
    list("/sandbox");
    list("/sandbox/missing");
    return 0;
}
