//! Extended constant expressions (`wasm/extended_const.wat`): arithmetic
//! and imported globals in global initialisers and segment offsets.

use wasmlite_rt::{Global, GlobalType, Val, ValType};

wasmlite_rt::include_wasm!("wasm/extended_const.wat");

fn global(content: ValType, value: Val) -> Global {
    Global::new(
        GlobalType {
            content,
            mutable: false,
        },
        value,
    )
    .unwrap()
}

fn instantiate(
    base: i32,
    wide: i64,
    slot: i32,
) -> Result<extended_const::ExtendedConst<()>, wasmlite_rt::InstantiationError> {
    extended_const::ExtendedConst::new(
        (),
        extended_const::Externs {
            env_base: global(ValType::I32, Val::I32(base)),
            env_wide: global(ValType::I64, Val::I64(wide)),
            env_slot: global(ValType::I32, Val::I32(slot)),
        },
    )
}

fn instance(base: i32, wide: i64, slot: i32) -> extended_const::ExtendedConst<()> {
    instantiate(base, wide, slot).expect("instantiate extended_const.wat")
}

#[test]
fn global_initialisers_compute_from_imported_globals() {
    let m = instance(10, 7, 0);
    assert_eq!(m.sum(), 18);
    assert_eq!(m.diff(), -7);
    assert_eq!(m.product(), 21);
    assert_eq!(m.wrapped(), -2, "i64.mul wraps");
    assert_eq!(m.nested(), 99);
    let m = instance(i32::MIN, i64::MIN, 0);
    assert_eq!(m.diff(), i32::MIN + 3, "i32.sub wraps");
    let nested = (i32::MIN.wrapping_sub(1)).wrapping_mul(i32::MIN + 1);
    assert_eq!(m.nested(), nested, "i32.mul wraps");
    assert_eq!(m.product(), i64::MIN, "(-2^63) * 3 wraps to -2^63");
}

#[test]
fn segment_offsets_compute_from_imported_globals() {
    let mut m = instance(10, 0, 3);
    assert_eq!(&m.memory()[42..45], b"ext");
    assert_eq!(m.call_slot(7).unwrap(), 7);
    assert!(m.call_slot(1).is_err(), "slot 1 stays null");
    let mut m = instance(3, 0, 0);
    assert_eq!(&m.memory()[14..17], b"ext");
    assert_eq!(m.call_slot(1).unwrap(), 7);
    // 4 * -2^31 + 2 wraps to 2.
    let m = instance(i32::MIN, 0, 0);
    assert_eq!(&m.memory()[2..5], b"ext");
}

#[test]
fn offsets_computed_out_of_bounds_fail_instantiation() {
    // base = 20000: data at 80002 is past the one page.
    assert!(
        instantiate(20000, 0, 0).is_err(),
        "an out-of-bounds data offset must fail"
    );
    // slot = 8: the element at 17 is past the 16 slots.
    assert!(
        instantiate(0, 0, 8).is_err(),
        "an out-of-bounds element offset must fail"
    );
}
