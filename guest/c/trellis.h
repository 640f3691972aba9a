/*
 * Trellis guest runtime for C (RV32IM).  See docs/guest-abi.md.
 *
 * Build (what `trellis build` does):
 *   riscv64-unknown-elf-gcc -march=rv32im -mabi=ilp32 --specs=picolibc.specs \
 *       -nostartfiles -T guest/trellis.ld -O2 -I guest/c \
 *       guest/c/crt0.S guest/c/trellis.c prog.c -o prog.elf
 *
 * stdout and stderr (printf, puts, fputs, ...) are buffered in the guest and
 * written with the `write` call (64): stdout when its buffer is full, stderr
 * at each newline, both on fflush(), before trellis_write() to the same fd,
 * and at exit (return from main, exit(), trellis_exit()).  stdin reads the
 * private input stream.  malloc() takes memory from the heap
 * (__heap_start .. __heap_end).
 */
#ifndef TRELLIS_H
#define TRELLIS_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Call numbers (register a7). */
#define TRELLIS_SYS_READ          63u          /* Linux read, used only as fallback */
#define TRELLIS_SYS_WRITE         64u
#define TRELLIS_SYS_EXIT          93u
#define TRELLIS_SYS_READ_INPUT    0x54520001u
#define TRELLIS_SYS_REVEAL        0x54520003u

/* Linux answers the Trellis calls with -ENOSYS; the runtime then falls back
   to read(0) for input and write(3) for revealed bytes. */
#define TRELLIS_ENOSYS            (-38)
#define TRELLIS_REVEAL_FALLBACK_FD 3

/* Flushes stdout/stderr and stops the machine with `code`. */
__attribute__((noreturn)) void trellis_exit(int code);

/* write(fd, buf, len) for fd 1 (stdout) or 2 (stderr).  Flushes that
   stream's buffer first so output keeps its order.  Returns len, or a
   negative error (-9 for another fd). */
long trellis_write(int fd, const void *buf, size_t len);

/* Copies up to `cap` next bytes of the private input into buf.  Returns the
   number of bytes copied, 0 at end of input. */
size_t trellis_read_input(void *buf, size_t cap);

/* Reads until `len` bytes or end of input; returns the number read. */
size_t trellis_read_exact(void *buf, size_t len);

/* Appends bytes to the public output. */
void trellis_reveal(const void *buf, size_t len);

/* Appends the 4 little-endian bytes of `value` to the public output. */
void trellis_reveal_u32(uint32_t value);

/* Print helpers (buffered, like printf, but much smaller). */
void trellis_print(const char *s);          /* stdout */
void trellis_eprint(const char *s);         /* stderr */
void trellis_print_u32(uint32_t value);     /* decimal, stdout */
void trellis_print_hex(const void *buf, size_t len); /* lowercase hex, stdout */

/* Raw ecall wrappers. */
static inline long trellis_ecall1(uint32_t n, long a0)
{
    register long r_a0 __asm__("a0") = a0;
    register uint32_t r_a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a7) : "memory");
    return r_a0;
}

static inline long trellis_ecall2(uint32_t n, long a0, long a1)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register uint32_t r_a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a7) : "memory");
    return r_a0;
}

static inline long trellis_ecall3(uint32_t n, long a0, long a1, long a2)
{
    register long r_a0 __asm__("a0") = a0;
    register long r_a1 __asm__("a1") = a1;
    register long r_a2 __asm__("a2") = a2;
    register uint32_t r_a7 __asm__("a7") = n;
    __asm__ volatile("ecall" : "+r"(r_a0) : "r"(r_a1), "r"(r_a2), "r"(r_a7) : "memory");
    return r_a0;
}

/* SHA-256 through the sha256compress precompile (docs/guest-abi.md). The
 * state is eight native uint32_t words H0..H7; the digest is their
 * big-endian bytes. */
typedef struct {
    uint32_t state[8];
    uint8_t buffer[64] __attribute__((aligned(4)));
    uint32_t buffered;
    uint64_t length;
} trellis_sha256_ctx;

/* One compression: `block` is 64 bytes, 4-aligned. */
static inline void trellis_sha256_compress(uint32_t state[8], const void *block)
{
    __asm__ volatile(".insn r 0x0B, 1, 0, x0, %0, %1" : : "r"(state), "r"(block) : "memory");
}

void trellis_sha256_init(trellis_sha256_ctx *ctx);
void trellis_sha256_update(trellis_sha256_ctx *ctx, const void *data, size_t len);
void trellis_sha256_final(trellis_sha256_ctx *ctx, uint8_t out[32]);
void trellis_sha256(const void *data, size_t len, uint8_t out[32]);

/* Keccak-256 (original Keccak padding) on the keccakf precompile
 * (custom-0, funct3 0; Trellis only: an illegal instruction under qemu).
 * docs/guest-abi.md, "Precompiles: Keccak-256". */
#define TRELLIS_KECCAK_RATE 136

/* Keccak-f[1600] in place on 25 little-endian lanes (one instruction). */
static inline void trellis_keccakf(uint64_t state[25])
{
    __asm__ volatile(".insn r 0x0b, 0, 0, x0, %0, x0" : : "r"(state) : "memory");
}

/* Incremental Keccak-256: init, update any number of times, final. */
typedef struct {
    uint64_t state[25];
    uint32_t buf[TRELLIS_KECCAK_RATE / 4];
    size_t len;
} trellis_keccak256_ctx;

void trellis_keccak256_init(trellis_keccak256_ctx *ctx);
void trellis_keccak256_update(trellis_keccak256_ctx *ctx, const void *data, size_t len);
void trellis_keccak256_final(trellis_keccak256_ctx *ctx, uint8_t out[32]);

/* Keccak-256 of `len` bytes at `data`. */
void trellis_keccak256(const void *data, size_t len, uint8_t out[32]);

/* 256-bit modular arithmetic on the bigint precompile (custom-1; Trellis
 * only: an illegal instruction under qemu). docs/guest-abi.md,
 * "Precompiles: 256-bit modular arithmetic". A number is eight uint32_t
 * limbs, least significant first (32 little-endian bytes, 4-aligned).
 * Operands may be any 256-bit values; results are canonical (below the
 * modulus); `r` may be `a` or `b`. Each call is one instruction. */
typedef struct {
    uint32_t limbs[8];
} trellis_u256;

/* The moduli (the instruction's funct7). */
typedef enum {
    TRELLIS_SECP256K1_P = 0, /* 2^256 - 2^32 - 977 */
    TRELLIS_SECP256K1_N = 1, /* secp256k1's group order */
    TRELLIS_CURVE25519_P = 2, /* 2^255 - 19 */
    TRELLIS_BN254_P = 3,     /* BN254's base field */
    TRELLIS_BN254_R = 4,     /* BN254's scalar field */
} trellis_modulus;

#define TRELLIS_BIGINT_INSN(f3, f7, r, a, b)                                        \
    __asm__ volatile(".insn r 0x2B, " #f3 ", " #f7 ", %0, %1, %2"                  \
                     :                                                             \
                     : "r"(r), "r"(a), "r"(b)                                      \
                     : "memory")

#define TRELLIS_BIGINT_SWITCH(f3, m, r, a, b)                                       \
    switch (m) {                                                                   \
    case TRELLIS_SECP256K1_P: TRELLIS_BIGINT_INSN(f3, 0, r, a, b); break;          \
    case TRELLIS_SECP256K1_N: TRELLIS_BIGINT_INSN(f3, 1, r, a, b); break;          \
    case TRELLIS_CURVE25519_P: TRELLIS_BIGINT_INSN(f3, 2, r, a, b); break;         \
    case TRELLIS_BN254_P: TRELLIS_BIGINT_INSN(f3, 3, r, a, b); break;              \
    default: TRELLIS_BIGINT_INSN(f3, 4, r, a, b); break;                           \
    }

/* r = (a + b) mod m. */
static inline void trellis_addmod(trellis_u256 *r, const trellis_u256 *a, const trellis_u256 *b,
                                  trellis_modulus m)
{
    TRELLIS_BIGINT_SWITCH(0, m, r, a, b)
}

/* r = (a - b) mod m. */
static inline void trellis_submod(trellis_u256 *r, const trellis_u256 *a, const trellis_u256 *b,
                                  trellis_modulus m)
{
    TRELLIS_BIGINT_SWITCH(1, m, r, a, b)
}

/* r = a * b mod m. */
static inline void trellis_mulmod(trellis_u256 *r, const trellis_u256 *a, const trellis_u256 *b,
                                  trellis_modulus m)
{
    TRELLIS_BIGINT_SWITCH(2, m, r, a, b)
}

#ifdef __cplusplus
}
#endif

#endif /* TRELLIS_H */
