/*
 * Shared scaffolding for the benchmark kernels.
 *
 * Every kernel is one C file compiled twice from the same source: to
 * wasm32-wasi (one module per kernel, exports `run` and `checksum`) and
 * natively (all kernels in one static library, entry points
 * `kernel_<name>_run` / `kernel_<name>_checksum`).
 *
 * A kernel defines `static uint32_t iteration(uint32_t seed)`, one unit of
 * work returning a checksum of its result, and then writes
 * `KERNEL_ENTRY(name, expected)`. `run(n)` performs `n` iterations and
 * returns how many of them produced a checksum other than `expected`
 * (0 means every result was right); `checksum()` returns the last one.
 *
 * The seed passed to `iteration` is read from a volatile that is always 0,
 * so the compiler cannot prove that two iterations compute the same thing
 * and fold them together: every iteration really does the work.
 */
#ifndef KERNEL_H
#define KERNEL_H

#include <stddef.h>
#include <stdint.h>

/* Always 0; volatile so every read happens. */
static volatile uint32_t kernel_zero;

#ifdef __wasm__
#define KERNEL_EXPORT(name, what) \
    __attribute__((export_name(#what))) int32_t kernel_##name##_##what
#else
#define KERNEL_EXPORT(name, what) int32_t kernel_##name##_##what
#endif

#define KERNEL_ENTRY(name, expected)                                  \
    static uint32_t kernel_last_checksum;                             \
    KERNEL_EXPORT(name, checksum)(void) {                             \
        return (int32_t)kernel_last_checksum;                         \
    }                                                                 \
    KERNEL_EXPORT(name, run)(int32_t n) {                             \
        int32_t wrong = 0;                                            \
        for (int32_t i = 0; i < n; i++) {                             \
            kernel_last_checksum = iteration(kernel_zero);            \
            if (kernel_last_checksum != (uint32_t)(expected)) wrong++;\
        }                                                             \
        return wrong;                                                 \
    }

/* A small, fast pseudo-random generator (xorshift32); never returns 0
 * for a nonzero state. */
static inline uint32_t kernel_rand(uint32_t *state) {
    uint32_t x = *state;
    x ^= x << 13;
    x ^= x >> 17;
    x ^= x << 5;
    *state = x;
    return x;
}

/* Fold a 32-bit value into a running hash (FNV-1a over its 4 bytes). */
static inline uint32_t kernel_mix(uint32_t hash, uint32_t value) {
    for (int i = 0; i < 4; i++) {
        hash ^= (value >> (8 * i)) & 0xff;
        hash *= 16777619u;
    }
    return hash;
}

#define KERNEL_HASH_INIT 2166136261u

/* A double rounded to a multiple of 1/`scale`, as an integer: results of
 * floating-point kernels are compared after this rounding, so differences
 * in the last bits of libm results do not change the checksum. */
static inline uint32_t kernel_quantize(double value, double scale) {
    double scaled = value * scale;
    int64_t rounded = (int64_t)(scaled < 0 ? scaled - 0.5 : scaled + 0.5);
    return (uint32_t)rounded ^ (uint32_t)(rounded >> 32);
}

#endif
