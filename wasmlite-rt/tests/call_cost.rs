//! The cost of one host→wasm call, for comparing runtime changes.
//!
//! Ignored by default (timing is meaningless in the dev profile). Run with
//! `cargo test --release -p wasmlite-rt --test call_cost -- --ignored --nocapture`
//! (`WASMLITE_BENCH_CALLS` sets the calls per batch; 1,000,000 by default).
//! `wasm_to_host_call_cost` adds a call from wasm to a host function;
//! `host_to_wasm_typed_call_cost` calls through a `TypedFunc`, as the
//! `include_wasm!` bindings do.

mod common;

use common::calc;
use std::time::Instant;
use wasmlite_rt::{Caller, Extern, HostFunc, Instance, TypedFunc, ValRaw};

/// Median nanoseconds per call of export `name` (`(i32, i32) -> i32` or
/// `(i32) -> i32`) through `call_export_raw`, over several batches.
fn median_ns_per_call(instance: &mut Instance, calls: u32) -> f64 {
    median_ns_per_call_of(instance, "add", calls)
}

fn median_ns_per_call_of(instance: &mut Instance, name: &str, calls: u32) -> f64 {
    let add = instance
        .module()
        .export_index(name)
        .expect("the module exports it");
    median_ns(calls, |i| {
        let mut values = [ValRaw::from_i32(i as i32), ValRaw::from_i32(1)];
        // SAFETY: the export takes one or two i32s and returns one.
        unsafe { instance.call_export_raw(add, &mut values) }.expect("add does not trap");
        std::hint::black_box(values);
    })
}

/// The median of 15 batches of `calls` runs of `call`, in ns per call.
fn median_ns(calls: u32, mut call: impl FnMut(u32)) -> f64 {
    let mut batches: Vec<f64> = (0..15)
        .map(|_| {
            let start = Instant::now();
            for i in 0..calls {
                call(i);
            }
            start.elapsed().as_nanos() as f64 / f64::from(calls)
        })
        .collect();
    batches.sort_by(f64::total_cmp);
    batches[batches.len() / 2]
}

fn calls_per_batch() -> u32 {
    std::env::var("WASMLITE_BENCH_CALLS").map_or(1_000_000, |n| n.parse().unwrap())
}

#[test]
#[ignore = "a benchmark: run in release with --ignored --nocapture"]
fn host_to_wasm_call_cost_alone() {
    let mut instance = Instance::new(calc::module(), &[]).unwrap();
    let ns = median_ns_per_call(&mut instance, calls_per_batch());
    println!("host->wasm call of an instance alone: {ns:.1} ns");
}

#[test]
#[ignore = "a benchmark: run in release with --ignored --nocapture"]
fn host_to_wasm_call_cost_linked() {
    let mut instance = Instance::new(calc::module(), &[]).unwrap();
    let load = instance.get_export("load").unwrap();
    let _user = Instance::new(common::importer::module(), &[load]).unwrap();
    let ns = median_ns_per_call(&mut instance, calls_per_batch());
    println!("host->wasm call of a linked instance: {ns:.1} ns");
}

#[test]
#[ignore = "a benchmark: run in release with --ignored --nocapture"]
fn wasm_to_host_call_cost() {
    let identity = HostFunc::wrap(|_: &mut Caller<'_>, x: i32| x);
    let mut instance =
        Instance::new(common::importer::module(), &[Extern::HostFunc(identity)]).unwrap();
    let ns = median_ns_per_call_of(&mut instance, "call_double", calls_per_batch());
    println!("host->wasm->host (HostFunc::wrap closure) call: {ns:.1} ns");
}

#[test]
#[ignore = "a benchmark: run in release with --ignored --nocapture"]
fn host_to_wasm_typed_call_cost() {
    let mut instance = Instance::new(calc::module(), &[]).unwrap();
    let add: TypedFunc<(i32, i32), i32> = instance.typed_func("add").unwrap();
    let ns = median_ns(calls_per_batch(), |i| {
        let sum = add.call(&mut instance, (i as i32, 1)).expect("add does not trap");
        std::hint::black_box(sum);
    });
    println!("host->wasm call through a TypedFunc: {ns:.1} ns");
}
