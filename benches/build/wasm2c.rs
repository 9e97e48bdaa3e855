//! The kernels through wasm2c: wasm to C, then C to native code with clang.
//! Skipped, with the reason handed to the binary as `BENCH_WASM2C_SKIPPED`,
//! when `wasm2c` or wabt's runtime sources are missing.

use crate::registry;
use crate::tools::{fail, run, write_if_changed};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Where Debian's wabt package installs the runtime: the header with the
/// public API is in the default include path, the implementation in
/// `/usr/share`.
const RUNTIME_HEADER_DIRS: &[&str] = &["/usr/include", "/usr/local/include"];
const RUNTIME_SOURCE_DIRS: &[&str] = &[
    "/usr/share/wabt/wasm2c",
    "/usr/local/share/wabt/wasm2c",
    "/usr/src/wasm2c",
];

/// Translate and compile every kernel, or explain why not.
pub fn compile(clang: &str, kernels: &[String], wasm_files: &[PathBuf], out_dir: &Path) {
    println!("cargo::rustc-check-cfg=cfg(wasm2c)");
    let runtime = match find_runtime() {
        Ok(runtime) => runtime,
        Err(reason) => return skip(&reason),
    };
    if Command::new("wasm2c").arg("--version").output().is_err() {
        return skip("the `wasm2c` command was not found (install wabt)");
    }
    let generated = out_dir.join("wasm2c");
    std::fs::create_dir_all(&generated)
        .unwrap_or_else(|e| fail(&format!("cannot create {}: {e}", generated.display())));
    let mut build = cc::Build::new();
    for (name, wasm) in kernels.iter().zip(wasm_files) {
        let c_file = generated.join(format!("{name}.c"));
        run(Command::new("wasm2c")
            .arg(wasm)
            .arg("-n")
            .arg(name)
            .arg("-o")
            .arg(&c_file));
        build.file(&c_file);
    }
    let table = generated.join("bench_w2c_kernels.c");
    write_if_changed(&table, registry::wasm2c_table(kernels).as_bytes());
    build
        .compiler(clang)
        .opt_level(2)
        .debug(false)
        .warnings(false)
        .include(&generated)
        .include(&runtime.header_dir)
        .include(&runtime.source_dir)
        // Memory accesses stay unchecked (guard pages, wasm2c's default on
        // 64-bit hosts), but wasm2c installs no SIGSEGV handler of its own:
        // it would not chain to wasmlite's and wasmtime's.
        .define("WASM_RT_SKIP_SIGNAL_RECOVERY", "1")
        .file(runtime.source_dir.join("wasm-rt-impl.c"))
        .file(&table)
        .compile("bench_wasm2c_kernels");
    println!("cargo:rustc-cfg=wasm2c");
}

struct Runtime {
    header_dir: PathBuf,
    source_dir: PathBuf,
}

fn find_runtime() -> Result<Runtime, String> {
    let header_dir = RUNTIME_HEADER_DIRS
        .iter()
        .map(PathBuf::from)
        .find(|dir| dir.join("wasm-rt.h").is_file());
    let source_dir = RUNTIME_SOURCE_DIRS
        .iter()
        .map(PathBuf::from)
        .find(|dir| dir.join("wasm-rt-impl.c").is_file() && dir.join("wasm-rt-impl.h").is_file());
    match (header_dir, source_dir) {
        (Some(header_dir), Some(source_dir)) => Ok(Runtime {
            header_dir,
            source_dir,
        }),
        (None, _) => Err(format!(
            "wasm2c's runtime header wasm-rt.h is not in {}",
            RUNTIME_HEADER_DIRS.join(" or ")
        )),
        (_, None) => Err(format!(
            "wasm2c's runtime sources wasm-rt-impl.c and wasm-rt-impl.h are not in {}",
            RUNTIME_SOURCE_DIRS.join(" or ")
        )),
    }
}

fn skip(reason: &str) {
    println!("cargo:warning=wasm2c is skipped: {reason}");
    println!("cargo:rustc-env=BENCH_WASM2C_SKIPPED={reason}");
}
