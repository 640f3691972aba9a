/* SHA-256 of the input with the sha256compress precompile from C: one
 * call and incrementally in chunks of 1..97 bytes (must agree); reveals
 * the 32-byte digest. Exit code 1 if the two digests differ. */
#include <stdlib.h>
#include <string.h>
#include "trellis.h"

int main(void)
{
    size_t cap = 1 << 16, len = 0, n;
    uint8_t *data = malloc(cap);
    while ((n = trellis_read_input(data + len, cap - len)) > 0) {
        len += n;
        if (len == cap) {
            cap *= 2;
            data = realloc(data, cap);
        }
    }
    uint8_t one_shot[32], incremental[32];
    trellis_sha256(data, len, one_shot);
    trellis_sha256_ctx ctx;
    trellis_sha256_init(&ctx);
    size_t at = 0, step = 1;
    while (at < len) {
        size_t take = step < len - at ? step : len - at;
        trellis_sha256_update(&ctx, data + at, take);
        at += take;
        step = step % 97 + 1;
    }
    trellis_sha256_final(&ctx, incremental);
    if (memcmp(one_shot, incremental, 32) != 0)
        return 1;
    trellis_reveal(one_shot, 32);
    return 0;
}
