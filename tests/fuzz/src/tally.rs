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
    /// Differential: calls where both engines trapped for different
    /// reasons, by the pair of reasons.
    pub trap_kind_mismatches: BTreeMap<String, u64>,
    /// Differential: unsupported modules by what the compiler named.
    pub unsupported: BTreeMap<String, Vec<u64>>,
    /// Differential: inconclusive modules.
    pub inconclusive: Vec<(u64, String)>,
    /// Differential: divergences.
    pub divergences: Vec<Reported>,
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
                trap_kind_mismatches,
            } => {
                self.agree += 1;
                self.calls += calls as u64;
                for pair in trap_kind_mismatches {
                    *self.trap_kind_mismatches.entry(pair).or_default() += 1;
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
        let mut classes: BTreeMap<String, Vec<u64>> = BTreeMap::new();
        for d in &self.divergences {
            let class = d
                .description
                .split(CLASS_SEPARATOR)
                .next()
                .unwrap_or_default();
            classes.entry(class.to_string()).or_default().push(d.index);
        }
        classes
    }

    /// One progress line.
    pub fn progress(&self, differential: bool, total: u64) -> String {
        if differential {
            format!(
                "[{}/{total}] agree {}, unsupported {}, inconclusive {}, divergences {}",
                self.items,
                self.agree,
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
    /// `N inputs, M crashes`.
    pub fn report(&self, differential: bool, seed: u64) -> String {
        let mut out = String::new();
        if differential {
            out += &format!(
                "seed {seed}: {} agreed ({} calls compared, {} with both trapping for different reasons), {} unsupported, {} inconclusive\n",
                self.agree, self.calls, self.trap_kind_mismatches.values().sum::<u64>(), self.unsupported_count(), self.inconclusive.len()
            );
            for (pair, calls) in &self.trap_kind_mismatches {
                out += &format!("both trapped, for different reasons ({pair}): {calls} calls\n");
            }
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
                trap_kind_mismatches: Vec::new(),
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
        assert_eq!(report.lines().last(), Some("3 modules, 1 divergences"));
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
