//! The bit trick of issue #10 item 1.1, as a forger would run it on the
//! compression trace.
//!
//! Adding `2x` to bit `p` and `-x` to bit `p + 1` of a word's bit columns
//! (and `2y`, `-y` at `q`, `q + 1` in the other half) leaves its 16-bit
//! limbs unchanged, so every constraint that sees only the limbs (the
//! previous round's result, the output write, the `d`/`h` copies) still
//! holds; but `Σ0`, `Σ1`, `Ch`, `Maj` are polynomials of the bits, and
//! move with `x` and `y`. When no output bit of `Σ` depends on two of the
//! four perturbed bits, the round's two limb sums are affine in `(x, y)`:
//! a 2×2 linear system over the field makes them any pair of values.

use super::lying::Via;
use crate::chip::bits::{ch, limbs, maj, sigma};
use crate::chip::columns::{SHA256_WIDTH, Sha256Cols};
use crate::chip::layout::{FINAL, FIRST_ROUND};
use crate::chip::trace::slacks;
use trellis_stark::{Field, PrimeCharacteristicRing, RowMajorMatrix, Val};
use trellis_vm::circuit::columns::Columns;

/// Which limb sums of a round row the trick solves for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Target {
    /// `d + T1` (the new `e`).
    NewE,
    /// `T1 + T2` (the new `a`).
    NewA,
}

/// `T1 = h + Σ1(e) + Ch(e, f, g) + K + W` in limbs.
fn t1(row: &Sha256Cols<Val>) -> [Val; 2] {
    let s1 = limbs(&sigma(&row.e, 6, 11, 25, false));
    let chs = limbs(&ch(&row.e, &row.f, &row.g));
    std::array::from_fn(|h| row.h[h] + s1[h] + chs[h] + row.ctl.k[h] + row.w[h])
}

/// `T2 = Σ0(a) + Maj(a, b, c)` in limbs.
fn t2(row: &Sha256Cols<Val>) -> [Val; 2] {
    let s0 = limbs(&sigma(&row.a, 2, 13, 22, false));
    let mj = limbs(&maj(&row.a, &row.b, &row.c));
    std::array::from_fn(|h| s0[h] + mj[h])
}

/// The limb sums the round equation for `target` compares with the next
/// row's word when the carries are zero.
fn sums(row: &Sha256Cols<Val>, target: Target) -> [Val; 2] {
    let t1 = t1(row);
    match target {
        Target::NewE => std::array::from_fn(|h| row.d[h] + t1[h]),
        Target::NewA => {
            let t2 = t2(row);
            std::array::from_fn(|h| t1[h] + t2[h])
        }
    }
}

/// The bit columns the trick perturbs to move `target`'s sums.
fn lane(row: &mut Sha256Cols<Val>, target: Target, via: Via) -> &mut [Val; 32] {
    match (target, via) {
        (Target::NewE, Via::Fresh) => &mut row.e,
        (Target::NewE, Via::Copied) => &mut row.f,
        (Target::NewA, Via::Fresh) => &mut row.a,
        (Target::NewA, Via::Copied) => &mut row.b,
    }
}

/// The row with `(x, y)` applied at `(p, q)`.
fn perturbed(
    row: &Sha256Cols<Val>,
    target: Target,
    via: Via,
    (p, q): (usize, usize),
    (x, y): (Val, Val),
) -> Sha256Cols<Val> {
    let mut out = *row;
    let bits = lane(&mut out, target, via);
    bits[p] += x.double();
    bits[p + 1] -= x;
    bits[q] += y.double();
    bits[q + 1] -= y;
    out
}

/// Perturbs `row` so that `target`'s sums (carries zero) are `want`.
/// Panics if no pair of bit positions gives a solvable system.
fn solve(row: &mut Sha256Cols<Val>, target: Target, via: Via, want: [Val; 2]) {
    let zero = Val::ZERO;
    for p in 0..15 {
        for q in 16..31 {
            let at = |x: u32, y: u32| {
                let (x, y) = (Val::from_u32(x), Val::from_u32(y));
                sums(&perturbed(row, target, via, (p, q), (x, y)), target)
            };
            let (f00, f10, f01) = (at(0, 0), at(1, 0), at(0, 1));
            let u = [f10[0] - f00[0], f10[1] - f00[1]];
            let v = [f01[0] - f00[0], f01[1] - f00[1]];
            let det = u[0] * v[1] - u[1] * v[0];
            if det == zero {
                continue;
            }
            let rhs = [want[0] - f00[0], want[1] - f00[1]];
            let inv = det.inverse();
            let x = (rhs[0] * v[1] - rhs[1] * v[0]) * inv;
            let y = (u[0] * rhs[1] - u[1] * rhs[0]) * inv;
            let candidate = perturbed(row, target, via, (p, q), (x, y));
            // Not affine when an output bit sees two perturbed bits.
            if sums(&candidate, target) == want {
                *row = candidate;
                return;
            }
        }
    }
    panic!("no bit pair solves the {target:?} equation");
}

fn read(trace: &RowMajorMatrix<Val>, row: usize) -> Sha256Cols<Val> {
    Sha256Cols::read(&trace.values[row * SHA256_WIDTH..])
}

fn write(trace: &mut RowMajorMatrix<Val>, row: usize, cols: &Sha256Cols<Val>) {
    cols.write(&mut trace.values[row * SHA256_WIDTH..(row + 1) * SHA256_WIDTH]);
}

/// Patches the rows of rounds 60..63 of the block starting at `base`
/// (filled from the forged `a_61..a_64`, `e_61..e_64`, [`super::lying`]):
/// each row takes `b, c, f, g` from the previous row (the copy constraints:
/// the previous row may already be perturbed), then, where its round
/// equation for the new `e` or the new `a` fails, zeroes that equation's
/// carries and solves the trick for it. Finally the final row takes its
/// copies from round 63's row. Slack columns are left to the caller.
pub fn patch_last_rounds(trace: &mut RowMajorMatrix<Val>, base: usize, via: Via) {
    let first = base + FIRST_ROUND + 60;
    for j in first..base + FINAL {
        let mut row = read(trace, j);
        if j > first {
            copy_from_previous(&mut row, &read(trace, j - 1));
        }
        let next = read(trace, j + 1);
        if slacks(&row, &next).0[..2] != [Val::ZERO; 2] {
            row.carry_e = [Val::ZERO; 6];
            solve(&mut row, Target::NewE, via, limbs(&next.e));
        }
        if slacks(&row, &next).0[2..] != [Val::ZERO; 2] {
            row.carry_a = [Val::ZERO; 6];
            solve(&mut row, Target::NewA, via, limbs(&next.a));
        }
        debug_assert_eq!(slacks(&row, &next).0, [Val::ZERO; 4]);
        write(trace, j, &row);
    }
    let mut last = read(trace, base + FINAL);
    copy_from_previous(&mut last, &read(trace, base + FINAL - 1));
    write(trace, base + FINAL, &last);
}

/// `b, c, f, g` of `row` from `a, b, e, f` of the row before (bit by bit,
/// as the shift constraints demand; the limbs `d`, `h` are unchanged by
/// the trick).
fn copy_from_previous(row: &mut Sha256Cols<Val>, previous: &Sha256Cols<Val>) {
    row.b = previous.a;
    row.c = previous.b;
    row.f = previous.e;
    row.g = previous.f;
}
