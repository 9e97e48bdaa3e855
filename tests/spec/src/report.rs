//! Summaries of a run: per-file lines, failures, reasons grouped.

use crate::outcome::{Counts, Outcome};
use crate::suite::FileReport;
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// `<file>: N passed, M failed, K skipped`.
pub fn file_line(report: &FileReport) -> String {
    format!("{}: {}", report.file.name, report.counts())
}

/// One line per failed directive: `<file>:<line>: <kind>: <reason>`.
pub fn failure_lines(report: &FileReport) -> String {
    let mut out = String::new();
    for result in &report.results {
        if let Outcome::Fail(reason) = &result.outcome {
            let reason = reason
                .to_string()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            let _ = writeln!(
                out,
                "  {}:{}: {}: {reason}",
                report.file.name, result.line, result.kind
            );
        }
    }
    out
}

/// The sum of every file's counts.
pub fn totals(reports: &[FileReport]) -> Counts {
    let mut total = Counts::default();
    reports.iter().for_each(|r| total.merge(r.counts()));
    total
}

/// Directives sharing one reason group.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Group {
    /// How many directives.
    pub count: usize,
    /// Directives per file, in file order.
    pub files: BTreeMap<String, usize>,
}

/// Which outcomes to group.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Which {
    /// Failures.
    Failures,
    /// Skips.
    Skips,
}

/// The reasons of failures (or skips), grouped, largest group first.
pub fn grouped(reports: &[FileReport], which: Which) -> Vec<(String, Group)> {
    let mut groups: BTreeMap<String, Group> = BTreeMap::new();
    for report in reports {
        for result in &report.results {
            let reason = match (&result.outcome, which) {
                (Outcome::Fail(reason), Which::Failures)
                | (Outcome::Skip(reason), Which::Skips) => reason,
                _ => continue,
            };
            let group = groups.entry(reason.group.clone()).or_default();
            group.count += 1;
            *group.files.entry(report.file.name.clone()).or_default() += 1;
        }
    }
    let mut groups: Vec<_> = groups.into_iter().collect();
    groups.sort_by(|a, b| b.1.count.cmp(&a.1.count).then_with(|| a.0.cmp(&b.0)));
    groups
}

/// `file (n), file (n), ...`, at most `limit` files.
pub fn file_list(group: &Group, limit: usize) -> String {
    let mut files: Vec<String> = group
        .files
        .iter()
        .take(limit)
        .map(|(f, n)| format!("{f} ({n})"))
        .collect();
    if group.files.len() > limit {
        files.push(format!("and {} more", group.files.len() - limit));
    }
    files.join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::outcome::{DirectiveResult, Reason};
    use crate::suite::SuiteFile;

    fn report(name: &str, outcomes: Vec<Outcome>) -> FileReport {
        FileReport {
            file: SuiteFile {
                name: name.into(),
                path: name.into(),
            },
            results: outcomes
                .into_iter()
                .enumerate()
                .map(|(index, outcome)| DirectiveResult {
                    index,
                    line: index as u32 + 1,
                    kind: "invoke".into(),
                    outcome,
                })
                .collect(),
        }
    }

    #[test]
    fn groups_count_directives_and_files() {
        let reports = [
            report(
                "a.wast",
                vec![
                    Outcome::Pass,
                    Outcome::fail("x", "1"),
                    Outcome::fail("y", "2"),
                    Outcome::fail("x", "3"),
                ],
            ),
            report(
                "b.wast",
                vec![
                    Outcome::fail("x", "4"),
                    Outcome::Skip(Reason::new("needs wasm3", "")),
                ],
            ),
        ];
        let failures = grouped(&reports, Which::Failures);
        assert_eq!(failures[0].0, "x");
        assert_eq!(failures[0].1.count, 3);
        assert_eq!(file_list(&failures[0].1, 1), "a.wast (2), and 1 more");
        assert_eq!(failures[1].0, "y");
        assert_eq!(grouped(&reports, Which::Skips)[0].1.count, 1);
        assert_eq!(
            totals(&reports).to_string(),
            "1 passed, 4 failed, 1 skipped"
        );
        assert_eq!(
            file_line(&reports[1]),
            "b.wast: 0 passed, 1 failed, 1 skipped"
        );
        assert_eq!(failure_lines(&reports[1]), "  b.wast:1: invoke: x: 4\n");
    }
}
