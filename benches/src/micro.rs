//! Micro-benchmarks (`--micro`): instantiation, calls across the boundary
//! in both directions and `memory.grow`, in wasmlite and in wasmtime.
//!
//! Each figure is the median over batches of the mean time per operation
//! in a batch.

use crate::stats::median;
use std::hint::black_box;
use std::time::Instant;
use wasmtime::{Engine, Linker, Module, Store};

#[allow(dead_code)]
mod bindings {
    wasmlite_rt::include_wasm!("micro/instantiate.wat");
    wasmlite_rt::include_wasm!("micro/calls.wat");

    /// The host side of `calls.wat`: an import that does nothing.
    pub struct Host;

    impl calls::Imports for Host {
        fn env_nop(&mut self) {}
    }
}

const INSTANTIATE_WAT: &str = include_str!("../micro/instantiate.wat");
const CALLS_WAT: &str = include_str!("../micro/calls.wat");

/// Batches per figure.
const BATCHES: usize = 15;
/// Pages `memory.grow` adds per batch (64 MiB).
const GROW_PAGES: i32 = 1024;

/// The median over [`BATCHES`] of nanoseconds per operation, where
/// `batch(ops)` performs `ops` operations and returns the seconds they
/// took.
pub(crate) fn median_ns(ops: u32, mut batch: impl FnMut(u32) -> f64) -> f64 {
    batch(ops); // warm-up
    let samples: Vec<f64> = (0..BATCHES)
        .map(|_| batch(ops) / f64::from(ops) * 1e9)
        .collect();
    median(&samples).unwrap_or(f64::NAN)
}

/// Seconds `f` takes.
pub(crate) fn timed(f: impl FnOnce()) -> f64 {
    let start = Instant::now();
    f();
    start.elapsed().as_secs_f64()
}

type Failure = Box<dyn std::error::Error>;

fn wasmlite_rows(quick: bool) -> Result<[f64; 4], Failure> {
    let scale = if quick { 1 } else { 10 };
    let instantiate = median_ns(200 * scale, |ops| {
        timed(|| {
            for _ in 0..ops {
                drop(black_box(
                    bindings::instantiate::Instantiate::new(()).expect("instantiate.wat"),
                ));
            }
        })
    });
    let mut calls = bindings::calls::Calls::new(bindings::Host)?;
    let empty = median_ns(100_000 * scale, |ops| {
        timed(|| {
            for _ in 0..ops {
                calls.empty().expect("empty trapped");
            }
        })
    });
    let host = median_ns(100_000 * scale, |ops| {
        timed(|| calls.call_host(ops as i32).expect("call_host trapped"))
    });
    let grow = median_ns(GROW_PAGES as u32, |ops| {
        let mut fresh = bindings::calls::Calls::new(bindings::Host).expect("calls.wat");
        timed(|| {
            assert_eq!(
                fresh.grow(ops as i32).expect("grow trapped"),
                ops as i32 + 1,
                "memory.grow failed"
            )
        })
    });
    Ok([instantiate, empty, host, grow])
}

fn wasmtime_rows(quick: bool) -> Result<[f64; 4], Failure> {
    let scale = if quick { 1 } else { 10 };
    let engine = Engine::default();
    let module = Module::new(&engine, INSTANTIATE_WAT)?;
    let pre = Linker::new(&engine).instantiate_pre(&module)?;
    let instantiate = median_ns(200 * scale, |ops| {
        timed(|| {
            for _ in 0..ops {
                let mut store = Store::new(&engine, ());
                black_box(pre.instantiate(&mut store).expect("instantiate.wat"));
            }
        })
    });

    let module = Module::new(&engine, CALLS_WAT)?;
    let mut linker = Linker::new(&engine);
    linker.func_wrap("env", "nop", || {})?;
    let pre = linker.instantiate_pre(&module)?;
    let mut store = Store::new(&engine, ());
    let instance = pre.instantiate(&mut store)?;
    let empty_fn = instance.get_typed_func::<(), ()>(&mut store, "empty")?;
    let empty = median_ns(100_000 * scale, |ops| {
        timed(|| {
            for _ in 0..ops {
                empty_fn.call(&mut store, ()).expect("empty trapped");
            }
        })
    });
    let call_host = instance.get_typed_func::<i32, ()>(&mut store, "call_host")?;
    let host = median_ns(100_000 * scale, |ops| {
        timed(|| {
            call_host
                .call(&mut store, ops as i32)
                .expect("call_host trapped")
        })
    });
    let grow = median_ns(GROW_PAGES as u32, |ops| {
        let mut store = Store::new(&engine, ());
        let instance = pre.instantiate(&mut store).expect("calls.wat");
        let grow = instance
            .get_typed_func::<i32, i32>(&mut store, "grow")
            .expect("grow export");
        timed(|| {
            assert_eq!(
                grow.call(&mut store, ops as i32).expect("grow trapped"),
                ops as i32 + 1,
                "memory.grow failed"
            )
        })
    });
    Ok([instantiate, empty, host, grow])
}

/// Run the micro-benchmarks and print their table.
pub fn run(quick: bool) -> Result<(), Failure> {
    println!("{}", crate::machine::describe_load("before"));
    let wasmlite = wasmlite_rows(quick)?;
    let wasmtime = wasmtime_rows(quick)?;
    let names = [
        "instantiate (1-page memory, 1 KiB data)",
        "host->wasm typed call, empty function",
        "wasm->host call of an empty import",
        "memory.grow by 1 page",
    ];
    print_table("micro-benchmark", &names, &wasmlite, &wasmtime);
    println!("{}", crate::machine::describe_load("after"));
    Ok(())
}

/// Prints one row per name: wasmlite's and wasmtime's nanoseconds and their ratio.
pub(crate) fn print_table(title: &str, names: &[&str], wasmlite: &[f64], wasmtime: &[f64]) {
    println!(
        "{title:<42} {:>12} {:>12} {:>8}",
        "wasmlite ns", "wasmtime ns", "wl/wt"
    );
    for ((what, wl), wt) in names.iter().zip(wasmlite).zip(wasmtime) {
        println!("{what:<42} {wl:>12.1} {wt:>12.1} {:>8.2}", wl / wt);
    }
}
