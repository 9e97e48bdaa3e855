//! An out-of-bounds load traps even when its value ends up unused (found
//! by the differential fuzzer: LLVM deletes unused loads, and guard pages
//! only trap on loads that execute), in both bounds-checking modes.

mod support;

use wasmlite_codegen::{BoundsChecks, CompileOptions, OptLevel};
use wasmlite_rt::{CallError, TrapCode, Val};

const DEAD_LOADS: &str = r#"(module
  (memory 0 1)
  (func (export "local_set") (local i32)
    i32.const 0 i32.load local.set 0)
  (func (export "add_drop")
    i32.const 0 i32.load i32.const 1 i32.add drop)
  (func (export "br_discards")
    block i32.const 0 i64.load16_s br 0 end)
  (func (export "tee_then_overwrite") (local i64)
    i32.const 0 i64.load local.tee 0 drop i64.const 7 local.set 0)
  (func (export "stored_to_dead_local_in_loop") (param i32) (local f64)
    loop
      i32.const 8 f64.load local.set 1
      local.get 0 i32.const 1 i32.sub local.tee 0
      br_if 0
    end))"#;

#[test]
fn unused_out_of_bounds_loads_still_trap() {
    let levels = [OptLevel::O0, OptLevel::O2, OptLevel::O3];
    let modes = [BoundsChecks::GuardPages, BoundsChecks::Explicit];
    for (opt_level, bounds_checks) in levels.into_iter().flat_map(|l| modes.map(|m| (l, m))) {
        let options = CompileOptions { opt_level, bounds_checks, ..Default::default() };
        let level = (opt_level, bounds_checks);
        let mut instance = support::instantiate_wat_with(DEAD_LOADS, &options);
        for (export, args) in [
            ("local_set", vec![]),
            ("add_drop", vec![]),
            ("br_discards", vec![]),
            ("tee_then_overwrite", vec![]),
            ("stored_to_dead_local_in_loop", vec![Val::I32(3)]),
        ] {
            match instance.call(export, &args) {
                Err(CallError::Trap(trap)) => {
                    assert_eq!(trap.code(), TrapCode::MemoryOutOfBounds, "{export} at {level:?}")
                }
                other => panic!("{export} at {level:?}: expected an out-of-bounds trap, got {other:?}"),
            }
        }
    }
}
