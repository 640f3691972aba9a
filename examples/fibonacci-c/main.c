/*
 * Iterative Fibonacci modulo 2^32 (C version of examples/fibonacci).
 *
 * Input (optional): n as 4 little-endian bytes; default 1000.
 * Output: prints "fibonacci(n) = F(n) mod 2^32", reveals it as 4
 * little-endian bytes.  F(0) = 0, F(1) = 1.
 */
#include <stdint.h>
#include <stdio.h>

#include "trellis.h"

#define DEFAULT_N 1000u

int main(void)
{
    uint8_t buf[4];
    uint32_t n;
    size_t got = trellis_read_exact(buf, sizeof buf);
    if (got == 0) {
        n = DEFAULT_N;
    } else if (got == 4) {
        n = (uint32_t)buf[0] | (uint32_t)buf[1] << 8 | (uint32_t)buf[2] << 16 |
            (uint32_t)buf[3] << 24;
    } else {
        fprintf(stderr, "input must be empty or n as 4 little-endian bytes, got %u bytes\n",
                (unsigned)got);
        return 1;
    }

    uint32_t a = 0, b = 1;
    for (uint32_t i = 0; i < n; i++) {
        uint32_t c = a + b;
        a = b;
        b = c;
    }
    printf("fibonacci(%lu) = %lu\n", (unsigned long)n, (unsigned long)a);
    trellis_reveal_u32(a);
    return 0;
}
