/* 2-D five-point Jacobi stencil on a 256x256 float grid, 8 sweeps. */
#include "kernel.h"

#define N 256
#define SWEEPS 8

static float grid[2][N][N];

static uint32_t iteration(uint32_t seed) {
    uint32_t state = 0x2545f491u ^ seed;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            grid[0][i][j] = (float)(kernel_rand(&state) & 0x3ff) * (1.0f / 1024.0f);
            grid[1][i][j] = grid[0][i][j];
        }
    }
    int from = 0;
    for (int sweep = 0; sweep < SWEEPS; sweep++) {
        int to = 1 - from;
        for (int i = 1; i < N - 1; i++) {
            for (int j = 1; j < N - 1; j++) {
                grid[to][i][j] = 0.2f * (grid[from][i][j] + grid[from][i - 1][j] +
                                         grid[from][i + 1][j] + grid[from][i][j - 1] +
                                         grid[from][i][j + 1]);
            }
        }
        from = to;
    }
    /* Single-precision IEEE arithmetic without contraction is exact to
     * reproduce; the sum is rounded anyway. */
    double sum = 0.0;
    for (int i = 0; i < N; i++) {
        for (int j = 0; j < N; j++) {
            sum += (double)grid[from][i][j] * (double)((i * 7 + j) & 15);
        }
    }
    return kernel_quantize(sum, 1000.0);
}

KERNEL_ENTRY(stencil, 0x0ea8c5cf)
