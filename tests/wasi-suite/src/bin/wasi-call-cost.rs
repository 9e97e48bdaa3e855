//! `wasi-call-cost [CALLS]`: what one WASI call costs from compiled wasm, through
//! `wasmlite-wasi` linked by name: `fd_write` of 64 bytes to a captured stdout, and
//! `clock_time_get` of the monotonic clock. Prints nanoseconds per call (best of 5 runs).

use std::time::Instant;
use wasmlite_codegen::{BoundsChecks, OptLevel};
use wasmlite_rt::{HostState, Linker, Val};
use wasmlite_spec::compiler::Compiler;
use wasmlite_wasi::WasiCtx;

const LOOPS: &str = r#"(module
  (import "wasi_snapshot_preview1" "fd_write" (func $write (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "clock_time_get" (func $clock (param i32 i64 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "fd_write") (param $n i32)
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 64))
    (loop $again
      (drop (call $write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1))))))
  (func (export "clock_time_get") (param $n i32)
    (loop $again
      (drop (call $clock (i32.const 1) (i64.const 1) (i32.const 16)))
      (br_if $again (local.tee $n (i32.sub (local.get $n) (i32.const 1)))))))"#;

fn main() {
    let calls: i32 = std::env::args()
        .nth(1)
        .and_then(|n| n.parse().ok())
        .unwrap_or(200_000);
    let wasm = wat::parse_str(LOOPS).expect("valid text");
    let module = Compiler::new(OptLevel::O2, BoundsChecks::default())
        .module(&wasm)
        .expect("compiles");
    let mut linker = Linker::new();
    wasmlite_wasi::add_to_linker(&mut linker);
    let ctx = WasiCtx::builder().capture_stdout().build();
    let mut instance = linker
        .instantiate(&module, HostState::new().with(ctx))
        .expect("instantiates");
    for export in ["fd_write", "clock_time_get"] {
        let mut best = f64::MAX;
        for _ in 0..5 {
            let start = Instant::now();
            instance.call(export, &[Val::I32(calls)]).expect("runs");
            best = best.min(start.elapsed().as_nanos() as f64 / f64::from(calls));
            let written = instance
                .state_mut::<WasiCtx>()
                .expect("has a context")
                .take_stdout();
            assert!(export != "fd_write" || written.len() == 64 * calls as usize);
        }
        println!("{export}: {best:.0} ns per call ({calls} calls, best of 5)");
    }
}
