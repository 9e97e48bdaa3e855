//! The line protocol a worker process uses to report a script's progress
//! to its parent: one [`Event`] per line, then `E` when the script ended.
//!
//! ```text
//! S <index> <line> <kind>
//! R <index> <line> <kind> pass|fail|skip <group> <detail>
//! E
//! ```
//! Fields are separated by tabs; tabs, newlines and backslashes inside
//! fields are escaped.

use crate::outcome::{DirectiveResult, Outcome, Reason};
use crate::script::Event;

/// The line that ends a worker's output.
pub const END: &str = "E";

/// A message from a worker.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Message {
    /// A script event.
    Event(Event),
    /// The script ended.
    End,
}

/// One line (without the newline) for `event`.
pub fn encode(event: &Event) -> String {
    match event {
        Event::Starting { index, line, kind } => format!("S\t{index}\t{line}\t{}", escape(kind)),
        Event::Finished(DirectiveResult {
            index,
            line,
            kind,
            outcome,
        }) => {
            let (status, reason) = match outcome {
                Outcome::Pass => ("pass", None),
                Outcome::Fail(reason) => ("fail", Some(reason)),
                Outcome::Skip(reason) => ("skip", Some(reason)),
            };
            let (group, detail) = reason.map_or((String::new(), String::new()), |r| {
                (escape(&r.group), escape(&r.detail))
            });
            format!(
                "R\t{index}\t{line}\t{}\t{status}\t{group}\t{detail}",
                escape(kind)
            )
        }
    }
}

/// The message on `line`, or `None` if it is not protocol output.
pub fn decode(line: &str) -> Option<Message> {
    if line == END {
        return Some(Message::End);
    }
    let fields: Vec<&str> = line.split('\t').collect();
    let number = |i: usize| fields.get(i)?.parse().ok();
    match *fields.first()? {
        "S" if fields.len() == 4 => Some(Message::Event(Event::Starting {
            index: number(1)?,
            line: number(2)? as u32,
            kind: unescape(fields[3]),
        })),
        "R" if fields.len() == 7 => {
            let reason = || Reason::new(unescape(fields[5]), unescape(fields[6]));
            let outcome = match fields[4] {
                "pass" => Outcome::Pass,
                "fail" => Outcome::Fail(reason()),
                "skip" => Outcome::Skip(reason()),
                _ => return None,
            };
            Some(Message::Event(Event::Finished(DirectiveResult {
                index: number(1)?,
                line: number(2)? as u32,
                kind: unescape(fields[3]),
                outcome,
            })))
        }
        _ => None,
    }
}

fn escape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    for c in field.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '\t' => out.push_str("\\t"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            c => out.push(c),
        }
    }
    out
}

fn unescape(field: &str) -> String {
    let mut out = String::with_capacity(field.len());
    let mut chars = field.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('t') => out.push('\t'),
            Some('n') => out.push('\n'),
            Some('r') => out.push('\r'),
            Some(other) => out.push(other),
            None => out.push('\\'),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn events_round_trip() {
        let events = [
            Event::Starting {
                index: 3,
                line: 40,
                kind: "assert_return".into(),
            },
            Event::Finished(DirectiveResult {
                index: 3,
                line: 40,
                kind: "module definition".into(),
                outcome: Outcome::Pass,
            }),
            Event::Finished(DirectiveResult {
                index: 9,
                line: 12,
                kind: "assert_trap".into(),
                outcome: Outcome::fail("wrong\ttrap", "line one\nline two \\ back"),
            }),
            Event::Finished(DirectiveResult {
                index: 10,
                line: 13,
                kind: "module".into(),
                outcome: Outcome::Skip(Reason::new("needs wasm3: tail calls", "")),
            }),
        ];
        for event in events {
            let line = encode(&event);
            assert!(!line.contains('\n'));
            assert_eq!(decode(&line), Some(Message::Event(event)));
        }
        assert_eq!(decode(END), Some(Message::End));
        assert_eq!(decode("print_i32: 5"), None);
    }
}
