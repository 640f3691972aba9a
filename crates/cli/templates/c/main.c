/*
 * {{name}}: a Trellis guest program in C.
 *
 * Input: n as 4 little-endian bytes (`trellis run ... --input-u32 N`); 10
 * without input.  Prints the sum of the squares 1^2 + ... + n^2 (mod 2^32)
 * and reveals it as the public output (4 little-endian bytes).
 */
#include <stdint.h>
#include <stdio.h>
#include "trellis.h"

int main(void)
{
    uint8_t buf[4];
    uint32_t n = 10;
    size_t got = trellis_read_exact(buf, sizeof buf);
    if (got == 4) {
        n = (uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 |
            (uint32_t)buf[3] << 24;
    } else if (got != 0) {
        fprintf(stderr, "input must be empty or n as 4 little-endian bytes, got %u bytes\n",
                (unsigned)got);
        return 2;
    }
    uint32_t sum = 0;
    for (uint32_t i = 1; i <= n && i != 0; i++)
        sum += i * i;
    printf("sum of squares 1..=%lu = %lu\n", (unsigned long)n, (unsigned long)sum);
    trellis_reveal_u32(sum);
    return 0;
}
