//! Compilation options.

/// LLVM optimisation level, named as Cargo's `OPT_LEVEL` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum OptLevel {
    /// No optimisation (`0`).
    O0,
    /// `1`.
    O1,
    /// `2`.
    #[default]
    O2,
    /// `3`.
    O3,
    /// Optimise for size (`s`).
    Os,
    /// Optimise aggressively for size (`z`).
    Oz,
}

impl OptLevel {
    /// Parse Cargo's `OPT_LEVEL` spelling (`0`, `1`, `2`, `3`, `s`, `z`).
    pub fn from_cargo(value: &str) -> Option<OptLevel> {
        Some(match value {
            "0" => OptLevel::O0,
            "1" => OptLevel::O1,
            "2" => OptLevel::O2,
            "3" => OptLevel::O3,
            "s" => OptLevel::Os,
            "z" => OptLevel::Oz,
            _ => return None,
        })
    }

    /// The new-pass-manager pipeline for this level.
    pub(crate) fn pipeline(self) -> &'static str {
        match self {
            OptLevel::O0 => "default<O0>",
            OptLevel::O1 => "default<O1>",
            OptLevel::O2 => "default<O2>",
            OptLevel::O3 => "default<O3>",
            OptLevel::Os => "default<Os>",
            OptLevel::Oz => "default<Oz>",
        }
    }

    /// The code generator's optimisation level.
    pub(crate) fn codegen(self) -> inkwell::OptimizationLevel {
        match self {
            OptLevel::O0 => inkwell::OptimizationLevel::None,
            OptLevel::O1 => inkwell::OptimizationLevel::Less,
            OptLevel::O2 | OptLevel::Os | OptLevel::Oz => inkwell::OptimizationLevel::Default,
            OptLevel::O3 => inkwell::OptimizationLevel::Aggressive,
        }
    }
}

/// How linear-memory accesses are bounds-checked.
///
/// The two modes differ only for accesses that go out of bounds; every
/// in-bounds access behaves the same, and a module that never accesses
/// memory out of bounds runs identically in both.
///
/// The mode applies to 32-bit memories. Accesses to a 64-bit memory
/// (memory64), which no reservation can cover, are checked explicitly in
/// both modes.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum BoundsChecks {
    /// No check in the code: a 32-bit memory is reserved with guard
    /// regions, so every address an access can form is either accessible
    /// or faults, and the runtime turns the fault into a
    /// `MemoryOutOfBounds` trap. Every access that *executes* is checked
    /// by the MMU, and accesses cost nothing extra. But the accesses are
    /// ordinary LLVM loads and stores, free to optimise: LLVM may delete a
    /// load whose value it proves unused, or narrow a load to the bytes
    /// whose value is used (so an out-of-bounds load may not trap;
    /// `trapping_loads` keeps the obvious cases) and may reorder
    /// accesses that do not alias, and writes to memory or globals with
    /// them. So when an access traps, the memory and globals observed
    /// afterwards (by the host, or by the next call into the instance) may
    /// differ from the specification's: a write that precedes the trapping
    /// access may be missing, or one that follows it may have happened.
    /// Results of calls that do not trap are always exact.
    #[default]
    GuardPages,
    /// Every load and store first compares its end address with the
    /// memory's current length and traps when it is out of bounds, before
    /// touching memory. Exact specification semantics, including which
    /// accesses trap and the state of memory and globals after a trap
    /// (every write before the trapping instruction is done, none after
    /// it). Costs a compare and a never-taken branch per access (the
    /// length is kept in a register across loops without calls), and LLVM
    /// no longer vectorises loops that access memory: measured 1.16×
    /// geomean over the benchmark kernels, 1.0–1.2× for most, 2–3× for the
    /// vectorised `matmul` and `stencil` (`benches/README.md`).
    Explicit,
}

/// What to compile for and how.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct CompileOptions {
    /// LLVM target triple (Cargo's `TARGET` works as is); `None` for the host.
    pub target_triple: Option<String>,
    /// Optimisation level.
    pub opt_level: OptLevel,
    /// Target CPU; `None` for the triple's generic CPU.
    pub cpu: Option<String>,
    /// LLVM target features (`+sse4.2,+popcnt`); `None` for the CPU's defaults.
    pub cpu_features: Option<String>,
    /// Module name used in symbol names (normally the file stem).
    pub stem: String,
    /// Threads for code generation (0 or 1: one). Large modules are split
    /// into this many objects compiled in parallel.
    pub threads: usize,
    /// How memory accesses are bounds-checked (default: guard pages).
    pub bounds_checks: BoundsChecks,
    /// Whether NaN results follow the spec exactly (default) or as LLVM
    /// leaves them (for measuring what exactness costs).
    pub nan_results: NanResults,
}

/// How NaN results of float arithmetic are produced.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default)]
pub enum NanResults {
    /// As the spec requires: an arithmetic instruction given a signalling
    /// NaN returns a quiet one, at every optimisation level, however LLVM
    /// folds the operation (see `ARCHITECTURE.md`, Float NaNs). Costs
    /// nothing where the operation survives optimisation; the benchmark
    /// suite shows the cost per kernel.
    #[default]
    Exact,
    /// Not conformant, for measurement only: where LLVM folds an operation
    /// to an operand (`x * 1`, `min(x, x)`, ...) a signalling NaN operand
    /// comes out unquieted, and `min`/`max` may return a NaN operand as is.
    /// Everything else is the same as [`NanResults::Exact`].
    AsLlvmFolds,
}
