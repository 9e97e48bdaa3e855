// A WASI command: lists the directory given as its argument (sorted),
// then prints the file `greeting.txt` from it. Exits with 2 when the
// directory cannot be read.
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int by_name(const void *a, const void *b) {
    return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(int argc, char **argv) {
    const char *dir_path = argc > 1 ? argv[1] : "/data";
    DIR *dir = opendir(dir_path);
    if (!dir) {
        perror(dir_path);
        return 2;
    }
    char *names[256];
    size_t count = 0;
    struct dirent *entry;
    while ((entry = readdir(dir)) != NULL && count < 256) {
        if (strcmp(entry->d_name, ".") == 0 || strcmp(entry->d_name, "..") == 0) continue;
        size_t len = strlen(entry->d_name);
        names[count] = malloc(len + 2);
        memcpy(names[count], entry->d_name, len);
        // Directories get a trailing slash.
        names[count][len] = entry->d_type == DT_DIR ? '/' : '\0';
        names[count][len + 1] = '\0';
        count++;
    }
    closedir(dir);
    qsort(names, count, sizeof names[0], by_name);
    printf("%s: %zu entries\n", dir_path, count);
    for (size_t i = 0; i < count; i++) {
        printf("  %s\n", names[i]);
        free(names[i]);
    }

    char path[512];
    snprintf(path, sizeof path, "%s/greeting.txt", dir_path);
    FILE *file = fopen(path, "r");
    if (!file) {
        perror(path);
        return 3;
    }
    char line[256];
    while (fgets(line, sizeof line, file)) printf("greeting.txt: %s", line);
    fclose(file);
    return 0;
}
