//! Traps from `wasm/traps.wat`: one test per trap code, each checking the
//! code and the wasm function it was raised in, and that the same instance
//! keeps working afterwards. Also: out-of-bounds accesses at the exact edge
//! of memory and through large static offsets, traps deep in the call
//! stack, and many traps in a row.

mod family_support;

use family_support::{expect_trap, within_a_minute};
use std::fmt::Debug;
use traps::Traps;
use wasmlite_rt::{Trap, TrapCode};

wasmlite_rt::include_wasm!("wasm/traps.wat");

const PAGE: i32 = 65536;

fn instance() -> Traps<()> {
    Traps::new(()).expect("instantiate traps.wat")
}

/// Asserts the trap, then that the same instance still runs a good export.
fn trap_then_recover<R: Debug>(
    m: &mut Traps<()>,
    result: Result<R, Trap>,
    code: TrapCode,
    function: &str,
) {
    expect_trap(result, code, function);
    assert_eq!(
        m.good(41).unwrap(),
        42,
        "the instance works after a {code:?} trap in `{function}`"
    );
}

/// A call of one export, its result widened to i64.
type Call = fn(&mut Traps<()>) -> Result<i64, Trap>;

/// Runs each (function, call) in turn, expecting a `code` trap in `function`
/// and a working instance after each.
fn each_traps(m: &mut Traps<()>, cases: &[(&str, Call)], code: TrapCode) {
    for (function, call) in cases {
        let result = call(m);
        trap_then_recover(m, result, code, function);
    }
}

/// On a fresh instance (and a watchdog thread), calls the recursing export
/// `function` `times` times, expecting a stack overflow and a working
/// instance after each.
fn overflow_then_recover(
    function: &'static str,
    times: usize,
    recurse: fn(&mut Traps<()>, i32) -> Result<i32, Trap>,
) {
    within_a_minute(function, move || {
        let mut m = instance();
        for _ in 0..times {
            let result = recurse(&mut m, 0);
            trap_then_recover(&mut m, result, TrapCode::StackOverflow, function);
        }
    });
}

#[test]
fn stack_overflow() {
    overflow_then_recover("recurse_store", 1, Traps::recurse_store);
}

/// `recurse` adds 1 to each call's result: a compiler may turn this
/// recursion into a loop, which must still end in a stack overflow.
#[test]
fn stack_overflow_of_accumulating_recursion() {
    overflow_then_recover("recurse", 1, Traps::recurse);
}

#[test]
fn stack_overflow_again_and_again() {
    overflow_then_recover("recurse_store", 20, Traps::recurse_store);
}

#[test]
fn memory_out_of_bounds_at_the_exact_edge() {
    let mut m = instance();
    assert_eq!(m.load8(PAGE - 1).unwrap(), 0, "the last byte is in bounds");
    assert_eq!(m.load32(PAGE - 4).unwrap(), 0);
    assert_eq!(m.load64(PAGE - 8).unwrap(), 0);
    let cases: [(&str, Call); 5] = [
        ("load8", |m| m.load8(PAGE).map(i64::from)),
        ("load8", |m| m.load8(-1).map(i64::from)),
        ("load32", |m| m.load32(PAGE - 3).map(i64::from)),
        ("load64", |m| m.load64(PAGE - 7)),
        ("load64", |m| m.load64(i32::MAX)),
    ];
    each_traps(&mut m, &cases, TrapCode::MemoryOutOfBounds);
}

#[test]
fn out_of_bounds_stores_write_nothing() {
    let mut m = instance();
    m.store8(PAGE - 1, 9).unwrap();
    assert_eq!(m.memory()[PAGE as usize - 1], 9);
    let result = m.store8(PAGE, 9);
    trap_then_recover(&mut m, result, TrapCode::MemoryOutOfBounds, "store8");
    let result = m.store64(PAGE - 7, -1);
    trap_then_recover(&mut m, result, TrapCode::MemoryOutOfBounds, "store64");
    assert_eq!(
        m.memory()[PAGE as usize - 8..],
        [0, 0, 0, 0, 0, 0, 0, 9],
        "a trapping store writes no byte"
    );
}

#[test]
fn large_static_offsets_trap() {
    let cases: [(&str, Call); 5] = [
        ("load_offset_max", |m| m.load_offset_max(0).map(i64::from)),
        ("load_offset_high", |m| {
            m.load_offset_high(0x10).map(i64::from)
        }),
        ("load_offset_high", |m| m.load_offset_high(0).map(i64::from)),
        ("load_offset_page", |m| m.load_offset_page(0).map(i64::from)),
        ("load_offset_page", |m| {
            m.load_offset_page(-PAGE).map(i64::from)
        }),
    ];
    each_traps(&mut instance(), &cases, TrapCode::MemoryOutOfBounds);
}

#[test]
fn table_out_of_bounds() {
    let mut m = instance();
    assert_eq!(m.call_indirect(0, 5).unwrap(), 10);
    for index in [4, 5, -1, i32::MIN] {
        let result = m.call_indirect(index, 5);
        trap_then_recover(&mut m, result, TrapCode::TableOutOfBounds, "call_indirect");
    }
}

#[test]
fn indirect_call_to_null() {
    let mut m = instance();
    let result = m.call_indirect(3, 5);
    trap_then_recover(
        &mut m,
        result,
        TrapCode::IndirectCallToNull,
        "call_indirect",
    );
}

#[test]
fn bad_signature() {
    let mut m = instance();
    let result = m.call_indirect(1, 5);
    trap_then_recover(&mut m, result, TrapCode::BadSignature, "call_indirect");
}

#[test]
fn trap_inside_an_indirectly_called_function() {
    let mut m = instance();
    let result = m.call_indirect(2, 5);
    trap_then_recover(&mut m, result, TrapCode::UnreachableCodeReached, "trapper");
}

#[test]
fn integer_overflow() {
    let mut m = instance();
    let result = m.div_s(i32::MIN, -1);
    trap_then_recover(&mut m, result, TrapCode::IntegerOverflow, "div_s");
    let result = m.div_s64(i64::MIN, -1);
    trap_then_recover(&mut m, result, TrapCode::IntegerOverflow, "div_s64");
    assert_eq!(m.div_s(i32::MIN, 1).unwrap(), i32::MIN);
}

#[test]
fn integer_division_by_zero() {
    let mut m = instance();
    let result = m.div_s(1, 0);
    trap_then_recover(&mut m, result, TrapCode::IntegerDivisionByZero, "div_s");
    let result = m.rem_u64(1, 0);
    trap_then_recover(&mut m, result, TrapCode::IntegerDivisionByZero, "rem_u64");
}

#[test]
fn bad_conversion_to_integer() {
    let mut m = instance();
    let result = m.trunc(f32::NAN);
    trap_then_recover(&mut m, result, TrapCode::BadConversionToInteger, "trunc");
    let result = m.trunc_u64(f64::NAN);
    trap_then_recover(
        &mut m,
        result,
        TrapCode::BadConversionToInteger,
        "trunc_u64",
    );
    assert_eq!(m.trunc(-2.5).unwrap(), -2);
}

#[test]
fn out_of_range_conversion_is_an_integer_overflow() {
    let mut m = instance();
    for input in [3e9, f32::NEG_INFINITY] {
        let result = m.trunc(input);
        trap_then_recover(&mut m, result, TrapCode::IntegerOverflow, "trunc");
    }
    let result = m.trunc_u64(-1.0);
    trap_then_recover(&mut m, result, TrapCode::IntegerOverflow, "trunc_u64");
}

#[test]
fn unreachable_code_reached() {
    let mut m = instance();
    let result = m.always_unreachable();
    trap_then_recover(
        &mut m,
        result,
        TrapCode::UnreachableCodeReached,
        "always_unreachable",
    );
}

#[test]
fn the_trap_names_the_innermost_function() {
    let mut m = instance();
    let result = m.outer(1, 0);
    trap_then_recover(&mut m, result, TrapCode::IntegerDivisionByZero, "inner_div");
    assert_eq!(m.outer(10, 3).unwrap(), 4);
    let result = m.trap_at_depth(1000);
    trap_then_recover(
        &mut m,
        result,
        TrapCode::UnreachableCodeReached,
        "trap_at_depth",
    );
}

#[test]
fn trap_display_names_the_function() {
    let mut m = instance();
    let trap = m.outer(1, 0).unwrap_err();
    let text = trap.to_string();
    assert!(text.contains("inner_div"), "{text}");
}

#[test]
fn effects_before_a_trap_persist() {
    let mut m = instance();
    for expected in 1..=3 {
        let result = m.count_then_trap();
        trap_then_recover(
            &mut m,
            result,
            TrapCode::UnreachableCodeReached,
            "count_then_trap",
        );
        assert_eq!(m.count(), expected);
        assert_eq!(m.memory()[0], expected as u8);
    }
}

#[test]
fn ten_thousand_traps_in_a_row() {
    let mut m = instance();
    for i in 0..10_000 {
        let (code, function) = match i % 4 {
            0 => (m.div_s(i, 0).unwrap_err().code(), "div_s"),
            1 => (m.load32(PAGE + i).unwrap_err().code(), "load32"),
            2 => (m.call_indirect(3, i).unwrap_err().code(), "call_indirect"),
            _ => (
                m.always_unreachable().unwrap_err().code(),
                "always_unreachable",
            ),
        };
        let want = [
            TrapCode::IntegerDivisionByZero,
            TrapCode::MemoryOutOfBounds,
            TrapCode::IndirectCallToNull,
            TrapCode::UnreachableCodeReached,
        ][i as usize % 4];
        assert_eq!(code, want, "call {i} ({function})");
        assert_eq!(m.good(i).unwrap(), i + 1, "call {i}");
    }
}

#[test]
fn traps_in_one_instance_leave_another_untouched() {
    let mut first = instance();
    let mut second = instance();
    second.store8(10, 7).unwrap();
    let result = first.recurse_store(0);
    trap_then_recover(&mut first, result, TrapCode::StackOverflow, "recurse_store");
    assert_eq!(second.load8(10).unwrap(), 7);
    assert_eq!(second.good(1).unwrap(), 2);
}
