//! Build script of the benchmark suite. From the same C sources in
//! `kernels/` it produces every engine's version of each kernel:
//!
//! - `kernels/wasm/<name>.wasm` with `clang-19 --target=wasm32-wasi -O2`
//!   (written only when the bytes change; `include_wasm!` reads it from
//!   there, and wasmtime gets the same bytes through `include_bytes!`);
//! - the wasmlite objects, compiled at O2 by `wasmlite_build::Build`;
//! - a native static library compiled with `clang-19 -O2` through `cc`;
//! - C from `wasm2c`, compiled with `clang-19 -O2` together with wabt's
//!   runtime, when `wasm2c` and the runtime sources are installed.
//!
//! `BENCH_CLANG` overrides the C compiler (default `clang-19`).

mod kernel_list;
mod native;
mod registry;
mod tools;
mod wasm;
mod wasm2c;

use std::path::PathBuf;

fn main() {
    let manifest_dir = PathBuf::from(tools::env("CARGO_MANIFEST_DIR"));
    let out_dir = PathBuf::from(tools::env("OUT_DIR"));
    let clang = std::env::var("BENCH_CLANG").unwrap_or_else(|_| "clang-19".to_string());
    println!("cargo:rerun-if-env-changed=BENCH_CLANG");

    let kernel_dir = manifest_dir.join("kernels");
    let kernels = kernel_list::find(&kernel_dir);
    let wasm_files = wasm::compile_all(&clang, &kernel_dir, &kernels);

    let mut wasmlite = wasmlite_build::Build::new();
    wasmlite
        .files(&wasm_files)
        .opt_level(wasmlite_build::OptLevel::O2);
    wasmlite.files(["micro/instantiate.wat", "micro/calls.wat"]);
    wasmlite.compile();

    native::compile(&clang, &kernel_dir, &kernels, &out_dir);
    wasm2c::compile(&clang, &kernels, &wasm_files, &out_dir);
}
