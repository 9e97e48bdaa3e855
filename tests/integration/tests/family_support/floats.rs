//! Exact checks of float results: bit patterns for ordinary values (so
//! signed zeros and NaN payloads count), the specification's NaN classes for
//! NaN results; and special values shared by the float tables.

use super::tables::{BinOp, UnOp};
use std::fmt::Debug;
use wasmlite_rt::Trap;

/// What a float result must be.
#[derive(Clone, Copy, Debug)]
pub enum Want<F> {
    /// Exactly these bits.
    Is(F),
    /// A canonical NaN (quiet, payload zero, either sign).
    Canon,
    /// An arithmetic NaN (quiet, any payload, either sign).
    Arith,
}

/// Rows of (export, method, [((a, b), expected)]).
pub type FloatBinTable<M, F> = [(&'static str, BinOp<M, F, F>, &'static [((F, F), Want<F>)])];
/// Rows of (export, method, [(a, expected)]).
pub type FloatUnTable<M, F> = [(&'static str, UnOp<M, F, F>, &'static [(F, Want<F>)])];

/// Access to the bits of f32 and f64 values.
pub trait FloatBits: Copy + Debug {
    /// The exponent bits and the quiet bit, set in every arithmetic NaN.
    const QUIET: u64;
    /// Every bit but the sign.
    const MAGNITUDE: u64;
    /// The bits of the value, widened to u64.
    fn bits(self) -> u64;
}

impl FloatBits for f32 {
    const QUIET: u64 = 0x7fc0_0000;
    const MAGNITUDE: u64 = 0x7fff_ffff;
    fn bits(self) -> u64 {
        self.to_bits().into()
    }
}

impl FloatBits for f64 {
    const QUIET: u64 = 0x7ff8_0000_0000_0000;
    const MAGNITUDE: u64 = 0x7fff_ffff_ffff_ffff;
    fn bits(self) -> u64 {
        self.to_bits()
    }
}

/// Asserts that the result of `what` did not trap and matches `want`.
pub fn assert_float<F: FloatBits>(what: &str, result: Result<F, Trap>, want: Want<F>) {
    let got = result.unwrap_or_else(|trap| panic!("{what} trapped: {trap}"));
    let bits = got.bits();
    let ok = match want {
        Want::Is(value) => bits == value.bits(),
        Want::Canon => bits & F::MAGNITUDE == F::QUIET,
        Want::Arith => bits & F::QUIET == F::QUIET,
    };
    assert!(ok, "{what}: got {got:?} ({bits:#x}), want {want:?}");
}

/// Checks every case of every binary operator in `table`.
pub fn run_float_binary<M, F: FloatBits>(m: &mut M, table: &FloatBinTable<M, F>) {
    for (name, op, cases) in table {
        for &((a, b), want) in cases.iter() {
            assert_float(&format!("{name}({a:?}, {b:?})"), op(m, a, b), want);
        }
    }
}

/// Checks every case of every unary operator in `table`.
pub fn run_float_unary<M, F: FloatBits>(m: &mut M, table: &FloatUnTable<M, F>) {
    for (name, op, cases) in table {
        for &(a, want) in cases.iter() {
            assert_float(&format!("{name}({a:?})"), op(m, a), want);
        }
    }
}

/// Special f32 values used by the tables.
pub mod v32 {
    pub const INF: f32 = f32::INFINITY;
    pub const NEG_INF: f32 = f32::NEG_INFINITY;
    pub const MAX: f32 = f32::MAX;
    pub const NEG_MAX: f32 = f32::MIN;
    /// The smallest positive subnormal, and two and three times it.
    pub const MINSUB: f32 = f32::from_bits(1);
    pub const NEG_MINSUB: f32 = f32::from_bits(0x8000_0001);
    pub const MINSUB2: f32 = f32::from_bits(2);
    pub const MINSUB3: f32 = f32::from_bits(3);
    /// Canonical NaNs.
    pub const NAN: f32 = f32::from_bits(0x7fc0_0000);
    pub const NEG_NAN: f32 = f32::from_bits(0xffc0_0000);
    /// Quiet NaNs with a payload.
    pub const QNAN: f32 = f32::from_bits(0x7fc0_0001);
    pub const NEG_QNAN: f32 = f32::from_bits(0xffc0_0001);
    /// Signalling NaNs.
    pub const SNAN: f32 = f32::from_bits(0x7f80_0001);
    pub const NEG_SNAN: f32 = f32::from_bits(0xff80_0001);
}

/// Special f64 values used by the tables (same names as [`v32`]).
pub mod v64 {
    pub const INF: f64 = f64::INFINITY;
    pub const NEG_INF: f64 = f64::NEG_INFINITY;
    pub const MAX: f64 = f64::MAX;
    pub const NEG_MAX: f64 = f64::MIN;
    pub const MINSUB: f64 = f64::from_bits(1);
    pub const NEG_MINSUB: f64 = f64::from_bits(0x8000_0000_0000_0001);
    pub const MINSUB2: f64 = f64::from_bits(2);
    pub const MINSUB3: f64 = f64::from_bits(3);
    pub const NAN: f64 = f64::from_bits(0x7ff8_0000_0000_0000);
    pub const NEG_NAN: f64 = f64::from_bits(0xfff8_0000_0000_0000);
    pub const QNAN: f64 = f64::from_bits(0x7ff8_0000_0000_0001);
    pub const NEG_QNAN: f64 = f64::from_bits(0xfff8_0000_0000_0001);
    pub const SNAN: f64 = f64::from_bits(0x7ff0_0000_0000_0001);
    pub const NEG_SNAN: f64 = f64::from_bits(0xfff0_0000_0000_0001);
}
