//! Compile-time benchmark (`--compile-time`): how fast wasmlite compiles
//! the largest kernel and a generated module with at least 5 MiB of code,
//! at each optimisation level, on one thread and on every CPU, and how much
//! memory it takes; wasmtime's compile time of the same modules for
//! reference.
//!
//! Every compilation runs in a child process (this binary with
//! `--compile-one`), so that its peak resident set size is its own.
//! Throughput is wasm bytes (the whole module) per second of wall-clock
//! time and per second of CPU time (user + system); on a busy machine the
//! CPU figure is the steadier one.

use crate::kernels::KERNELS;
use crate::large_module;
use crate::machine::{cpus, describe_load, peak_rss_kib};
use std::process::Command;
use std::time::Instant;
use wasmlite_codegen::{CompileOptions, OptLevel};

/// Minimum size of the generated module's code section.
const GENERATED_CODE_BYTES: usize = 5 * 1024 * 1024;
/// The levels measured; `--quick` measures only 0 and 2.
const LEVELS: [&str; 6] = ["0", "1", "2", "3", "s", "z"];
const QUICK_LEVELS: [&str; 2] = ["0", "2"];

type Failure = Box<dyn std::error::Error>;

/// An input module, by the name the child process receives.
fn input(name: &str) -> Result<Vec<u8>, Failure> {
    if name == "generated" {
        return Ok(large_module::generate(GENERATED_CODE_BYTES));
    }
    // `generated:BYTES`: a generated module of another size, to see how
    // compile time scales.
    if let Some(bytes) = name.strip_prefix("generated:") {
        return Ok(large_module::generate(bytes.parse()?));
    }
    KERNELS
        .iter()
        .find(|kernel| kernel.name == name)
        .map(|kernel| kernel.wasm.to_vec())
        .ok_or_else(|| format!("no kernel `{name}`").into())
}

/// The largest kernel module.
fn largest_kernel() -> &'static str {
    KERNELS
        .iter()
        .max_by_key(|kernel| kernel.wasm.len())
        .map_or("none", |kernel| kernel.name)
}

/// Read an unsigned LEB128 number at `*at`, advancing past it.
fn read_leb(wasm: &[u8], at: &mut usize) -> usize {
    let (mut value, mut shift) = (0usize, 0);
    while let Some(&byte) = wasm.get(*at) {
        *at += 1;
        value |= usize::from(byte & 0x7f) << shift;
        shift += 7;
        if byte & 0x80 == 0 {
            break;
        }
    }
    value
}

/// The size of a module's code section and the number of function bodies
/// in it (zeros when it has none).
fn code_section(wasm: &[u8]) -> (usize, usize) {
    let mut at = 8; // magic and version
    while at < wasm.len() {
        let id = wasm[at];
        at += 1;
        let size = read_leb(wasm, &mut at);
        if id == 10 {
            return (size, read_leb(wasm, &mut at));
        }
        at += size;
    }
    (0, 0)
}

/// CPU time (user + system) of this process so far, in seconds.
fn cpu_seconds() -> f64 {
    // SAFETY: getrusage only writes the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    let seconds = |t: libc::timeval| t.tv_sec as f64 + t.tv_usec as f64 * 1e-6;
    seconds(usage.ru_utime) + seconds(usage.ru_stime)
}

/// What one child measured.
struct Measurement {
    wall: f64,
    cpu: f64,
    rss_before_kib: u64,
    rss_peak_kib: u64,
    objects: usize,
}

/// The child: compile `name` with `engine` ("wasmlite" or "wasmtime") at
/// `level` on `threads` threads and print one `RESULT` line.
pub fn child(engine: &str, name: &str, level: &str, threads: usize) -> Result<(), Failure> {
    let wasm = input(name)?;
    let rss_before_kib = peak_rss_kib().unwrap_or(0);
    let (cpu_start, start) = (cpu_seconds(), Instant::now());
    let objects = match engine {
        "wasmlite" => {
            let opt_level =
                OptLevel::from_cargo(level).ok_or_else(|| format!("bad level `{level}`"))?;
            let options = CompileOptions {
                opt_level,
                stem: name.to_string(),
                threads,
                ..Default::default()
            };
            wasmlite_codegen::compile(&wasm, &options)?.objects.len()
        }
        _ => {
            let mut config = wasmtime::Config::new();
            config.parallel_compilation(threads > 1);
            let engine = wasmtime::Engine::new(&config)?;
            wasmtime::Module::new(&engine, &wasm)?;
            1
        }
    };
    let wall = start.elapsed().as_secs_f64();
    let cpu = cpu_seconds() - cpu_start;
    let rss_peak_kib = peak_rss_kib().unwrap_or(0);
    println!("RESULT {wall} {cpu} {rss_before_kib} {rss_peak_kib} {objects}");
    Ok(())
}

fn spawn(engine: &str, name: &str, level: &str, threads: usize) -> Result<Measurement, Failure> {
    let output = Command::new(std::env::current_exe()?)
        .args(["--compile-one", engine, name, level, &threads.to_string()])
        .output()?;
    let stdout = String::from_utf8_lossy(&output.stdout);
    let line = stdout
        .lines()
        .find_map(|line| line.strip_prefix("RESULT "))
        .ok_or_else(|| {
            format!(
                "compiling {name} with {engine} at level {level} failed ({}): {}",
                output.status,
                String::from_utf8_lossy(&output.stderr).trim()
            )
        })?;
    let fields: Vec<&str> = line.split_whitespace().collect();
    let bad = || format!("bad RESULT line `{line}`");
    let number = |i: usize| {
        fields
            .get(i)
            .and_then(|f| f.parse::<f64>().ok())
            .ok_or_else(bad)
    };
    Ok(Measurement {
        wall: number(0)?,
        cpu: number(1)?,
        rss_before_kib: number(2)? as u64,
        rss_peak_kib: number(3)? as u64,
        objects: number(4)? as usize,
    })
}

fn print_row(label: &str, threads: usize, bytes: usize, m: &Measurement) {
    println!(
        "  {label:<16} {threads:>7} {:>8.2} {:>8.2} {:>10.2} {:>10.2} {:>12.0} {:>8.0} {:>7}",
        m.wall,
        m.cpu,
        bytes as f64 / m.wall / 1e6,
        bytes as f64 / m.cpu / 1e6,
        m.rss_peak_kib as f64 / 1024.0,
        m.rss_peak_kib.saturating_sub(m.rss_before_kib) as f64 / 1024.0,
        m.objects
    );
}

/// Run every measurement and print the tables.
pub fn run(quick: bool) -> Result<(), Failure> {
    println!("{}", describe_load("before"));
    let levels: &[&str] = if quick { &QUICK_LEVELS } else { &LEVELS };
    let thread_counts = if cpus() > 1 { vec![1, cpus()] } else { vec![1] };
    for name in [largest_kernel(), "generated"] {
        let wasm = input(name)?;
        let (code_bytes, functions) = code_section(&wasm);
        println!(
            "\n{name}: {} bytes of wasm, {code_bytes} bytes of code in {functions} functions",
            wasm.len()
        );
        println!(
            "  {:<16} {:>7} {:>8} {:>8} {:>10} {:>10} {:>12} {:>8} {:>7}",
            "compiler",
            "threads",
            "wall s",
            "CPU s",
            "MB/s wall",
            "MB/s CPU",
            "peak RSS MiB",
            "+RSS MiB",
            "objects"
        );
        for level in levels {
            for &threads in &thread_counts {
                let m = spawn("wasmlite", name, level, threads)?;
                print_row(&format!("wasmlite O{level}"), threads, wasm.len(), &m);
            }
        }
        for &threads in &thread_counts {
            let m = spawn("wasmtime", name, "-", threads)?;
            print_row("wasmtime", threads, wasm.len(), &m);
        }
    }
    println!("\n{}", describe_load("after"));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn code_section_size_of_a_generated_module() {
        let wasm = large_module::generate(10_000);
        let (code, functions) = code_section(&wasm);
        assert!(
            code >= 10_000 && code < wasm.len(),
            "{code} of {}",
            wasm.len()
        );
        assert!(functions > 1, "{functions}");
        assert_eq!(code_section(b"\0asm\x01\0\0\0"), (0, 0));
    }
}
