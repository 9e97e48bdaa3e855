/*
 * Trap landings for wasmlite-rt.
 *
 * A landing is a sigjmp_buf on the stack of wasmlite_call_with_landing. The
 * runtime enters wasm code through it; a trap (the trap libcall, a fault
 * caught by the signal handler, or a panicking host import) jumps back to it
 * with wasmlite_jump_to_landing, discarding the wasm frames in between.
 *
 * sigsetjmp is called with savemask = 0: saving and restoring the signal mask
 * would cost two system calls per call into wasm. The fault handler is
 * installed with SA_NODEFER, so jumping out of it leaves the mask unchanged.
 */
#include <setjmp.h>

/*
 * Stores the address of a fresh landing in *landing_slot, then runs
 * body(data). Returns 0 if body returned normally, 1 if something jumped to
 * the landing.
 */
int wasmlite_call_with_landing(void (*body)(void *), void *data, void **landing_slot) {
    sigjmp_buf landing;
    if (sigsetjmp(landing, 0) != 0) {
        return 1;
    }
    *landing_slot = (void *)&landing;
    body(data);
    return 0;
}

/* Resumes the landing stored by wasmlite_call_with_landing. Never returns. */
__attribute__((noreturn)) void wasmlite_jump_to_landing(void *landing) {
    siglongjmp(*(sigjmp_buf *)landing, 1);
}
