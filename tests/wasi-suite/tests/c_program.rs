//! A C program of our own, built with clang and wasi-libc (a real toolchain's
//! output), run through wasmlite with a read-only preopen: it lists the
//! directory, reads a file, and fails to leave the sandbox or write to it.

use std::path::Path;
use std::process::Command;
use wasmlite_codegen::{BoundsChecks, OptLevel};
use wasmlite_rt::{HostState, Linker};
use wasmlite_spec::compiler::Compiler;
use wasmlite_wasi::{DirPerms, WasiCtx};

/// `tests/c/NAME.c` → wasm bytes, with `$CLANG` (default `clang-19`) and wasi-libc.
fn build_c(name: &str) -> Vec<u8> {
    let clang = std::env::var("CLANG").unwrap_or_else(|_| "clang-19".into());
    let source = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/c")
        .join(format!("{name}.c"));
    let out = tempfile::tempdir().unwrap();
    let wasm = out.path().join(format!("{name}.wasm"));
    // `-nodefaultlibs -lc`: wasi-libc without compiler-rt's builtins (a separate Debian package).
    let status = Command::new(&clang)
        .args(["--target=wasm32-wasi", "-O2", "-nodefaultlibs", "-lc", "-o"])
        .arg(&wasm)
        .arg(&source)
        .status()
        .unwrap_or_else(|e| {
            panic!("cannot run {clang} (scripts/install-deps.sh installs it): {e}")
        });
    assert!(status.success(), "{clang} failed on {}", source.display());
    std::fs::read(wasm).unwrap()
}

#[test]
fn a_wasi_libc_program_lists_a_read_only_preopen_and_cannot_leave_it() {
    let temp = tempfile::tempdir().unwrap();
    let data = temp.path().join("data");
    std::fs::create_dir_all(data.join("a")).unwrap();
    std::fs::write(data.join("hello.txt"), "hello from the host\n").unwrap();
    std::fs::write(data.join("b.txt"), "").unwrap();
    std::fs::write(temp.path().join("secret"), "secret").unwrap();

    let module = Compiler::new(OptLevel::O1, BoundsChecks::default())
        .module(&build_c("ls"))
        .unwrap();
    let wasi = WasiCtx::builder()
        .args(["ls", "x"])
        .preopen_dir(&data, "/data", DirPerms::ReadOnly)
        .unwrap()
        .capture_stdout()
        .capture_stderr()
        .build();
    let mut linker = Linker::new();
    wasmlite_wasi::add_to_linker(&mut linker);
    let mut instance = linker
        .instantiate(&module, HostState::new().with(wasi))
        .unwrap();
    let status = wasmlite_wasi::run_command(&mut instance).unwrap();
    let mut wasi = instance.take_state::<WasiCtx>().unwrap();
    let (stdout, stderr) = (wasi.take_stdout(), wasi.take_stderr());
    assert_eq!(
        String::from_utf8_lossy(&stdout),
        "a\nb.txt\nhello.txt\nhello from the host\nargc=2 x\n",
        "stderr: {}",
        String::from_utf8_lossy(&stderr)
    );
    assert_eq!(status, 42);
    assert!(!data.join("new.txt").exists());
}
