//! Running a WASI command (compile, link wasmlite-wasi, run `_start`), and one test of the
//! suite with it: preopen a scratch copy of its root, run, compare.

use crate::spec::Spec;
use std::path::Path;
use wasmlite_rt::{CallError, HostState, Linker};
use wasmlite_spec::compiler::Compiler;
use wasmlite_wasi::{run_command, DirPerms, WasiCtx, WasiCtxBuilder};

/// What one test ended with.
#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    /// Exit status, stdout and stderr as expected.
    Passed,
    /// Why not.
    Failed(String),
}

/// What the program did.
pub struct Run {
    /// Its exit status: 0 when `_start` returned, the argument of `proc_exit` otherwise.
    pub exit_code: i32,
    /// Its standard output, if the context captured it.
    pub stdout: Vec<u8>,
    /// Its standard error, if the context captured it.
    pub stderr: Vec<u8>,
}

/// Copies the directory tree `from` into `to` (files, directories, symbolic links).
fn copy_tree(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let (source, target) = (entry.path(), to.join(entry.file_name()));
        let kind = entry.file_type()?;
        if kind.is_dir() {
            copy_tree(&source, &target)?;
        } else if kind.is_symlink() {
            std::os::unix::fs::symlink(std::fs::read_link(&source)?, &target)?;
        } else {
            std::fs::copy(&source, &target)?;
            // The suite's files are read-only where it is installed; the copy is the test's.
            let mut permissions = std::fs::metadata(&target)?.permissions();
            #[allow(clippy::permissions_set_readonly_false)]
            permissions.set_readonly(false);
            std::fs::set_permissions(&target, permissions)?;
        }
    }
    let mut permissions = std::fs::metadata(to)?.permissions();
    #[allow(clippy::permissions_set_readonly_false)]
    permissions.set_readonly(false);
    std::fs::set_permissions(to, permissions)
}

/// Compiles the command `wasm`, runs its `_start` with the context `wasi` describes and
/// returns what it did. An error says why it did not run to an exit status; it starts
/// with `rejected:` (the compiler refused the module), `instantiate:` or `trap:`.
pub fn execute(compiler: &mut Compiler, wasm: &Path, wasi: WasiCtxBuilder) -> Result<Run, String> {
    let bytes = std::fs::read(wasm).map_err(|e| format!("read {}: {e}", wasm.display()))?;
    let module = compiler
        .module(&bytes)
        .map_err(|e| format!("rejected: {:?}", e.reason()))?;
    let ctx = wasi.try_build().map_err(|e| e.to_string())?;
    let mut linker = Linker::new();
    wasmlite_wasi::add_to_linker(&mut linker);
    let mut instance = linker
        .instantiate(&module, HostState::new().with(ctx))
        .map_err(|e| format!("instantiate: {e}"))?;
    let exit_code = match run_command(&mut instance) {
        Ok(code) => code,
        Err(CallError::Trap(trap)) => {
            let stderr = instance
                .take_state::<WasiCtx>()
                .map(|mut ctx| ctx.take_stderr())
                .unwrap_or_default();
            return Err(format!(
                "trap: {trap}; stderr: {}",
                String::from_utf8_lossy(&stderr).trim_end()
            ));
        }
        Err(error) => return Err(format!("call _start: {error}")),
    };
    let mut ctx = instance
        .take_state::<WasiCtx>()
        .ok_or("the WasiCtx is gone")?;
    Ok(Run {
        exit_code,
        stdout: ctx.take_stdout(),
        stderr: ctx.take_stderr(),
    })
}

/// Runs the suite's program `wasm` as `spec` says, its root preopened as `/` from a scratch copy.
fn execute_test(compiler: &mut Compiler, wasm: &Path, spec: &Spec) -> Result<Run, String> {
    let program = wasm
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("program")
        .to_string();
    let mut builder = WasiCtx::builder()
        .arg(program)
        .args(&spec.args)
        .envs(spec.env.iter().cloned())
        .capture_stdout()
        .capture_stderr();
    let scratch = tempfile::tempdir().map_err(|e| format!("scratch dir: {e}"))?;
    if let Some(root) = &spec.root {
        let source = wasm.parent().unwrap_or(Path::new(".")).join(root);
        copy_tree(&source, scratch.path())
            .map_err(|e| format!("copy {}: {e}", source.display()))?;
        builder = builder
            .preopen_dir(scratch.path(), "/", DirPerms::ReadWrite)
            .map_err(|e| e.to_string())?;
    }
    execute(compiler, wasm, builder)
}

/// Runs the program `wasm` as `spec` says and checks what it did.
pub fn run(compiler: &mut Compiler, wasm: &Path, spec: &Spec) -> Outcome {
    let run = match execute_test(compiler, wasm, spec) {
        Ok(run) => run,
        Err(reason) => return Outcome::Failed(reason),
    };
    let mut problems = Vec::new();
    if run.exit_code != spec.exit_code {
        problems.push(format!(
            "exit code {} (expected {})",
            run.exit_code, spec.exit_code
        ));
    }
    for (name, expected, actual) in [
        ("stdout", &spec.stdout, &run.stdout),
        ("stderr", &spec.stderr, &run.stderr),
    ] {
        if let Some(expected) = expected {
            if expected.as_bytes() != actual.as_slice() {
                problems.push(format!(
                    "{name} {:?} (expected {expected:?})",
                    String::from_utf8_lossy(actual)
                ));
            }
        }
    }
    if problems.is_empty() {
        return Outcome::Passed;
    }
    let stderr = String::from_utf8_lossy(&run.stderr);
    let tail: String = stderr
        .lines()
        .rev()
        .take(3)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect::<Vec<_>>()
        .join(" | ");
    if spec.stderr.is_none() && !tail.is_empty() {
        problems.push(format!("stderr ends: {tail}"));
    }
    Outcome::Failed(problems.join("; "))
}
