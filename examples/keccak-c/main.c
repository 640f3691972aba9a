/*
 * Keccak-256 of the whole private input on the keccakf precompile (C
 * version of examples/keccak-input).
 *
 * Input: the length n as 4 little-endian bytes, then n bytes.
 * Output: reveals 64 bytes: trellis_keccak256(input), then the digest of
 * the same bytes fed to trellis_keccak256_update in chunks of 1, 7, 136,
 * 135, 0, 300 and 64 bytes (repeating).
 */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "trellis.h"

int main(void)
{
    uint8_t n[4];
    if (trellis_read_exact(n, 4) != 4) {
        fprintf(stderr, "input must start with its length as 4 little-endian bytes\n");
        return 1;
    }
    size_t len = (size_t)n[0] | (size_t)n[1] << 8 | (size_t)n[2] << 16 | (size_t)n[3] << 24;
    uint8_t *input = malloc(len + 1);
    if (input == NULL) {
        fprintf(stderr, "out of memory\n");
        return 1;
    }
    if (trellis_read_exact(input, len) != len) {
        fprintf(stderr, "input shorter than its length\n");
        return 1;
    }

    uint8_t one_shot[32], incremental[32];
    trellis_keccak256(input, len, one_shot);

    static const size_t chunks[] = {1, 7, 136, 135, 0, 300, 64};
    trellis_keccak256_ctx ctx;
    trellis_keccak256_init(&ctx);
    size_t at = 0;
    for (size_t i = 0; at < len; i = (i + 1) % 7) {
        size_t n = chunks[i] < len - at ? chunks[i] : len - at;
        trellis_keccak256_update(&ctx, input + at, n);
        at += n;
    }
    trellis_keccak256_final(&ctx, incremental);

    printf("keccak256 of %lu input bytes\n", (unsigned long)len);
    trellis_reveal(one_shot, 32);
    trellis_reveal(incremental, 32);
    return 0;
}
