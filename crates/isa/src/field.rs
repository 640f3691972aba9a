//! The field every instruction operand lives in, and the conversions the ISA needs.

pub use p3_field::{PrimeCharacteristicRing, PrimeField32};

/// The base field of the whole machine: BabyBear, p = 2^31 - 2^27 + 1.
pub type F = p3_baby_bear::BabyBear;

/// The field's characteristic.
pub const MODULUS: u32 = 0x7800_0001;

/// Embeds a signed integer, negative values as `p - |x|`.
pub fn from_signed(value: i32) -> F {
    F::from_i32(value)
}

/// Reads a field element written by [`from_signed`] back as a signed integer:
/// elements above `p / 2` are negative.
pub fn to_signed(value: F) -> i32 {
    let v = value.as_canonical_u32();
    if v > MODULUS / 2 {
        -((MODULUS - v) as i32)
    } else {
        v as i32
    }
}

/// The canonical representative in `0..p`.
pub fn to_u32(value: F) -> u32 {
    value.as_canonical_u32()
}
