/*
 * Trellis guest runtime for C: the calls of trellis.h, picolibc's stdio
 * hooks (stdin/stdout/stderr), _exit, sbrk, and __trellis_main (called by
 * the start code in crt0.S).  See docs/guest-abi.md.
 */
#include "trellis.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------ raw calls */

static long sys_write(int fd, const void *buf, size_t len)
{
    return trellis_ecall3(TRELLIS_SYS_WRITE, fd, (long)buf, (long)len);
}

static void write_all(int fd, const char *buf, size_t len)
{
    while (len > 0) {
        long n = sys_write(fd, buf, len);
        if (n <= 0)
            return;
        buf += n;
        len -= (size_t)n;
    }
}

size_t trellis_read_input(void *buf, size_t cap)
{
    if (cap == 0)
        return 0;
    long n = trellis_ecall2(TRELLIS_SYS_READ_INPUT, (long)buf, (long)cap);
    if (n == TRELLIS_ENOSYS) /* not Trellis (qemu-riscv32 / Linux): read(0) */
        n = trellis_ecall3(TRELLIS_SYS_READ, 0, (long)buf, (long)cap);
    return n < 0 ? 0 : (size_t)n;
}

size_t trellis_read_exact(void *buf, size_t len)
{
    size_t done = 0;
    while (done < len) {
        size_t n = trellis_read_input((char *)buf + done, len - done);
        if (n == 0)
            break;
        done += n;
    }
    return done;
}

void trellis_reveal(const void *buf, size_t len)
{
    long r = trellis_ecall2(TRELLIS_SYS_REVEAL, (long)buf, (long)len);
    if (r == TRELLIS_ENOSYS) /* not Trellis: write the bytes to fd 3 */
        write_all(TRELLIS_REVEAL_FALLBACK_FD, buf, len);
}

void trellis_reveal_u32(uint32_t value)
{
    uint8_t b[4] = {(uint8_t)value, (uint8_t)(value >> 8), (uint8_t)(value >> 16),
                    (uint8_t)(value >> 24)};
    trellis_reveal(b, sizeof b);
}

/* ------------------------------------------------------ buffered output */

#define TRELLIS_OUT_BUF 1024

/* One buffer per stream; zero-initialised, so they live in .bss. */
struct out_buf {
    size_t len;
    char data[TRELLIS_OUT_BUF];
};

static struct out_buf out_buf, err_buf;

static void buf_flush(struct out_buf *b)
{
    if (b->len > 0) {
        write_all(b == &err_buf ? 2 : 1, b->data, b->len);
        b->len = 0;
    }
}

static void buf_put(struct out_buf *b, char c)
{
    if (b->len == TRELLIS_OUT_BUF)
        buf_flush(b);
    b->data[b->len++] = c;
}

static void buf_write(struct out_buf *b, const char *s, size_t len)
{
    while (len-- > 0)
        buf_put(b, *s++);
}

static void flush_all(void)
{
    buf_flush(&out_buf);
    buf_flush(&err_buf);
}

long trellis_write(int fd, const void *buf, size_t len)
{
    if (fd == 1)
        buf_flush(&out_buf);
    else if (fd == 2)
        buf_flush(&err_buf);
    return sys_write(fd, buf, len);
}

void trellis_print(const char *s) { buf_write(&out_buf, s, strlen(s)); }
void trellis_eprint(const char *s)
{
    buf_write(&err_buf, s, strlen(s));
    buf_flush(&err_buf);
}

void trellis_print_u32(uint32_t value)
{
    char tmp[10];
    int i = 0;
    do {
        tmp[i++] = (char)('0' + value % 10);
        value /= 10;
    } while (value != 0);
    while (i > 0)
        buf_put(&out_buf, tmp[--i]);
}

void trellis_print_hex(const void *buf, size_t len)
{
    static const char digits[] = "0123456789abcdef";
    const uint8_t *p = buf;
    for (size_t i = 0; i < len; i++) {
        buf_put(&out_buf, digits[p[i] >> 4]);
        buf_put(&out_buf, digits[p[i] & 15]);
    }
}

/* --------------------------------------------------------- picolibc stdio */

static int stdout_putc(char c, FILE *f)
{
    (void)f;
    buf_put(&out_buf, c);
    return (unsigned char)c;
}

/* stderr is line-buffered, so a message survives a machine error. */
static int stderr_putc(char c, FILE *f)
{
    (void)f;
    buf_put(&err_buf, c);
    if (c == '\n')
        buf_flush(&err_buf);
    return (unsigned char)c;
}

static int stdout_flush(FILE *f)
{
    (void)f;
    buf_flush(&out_buf);
    return 0;
}

static int stderr_flush(FILE *f)
{
    (void)f;
    buf_flush(&err_buf);
    return 0;
}

static unsigned char in_data[256];
static size_t in_pos, in_len;

static int stdin_getc(FILE *f)
{
    (void)f;
    if (in_pos == in_len) {
        in_len = trellis_read_input(in_data, sizeof in_data);
        in_pos = 0;
        if (in_len == 0)
            return _FDEV_EOF;
    }
    return in_data[in_pos++];
}

static FILE trellis_stdin = FDEV_SETUP_STREAM(NULL, stdin_getc, NULL, _FDEV_SETUP_READ);
static FILE trellis_stdout = FDEV_SETUP_STREAM(stdout_putc, NULL, stdout_flush, _FDEV_SETUP_WRITE);
static FILE trellis_stderr = FDEV_SETUP_STREAM(stderr_putc, NULL, stderr_flush, _FDEV_SETUP_WRITE);

FILE *const stdin = &trellis_stdin;
FILE *const stdout = &trellis_stdout;
FILE *const stderr = &trellis_stderr;

/* ------------------------------------------------------------ exit, heap */

__attribute__((noreturn)) void _exit(int code)
{
    flush_all();
    for (;;)
        trellis_ecall1(TRELLIS_SYS_EXIT, code);
}

__attribute__((noreturn)) void trellis_exit(int code) { _exit(code); }

extern char __heap_start[], __heap_end[];
static char *heap_brk = __heap_start;

void *sbrk(ptrdiff_t incr)
{
    char *old = heap_brk;
    if (incr < 0 ? (size_t)(old - __heap_start) < (size_t)-incr
                 : (size_t)(__heap_end - old) < (size_t)incr) {
        errno = ENOMEM;
        return (void *)-1;
    }
    heap_brk = old + incr;
    return old;
}

/* --------------------------------------------------------------- start-up */

extern void (*__preinit_array_start[])(void);
extern void (*__preinit_array_end[])(void);
extern void (*__init_array_start[])(void);
extern void (*__init_array_end[])(void);

int main(int argc, char **argv);

void __trellis_main(void)
{
    for (void (**f)(void) = __preinit_array_start; f < __preinit_array_end; f++)
        (*f)();
    for (void (**f)(void) = __init_array_start; f < __init_array_end; f++)
        (*f)();
    static char name[] = "guest";
    static char *argv[] = {name, NULL};
    exit(main(1, argv)); /* runs atexit handlers, then _exit (flushes) */
}

/* ---- SHA-256 over the sha256compress precompile ---- */

static const uint32_t sha256_iv[8] = {
    0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
};

void trellis_sha256_init(trellis_sha256_ctx *ctx)
{
    memcpy(ctx->state, sha256_iv, sizeof ctx->state);
    ctx->buffered = 0;
    ctx->length = 0;
}

void trellis_sha256_update(trellis_sha256_ctx *ctx, const void *data, size_t len)
{
    const uint8_t *p = data;
    ctx->length += len;
    if (ctx->buffered > 0) {
        size_t take = 64 - ctx->buffered;
        if (take > len)
            take = len;
        memcpy(ctx->buffer + ctx->buffered, p, take);
        ctx->buffered += take;
        p += take;
        len -= take;
        if (ctx->buffered < 64)
            return;
        trellis_sha256_compress(ctx->state, ctx->buffer);
        ctx->buffered = 0;
    }
    for (; len >= 64; p += 64, len -= 64) {
        if (((uintptr_t)p & 3) == 0) {
            trellis_sha256_compress(ctx->state, p);
        } else {
            memcpy(ctx->buffer, p, 64);
            trellis_sha256_compress(ctx->state, ctx->buffer);
        }
    }
    memcpy(ctx->buffer, p, len);
    ctx->buffered = len;
}

void trellis_sha256_final(trellis_sha256_ctx *ctx, uint8_t out[32])
{
    uint64_t bits = ctx->length * 8;
    uint32_t n = ctx->buffered;
    ctx->buffer[n] = 0x80;
    memset(ctx->buffer + n + 1, 0, 63 - n);
    if (n >= 56) {
        trellis_sha256_compress(ctx->state, ctx->buffer);
        memset(ctx->buffer, 0, 64);
    }
    for (int i = 0; i < 8; i++)
        ctx->buffer[56 + i] = (uint8_t)(bits >> (56 - 8 * i));
    trellis_sha256_compress(ctx->state, ctx->buffer);
    for (int i = 0; i < 8; i++) {
        uint32_t w = ctx->state[i];
        out[4 * i] = (uint8_t)(w >> 24);
        out[4 * i + 1] = (uint8_t)(w >> 16);
        out[4 * i + 2] = (uint8_t)(w >> 8);
        out[4 * i + 3] = (uint8_t)w;
    }
}

void trellis_sha256(const void *data, size_t len, uint8_t out[32])
{
    trellis_sha256_ctx ctx;
    trellis_sha256_init(&ctx);
    trellis_sha256_update(&ctx, data, len);
    trellis_sha256_final(&ctx, out);
}

/* ------------------------------------------------------------ keccak256 */

/* Xors one rate block into the state (word-wise: little-endian target) and permutes. */
static void keccak_absorb(uint64_t state[25], const uint8_t *block)
{
    uint32_t *words = (uint32_t *)state;
    if (((uintptr_t)block & 3) == 0) {
        const uint32_t *src = (const uint32_t *)block;
        for (int i = 0; i < TRELLIS_KECCAK_RATE / 4; i++)
            words[i] ^= src[i];
    } else {
        for (int i = 0; i < TRELLIS_KECCAK_RATE / 4; i++) {
            const uint8_t *b = block + 4 * i;
            words[i] ^= (uint32_t)b[0] | (uint32_t)b[1] << 8 | (uint32_t)b[2] << 16 |
                        (uint32_t)b[3] << 24;
        }
    }
    trellis_keccakf(state);
}

void trellis_keccak256_init(trellis_keccak256_ctx *ctx)
{
    memset(ctx, 0, sizeof *ctx);
}

void trellis_keccak256_update(trellis_keccak256_ctx *ctx, const void *data, size_t len)
{
    const uint8_t *p = data;
    uint8_t *buf = (uint8_t *)ctx->buf;
    if (ctx->len > 0) {
        size_t take = TRELLIS_KECCAK_RATE - ctx->len;
        if (take > len)
            take = len;
        memcpy(buf + ctx->len, p, take);
        ctx->len += take;
        p += take;
        len -= take;
        if (ctx->len < TRELLIS_KECCAK_RATE)
            return;
        keccak_absorb(ctx->state, buf);
        ctx->len = 0;
    }
    for (; len >= TRELLIS_KECCAK_RATE; p += TRELLIS_KECCAK_RATE, len -= TRELLIS_KECCAK_RATE)
        keccak_absorb(ctx->state, p);
    memcpy(buf, p, len);
    ctx->len = len;
}

void trellis_keccak256_final(trellis_keccak256_ctx *ctx, uint8_t out[32])
{
    uint8_t *buf = (uint8_t *)ctx->buf;
    memset(buf + ctx->len, 0, TRELLIS_KECCAK_RATE - ctx->len);
    buf[ctx->len] ^= 0x01;
    buf[TRELLIS_KECCAK_RATE - 1] ^= 0x80;
    keccak_absorb(ctx->state, buf);
    memcpy(out, ctx->state, 32); /* little-endian lanes */
}

void trellis_keccak256(const void *data, size_t len, uint8_t out[32])
{
    trellis_keccak256_ctx ctx;
    trellis_keccak256_init(&ctx);
    trellis_keccak256_update(&ctx, data, len);
    trellis_keccak256_final(&ctx, out);
}
