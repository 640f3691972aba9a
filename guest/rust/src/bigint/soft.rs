//! Portable 256-bit modular arithmetic (no precompile): what the
//! functions of [`super`] compute, for non-Trellis builds and for
//! comparisons. Multiplication is Montgomery's (CIOS, 32-bit limbs) with
//! the constants derived from the modulus; any odd modulus above `2^253`
//! works (the five of [`super`] are).

use super::U256;

/// `x >= y`.
fn ge(x: &[u32; 8], y: &[u32; 8]) -> bool {
    for i in (0..8).rev() {
        if x[i] != y[i] {
            return x[i] > y[i];
        }
    }
    true
}

/// `x - y` (wrapping) and the borrow.
fn sub(x: &[u32; 8], y: &[u32; 8]) -> ([u32; 8], bool) {
    let mut out = [0u32; 8];
    let mut borrow = false;
    for i in 0..8 {
        let (d, b1) = x[i].overflowing_sub(y[i]);
        let (d, b2) = d.overflowing_sub(borrow as u32);
        out[i] = d;
        borrow = b1 | b2;
    }
    (out, borrow)
}

/// `x + y` (wrapping) and the carry.
fn add(x: &[u32; 8], y: &[u32; 8]) -> ([u32; 8], bool) {
    let mut out = [0u32; 8];
    let mut carry = false;
    for i in 0..8 {
        let (s, c1) = x[i].overflowing_add(y[i]);
        let (s, c2) = s.overflowing_add(carry as u32);
        out[i] = s;
        carry = c1 | c2;
    }
    (out, carry)
}

/// `x mod m` for any `x < 2^256` (`m > 2^253`: at most 7 subtractions).
pub fn reduce(x: &U256, m: &U256) -> U256 {
    let mut x = x.0;
    while ge(&x, &m.0) {
        x = sub(&x, &m.0).0;
    }
    U256(x)
}

/// `(a + b) mod m`.
pub fn addmod(a: &U256, b: &U256, m: &U256) -> U256 {
    let (a, b) = (reduce(a, m), reduce(b, m));
    let (s, carry) = add(&a.0, &b.0);
    if carry || ge(&s, &m.0) {
        U256(sub(&s, &m.0).0)
    } else {
        U256(s)
    }
}

/// `(a - b) mod m`.
pub fn submod(a: &U256, b: &U256, m: &U256) -> U256 {
    let (a, b) = (reduce(a, m), reduce(b, m));
    let (d, borrow) = sub(&a.0, &b.0);
    if borrow {
        U256(add(&d, &m.0).0)
    } else {
        U256(d)
    }
}

/// `-m^{-1} mod 2^32` (m odd), by Newton's iteration.
fn neg_inv(m0: u32) -> u32 {
    let mut inv: u32 = 1;
    for _ in 0..5 {
        inv = inv.wrapping_mul(2u32.wrapping_sub(m0.wrapping_mul(inv)));
    }
    inv.wrapping_neg()
}

/// `2^512 mod m` by doubling.
fn r_squared(m: &U256) -> U256 {
    let mut x = U256::ONE;
    for _ in 0..512 {
        let (d, carry) = add(&x.0, &x.0);
        x = if carry || ge(&d, &m.0) {
            U256(sub(&d, &m.0).0)
        } else {
            U256(d)
        };
    }
    x
}

/// Montgomery product `a · b · 2^-256 mod m` for `a, b < m` (CIOS).
pub fn mont_mul(a: &U256, b: &U256, m: &U256, m_inv: u32) -> U256 {
    let (a, b, m) = (&a.0, &b.0, &m.0);
    let mut t = [0u32; 10];
    for &bi in b {
        let mut c: u64 = 0;
        for j in 0..8 {
            let s = t[j] as u64 + a[j] as u64 * bi as u64 + c;
            t[j] = s as u32;
            c = s >> 32;
        }
        let s = t[8] as u64 + c;
        t[8] = s as u32;
        t[9] = (s >> 32) as u32;
        let u = t[0].wrapping_mul(m_inv);
        let mut c: u64 = (t[0] as u64 + u as u64 * m[0] as u64) >> 32;
        for j in 1..8 {
            let s = t[j] as u64 + u as u64 * m[j] as u64 + c;
            t[j - 1] = s as u32;
            c = s >> 32;
        }
        let s = t[8] as u64 + c;
        t[7] = s as u32;
        t[8] = t[9] + (s >> 32) as u32;
        t[9] = 0;
    }
    let r: [u32; 8] = core::array::from_fn(|i| t[i]);
    if t[8] != 0 || ge(&r, m) {
        U256(sub(&r, m).0)
    } else {
        U256(r)
    }
}

/// Precomputed Montgomery constants of a modulus.
#[derive(Clone, Copy, Debug)]
pub struct Montgomery {
    m: U256,
    m_inv: u32,
    r2: U256,
}

impl Montgomery {
    /// The constants of an odd `m > 2^253`.
    pub fn new(m: &U256) -> Self {
        Self {
            m: *m,
            m_inv: neg_inv(m.0[0]),
            r2: r_squared(m),
        }
    }

    /// `a · b mod m` (any `a, b < 2^256`).
    pub fn mulmod(&self, a: &U256, b: &U256) -> U256 {
        let (a, b) = (reduce(a, &self.m), reduce(b, &self.m));
        let ab = mont_mul(&a, &b, &self.m, self.m_inv);
        mont_mul(&ab, &self.r2, &self.m, self.m_inv)
    }
}

/// `a · b mod m` (constants computed on each call: use [`Montgomery`] to
/// keep them).
pub fn mulmod(a: &U256, b: &U256, m: &U256) -> U256 {
    Montgomery::new(m).mulmod(a, b)
}
