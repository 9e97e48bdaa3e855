//! The differential check of one module: compile it twice with wasmlite
//! (explicit bounds checks and guard pages), instantiate it in both builds
//! and in wasmi, call every exported function with generated arguments in
//! all three, and compare results, traps and the exported state after each
//! step.
//!
//! The build with explicit bounds checks promises exact semantics: every
//! difference from wasmi is a divergence. The guard-page build (the
//! default) promises the same except for its documented deviation
//! (`wasmlite_codegen::BoundsChecks::GuardPages`): an out-of-bounds load
//! whose value is unused may not trap, and memory and globals after an
//! out-of-bounds trap may differ. A guard-page difference is accepted as
//! that deviation only at a step where wasmi trapped with
//! `MemoryOutOfBounds` and the explicit build matched wasmi exactly;
//! the guard-page build is then no longer compared (its state has
//! legitimately drifted). Any other guard-page difference is a divergence.

use crate::args::arguments;
use crate::engine::Engine;
use crate::fuel::{FUEL_EXPORT, FUEL_PER_CALL};
use crate::loader::Loader;
use crate::native::{self, NativeError, NativeInstance};
use crate::reference::{ReferenceInstance, ReferenceModule};
use crate::rng::Rng;
use crate::shape::Shape;
use crate::value::{list, state_difference, Outcome, TrapKind, Value};
use wasmlite_codegen::{BoundsChecks, CompileError, OptLevel};

/// How many times every export is called, in order.
const ROUNDS: usize = 2;
/// An upper bound on calls per module.
const MAX_CALLS: usize = 96;

/// The verdict on one module.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Verdict {
    /// The explicit build agreed with wasmi on every step, and the
    /// guard-page build too, up to an accepted guard-page deviation.
    Agree {
        /// Calls compared.
        calls: usize,
        /// The guard-page build's accepted deviation (class, then details
        /// after [`CLASS_SEPARATOR`]), if it had one.
        guard_deviation: Option<String>,
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
        /// The first difference, its class naming the build.
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

/// Separates a divergence's class from its details in its summary.
pub const CLASS_SEPARATOR: &str = " -- ";

/// The builds every module is compiled to, in the order they are compared.
const BUILDS: [Build; 2] = [Build::Explicit, Build::GuardPages];

/// A wasmlite build of the module under test.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Build {
    /// `BoundsChecks::Explicit`: must match wasmi exactly.
    Explicit,
    /// `BoundsChecks::GuardPages`: must match wasmi up to the documented
    /// guard-page deviation.
    GuardPages,
}

impl Build {
    /// The compiler option.
    pub fn bounds_checks(self) -> BoundsChecks {
        match self {
            Build::Explicit => BoundsChecks::Explicit,
            Build::GuardPages => BoundsChecks::GuardPages,
        }
    }

    /// The name used in divergence classes and traces.
    pub fn label(self) -> &'static str {
        match self {
            Build::Explicit => "explicit bounds checks",
            Build::GuardPages => "guard pages",
        }
    }
}

/// A difference between a build and wasmi at one step.
struct Difference {
    class: String,
    details: String,
}

impl Difference {
    /// The divergence this difference of `build` from wasmi is.
    fn divergence(self, build: Build) -> Verdict {
        self.divergence_of(build.label())
    }

    /// The divergence this difference of the builds named `label` is.
    fn divergence_of(self, label: &str) -> Verdict {
        Verdict::Divergence {
            summary: format!("[{label}] {}{CLASS_SEPARATOR}{}", self.class, self.details),
        }
    }
}

/// What a comparison of two call outcomes found.
#[derive(Debug, PartialEq, Eq)]
enum Comparison {
    Same,
    Differ,
    Inconclusive(String),
}

/// Compares call outcomes: the same results, or traps of the same kind
/// ([`TrapKind::agrees_with`]).
fn compare(native: &Outcome, reference: &Outcome) -> Comparison {
    match (native, reference) {
        (Outcome::Trapped(k), _) | (_, Outcome::Trapped(k)) if k.is_resource_limit() => {
            Comparison::Inconclusive(format!("engine limit reached ({k:?})"))
        }
        (Outcome::Returned(a), Outcome::Returned(b))
            if a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.agrees_with(y)) =>
        {
            Comparison::Same
        }
        (Outcome::Trapped(a), Outcome::Trapped(b)) if a.agrees_with(b) => Comparison::Same,
        _ => Comparison::Differ,
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

/// Runs the differential check of `wasm`, compiled at `opt_level` in both
/// builds. `phase` hears each step before it starts (to attribute hangs).
pub fn differential(
    wasm: &[u8],
    opt_level: OptLevel,
    loader: &mut Loader,
    phase: &mut dyn FnMut(&str),
) -> Run {
    let mut trace = Vec::new();
    let verdict = check(wasm, opt_level, loader, &mut trace, phase);
    trace.push(format!("verdict: {verdict:?}"));
    Run { verdict, trace }
}

/// The three instances of the module, compared step by step.
struct Instances {
    reference: ReferenceInstance,
    explicit: NativeInstance,
    /// `None` once the guard-page build showed its accepted deviation.
    guard: Option<NativeInstance>,
    /// That deviation.
    guard_deviation: Option<String>,
}

/// Judges a difference of the guard-page build from wasmi at a step where
/// the explicit build matched wasmi: the documented guard-page deviation
/// (returned as class and details) when wasmi trapped out of bounds, a
/// divergence otherwise.
fn judge_guard_difference(
    difference: Difference,
    reference_trapped_out_of_bounds: bool,
    trace: &mut Vec<String>,
) -> Result<String, Verdict> {
    if !reference_trapped_out_of_bounds {
        return Err(difference.divergence(Build::GuardPages));
    }
    trace.push(format!(
        "accepted guard-page deviation: {}; the guard-page build is no longer compared",
        difference.class
    ));
    Ok(format!(
        "{}{CLASS_SEPARATOR}{}",
        difference.class, difference.details
    ))
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
    phase("wasmlite compilation (both builds)");
    let mut modules = match native::compile_and_load(
        wasm,
        opt_level,
        &BUILDS.map(Build::bounds_checks),
        loader,
    ) {
        Ok(modules) => modules,
        Err((_, NativeError::Compile(CompileError::Unsupported { what, .. }))) => {
            return Verdict::Unsupported { what }
        }
        Err((build, e)) => {
            return Difference {
                class: "compilation or loading fails".into(),
                details: format!("on a valid module: {e}"),
            }
            .divergence_of(build.map_or("both builds", |k| BUILDS[k].label()))
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
    let reference = reference.instantiate();
    let guard_module = modules.pop().expect("two builds");
    let explicit = native::instantiate(modules.pop().expect("two builds"));
    let guard = native::instantiate(guard_module);
    trace.push(format!(
        "instantiation: wasmi {}, {} {}, {} {}",
        instantiation_outcome(&reference),
        Build::Explicit.label(),
        instantiation_outcome(&explicit),
        Build::GuardPages.label(),
        instantiation_outcome(&guard)
    ));
    if let Some(difference) = instantiation_difference(&explicit, &reference) {
        return difference.divergence(Build::Explicit);
    }
    let mut guard_deviation = None;
    let guard = match instantiation_difference(&guard, &reference) {
        None => guard.ok(),
        Some(difference) => {
            let out_of_bounds = matches!(reference, Err(TrapKind::MemoryOutOfBounds));
            match judge_guard_difference(difference, out_of_bounds, trace) {
                Ok(deviation) => guard_deviation = Some(deviation),
                Err(divergence) => return divergence,
            }
            None
        }
    };
    let (Ok(reference), Ok(explicit)) = (reference, explicit) else {
        // Both failed to instantiate, as wasmi did.
        return Verdict::Agree {
            calls: 0,
            guard_deviation,
        };
    };
    let mut instances = Instances {
        reference,
        explicit,
        guard,
        guard_deviation,
    };
    for (build, instance) in [
        (Build::Explicit, Some(&instances.explicit)),
        (Build::GuardPages, instances.guard.as_ref()),
    ] {
        if let Some(Err(e)) = instance.map(|i| i.check_exports(&shape)) {
            return Difference {
                class: "exports differ".into(),
                details: e,
            }
            .divergence(build);
        }
    }
    let reference_state = instances.reference.state(&shape);
    if let Some(diff) = state_difference(&instances.explicit.state(&shape), &reference_state) {
        return Difference {
            class: "different state after instantiation".into(),
            details: diff,
        }
        .divergence(Build::Explicit);
    }
    if let Some(guard) = &mut instances.guard {
        if let Some(diff) = state_difference(&guard.state(&shape), &reference_state) {
            return Difference {
                class: "different state after instantiation".into(),
                details: diff,
            }
            .divergence(Build::GuardPages);
        }
    }
    run_calls(wasm, &shape, &mut instances, trace, phase)
}

/// How an instantiation ended, for the trace.
fn instantiation_outcome<T>(result: &Result<T, TrapKind>) -> String {
    match result {
        Ok(_) => "succeeded".into(),
        Err(kind) => format!("failed ({kind:?})"),
    }
}

/// How a build's instantiation differs from wasmi's, if it does (failures
/// are compared by kind, like traps).
fn instantiation_difference<T, U>(
    native: &Result<T, TrapKind>,
    reference: &Result<U, TrapKind>,
) -> Option<Difference> {
    match (native, reference) {
        (Ok(_), Ok(_)) => None,
        (Err(a), Err(b)) if a.agrees_with(b) => None,
        (Err(a), Err(b)) => Some(Difference {
            class: format!("missed instantiation failure ({b:?}) followed by another ({a:?})"),
            details: format!("wasmlite fails ({a:?}), wasmi fails ({b:?})"),
        }),
        (Err(a), Ok(_)) => Some(Difference {
            class: "spurious instantiation failure".into(),
            details: format!("wasmlite fails ({a:?}), wasmi succeeds"),
        }),
        (Ok(_), Err(b)) => Some(Difference {
            class: format!("missed instantiation failure ({b:?})"),
            details: "wasmlite succeeds".into(),
        }),
    }
}

/// How `native`'s call (`outcome`, then its state) differs from wasmi's.
/// `Err` when an engine limit makes the module inconclusive.
fn call_difference(
    native: &mut dyn Engine,
    outcome: &Outcome,
    reference: &Outcome,
    reference_state: &crate::value::State,
    shape: &Shape,
    step: &str,
) -> Result<Option<Difference>, Verdict> {
    match compare(outcome, reference) {
        Comparison::Same => {}
        Comparison::Differ => {
            return Ok(Some(Difference {
                class: call_class(outcome, reference, false),
                details: format!("{step}: wasmlite {outcome}, wasmi {reference}"),
            }))
        }
        Comparison::Inconclusive(reason) => {
            return Err(Verdict::Inconclusive {
                reason: format!("{step}: {reason}"),
            })
        }
    };
    let difference =
        state_difference(&native.state(shape), reference_state).map(|diff| Difference {
            class: call_class(outcome, reference, true),
            details: format!("after {step} (wasmlite {outcome}, wasmi {reference}): {diff}"),
        });
    Ok(difference)
}

fn run_calls(
    wasm: &[u8],
    shape: &Shape,
    instances: &mut Instances,
    trace: &mut Vec<String>,
    phase: &mut dyn FnMut(&str),
) -> Verdict {
    let mut rng = Rng::from_bytes(wasm);
    let has_fuel = shape.globals.iter().any(|g| g == FUEL_EXPORT);
    let mut calls = 0;
    let schedule = shape
        .funcs
        .iter()
        .cycle()
        .take(shape.funcs.len() * ROUNDS)
        .take(MAX_CALLS);
    for func in schedule {
        let args = arguments(&mut rng, &func.params);
        if has_fuel {
            let fuel = Value::I32(FUEL_PER_CALL as i32);
            instances.reference.set_global(FUEL_EXPORT, fuel);
            instances.explicit.set_global(FUEL_EXPORT, fuel);
            if let Some(guard) = &mut instances.guard {
                guard.set_global(FUEL_EXPORT, fuel);
            }
        }
        let step = format!(
            "call #{} `{}`{}",
            calls + 1,
            func.name.escape_debug(),
            list(&args)
        );
        phase(&step);
        let b = instances.reference.call(func, &args);
        let a = instances.explicit.call(func, &args);
        calls += 1;
        trace.push(format!(
            "{step}: wasmi {b}; {} {a}",
            Build::Explicit.label()
        ));
        let reference_state = instances.reference.state(shape);
        let explicit = call_difference(
            &mut instances.explicit,
            &a,
            &b,
            &reference_state,
            shape,
            &step,
        );
        match explicit {
            Err(inconclusive) => return inconclusive,
            Ok(Some(difference)) => return difference.divergence(Build::Explicit),
            Ok(None) => {}
        }
        let Some(guard) = &mut instances.guard else {
            continue;
        };
        let g = guard.call(func, &args);
        trace.push(format!("{step}: {} {g}", Build::GuardPages.label()));
        let difference = match call_difference(guard, &g, &b, &reference_state, shape, &step) {
            Err(inconclusive) => return inconclusive,
            Ok(difference) => difference,
        };
        if let Some(difference) = difference {
            let out_of_bounds = matches!(b, Outcome::Trapped(TrapKind::MemoryOutOfBounds));
            match judge_guard_difference(difference, out_of_bounds, trace) {
                Ok(deviation) => {
                    instances.guard = None;
                    instances.guard_deviation = Some(deviation);
                }
                Err(divergence) => return divergence,
            }
        }
    }
    Verdict::Agree {
        calls,
        guard_deviation: instances.guard_deviation.take(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn returned(x: i32) -> Outcome {
        Outcome::Returned(vec![Value::I32(x)])
    }

    #[test]
    fn outcomes_compare_by_results_and_trap_kinds() {
        let div = Outcome::Trapped(TrapKind::IntegerDivisionByZero);
        let oob = Outcome::Trapped(TrapKind::MemoryOutOfBounds);
        assert_eq!(compare(&returned(1), &returned(1)), Comparison::Same);
        assert_eq!(compare(&oob, &oob), Comparison::Same);
        assert_eq!(compare(&div, &oob), Comparison::Differ);
        assert_eq!(compare(&returned(1), &returned(2)), Comparison::Differ);
        assert_eq!(compare(&returned(1), &oob), Comparison::Differ);
        let other = |text: &str| Outcome::Trapped(TrapKind::Other(text.into()));
        assert_eq!(
            compare(&other("a"), &other("b")),
            Comparison::Same,
            "engine-specific failures are not comparable"
        );
        let overflow = Outcome::Trapped(TrapKind::StackOverflow);
        assert!(matches!(
            compare(&overflow, &returned(1)),
            Comparison::Inconclusive(_)
        ));
    }

    #[test]
    fn divergences_are_classed_by_outcome_and_build() {
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
        let difference = Difference {
            class: "different results".into(),
            details: "call #1".into(),
        };
        assert_eq!(
            difference.divergence(Build::GuardPages),
            Verdict::Divergence {
                summary: format!("[guard pages] different results{CLASS_SEPARATOR}call #1")
            }
        );
    }

    #[test]
    fn guard_page_differences_are_accepted_only_at_out_of_bounds_traps() {
        let difference = || Difference {
            class: "missed trap (MemoryOutOfBounds)".into(),
            details: "call #2".into(),
        };
        let mut trace = Vec::new();
        let accepted = judge_guard_difference(difference(), true, &mut trace);
        assert_eq!(
            accepted,
            Ok(format!(
                "missed trap (MemoryOutOfBounds){CLASS_SEPARATOR}call #2"
            ))
        );
        let rejected = judge_guard_difference(difference(), false, &mut trace);
        assert!(
            matches!(&rejected, Err(Verdict::Divergence { summary }) if summary.starts_with("[guard pages] missed trap")),
            "{rejected:?}"
        );
    }
}
