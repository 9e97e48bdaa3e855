//! Counting findings and printing progress and the final report.

use crate::differ::CLASS_SEPARATOR;
use crate::protocol::Finding;
use crate::save::Saved;
use std::collections::BTreeMap;

/// A finding that was saved to disk.
#[derive(Clone, Debug)]
pub struct Reported {
    /// Item index.
    pub index: u64,
    /// What happened.
    pub description: String,
    /// Where it was saved (`None` if saving failed).
    pub saved: Option<Saved>,
}

/// Counts for a campaign.
#[derive(Default, Debug)]
pub struct Tally {
    /// Items judged.
    pub items: u64,
    /// Differential: modules where the engines agreed.
    pub agree: u64,
    /// Differential: calls compared.
    pub calls: u64,
    /// Differential: unsupported modules by what the compiler named.
    pub unsupported: BTreeMap<String, Vec<u64>>,
    /// Differential: inconclusive modules.
    pub inconclusive: Vec<(u64, String)>,
    /// Differential: divergences.
    pub divergences: Vec<Reported>,
    /// Differential: modules whose guard-page build showed the documented
    /// guard-page deviation where the explicit build matched wasmi (not
    /// divergences), with the deviation.
    pub guard_deviations: Vec<(u64, String)>,
    /// Hostile: inputs that compiled.
    pub compiled: u64,
    /// Hostile: inputs rejected with a clear error.
    pub rejected: u64,
    /// Hostile: valid inputs rejected as malformed.
    pub wrong_rejections: Vec<Reported>,
    /// Hostile: panics, aborts, hangs.
    pub crashes: Vec<Reported>,
}

impl Tally {
    /// Counts `finding` for item `index`; findings worth saving come with
    /// their saved file.
    pub fn record(&mut self, index: u64, finding: Finding, saved: Option<Saved>) {
        self.items += 1;
        let reported = |description: String| Reported {
            index,
            description,
            saved,
        };
        match finding {
            Finding::Agree {
                calls,
                guard_deviation,
            } => {
                self.agree += 1;
                self.calls += calls as u64;
                if let Some(deviation) = guard_deviation {
                    self.guard_deviations.push((index, deviation));
                }
            }
            Finding::Unsupported(what) => self.unsupported.entry(what).or_default().push(index),
            Finding::Inconclusive(reason) => self.inconclusive.push((index, reason)),
            Finding::Divergence(d) => self.divergences.push(reported(d)),
            Finding::Compiled => self.compiled += 1,
            Finding::Rejected => self.rejected += 1,
            Finding::WrongRejection(d) => self.wrong_rejections.push(reported(d)),
            Finding::Crash(d) => self.crashes.push(reported(d)),
        }
    }

    /// Unsupported modules, all kinds together.
    pub fn unsupported_count(&self) -> usize {
        self.unsupported.values().map(Vec::len).sum()
    }

    /// Divergences grouped by class (the summary up to
    /// [`CLASS_SEPARATOR`]).
    pub fn divergence_classes(&self) -> BTreeMap<String, Vec<u64>> {
        classes(
            self.divergences
                .iter()
                .map(|d| (d.index, d.description.as_str())),
        )
    }

    /// Accepted guard-page deviations grouped by class.
    pub fn guard_deviation_classes(&self) -> BTreeMap<String, Vec<u64>> {
        classes(self.guard_deviations.iter().map(|(i, d)| (*i, d.as_str())))
    }

    /// One progress line.
    pub fn progress(&self, differential: bool, total: u64) -> String {
        if differential {
            format!(
                "[{}/{total}] agree {} (guard-page deviations {}), unsupported {}, inconclusive {}, divergences {}",
                self.items,
                self.agree,
                self.guard_deviations.len(),
                self.unsupported_count(),
                self.inconclusive.len(),
                self.divergences.len()
            )
        } else {
            format!(
                "[{}/{total}] compiled {}, rejected {}, wrong rejections {}, crashes {}",
                self.items,
                self.compiled,
                self.rejected,
                self.wrong_rejections.len(),
                self.crashes.len()
            )
        }
    }

    /// The final report; its last line is `N modules, M divergences` or
    /// `N inputs, M crashes`. A differential report's line before it is
    /// `K accepted guard-page deviations ...`.
    pub fn report(&self, differential: bool, seed: u64) -> String {
        let mut out = String::new();
        if differential {
            out += &format!(
                "seed {seed}: {} agreed ({} calls compared), {} unsupported, {} inconclusive\n",
                self.agree,
                self.calls,
                self.unsupported_count(),
                self.inconclusive.len()
            );
            for (what, indices) in &self.unsupported {
                out += &format!(
                    "unsupported `{what}`: {} modules ({})\n",
                    indices.len(),
                    sample(indices)
                );
            }
            for (index, reason) in self.inconclusive.iter().take(20) {
                out += &format!("inconclusive #{index}: {reason}\n");
            }
            list(&mut out, "DIVERGENCE", &self.divergences);
            for (class, indices) in self.divergence_classes() {
                out += &format!(
                    "divergence class `{class}`: {} modules ({})\n",
                    indices.len(),
                    sample(&indices)
                );
            }
            for (class, indices) in self.guard_deviation_classes() {
                out += &format!(
                    "accepted guard-page deviation `{class}`: {} modules ({})\n",
                    indices.len(),
                    sample(&indices)
                );
            }
            out += &format!(
                "{} accepted guard-page deviations (guard-page build only; the explicit build matches wasmi there)\n",
                self.guard_deviations.len()
            );
            out += &format!(
                "{} modules, {} divergences",
                self.items,
                self.divergences.len()
            );
        } else {
            out += &format!(
                "seed {seed}: {} compiled, {} rejected with an error, {} valid inputs rejected as malformed\n",
                self.compiled,
                self.rejected,
                self.wrong_rejections.len()
            );
            list(&mut out, "WRONG REJECTION", &self.wrong_rejections);
            list(&mut out, "CRASH", &self.crashes);
            out += &format!("{} inputs, {} crashes", self.items, self.crashes.len());
        }
        out
    }
}

/// Descriptions grouped by class (the text up to [`CLASS_SEPARATOR`]).
fn classes<'a>(items: impl Iterator<Item = (u64, &'a str)>) -> BTreeMap<String, Vec<u64>> {
    let mut classes: BTreeMap<String, Vec<u64>> = BTreeMap::new();
    for (index, description) in items {
        let class = description
            .split(CLASS_SEPARATOR)
            .next()
            .unwrap_or_default();
        classes.entry(class.to_string()).or_default().push(index);
    }
    classes
}

fn sample(indices: &[u64]) -> String {
    let shown: Vec<String> = indices.iter().take(8).map(|i| format!("#{i}")).collect();
    let more = if indices.len() > 8 { ", ..." } else { "" };
    format!("{}{more}", shown.join(", "))
}

fn list(out: &mut String, label: &str, items: &[Reported]) {
    for item in items {
        *out += &format!("{label} #{}: {}\n", item.index, item.description);
        match &item.saved {
            Some(saved) => {
                *out += &format!(
                    "    saved {}\n    reproduce: {}\n",
                    saved.path.display(),
                    saved.command
                )
            }
            None => *out += "    (could not be saved)\n",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_last_line_carries_the_counts() {
        let mut t = Tally::default();
        t.record(
            0,
            Finding::Agree {
                calls: 3,
                guard_deviation: None,
            },
            None,
        );
        t.record(
            3,
            Finding::Agree {
                calls: 2,
                guard_deviation: Some(format!(
                    "missed trap (MemoryOutOfBounds){CLASS_SEPARATOR}call #1"
                )),
            },
            None,
        );
        t.record(1, Finding::Unsupported("v128.const".into()), None);
        t.record(
            2,
            Finding::Divergence(format!("missed trap{CLASS_SEPARATOR}call `f`")),
            None,
        );
        let report = t.report(true, 9);
        assert_eq!(report.lines().last(), Some("4 modules, 1 divergences"));
        assert!(
            report
                .lines()
                .rev()
                .nth(1)
                .is_some_and(|l| l.starts_with("1 accepted guard-page deviations")),
            "{report}"
        );
        assert!(
            report.contains(
                "accepted guard-page deviation `missed trap (MemoryOutOfBounds)`: 1 modules (#3)"
            ),
            "{report}"
        );
        assert!(
            report.contains("unsupported `v128.const`: 1 modules (#1)"),
            "{report}"
        );
        assert!(
            report.contains("DIVERGENCE #2: missed trap -- call `f`"),
            "{report}"
        );
        assert!(
            report.contains("divergence class `missed trap`: 1 modules (#2)"),
            "{report}"
        );

        let mut h = Tally::default();
        h.record(0, Finding::Rejected, None);
        h.record(1, Finding::Crash("panic".into()), None);
        assert_eq!(
            h.report(false, 9).lines().last(),
            Some("2 inputs, 1 crashes")
        );
    }
}
