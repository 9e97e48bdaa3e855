//! Differential fuzzing of wasmlite against the wasmi interpreter, and
//! robustness fuzzing of its compiler.
//!
//! **Differential mode** (`--modules N --seed S`): wasm-smith generates
//! modules restricted to what wasmlite supports (Wasm 2.0 without SIMD),
//! exporting everything and instrumented with fuel so every call ends.
//! Each module is compiled twice with `wasmlite_codegen::compile`, with
//! explicit bounds checks and with guard pages, each build linked into a
//! shared library and loaded in-process, and run beside wasmi: every
//! exported function is called (twice, with arguments drawn from a
//! generator seeded by the module's bytes), and the results (by bits),
//! whether a call trapped, and the exported globals, memories and tables
//! after every step must agree. Every float operation is checked against
//! the specification's NaN rules inside the module and its NaN results
//! canonicalised, and signalling NaNs and foldable operations are
//! generated on purpose ([`nan`]). Modules using something the compiler
//! reports as unsupported are counted apart.
//! The explicit build must match wasmi exactly; the guard-page build too,
//! except for the documented guard-page deviation (a missed out-of-bounds
//! trap or a different state after one), accepted only where the explicit
//! build matched ([`differ`]). Divergences are classed by build and
//! outcome.
//!
//! **Hostile mode** (`--hostile N --seed S`): random bytes, damaged valid
//! modules and modules using every proposal go to the compiler, which must
//! return `Ok` or a clear error, never panic, abort or hang.
//!
//! Campaigns run in worker processes watched by a supervisor, so crashes
//! and hangs are caught and attributed. Problem inputs are saved with a
//! command that reproduces them (`--reproduce FILE`).

#![deny(missing_docs)]

pub mod args;
pub mod cli;
pub mod differ;
pub mod engine;
pub mod fuel;
pub mod generate;
pub mod hostile;
pub mod instrument;
pub mod loader;
pub mod nan;
pub mod native;
pub mod panics;
pub mod protocol;
pub mod reference;
pub mod reproduce;
pub mod rng;
pub mod save;
pub mod sections;
pub mod shape;
pub mod supervisor;
pub mod tally;
pub mod value;
pub mod worker;
