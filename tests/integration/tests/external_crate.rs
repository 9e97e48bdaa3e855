//! The user's view, end to end: crates outside this workspace that depend
//! on wasmlite-rt (and wasmlite-wasi) and, as a build dependency,
//! wasmlite-build by path, with exactly the `build.rs` and `main.rs` the
//! README shows, built and run with `cargo run`. Both share one target
//! directory, so the second build compiles only its own crate.

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

/// A throwaway crate outside the workspace, removed when dropped.
struct ExternalCrate {
    dir: TempDir,
}

impl ExternalCrate {
    /// A crate named `name` depending on wasmlite-rt, `extra_deps` (other
    /// workspace crates) and, for its build script, wasmlite-build.
    fn new(name: &str, extra_deps: &[&str]) -> ExternalCrate {
        let workspace = workspace();
        let dir =
            TempDir(std::env::temp_dir().join(format!("wasmlite-{name}-{}", std::process::id())));
        let _ = std::fs::remove_dir_all(&dir.0);
        let dep = |krate: &str| {
            format!(
                "{krate} = {{ path = \"{}\" }}\n",
                workspace.join(krate).display()
            )
        };
        let deps: String = ["wasmlite-rt"]
            .iter()
            .chain(extra_deps)
            .map(|krate| dep(krate))
            .collect();
        let manifest = format!(
            r#"[package]
name = "{name}"
version = "0.0.0"
edition = "2021"
publish = false

[dependencies]
{deps}
[build-dependencies]
{build}
[profile.dev.build-override]
opt-level = 2

# A workspace of its own, whatever directory it is in.
[workspace]
"#,
            build = dep("wasmlite-build"),
        );
        write(&dir.0, "Cargo.toml", &manifest);
        // Same dependency versions as the workspace, and no registry look-up
        // when they are already downloaded.
        std::fs::copy(workspace.join("Cargo.lock"), dir.0.join("Cargo.lock")).unwrap();
        ExternalCrate { dir }
    }

    fn root(&self) -> &Path {
        &self.dir.0
    }

    fn write(&self, name: &str, text: &str) {
        write(self.root(), name, text);
    }

    /// `cargo run` in the crate's directory: its stdout and stderr, after
    /// asserting that it succeeded.
    fn run(&self) -> (String, String) {
        #[allow(clippy::disallowed_methods)] // test plumbing
        let llvm =
            std::env::var_os("LLVM_SYS_191_PREFIX").unwrap_or_else(|| "/usr/lib/llvm-19".into());
        #[allow(clippy::disallowed_methods)]
        let cargo = std::env::var_os("CARGO").unwrap_or_else(|| "cargo".into());
        let output = Command::new(cargo)
            .args(["run", "--quiet"])
            .current_dir(self.root())
            .env("CARGO_TARGET_DIR", target_dir())
            .env("LLVM_SYS_191_PREFIX", llvm)
            .env("CARGO_TERM_COLOR", "never")
            .output()
            .unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout).into_owned();
        let stderr = String::from_utf8_lossy(&output.stderr).into_owned();
        assert!(
            output.status.success(),
            "cargo run failed ({})\n--- stdout\n{stdout}\n--- stderr\n{stderr}",
            output.status,
        );
        (stdout, stderr)
    }
}

#[test]
fn a_crate_outside_the_workspace_builds_and_runs() {
    let krate = ExternalCrate::new("wasmlite-external-user", &[]);
    krate.write("build.rs", BUILD_RS);
    krate.write("src/main.rs", MAIN_RS);
    krate.write("wasm/calc.wat", CALC_WAT);
    krate.run();
}

/// A WASI tool in C: arguments, environment, a file from the read-only
/// preopen `/data`, standard input, standard output and error, a non-WASI
/// import, and `exit(3)` with `--verbose` (else it returns from `main`).
const TOOL_C: &str = r#"#include <stdio.h>
#include <stdlib.h>
#include <string.h>

__attribute__((import_module("env"), import_name("report"))) void report(int value);

int main(int argc, char **argv) {
    report(argc);
    printf("argc=%d", argc);
    for (int i = 0; i < argc; i++) printf(" [%s]", argv[i]);
    const char *lang = getenv("LANG");
    printf("\nLANG=%s HOME=%s\n", lang ? lang : "-", getenv("HOME") ? "leaked" : "-");
    char path[256], text[256];
    snprintf(path, sizeof path, "/data/%s", argc > 2 ? argv[2] : "missing");
    FILE *file = fopen(path, "r");
    if (!file) { fprintf(stderr, "tool: cannot open %s\n", path); return 1; }
    text[fread(text, 1, sizeof text - 1, file)] = 0;
    fclose(file);
    printf("%s: %s", path, text);
    text[fread(text, 1, sizeof text - 1, stdin)] = 0;
    printf("stdin: %s\n", text);
    printf("writing /data/out.txt: %s\n", fopen("/data/out.txt", "w") ? "allowed" : "refused");
    fprintf(stderr, "tool: done\n");
    if (strcmp(argv[1], "--verbose") == 0) exit(3);
    return 0;
}
"#;

const TOOL_BUILD_RS: &str = r#"fn main() { wasmlite_build::Build::new().file("wasm/tool.wasm").compile(); }
"#;

/// The issue's user view, plus printing what it got.
const TOOL_MAIN_RS: &str = r#"wasmlite_rt::include_wasm!("wasm/tool.wasm");   // imports wasi_snapshot_preview1.*
use wasmlite_wasi::{DirPerms, WasiCtx};

struct Host { reported: Vec<i32> }
impl tool::Imports for Host {
    fn env_report(&mut self, value: i32) { self.reported.push(value); }
}

fn run(flag: &str) -> Result<(), Box<dyn std::error::Error>> {
    let wasi = WasiCtx::builder()
        .args(["tool", flag, "in.txt"])
        .env("LANG", "C")
        .preopen_dir("./data", "/data", DirPerms::ReadOnly)?   // nothing else is reachable
        .stdin_bytes(b"input".to_vec())
        .capture_stdout()
        .inherit_stderr()
        .build();
    let mut tool = tool::Tool::new(Host { reported: vec![] }, wasi)?;
    let status: i32 = tool.run()?;
    let out: Vec<u8> = tool.wasi_mut().take_stdout();
    print!("{}", String::from_utf8(out)?);
    println!("status {status}, reported {:?}", tool.host().reported);
    Ok(())
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    run("--verbose")?;
    run("--quiet")
}
"#;

/// The tool's output for one run with `flag`, and its exit status.
fn tool_output(flag: &str, status: i32) -> String {
    format!(
        "argc=3 [tool] [{flag}] [in.txt]\nLANG=C HOME=-\n/data/in.txt: data line\nstdin: input\nwriting /data/out.txt: refused\nstatus {status}, reported [3]\n"
    )
}

#[test]
fn a_wasi_program_from_c_runs_in_a_crate_outside_the_workspace() {
    let krate = ExternalCrate::new("wasmlite-external-wasi-user", &["wasmlite-wasi"]);
    krate.write("tool.c", TOOL_C);
    krate.write("data/in.txt", "data line\n");
    krate.write("build.rs", TOOL_BUILD_RS);
    krate.write("src/main.rs", TOOL_MAIN_RS);
    std::fs::create_dir_all(krate.root().join("wasm")).unwrap();
    let clang = Command::new("clang-19")
        .args(["--target=wasm32-wasi", "-O2"])
        // wasi-libc without compiler-rt's builtins, which Debian ships
        // apart (`libclang-rt-19-dev-wasm32`) and this program does not need.
        .args(["-nodefaultlibs", "-lc", "-Wl,--strip-debug"])
        .args(["-o", "wasm/tool.wasm", "tool.c"])
        .current_dir(krate.root())
        .output()
        .expect("clang-19 (scripts/install-deps.sh installs it)");
    assert!(
        clang.status.success(),
        "clang-19 failed: {}",
        String::from_utf8_lossy(&clang.stderr)
    );
    let (stdout, stderr) = krate.run();
    assert_eq!(
        stdout,
        format!(
            "{}{}",
            tool_output("--verbose", 3),
            tool_output("--quiet", 0)
        )
    );
    assert_eq!(stderr.matches("tool: done\n").count(), 2, "{stderr}");
    assert!(
        !krate.root().join("data/out.txt").exists(),
        "the read-only preopen refused the write"
    );
}
