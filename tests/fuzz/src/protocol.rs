//! The line protocol between a worker process (stdout) and the supervisor.
//!
//! `start <i>` before item `i`, `phase <i> <name>` as it progresses, and
//! `done <i> <finding>` when it is judged; fields are tab-separated and
//! free text has its tabs and newlines replaced. An agreement with an
//! accepted guard-page deviation carries it in one more field.

use crate::differ::Verdict;

/// The judgement on one item (module or hostile input).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Finding {
    /// Differential: both engines agreed (the guard-page build up to its
    /// documented deviation).
    Agree {
        /// Calls compared.
        calls: usize,
        /// The guard-page build's accepted deviation, described.
        guard_deviation: Option<String>,
    },
    /// Differential: wasmlite does not support something in the module.
    Unsupported(String),
    /// Differential: not comparable to the end.
    Inconclusive(String),
    /// Differential: the engines disagree.
    Divergence(String),
    /// Hostile: compiled.
    Compiled,
    /// Hostile: a clear error.
    Rejected,
    /// Hostile: a valid input rejected as malformed.
    WrongRejection(String),
    /// A panic, abort, hang or error without a message.
    Crash(String),
}

impl From<Verdict> for Finding {
    fn from(verdict: Verdict) -> Finding {
        match verdict {
            Verdict::Agree {
                calls,
                guard_deviation,
            } => Finding::Agree {
                calls,
                guard_deviation,
            },
            Verdict::Unsupported { what } => Finding::Unsupported(what),
            Verdict::Inconclusive { reason } => Finding::Inconclusive(reason),
            Verdict::Divergence { summary } => Finding::Divergence(summary),
        }
    }
}

/// One line from a worker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// Item started.
    Start(u64),
    /// Item reached a phase (for attributing hangs and crashes).
    Phase(u64, String),
    /// Item judged.
    Done(u64, Finding),
}

fn clean(text: &str) -> String {
    text.replace(['\t', '\n', '\r'], " ")
}

impl Message {
    /// The line (without newline).
    pub fn encode(&self) -> String {
        match self {
            Message::Start(i) => format!("start\t{i}"),
            Message::Phase(i, phase) => format!("phase\t{i}\t{}", clean(phase)),
            Message::Done(i, finding) => {
                let (tag, text) = match finding {
                    Finding::Agree {
                        calls,
                        guard_deviation,
                    } => (
                        "agree",
                        match guard_deviation {
                            Some(deviation) => format!("{calls}\t{}", clean(deviation)),
                            None => calls.to_string(),
                        },
                    ),
                    Finding::Unsupported(t) => ("unsupported", clean(t)),
                    Finding::Inconclusive(t) => ("inconclusive", clean(t)),
                    Finding::Divergence(t) => ("divergence", clean(t)),
                    Finding::Compiled => ("compiled", String::new()),
                    Finding::Rejected => ("rejected", String::new()),
                    Finding::WrongRejection(t) => ("wrong-rejection", clean(t)),
                    Finding::Crash(t) => ("crash", clean(t)),
                };
                format!("done\t{i}\t{tag}\t{text}")
            }
        }
    }

    /// Parses a line; `None` for anything else (stray output).
    pub fn decode(line: &str) -> Option<Message> {
        let mut fields = line.splitn(4, '\t');
        let kind = fields.next()?;
        let index: u64 = fields.next()?.parse().ok()?;
        match kind {
            "start" => Some(Message::Start(index)),
            "phase" => Some(Message::Phase(index, fields.next()?.to_string())),
            "done" => {
                let tag = fields.next()?;
                let text = fields.next().unwrap_or("").to_string();
                let finding = match tag {
                    "agree" => {
                        let (calls, guard_deviation) = match text.split_once('\t') {
                            Some((calls, deviation)) => (calls, Some(deviation.to_string())),
                            None => (text.as_str(), None),
                        };
                        Finding::Agree {
                            calls: calls.parse().ok()?,
                            guard_deviation,
                        }
                    }
                    "unsupported" => Finding::Unsupported(text),
                    "inconclusive" => Finding::Inconclusive(text),
                    "divergence" => Finding::Divergence(text),
                    "compiled" => Finding::Compiled,
                    "rejected" => Finding::Rejected,
                    "wrong-rejection" => Finding::WrongRejection(text),
                    "crash" => Finding::Crash(text),
                    _ => return None,
                };
                Some(Message::Done(index, finding))
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_round_trip() {
        let messages = [
            Message::Start(3),
            Message::Phase(3, "compile".into()),
            Message::Done(
                3,
                Finding::Agree {
                    calls: 12,
                    guard_deviation: None,
                },
            ),
            Message::Done(
                8,
                Finding::Agree {
                    calls: 3,
                    guard_deviation: Some(
                        "missed trap (MemoryOutOfBounds) -- call #2 `f`[i32:1|2]".into(),
                    ),
                },
            ),
            Message::Done(4, Finding::Unsupported("v128.const".into())),
            Message::Done(5, Finding::Divergence("call `f`: a vs b".into())),
            Message::Done(6, Finding::Rejected),
            Message::Done(7, Finding::Crash("panic: x".into())),
        ];
        for m in messages {
            assert_eq!(Message::decode(&m.encode()), Some(m));
        }
    }

    #[test]
    fn free_text_cannot_break_the_line() {
        let m = Message::Done(1, Finding::Divergence("a\tb\nc".into()));
        assert_eq!(m.encode().lines().count(), 1);
        assert_eq!(
            Message::decode(&m.encode()),
            Some(Message::Done(1, Finding::Divergence("a b c".into())))
        );
        assert_eq!(Message::decode("LLVM says hi"), None);
    }
}
