//! Command-line options.

use crate::generate::Size;
use std::path::PathBuf;
use std::time::Duration;
use wasmlite_codegen::OptLevel;

/// The optimisation level modules are compiled at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum OptChoice {
    /// Always this level.
    Fixed(OptLevel),
    /// Cycle through every level by module index.
    Mix,
}

const ALL_LEVELS: &[(OptLevel, &str)] = &[
    (OptLevel::O0, "0"),
    (OptLevel::O1, "1"),
    (OptLevel::O2, "2"),
    (OptLevel::O3, "3"),
    (OptLevel::Os, "s"),
    (OptLevel::Oz, "z"),
];

impl OptChoice {
    /// Parses `0`..`3`, `s`, `z` or `mix`.
    pub fn parse(text: &str) -> Option<OptChoice> {
        if text == "mix" {
            return Some(OptChoice::Mix);
        }
        OptLevel::from_cargo(text).map(OptChoice::Fixed)
    }

    /// The level for item `index`.
    pub fn level(self, index: u64) -> OptLevel {
        match self {
            OptChoice::Fixed(level) => level,
            OptChoice::Mix => ALL_LEVELS[(index % ALL_LEVELS.len() as u64) as usize].0,
        }
    }

    /// The command-line spelling of this choice.
    pub fn name(self) -> &'static str {
        match self {
            OptChoice::Mix => "mix",
            OptChoice::Fixed(level) => level_name(level),
        }
    }
}

/// The command-line spelling of `level`.
pub fn level_name(level: OptLevel) -> &'static str {
    ALL_LEVELS
        .iter()
        .find(|(l, _)| *l == level)
        .map_or("2", |(_, name)| name)
}

/// What to do.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Command {
    /// Differential fuzzing of this many modules.
    Differential(u64),
    /// Compiler robustness on this many hostile inputs.
    Hostile(u64),
    /// Re-run one saved module (`.wasm`: differential; other: compile only).
    Reproduce(PathBuf),
    /// Internal: a worker process running items `from..to`.
    Worker {
        /// Differential (`true`) or hostile items.
        differential: bool,
        /// First item.
        from: u64,
        /// One past the last item.
        to: u64,
    },
}

/// Every option.
#[derive(Clone, Debug)]
pub struct Options {
    /// What to do.
    pub command: Command,
    /// Campaign seed.
    pub seed: u64,
    /// Module size.
    pub size: Size,
    /// Optimisation level(s).
    pub opt: OptChoice,
    /// Where divergences and crashes are saved.
    pub out: PathBuf,
    /// How long one item may take before it counts as a hang.
    pub timeout: Duration,
    /// Items per worker process.
    pub batch: u64,
}

/// Usage text.
pub const USAGE: &str = "\
usage: wasmlite-fuzz --modules N [options]     differential fuzzing against wasmi
       wasmlite-fuzz --hostile N [options]     compiler robustness on hostile input
       wasmlite-fuzz --reproduce FILE [--opt-level L]
options: --seed S (default: from the clock)  --size small|normal (default normal)
         --opt-level 0|1|2|3|s|z|mix (default mix)  --out DIR (default tests/fuzz/divergences)
         --timeout SECS (default 120)  --batch N (items per worker process, default 200)";

/// Parses `args` (without the program name).
pub fn parse(args: &[String]) -> Result<Options, String> {
    let mut command = None;
    let mut worker: Option<bool> = None;
    let (mut from, mut to) = (0, 0);
    let mut options = Options {
        command: Command::Differential(0),
        seed: clock_seed(),
        size: Size::Normal,
        opt: OptChoice::Mix,
        out: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("divergences"),
        timeout: Duration::from_secs(120),
        batch: 200,
    };
    let mut it = args.iter();
    while let Some(flag) = it.next() {
        let mut value = || {
            it.next()
                .cloned()
                .ok_or_else(|| format!("{flag} needs a value"))
        };
        match flag.as_str() {
            "--modules" => command = Some(Command::Differential(number(&value()?)?)),
            "--hostile" => command = Some(Command::Hostile(number(&value()?)?)),
            "--reproduce" => command = Some(Command::Reproduce(PathBuf::from(value()?))),
            "--seed" => options.seed = number(&value()?)?,
            "--size" => {
                let v = value()?;
                options.size = Size::parse(&v).ok_or_else(|| format!("unknown size `{v}`"))?;
            }
            "--opt-level" => {
                let v = value()?;
                options.opt =
                    OptChoice::parse(&v).ok_or_else(|| format!("unknown opt level `{v}`"))?;
            }
            "--out" => options.out = PathBuf::from(value()?),
            "--timeout" => options.timeout = Duration::from_secs(number(&value()?)?),
            "--batch" => options.batch = number(&value()?)?.max(1),
            "--worker" => worker = Some(value()? == "differential"),
            "--from" => from = number(&value()?)?,
            "--to" => to = number(&value()?)?,
            "--help" | "-h" => return Err(USAGE.to_string()),
            other => return Err(format!("unknown argument `{other}`\n{USAGE}")),
        }
    }
    options.command = match (worker, command) {
        (Some(differential), _) => Command::Worker {
            differential,
            from,
            to,
        },
        (None, Some(command)) => command,
        (None, None) => return Err(USAGE.to_string()),
    };
    Ok(options)
}

fn number(text: &str) -> Result<u64, String> {
    text.parse()
        .map_err(|_| format!("`{text}` is not a number"))
}

fn clock_seed() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(1, |d| d.as_secs())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(text: &str) -> Vec<String> {
        text.split_whitespace().map(String::from).collect()
    }

    #[test]
    fn parses_a_campaign() {
        let o = parse(&args("--modules 50 --seed 7 --size small --opt-level 3")).expect("parses");
        assert_eq!(o.command, Command::Differential(50));
        assert_eq!(
            (o.seed, o.size, o.opt),
            (7, Size::Small, OptChoice::Fixed(OptLevel::O3))
        );
    }

    #[test]
    fn rejects_bad_input() {
        assert!(parse(&args("--modules x")).is_err());
        assert!(parse(&args("--bogus")).is_err());
        assert!(parse(&args("--seed 3")).is_err(), "no command");
    }

    #[test]
    fn mix_cycles_through_levels() {
        let levels: Vec<_> = (0..6).map(|i| OptChoice::Mix.level(i)).collect();
        assert_eq!(levels.len(), 6);
        assert!(levels.contains(&OptLevel::O0) && levels.contains(&OptLevel::Oz));
        assert_eq!(level_name(OptLevel::Os), "s");
    }
}
