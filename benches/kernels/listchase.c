/* Pointer chasing: a singly linked list of 65536 nodes in random order,
 * walked 8 times, plus lookups in an unbalanced binary search tree. */
#include "kernel.h"

#define NODES 65536
#define WALKS 8
#define TREE_NODES 16384
#define LOOKUPS 32768

struct node {
    struct node *next;
    uint32_t value;
};

struct tree {
    struct tree *left, *right;
    uint32_t key;
};

static struct node nodes[NODES];
static uint32_t order[NODES];
static struct tree tree_nodes[TREE_NODES];

static struct node *build_list(uint32_t *state) {
    for (uint32_t i = 0; i < NODES; i++) order[i] = i;
    for (uint32_t i = NODES - 1; i > 0; i--) { /* Fisher-Yates shuffle */
        uint32_t j = kernel_rand(state) % (i + 1);
        uint32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (uint32_t i = 0; i < NODES; i++) {
        struct node *n = &nodes[order[i]];
        n->value = i * 2654435761u;
        n->next = i + 1 < NODES ? &nodes[order[i + 1]] : NULL;
    }
    return &nodes[order[0]];
}

static struct tree *build_tree(uint32_t *state) {
    struct tree *root = NULL;
    for (uint32_t i = 0; i < TREE_NODES; i++) {
        struct tree *t = &tree_nodes[i];
        t->key = kernel_rand(state) % (TREE_NODES * 4);
        t->left = t->right = NULL;
        struct tree **slot = &root;
        while (*slot) slot = t->key < (*slot)->key ? &(*slot)->left : &(*slot)->right;
        *slot = t;
    }
    return root;
}

static uint32_t iteration(uint32_t seed) {
    uint32_t state = 0xdeadbeefu ^ seed;
    struct node *head = build_list(&state);
    uint32_t hash = KERNEL_HASH_INIT;
    for (int walk = 0; walk < WALKS; walk++) {
        uint32_t sum = 0;
        for (struct node *n = head; n; n = n->next) sum = sum * 31 + n->value;
        hash = kernel_mix(hash, sum);
    }
    struct tree *root = build_tree(&state);
    uint32_t found = 0;
    for (uint32_t i = 0; i < LOOKUPS; i++) {
        uint32_t key = kernel_rand(&state) % (TREE_NODES * 4);
        struct tree *t = root;
        while (t && t->key != key) t = key < t->key ? t->left : t->right;
        found += t != NULL;
    }
    return kernel_mix(hash, found);
}

KERNEL_ENTRY(listchase, 0xddff3d3d)
