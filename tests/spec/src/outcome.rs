//! What happened to one directive.

use std::fmt;

/// Why a directive failed or was skipped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reason {
    /// A short description shared by every directive that failed (or was
    /// skipped) for the same cause, used to group them in reports: no
    /// values, offsets or line numbers.
    pub group: String,
    /// The specifics: values, messages, offsets.
    pub detail: String,
}

impl Reason {
    /// A reason with a group and details.
    pub fn new(group: impl Into<String>, detail: impl Into<String>) -> Reason {
        Reason {
            group: group.into(),
            detail: detail.into(),
        }
    }
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.detail.is_empty() {
            f.write_str(&self.group)
        } else {
            write!(f, "{}: {}", self.group, self.detail)
        }
    }
}

/// The result of one directive.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// It behaved as the test suite expects.
    Pass,
    /// It did not.
    Fail(Reason),
    /// It was not run: its module needs features outside the chosen set.
    Skip(Reason),
}

impl Outcome {
    /// A failure.
    pub fn fail(group: impl Into<String>, detail: impl Into<String>) -> Outcome {
        Outcome::Fail(Reason::new(group, detail))
    }
}

/// One directive's result, where it is and what kind it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DirectiveResult {
    /// Position among the file's directives, from 0.
    pub index: usize,
    /// 1-based line of the directive in its file.
    pub line: u32,
    /// The directive's keyword (`assert_return`, `module`, ...).
    pub kind: String,
    /// What happened.
    pub outcome: Outcome,
}

/// Pass/fail/skip counts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Counts {
    /// Directives that passed.
    pub passed: usize,
    /// Directives that failed.
    pub failed: usize,
    /// Directives that were skipped.
    pub skipped: usize,
}

impl Counts {
    /// Count one outcome.
    pub fn add(&mut self, outcome: &Outcome) {
        match outcome {
            Outcome::Pass => self.passed += 1,
            Outcome::Fail(_) => self.failed += 1,
            Outcome::Skip(_) => self.skipped += 1,
        }
    }

    /// Add another set of counts.
    pub fn merge(&mut self, other: Counts) {
        self.passed += other.passed;
        self.failed += other.failed;
        self.skipped += other.skipped;
    }
}

impl fmt::Display for Counts {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} passed, {} failed, {} skipped",
            self.passed, self.failed, self.skipped
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_add_up() {
        let mut counts = Counts::default();
        counts.add(&Outcome::Pass);
        counts.add(&Outcome::fail("wrong result", "expected 1, got 2"));
        counts.add(&Outcome::Skip(Reason::new("needs wasm3", "")));
        counts.merge(Counts {
            passed: 2,
            failed: 0,
            skipped: 1,
        });
        assert_eq!(counts.to_string(), "3 passed, 1 failed, 2 skipped");
    }

    #[test]
    fn reasons_show_group_then_detail() {
        assert_eq!(
            Reason::new("wrong result", "expected 1").to_string(),
            "wrong result: expected 1"
        );
        assert_eq!(Reason::new("timeout", "").to_string(), "timeout");
    }
}
