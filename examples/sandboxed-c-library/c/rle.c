// A small compression library, built as a WebAssembly reactor: run-length
// encoding of bytes as (count, byte) pairs, count 1..255. The host passes
// buffers through the library's memory: it allocates them with the
// exported `malloc`, copies in, calls, copies out and `free`s them.
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#define EXPORT(name) __attribute__((export_name(name)))

// The most bytes encoding `len` bytes can produce.
EXPORT("rle_max_encoded_len") size_t rle_max_encoded_len(size_t len) {
    return 2 * len;
}

// Encodes `len` bytes at `src` into `dst` (room for rle_max_encoded_len(len)
// bytes); returns the encoded length.
EXPORT("rle_encode") size_t rle_encode(const uint8_t *src, size_t len, uint8_t *dst) {
    size_t out = 0;
    for (size_t i = 0; i < len;) {
        uint8_t byte = src[i];
        size_t run = 1;
        while (i + run < len && src[i + run] == byte && run < 255) run++;
        dst[out++] = (uint8_t)run;
        dst[out++] = byte;
        i += run;
    }
    return out;
}

// The decoded length of the `len` encoded bytes at `src`, or -1 when they
// are not a valid encoding (and why, on stderr).
EXPORT("rle_decoded_len") long rle_decoded_len(const uint8_t *src, size_t len) {
    if (len % 2 != 0) {
        fprintf(stderr, "rle: odd length %zu\n", len);
        return -1;
    }
    long total = 0;
    for (size_t i = 0; i < len; i += 2) {
        if (src[i] == 0) {
            fprintf(stderr, "rle: zero count at byte %zu\n", i);
            return -1;
        }
        total += src[i];
    }
    return total;
}

// Decodes the valid encoding of `len` bytes at `src` into `dst` (room for
// rle_decoded_len bytes); returns the decoded length.
EXPORT("rle_decode") size_t rle_decode(const uint8_t *src, size_t len, uint8_t *dst) {
    size_t out = 0;
    for (size_t i = 0; i + 1 < len; i += 2)
        for (uint8_t n = 0; n < src[i]; n++) dst[out++] = src[i + 1];
    return out;
}

// The host's allocator for buffers in this memory.
EXPORT("malloc") void *export_malloc(size_t size) { return malloc(size); }
EXPORT("free") void export_free(void *ptr) { free(ptr); }
