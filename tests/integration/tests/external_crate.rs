//! The user's view, end to end: a crate outside this workspace that depends
//! on wasmlite-rt and (as a build dependency) wasmlite-build by path, with
//! exactly the `build.rs` and `main.rs` the README shows, built and run with
//! `cargo run`.

use std::path::{Path, PathBuf};
use std::process::Command;

const BUILD_RS: &str = r#"fn main() { wasmlite_build::Build::new().file("wasm/calc.wat").compile(); }
"#;

const MAIN_RS: &str = r#"use wasmlite_rt::TrapCode;
wasmlite_rt::include_wasm!("wasm/calc.wat");
struct Host { logged: Vec<i32> }
impl calc::Imports for Host {
    fn env_log(&mut self, value: i32) { self.logged.push(value); }
    fn env_now(&mut self) -> i64 { 1234 }
}
fn main() {
    let mut calc = calc::Calc::new(Host { logged: vec![] }).unwrap();
    assert_eq!(calc.add(2, 3).unwrap(), 5);
    assert!(matches!(calc.div(1, 0), Err(t) if t.code() == TrapCode::IntegerDivisionByZero));
    assert_eq!(calc.swap(1, 2).unwrap(), (2, 1));
    calc.memory_mut()[100] = 9;
    assert_eq!(calc.load8(100).unwrap(), 9);
    assert_eq!(&calc.memory()[16..21], b"hello");
    assert_eq!(calc.host().logged, Vec::<i32>::new());
}
"#;

const CALC_WAT: &str = r#"(module
  (import "env" "log" (func $log (param i32)))
  (import "env" "now" (func $now (result i64)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello")
  (func (export "add") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.add)
  (func (export "div") (param i32 i32) (result i32)
    local.get 0
    local.get 1
    i32.div_s)
  (func (export "swap") (param i32 i32) (result i32 i32)
    local.get 1
    local.get 0)
  (func (export "load8") (param i32) (result i32)
    local.get 0
    i32.load8_u))
"#;

/// The wasmlite workspace root.
fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../..")
        .canonicalize()
        .unwrap()
}

/// `<target dir>/external-crate`: beside this test's own build output, so
/// repeated runs reuse the compiled dependencies (a separate directory,
/// because the outer cargo may hold the lock on its own).
fn target_dir() -> PathBuf {
    // This binary is <target>/<profile>/deps/external_crate-<hash>.
    let exe = std::env::current_exe().unwrap();
    exe.ancestors()
        .nth(3)
        .expect("test binary inside a target directory")
        .join("external-crate")
}

/// A directory removed when dropped.
struct TempDir(PathBuf);

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

fn write(root: &Path, name: &str, text: &str) {
    let path = root.join(name);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(path, text).unwrap();
}

#[test]
fn a_crate_outside_the_workspace_builds_and_runs() {
    let workspace = workspace();
    let dir = TempDir(
        std::env::temp_dir().join(format!("wasmlite-external-crate-{}", std::process::id())),
    );
    let _ = std::fs::remove_dir_all(&dir.0);
    let manifest = format!(
        r#"[package]
name = "wasmlite-external-user"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
wasmlite-rt = {{ path = "{rt}" }}

[build-dependencies]
wasmlite-build = {{ path = "{build}" }}

[profile.dev.build-override]
opt-level = 2

# A workspace of its own, whatever directory it is in.
[workspace]
"#,
        rt = workspace.join("wasmlite-rt").display(),
        build = workspace.join("wasmlite-build").display(),
    );
    write(&dir.0, "Cargo.toml", &manifest);
    write(&dir.0, "build.rs", BUILD_RS);
    write(&dir.0, "src/main.rs", MAIN_RS);
    write(&dir.0, "wasm/calc.wat", CALC_WAT);
    // Same dependency versions as the workspace, and no registry look-up
    // when they are already downloaded.
    std::fs::copy(workspace.join("Cargo.lock"), dir.0.join("Cargo.lock")).unwrap();

    #[allow(clippy::disallowed_methods)] // test plumbing
    let llvm = std::env::var_os("LLVM_SYS_191_PREFIX").unwrap_or_else(|| "/usr/lib/llvm-19".into());
    #[allow(clippy::disallowed_methods)]
    let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
    let output = Command::new(cargo)
        .args(["run", "--quiet"])
        .current_dir(&dir.0)
        .env("CARGO_TARGET_DIR", target_dir())
        .env("LLVM_SYS_191_PREFIX", llvm)
        .env("CARGO_TERM_COLOR", "never")
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "cargo run failed ({})\n--- stdout\n{}\n--- stderr\n{}",
        output.status,
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}
