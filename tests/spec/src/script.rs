//! Running every directive of one `.wast` file, in this process.

use crate::directives;
use crate::features::FeatureSet;
use crate::outcome::{DirectiveResult, Outcome, Reason};
use crate::session::{Session, Unavailable};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::Path;
use wasmlite_codegen::{BoundsChecks, OptLevel};
use wast::lexer::Lexer;
use wast::parser::{self, ParseBuffer};
use wast::Wast;

/// How to run scripts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ScriptOptions {
    /// Modules needing features outside this set are skipped.
    pub set: FeatureSet,
    /// Optimisation level of compiled modules.
    pub opt_level: OptLevel,
    /// How compiled modules bounds-check memory.
    pub bounds_checks: BoundsChecks,
}

/// Re-running a script after the process running it crashed: directives
/// before `resume_at` run again silently, to rebuild the script's state,
/// except those that crashed, which are not run again.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Replay {
    /// The first directive whose result is reported.
    pub resume_at: usize,
    /// Directives that crashed earlier runs (all before `resume_at`).
    pub crashed: Vec<usize>,
}

/// What a running script tells its observer.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Event {
    /// A directive is about to run (so a crash can be attributed to it).
    Starting {
        /// Its position in the file.
        index: usize,
        /// Its line.
        line: u32,
        /// Its keyword.
        kind: String,
    },
    /// A directive ran.
    Finished(DirectiveResult),
}

/// Run `path`, reporting each directive at or after `replay.resume_at`.
/// A file that cannot be read or parsed is reported as one failed
/// directive of kind `script`.
pub fn run_script(
    path: &Path,
    options: ScriptOptions,
    replay: &Replay,
    observer: &mut dyn FnMut(Event),
) {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) => return observer(script_failure("cannot read file", e.to_string())),
    };
    // names.wast exports names with bidirectional-override characters.
    let mut lexer = Lexer::new(&text);
    lexer.allow_confusing_unicode(true);
    let buffer = match ParseBuffer::new_with_lexer(lexer) {
        Ok(buffer) => buffer,
        Err(e) => {
            return observer(script_failure(
                "the wast crate cannot parse the script",
                located(e, path, &text),
            ))
        }
    };
    let script = match parser::parse::<Wast>(&buffer) {
        Ok(script) => script,
        Err(e) => {
            return observer(script_failure(
                "the wast crate cannot parse the script",
                located(e, path, &text),
            ))
        }
    };
    let mut session = Session::new(options.set, options.opt_level, options.bounds_checks);
    for (index, directive) in script.directives.into_iter().enumerate() {
        let line = directive.span().linecol_in(&text).0 as u32 + 1;
        let kind = directives::kind(&directive).to_string();
        if replay.crashed.contains(&index) {
            let reason = Reason::new("crashed the process", format!("line {line}"));
            directives::record_unavailable(&mut session, &directive, Unavailable::Failed(reason));
            continue;
        }
        let reported = index >= replay.resume_at;
        if reported {
            observer(Event::Starting {
                index,
                line,
                kind: kind.clone(),
            });
        }
        let outcome = catch_unwind(AssertUnwindSafe(|| {
            directives::run(&mut session, directive)
        }))
        .unwrap_or_else(|payload| Outcome::fail("panic", panic_message(payload.as_ref())));
        if reported {
            observer(Event::Finished(DirectiveResult {
                index,
                line,
                kind,
                outcome,
            }));
        }
    }
}

fn script_failure(group: &str, detail: String) -> Event {
    Event::Finished(DirectiveResult {
        index: 0,
        line: 0,
        kind: "script".into(),
        outcome: Outcome::fail(group, detail),
    })
}

fn located(mut error: wast::Error, path: &Path, text: &str) -> String {
    error.set_path(path);
    error.set_text(text);
    error.to_string()
}

fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "(non-string panic payload)".to_string())
}
