//! Running one wast directive against a [`Session`].

use crate::compiler::ModuleError;
use crate::features::Expectation;
use crate::outcome::{Outcome, Reason};
use crate::session::{Execution, InstantiateError, Session, Unavailable};
use crate::traps::check_trap;
use crate::values::{check_results, show};
use wast::{QuoteWat, WastDirective, WastExecute};

/// The directive's keyword, as reports name it. `assert_trap` on a module
/// is the suite's spelling of `assert_uninstantiable`.
pub fn kind(directive: &WastDirective<'_>) -> &'static str {
    match directive {
        WastDirective::Module(_) => "module",
        WastDirective::ModuleDefinition(_) => "module definition",
        WastDirective::ModuleInstance { .. } => "module instance",
        WastDirective::AssertMalformed { .. } => "assert_malformed",
        WastDirective::AssertInvalid { .. } => "assert_invalid",
        WastDirective::AssertInvalidCustom { .. } => "assert_invalid_custom",
        WastDirective::AssertMalformedCustom { .. } => "assert_malformed_custom",
        WastDirective::Register { .. } => "register",
        WastDirective::Invoke(_) => "invoke",
        WastDirective::AssertTrap {
            exec: WastExecute::Wat(_),
            ..
        } => "assert_uninstantiable",
        WastDirective::AssertTrap { .. } => "assert_trap",
        WastDirective::AssertReturn { .. } => "assert_return",
        WastDirective::AssertExhaustion { .. } => "assert_exhaustion",
        WastDirective::AssertUnlinkable { .. } => "assert_unlinkable",
        WastDirective::AssertException { .. } => "assert_exception",
        WastDirective::AssertSuspension { .. } => "assert_suspension",
        WastDirective::Thread(_) => "thread",
        WastDirective::Wait { .. } => "wait",
    }
}

/// Run `directive` and say how it went.
pub fn run(session: &mut Session, directive: WastDirective<'_>) -> Outcome {
    let target = used_instance(session, &directive);
    let outcome = run_unexcused(session, directive);
    session.excuse(target, outcome)
}

/// The existing instance a directive calls into or reads from.
fn used_instance(session: &Session, directive: &WastDirective<'_>) -> Option<usize> {
    let module = match directive {
        WastDirective::Invoke(invoke) | WastDirective::AssertExhaustion { call: invoke, .. } => {
            invoke.module
        }
        WastDirective::AssertReturn { exec, .. }
        | WastDirective::AssertTrap { exec, .. }
        | WastDirective::AssertException { exec, .. } => match exec {
            WastExecute::Invoke(invoke) => invoke.module,
            WastExecute::Get { module, .. } => *module,
            WastExecute::Wat(_) => return None,
        },
        _ => return None,
    };
    session.target(module).ok()
}

fn run_unexcused(session: &mut Session, directive: WastDirective<'_>) -> Outcome {
    match directive {
        WastDirective::Module(mut module) => {
            let name = module.name();
            let made = session.define_and_instantiate(&mut module);
            let outcome = made
                .as_ref()
                .map_or_else(InstantiateError::outcome, |_| Outcome::Pass);
            session.set_current(name, made.map_err(|e| e.unavailable()));
            outcome
        }
        WastDirective::ModuleDefinition(mut module) => {
            let name = module.name();
            let defined = session.define(&mut module);
            let outcome = defined
                .as_ref()
                .map_or_else(Unavailable::outcome, |_| Outcome::Pass);
            session.add_definition(name, defined);
            outcome
        }
        WastDirective::ModuleInstance {
            instance, module, ..
        } => {
            let made = session
                .definition(module)
                .map_err(InstantiateError::Unavailable);
            let made = made.and_then(|m| session.instantiate(m));
            let outcome = made
                .as_ref()
                .map_or_else(InstantiateError::outcome, |_| Outcome::Pass);
            session.set_current(instance, made.map_err(|e| e.unavailable()));
            outcome
        }
        WastDirective::Register { name, module, .. } => match session.register(name, module) {
            Ok(_) => Outcome::Pass,
            Err(unavailable) => unavailable.dependent_outcome(),
        },
        WastDirective::Invoke(invoke) => match session.invoke(&invoke) {
            Ok(Ok(_)) => Outcome::Pass,
            Ok(Err(code)) => Outcome::fail(format!("unexpected trap: {}", code.message()), ""),
            Err(outcome) => outcome,
        },
        WastDirective::AssertReturn { exec, results, .. } => match execute(session, exec) {
            Ok(Ok(got)) => match check_results(&results, &got) {
                Ok(()) => Outcome::Pass,
                Err(difference) => Outcome::fail("wrong result", difference),
            },
            Ok(Err(code)) => Outcome::fail(format!("unexpected trap: {}", code.message()), ""),
            Err(outcome) => outcome,
        },
        WastDirective::AssertTrap {
            exec: WastExecute::Wat(module),
            message,
            ..
        } => match session.define_and_instantiate(&mut QuoteWat::Wat(module)) {
            Ok(_) => Outcome::fail(
                "instantiation did not trap",
                format!("expected `{message}`"),
            ),
            Err(InstantiateError::Trap(code, _)) => trap_outcome(message, code),
            Err(other) => other.outcome(),
        },
        WastDirective::AssertTrap { exec, message, .. } => match execute(session, exec) {
            Ok(Ok(got)) => returned_instead_of_trap(message, &got),
            Ok(Err(code)) => trap_outcome(message, code),
            Err(outcome) => outcome,
        },
        WastDirective::AssertExhaustion { call, message, .. } => match session.invoke(&call) {
            Ok(Ok(got)) => returned_instead_of_trap(message, &got),
            Ok(Err(code)) => trap_outcome(message, code),
            Err(outcome) => outcome,
        },
        WastDirective::AssertMalformed { module, .. } => {
            assert_rejected(session, module, "malformed")
        }
        WastDirective::AssertInvalid { module, .. } => assert_rejected(session, module, "invalid"),
        WastDirective::AssertInvalidCustom { module, .. }
        | WastDirective::AssertMalformedCustom { module, .. } => {
            assert_custom_section_ignored(session, module)
        }
        WastDirective::AssertUnlinkable {
            module, message, ..
        } => match session.define_and_instantiate(&mut QuoteWat::Wat(module)) {
            Ok(_) => Outcome::fail(
                "linked a module expected to be unlinkable",
                format!("expected `{message}`"),
            ),
            Err(InstantiateError::Link(_)) => Outcome::Pass,
            Err(other) => other.outcome(),
        },
        WastDirective::AssertException { exec, .. } => match execute(session, exec) {
            Ok(Ok(got)) => Outcome::fail("expected an exception, returned", show_all(&got)),
            Ok(Err(code)) => Outcome::fail("expected an exception, trapped", code.message()),
            Err(outcome) => outcome,
        },
        WastDirective::AssertSuspension { exec, .. } => match execute(session, exec) {
            Ok(_) => Outcome::fail(
                "expected a suspension (stack switching is not supported)",
                "",
            ),
            Err(outcome) => outcome,
        },
        WastDirective::Thread(_) | WastDirective::Wait { .. } => Outcome::fail(
            "wast `thread` directives are not supported by the harness",
            "",
        ),
    }
}

/// What a directive that was not run (because it crashed the process
/// before) leaves behind: any module or instance it would have made is
/// unavailable for later directives.
pub fn record_unavailable(
    session: &mut Session,
    directive: &WastDirective<'_>,
    unavailable: Unavailable,
) {
    match directive {
        WastDirective::Module(module) => session.set_current(module.name(), Err(unavailable)),
        WastDirective::ModuleDefinition(module) => {
            session.add_definition(module.name(), Err(unavailable))
        }
        WastDirective::ModuleInstance { instance, .. } => {
            session.set_current(*instance, Err(unavailable))
        }
        WastDirective::Register { name, .. } => {
            session.register_unavailable(name, unavailable);
        }
        _ => {}
    }
}

fn execute(session: &mut Session, exec: WastExecute<'_>) -> Result<Execution, Outcome> {
    match exec {
        WastExecute::Invoke(invoke) => session.invoke(&invoke),
        WastExecute::Get { module, global, .. } => session.get(module, global),
        WastExecute::Wat(module) => {
            match session.define_and_instantiate(&mut QuoteWat::Wat(module)) {
                Ok(_) => Ok(Ok(Vec::new())),
                Err(InstantiateError::Trap(code, _)) => Ok(Err(code)),
                Err(other) => Err(other.outcome()),
            }
        }
    }
}

fn trap_outcome(message: &str, code: wasmlite_rt::TrapCode) -> Outcome {
    match check_trap(message, code) {
        Ok(()) => Outcome::Pass,
        Err(difference) => Outcome::fail("wrong trap", difference),
    }
}

fn returned_instead_of_trap(message: &str, got: &[wasmlite_rt::Val]) -> Outcome {
    Outcome::fail(
        format!("expected trap `{message}`, returned"),
        show_all(got),
    )
}

fn show_all(vals: &[wasmlite_rt::Val]) -> String {
    format!("[{}]", vals.iter().map(show).collect::<Vec<_>>().join(", "))
}

/// `assert_malformed` / `assert_invalid`: the text does not encode, or the
/// compiler rejects the binary as invalid.
fn assert_rejected(session: &mut Session, mut module: QuoteWat<'_>, what: &'static str) -> Outcome {
    let Ok(wasm) = Session::encode(&mut module) else {
        return Outcome::Pass;
    };
    if let Err(unavailable) = session.check_features(&wasm, Expectation::Rejected) {
        return unavailable.outcome();
    }
    match session.compile_rejected(&wasm) {
        Err(ModuleError::Rejected(_)) => Outcome::Pass,
        Ok(_) => Outcome::fail(format!("{what} module accepted"), ""),
        Err(ModuleError::Failed(reason)) => Outcome::Fail(Reason::new(
            format!("{what} module not rejected as such ({})", reason.group),
            reason.detail,
        )),
    }
}

/// `assert_malformed_custom` / `assert_invalid_custom`: a bad custom
/// section or annotation may be reported (here: the text parser rejects
/// the annotation) or ignored, but must not make an engine reject the
/// module (wasmlite ignores custom sections other than `name`), so an
/// encodable module must compile.
fn assert_custom_section_ignored(session: &mut Session, mut module: QuoteWat<'_>) -> Outcome {
    let Ok(wasm) = Session::encode(&mut module) else {
        return Outcome::Pass;
    };
    match session.define_binary(&wasm) {
        Ok(_) => Outcome::Pass,
        Err(unavailable) => unavailable.outcome(),
    }
}
