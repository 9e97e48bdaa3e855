/* Dynamic programming: Levenshtein distance between two 1200-character
 * strings, one row at a time. */
#include "kernel.h"

#define LEN 1200

static uint8_t left[LEN], right[LEN];
static uint32_t row[LEN + 1];

static uint32_t min3(uint32_t a, uint32_t b, uint32_t c) {
    uint32_t m = a < b ? a : b;
    return m < c ? m : c;
}

static uint32_t edit_distance(const uint8_t *s, const uint8_t *t, int n, int m) {
    for (int j = 0; j <= m; j++) row[j] = (uint32_t)j;
    for (int i = 1; i <= n; i++) {
        uint32_t diagonal = row[0];
        row[0] = (uint32_t)i;
        for (int j = 1; j <= m; j++) {
            uint32_t above = row[j];
            uint32_t cost = s[i - 1] == t[j - 1] ? 0 : 1;
            row[j] = min3(above + 1, row[j - 1] + 1, diagonal + cost);
            diagonal = above;
        }
    }
    return row[m];
}

static uint32_t iteration(uint32_t seed) {
    uint32_t state = 0x51ed270bu ^ seed;
    for (int i = 0; i < LEN; i++) {
        left[i] = (uint8_t)('a' + kernel_rand(&state) % 8);
        /* The right string is a mutated copy of the left one. */
        right[i] = kernel_rand(&state) % 4 == 0 ? (uint8_t)('a' + kernel_rand(&state) % 8) : left[i];
    }
    uint32_t hash = KERNEL_HASH_INIT;
    hash = kernel_mix(hash, edit_distance(left, right, LEN, LEN));
    hash = kernel_mix(hash, edit_distance(right, left, LEN / 2, LEN));
    return hash;
}

KERNEL_ENTRY(editdist, 0x8fad2c0b)
