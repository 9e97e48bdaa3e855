//! The differential check of one module: compile and instantiate it in
//! both engines, call every exported function with generated arguments,
//! and compare results, traps and the exported state after each step.

use crate::args::arguments;
use crate::engine::Engine;
use crate::fuel::{FUEL_EXPORT, FUEL_PER_CALL};
use crate::loader::Loader;
use crate::loads::keep_loads;
use crate::native::{self, NativeError};
use crate::reference::ReferenceModule;
use crate::rng::Rng;
use crate::shape::Shape;
use crate::value::{list, state_difference, Outcome, Value};
use wasmlite_codegen::{CompileError, OptLevel};

/// How many times every export is called, in order.
const ROUNDS: usize = 2;
/// An upper bound on calls per module.
const MAX_CALLS: usize = 96;

/// The verdict on one module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// Both engines agreed on every step.
    Agree {
        /// Calls compared.
        calls: usize,
        /// Calls where both trapped, for different reasons: one
        /// `wasmlite K1, wasmi K2` each.
        trap_kind_mismatches: Vec<String>,
    },
    /// wasmlite's compiler does not support an instruction or feature.
    Unsupported {
        /// What, as the compiler named it.
        what: String,
    },
    /// The module could not be compared to the end (engine limits differ,
    /// or wasmi rejected it); not a wasmlite bug by itself.
    Inconclusive {
        /// Why.
        reason: String,
    },
    /// The engines disagree: a bug, in wasmlite unless shown otherwise.
    Divergence {
        /// The first difference.
        summary: String,
    },
}

/// The verdict and a step-by-step log (printed when reproducing).
pub struct Run {
    /// The verdict.
    pub verdict: Verdict,
    /// One line per step.
    pub trace: Vec<String>,
}

/// What a comparison of two call outcomes found.
enum Comparison {
    Same { trap_kinds_differ: bool },
    Differ,
    Inconclusive(String),
}

fn compare(native: &Outcome, reference: &Outcome) -> Comparison {
    match (native, reference) {
        (Outcome::Trapped(k), _) | (_, Outcome::Trapped(k)) if k.is_resource_limit() => {
            Comparison::Inconclusive(format!("engine limit reached ({k:?})"))
        }
        (Outcome::Returned(a), Outcome::Returned(b))
            if a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.agrees_with(y)) =>
        {
            Comparison::Same {
                trap_kinds_differ: false,
            }
        }
        (Outcome::Trapped(a), Outcome::Trapped(b)) => Comparison::Same {
            trap_kinds_differ: a != b,
        },
        _ => Comparison::Differ,
    }
}

/// Runs the differential check of `wasm`, compiled at `opt_level`.
/// `phase` hears each step before it starts (to attribute hangs).
pub fn differential(
    wasm: &[u8],
    opt_level: OptLevel,
    loader: &mut Loader,
    phase: &mut dyn FnMut(&str),
) -> Run {
    let mut trace = Vec::new();
    let mut verdict = check(wasm, opt_level, loader, &mut trace, phase);
    if let Verdict::Divergence { summary } = &mut verdict {
        if let Ok(Some(kept)) = keep_loads(wasm) {
            phase("re-check with every load kept alive");
            let mut ignored = Vec::new();
            let recheck = check(&kept, opt_level, loader, &mut ignored, &mut |_| {});
            trace.push(format!("with every load's value kept alive: {recheck:?}"));
            if !matches!(recheck, Verdict::Divergence { .. }) {
                *summary = summary.replacen(
                    CLASS_SEPARATOR,
                    &format!(", {DEAD_LOAD}{CLASS_SEPARATOR}"),
                    1,
                );
            }
        }
    }
    trace.push(format!("verdict: {verdict:?}"));
    Run { verdict, trace }
}

/// Added to the class of divergences that disappear when every load's
/// value is kept alive ([`crate::loads`]): loads whose value is unused were
/// deleted and so did not trap.
pub const DEAD_LOAD: &str = "gone when loads are kept alive";

/// Separates a divergence's class from its details in its summary.
pub const CLASS_SEPARATOR: &str = " -- ";

fn divergence(class: &str, details: String) -> Verdict {
    Verdict::Divergence {
        summary: format!("{class}{CLASS_SEPARATOR}{details}"),
    }
}

/// A short class for a divergence at a call, to group like with like:
/// `native` and `reference` are the call's outcomes, `state_only` whether
/// the outcomes agreed and only the state after the call differs.
fn call_class(native: &Outcome, reference: &Outcome, state_only: bool) -> String {
    match (native, reference, state_only) {
        (Outcome::Returned(_), Outcome::Trapped(k), _) => format!("missed trap ({k:?})"),
        (Outcome::Trapped(k), Outcome::Returned(_), _) => format!("spurious trap ({k:?})"),
        (Outcome::Returned(_), Outcome::Returned(_), false) => "different results".into(),
        (Outcome::Returned(_), Outcome::Returned(_), true) => "different state after a call".into(),
        (Outcome::Trapped(a), Outcome::Trapped(b), _) if a == b => {
            format!("different state after a trap ({a:?})")
        }
        (Outcome::Trapped(a), Outcome::Trapped(b), _) => {
            format!("missed trap ({b:?}) followed by another trap ({a:?})")
        }
        (Outcome::Refused(_), _, _) | (_, Outcome::Refused(_), _) => "call refused".into(),
    }
}

fn check(
    wasm: &[u8],
    opt_level: OptLevel,
    loader: &mut Loader,
    trace: &mut Vec<String>,
    phase: &mut dyn FnMut(&str),
) -> Verdict {
    phase("wasmi translation");
    let reference = match ReferenceModule::new(wasm) {
        Ok(module) => module,
        Err(e) => {
            return Verdict::Inconclusive {
                reason: format!("wasmi rejects the module: {e}"),
            }
        }
    };
    let shape = match reference.shape() {
        Ok(shape) => shape,
        Err(e) => return Verdict::Inconclusive { reason: e },
    };
    phase("wasmlite compilation");
    let module = match native::compile_and_load(wasm, opt_level, loader) {
        Ok(module) => module,
        Err(NativeError::Compile(CompileError::Unsupported { what, .. })) => {
            return Verdict::Unsupported { what }
        }
        Err(e) => {
            return divergence(
                "compilation or loading fails",
                format!("on a valid module: {e}"),
            )
        }
    };
    trace.push(format!(
        "exports: {} functions, globals {:?}, memories {:?}, tables {:?}",
        shape.funcs.len(),
        shape.globals,
        shape.memories,
        shape.tables
    ));

    phase("instantiation");
    let (mut native, mut reference) = match (native::instantiate(module), reference.instantiate()) {
        (Ok(n), Ok(r)) => (n, r),
        (Err(a), Err(b)) => {
            trace.push(format!(
                "instantiation fails in both: wasmlite {a:?}, wasmi {b:?}"
            ));
            return Verdict::Agree {
                calls: 0,
                trap_kind_mismatches: Vec::new(),
            };
        }
        (Err(a), Ok(_)) => {
            return divergence(
                "spurious instantiation failure",
                format!("wasmlite fails ({a:?}), wasmi succeeds"),
            )
        }
        (Ok(_), Err(b)) => {
            return divergence(
                &format!("missed instantiation failure ({b:?})"),
                "wasmlite succeeds".into(),
            )
        }
    };
    if let Err(e) = native.check_exports(&shape) {
        return divergence("exports differ", e);
    }
    trace.push("instantiated in both".into());
    if let Some(diff) = state_difference(&native.state(&shape), &reference.state(&shape)) {
        return divergence("different state after instantiation", diff);
    }
    run_calls(wasm, &shape, &mut native, &mut reference, trace, phase)
}

fn run_calls(
    wasm: &[u8],
    shape: &Shape,
    native: &mut dyn Engine,
    reference: &mut dyn Engine,
    trace: &mut Vec<String>,
    phase: &mut dyn FnMut(&str),
) -> Verdict {
    let mut rng = Rng::from_bytes(wasm);
    let has_fuel = shape.globals.iter().any(|g| g == FUEL_EXPORT);
    let mut calls = 0;
    let mut trap_kind_mismatches = Vec::new();
    let schedule = shape
        .funcs
        .iter()
        .cycle()
        .take(shape.funcs.len() * ROUNDS)
        .take(MAX_CALLS);
    for func in schedule {
        let args = arguments(&mut rng, &func.params);
        if has_fuel {
            native.set_global(FUEL_EXPORT, Value::I32(FUEL_PER_CALL as i32));
            reference.set_global(FUEL_EXPORT, Value::I32(FUEL_PER_CALL as i32));
        }
        let step = format!(
            "call #{} `{}`{}",
            calls + 1,
            func.name.escape_debug(),
            list(&args)
        );
        phase(&step);
        let a = native.call(func, &args);
        let b = reference.call(func, &args);
        calls += 1;
        trace.push(format!("{step}: wasmlite {a}; wasmi {b}"));
        match compare(&a, &b) {
            Comparison::Same { trap_kinds_differ } => {
                if let (true, Outcome::Trapped(x), Outcome::Trapped(y)) =
                    (trap_kinds_differ, &a, &b)
                {
                    trap_kind_mismatches.push(format!("wasmlite {x:?}, wasmi {y:?}"));
                }
            }
            Comparison::Differ => {
                return divergence(
                    &call_class(&a, &b, false),
                    format!("{step}: wasmlite {a}, wasmi {b}"),
                )
            }
            Comparison::Inconclusive(reason) => {
                return Verdict::Inconclusive {
                    reason: format!("{step}: {reason}"),
                }
            }
        }
        if let Some(diff) = state_difference(&native.state(shape), &reference.state(shape)) {
            return divergence(
                &call_class(&a, &b, true),
                format!("after {step} (wasmlite {a}, wasmi {b}): {diff}"),
            );
        }
    }
    Verdict::Agree {
        calls,
        trap_kind_mismatches,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::value::TrapKind;

    fn returned(x: i32) -> Outcome {
        Outcome::Returned(vec![Value::I32(x)])
    }

    #[test]
    fn outcomes_compare_loosely_on_trap_kinds() {
        let div = Outcome::Trapped(TrapKind::IntegerDivisionByZero);
        let oob = Outcome::Trapped(TrapKind::MemoryOutOfBounds);
        assert!(matches!(
            compare(&returned(1), &returned(1)),
            Comparison::Same {
                trap_kinds_differ: false
            }
        ));
        assert!(matches!(
            compare(&div, &oob),
            Comparison::Same {
                trap_kinds_differ: true
            }
        ));
        assert!(matches!(
            compare(&returned(1), &returned(2)),
            Comparison::Differ
        ));
        assert!(matches!(compare(&returned(1), &oob), Comparison::Differ));
        let overflow = Outcome::Trapped(TrapKind::StackOverflow);
        assert!(matches!(
            compare(&overflow, &returned(1)),
            Comparison::Inconclusive(_)
        ));
    }

    #[test]
    fn divergences_are_classed_by_outcome() {
        let oob = Outcome::Trapped(TrapKind::MemoryOutOfBounds);
        let unreachable = Outcome::Trapped(TrapKind::Unreachable);
        assert_eq!(
            call_class(&returned(0), &oob, false),
            "missed trap (MemoryOutOfBounds)"
        );
        assert_eq!(
            call_class(&oob, &returned(0), false),
            "spurious trap (MemoryOutOfBounds)"
        );
        assert_eq!(
            call_class(&returned(0), &returned(1), false),
            "different results"
        );
        assert_eq!(
            call_class(&unreachable, &oob, true),
            "missed trap (MemoryOutOfBounds) followed by another trap (Unreachable)"
        );
    }
}
