/* Deep recursion and many small calls: naive Fibonacci, Takeuchi's function
 * and a recursive walk down 10000 frames. */
#include "kernel.h"

__attribute__((noinline)) static uint32_t fib(uint32_t n) {
    return n < 2 ? n : fib(n - 1) + fib(n - 2);
}

__attribute__((noinline)) static int32_t tak(int32_t x, int32_t y, int32_t z) {
    return y < x ? tak(tak(x - 1, y, z), tak(y - 1, z, x), tak(z - 1, x, y)) : z;
}

/* Not a tail call: the addition happens after the return. */
__attribute__((noinline)) static uint32_t depth(uint32_t n, uint32_t acc) {
    if (n == 0) return acc;
    return depth(n - 1, acc * 3 + n) + (n & 1);
}

static uint32_t iteration(uint32_t seed) {
    uint32_t hash = KERNEL_HASH_INIT;
    hash = kernel_mix(hash, fib(24 + seed));
    hash = kernel_mix(hash, (uint32_t)tak(16 + (int32_t)seed, 10, 4));
    for (uint32_t i = 0; i < 8; i++) hash = kernel_mix(hash, depth(10000 + i + seed, i));
    return hash;
}

KERNEL_ENTRY(recursion, 0xf8baeafe)
