//! Integer instructions from `wasm/int.wat`: every i32 and i64 operator,
//! checked against expected values (verified with wabt's spectest-interp),
//! including shift counts >= the width, division edge cases and constant
//! operands the compiler may fold.

mod family_support;

use family_support::expect_trap;
use family_support::tables::{run_binary, run_compare, run_unary, BinOp, BinTable, UnTable};
use int::Int;
use wasmlite_rt::TrapCode;

wasmlite_rt::include_wasm!("wasm/int.wat");

type M = Int<()>;

/// The comparison operators in the order of the rows of the comparison tables.
const CMP_NAMES: [&str; 10] = [
    "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u",
];

fn instance() -> M {
    Int::new(()).expect("instantiate int.wat")
}

#[rustfmt::skip]
const I32_BINARY: &BinTable<M, i32, i32> = &[
    ("i32_add", M::i32_add, &[
        ((1, 2), 3), ((i32::MAX, 1), i32::MIN), ((-1, -1), -2), ((i32::MIN, i32::MIN), 0),
    ]),
    ("i32_sub", M::i32_sub, &[((3, 5), -2), ((i32::MIN, 1), i32::MAX), ((0, i32::MIN), i32::MIN)]),
    ("i32_mul", M::i32_mul, &[
        ((7, -6), -42), ((0x1_0000, 0x1_0000), 0), ((0x1234_5678, 0x9abc_def0_u32 as i32), 0x242d_2080),
        ((i32::MIN, -1), i32::MIN),
    ]),
    ("i32_div_s", M::i32_div_s, &[
        ((7, 2), 3), ((-7, 2), -3), ((7, -2), -3), ((-7, -2), 3), ((i32::MIN, 1), i32::MIN),
        ((i32::MIN, 2), 0xc000_0000_u32 as i32), ((i32::MAX, -1), 0x8000_0001_u32 as i32),
    ]),
    ("i32_div_u", M::i32_div_u, &[
        ((7, 2), 3), ((-7, 2), 0x7fff_fffc), ((i32::MIN, -1), 0), ((-1, -1), 1), ((-1, 1), -1),
    ]),
    ("i32_rem_s", M::i32_rem_s, &[
        ((7, 2), 1), ((-7, 2), -1), ((7, -2), 1), ((-7, -2), -1), ((i32::MIN, -1), 0), ((i32::MIN, 2), 0),
        ((i32::MAX, -1), 0), ((5, i32::MIN), 5),
    ]),
    ("i32_rem_u", M::i32_rem_u, &[
        ((7, 2), 1), ((-7, 2), 1), ((-1, 10), 5), ((i32::MIN, -1), i32::MIN), ((5, i32::MIN), 5),
    ]),
    ("i32_and", M::i32_and, &[
        ((0xff00_ff00_u32 as i32, 0xff0_0ff0), 0xf00_0f00), ((-1, 0x1234_5678), 0x1234_5678),
    ]),
    ("i32_or", M::i32_or, &[((0xff00_ff00_u32 as i32, 0xff0_0ff0), 0xfff0_fff0_u32 as i32), ((0, 0), 0)]),
    ("i32_xor", M::i32_xor, &[
        ((0xff00_ff00_u32 as i32, 0xff0_0ff0), 0xf0f0_f0f0_u32 as i32),
        ((-1, 0x1234_5678), 0xedcb_a987_u32 as i32),
    ]),
    ("i32_shl", M::i32_shl, &[
        ((1, 0), 1), ((1, 31), i32::MIN), ((1, 32), 1), ((1, 33), 2), ((1, -1), i32::MIN),
        ((255, 100), 4080),
    ]),
    ("i32_shr_s", M::i32_shr_s, &[
        ((i32::MIN, 31), -1), ((i32::MIN, 32), i32::MIN), ((-8, 1), -4), ((i32::MIN, 63), -1),
        ((i32::MAX, 33), 0x3fff_ffff), ((i32::MIN, -1), -1),
    ]),
    ("i32_shr_u", M::i32_shr_u, &[
        ((i32::MIN, 31), 1), ((i32::MIN, 32), i32::MIN), ((-8, 1), 0x7fff_fffc), ((-1, 36), 0xfff_ffff),
        ((i32::MIN, -1), 1),
    ]),
    ("i32_rotl", M::i32_rotl, &[
        ((0x8000_0001_u32 as i32, 1), 3), ((0x1234_5678, 4), 0x2345_6781),
        ((0x1234_5678, 36), 0x2345_6781), ((0x1234_5678, 32), 0x1234_5678),
        ((0x1234_5678, 0), 0x1234_5678), ((1, -1), i32::MIN),
    ]),
    ("i32_rotr", M::i32_rotr, &[
        ((1, 1), i32::MIN), ((0x1234_5678, 4), 0x8123_4567_u32 as i32),
        ((0x1234_5678, 68), 0x8123_4567_u32 as i32), ((0x1234_5678, 32), 0x1234_5678), ((1, -1), 2),
    ]),
];

#[rustfmt::skip]
const I64_BINARY: &BinTable<M, i64, i64> = &[
    ("i64_add", M::i64_add, &[
        ((1, 2), 3), ((i64::MAX, 1), i64::MIN), ((-1, -1), -2), ((0xffff_ffff, 1), 0x1_0000_0000),
    ]),
    ("i64_sub", M::i64_sub, &[
        ((3, 5), -2), ((i64::MIN, 1), i64::MAX), ((0, 0x1_0000_0000), 0xffff_ffff_0000_0000_u64 as i64),
    ]),
    ("i64_mul", M::i64_mul, &[
        ((7, -6), -42), ((0x1_0000_0000, 0x1_0000_0000), 0),
        ((0x1234_5678_9abc_def0, 0xfedc_ba98_7654_3210_u64 as i64), 0x236d_88fe_5618_cf00),
        ((i64::MIN, -1), i64::MIN),
    ]),
    ("i64_div_s", M::i64_div_s, &[
        ((7, 2), 3), ((-7, 2), -3), ((7, -2), -3), ((-7, -2), 3),
        ((i64::MIN, 2), 0xc000_0000_0000_0000_u64 as i64),
        ((i64::MAX, -1), 0x8000_0000_0000_0001_u64 as i64),
        ((0x1_0000_0000, -3), 0xffff_ffff_aaaa_aaab_u64 as i64),
    ]),
    ("i64_div_u", M::i64_div_u, &[
        ((7, 2), 3), ((-7, 2), 0x7fff_ffff_ffff_fffc), ((i64::MIN, -1), 0),
        ((-1, 0x1_0000_0000), 0xffff_ffff),
    ]),
    ("i64_rem_s", M::i64_rem_s, &[
        ((7, 2), 1), ((-7, 2), -1), ((7, -2), 1), ((-7, -2), -1), ((i64::MIN, -1), 0),
        ((i64::MAX, -1), 0), ((5, i64::MIN), 5),
    ]),
    ("i64_rem_u", M::i64_rem_u, &[((7, 2), 1), ((-7, 2), 1), ((-1, 10), 5), ((i64::MIN, -1), i64::MIN)]),
    ("i64_and", M::i64_and, &[
        ((0xff00_ff00_ff00_ff00_u64 as i64, 0xff0_0ff0_0ff0_0ff0), 0xf00_0f00_0f00_0f00),
    ]),
    ("i64_or", M::i64_or, &[
        ((0xff00_ff00_ff00_ff00_u64 as i64, 0xff0_0ff0_0ff0_0ff0), 0xfff0_fff0_fff0_fff0_u64 as i64),
    ]),
    ("i64_xor", M::i64_xor, &[
        ((0xff00_ff00_ff00_ff00_u64 as i64, 0xff0_0ff0_0ff0_0ff0), 0xf0f0_f0f0_f0f0_f0f0_u64 as i64),
        ((-1, 0x1_2345_6789), 0xffff_fffe_dcba_9876_u64 as i64),
    ]),
    ("i64_shl", M::i64_shl, &[
        ((1, 0), 1), ((1, 63), i64::MIN), ((1, 64), 1), ((1, 65), 2), ((1, -1), i64::MIN),
        ((255, 100), 0xff0_0000_0000), ((1, 32), 0x1_0000_0000),
    ]),
    ("i64_shr_s", M::i64_shr_s, &[
        ((i64::MIN, 63), -1), ((i64::MIN, 64), i64::MIN), ((-8, 1), -4), ((i64::MIN, 127), -1),
        ((i64::MIN, -1), -1), ((i64::MIN, 32), 0xffff_ffff_8000_0000_u64 as i64),
    ]),
    ("i64_shr_u", M::i64_shr_u, &[
        ((i64::MIN, 63), 1), ((i64::MIN, 64), i64::MIN), ((-8, 1), 0x7fff_ffff_ffff_fffc),
        ((-1, 68), 0xfff_ffff_ffff_ffff), ((i64::MIN, 32), 0x8000_0000),
    ]),
    ("i64_rotl", M::i64_rotl, &[
        ((0x8000_0000_0000_0001_u64 as i64, 1), 3), ((0x1234_5678_9abc_def0, 4), 0x2345_6789_abcd_ef01),
        ((0x1234_5678_9abc_def0, 68), 0x2345_6789_abcd_ef01),
        ((0x1234_5678_9abc_def0, 64), 0x1234_5678_9abc_def0), ((1, -1), i64::MIN),
        ((1, 32), 0x1_0000_0000),
    ]),
    ("i64_rotr", M::i64_rotr, &[
        ((1, 1), i64::MIN), ((0x1234_5678_9abc_def0, 4), 0x123_4567_89ab_cdef),
        ((0x1234_5678_9abc_def0, 132), 0x123_4567_89ab_cdef), ((1, -1), 2),
    ]),
];

#[rustfmt::skip]
const I32_UNARY: &UnTable<M, i32, i32> = &[
    ("i32_clz", M::i32_clz, &[(0, 32), (1, 31), (i32::MIN, 0), (-1, 0), (0x1_0000, 15)]),
    ("i32_ctz", M::i32_ctz, &[(0, 32), (1, 0), (i32::MIN, 31), (0x1_0000, 16), (-1, 0)]),
    ("i32_popcnt", M::i32_popcnt, &[(0, 0), (-1, 32), (0x5555_5555, 16), (i32::MIN, 1)]),
    ("i32_eqz", M::i32_eqz, &[(0, 1), (1, 0), (i32::MIN, 0)]),
    ("i32_extend8_s", M::i32_extend8_s, &[
        (127, 127), (128, -128), (511, -1), (0x1234_5678, 120), (0xff00, 0),
    ]),
    ("i32_extend16_s", M::i32_extend16_s, &[
        (0x7fff, 0x7fff), (0x8000, 0xffff_8000_u32 as i32), (0x1234_8765, 0xffff_8765_u32 as i32),
        (0x1_0000, 0),
    ]),
];

#[rustfmt::skip]
const I64_UNARY: &UnTable<M, i64, i64> = &[
    ("i64_clz", M::i64_clz, &[(0, 64), (1, 63), (i64::MIN, 0), (-1, 0), (0x8000_0000, 32)]),
    ("i64_ctz", M::i64_ctz, &[(0, 64), (1, 0), (i64::MIN, 63), (0x1_0000_0000, 32), (-1, 0)]),
    ("i64_popcnt", M::i64_popcnt, &[
        (0, 0), (-1, 64), (0x5555_5555_5555_5555, 32), (i64::MIN, 1), (0xffff_ffff, 32),
    ]),
    ("i64_extend8_s", M::i64_extend8_s, &[(127, 127), (128, -128), (511, -1), (0x1234_5678_9abc_def0, -16)]),
    ("i64_extend16_s", M::i64_extend16_s, &[
        (0x7fff, 0x7fff), (0x8000, 0xffff_ffff_ffff_8000_u64 as i64), (0x1_0000_0000, 0),
    ]),
    ("i64_extend32_s", M::i64_extend32_s, &[
        (0x7fff_ffff, 0x7fff_ffff), (0x8000_0000, 0xffff_ffff_8000_0000_u64 as i64),
        (0x1234_5678_9abc_def0, 0xffff_ffff_9abc_def0_u64 as i64), (0x1_0000_0000, 0),
    ]),
];

#[rustfmt::skip]
const I64_EQZ: &UnTable<M, i64, i32> = &[
    ("i64_eqz", M::i64_eqz, &[(0, 1), (1, 0), (i64::MIN, 0), (0x1_0000_0000, 0)]),
];

/// Rows of (a, b) and the results of the operators of `CMP_NAMES`.
#[rustfmt::skip]
const I32_COMPARE: &[((i32, i32), [i32; 10])] = &[
    ((1, -1), [0, 1, 0, 1, 1, 0, 0, 1, 1, 0]),
    ((-1, 1), [0, 1, 1, 0, 0, 1, 1, 0, 0, 1]),
    ((i32::MIN, i32::MAX), [0, 1, 1, 0, 0, 1, 1, 0, 0, 1]),
    ((5, 5), [1, 0, 0, 0, 0, 0, 1, 1, 1, 1]),
];

#[rustfmt::skip]
const I64_COMPARE: &[((i64, i64), [i32; 10])] = &[
    ((1, -1), [0, 1, 0, 1, 1, 0, 0, 1, 1, 0]),
    ((-1, 1), [0, 1, 1, 0, 0, 1, 1, 0, 0, 1]),
    ((i64::MIN, i64::MAX), [0, 1, 1, 0, 0, 1, 1, 0, 0, 1]),
    ((5, 5), [1, 0, 0, 0, 0, 0, 1, 1, 1, 1]),
    ((0x1_0000_0000, 1), [0, 1, 0, 0, 1, 1, 0, 0, 1, 1]),
];

#[test]
fn i32_arithmetic_bitwise_shifts_and_division() {
    run_binary(&mut instance(), I32_BINARY);
}

#[test]
fn i64_arithmetic_bitwise_shifts_and_division() {
    run_binary(&mut instance(), I64_BINARY);
}

#[test]
fn i32_counts_eqz_and_sign_extension() {
    run_unary(&mut instance(), I32_UNARY);
}

#[test]
fn i64_counts_eqz_and_sign_extension() {
    run_unary(&mut instance(), I64_UNARY);
    run_unary(&mut instance(), I64_EQZ);
}

/// Exports with constant operands, where the compiler may fold or specialise.
#[rustfmt::skip]
const I32_CONSTANT_OPERAND: &UnTable<M, i32, i32> = &[
    ("i32_shl_by_33", M::i32_shl_by_33, &[(3, 6), (0xc000_0001_u32 as i32, 0x8000_0002_u32 as i32)]),
    ("i32_shr_u_by_32", M::i32_shr_u_by_32, &[(i32::MIN, i32::MIN), (-1, -1)]),
    ("i32_rotl_by_36", M::i32_rotl_by_36, &[(0x1234_5678, 0x2345_6781)]),
    ("i32_rem_s_by_minus_1", M::i32_rem_s_by_minus_1, &[(i32::MIN, 0), (17, 0), (-5, 0)]),
    ("i32_div_u_by_7", M::i32_div_u_by_7, &[(-1, 613_566_756), (49, 7), (48, 6)]),
    ("i32_div_s_by_minus_4", M::i32_div_s_by_minus_4, &[(i32::MIN, 0x2000_0000), (7, -1), (-9, 2)]),
];

#[rustfmt::skip]
const I64_CONSTANT_OPERAND: &UnTable<M, i64, i64> = &[
    ("i64_shr_s_by_65", M::i64_shr_s_by_65, &[(-8, -4), (0x7fff_ffff_ffff_fffe, 0x3fff_ffff_ffff_ffff)]),
    ("i64_rotr_by_minus_1", M::i64_rotr_by_minus_1, &[(0x8000_0000_0000_0001_u64 as i64, 3)]),
    ("i64_rem_s_by_minus_1", M::i64_rem_s_by_minus_1, &[(i64::MIN, 0), (17, 0)]),
    ("i64_rem_u_by_10", M::i64_rem_u_by_10, &[(-1, 5), (1_234_567, 7)]),
];

#[rustfmt::skip]
const I32_COMPARE_OPS: [BinOp<M, i32, i32>; 10] = [
    M::i32_eq, M::i32_ne, M::i32_lt_s, M::i32_lt_u, M::i32_gt_s,
    M::i32_gt_u, M::i32_le_s, M::i32_le_u, M::i32_ge_s, M::i32_ge_u,
];

#[rustfmt::skip]
const I64_COMPARE_OPS: [BinOp<M, i64, i32>; 10] = [
    M::i64_eq, M::i64_ne, M::i64_lt_s, M::i64_lt_u, M::i64_gt_s,
    M::i64_gt_u, M::i64_le_s, M::i64_le_u, M::i64_ge_s, M::i64_ge_u,
];

#[test]
fn comparisons_signed_and_unsigned() {
    let mut m = instance();
    run_compare(&mut m, "i32", CMP_NAMES, I32_COMPARE_OPS, I32_COMPARE);
    run_compare(&mut m, "i64", CMP_NAMES, I64_COMPARE_OPS, I64_COMPARE);
}

#[test]
fn division_by_zero_and_overflow_trap() {
    let mut m = instance();
    const BY_ZERO: TrapCode = TrapCode::IntegerDivisionByZero;
    const OVERFLOW: TrapCode = TrapCode::IntegerOverflow;
    let cases = [
        (m.i32_div_s(1, 0).map(i64::from), BY_ZERO, "i32_div_s"),
        (m.i32_div_u(1, 0).map(i64::from), BY_ZERO, "i32_div_u"),
        (m.i32_rem_s(1, 0).map(i64::from), BY_ZERO, "i32_rem_s"),
        (m.i32_rem_u(1, 0).map(i64::from), BY_ZERO, "i32_rem_u"),
        (m.i64_div_s(1, 0), BY_ZERO, "i64_div_s"),
        (m.i64_div_u(1, 0), BY_ZERO, "i64_div_u"),
        (m.i64_rem_s(i64::MIN, 0), BY_ZERO, "i64_rem_s"),
        (m.i64_rem_u(1, 0), BY_ZERO, "i64_rem_u"),
        (
            m.i32_div_s(i32::MIN, -1).map(i64::from),
            OVERFLOW,
            "i32_div_s",
        ),
        (m.i64_div_s(i64::MIN, -1), OVERFLOW, "i64_div_s"),
    ];
    for (result, code, function) in cases {
        expect_trap(result, code, function);
    }
    // The remainder of the same operands is defined.
    assert_eq!(m.i32_rem_s(i32::MIN, -1).unwrap(), 0);
    assert_eq!(m.i64_rem_s(i64::MIN, -1).unwrap(), 0);
}

#[test]
fn constant_operands_shift_rotate_and_divide_correctly() {
    run_unary(&mut instance(), I32_CONSTANT_OPERAND);
    run_unary(&mut instance(), I64_CONSTANT_OPERAND);
}

#[test]
fn operations_on_constants_fold_correctly() {
    let mut m = instance();
    assert_eq!(m.folded_i32().unwrap(), (2, i32::MIN, i32::MIN, 32, 0, -3));
    assert_eq!(m.folded_i64().unwrap(), (2, 64, 0, -1, 64));
}
