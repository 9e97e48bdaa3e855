//! Floating-point instructions from `wasm/float.wat`: every f32 and f64
//! operator, compared bit for bit (signed zeros, NaN payloads), with NaN
//! results checked against the spec's canonical/arithmetic NaN rules.
//! Expected values were verified with wabt's spectest-interp.

mod family_support;

use family_support::floats::{run_float_binary, run_float_unary, FloatBinTable, FloatUnTable};
use family_support::tables::{run_compare, BinOp};
use float::Float;

wasmlite_rt::include_wasm!("wasm/float.wat");

type M = Float<()>;

/// The comparison operators in the order of the rows of the comparison tables.
const CMP_NAMES: [&str; 6] = ["eq", "ne", "lt", "gt", "le", "ge"];

fn instance() -> M {
    Float::new(()).expect("instantiate float.wat")
}

mod f32_tables {
    use super::family_support::floats::v32::*;
    use super::family_support::floats::Want::{Arith, Canon, Is};
    use super::*;

    #[rustfmt::skip]
    pub const BINARY: &FloatBinTable<M, f32> = &[
        ("f32_add", M::f32_add, &[
            ((1.5, 2.25), Is(3.75)), ((0.1, 0.2), Is(0.3)), ((INF, NEG_INF), Canon),
            ((-0.0, -0.0), Is(-0.0)), ((-0.0, 0.0), Is(0.0)), ((MAX, MAX), Is(INF)),
            ((MINSUB, MINSUB), Is(MINSUB2)), ((1.0, -1.0), Is(0.0)), ((NAN, 1.0), Canon),
            ((1e10, 1e-10), Is(1e10)),
        ]),
        ("f32_sub", M::f32_sub, &[
            ((1.0, 1.0), Is(0.0)), ((-0.0, 0.0), Is(-0.0)), ((INF, INF), Canon),
            ((0.3, 0.1), Is(0.20000002)), ((NEG_MAX, MAX), Is(NEG_INF)),
        ]),
        ("f32_mul", M::f32_mul, &[
            ((1.5, -2.0), Is(-3.0)), ((0.0, INF), Canon), ((-0.0, 5.0), Is(-0.0)),
            ((MINSUB, 0.5), Is(0.0)), ((MAX, 2.0), Is(INF)), ((1e-30, 1e-30), Is(0.0)),
            ((NEG_MINSUB, 0.5), Is(-0.0)), ((3.0, MINSUB), Is(MINSUB3)),
        ]),
        ("f32_div", M::f32_div, &[
            ((1.0, 3.0), Is(0.33333334)), ((1.0, 0.0), Is(INF)), ((-1.0, 0.0), Is(NEG_INF)),
            ((1.0, -0.0), Is(NEG_INF)), ((0.0, 0.0), Canon), ((INF, INF), Canon), ((-6.0, 2.0), Is(-3.0)),
            ((MINSUB, 2.0), Is(0.0)), ((1.0, MAX), Is(2.938736e-39)),
        ]),
        ("f32_min", M::f32_min, &[
            ((1.0, 2.0), Is(1.0)), ((-0.0, 0.0), Is(-0.0)), ((0.0, -0.0), Is(-0.0)), ((NAN, 1.0), Canon),
            ((1.0, NAN), Canon), ((NEG_INF, INF), Is(NEG_INF)), ((-1.0, -2.0), Is(-2.0)),
            ((SNAN, 1.0), Arith), ((0.0, MINSUB), Is(0.0)),
        ]),
        ("f32_max", M::f32_max, &[
            ((1.0, 2.0), Is(2.0)), ((-0.0, 0.0), Is(0.0)), ((0.0, -0.0), Is(0.0)), ((NAN, 1.0), Canon),
            ((1.0, NAN), Canon), ((NEG_INF, INF), Is(INF)), ((-1.0, -2.0), Is(-1.0)),
            ((1.0, SNAN), Arith), ((-0.0, NEG_MINSUB), Is(-0.0)),
        ]),
        ("f32_copysign", M::f32_copysign, &[
            ((1.0, -0.0), Is(-1.0)), ((-2.0, 3.0), Is(2.0)), ((QNAN, -1.0), Is(NEG_QNAN)),
            ((SNAN, -0.0), Is(NEG_SNAN)), ((NEG_INF, NAN), Is(INF)), ((1.0, NEG_NAN), Is(-1.0)),
            ((NEG_QNAN, 0.0), Is(QNAN)), ((0.0, NEG_SNAN), Is(-0.0)),
        ]),
    ];

    #[rustfmt::skip]
    pub const UNARY: &FloatUnTable<M, f32> = &[
        ("f32_abs", M::f32_abs, &[
            (-0.0, Is(0.0)), (NEG_INF, Is(INF)), (NEG_QNAN, Is(QNAN)), (NEG_SNAN, Is(SNAN)),
            (-1.5, Is(1.5)), (QNAN, Is(QNAN)),
        ]),
        ("f32_neg", M::f32_neg, &[
            (0.0, Is(-0.0)), (QNAN, Is(NEG_QNAN)), (SNAN, Is(NEG_SNAN)), (1.5, Is(-1.5)),
            (NEG_INF, Is(INF)), (NEG_NAN, Is(NAN)),
        ]),
        ("f32_sqrt", M::f32_sqrt, &[
            (4.0, Is(2.0)), (2.0, Is(std::f32::consts::SQRT_2)), (-1.0, Canon), (-0.0, Is(-0.0)), (INF, Is(INF)),
            (0.0, Is(0.0)), (NEG_INF, Canon), (NAN, Canon), (MINSUB, Is(3.743392e-23)),
        ]),
        ("f32_ceil", M::f32_ceil, &[
            (1.1, Is(2.0)), (-1.1, Is(-1.0)), (-0.5, Is(-0.0)), (0.5, Is(1.0)), (INF, Is(INF)),
            (-0.0, Is(-0.0)), (NAN, Canon), (8388607.5, Is(8388608.0)), (MINSUB, Is(1.0)),
            (NEG_MINSUB, Is(-0.0)),
        ]),
        ("f32_floor", M::f32_floor, &[
            (1.9, Is(1.0)), (-1.1, Is(-2.0)), (0.5, Is(0.0)), (-0.5, Is(-1.0)), (-0.0, Is(-0.0)),
            (NEG_INF, Is(NEG_INF)), (NAN, Canon), (-8388607.5, Is(-8388608.0)), (MINSUB, Is(0.0)),
            (NEG_MINSUB, Is(-1.0)),
        ]),
        ("f32_trunc", M::f32_trunc, &[
            (-0.9, Is(-0.0)), (1.9, Is(1.0)), (-1.9, Is(-1.0)), (INF, Is(INF)), (NAN, Canon),
            (1e20, Is(1e20)), (8388607.5, Is(8388607.0)),
        ]),
        ("f32_nearest", M::f32_nearest, &[
            (0.5, Is(0.0)), (1.5, Is(2.0)), (2.5, Is(2.0)), (-0.5, Is(-0.0)), (-1.5, Is(-2.0)),
            (3.5, Is(4.0)), (4.5, Is(4.0)), (-0.0, Is(-0.0)), (0.49999997, Is(0.0)),
            (8388609.0, Is(8388609.0)), (8388607.5, Is(8388608.0)), (-8388606.5, Is(-8388606.0)),
            (NAN, Canon), (NEG_INF, Is(NEG_INF)), (NEG_SNAN, Arith),
        ]),
    ];

    /// Rows of (a, b) and the results of the operators of `CMP_NAMES`.
    #[rustfmt::skip]
    pub const COMPARE: &[((f32, f32), [i32; 6])] = &[
        ((1.0, 2.0), [0, 1, 1, 0, 1, 0]),
        ((2.0, 1.0), [0, 1, 0, 1, 0, 1]),
        ((1.0, 1.0), [1, 0, 0, 0, 1, 1]),
        ((-0.0, 0.0), [1, 0, 0, 0, 1, 1]),
        ((NAN, 1.0), [0, 1, 0, 0, 0, 0]),
        ((1.0, NAN), [0, 1, 0, 0, 0, 0]),
        ((NAN, NAN), [0, 1, 0, 0, 0, 0]),
        ((NEG_INF, INF), [0, 1, 1, 0, 1, 0]),
        ((SNAN, SNAN), [0, 1, 0, 0, 0, 0]),
        ((NEG_QNAN, NEG_INF), [0, 1, 0, 0, 0, 0]),
    ];
}

mod f64_tables {
    use super::family_support::floats::v64::*;
    use super::family_support::floats::Want::{Arith, Canon, Is};
    use super::*;

    #[rustfmt::skip]
    pub const BINARY: &FloatBinTable<M, f64> = &[
        ("f64_add", M::f64_add, &[
            ((1.5, 2.25), Is(3.75)), ((0.1, 0.2), Is(0.30000000000000004)), ((INF, NEG_INF), Canon),
            ((-0.0, -0.0), Is(-0.0)), ((-0.0, 0.0), Is(0.0)), ((MAX, MAX), Is(INF)),
            ((MINSUB, MINSUB), Is(MINSUB2)), ((1.0, -1.0), Is(0.0)), ((NAN, 1.0), Canon),
            ((1e10, 1e-10), Is(1e10)),
        ]),
        ("f64_sub", M::f64_sub, &[
            ((1.0, 1.0), Is(0.0)), ((-0.0, 0.0), Is(-0.0)), ((INF, INF), Canon),
            ((0.3, 0.1), Is(0.19999999999999998)), ((NEG_MAX, MAX), Is(NEG_INF)),
        ]),
        ("f64_mul", M::f64_mul, &[
            ((1.5, -2.0), Is(-3.0)), ((0.0, INF), Canon), ((-0.0, 5.0), Is(-0.0)),
            ((MINSUB, 0.5), Is(0.0)), ((MAX, 2.0), Is(INF)), ((1e-30, 1e-30), Is(1.0000000000000001e-60)),
            ((NEG_MINSUB, 0.5), Is(-0.0)), ((3.0, MINSUB), Is(MINSUB3)),
        ]),
        ("f64_div", M::f64_div, &[
            ((1.0, 3.0), Is(0.3333333333333333)), ((1.0, 0.0), Is(INF)), ((-1.0, 0.0), Is(NEG_INF)),
            ((1.0, -0.0), Is(NEG_INF)), ((0.0, 0.0), Canon), ((INF, INF), Canon), ((-6.0, 2.0), Is(-3.0)),
            ((MINSUB, 2.0), Is(0.0)), ((1.0, MAX), Is(5.562684646268003e-309)),
        ]),
        ("f64_min", M::f64_min, &[
            ((1.0, 2.0), Is(1.0)), ((-0.0, 0.0), Is(-0.0)), ((0.0, -0.0), Is(-0.0)), ((NAN, 1.0), Canon),
            ((1.0, NAN), Canon), ((NEG_INF, INF), Is(NEG_INF)), ((-1.0, -2.0), Is(-2.0)),
            ((SNAN, 1.0), Arith), ((0.0, MINSUB), Is(0.0)),
        ]),
        ("f64_max", M::f64_max, &[
            ((1.0, 2.0), Is(2.0)), ((-0.0, 0.0), Is(0.0)), ((0.0, -0.0), Is(0.0)), ((NAN, 1.0), Canon),
            ((1.0, NAN), Canon), ((NEG_INF, INF), Is(INF)), ((-1.0, -2.0), Is(-1.0)),
            ((1.0, SNAN), Arith), ((-0.0, NEG_MINSUB), Is(-0.0)),
        ]),
        ("f64_copysign", M::f64_copysign, &[
            ((1.0, -0.0), Is(-1.0)), ((-2.0, 3.0), Is(2.0)), ((QNAN, -1.0), Is(NEG_QNAN)),
            ((SNAN, -0.0), Is(NEG_SNAN)), ((NEG_INF, NAN), Is(INF)), ((1.0, NEG_NAN), Is(-1.0)),
            ((NEG_QNAN, 0.0), Is(QNAN)), ((0.0, NEG_SNAN), Is(-0.0)),
        ]),
    ];

    #[rustfmt::skip]
    pub const UNARY: &FloatUnTable<M, f64> = &[
        ("f64_abs", M::f64_abs, &[
            (-0.0, Is(0.0)), (NEG_INF, Is(INF)), (NEG_QNAN, Is(QNAN)), (NEG_SNAN, Is(SNAN)),
            (-1.5, Is(1.5)), (QNAN, Is(QNAN)),
        ]),
        ("f64_neg", M::f64_neg, &[
            (0.0, Is(-0.0)), (QNAN, Is(NEG_QNAN)), (SNAN, Is(NEG_SNAN)), (1.5, Is(-1.5)),
            (NEG_INF, Is(INF)), (NEG_NAN, Is(NAN)),
        ]),
        ("f64_sqrt", M::f64_sqrt, &[
            (4.0, Is(2.0)), (2.0, Is(std::f64::consts::SQRT_2)), (-1.0, Canon), (-0.0, Is(-0.0)),
            (INF, Is(INF)), (0.0, Is(0.0)), (NEG_INF, Canon), (NAN, Canon),
            (MINSUB, Is(2.2227587494850775e-162)),
        ]),
        ("f64_ceil", M::f64_ceil, &[
            (1.1, Is(2.0)), (-1.1, Is(-1.0)), (-0.5, Is(-0.0)), (0.5, Is(1.0)), (INF, Is(INF)),
            (-0.0, Is(-0.0)), (NAN, Canon), (4503599627370495.5, Is(4503599627370496.0)),
            (MINSUB, Is(1.0)), (NEG_MINSUB, Is(-0.0)),
        ]),
        ("f64_floor", M::f64_floor, &[
            (1.9, Is(1.0)), (-1.1, Is(-2.0)), (0.5, Is(0.0)), (-0.5, Is(-1.0)), (-0.0, Is(-0.0)),
            (NEG_INF, Is(NEG_INF)), (NAN, Canon), (-4503599627370495.5, Is(-4503599627370496.0)),
            (MINSUB, Is(0.0)), (NEG_MINSUB, Is(-1.0)),
        ]),
        ("f64_trunc", M::f64_trunc, &[
            (-0.9, Is(-0.0)), (1.9, Is(1.0)), (-1.9, Is(-1.0)), (INF, Is(INF)), (NAN, Canon),
            (1e20, Is(1e20)), (4503599627370495.5, Is(4503599627370495.0)),
        ]),
        ("f64_nearest", M::f64_nearest, &[
            (0.5, Is(0.0)), (1.5, Is(2.0)), (2.5, Is(2.0)), (-0.5, Is(-0.0)), (-1.5, Is(-2.0)),
            (3.5, Is(4.0)), (4.5, Is(4.0)), (-0.0, Is(-0.0)), (0.49999999999999994, Is(0.0)),
            (4503599627370497.0, Is(4503599627370497.0)), (4503599627370495.5, Is(4503599627370496.0)),
            (-4503599627370494.5, Is(-4503599627370494.0)), (NAN, Canon), (NEG_INF, Is(NEG_INF)),
            (NEG_SNAN, Arith),
        ]),
    ];

    #[rustfmt::skip]
    pub const COMPARE: &[((f64, f64), [i32; 6])] = &[
        ((1.0, 2.0), [0, 1, 1, 0, 1, 0]),
        ((2.0, 1.0), [0, 1, 0, 1, 0, 1]),
        ((1.0, 1.0), [1, 0, 0, 0, 1, 1]),
        ((-0.0, 0.0), [1, 0, 0, 0, 1, 1]),
        ((NAN, 1.0), [0, 1, 0, 0, 0, 0]),
        ((1.0, NAN), [0, 1, 0, 0, 0, 0]),
        ((NAN, NAN), [0, 1, 0, 0, 0, 0]),
        ((NEG_INF, INF), [0, 1, 1, 0, 1, 0]),
        ((SNAN, SNAN), [0, 1, 0, 0, 0, 0]),
        ((NEG_QNAN, NEG_INF), [0, 1, 0, 0, 0, 0]),
    ];
}

/// Operations LLVM folds to their operand once the callee is inlined
/// (`x * 1` -> `x`, `min(x, x)` -> `x`, `demote(promote(x))` -> `x`): their
/// NaN results follow the rules all the same.
mod f32_folds {
    use super::family_support::floats::v32::*;
    use super::family_support::floats::Want::{Arith, Canon, Is};
    use super::*;

    #[rustfmt::skip]
    pub const FOLDED: &FloatUnTable<M, f32> = &[
        ("f32_mul_by_one", M::f32_mul_by_one, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(1.5))]),
        ("f32_mul_by_minus_one", M::f32_mul_by_minus_one, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(-1.5))]),
        ("f32_div_by_one", M::f32_div_by_one, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(1.5))]),
        ("f32_add_minus_zero", M::f32_add_minus_zero, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(1.5))]),
        ("f32_sub_zero", M::f32_sub_zero, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(1.5))]),
        ("f32_min_self", M::f32_min_self, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(1.5))]),
        ("f32_max_self", M::f32_max_self, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(1.5))]),
        ("f32_round_trip", M::f32_round_trip, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(1.5))]),
    ];
}

/// Operations LLVM folds to their operand once the callee is inlined
/// (`x * 1` -> `x`, `min(x, x)` -> `x`, `demote(promote(x))` -> `x`): their
/// NaN results follow the rules all the same.
mod f64_folds {
    use super::family_support::floats::v64::*;
    use super::family_support::floats::Want::{Arith, Canon, Is};
    use super::*;

    #[rustfmt::skip]
    pub const FOLDED: &FloatUnTable<M, f64> = &[
        ("f64_mul_by_one", M::f64_mul_by_one, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(1.5))]),
        ("f64_mul_by_minus_one", M::f64_mul_by_minus_one, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(-1.5))]),
        ("f64_div_by_one", M::f64_div_by_one, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(1.5))]),
        ("f64_add_minus_zero", M::f64_add_minus_zero, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(1.5))]),
        ("f64_sub_zero", M::f64_sub_zero, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(1.5))]),
        ("f64_min_self", M::f64_min_self, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(1.5))]),
        ("f64_max_self", M::f64_max_self, &[(SNAN, Arith), (NEG_SNAN, Arith), (NAN, Canon), (1.5, Is(1.5))]),
    ];
}

#[test]
fn operations_folded_after_inlining_still_quiet_signalling_nans() {
    run_float_unary(&mut instance(), f32_folds::FOLDED);
    run_float_unary(&mut instance(), f64_folds::FOLDED);
}

#[test]
fn f32_arithmetic_min_max_and_copysign() {
    run_float_binary(&mut instance(), f32_tables::BINARY);
}

#[test]
fn f64_arithmetic_min_max_and_copysign() {
    run_float_binary(&mut instance(), f64_tables::BINARY);
}

#[test]
fn f32_rounding_sqrt_abs_neg() {
    run_float_unary(&mut instance(), f32_tables::UNARY);
}

#[test]
fn f64_rounding_sqrt_abs_neg() {
    run_float_unary(&mut instance(), f64_tables::UNARY);
}

#[rustfmt::skip]
const F32_COMPARE_OPS: [BinOp<M, f32, i32>; 6] =
    [M::f32_eq, M::f32_ne, M::f32_lt, M::f32_gt, M::f32_le, M::f32_ge];

#[rustfmt::skip]
const F64_COMPARE_OPS: [BinOp<M, f64, i32>; 6] =
    [M::f64_eq, M::f64_ne, M::f64_lt, M::f64_gt, M::f64_le, M::f64_ge];

#[test]
fn comparisons_including_nan_and_signed_zero() {
    let mut m = instance();
    run_compare(
        &mut m,
        "f32",
        CMP_NAMES,
        F32_COMPARE_OPS,
        f32_tables::COMPARE,
    );
    run_compare(
        &mut m,
        "f64",
        CMP_NAMES,
        F64_COMPARE_OPS,
        f64_tables::COMPARE,
    );
}

#[test]
fn f32_products_round_to_f32() {
    let mut m = instance();
    assert_eq!(m.f32_mul_div(1e30, 1e30, 1e30).unwrap(), f32::INFINITY);
    assert_eq!(m.f32_mul_div(3.0, 5.0, 2.0).unwrap(), 7.5);
}

#[test]
fn operations_on_constants_fold_correctly() {
    let mut m = instance();
    let (min, nearest, neg, abs) = m.folded_f32().unwrap();
    assert_eq!(
        [min, nearest, neg, abs].map(f32::to_bits),
        [0x8000_0000, 2.0f32.to_bits(), 0xffa0_0000, 0x7fa0_0000]
    );
    let (max, nearest, neg, sqrt) = m.folded_f64().unwrap();
    assert_eq!(
        [max, nearest, neg, sqrt].map(f64::to_bits),
        [
            0,
            (-4.0f64).to_bits(),
            0xfff4_0000_0000_0001,
            0x8000_0000_0000_0000
        ]
    );
}
