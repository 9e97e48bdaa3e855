//! Every kind of directive, run in-process on small scripts: what passes,
//! what fails, what is skipped and why.

use wasmlite_codegen::{BoundsChecks, OptLevel};
use wasmlite_spec::features::FeatureSet;
use wasmlite_spec::isolate::run_on_big_stack;
use wasmlite_spec::outcome::{DirectiveResult, Outcome};
use wasmlite_spec::script::{Event, Replay, ScriptOptions};

/// Run `script` under `set`; one `(line, kind, outcome)` per directive.
fn run(set: FeatureSet, script: &str) -> Vec<(u32, String, Outcome)> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("script.wast");
    std::fs::write(&path, script).unwrap();
    let mut results = Vec::new();
    let mut observer = |event| {
        if let Event::Finished(DirectiveResult {
            line,
            kind,
            outcome,
            ..
        }) = event
        {
            results.push((line, kind, outcome));
        }
    };
    let options = ScriptOptions {
        set,
        opt_level: OptLevel::O1,
        bounds_checks: BoundsChecks::default(),
    };
    run_on_big_stack(&path, options, &Replay::default(), &mut observer);
    results
}

fn passes(results: &[(u32, String, Outcome)]) -> Vec<bool> {
    results
        .iter()
        .map(|(_, _, o)| *o == Outcome::Pass)
        .collect()
}

#[test]
fn positive_directives_and_linking() {
    let results = run(
        FeatureSet::Wasm2,
        r#"
(module $A
  (memory (export "mem") 1)
  (global (export "g") i32 (i32.const 42))
  (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1)))
  (func (export "div") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "nan") (result f32) (f32.div (f32.const 0) (f32.const 0)))
  (func (export "pair") (result i32 i64) (i32.const 1) (i64.const 2))
  (func (export "id") (param externref) (result externref) (local.get 0)))
(register "A" $A)
(module $B
  (import "A" "add" (func $add (param i32 i32) (result i32)))
  (import "spectest" "print_i32" (func $print (param i32)))
  (import "spectest" "global_i32" (global $sg i32))
  (func (export "twice") (param i32) (result i32)
    (call $print (local.get 0))
    (call $add (local.get 0) (global.get $sg))))
(assert_return (invoke $A "add" (i32.const 2) (i32.const 3)) (i32.const 5))
(assert_return (invoke $B "twice" (i32.const 1)) (i32.const 667))
(assert_return (get $A "g") (i32.const 42))
(assert_return (invoke $A "nan") (f32.const nan:canonical))
(assert_return (invoke $A "pair") (i32.const 1) (i64.const 2))
(assert_return (invoke $A "id" (ref.extern 7)) (ref.extern 7))
(assert_return (invoke $A "id" (ref.null extern)) (ref.null extern))
(assert_trap (invoke $A "div" (i32.const 1) (i32.const 0)) "integer divide by zero")
(assert_return (invoke $A "add" (i32.const 2) (i32.const 3)) (i32.const 6))
(assert_trap (invoke $A "div" (i32.const 1) (i32.const 0)) "unreachable")
"#,
    );
    let kinds: Vec<&str> = results.iter().map(|(_, k, _)| k.as_str()).collect();
    assert_eq!(kinds[..3], ["module", "register", "module"]);
    assert_eq!(
        passes(&results),
        [true; 11]
            .into_iter()
            .chain([false, false])
            .collect::<Vec<_>>(),
        "{results:#?}"
    );
    let Outcome::Fail(reason) = &results[11].2 else {
        unreachable!()
    };
    assert_eq!(reason.group, "wrong result");
    let Outcome::Fail(reason) = &results[12].2 else {
        unreachable!()
    };
    assert_eq!(reason.group, "wrong trap");
}

#[test]
fn negative_directives() {
    let results = run(
        FeatureSet::Wasm2,
        r#"
(assert_invalid (module (func (result i32) (i64.const 1))) "type mismatch")
(assert_malformed (module quote "(func (i32.bogus))") "unknown operator")
(assert_malformed (module binary "\00asm\02\00\00\00") "unknown binary version")
(assert_unlinkable (module (import "spectest" "nope" (func))) "unknown import")
(assert_unlinkable (module (import "spectest" "print_i32" (func (param i64)))) "incompatible import type")
(assert_unlinkable (module (import "spectest" "memory" (memory 3))) "incompatible import type")
(assert_trap (module (memory 1) (data (i32.const 65536) "x")) "out of bounds memory access")
(assert_trap (module (func $f unreachable) (start $f)) "unreachable")
(assert_invalid (module (func (result i32) (i32.const 1) (i32.const 2))) "type mismatch")
(assert_invalid (module (func (result i32) (i32.const 1))) "type mismatch")
"#,
    );
    assert_eq!(results[6].1, "assert_uninstantiable");
    let expected = [true, true, true, true, true, true, true, true, true, false];
    assert_eq!(passes(&results), expected, "{results:#?}");
    let Outcome::Fail(reason) = &results[9].2 else {
        unreachable!()
    };
    assert_eq!(reason.group, "invalid module accepted");
}

#[test]
fn modules_outside_the_set_are_skipped_with_their_dependents() {
    let results = run(
        FeatureSet::Wasm2,
        r#"
(module $M (memory (export "mem") 1) (func (export "read") (param i32) (result i32) (i32.load8_u (local.get 0))))
(register "M" $M)
(module $T (func (export "f") (result i32) (return_call $g)) (func $g (result i32) (i32.const 1)))
(assert_return (invoke $T "f") (i32.const 1))
(register "T" $T)
(module (memory (import "M" "mem") 1) (memory $m2 1) (data (memory 0) (i32.const 0) "\05"))
(assert_return (invoke $M "read" (i32.const 0)) (i32.const 5))
(assert_return (invoke $M "read" (i32.const 1)) (i32.const 0))
(assert_invalid (module (func (result i32) (return_call 1)) (func (result i64) (i64.const 0))) "type mismatch")
"#,
    );
    let skipped: Vec<bool> = results
        .iter()
        .map(|(_, _, o)| matches!(o, Outcome::Skip(_)))
        .collect();
    assert_eq!(
        skipped,
        [false, false, true, true, true, true, true, false, true],
        "{results:#?}"
    );
    let Outcome::Skip(reason) = &results[2].2 else {
        unreachable!()
    };
    assert!(
        reason.group.starts_with("needs wasm3: tail calls"),
        "{reason}"
    );
    assert_eq!(
        results[3].2, results[2].2,
        "dependents name the same reason"
    );
    let Outcome::Skip(reason) = &results[6].2 else {
        unreachable!()
    };
    assert!(
        reason.group.starts_with("needs wasm3: multiple memories"),
        "{reason}"
    );
    assert_eq!(
        results[7].2,
        Outcome::Pass,
        "passing directives on a shared instance stay passes"
    );
}

#[test]
fn module_definitions_and_instances() {
    let results = run(
        FeatureSet::Wasm2,
        r#"
(module definition $D (global $g (mut i32) (i32.const 0)) (func (export "inc") (result i32)
  (global.set $g (i32.add (global.get $g) (i32.const 1))) (global.get $g)))
(module instance $I1 $D)
(module instance $I2 $D)
(assert_return (invoke $I1 "inc") (i32.const 1))
(assert_return (invoke $I1 "inc") (i32.const 2))
(assert_return (invoke $I2 "inc") (i32.const 1))
"#,
    );
    assert_eq!(passes(&results), [true; 6], "{results:#?}");
}

#[test]
fn stack_exhaustion_is_a_trap() {
    let results = run(
        FeatureSet::Wasm2,
        r#"
(module
  (global $g (mut i32) (i32.const 0))
  ;; Work after the recursive call keeps LLVM from turning it into a loop.
  (func $f (export "deep") (param i32)
    (call $f (i32.add (local.get 0) (i32.const 1)))
    (global.set $g (i32.add (global.get $g) (local.get 0)))))
(assert_exhaustion (invoke "deep" (i32.const 0)) "call stack exhausted")
"#,
    );
    assert_eq!(passes(&results), [true, true], "{results:#?}");
}
