#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Lists the preopened /data sorted, prints one file, and tries to leave the sandbox. */
static int compare(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

int main(int argc, char **argv) {
  DIR *dir = opendir("/data");
  if (!dir) { perror("opendir"); return 1; }
  char *names[64];
  int count = 0;
  struct dirent *entry;
  while ((entry = readdir(dir)) && count < 64)
    if (entry->d_name[0] != '.') names[count++] = strdup(entry->d_name);
  closedir(dir);
  qsort(names, count, sizeof names[0], compare);
  for (int i = 0; i < count; i++) printf("%s\n", names[i]);
  FILE *file = fopen("/data/hello.txt", "r");
  char line[64];
  if (!file || !fgets(line, sizeof line, file)) { perror("hello.txt"); return 2; }
  printf("%s", line);
  fclose(file);
  if (fopen("/data/../secret", "r") || fopen("/etc/passwd", "r")) { printf("escaped\n"); return 3; }
  if (fopen("/data/new.txt", "w")) { printf("wrote to a read-only preopen\n"); return 4; }
  printf("argc=%d %s\n", argc, argc > 1 ? argv[1] : "");
  return 42;
}
