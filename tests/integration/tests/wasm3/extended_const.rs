//! Extended constant expressions (`wasm/extended_const.wat`): arithmetic
//! and imported globals in global initialisers and segment offsets.

use wasmlite_rt::{Global, GlobalType, Val, ValType};

wasmlite_rt::include_wasm!("wasm/extended_const.wat");

fn instance(base: i32, wide: i64) -> extended_const::ExtendedConst<()> {
    let global = |content, value| {
        Global::new(
            GlobalType {
                content,
                mutable: false,
            },
            value,
        )
        .unwrap()
    };
    extended_const::ExtendedConst::new(
        (),
        extended_const::Externs {
            env_base: global(ValType::I32, Val::I32(base)),
            env_wide: global(ValType::I64, Val::I64(wide)),
        },
    )
    .expect("instantiate extended_const.wat")
}

#[test]
fn global_initialisers_compute_from_imported_globals() {
    let m = instance(10, 7);
    assert_eq!(m.sum(), 18);
    assert_eq!(m.diff(), -7);
    assert_eq!(m.product(), 21);
    assert_eq!(m.wrapped(), -2, "i64.mul wraps");
    assert_eq!(m.nested(), 99);
    let m = instance(i32::MAX, i64::MIN);
    assert_eq!(m.sum(), i32::MIN + 7, "i32.add wraps");
    assert_eq!(m.product(), i64::MIN, "(-2^63) * 3 wraps to -2^63");
}

#[test]
fn segment_offsets_compute_from_imported_globals() {
    let m = instance(10, 0);
    assert_eq!(&m.memory()[42..45], b"ext");
    assert_eq!(m.call_slot(8).unwrap(), 7);
    assert!(m.call_slot(0).is_err(), "slot 0 stays null");
    let m = instance(3, 0);
    assert_eq!(&m.memory()[14..17], b"ext");
    assert_eq!(m.call_slot(1).unwrap(), 7);
}

#[test]
fn offsets_computed_out_of_bounds_fail_instantiation() {
    // base = 20000: data at 80002 is past the one page.
    let global = |content, value| {
        Global::new(
            GlobalType {
                content,
                mutable: false,
            },
            value,
        )
        .unwrap()
    };
    let result = extended_const::ExtendedConst::new(
        (),
        extended_const::Externs {
            env_base: global(ValType::I32, Val::I32(20000)),
            env_wide: global(ValType::I64, Val::I64(0)),
        },
    );
    assert!(result.is_err(), "an out-of-bounds data offset must fail");
}
