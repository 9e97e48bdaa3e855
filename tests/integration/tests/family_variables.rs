//! Locals and globals from `wasm/variables.wat`: zero-initialised locals of
//! every type, `local.tee`, immutable and mutable globals through the
//! generated getters and setters, and globals set by the start function.

mod family_support;

use family_support::check;

wasmlite_rt::include_wasm!("wasm/variables.wat");

fn instance() -> variables::Variables<()> {
    variables::Variables::new(()).expect("instantiate variables.wat")
}

#[test]
fn locals_start_at_zero_for_every_type() {
    let mut m = instance();
    let (a, b, c, d) = m.zero_locals().unwrap();
    assert_eq!(
        (a, b, c.to_bits(), d.to_bits()),
        (0, 0, 0, 0),
        "zero_locals (floats must be +0.0)"
    );
    assert_eq!(
        m.null_refs().unwrap(),
        7,
        "funcref/externref locals and the funcref global are null"
    );
}

#[test]
fn locals_hold_values_of_every_type() {
    let mut m = instance();
    let (d, a, b, c) = m.rotate(1, -2, 3.5, -4.25).unwrap();
    assert_eq!(
        (d.to_bits(), a, b, c.to_bits()),
        ((-4.25f64).to_bits(), 1, -2, 3.5f32.to_bits())
    );
    check(
        "many_locals",
        &[
            (0, 45),
            (100, 1045),
            (i32::MAX, i32::MAX.wrapping_mul(10).wrapping_add(45)),
        ],
        |x| m.many_locals(x),
    );
}

#[test]
fn local_tee_sets_and_keeps_the_value() {
    let mut m = instance();
    check("tee", &[(7, 42), (-1, -6)], |x| m.tee(x));
    let (a, b, c) = m.tee_all(-5, 1.25, 1e300).unwrap();
    assert_eq!(
        (a, b.to_bits(), c.to_bits()),
        (-10, 2.5f32.to_bits(), 2e300f64.to_bits())
    );
}

#[test]
fn immutable_globals_have_their_initial_values() {
    let mut m = instance();
    assert_eq!(m.answer(), 42);
    assert_eq!(m.big(), i64::MAX);
    assert_eq!(m.pi().to_bits(), std::f32::consts::PI.to_bits());
    assert_eq!(m.neg_zero().to_bits(), (-0.0f64).to_bits());
    assert_eq!(
        m.sum_constants().unwrap(),
        42.0 + f64::from(std::f32::consts::PI)
    );
    assert_eq!(m.big_plus_one().unwrap(), i64::MIN);
}

#[test]
fn start_function_initialises_a_global_from_others() {
    let m = instance();
    assert_eq!(m.from_start(), 42_007);
}

#[test]
fn mutable_globals_are_shared_between_wasm_and_rust() {
    let mut m = instance();
    assert_eq!(
        (m.counter(), m.acc64(), m.scale(), m.offset()),
        (0, -1, 1.5, -0.5)
    );

    assert_eq!(m.incr_counter(5).unwrap(), 5);
    assert_eq!(m.counter(), 5, "wasm's write is visible to the getter");
    m.set_counter(100);
    assert_eq!(
        m.incr_counter(-1).unwrap(),
        99,
        "the setter's write is visible to wasm"
    );

    m.add_acc64(0x1_0000_0001).unwrap();
    assert_eq!(m.acc64(), 0x1_0000_0000);
    m.set_acc64(i64::MIN);
    m.set_scale(2.0);
    m.set_offset(1.0);
    let (c, a, s, o) = m.read_globals().unwrap();
    assert_eq!((c, a, s, o), (99, i64::MIN, 2.0, 1.0));
    assert_eq!(m.scale_offset(3.0).unwrap(), 7.0);

    m.set_scale(f32::NAN);
    assert!(m.scale().is_nan());
    m.set_offset(-0.0);
    assert_eq!(m.offset().to_bits(), (-0.0f64).to_bits());
}

#[test]
fn unexported_globals_keep_state_between_calls() {
    let mut m = instance();
    assert_eq!(m.bump_hidden().unwrap(), 8);
    assert_eq!(m.bump_hidden().unwrap(), 9);
    assert_eq!(
        m.from_start(),
        42_007,
        "from_start was set once, at instantiation"
    );
}

#[test]
fn every_instance_has_its_own_globals() {
    let mut first = instance();
    let mut second = instance();
    first.set_counter(10);
    assert_eq!(first.bump_hidden().unwrap(), 8);
    assert_eq!(second.counter(), 0);
    assert_eq!(second.bump_hidden().unwrap(), 8);
    assert_eq!(second.incr_counter(1).unwrap(), 1);
    assert_eq!(first.counter(), 10);
}
