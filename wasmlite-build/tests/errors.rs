//! Invalid inputs produce errors that name the file, the byte offset and the
//! reason, and `compile()` reports them without panicking.

use std::path::{Path, PathBuf};
use std::process::Command;
use wasmlite_build::{Build, BuildError, OptLevel};

/// A build that needs nothing from Cargo's environment.
fn build(out: &Path, file: &Path) -> Build {
    let mut build = Build::new();
    build
        .file(file)
        .out_dir(out)
        .target("x86_64-unknown-linux-gnu")
        .opt_level(OptLevel::O0)
        .cargo_metadata(false);
    build
}

fn write(dir: &Path, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

#[test]
fn malformed_binary_names_file_offset_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    // A type section that claims 5 bytes but the file ends after none.
    let file = write(dir.path(), "truncated.wasm", b"\0asm\x01\0\0\0\x01\x05");
    let err = build(&dir.path().join("out"), &file)
        .try_compile()
        .unwrap_err();
    assert!(
        matches!(err, BuildError::Compile { ref file, .. } if file.ends_with("truncated.wasm")),
        "{err:?}"
    );
    let message = err.to_string();
    assert!(message.contains(&file.display().to_string()), "{message}");
    assert!(
        message.contains("invalid module at byte offset 0xa"),
        "{message}"
    );
    assert!(message.contains("unexpected end"), "{message}");
}

#[test]
fn invalid_text_module_names_file_offset_and_reason() {
    let dir = tempfile::tempdir().unwrap();
    // Well-formed text, but the body leaves an i64 where an i32 is declared.
    let file = write(
        dir.path(),
        "mistyped.wat",
        b"(module (func (result i32) i64.const 1))",
    );
    let err = build(&dir.path().join("out"), &file)
        .try_compile()
        .unwrap_err();
    let message = err.to_string();
    assert!(
        message.starts_with(&format!(
            "cannot compile {}: invalid module at byte offset 0x",
            file.display()
        )),
        "{message}"
    );
    assert!(message.contains("type mismatch"), "{message}");
}

#[test]
fn text_syntax_errors_name_file_line_and_column() {
    let dir = tempfile::tempdir().unwrap();
    let file = write(
        dir.path(),
        "broken.wat",
        b"(module\n  (func (result i32) i32.const))",
    );
    let err = build(&dir.path().join("out"), &file)
        .try_compile()
        .unwrap_err();
    assert!(matches!(err, BuildError::Parse { .. }), "{err:?}");
    let message = err.to_string();
    assert!(
        message.contains(&format!("{}:2:", file.display())),
        "{message}"
    );
}

const CHILD: &str = "WASMLITE_BUILD_TEST_CHILD_DIR";

/// `compile()` prints `cargo:warning=` lines and a message on stderr and
/// exits with status 1. Runs itself as a child process to observe the exit.
#[test]
fn compile_exits_with_a_readable_error() {
    #[allow(clippy::disallowed_methods)] // test plumbing, not a build setting
    if let Some(dir) = std::env::var_os(CHILD) {
        let dir = PathBuf::from(dir);
        let file = write(&dir, "bad.wasm", b"\0asm\x01\0\0\0\x01\x05");
        build(&dir.join("out"), &file)
            .cargo_metadata(true)
            .compile();
        unreachable!("compile() returned despite an invalid module");
    }
    let dir = tempfile::tempdir().unwrap();
    let output = Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "compile_exits_with_a_readable_error",
            "--nocapture",
            "--test-threads=1",
        ])
        .env(CHILD, dir.path())
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        output.status.code(),
        Some(1),
        "stdout:\n{stdout}\nstderr:\n{stderr}"
    );
    assert!(stdout.contains("cargo:warning=cannot compile "), "{stdout}");
    assert!(
        stdout.contains("bad.wasm: invalid module at byte offset 0xa"),
        "{stdout}"
    );
    assert!(
        stderr.contains("error: wasmlite-build: cannot compile "),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
}
