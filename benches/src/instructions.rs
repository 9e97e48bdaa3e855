//! `--nan-cost`: what exact NaN results cost, in instructions executed.
//!
//! Wall time on a busy 2-core machine is too noisy to show a difference
//! of a few percent, so this mode counts instructions with callgrind,
//! which gives the same figure whatever else the machine runs. For each
//! kernel, the wasm is compiled at startup twice, with the default options
//! and with `NanResults::AsLlvmFolds` (not conformant), each linked into a
//! shared library; whether the two objects are byte-identical is printed.
//! Each library is then run in a child process of this binary
//! under `valgrind --tool=callgrind`, once with `run(N1)` and once with
//! `run(N2)`; instructions per iteration are the difference of the two
//! totals divided by `N2 - N1`, so loading, instantiation and the checks
//! around the runs cancel out.

use crate::engines::wasmlite_startup::{compile_library, open_library, Variant, WasmliteStartup};
use crate::engines::Runner;
use crate::kernels::{Kernel, KERNELS};
use crate::stats::geomean;
use std::path::Path;
use std::process::Command;

/// The two variants compared: the baseline first.
const VARIANTS: [Variant; 2] = [Variant::Default, Variant::NanAsLlvmFolds];

/// Iteration counts of the two runs per library (`--quick`: fewer).
fn iteration_counts(quick: bool) -> (i32, i32) {
    if quick {
        (1, 2)
    } else {
        (1, 3)
    }
}

/// Run the comparison for every kernel and print the table.
pub fn run(quick: bool) -> Result<(), Box<dyn std::error::Error>> {
    let valgrind = Command::new("valgrind").arg("--version").output();
    if !valgrind.is_ok_and(|o| o.status.success()) {
        return Err("--nan-cost needs valgrind (Debian package `valgrind`)".into());
    }
    let dir = std::env::temp_dir().join(format!("wasmlite-bench-nan-{}", std::process::id()));
    let (n1, n2) = iteration_counts(quick);
    println!(
        "instructions per iteration under callgrind (run({n2}) minus run({n1})); wls = default options, wln = NanResults::AsLlvmFolds"
    );
    println!(
        "{:<10} {:>9} {:>16} {:>16} {:>9}",
        "kernel", "objects", "wls Ir/iter", "wln Ir/iter", "wls/wln"
    );
    let mut ratios = Vec::new();
    let result = (|| -> Result<(), Box<dyn std::error::Error>> {
        for kernel in KERNELS {
            let row = measure(kernel, &dir, n1, n2)?;
            ratios.push(row.counts[0] / row.counts[1]);
            println!(
                "{:<10} {:>9} {:>16.0} {:>16.0} {:>9.4}",
                kernel.name,
                if row.identical { "identical" } else { "differ" },
                row.counts[0],
                row.counts[1],
                row.counts[0] / row.counts[1]
            );
        }
        Ok(())
    })();
    let _ = std::fs::remove_dir_all(&dir);
    result?;
    println!();
    match geomean(&ratios) {
        Some(g) => println!("geomean instructions wls/wln: {g:.4}"),
        None => println!("geomean instructions wls/wln: n/a"),
    }
    Ok(())
}

/// One kernel's figures.
struct Row {
    /// Whether both variants compiled to the same object bytes.
    identical: bool,
    /// Instructions per iteration, per variant (in [`VARIANTS`] order).
    counts: [f64; 2],
}

fn measure(
    kernel: &Kernel,
    dir: &Path,
    n1: i32,
    n2: i32,
) -> Result<Row, Box<dyn std::error::Error>> {
    let mut libraries = Vec::new();
    for variant in VARIANTS {
        // One module name for both, so their objects can be compared.
        let variant_dir = dir.join(variant.suffix());
        libraries.push(compile_library(
            kernel.wasm,
            kernel.name,
            variant.options(),
            &variant_dir,
        )?);
    }
    let identical = libraries[0].objects == libraries[1].objects;
    let mut counts = [0.0; 2];
    for (count, library) in counts.iter_mut().zip(&libraries) {
        let low = instructions(&library.path, &library.descriptor_symbol, n1)?;
        let high = instructions(&library.path, &library.descriptor_symbol, n2)?;
        *count = (high as f64 - low as f64) / f64::from(n2 - n1);
    }
    Ok(Row { identical, counts })
}

/// Total instructions callgrind counts for a child that runs `run(n)` of
/// the library.
fn instructions(
    library: &Path,
    symbol: &str,
    n: i32,
) -> Result<u64, Box<dyn std::error::Error>> {
    let output = Command::new("valgrind")
        .args(["--tool=callgrind", "--callgrind-out-file=/dev/null"])
        .arg(std::env::current_exe()?)
        .arg("--count-run")
        .arg(library)
        .arg(symbol)
        .arg(n.to_string())
        .output()?;
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        return Err(format!("callgrind run of {} failed:\n{stderr}", library.display()).into());
    }
    stderr
        .lines()
        .find_map(|line| {
            let (_, value) = line.split_once("Collected :")?;
            value.trim().parse().ok()
        })
        .ok_or_else(|| format!("no `Collected :` line in callgrind's output:\n{stderr}").into())
}

/// The child of [`instructions`]: load `library`, instantiate it and call
/// `run(n)` once; an error if a result is wrong.
pub fn count_run(library: &Path, symbol: &str, n: i32) -> Result<(), Box<dyn std::error::Error>> {
    // SAFETY: the parent made `library` with `compile_library`.
    let module = unsafe { open_library(library, symbol) }?;
    let mut runner = WasmliteStartup::from_module(module)?;
    let wrong = runner.run(n)?;
    if wrong != 0 {
        return Err(format!("{wrong} of {n} iterations gave a wrong result").into());
    }
    Ok(())
}
