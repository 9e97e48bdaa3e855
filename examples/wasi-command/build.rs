//! Builds `c/listdir.c` with clang-19 and wasi-libc into `wasm/listdir.wasm`,
//! then compiles that to native code with `wasmlite-build`.

#[path = "../support/wasi_clang.rs"]
mod wasi_clang;

fn main() {
    wasi_clang::compile("c/listdir.c", "wasm/listdir.wasm", &[]);
    wasmlite_build::Build::new()
        .file("wasm/listdir.wasm")
        .compile();
}
