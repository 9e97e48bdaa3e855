//! Compilation options.

/// LLVM optimisation level, named as Cargo's `OPT_LEVEL` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
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

/// What to compile for and how.
#[derive(Clone, Debug, Default)]
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
}
