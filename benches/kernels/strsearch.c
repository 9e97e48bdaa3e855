/* String search: count occurrences of 16 patterns in 64 KiB of text over a
 * 4-letter alphabet, with Boyer-Moore-Horspool. */
#include "kernel.h"

#define TEXT_BYTES 65536
#define PATTERNS 16

static char text[TEXT_BYTES];
static char patterns[PATTERNS][24];

static uint32_t horspool(const char *hay, uint32_t hay_len, const char *needle, uint32_t len) {
    uint32_t shift[256];
    for (int i = 0; i < 256; i++) shift[i] = len;
    for (uint32_t i = 0; i + 1 < len; i++) shift[(uint8_t)needle[i]] = len - 1 - i;
    uint32_t count = 0;
    uint32_t pos = 0;
    while (pos + len <= hay_len) {
        uint32_t k = len;
        while (k > 0 && hay[pos + k - 1] == needle[k - 1]) k--;
        if (k == 0) count++;
        pos += shift[(uint8_t)hay[pos + len - 1]];
    }
    return count;
}

static uint32_t iteration(uint32_t seed) {
    static const char alphabet[4] = {'a', 'c', 'g', 't'};
    uint32_t state = 0xc0ffee11u ^ seed;
    for (int i = 0; i < TEXT_BYTES; i++) text[i] = alphabet[kernel_rand(&state) >> 30];
    uint32_t hash = KERNEL_HASH_INIT;
    for (int p = 0; p < PATTERNS; p++) {
        /* Patterns of length 4..19 copied from the text, so most occur. */
        uint32_t len = 4 + (uint32_t)p;
        uint32_t from = kernel_rand(&state) % (TEXT_BYTES - 32);
        for (uint32_t i = 0; i < len; i++) patterns[p][i] = text[from + i];
        hash = kernel_mix(hash, horspool(text, TEXT_BYTES, patterns[p], len));
    }
    return hash;
}

KERNEL_ENTRY(strsearch, 0xcbb53253)
