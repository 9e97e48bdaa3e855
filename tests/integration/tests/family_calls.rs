//! Calls from `wasm/calls.wat`: direct, recursive and mutually recursive
//! calls, `call_indirect` over several signatures, host imports (whose
//! state is checked afterwards), multi-value functions and blocks, and
//! functions with many mixed parameters. Tail calls are in `tail_calls/`.

mod family_support;
mod tail_calls;

use family_support::{bits32, bits64, check};

wasmlite_rt::include_wasm!("wasm/calls.wat");

/// The eight arguments of `host.record_many`.
type Many = (i32, i64, f32, f64, i32, i64, f32, f64);

/// Host state: records every import call.
#[derive(Default)]
struct Host {
    total: i64,
    add_calls: u32,
    scale_calls: Vec<(i32, f64)>,
    div_rem_calls: u32,
    many: Vec<Many>,
}

impl calls::Imports for Host {
    fn host_add_to_total(&mut self, value: i64) {
        self.total += value;
        self.add_calls += 1;
    }

    fn host_scale(&mut self, a: i32, b: f64) -> f64 {
        self.scale_calls.push((a, b));
        f64::from(a) * b
    }

    fn host_div_rem(&mut self, a: i32, b: i32) -> (i32, i32) {
        self.div_rem_calls += 1;
        (a / b, a % b)
    }

    #[allow(clippy::too_many_arguments)]
    fn host_record_many(&mut self, a: i32, b: i64, c: f32, d: f64, e: i32, f: i64, g: f32, h: f64) {
        self.many.push((a, b, c, d, e, f, g, h));
    }
}

fn instance() -> calls::Calls<Host> {
    calls::Calls::new(Host::default()).expect("instantiate calls.wat")
}

#[test]
fn direct_and_recursive_calls() {
    let mut m = instance();
    check(
        "add3",
        &[((1, 2, 3), 6), ((i32::MAX, 1, 0), i32::MIN)],
        |(a, b, c)| m.add3(a, b, c),
    );
    check(
        "fib",
        &[(0, 0), (1, 1), (2, 1), (20, 6765), (25, 75025)],
        |n| m.fib(n),
    );
    check("sum_rec", &[(0, 0), (1, 1), (5000, 12_502_500)], |n| {
        m.sum_rec(n)
    });
}

#[test]
fn mutual_recursion() {
    let mut m = instance();
    check("is_even", &[(0, 1), (1, 0), (10, 1), (1001, 0)], |n| {
        m.is_even(n)
    });
    check("is_odd", &[(0, 0), (1, 1), (10, 0), (1001, 1)], |n| {
        m.is_odd(n)
    });
}

#[test]
fn call_indirect_dispatches_on_every_signature() {
    let mut m = instance();
    check(
        "dispatch_i32",
        &[((0, 21), 42), ((1, 21), -21)],
        |(i, x)| m.dispatch_i32(i, x),
    );
    check("apply_twice", &[((0, 5), 20), ((1, 5), 5)], |(i, x)| {
        m.apply_twice(i, x)
    });
    check(
        "dispatch_i64",
        &[((2, 1 << 32, -1), 0xffff_ffff)],
        |(i, a, b)| m.dispatch_i64(i, a, b),
    );
    check("dispatch_f32", &[((3, 3.0), 1.5f32.to_bits())], |(i, x)| {
        bits32(m.dispatch_f32(i, x))
    });
    check("dispatch_const", &[(4, 42)], |i| m.dispatch_const(i));
    check(
        "dispatch_pair",
        &[((6, 9), (9, 10)), ((6, -1), (-1, 0))],
        |(i, x)| m.dispatch_pair(i, x),
    );
}

#[test]
fn call_indirect_reaches_an_imported_function() {
    let mut m = instance();
    check(
        "dispatch_scale",
        &[((5, 3, 2.5), 7.5f64.to_bits())],
        |(i, a, b)| bits64(m.dispatch_scale(i, a, b)),
    );
    assert_eq!(m.host().scale_calls, [(3, 2.5)]);
}

#[test]
fn host_imports_update_host_state() {
    let mut m = instance();
    assert_eq!(m.accumulate(100).unwrap(), 100);
    assert_eq!((m.host().total, m.host().add_calls), (5050, 100));
    assert_eq!(m.accumulate(0).unwrap(), 0);
    assert_eq!(m.host().add_calls, 100, "accumulate(0) makes no call");

    assert_eq!(m.scaled_plus_one(-4, 0.5).unwrap(), -1.0);
    assert_eq!(m.reexported_scale(6, 0.25).unwrap(), 1.5);
    assert_eq!(m.host().scale_calls, [(-4, 0.5), (6, 0.25)]);

    let host = m.into_host();
    assert_eq!(host.total, 5050);
}

#[test]
fn host_imports_return_multiple_values() {
    let mut m = instance();
    check(
        "host_div_rem_combined",
        &[((47, 5), 9002), ((-47, 5), -9002)],
        |(a, b)| m.host_div_rem_combined(a, b),
    );
    assert_eq!(m.host().div_rem_calls, 2);
}

#[test]
fn host_imports_receive_many_mixed_params() {
    let mut m = instance();
    let args: Many = (
        -1,
        i64::MIN,
        2.5,
        -0.125,
        i32::MAX,
        1 << 40,
        f32::INFINITY,
        1e300,
    );
    let (a, b, c, d, e, f, g, h) = args;
    m.forward_many(a, b, c, d, e, f, g, h).unwrap();
    assert_eq!(m.host().many, [args]);
}

#[test]
fn multi_value_functions() {
    let mut m = instance();
    assert_eq!(m.swap(7, -8).unwrap(), (-8, 7));
    check(
        "divmod",
        &[((47, 5), (9, 2)), ((-1, 16), (0x0fff_ffff, 15))],
        |(a, b)| m.divmod(a, b),
    );
    check("divmod_combined", &[((47, 5), 9002)], |(a, b)| {
        m.divmod_combined(a, b)
    });
    let (i, j, k, l) = m.mixed_results().unwrap();
    assert_eq!(
        (i, j, k.to_bits(), l.to_bits()),
        (1, -2, 3.5f32.to_bits(), (-4.25f64).to_bits())
    );
    assert_eq!(m.five_results(3).unwrap(), (3, 6, 9, 12, 15));
}

#[test]
fn multi_value_blocks_and_loops() {
    let mut m = instance();
    check(
        "multi_block",
        &[(10, (10, 11, 12)), (-1, (-1, 0, 1))],
        |x| m.multi_block(x),
    );
    check(
        "fib_pair",
        &[(0, (0, 1)), (1, (1, 1)), (10, (55, 89))],
        |n| m.fib_pair(n),
    );
}

#[test]
fn many_mixed_params() {
    let mut m = instance();
    let got = m
        .many_params(1, 2, 3.0, 4.0, 5, 6, 7.0, 8.0, 9, 10, 11.5, 12.25)
        .unwrap();
    assert_eq!(got, 658.5);
    let got = m
        .many_params(-1, -2, 0.5, 0.25, 100, 1 << 40, -3.0, 1e10, 0, 0, 0.0, 0.0)
        .unwrap();
    assert_eq!(got, 6_677_069_767_132.5);
    // Each parameter alone, so that a swapped pair would show.
    assert_eq!(
        m.many_params(0, 0, 0.0, 0.0, 0, 0, 0.0, 0.0, 1, 0, 0.0, 0.0)
            .unwrap(),
        9.0
    );
    assert_eq!(
        m.many_params(0, 0, 0.0, 0.0, 0, 0, 0.0, 0.0, 0, 0, 0.0, -1.0)
            .unwrap(),
        -12.0
    );
    assert_eq!(
        m.many_params(0, 0, 0.0, 0.0, 0, 0, 1.0, 0.0, 0, 0, 0.0, 0.0)
            .unwrap(),
        7.0
    );
    assert_eq!(
        m.many_params(0, 0, 0.0, 0.0, 0, 0, 0.0, 0.0, 0, 1, 0.0, 0.0)
            .unwrap(),
        10.0
    );
    assert_eq!(m.many_params_internal().unwrap(), 658.5);
}
