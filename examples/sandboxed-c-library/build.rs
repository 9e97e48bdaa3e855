//! Builds `c/rle.c` with clang-19 and wasi-libc into the reactor
//! `wasm/rle.wasm` (exports, no `main`), then compiles that to native code
//! with `wasmlite-build`.

#[path = "../support/wasi_clang.rs"]
mod wasi_clang;

fn main() {
    wasi_clang::compile("c/rle.c", "wasm/rle.wasm", &["-mexec-model=reactor"]);
    wasmlite_build::Build::new().file("wasm/rle.wasm").compile();
}
