/* Hash table: open addressing with linear probing, 40000 inserts into
 * 65536 slots, then 80000 lookups (half hits, half misses). */
#include "kernel.h"

#define SLOTS 65536
#define INSERTS 40000
#define LOOKUPS 80000

struct slot {
    uint32_t key; /* 0 = empty */
    uint32_t value;
};

static struct slot table[SLOTS];
static uint32_t keys[INSERTS];

static uint32_t hash_key(uint32_t key) {
    key ^= key >> 16;
    key *= 0x7feb352du;
    key ^= key >> 15;
    key *= 0x846ca68bu;
    return key ^ (key >> 16);
}

static void insert(uint32_t key, uint32_t value) {
    uint32_t i = hash_key(key) & (SLOTS - 1);
    while (table[i].key != 0 && table[i].key != key) i = (i + 1) & (SLOTS - 1);
    table[i].key = key;
    table[i].value = value;
}

static const struct slot *find(uint32_t key) {
    uint32_t i = hash_key(key) & (SLOTS - 1);
    while (table[i].key != 0) {
        if (table[i].key == key) return &table[i];
        i = (i + 1) & (SLOTS - 1);
    }
    return NULL;
}

static uint32_t iteration(uint32_t seed) {
    uint32_t state = 0x6b43a9b5u ^ seed;
    for (int i = 0; i < SLOTS; i++) table[i].key = 0;
    for (int i = 0; i < INSERTS; i++) {
        keys[i] = kernel_rand(&state) | 1; /* odd keys, never 0 */
        insert(keys[i], (uint32_t)i);
    }
    uint32_t sum = 0, misses = 0;
    for (int i = 0; i < LOOKUPS; i++) {
        uint32_t key = i & 1 ? keys[kernel_rand(&state) % INSERTS] : kernel_rand(&state) & ~1u;
        const struct slot *s = find(key);
        if (s) sum += s->value; else misses++;
    }
    return kernel_mix(kernel_mix(KERNEL_HASH_INIT, sum), misses);
}

KERNEL_ENTRY(hashtable, 0x6f2680cf)
