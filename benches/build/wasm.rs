//! C to WebAssembly with clang.

use crate::tools::{fail, run, write_if_changed};
use std::path::{Path, PathBuf};
use std::process::Command;

/// Flags for every kernel. There is no `main`: each kernel exports `run` and
/// `checksum`, so no start files and no entry point. `-nodefaultlibs -lc`
/// links wasi-libc (string functions, libm) without compiler-rt's
/// builtins, which Debian ships separately (`libclang-rt-19-dev-wasm32`)
/// and which no kernel needs. The stack is 1 MiB for the recursion kernel.
/// Debian's wasi-libc carries DWARF, which `--strip-debug` leaves out.
/// Nothing here enables SIMD: clang's wasm32 default has none.
const FLAGS: &[&str] = &[
    "--target=wasm32-wasi",
    "-O2",
    "-nostartfiles",
    "-nodefaultlibs",
    "-lc",
    "-Wl,--no-entry",
    "-Wl,-z,stack-size=1048576",
    "-Wl,--strip-debug",
];

/// Compile each kernel to `kernels/wasm/<name>.wasm` (through a temporary
/// file in `OUT_DIR`, copied only when its bytes changed) and return the
/// paths of the modules.
pub fn compile_all(clang: &str, kernel_dir: &Path, kernels: &[String]) -> Vec<PathBuf> {
    let out_dir = PathBuf::from(crate::tools::env("OUT_DIR")).join("wasm");
    std::fs::create_dir_all(&out_dir)
        .unwrap_or_else(|e| fail(&format!("cannot create {}: {e}", out_dir.display())));
    kernels
        .iter()
        .map(|name| {
            let scratch = out_dir.join(format!("{name}.wasm"));
            run(Command::new(clang)
                .args(FLAGS)
                .arg("-o")
                .arg(&scratch)
                .arg(kernel_dir.join(format!("{name}.c"))));
            let bytes = std::fs::read(&scratch)
                .unwrap_or_else(|e| fail(&format!("cannot read {}: {e}", scratch.display())));
            let module = kernel_dir.join("wasm").join(format!("{name}.wasm"));
            write_if_changed(&module, &bytes);
            module
        })
        .collect()
}
