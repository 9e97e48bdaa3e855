/* Integer bit manipulation: population count, leading/trailing zeros,
 * rotations, bit reversal, byte swaps and a Morton (Z-order) interleave. */
#include "kernel.h"

#define WORDS 200000

static uint32_t reverse_bits(uint32_t x) {
    x = (x >> 1 & 0x55555555u) | (x & 0x55555555u) << 1;
    x = (x >> 2 & 0x33333333u) | (x & 0x33333333u) << 2;
    x = (x >> 4 & 0x0f0f0f0fu) | (x & 0x0f0f0f0fu) << 4;
    x = (x >> 8 & 0x00ff00ffu) | (x & 0x00ff00ffu) << 8;
    return x >> 16 | x << 16;
}

static uint64_t spread_bits(uint32_t x) {
    uint64_t v = x;
    v = (v | v << 16) & 0x0000ffff0000ffffull;
    v = (v | v << 8) & 0x00ff00ff00ff00ffull;
    v = (v | v << 4) & 0x0f0f0f0f0f0f0f0full;
    v = (v | v << 2) & 0x3333333333333333ull;
    v = (v | v << 1) & 0x5555555555555555ull;
    return v;
}

static uint32_t iteration(uint32_t seed) {
    uint32_t state = 0x7f4a7c15u ^ seed;
    uint32_t acc = 0;
    uint64_t wide = 0;
    for (int i = 0; i < WORDS; i++) {
        uint32_t x = kernel_rand(&state);
        uint32_t y = kernel_rand(&state);
        acc += (uint32_t)__builtin_popcount(x);
        acc += (uint32_t)__builtin_clz(x | 1) * 3;
        acc += (uint32_t)__builtin_ctz(y | 0x80000000u) * 5;
        acc ^= (x << (y & 31)) | (x >> ((32 - (y & 31)) & 31));
        acc += reverse_bits(x ^ acc) ^ __builtin_bswap32(y);
        uint64_t morton = spread_bits(x) | spread_bits(y) << 1;
        wide += morton ^ (morton >> 29);
        wide = (wide << 7 | wide >> 57) + (uint64_t)__builtin_popcountll(morton);
    }
    return acc ^ (uint32_t)wide ^ (uint32_t)(wide >> 32);
}

KERNEL_ENTRY(bitops, 0xb34a6a58)
