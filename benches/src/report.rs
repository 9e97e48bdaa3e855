//! The suite's text table, geometric means and CSV file.

use crate::engines::Engine;
use crate::stats::geomean;
use crate::suite::KernelResult;
use std::fmt::Write;

/// The ratios the table shows: wasmlite against each other engine, the
/// cost of explicit bounds checks (explicit against guard pages) and the
/// cost of exact NaN results (the default options against NaN results as
/// LLVM leaves them, both compiled and loaded at startup, so only the NaN
/// rule differs).
pub const RATIOS: [(Engine, Engine); 5] = [
    (Engine::Wasmlite, Engine::Native),
    (Engine::Wasmlite, Engine::Wasmtime),
    (Engine::Wasmlite, Engine::Wasm2c),
    (Engine::WasmliteExplicit, Engine::Wasmlite),
    (Engine::WasmliteStartup, Engine::WasmliteNanAsLlvmFolds),
];

fn cell(value: Option<f64>, scale: f64, decimals: usize) -> String {
    value.map_or_else(
        || "-".to_string(),
        |v| format!("{:.*}", decimals, v * scale),
    )
}

/// The table header.
pub fn header() -> String {
    let mut line = format!("{:<10} {:>6}", "kernel", "iters");
    for engine in Engine::ALL {
        write!(line, " {:>10}", format!("{} ms", engine.name())).unwrap();
    }
    for (engine, baseline) in RATIOS {
        write!(
            line,
            " {:>9}",
            format!("{}/{}", short(engine), short(baseline))
        )
        .unwrap();
    }
    line
}

fn short(engine: Engine) -> &'static str {
    match engine {
        Engine::Native => "nat",
        Engine::Wasmlite => "wl",
        Engine::Wasmtime => "wt",
        Engine::Wasm2c => "w2c",
        Engine::WasmliteExplicit => "wlx",
        Engine::WasmliteStartup => "wls",
        Engine::WasmliteNanAsLlvmFolds => "wln",
    }
}

/// One table row: milliseconds per iteration and the ratios.
pub fn row(result: &KernelResult) -> String {
    let mut line = format!("{:<10} {:>6}", result.name, result.iterations);
    for engine in Engine::ALL {
        write!(line, " {:>10}", cell(result.time(engine), 1e3, 3)).unwrap();
    }
    for (engine, baseline) in RATIOS {
        write!(line, " {:>9}", cell(result.ratio(engine, baseline), 1.0, 2)).unwrap();
    }
    line
}

/// The geometric mean of `engine / baseline` over the kernels both ran.
pub fn geomean_ratio(results: &[KernelResult], engine: Engine, baseline: Engine) -> Option<f64> {
    let ratios: Vec<f64> = results
        .iter()
        .filter_map(|r| r.ratio(engine, baseline))
        .collect();
    geomean(&ratios)
}

/// The `geomean wasmlite/<engine>: X.XX` lines.
pub fn geomeans(results: &[KernelResult]) -> String {
    let mut text = String::new();
    for (engine, baseline) in RATIOS {
        let value = geomean_ratio(results, engine, baseline)
            .map_or_else(|| "n/a".to_string(), |g| format!("{g:.2}"));
        writeln!(
            text,
            "geomean {}/{}: {value}",
            engine.name(),
            baseline.name()
        )
        .unwrap();
    }
    text
}

/// Every measurement as CSV (seconds per iteration).
pub fn csv(results: &[KernelResult]) -> String {
    let mut text = String::from("kernel,iterations");
    for engine in Engine::ALL {
        write!(text, ",{}_seconds", engine.name()).unwrap();
    }
    text.push('\n');
    for result in results {
        write!(text, "{},{}", result.name, result.iterations).unwrap();
        for engine in Engine::ALL {
            write!(
                text,
                ",{}",
                result
                    .time(engine)
                    .map_or_else(String::new, |s| format!("{s:.9}"))
            )
            .unwrap();
        }
        text.push('\n');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    fn result(name: &'static str, seconds: [Option<f64>; Engine::ALL.len()]) -> KernelResult {
        KernelResult {
            name,
            iterations: 10,
            seconds,
        }
    }

    #[test]
    fn geomeans_skip_missing_engines() {
        let results = [
            result(
                "a",
                [
                    Some(1.0),
                    Some(2.0),
                    Some(1.0),
                    None,
                    Some(3.0),
                    Some(4.0),
                    Some(2.0),
                ],
            ),
            result(
                "b",
                [
                    Some(1.0),
                    Some(8.0),
                    Some(16.0),
                    None,
                    Some(8.0),
                    Some(8.0),
                    Some(2.0),
                ],
            ),
        ];
        let text = geomeans(&results);
        assert_eq!(
            text,
            "geomean wasmlite/native: 4.00\ngeomean wasmlite/wasmtime: 1.00\ngeomean wasmlite/wasm2c: n/a\ngeomean explicit/wasmlite: 1.22\ngeomean startup/nan-folds: 2.83\n"
        );
    }

    #[test]
    fn rows_show_milliseconds_and_ratios() {
        let line = row(&result(
            "k",
            [
                Some(0.001),
                Some(0.002),
                None,
                Some(0.004),
                Some(0.003),
                Some(0.006),
                None,
            ],
        ));
        let cells: Vec<&str> = line.split_whitespace().collect();
        assert_eq!(
            cells,
            [
                "k", "10", "1.000", "2.000", "-", "4.000", "3.000", "6.000", "-", "2.00", "-",
                "0.50", "1.50", "-"
            ]
        );
    }
}
