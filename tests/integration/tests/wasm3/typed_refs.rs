//! Typed function references (`wasm/typed_refs.wat`): `call_ref` through
//! typed tables and globals, `return_call_ref` 10,000,000 deep in constant
//! stack, `br_on_null`/`br_on_non_null`, `ref.as_non_null` into a
//! non-nullable local, a typed table filled by its initialiser, and null
//! references trapping with `NullReference`.

use wasmlite_rt::TrapCode;

wasmlite_rt::include_wasm!("wasm/typed_refs.wat");

fn instance() -> typed_refs::TypedRefs<()> {
    typed_refs::TypedRefs::new(()).expect("instantiate typed_refs.wat")
}

#[test]
fn call_ref_through_a_typed_table_filled_by_its_initialiser() {
    let mut m = instance();
    assert_eq!(m.apply(0, 7, 5), Ok(12), "slot 0 holds the initialiser, $add");
    assert_eq!(m.apply(1, 7, 5), Ok(2), "slot 1 was set to $sub by the segment");
    assert_eq!(m.apply(2, 7, 5), Ok(12), "slot 2 holds the initialiser too");
    let trap = m.apply(3, 7, 5).unwrap_err();
    assert_eq!(trap.code(), TrapCode::TableOutOfBounds, "{trap}");
    assert_eq!(m.apply_global(40, 2), Ok(42));
}

#[test]
fn null_references_trap() {
    let mut m = instance();
    m.select(2).unwrap();
    for trap in [
        m.call_current(1, 2).unwrap_err(),
        m.as_non_null(1, 2).unwrap_err(),
        m.store_and_call(0, 1, 2).unwrap_err(),
    ] {
        assert_eq!(trap.code(), TrapCode::NullReference, "{trap}");
    }
    // The instance stays usable.
    m.select(1).unwrap();
    assert_eq!(m.call_current(9, 4), Ok(5));
    assert_eq!(m.as_non_null(9, 4), Ok(5));
    assert_eq!(m.store_and_call(1, 9, 4), Ok(5));
}

#[test]
fn br_on_null_and_br_on_non_null_branch_on_the_reference() {
    let mut m = instance();
    m.select(2).unwrap();
    assert_eq!(m.or_minus_one(3, 4), Ok(-1));
    assert_eq!(m.or_minus_two(3, 4), Ok(-2));
    m.select(0).unwrap();
    assert_eq!(m.or_minus_one(3, 4), Ok(7));
    assert_eq!(m.or_minus_two(3, 4), Ok(7));
    m.select(1).unwrap();
    assert_eq!(m.or_minus_one(3, 4), Ok(-1), "$sub: 3 - 4");
    assert_eq!(m.or_minus_two(3, 4), Ok(-1));
}

#[test]
fn return_call_ref_runs_in_constant_stack() {
    // A frame per call (at least 16 bytes) would overflow the 8 MiB the
    // runtime gives wasm code.
    const DEEP: i64 = 10_000_000;
    let mut m = instance();
    assert_eq!(m.count(DEEP), Ok(DEEP * (DEEP + 1) / 2));
    assert_eq!(m.count_via_table(DEEP), Ok(DEEP * (DEEP + 1) / 2));
}
