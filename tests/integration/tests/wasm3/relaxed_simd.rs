//! Relaxed SIMD (`wasm/relaxed_simd.wat`): each instruction's documented
//! deterministic result (ARCHITECTURE.md, "Relaxed SIMD"), including the
//! inputs where the relaxed semantics would allow several.

use wasmlite_rt::V128;

wasmlite_rt::include_wasm!("wasm/relaxed_simd.wat");

fn instance() -> relaxed_simd::RelaxedSimd<()> {
    relaxed_simd::RelaxedSimd::new(()).expect("instantiate relaxed_simd.wat")
}

/// Whether wasmlite-build compiled the module with fused multiply-add:
/// it passes Cargo's target features on, and AArch64 always has FMA.
const FUSED: bool = cfg!(any(target_feature = "fma", target_arch = "aarch64"));

#[test]
fn swizzle_is_swizzle_indices_past_15_give_zero() {
    let mut m = instance();
    let a = V128::from_u8x16(std::array::from_fn(|i| 100 + i as u8));
    let indices = V128::from_u8x16([0, 15, 16, 255, 128, 3, 0x8f, 17, 1, 2, 3, 4, 5, 6, 7, 8]);
    let expected = [
        100, 115, 0, 0, 0, 103, 0, 0, 101, 102, 103, 104, 105, 106, 107, 108,
    ];
    assert_eq!(m.swizzle(a, indices).unwrap().to_u8x16(), expected);
}

#[test]
fn truncation_saturates_and_nan_gives_zero() {
    let mut m = instance();
    let f = V128::from_f32x4([f32::NAN, 3e9, -3e9, -1.7]);
    assert_eq!(
        m.trunc_f32x4_s(f).unwrap().to_i32x4(),
        [0, i32::MAX, i32::MIN, -1]
    );
    let f = V128::from_f32x4([f32::NAN, 5e9, -1.0, 3.9]);
    assert_eq!(m.trunc_f32x4_u(f).unwrap().to_u32x4(), [0, u32::MAX, 0, 3]);
    let d = V128::from_f64x2([f64::NAN, -1e10]);
    assert_eq!(
        m.trunc_f64x2_s_zero(d).unwrap().to_i32x4(),
        [0, i32::MIN, 0, 0]
    );
    let d = V128::from_f64x2([1e10, 2.5]);
    assert_eq!(
        m.trunc_f64x2_u_zero(d).unwrap().to_u32x4(),
        [u32::MAX, 2, 0, 0]
    );
}

#[test]
fn madd_and_nmadd_are_fused_exactly_when_the_target_has_fma() {
    let mut m = instance();
    // (1 + 2^-23)(1 - 2^-23) = 1 - 2^-46: rounded to 1 before the add
    // when unfused.
    let (a, b) = (1.0 + f32::EPSILON, 1.0 - f32::EPSILON);
    let tiny = if FUSED { 2f32.powi(-46) } else { 0.0 };
    let r = m
        .f32x4_madd(
            V128::from_f32x4([a, 2.0, 1.5, -3.0]),
            V128::from_f32x4([b, 3.0, 2.0, 4.0]),
            V128::from_f32x4([-1.0, 1.0, 1.0, 0.5]),
        )
        .unwrap();
    assert_eq!(r.to_f32x4(), [-tiny, 7.0, 4.0, -11.5]);
    let r = m
        .f32x4_nmadd(
            V128::from_f32x4([a, 2.0, 1.5, -3.0]),
            V128::from_f32x4([b, 3.0, 2.0, 4.0]),
            V128::from_f32x4([1.0, 10.0, 1.0, 0.5]),
        )
        .unwrap();
    assert_eq!(r.to_f32x4(), [tiny, 4.0, -2.0, 12.5]);
    let (a, b) = (1.0 + f64::EPSILON, 1.0 - f64::EPSILON);
    let tiny = if FUSED { 2f64.powi(-104) } else { 0.0 };
    let r = m
        .f64x2_madd(
            V128::from_f64x2([a, 2.0]),
            V128::from_f64x2([b, 3.0]),
            V128::from_f64x2([-1.0, 1.0]),
        )
        .unwrap();
    assert_eq!(r.to_f64x2(), [-tiny, 7.0]);
    let r = m
        .f64x2_nmadd(
            V128::from_f64x2([a, 2.0]),
            V128::from_f64x2([b, 3.0]),
            V128::from_f64x2([1.0, 10.0]),
        )
        .unwrap();
    assert_eq!(r.to_f64x2(), [tiny, 4.0]);
}

#[test]
fn laneselect_is_bitselect_whatever_the_mask() {
    let mut m = instance();
    let a = 0xaaaa_aaaa_aaaa_aaaa_aaaa_aaaa_aaaa_aaaau128;
    let b = 0x5555_5555_5555_5555_5555_5555_5555_5555u128;
    // Lanes all-ones or all-zeros, and lanes with mixed bits (where the
    // relaxed semantics would allow taking the top bit only).
    let mask = 0xff00_0f0f_ffff_0000_8000_0001_ffff_ffffu128;
    let expected = (a & mask) | (b & !mask);
    for select in [
        relaxed_simd::RelaxedSimd::i8x16_laneselect,
        relaxed_simd::RelaxedSimd::i16x8_laneselect,
        relaxed_simd::RelaxedSimd::i32x4_laneselect,
        relaxed_simd::RelaxedSimd::i64x2_laneselect,
    ] {
        let r = select(&mut m, V128::from(a), V128::from(b), V128::from(mask)).unwrap();
        assert_eq!(u128::from(r), expected);
    }
}

#[test]
fn min_and_max_propagate_nan_and_order_zeros() {
    let mut m = instance();
    let a = V128::from_f32x4([f32::NAN, -0.0, 1.0, 5.0]);
    let b = V128::from_f32x4([1.0, 0.0, f32::NAN, -5.0]);
    let min = m.f32x4_min(a, b).unwrap().to_f32x4();
    assert!(min[0].is_nan() && min[2].is_nan());
    assert_eq!((min[1].to_bits(), min[3]), ((-0.0f32).to_bits(), -5.0));
    let max = m.f32x4_max(a, b).unwrap().to_f32x4();
    assert!(max[0].is_nan() && max[2].is_nan());
    assert_eq!((max[1].to_bits(), max[3]), (0.0f32.to_bits(), 5.0));
    let a = V128::from_f64x2([-0.0, f64::NAN]);
    let b = V128::from_f64x2([0.0, 2.0]);
    let min = m.f64x2_min(a, b).unwrap().to_f64x2();
    assert_eq!(min[0].to_bits(), (-0.0f64).to_bits());
    assert!(min[1].is_nan());
    let max = m.f64x2_max(a, b).unwrap().to_f64x2();
    assert_eq!(max[0].to_bits(), 0.0f64.to_bits());
    assert!(max[1].is_nan());
}

#[test]
fn q15mulr_saturates() {
    let mut m = instance();
    let a = V128::from_i16x8([i16::MIN, 16384, -1, 100, 0, 1, 2, 3]);
    let b = V128::from_i16x8([i16::MIN, 16384, 1, -200, 5, 1, 2, 3]);
    assert_eq!(
        m.q15mulr(a, b).unwrap().to_i16x8(),
        [i16::MAX, 8192, 0, -1, 0, 0, 0, 0]
    );
}

#[test]
fn dot_products_are_signed_with_saturated_pair_sums() {
    let mut m = instance();
    let a = V128::from_i8x16([-128, -128, 1, 2, -128, -128, 5, -6, 0, 0, 0, 0, 0, 0, 0, 0]);
    let b = V128::from_i8x16([-127, -127, 3, 4, -128, -128, 7, 8, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert_eq!(
        m.dot(a, b).unwrap().to_i16x8(),
        [32512, 11, i16::MAX, -13, 0, 0, 0, 0]
    );
    let a = V128::from_i8x16([
        -128, -128, -128, -128, 127, 127, 127, 127, -128, -128, -128, -128, 0, 0, 0, 0,
    ]);
    let b = V128::from_i8x16([
        127, 127, 127, 127, 127, 127, 127, 127, -127, -127, -127, -127, 0, 0, 0, 0,
    ]);
    let c = V128::from_i32x4([1, 2, 3, 4]);
    assert_eq!(
        m.dot_add(a, b, c).unwrap().to_i32x4(),
        [-65023, 64518, 65027, 4]
    );
}
