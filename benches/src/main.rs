//! The wasmlite benchmark suite.
//!
//! ```text
//! cargo run --release -- [--quick] [--kernels a,b,...]   kernels in every engine
//! cargo run --release -- --micro [--quick]                micro-benchmarks
//! cargo run --release -- --wasi [--quick]                 WASI call costs
//! cargo run --release -- --compile-time [--quick]         compile speed and memory
//! cargo run --release -- --nan-cost [--quick]             exact NaN results, in instructions
//! ```
//!
//! See `README.md` for what is measured and how.

mod compile_time;
mod engines;
mod instructions;
mod kernels;
mod large_module;
mod machine;
mod micro;
mod report;
mod stats;
mod suite;
mod svg;
mod wasi;

use std::path::Path;
use std::process::ExitCode;

const USAGE: &str = "usage: wasmlite-bench [--quick] [--kernels NAME,...] | --micro [--quick] | --wasi [--quick] | --compile-time [--quick] | --nan-cost [--quick]";

/// What the command line asks for.
enum Mode {
    Suite {
        kernels: Option<Vec<String>>,
    },
    Micro,
    Wasi,
    CompileTime,
    NanCost,
    /// Internal: one run of a kernel library for `--nan-cost`, under callgrind.
    CountRun {
        library: String,
        symbol: String,
        n: i32,
    },
    /// Internal: one compilation for `--compile-time`, in a child process.
    CompileOne {
        engine: String,
        input: String,
        level: String,
        threads: usize,
    },
}

fn parse(args: &[String]) -> Result<(Mode, bool), String> {
    let mut quick = false;
    let mut mode = Mode::Suite { kernels: None };
    let mut rest = args.iter();
    while let Some(arg) = rest.next() {
        match arg.as_str() {
            "--quick" => quick = true,
            "--micro" => mode = Mode::Micro,
            "--wasi" => mode = Mode::Wasi,
            "--compile-time" => mode = Mode::CompileTime,
            "--nan-cost" => mode = Mode::NanCost,
            "--count-run" => {
                let mut field = || {
                    rest.next()
                        .cloned()
                        .ok_or("--count-run needs LIBRARY SYMBOL N")
                };
                let (library, symbol) = (field()?, field()?);
                let n = field()?.parse().map_err(|_| "--count-run: bad N")?;
                mode = Mode::CountRun { library, symbol, n };
            }
            "--kernels" => {
                let list = rest
                    .next()
                    .ok_or("--kernels needs a comma-separated list")?;
                mode = Mode::Suite {
                    kernels: Some(list.split(',').map(str::to_string).collect()),
                };
            }
            "--compile-one" => {
                let mut field = || {
                    rest.next()
                        .cloned()
                        .ok_or("--compile-one needs ENGINE INPUT LEVEL THREADS")
                };
                let (engine, input, level) = (field()?, field()?, field()?);
                let threads = field()?
                    .parse()
                    .map_err(|_| "--compile-one: bad thread count")?;
                mode = Mode::CompileOne {
                    engine,
                    input,
                    level,
                    threads,
                };
            }
            "--help" | "-h" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    Ok((mode, quick))
}

fn run_suite(kernels: Option<Vec<String>>, quick: bool) -> Result<(), Box<dyn std::error::Error>> {
    let selected: Vec<&kernels::Kernel> = match &kernels {
        None => kernels::KERNELS.iter().collect(),
        Some(names) => names
            .iter()
            .map(|name| {
                kernels::KERNELS
                    .iter()
                    .find(|k| k.name == name)
                    .ok_or_else(|| format!("no kernel `{name}`"))
            })
            .collect::<Result<_, _>>()?,
    };
    let effort = if quick {
        suite::Effort::QUICK
    } else {
        suite::Effort::FULL
    };
    println!("{}", machine::describe_load("before"));
    println!(
        "{} kernels, {} repetitions of ~{} ms each per engine, engines interleaved; times are ms per iteration",
        selected.len(),
        effort.repetitions,
        effort.target.as_millis()
    );
    let wasmtime = wasmtime::Engine::default();
    println!("{}", report::header());
    let mut results = Vec::new();
    for kernel in selected {
        let result = suite::measure(kernel, effort, &wasmtime);
        println!("{}", report::row(&result));
        results.push(result);
    }
    println!();
    print!("{}", report::geomeans(&results));
    println!("{}", machine::describe_load("after"));

    if kernels.is_some() {
        println!("results/ is only rewritten by a run of every kernel");
        return Ok(());
    }
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("results");
    std::fs::create_dir_all(&dir)?;
    let title = format!(
        "Time relative to native code (lower is better){}",
        if quick { ", --quick" } else { "" }
    );
    std::fs::write(dir.join("ratios.svg"), svg::chart(&results, &title))?;
    std::fs::write(dir.join("results.csv"), report::csv(&results))?;
    println!("wrote {} and results.csv", dir.join("ratios.svg").display());
    Ok(())
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (mode, quick) = match parse(&args) {
        Ok(parsed) => parsed,
        Err(message) => {
            eprintln!("{message}");
            return ExitCode::from(2);
        }
    };
    let outcome = match mode {
        Mode::Suite { kernels } => run_suite(kernels, quick),
        Mode::Micro => micro::run(quick),
        Mode::Wasi => wasi::run(quick),
        Mode::CompileTime => compile_time::run(quick),
        Mode::NanCost => instructions::run(quick),
        Mode::CountRun { library, symbol, n } => {
            instructions::count_run(Path::new(&library), &symbol, n)
        }
        Mode::CompileOne {
            engine,
            input,
            level,
            threads,
        } => compile_time::child(&engine, &input, &level, threads),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
