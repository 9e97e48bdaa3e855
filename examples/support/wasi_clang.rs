//! C to WebAssembly for the examples' build scripts: `clang-19
//! --target=wasm32-wasi` against wasi-libc (`scripts/install-deps.sh`
//! installs clang-19, lld-19 and wasi-libc). Included with `#[path]` by
//! each example's `build.rs`, so that both build their modules one way.

use std::path::Path;
use std::process::Command;

/// The C compiler.
const CLANG: &str = "clang-19";

/// Flags for every module: wasi-libc without compiler-rt's builtins, which
/// Debian ships apart (`libclang-rt-19-dev-wasm32`) and no example needs;
/// no DWARF (Debian's wasi-libc carries it).
const FLAGS: &[&str] = &[
    "--target=wasm32-wasi",
    "-O2",
    "-nodefaultlibs",
    "-lc",
    "-Wl,--strip-debug",
];

/// Compiles the C file `source` into the wasm module `output` (both
/// relative to the crate), with `extra` flags after the common ones. Clang
/// writes into `OUT_DIR`; `output` is rewritten only when its bytes change,
/// so that the build script (which `wasmlite-build` reruns when `output`
/// changes) does not run again on every build. Panics with what to install
/// when clang-19 is missing, and with clang's diagnostics when it fails.
pub fn compile(source: &str, output: &str, extra: &[&str]) {
    println!("cargo:rerun-if-changed={source}");
    let out_dir = std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR for build scripts");
    let scratch = Path::new(&out_dir).join(Path::new(output).file_name().expect("a file name"));
    let result = Command::new(CLANG)
        .args(FLAGS)
        .args(extra)
        .arg("-o")
        .arg(&scratch)
        .arg(source)
        .output();
    let clang = match result {
        Ok(clang) => clang,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => panic!(
            "{CLANG} was not found: this example builds its WebAssembly from C with \
             `{CLANG} --target=wasm32-wasi`; install clang-19, lld-19 and wasi-libc \
             (scripts/install-deps.sh does)"
        ),
        Err(error) => panic!("cannot run {CLANG}: {error}"),
    };
    if !clang.status.success() {
        panic!(
            "{CLANG} failed to compile {source} ({}):\n{}",
            clang.status,
            String::from_utf8_lossy(&clang.stderr)
        );
    }
    let bytes = std::fs::read(&scratch)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", scratch.display()));
    if std::fs::read(output).ok().as_deref() != Some(&bytes[..]) {
        if let Some(dir) = Path::new(output).parent() {
            std::fs::create_dir_all(dir)
                .unwrap_or_else(|e| panic!("cannot create {}: {e}", dir.display()));
        }
        std::fs::write(output, &bytes).unwrap_or_else(|e| panic!("cannot write {output}: {e}"));
    }
}
