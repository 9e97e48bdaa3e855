//! Control instructions from `wasm/control.wat`: blocks, loops and ifs with
//! params and results, br/br_if/br_table, returns, select, nop, unreachable.

mod family_support;

use family_support::{check, expect_trap};
use wasmlite_rt::TrapCode;

wasmlite_rt::include_wasm!("wasm/control.wat");

fn instance() -> control::Control<()> {
    control::Control::new(()).expect("instantiate control.wat")
}

#[test]
fn blocks_and_ifs_take_params_and_give_results() {
    let mut m = instance();
    check("block_params", &[((7, 3), 40), ((3, 7), -40)], |(a, b)| {
        m.block_params(a, b)
    });
    check(
        "if_params",
        &[((1, 5), 105), ((-1, 5), 105), ((0, 5), 10)],
        |(c, x)| m.if_params(c, x),
    );
    check("if_no_else", &[(0, 1), (9, 2)], |c| m.if_no_else(c));
    check(
        "sign",
        &[(-5, -1), (0, 0), (i32::MAX, 1), (i32::MIN, -1)],
        |x| m.sign(x),
    );
}

#[test]
fn loop_params_carry_the_running_sum() {
    let mut m = instance();
    check("loop_params_sum", &[(1, 1), (10, 55), (100, 5050)], |n| {
        m.loop_params_sum(n)
    });
}

#[test]
fn br_and_br_if_leave_blocks_with_values() {
    let mut m = instance();
    check("br_out", &[(5, 5), (-9, -9)], |x| m.br_out(x));
    assert_eq!(m.br_drops_extra().unwrap(), 3);
    check("br_if_value", &[(1, 111), (-1, 111), (0, 222)], |x| {
        m.br_if_value(x)
    });
}

#[test]
fn br_table_picks_targets_duplicates_and_default() {
    let mut m = instance();
    let cases = [
        (0, 100),
        (1, 101),
        (2, 101),
        (3, 102),
        (4, 100),
        (5, 103),
        (6, 103),
        (-1, 103),
        (i32::MIN, 103),
    ];
    check("br_table", &cases, |i| m.br_table(i));
    check("br_table_value", &[(0, 7), (1, 17), (2, 7), (99, 7)], |i| {
        m.br_table_value(i)
    });
    check("br_table_default_only", &[(0, 5), (-7, 5)], |i| {
        m.br_table_default_only(i)
    });
}

#[test]
fn br_table_in_a_loop_runs_a_state_machine() {
    let mut m = instance();
    check(
        "state_machine",
        &[(0, 3), (1, 1), (2, 2), (3, 0), (77, 0)],
        |s| m.state_machine(s),
    );
}

#[test]
fn returns_and_early_exits_leave_nested_constructs() {
    let mut m = instance();
    check("nested_return", &[(3, 33), (0, -1), (7, 44)], |x| {
        m.nested_return(x)
    });
    check("early_exit", &[(-3, 1), (0, 2), (8, 2)], |x| {
        m.early_exit(x)
    });
    let cases = [(0, 1), (48, 7), (49, 8), (50, 8), (10_000, -1)];
    check("first_square_above", &cases, |x| m.first_square_above(x));
}

#[test]
fn select_picks_by_condition_for_every_type() {
    let mut m = instance();
    check(
        "select_i32",
        &[((1, 2, 1), 1), ((1, 2, 0), 2), ((1, 2, -8), 1)],
        |(a, b, c)| m.select_i32(a, b, c),
    );
    let cases = [
        ((-1, 0x1_2345_6789, 0), 0x1_2345_6789),
        ((-1, 0x1_2345_6789, 2), -1),
    ];
    check("select_i64", &cases, |(a, b, c)| m.select_i64(a, b, c));
    check(
        "select_f32",
        &[((1.5, -2.5, 0), -2.5), ((1.5, -2.5, 1), 1.5)],
        |(a, b, c)| m.select_f32(a, b, c),
    );
    check(
        "select_f64",
        &[((1.5, -2.5, 0), -2.5), ((1.5, -2.5, 1), 1.5)],
        |(a, b, c)| m.select_f64(a, b, c),
    );
}

#[test]
fn nop_does_nothing() {
    let mut m = instance();
    check("nops", &[(41, 42), (-1, 0)], |x| m.nops(x));
}

#[test]
fn unreachable_traps_only_when_reached() {
    let mut m = instance();
    assert_eq!(m.unreachable_if(0).unwrap(), 7);
    expect_trap(
        m.unreachable_if(1),
        TrapCode::UnreachableCodeReached,
        "unreachable_if",
    );
    expect_trap(
        m.unreachable_value(),
        TrapCode::UnreachableCodeReached,
        "unreachable_value",
    );
    assert_eq!(
        m.unreachable_if(0).unwrap(),
        7,
        "the instance still works after the trap"
    );
}

#[test]
fn loops_compute_factorial_and_fibonacci() {
    let mut m = instance();
    let cases = [
        (0, 1),
        (1, 1),
        (5, 120),
        (-4, 1),
        (20, 2_432_902_008_176_640_000),
        // 21! wraps modulo 2^64.
        (21, -4_249_290_049_419_214_848),
    ];
    check("fact_iter", &cases, |n| m.fact_iter(n));
    let cases = [
        (0, 0),
        (1, 1),
        (2, 1),
        (10, 55),
        (20, 6765),
        (46, 1_836_311_903),
        (47, -1_323_752_223),
    ];
    check("fib_iter", &cases, |n| m.fib_iter(n));
}
