/* Bulk memory: memset and memcpy of blocks from 16 bytes to 64 KiB within a
 * 256 KiB buffer, then memcmp and memmove. */
#include <string.h>

#include "kernel.h"

#define BYTES 262144

static uint8_t source[BYTES], target[BYTES];

static uint32_t iteration(uint32_t seed) {
    uint32_t state = 0x0badf00du ^ seed;
    memset(source, (int)(seed + 0x5a), BYTES);
    for (uint32_t i = 0; i < BYTES; i += 4096) source[i] = (uint8_t)(i >> 12);
    uint32_t hash = KERNEL_HASH_INIT;
    for (int round = 0; round < 400; round++) {
        uint32_t size = 16u << (kernel_rand(&state) % 13); /* 16 B .. 64 KiB */
        uint32_t from = kernel_rand(&state) % (BYTES - size);
        uint32_t to = kernel_rand(&state) % (BYTES - size);
        if (round % 3 == 0) {
            memset(target + to, round & 0xff, size);
        } else {
            memcpy(target + to, source + from, size);
        }
        hash = kernel_mix(hash, target[to + size / 2]);
    }
    memmove(target + 1, target, BYTES - 1);
    hash = kernel_mix(hash, (uint32_t)(memcmp(source, target, BYTES) > 0));
    for (uint32_t i = 0; i < BYTES; i += 1024) hash = kernel_mix(hash, target[i]);
    return hash;
}

KERNEL_ENTRY(memops, 0x528150ab)
