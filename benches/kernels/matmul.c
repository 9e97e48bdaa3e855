/* Dense matrix multiply: C = A * B for 128x128 doubles (i-k-j loop order). */
#include "kernel.h"

#define N 128

static double a[N][N], b[N][N], c[N][N];

static uint32_t iteration(uint32_t seed) {
    uint32_t state = 0x9e3779b9u ^ seed;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            a[i][j] = (double)(kernel_rand(&state) & 0xff) / 64.0 - 2.0;
            b[i][j] = (double)(kernel_rand(&state) & 0xff) / 64.0 - 2.0;
            c[i][j] = 0.0;
        }
    }
    for (int i = 0; i < N; i++) {
        for (int k = 0; k < N; k++) {
            double aik = a[i][k];
            for (int j = 0; j < N; j++) {
                c[i][j] += aik * b[k][j];
            }
        }
    }
    /* Products of multiples of 1/64 summed 128 times are exact. */
    uint32_t hash = KERNEL_HASH_INIT;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            hash = kernel_mix(hash, kernel_quantize(c[i][j], 4096.0));
        }
    }
    return hash;
}

KERNEL_ENTRY(matmul, 0x4a24c598)
