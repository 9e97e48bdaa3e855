//! Unbounded recursion must exhaust the stack and trap: Wasm 2.0 has no tail
//! calls, so LLVM must not turn recursion into a loop.

mod support;

use wasmlite_codegen::OptLevel;
use wasmlite_rt::{CallError, TrapCode, Val};

const RECURSION: &str = r#"(module
    (func $accumulating (export "accumulating") (param i32) (result i32)
        local.get 0 i32.const 1 i32.add call $accumulating i32.const 1 i32.add)
    (func $tail (export "tail") (param i32) (result i32)
        local.get 0 i32.const 1 i32.add call $tail)
    (func $ping (export "mutual") (param i32) (result i32)
        local.get 0 call $pong)
    (func $pong (param i32) (result i32)
        local.get 0 i32.const 1 i32.add call $ping))"#;

#[test]
fn unbounded_recursion_traps_with_stack_overflow_at_every_level() {
    for level in [OptLevel::O0, OptLevel::O2, OptLevel::O3] {
        let mut instance = support::instantiate_wat(RECURSION, level);
        for export in ["accumulating", "tail", "mutual"] {
            match instance.call(export, &[Val::I32(0)]) {
                Err(CallError::Trap(trap)) => {
                    assert_eq!(trap.code(), TrapCode::StackOverflow, "{export} at {level:?}")
                }
                other => panic!("{export} at {level:?}: expected a stack overflow, got {other:?}"),
            }
        }
    }
}
