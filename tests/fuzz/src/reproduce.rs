//! Re-running one saved input in this process, with a step-by-step log.

use crate::differ::{differential, Verdict};
use crate::hostile::{check_compile, CompileCheck};
use crate::loader::Loader;
use std::path::Path;
use wasmlite_codegen::OptLevel;

/// Re-runs `path`: a `.wasm` file through the differential check, any
/// other file through the compiler alone. Returns whether the problem is
/// still there.
pub fn reproduce(path: &Path, opt_level: OptLevel) -> std::io::Result<bool> {
    let bytes = std::fs::read(path)?;
    if path.extension().is_some_and(|e| e == "wasm") {
        let mut loader = Loader::new()?;
        let run = differential(&bytes, opt_level, &mut loader, &mut |_| {});
        for line in &run.trace {
            println!("{line}");
        }
        Ok(matches!(run.verdict, Verdict::Divergence { .. }))
    } else {
        let check = check_compile(&bytes, opt_level);
        println!("{check:?}");
        Ok(matches!(
            check,
            CompileCheck::Crashed(_) | CompileCheck::WronglyRejected(_)
        ))
    }
}
