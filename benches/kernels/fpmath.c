/* Floating-point math through libm: sin, cos, exp, log, pow, sqrt, atan2. */
#include <math.h>

#include "kernel.h"

#define STEPS 20000

static uint32_t iteration(uint32_t seed) {
    double sum = 0.0;
    double offset = (double)seed;
    for (int i = 1; i <= STEPS; i++) {
        double x = (double)i * 0.00037 + offset;
        sum += sin(x) * cos(x * 0.5);
        sum += exp(-x) + log(1.0 + x);
        sum += pow(x, 1.25) * 1e-3;
        sum += sqrt(x) - atan2(x, 1.0 + x);
    }
    /* libm results may differ in the last bit between C libraries: compare
     * the sum rounded to 1e-4. */
    return kernel_quantize(sum, 1e4);
}

KERNEL_ENTRY(fpmath, 0x2462981e)
