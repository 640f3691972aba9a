/* 256-bit modular arithmetic with the bigint precompile from C. The
 * input is records of 66 bytes: op (0 add, 1 sub, 2 mul), modulus index
 * (0..5), a and b (32 bytes little-endian each); reveals the results (32
 * bytes each; at most 32 records). Exit code 1 on a malformed record. */
#include <string.h>
#include "trellis.h"

int main(void)
{
    uint8_t rec[66];
    static trellis_u256 out[32];
    size_t n = 0;
    while (n < 32 && trellis_read_input(rec, sizeof rec) == sizeof rec) {
        trellis_u256 a, b;
        memcpy(a.limbs, rec + 2, 32);
        memcpy(b.limbs, rec + 34, 32);
        if (rec[1] > 4)
            return 1;
        trellis_modulus m = (trellis_modulus)rec[1];
        switch (rec[0]) {
        case 0: trellis_addmod(&out[n], &a, &b, m); break;
        case 1: trellis_submod(&out[n], &a, &b, m); break;
        case 2:
            /* In place: a = a * b. */
            trellis_mulmod(&a, &a, &b, m);
            out[n] = a;
            break;
        default: return 1;
        }
        n++;
    }
    trellis_reveal(out, 32 * n);
    return 0;
}
