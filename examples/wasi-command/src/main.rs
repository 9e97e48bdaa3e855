//! A C program built with wasi-libc (`c/listdir.c`: `opendir`/`readdir`,
//! `fopen`, `printf`), embedded and run as a WASI command: it sees one
//! directory, read-only, as `/data`, and nothing else of the host.
//!
//! `cargo run -p wasi-command [DIR]` lists `DIR` (default: this example's
//! `data/`) and prints its `greeting.txt`; the example exits with the
//! program's exit status.

use std::error::Error;
use std::path::PathBuf;
use wasmlite_wasi::{DirPerms, WasiCtx};

wasmlite_rt::include_wasm!("wasm/listdir.wasm");

/// The directory as the program sees it.
const GUEST_DIR: &str = "/data";

fn main() -> Result<(), Box<dyn Error>> {
    let host_dir = match std::env::args_os().nth(1) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("data"),
    };
    let wasi = WasiCtx::builder()
        .args(["listdir", GUEST_DIR])
        .preopen_dir(&host_dir, GUEST_DIR, DirPerms::ReadOnly)?
        .inherit_stdout()
        .inherit_stderr()
        .build();
    // The program imports only WASI functions, so `()` is its host.
    let mut program = listdir::Listdir::new((), wasi)?;
    let status = program.run()?;
    eprintln!("exit status: {status}");
    std::process::exit(status);
}
