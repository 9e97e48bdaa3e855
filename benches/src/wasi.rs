//! WASI call costs (`--wasi`): `fd_write` of 64 bytes to a captured stdout and
//! `clock_time_get` of the monotonic clock, each called in a loop by compiled wasm
//! (`micro/wasi.wat`), through wasmlite-wasi and through wasmtime-wasi's preview 1.
//!
//! The wasmlite side is compiled at startup like the `explicit` engine (O2, baseline
//! x86-64, guard pages: the code the build-time path makes) and linked by name with
//! `wasmlite_wasi::add_to_linker`; the wasmtime side uses `wasmtime_wasi::p1` with a
//! `MemoryOutputPipe` as stdout. Each batch gets fresh captured output; instantiation
//! and draining the output are outside the timings.

use crate::engines::wasmlite_startup;
use crate::micro::{median_ns, print_table, timed};
use wasmlite_rt::{HostState, Val};
use wasmtime_wasi::p1::WasiP1Ctx;
use wasmtime_wasi::p2::pipe::MemoryOutputPipe;

const WASI_WAT: &str = include_str!("../micro/wasi.wat");

/// The exports of `wasi.wat`, each a loop of `n` calls, and the bytes one call writes.
const LOOPS: [(&str, usize); 2] = [("fd_write", 64), ("clock_time_get", 0)];

type Failure = Box<dyn std::error::Error>;

fn calls(quick: bool) -> u32 {
    if quick {
        20_000
    } else {
        200_000
    }
}

fn wasmlite_rows(quick: bool) -> Result<Vec<f64>, Failure> {
    let wasm = wat::parse_str(WASI_WAT)?;
    let module = wasmlite_startup::load(&wasm, "wasi_calls", Default::default())?;
    let mut linker = wasmlite_rt::Linker::new();
    wasmlite_wasi::add_to_linker(&mut linker);
    let ctx = wasmlite_wasi::WasiCtx::builder().capture_stdout().build();
    let mut instance = linker.instantiate(&module, HostState::new().with(ctx))?;
    let mut rows = Vec::new();
    for (export, bytes) in LOOPS {
        rows.push(median_ns(calls(quick), |ops| {
            let seconds = timed(|| {
                let failed = instance.call(export, &[Val::I32(ops as i32)]);
                assert!(
                    matches!(failed.as_deref(), Ok([Val::I32(0)])),
                    "{export}: {failed:?}"
                );
            });
            let written = instance
                .state_mut::<wasmlite_wasi::WasiCtx>()
                .expect("the WASI context")
                .take_stdout();
            assert_eq!(written.len(), bytes * ops as usize, "{export} output");
            seconds
        }));
    }
    Ok(rows)
}

fn wasmtime_rows(quick: bool) -> Result<Vec<f64>, Failure> {
    let engine = wasmtime::Engine::default();
    let module = wasmtime::Module::new(&engine, WASI_WAT)?;
    let mut linker = wasmtime::Linker::<WasiP1Ctx>::new(&engine);
    wasmtime_wasi::p1::add_to_linker_sync(&mut linker, |ctx| ctx)?;
    let pre = linker.instantiate_pre(&module)?;
    let mut rows = Vec::new();
    for (export, bytes) in LOOPS {
        rows.push(median_ns(calls(quick), |ops| {
            let stdout = MemoryOutputPipe::new(64 * ops as usize);
            let ctx = wasmtime_wasi::WasiCtxBuilder::new()
                .stdout(stdout.clone())
                .build_p1();
            let mut store = wasmtime::Store::new(&engine, ctx);
            let instance = pre.instantiate(&mut store).expect("wasi.wat instantiates");
            let run = instance
                .get_typed_func::<i32, i32>(&mut store, export)
                .expect("the export");
            let seconds = timed(|| {
                let failed = run.call(&mut store, ops as i32);
                assert!(matches!(failed, Ok(0)), "{export}: {failed:?}");
            });
            assert_eq!(
                stdout.contents().len(),
                bytes * ops as usize,
                "{export} output"
            );
            seconds
        }));
    }
    Ok(rows)
}

/// Run the WASI call benchmarks and print their table.
pub fn run(quick: bool) -> Result<(), Failure> {
    println!("{}", crate::machine::describe_load("before"));
    let wasmlite = wasmlite_rows(quick)?;
    let wasmtime = wasmtime_rows(quick)?;
    let names = [
        "fd_write, 64 bytes to captured stdout",
        "clock_time_get (monotonic)",
    ];
    print_table("WASI call from wasm", &names, &wasmlite, &wasmtime);
    println!("{}", crate::machine::describe_load("after"));
    Ok(())
}
