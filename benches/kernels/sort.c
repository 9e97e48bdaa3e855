/* Quicksort (median of three, insertion sort below 16) of 32768 integers. */
#include "kernel.h"

#define N 32768

static uint32_t data[N];

static void insertion_sort(uint32_t *v, int n) {
    for (int i = 1; i < n; i++) {
        uint32_t x = v[i];
        int j = i - 1;
        while (j >= 0 && v[j] > x) {
            v[j + 1] = v[j];
            j--;
        }
        v[j + 1] = x;
    }
}

static void swap(uint32_t *x, uint32_t *y) {
    uint32_t t = *x;
    *x = *y;
    *y = t;
}

static void quicksort(uint32_t *v, int n) {
    while (n > 16) {
        int mid = n / 2;
        if (v[mid] < v[0]) swap(&v[mid], &v[0]);
        if (v[n - 1] < v[0]) swap(&v[n - 1], &v[0]);
        if (v[n - 1] < v[mid]) swap(&v[n - 1], &v[mid]);
        uint32_t pivot = v[mid];
        int i = 0, j = n - 1;
        for (;;) {
            while (v[i] < pivot) i++;
            while (v[j] > pivot) j--;
            if (i >= j) break;
            swap(&v[i], &v[j]);
            i++;
            j--;
        }
        /* Recurse into the smaller half, loop on the larger one. */
        if (j + 1 < n - j - 1) {
            quicksort(v, j + 1);
            v += j + 1;
            n -= j + 1;
        } else {
            quicksort(v + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    insertion_sort(v, n);
}

static uint32_t iteration(uint32_t seed) {
    uint32_t state = 0x1234567u ^ seed;
    for (int i = 0; i < N; i++) data[i] = kernel_rand(&state) % 1000003u;
    quicksort(data, N);
    uint32_t hash = KERNEL_HASH_INIT;
    for (int i = 0; i < N; i++) {
        if (i > 0 && data[i - 1] > data[i]) return 0; /* not sorted */
        if ((i & 63) == 0) hash = kernel_mix(hash, data[i]);
    }
    return hash;
}

KERNEL_ENTRY(sort, 0x80a4e3b8)
