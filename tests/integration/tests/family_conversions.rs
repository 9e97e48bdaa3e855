//! Conversions from `wasm/conversions.wat`: wrap/extend, trapping
//! float-to-int truncation at its exact valid edges, saturating truncation,
//! int-to-float conversion (including inputs that expose double rounding),
//! demote/promote and reinterpret. Expected values were verified with wabt's
//! spectest-interp.

mod family_support;

use conversions::Conversions;
use family_support::{bits32, bits64, check};
use std::fmt::Debug;
use wasmlite_rt::{Trap, TrapCode};

wasmlite_rt::include_wasm!("wasm/conversions.wat");

fn instance() -> Conversions<()> {
    Conversions::new(()).expect("instantiate conversions.wat")
}

/// Asserts that `call` traps in the function `export` for every input: with
/// `BadConversionToInteger` for NaN, `IntegerOverflow` for values out of the
/// integer's range (as the specification words them).
fn traps<A, R>(export: &str, inputs: &[A], mut call: impl FnMut(A) -> Result<R, Trap>)
where
    A: Copy + Debug + Into<f64>,
    R: Debug,
{
    for &x in inputs {
        let want = if x.into().is_nan() {
            TrapCode::BadConversionToInteger
        } else {
            TrapCode::IntegerOverflow
        };
        match call(x) {
            Ok(value) => panic!("{export}({x:?}) returned {value:?}, expected a trap"),
            Err(trap) => {
                assert_eq!(trap.code(), want, "{export}({x:?}): {trap}");
                assert_eq!(
                    trap.function_name(),
                    Some(export),
                    "{export}({x:?}): {trap}"
                );
            }
        }
    }
}

#[test]
#[rustfmt::skip]
fn wrap_and_extend() {
    let mut m = instance();
    check("i32_wrap_i64", &[
        (0x123456789, 0x23456789), (-1, -1), (0x80000000, i32::MIN), (0x100000000, 0),
    ], |x| m.i32_wrap_i64(x));
    check("i64_extend_i32_s", &[
        (-1, -1), (i32::MIN, -2_147_483_648), (i32::MAX, 2_147_483_647),
    ], |x| m.i64_extend_i32_s(x));
    check("i64_extend_i32_u", &[
        (-1, 4_294_967_295), (i32::MIN, 2_147_483_648), (1, 1),
    ], |x| m.i64_extend_i32_u(x));
}

#[test]
#[rustfmt::skip]
fn trunc_is_exact_up_to_the_valid_edges() {
    let mut m = instance();
    check("i32_trunc_f32_s", &[
        (-2147483648.0, i32::MIN), (2147483520.0, 2_147_483_520), (-0.9, 0), (1.9, 1), (-1.9, -1),
        (-0.0, 0),
    ], |x| m.i32_trunc_f32_s(x));
    check("i32_trunc_f32_u", &[
        (4294967040.0, -256), (-0.9, 0), (2147483648.0, i32::MIN), (1.9, 1),
    ], |x| m.i32_trunc_f32_u(x));
    check("i32_trunc_f64_s", &[
        (2147483647.9, i32::MAX), (-2147483648.9, i32::MIN), (-0.9, 0), (1e-300, 0),
    ], |x| m.i32_trunc_f64_s(x));
    check("i32_trunc_f64_u", &[
        (4294967295.9, -1), (-0.9, 0), (2147483648.5, i32::MIN),
    ], |x| m.i32_trunc_f64_u(x));
    check("i64_trunc_f32_s", &[
        (9223371487098961920.0, 9_223_371_487_098_961_920), (-9223372036854775808.0, i64::MIN),
        (-1.5, -1),
    ], |x| m.i64_trunc_f32_s(x));
    check("i64_trunc_f32_u", &[
        (1.8446743e+19, -1_099_511_627_776), (-0.9, 0), (9223372036854775808.0, i64::MIN),
    ], |x| m.i64_trunc_f32_u(x));
    check("i64_trunc_f64_s", &[
        (9223372036854774784.0, 9_223_372_036_854_774_784), (-9223372036854775808.0, i64::MIN), (-0.9, 0),
        (4294967296.5, 4_294_967_296),
    ], |x| m.i64_trunc_f64_s(x));
    check("i64_trunc_f64_u", &[
        (1.844674407370955e+19, -2_048), (-0.9, 0), (9223372036854775808.0, i64::MIN),
    ], |x| m.i64_trunc_f64_u(x));
}

#[test]
#[rustfmt::skip]
fn trunc_traps_on_nan_infinity_and_out_of_range() {
    let mut m = instance();
    traps("i32_trunc_f32_s", &[
        2147483648.0, -2147483904.0, f32::NAN, f32::INFINITY, f32::NEG_INFINITY,
        f32::from_bits(0x7f80_0001),
    ], |x| m.i32_trunc_f32_s(x));
    traps("i32_trunc_f32_u", &[
        4294967296.0, -1.0, f32::NAN, f32::INFINITY, f32::NEG_INFINITY,
    ], |x| m.i32_trunc_f32_u(x));
    traps("i32_trunc_f64_s", &[
        2147483648.0, -2147483649.0, f64::NAN, f64::INFINITY, f64::from_bits(0xfff8_0000_0000_0000),
    ], |x| m.i32_trunc_f64_s(x));
    traps("i32_trunc_f64_u", &[
        4294967296.0, -1.0, f64::NAN, f64::NEG_INFINITY, 1e300,
    ], |x| m.i32_trunc_f64_u(x));
    traps("i64_trunc_f32_s", &[
        9223372036854775808.0, -9223373136366403584.0, f32::NAN, f32::INFINITY,
    ], |x| m.i64_trunc_f32_s(x));
    traps("i64_trunc_f32_u", &[1.8446744e+19, -1.0, f32::NAN, f32::INFINITY], |x| m.i64_trunc_f32_u(x));
    traps("i64_trunc_f64_s", &[
        9223372036854775808.0, -9223372036854777856.0, f64::NAN, f64::NEG_INFINITY,
    ], |x| m.i64_trunc_f64_s(x));
    traps("i64_trunc_f64_u", &[
        1.8446744073709552e+19, -1.0, f64::NAN, f64::INFINITY,
    ], |x| m.i64_trunc_f64_u(x));
    assert_eq!(m.i32_trunc_f32_s(-1.5).unwrap(), -1, "the instance still works after the traps");
}

#[test]
#[rustfmt::skip]
fn trunc_sat_maps_nan_to_zero_and_saturates() {
    let mut m = instance();
    check("i32_trunc_sat_f32_s", &[
        (f32::NAN, 0), (f32::from_bits(0xffc0_0000), 0), (f32::INFINITY, i32::MAX),
        (f32::NEG_INFINITY, i32::MIN), (2147483648.0, i32::MAX), (-3e9, i32::MIN), (-1.9, -1),
        (2147483520.0, 2_147_483_520),
    ], |x| m.i32_trunc_sat_f32_s(x));
    check("i32_trunc_sat_f32_u", &[
        (f32::NAN, 0), (f32::INFINITY, -1), (f32::NEG_INFINITY, 0), (-1.0, 0), (5e9, -1),
        (4294967040.0, -256), (1.9, 1),
    ], |x| m.i32_trunc_sat_f32_u(x));
    check("i32_trunc_sat_f64_s", &[
        (f64::NAN, 0), (f64::INFINITY, i32::MAX), (f64::NEG_INFINITY, i32::MIN), (2147483648.0, i32::MAX),
        (-2147483649.0, i32::MIN), (-2147483648.9, i32::MIN), (f64::from_bits(0x7ff0_0000_0000_0001), 0),
    ], |x| m.i32_trunc_sat_f64_s(x));
    check("i32_trunc_sat_f64_u", &[
        (f64::NAN, 0), (f64::INFINITY, -1), (-1e300, 0), (4294967296.0, -1), (4294967295.9, -1),
        (-0.9, 0), (1e300, -1),
    ], |x| m.i32_trunc_sat_f64_u(x));
    check("i64_trunc_sat_f32_s", &[
        (f32::NAN, 0), (f32::INFINITY, i64::MAX), (f32::NEG_INFINITY, i64::MIN),
        (9223372036854775808.0, i64::MAX), (9223371487098961920.0, 9_223_371_487_098_961_920),
    ], |x| m.i64_trunc_sat_f32_s(x));
    check("i64_trunc_sat_f32_u", &[
        (f32::NAN, 0), (f32::INFINITY, -1), (-1.0, 0), (1.8446744e+19, -1),
        (1.8446743e+19, -1_099_511_627_776),
    ], |x| m.i64_trunc_sat_f32_u(x));
    check("i64_trunc_sat_f64_s", &[
        (f64::NAN, 0), (f64::NEG_INFINITY, i64::MIN), (9223372036854775808.0, i64::MAX),
        (-9223372036854777856.0, i64::MIN), (9223372036854774784.0, 9_223_372_036_854_774_784),
        (-1.5, -1),
    ], |x| m.i64_trunc_sat_f64_s(x));
    check("i64_trunc_sat_f64_u", &[
        (f64::NAN, 0), (f64::INFINITY, -1), (f64::NEG_INFINITY, 0), (1.8446744073709552e+19, -1),
        (1.844674407370955e+19, -2_048), (-0.9, 0),
    ], |x| m.i64_trunc_sat_f64_u(x));
}

#[test]
#[rustfmt::skip]
fn convert_rounds_to_nearest_even_without_double_rounding() {
    let mut m = instance();
    check("f32_convert_i32_s", &[
        (16_777_217, 16777216.0_f32.to_bits()), (i32::MIN, (-2147483648.0_f32).to_bits()),
        (-1, (-1.0_f32).to_bits()), (0, 0.0_f32.to_bits()), (16_777_219, 16777220.0_f32.to_bits()),
    ], |x| bits32(m.f32_convert_i32_s(x)));
    check("f32_convert_i32_u", &[
        (-1, 4294967296.0_f32.to_bits()), (-2_147_483_520, 2147483648.0_f32.to_bits()),
        (-2_147_483_519, 2147483904.0_f32.to_bits()), (16_777_217, 16777216.0_f32.to_bits()),
    ], |x| bits32(m.f32_convert_i32_u(x)));
    check("f32_convert_i64_s", &[
        (i64::MIN, (-9223372036854775808.0_f32).to_bits()),
        (9_007_199_791_611_905, 9007200328482816.0_f32.to_bits()),
        (-9_007_199_791_611_905, (-9007200328482816.0_f32).to_bits()), (-1, (-1.0_f32).to_bits()),
    ], |x| bits32(m.f32_convert_i64_s(x)));
    check("f32_convert_i64_u", &[
        (-1, 1.8446744e+19_f32.to_bits()),
        (-9_223_371_487_098_961_919, 9223373136366403584.0_f32.to_bits()),
        (16_777_217, 16777216.0_f32.to_bits()), (i64::MIN, 9223372036854775808.0_f32.to_bits()),
    ], |x| bits32(m.f32_convert_i64_u(x)));
    check("f64_convert_i32_s", &[
        (i32::MIN, (-2147483648.0_f64).to_bits()), (i32::MAX, 2147483647.0_f64.to_bits()),
        (-1, (-1.0_f64).to_bits()),
    ], |x| bits64(m.f64_convert_i32_s(x)));
    check("f64_convert_i32_u", &[
        (-1, 4294967295.0_f64.to_bits()), (i32::MIN, 2147483648.0_f64.to_bits()),
    ], |x| bits64(m.f64_convert_i32_u(x)));
    check("f64_convert_i64_s", &[
        (9_007_199_254_740_993, 9007199254740992.0_f64.to_bits()),
        (9_007_199_254_740_995, 9007199254740996.0_f64.to_bits()),
        (i64::MIN, (-9223372036854775808.0_f64).to_bits()),
        (i64::MAX, 9223372036854775808.0_f64.to_bits()),
    ], |x| bits64(m.f64_convert_i64_s(x)));
    check("f64_convert_i64_u", &[
        (-1, 1.8446744073709552e+19_f64.to_bits()),
        (-9_223_372_036_854_774_783, 9223372036854777856.0_f64.to_bits()),
        (-9_223_372_036_854_774_784, 9223372036854775808.0_f64.to_bits()),
        (9_007_199_254_740_993, 9007199254740992.0_f64.to_bits()),
    ], |x| bits64(m.f64_convert_i64_u(x)));
}

#[test]
#[rustfmt::skip]
fn demote_and_promote() {
    let mut m = instance();
    check("f32_demote_f64", &[
        (0.1, 0.1_f32.to_bits()), (1e300, f32::INFINITY.to_bits()), (-1e300, f32::NEG_INFINITY.to_bits()),
        (1e-300, 0.0_f32.to_bits()), (-1e-300, (-0.0_f32).to_bits()),
        (1.0000000596046448, 1.0_f32.to_bits()), (1.0000001788139343, 1.0000002_f32.to_bits()),
        (-0.0, (-0.0_f32).to_bits()), (f64::INFINITY, f32::INFINITY.to_bits()),
    ], |x| bits32(m.f32_demote_f64(x)));
    check("f64_promote_f32", &[
        (0.1, 0.10000000149011612_f64.to_bits()), (-0.0, (-0.0_f64).to_bits()),
        (f32::INFINITY, f64::INFINITY.to_bits()),
        (f32::from_bits(1), 1.401298464324817e-45_f64.to_bits()), (-3.5, (-3.5_f64).to_bits()),
    ], |x| bits64(m.f64_promote_f32(x)));
    let nan = m.f32_demote_f64(f64::NAN).unwrap().to_bits();
    assert_eq!(nan & 0x7fff_ffff, 0x7fc0_0000, "f32_demote_f64(NaN) must be a canonical NaN, got {nan:#x}");
    let nan = m.f64_promote_f32(f32::NAN).unwrap().to_bits();
    assert_eq!(nan & 0x7fff_ffff_ffff_ffff, 0x7ff8_0000_0000_0000, "f64_promote_f32(NaN) must be a canonical NaN, got {nan:#x}");
}

#[test]
#[rustfmt::skip]
fn reinterpret_keeps_every_bit() {
    let mut m = instance();
    check("i32_reinterpret_f32", &[
        (-0.0, i32::MIN), (1.0, 1_065_353_216), (f32::from_bits(0x7f80_0001), 2_139_095_041),
        (f32::from_bits(0xffc0_0000), -4_194_304), (f32::from_bits(0x7fc0_0001), 2_143_289_345),
    ], |x| m.i32_reinterpret_f32(x));
    check("i64_reinterpret_f64", &[
        (-0.0, i64::MIN), (1.0, 4_607_182_418_800_017_408),
        (f64::from_bits(0x7ff0_0000_0000_0001), 9_218_868_437_227_405_313),
        (f64::from_bits(0xfff8_0000_0000_0000), -2_251_799_813_685_248),
    ], |x| m.i64_reinterpret_f64(x));
    check("f32_reinterpret_i32", &[
        (i32::MIN, (-0.0_f32).to_bits()), (1_065_353_216, 1.0_f32.to_bits()),
        (2_141_192_192, 0x7fa0_0000), (-1, 0xffff_ffff),
    ], |x| bits32(m.f32_reinterpret_i32(x)));
    check("f64_reinterpret_i64", &[
        (i64::MIN, (-0.0_f64).to_bits()), (4_607_182_418_800_017_408, 1.0_f64.to_bits()),
        (9_219_994_337_134_247_936, 0x7ff4_0000_0000_0000), (1, 0x1),
    ], |x| bits64(m.f64_reinterpret_i64(x)));
}
