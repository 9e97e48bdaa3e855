/* Indirect calls: a tiny interpreter that dispatches every instruction
 * through a table of function pointers, and a comparison-driven insertion
 * into sorted runs through a comparator pointer. */
#include "kernel.h"

#define PROGRAM 4096
#define RUNS 24

typedef uint32_t (*op_fn)(uint32_t acc, uint32_t operand);

static uint32_t op_add(uint32_t acc, uint32_t v) { return acc + v; }
static uint32_t op_sub(uint32_t acc, uint32_t v) { return acc - v; }
static uint32_t op_xor(uint32_t acc, uint32_t v) { return acc ^ v; }
static uint32_t op_mul(uint32_t acc, uint32_t v) { return acc * (v | 1); }
static uint32_t op_rotl(uint32_t acc, uint32_t v) { return acc << (v & 31) | acc >> ((32 - (v & 31)) & 31); }
static uint32_t op_shr(uint32_t acc, uint32_t v) { return acc >> (v & 7); }
static uint32_t op_or(uint32_t acc, uint32_t v) { return acc | (v & 0x0101); }
static uint32_t op_not(uint32_t acc, uint32_t v) { return ~acc + (v & 1); }

static op_fn ops[8] = {op_add, op_sub, op_xor, op_mul, op_rotl, op_shr, op_or, op_not};
static uint8_t opcodes[PROGRAM];
static uint32_t operands[PROGRAM];

typedef int (*compare_fn)(uint32_t, uint32_t);
static int ascending(uint32_t a, uint32_t b) { return a < b ? -1 : a > b; }
static int descending(uint32_t a, uint32_t b) { return ascending(b, a); }
static compare_fn comparators[2] = {ascending, descending};
static uint32_t sorted[512];

static uint32_t iteration(uint32_t seed) {
    uint32_t state = 0x3c6ef372u ^ seed;
    for (int i = 0; i < PROGRAM; i++) {
        opcodes[i] = (uint8_t)(kernel_rand(&state) & 7);
        operands[i] = kernel_rand(&state);
    }
    uint32_t acc = 1;
    for (int run = 0; run < RUNS; run++) {
        for (int pc = 0; pc < PROGRAM; pc++) acc = ops[opcodes[pc]](acc, operands[pc]);
    }
    uint32_t hash = kernel_mix(KERNEL_HASH_INIT, acc);
    for (int pass = 0; pass < 2; pass++) {
        compare_fn compare = comparators[(pass + seed) & 1];
        for (int i = 0; i < 512; i++) {
            uint32_t x = kernel_rand(&state) & 0xffff;
            int j = i;
            while (j > 0 && compare(sorted[j - 1], x) > 0) {
                sorted[j] = sorted[j - 1];
                j--;
            }
            sorted[j] = x;
        }
        for (int i = 0; i < 512; i += 16) hash = kernel_mix(hash, sorted[i]);
    }
    return hash;
}

KERNEL_ENTRY(indirect, 0x749e402b)
