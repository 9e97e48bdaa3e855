//! `wasmlite-wasi-suite run`: runs any WASI command, for scripts (the differential check
//! against wasmtime, real programs).
//!
//! ```text
//! wasmlite-wasi-suite run [--dir HOST::GUEST]... [--env NAME=VALUE]... [--stdin FILE]
//!                         [--report FILE] [--] PROGRAM.wasm [ARG]...
//! ```
//!
//! The program's arguments are its file name, then `ARG`s; its environment is only the
//! `--env`s; each `--dir` preopens a host directory read-write under a guest path (`--dir
//! DIR` means `DIR::DIR`); its standard input is `FILE` (default: this process's), its
//! standard output and error are this process's, unbuffered. The exit status is the
//! program's (modulo 256); a module that cannot run (rejected by the compiler, not
//! instantiable, trapped) is reported on stderr with exit status 125. `--report FILE`
//! writes one line there instead, `exit N` or `error MESSAGE`, so that a script can tell
//! a program's own status 125 from a failure and stderr holds only what the program wrote.

use crate::run::execute;
use std::os::fd::AsFd;
use std::path::PathBuf;
use wasmlite_codegen::{BoundsChecks, OptLevel};
use wasmlite_spec::compiler::Compiler;
use wasmlite_wasi::{DirPerms, WasiCtx, WasiCtxBuilder};

/// The usage line.
pub const USAGE: &str = "usage: wasmlite-wasi-suite run [--dir HOST::GUEST]... [--env NAME=VALUE]... [--stdin FILE] [--report FILE] [--] PROGRAM.wasm [ARG]...";

/// The exit status of a program that could not run.
const FAILED: i32 = 125;

/// A parsed `run` command line.
#[derive(Debug, Default, PartialEq)]
struct Command {
    dirs: Vec<(PathBuf, String)>,
    env: Vec<(String, String)>,
    stdin: Option<PathBuf>,
    report: Option<PathBuf>,
    program: PathBuf,
    args: Vec<String>,
}

fn parse(args: impl IntoIterator<Item = String>) -> Result<Command, String> {
    let mut command = Command::default();
    let mut args = args.into_iter();
    let value = |args: &mut dyn Iterator<Item = String>, option: &str| {
        args.next().ok_or_else(|| format!("{option} needs a value"))
    };
    let program = loop {
        let arg = args.next().ok_or("no program given")?;
        match arg.as_str() {
            "--dir" => {
                let dir = value(&mut args, "--dir")?;
                let (host, guest) = dir.split_once("::").unwrap_or((&dir, &dir));
                command.dirs.push((host.into(), guest.to_string()));
            }
            "--env" => {
                let var = value(&mut args, "--env")?;
                let (name, val) = var.split_once('=').ok_or("--env needs NAME=VALUE")?;
                command.env.push((name.to_string(), val.to_string()));
            }
            "--stdin" => command.stdin = Some(value(&mut args, "--stdin")?.into()),
            "--report" => command.report = Some(value(&mut args, "--report")?.into()),
            "--" => break args.next().ok_or("no program given")?,
            option if option.starts_with("--") => return Err(format!("unknown option {option}")),
            _ => break arg,
        }
    };
    command.program = program.into();
    command.args = args.collect();
    Ok(command)
}

/// The WASI context the command line asks for.
fn context(command: &Command) -> Result<WasiCtxBuilder, String> {
    let name = command
        .program
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let duplicate = |fd: std::os::fd::BorrowedFd<'_>| {
        fd.try_clone_to_owned()
            .map(std::fs::File::from)
            .map_err(|e| format!("duplicate stdio: {e}"))
    };
    let mut builder = WasiCtx::builder()
        .arg(name)
        .args(&command.args)
        .envs(command.env.iter().cloned())
        .stdout_writer(duplicate(std::io::stdout().as_fd())?)
        .stderr_writer(duplicate(std::io::stderr().as_fd())?);
    builder = match &command.stdin {
        Some(file) => builder.stdin_bytes(
            std::fs::read(file).map_err(|e| format!("stdin {}: {e}", file.display()))?,
        ),
        None => builder.inherit_stdin(),
    };
    for (host, guest) in &command.dirs {
        builder = builder
            .preopen_dir(host, guest, DirPerms::ReadWrite)
            .map_err(|e| format!("--dir {}: {e}", host.display()))?;
    }
    Ok(builder)
}

/// Runs `wasmlite-wasi-suite run ARGS...` and returns the process's exit status.
pub fn main(args: impl IntoIterator<Item = String>) -> i32 {
    let command = match parse(args) {
        Ok(command) => command,
        Err(error) => {
            eprintln!("wasmlite-wasi-suite run: {error}\n{USAGE}");
            return 2;
        }
    };
    let outcome = context(&command).and_then(|wasi| {
        let mut compiler = Compiler::new(OptLevel::O1, BoundsChecks::default());
        execute(&mut compiler, &command.program, wasi)
    });
    let (line, status) = match outcome {
        Ok(run) => (format!("exit {}", run.exit_code), run.exit_code),
        Err(error) => {
            if command.report.is_none() {
                eprintln!("wasmlite-wasi-suite run: {error}");
            }
            (format!("error {}", error.replace('\n', " ")), FAILED)
        }
    };
    if let Some(report) = &command.report {
        if let Err(error) = std::fs::write(report, format!("{line}\n")) {
            eprintln!(
                "wasmlite-wasi-suite run: --report {}: {error}",
                report.display()
            );
            return FAILED;
        }
    }
    status
}

#[cfg(test)]
mod tests {
    use super::*;

    fn strings(args: &[&str]) -> Vec<String> {
        args.iter().map(|a| a.to_string()).collect()
    }

    #[test]
    fn options_then_program_and_its_arguments() {
        let command = parse(strings(&[
            "--dir",
            "/tmp/a::/data",
            "--dir",
            "b",
            "--env",
            "K=V=W",
            "--stdin",
            "in",
            "--report",
            "r",
            "p.wasm",
            "--dir",
            "x",
        ]))
        .unwrap();
        assert_eq!(
            command,
            Command {
                dirs: vec![("/tmp/a".into(), "/data".into()), ("b".into(), "b".into())],
                env: vec![("K".into(), "V=W".into())],
                stdin: Some("in".into()),
                report: Some("r".into()),
                program: "p.wasm".into(),
                args: strings(&["--dir", "x"]),
            }
        );
        assert_eq!(
            parse(strings(&["--", "--p.wasm"])).unwrap().program,
            PathBuf::from("--p.wasm")
        );
        assert!(parse(strings(&["--env", "novalue", "p.wasm"])).is_err());
        assert!(parse(strings(&["--bogus", "p.wasm"])).is_err());
        assert!(parse(strings(&["--dir"])).is_err());
    }
}
