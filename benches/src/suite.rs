//! The kernel suite: every kernel in every engine, interleaved.
//!
//! For each kernel, every engine gets its own instance. Each instance
//! first runs one iteration whose result (0 wrong checksums, and the same
//! checksum as native code) is checked; an engine that fails is reported
//! and left out of that kernel. The iteration count `n` is then chosen so
//! that one native `run(n)` takes about the target time, and the engines
//! take turns: in repetition `r` the engine order is rotated by `r`, so no
//! engine always runs first (cold) or right after another one. Each
//! engine's time is the median over the repetitions, divided by `n`.

use crate::engines::native::Native;
use crate::engines::wasmlite_startup::{Variant, WasmliteStartup};
use crate::engines::wasmtime::Wasmtime;
use crate::engines::{Engine, EngineError, Runner};
use crate::kernels::Kernel;
use crate::stats::median;
use std::time::{Duration, Instant};

/// How long to measure.
#[derive(Clone, Copy, Debug)]
pub struct Effort {
    /// Target duration of one native `run(n)`.
    pub target: Duration,
    /// Timed calls per engine and kernel.
    pub repetitions: usize,
}

impl Effort {
    /// The default: about 40 ms per call, 11 repetitions.
    pub const FULL: Effort = Effort {
        target: Duration::from_millis(40),
        repetitions: 11,
    };
    /// `--quick`: about 8 ms per call, 5 repetitions.
    pub const QUICK: Effort = Effort {
        target: Duration::from_millis(8),
        repetitions: 5,
    };
}

/// The measurements of one kernel.
#[derive(Clone, Debug)]
pub struct KernelResult {
    /// The kernel's name.
    pub name: &'static str,
    /// Iterations per timed call.
    pub iterations: i32,
    /// Median seconds per iteration, per engine (indexed like
    /// [`Engine::ALL`]); `None` when the engine could not run the kernel.
    pub seconds: [Option<f64>; Engine::ALL.len()],
}

impl KernelResult {
    /// Seconds per iteration in `engine`.
    pub fn time(&self, engine: Engine) -> Option<f64> {
        self.seconds[engine as usize]
    }

    /// `engine`'s time divided by `baseline`'s.
    pub fn ratio(&self, engine: Engine, baseline: Engine) -> Option<f64> {
        Some(self.time(engine)? / self.time(baseline)?)
    }
}

/// Create a runner of `kernel` in `engine`.
fn instantiate(
    engine: Engine,
    kernel: &Kernel,
    wasmtime: &wasmtime::Engine,
) -> Result<Box<dyn Runner>, EngineError> {
    match engine {
        Engine::Native => Ok(Box::new(Native::new(kernel.name)?)),
        Engine::Wasmlite => (kernel.wasmlite)(),
        Engine::Wasmtime => Ok(Box::new(Wasmtime::new(wasmtime, kernel.wasm)?)),
        Engine::WasmliteExplicit => Ok(Box::new(WasmliteStartup::new(
            kernel.name,
            kernel.wasm,
            Variant::ExplicitBounds,
        )?)),
        Engine::WasmliteStartup => Ok(Box::new(WasmliteStartup::new(
            kernel.name,
            kernel.wasm,
            Variant::Default,
        )?)),
        Engine::WasmliteNanAsLlvmFolds => Ok(Box::new(WasmliteStartup::new(
            kernel.name,
            kernel.wasm,
            Variant::NanAsLlvmFolds,
        )?)),
        #[cfg(wasm2c)]
        Engine::Wasm2c => Ok(Box::new(crate::engines::wasm2c::Wasm2c::new(kernel.name)?)),
        #[cfg(not(wasm2c))]
        Engine::Wasm2c => Err(EngineError::Unavailable(
            option_env!("BENCH_WASM2C_SKIPPED")
                .unwrap_or("not built")
                .to_string(),
        )),
    }
}

/// Run one iteration and check its result; returns the checksum.
fn verify(runner: &mut dyn Runner) -> Result<u32, String> {
    let wrong = runner.run(1).map_err(|e| e.to_string())?;
    let checksum = runner.checksum().map_err(|e| e.to_string())?;
    if wrong != 0 {
        return Err(format!("wrong result (checksum {checksum:#010x})"));
    }
    Ok(checksum)
}

/// Time one call of `run(n)`.
fn time_run(runner: &mut dyn Runner, n: i32) -> Result<f64, String> {
    let start = Instant::now();
    let wrong = runner.run(n).map_err(|e| e.to_string())?;
    let elapsed = start.elapsed().as_secs_f64();
    if wrong != 0 {
        return Err(format!("{wrong} of {n} iterations gave a wrong result"));
    }
    Ok(elapsed)
}

/// How many iterations make one call of `runner` last about `target`.
fn calibrate(runner: &mut dyn Runner, target: Duration) -> Result<i32, String> {
    let mut fastest = f64::INFINITY;
    for _ in 0..3 {
        fastest = fastest.min(time_run(runner, 1)?);
    }
    Ok((target.as_secs_f64() / fastest).round().clamp(1.0, 1e6) as i32)
}

/// Measure `kernel` in every engine. Problems are printed as they happen.
pub fn measure(kernel: &Kernel, effort: Effort, wasmtime: &wasmtime::Engine) -> KernelResult {
    let mut runners: Vec<(Engine, Box<dyn Runner>)> = Vec::new();
    let mut expected = None;
    for engine in Engine::ALL {
        let checked = instantiate(engine, kernel, wasmtime)
            .map_err(|e| e.to_string())
            .and_then(|mut runner| Ok((verify(runner.as_mut())?, runner)));
        match checked {
            Ok((checksum, runner)) => match expected {
                Some(native) if native != checksum => println!(
                    "  {}: {}: checksum {checksum:#010x} differs from native {native:#010x}; left out",
                    kernel.name,
                    engine.name()
                ),
                _ => {
                    expected.get_or_insert(checksum);
                    runners.push((engine, runner));
                }
            },
            Err(why) => println!("  {}: {}: {why}; left out", kernel.name, engine.name()),
        }
    }
    let mut result = KernelResult {
        name: kernel.name,
        iterations: 0,
        seconds: [None; Engine::ALL.len()],
    };
    let Some((_, first)) = runners.first_mut() else {
        return result;
    };
    result.iterations = match calibrate(first.as_mut(), effort.target) {
        Ok(n) => n,
        Err(why) => {
            println!("  {}: calibration failed: {why}", kernel.name);
            return result;
        }
    };
    let mut samples: Vec<Vec<f64>> = vec![Vec::new(); runners.len()];
    let mut failed = vec![false; runners.len()];
    for repetition in 0..effort.repetitions {
        for turn in 0..runners.len() {
            let index = (turn + repetition) % runners.len();
            if failed[index] {
                continue;
            }
            let (engine, runner) = &mut runners[index];
            match time_run(runner.as_mut(), result.iterations) {
                Ok(seconds) => samples[index].push(seconds),
                Err(why) => {
                    println!("  {}: {}: {why}; left out", kernel.name, engine.name());
                    failed[index] = true;
                }
            }
        }
    }
    for (index, (engine, _)) in runners.iter().enumerate() {
        if !failed[index] {
            result.seconds[*engine as usize] =
                median(&samples[index]).map(|s| s / f64::from(result.iterations));
        }
    }
    result
}
