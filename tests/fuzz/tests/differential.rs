//! The differential check on hand-written modules, in-process.

use wasmlite_codegen::OptLevel;
use wasmlite_fuzz::differ::{differential, Verdict};
use wasmlite_fuzz::loader::Loader;

fn verdict(text: &str, opt_level: OptLevel) -> Verdict {
    let wasm = wat::parse_str(text).expect("valid text");
    let mut loader = Loader::new().expect("scratch directory");
    differential(&wasm, opt_level, &mut loader, &mut |_| {}).verdict
}

#[test]
fn engines_agree_on_arithmetic_memory_globals_and_traps() {
    let text = r#"(module
        (memory (export "m") 1 1)
        (global $g (export "g") (mut i64) (i64.const 5))
        (table (export "t") 2 2 externref)
        (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
        (func (export "store") (param i32 i64)
            (i64.store (i32.and (local.get 0) (i32.const 0xff00)) (local.get 1))
            (global.set $g (i64.add (global.get $g) (local.get 1))))
        (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
        (func (export "keep") (param externref) (result externref)
            (table.set (i32.const 1) (local.get 0)) (local.get 0))
        (func (export "nan") (param f32) (result f32) (f32.div (local.get 0) (f32.const 0))))"#;
    for opt_level in [OptLevel::O0, OptLevel::O2] {
        assert_eq!(
            verdict(text, opt_level),
            Verdict::Agree {
                calls: 10,
                guard_deviation: None,
            },
            "at {opt_level:?}"
        );
    }
}

#[test]
fn instantiation_failures_are_compared() {
    let text = r#"(module (memory 1 1) (data (i32.const 65535) "ab"))"#;
    assert_eq!(
        verdict(text, OptLevel::O1),
        Verdict::Agree {
            calls: 0,
            guard_deviation: None,
        }
    );
}

#[test]
fn modules_wasmi_rejects_are_inconclusive() {
    let text = r#"(module (func (export "f") (result v128) (v128.const i64x2 0 0)))"#;
    assert!(matches!(
        verdict(text, OptLevel::O0),
        Verdict::Inconclusive { .. }
    ));
}

#[test]
fn trap_kinds_of_bulk_table_operations_match() {
    let text = r#"(module
        (table 2 funcref)
        (func (export "copy") (table.copy (i32.const 1) (i32.const 0) (i32.const 2)))
        (func (export "fill") (table.fill (i32.const 1) (ref.null func) (i32.const 2))))"#;
    assert_eq!(
        verdict(text, OptLevel::O2),
        Verdict::Agree {
            calls: 4,
            guard_deviation: None,
        }
    );
}

/// A load whose value LLVM proves unused only after simplifying the
/// `select` that consumes it is deleted in the guard-page build at -O2, so
/// an out-of-bounds address does not trap there: the documented guard-page
/// deviation, accepted because the explicit build traps like wasmi. Memory
/// stores before the trap are compared exactly in the explicit build.
#[test]
fn the_guard_page_deviation_is_accepted_where_explicit_checks_match() {
    let text = r#"(module
        (memory (export "m") 1 1)
        (func (export "f") (param i32) (result i32)
            (i32.store (i32.const 8) (i32.const 5))
            (select (i32.load (local.get 0)) (i32.const 7) (i32.const 0))))"#;
    let Verdict::Agree {
        guard_deviation, ..
    } = verdict(text, OptLevel::O2)
    else {
        panic!("the explicit build agrees with wasmi")
    };
    let deviation = guard_deviation.expect("the guard-page build misses the trap");
    assert!(
        deviation.starts_with("missed trap (MemoryOutOfBounds)"),
        "{deviation}"
    );
    assert!(matches!(
        verdict(text, OptLevel::O0),
        Verdict::Agree {
            guard_deviation: None,
            ..
        }
    ));
}

/// With the NaN rules checked inside the module (`wasmlite_fuzz::nan`), an
/// operation LLVM folds to its signalling NaN operand once the helper is
/// inlined (`x * 1`, `x - 0`, `min(x, x)`, `demote(promote(x))`, through a
/// global, a local or a reinterpretation) would trap in wasmlite only; the
/// engines must agree at every level.
#[test]
fn folded_operations_keep_the_nan_rules() {
    let text = r#"(module
        (global $one f32 (f32.const 1))
        (global $zero (mut f64) (f64.const 0))
        (func (export "mul") (param f32) (result f32) local.get 0 f32.const 1 f32.mul)
        (func (export "mul_signalling") (result f32) f32.const nan:0x200000 f32.const 1 f32.mul)
        (func (export "mul_global") (param f32) (result f32) local.get 0 global.get $one f32.mul)
        (func (export "sub_global") (param f64) (result f64) local.get 0 global.get $zero f64.sub)
        (func (export "div_local") (param f64) (result f64) (local f64)
            f64.const -1 local.set 1 local.get 0 local.get 1 f64.div)
        (func (export "min_self") (param f32) (result f32) local.get 0 local.get 0 f32.min)
        (func (export "round_trip") (param f32) (result f32) local.get 0 f64.promote_f32 f32.demote_f64)
        (func (export "reinterpreted") (result f64)
            i64.const 0x7ff4000000000000 f64.reinterpret_i64 f64.const -0 f64.add))"#;
    let wasm = wat::parse_str(text).expect("valid text");
    let wasm = wasmlite_fuzz::nan::check_nan_rules(&wasm).expect("instruments");
    for opt_level in [OptLevel::O0, OptLevel::O1, OptLevel::O2, OptLevel::O3] {
        let mut loader = Loader::new().expect("scratch directory");
        let report = differential(&wasm, opt_level, &mut loader, &mut |_| {});
        assert!(
            matches!(report.verdict, Verdict::Agree { .. }),
            "at {opt_level:?}: {:?}",
            report.verdict
        );
    }
}
