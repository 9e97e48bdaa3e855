// A program that traps after writing to stdout (unflushed) and stderr: both engines must
// report a trap, and what was written before it.
//! args: trap
#include <stdio.h>
#include <unistd.h>

int main(int argc, char **argv) {
    printf("buffered, lost at the trap\n");
    write(1, "written\n", 8);
    fprintf(stderr, "about to trap\n");
    if (argc > 0)
        __builtin_trap();
    return 0;
}
