//! Resolving the builder's explicit settings and Cargo's environment into
//! the settings one build uses.

use crate::cache_location::cache_dir;
use crate::cargo::CargoEnv;
use crate::features::{arch_of, llvm_features};
use crate::{BoundsChecks, Build, BuildError, OptLevel};
use std::path::PathBuf;

/// Everything one build needs, with every default filled in.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct Settings {
    /// Where objects and the library go.
    pub(crate) out_dir: PathBuf,
    /// LLVM / Cargo target triple.
    pub(crate) target: String,
    /// The triple of the machine running the build (for finding `ar`).
    pub(crate) host: String,
    pub(crate) opt_level: OptLevel,
    pub(crate) bounds_checks: BoundsChecks,
    pub(crate) cpu: Option<String>,
    /// LLVM feature string (`+sse2,+fxsr`).
    pub(crate) cpu_features: Option<String>,
    /// How many threads to compile on (`NUM_JOBS`), the build script's
    /// own included.
    pub(crate) jobs: usize,
    /// What relative input paths are relative to (`None`: the working directory).
    pub(crate) manifest_dir: Option<PathBuf>,
    /// The static library's name (`-l static=NAME`).
    pub(crate) library: String,
    /// The object cache's directory (`None`: no cache).
    pub(crate) cache: Option<PathBuf>,
}

/// The subfolder of `OUT_DIR` wasmlite writes to.
const OUT_SUBDIR: &str = "wasmlite";

impl Settings {
    /// Explicit builder settings win over Cargo's environment, except
    /// `WASMLITE_OPT_LEVEL`, which wins over everything.
    pub(crate) fn resolve(build: &Build, env: &CargoEnv) -> Result<Settings, BuildError> {
        let out_dir = match &build.out_dir {
            Some(dir) => dir.clone(),
            None => PathBuf::from(required(env.var_os("OUT_DIR"), "OUT_DIR", "out_dir")?)
                .join(OUT_SUBDIR),
        };
        let cargo_target = env.var("TARGET")?;
        let target = match (&build.target, &cargo_target) {
            (Some(t), _) | (None, Some(t)) => t.clone(),
            (None, None) => {
                return Err(BuildError::MissingEnv {
                    name: "TARGET",
                    setter: "target",
                })
            }
        };
        let host = env.var("HOST")?.unwrap_or_else(|| target.clone());
        let cpu_features = match &build.cpu_features {
            Some(features) => Some(features.clone()),
            // Cargo's features describe Cargo's target only.
            None if cargo_target.as_deref() == Some(target.as_str()) => env
                .var("CARGO_CFG_TARGET_FEATURE")?
                .map(|features| llvm_features(arch_of(&target), &features))
                .filter(|features| !features.is_empty()),
            None => None,
        };
        let manifest_dir = env.var_os("CARGO_MANIFEST_DIR").map(PathBuf::from);
        Ok(Settings {
            out_dir,
            opt_level: opt_level(build, env)?,
            bounds_checks: bounds_checks(build, env)?,
            cpu: build.cpu.clone(),
            cpu_features,
            jobs: jobs(env)?,
            cache: cache_dir(build, env, cargo_target.as_deref(), manifest_dir.as_deref())?,
            manifest_dir,
            library: library(build, env)?,
            target,
            host,
        })
    }
}

fn required<T>(
    value: Option<T>,
    name: &'static str,
    setter: &'static str,
) -> Result<T, BuildError> {
    value.ok_or(BuildError::MissingEnv { name, setter })
}

const OPT_LEVELS: &str = "one of 0, 1, 2, 3, s, z";

fn parse_opt_level(name: &str, value: &str) -> Result<OptLevel, BuildError> {
    OptLevel::from_cargo(value.trim()).ok_or_else(|| BuildError::InvalidSetting {
        name: name.to_string(),
        value: value.to_string(),
        expected: OPT_LEVELS,
    })
}

/// `WASMLITE_OPT_LEVEL`, else [`Build::opt_level`], else `OPT_LEVEL`, else
/// `PROFILE` (`release` → 3, anything else → 0).
fn opt_level(build: &Build, env: &CargoEnv) -> Result<OptLevel, BuildError> {
    if let Some(value) = env.var("WASMLITE_OPT_LEVEL")? {
        return parse_opt_level("WASMLITE_OPT_LEVEL", &value);
    }
    if let Some(level) = build.opt_level {
        return Ok(level);
    }
    if let Some(value) = env.var("OPT_LEVEL")? {
        return parse_opt_level("OPT_LEVEL", &value);
    }
    match env.var("PROFILE")?.as_deref() {
        Some("release") => Ok(OptLevel::O3),
        Some(_) => Ok(OptLevel::O0),
        None => Err(BuildError::MissingEnv {
            name: "OPT_LEVEL",
            setter: "opt_level",
        }),
    }
}

/// `WASMLITE_BOUNDS_CHECKS`, else [`Build::bounds_checks`], else guard pages.
fn bounds_checks(build: &Build, env: &CargoEnv) -> Result<BoundsChecks, BuildError> {
    match env.var("WASMLITE_BOUNDS_CHECKS")?.as_deref().map(str::trim) {
        Some("guard-pages") => Ok(BoundsChecks::GuardPages),
        Some("explicit") => Ok(BoundsChecks::Explicit),
        Some(other) => Err(BuildError::InvalidSetting {
            name: "WASMLITE_BOUNDS_CHECKS".into(),
            value: other.to_string(),
            expected: "guard-pages or explicit",
        }),
        None => Ok(build.bounds_checks.unwrap_or_default()),
    }
}

/// `NUM_JOBS`, else the number of CPUs.
fn jobs(env: &CargoEnv) -> Result<usize, BuildError> {
    match env.var("NUM_JOBS")? {
        Some(value) => value.trim().parse::<usize>().ok().filter(|&n| n > 0).ok_or(
            BuildError::InvalidSetting {
                name: "NUM_JOBS".into(),
                value,
                expected: "a positive integer",
            },
        ),
        None => Ok(std::thread::available_parallelism().map_or(1, |n| n.get())),
    }
}

/// [`Build::library_name`], else `wasmlite_<package>`, else `wasmlite_modules`.
fn library(build: &Build, env: &CargoEnv) -> Result<String, BuildError> {
    if let Some(name) = &build.library_name {
        let valid = !name.is_empty() && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !valid {
            return Err(BuildError::InvalidSetting {
                name: "Build::library_name".into(),
                value: name.clone(),
                expected: "a non-empty name of ASCII letters, digits and `_`",
            });
        }
        return Ok(name.clone());
    }
    let package = env.var("CARGO_PKG_NAME")?;
    let suffix = package.as_deref().map_or_else(
        || "modules".to_string(),
        wasmlite_abi::symbols::sanitize_stem,
    );
    Ok(format!("wasmlite_{}", suffix.trim_start_matches('_')))
}

#[cfg(test)]
mod tests {
    use super::*;

    const CARGO: &[(&str, &str)] = &[
        ("OUT_DIR", "/target/debug/build/x/out"),
        ("TARGET", "x86_64-unknown-linux-gnu"),
        ("HOST", "x86_64-unknown-linux-gnu"),
        ("OPT_LEVEL", "0"),
        ("NUM_JOBS", "2"),
        ("PROFILE", "debug"),
        ("CARGO_CFG_TARGET_FEATURE", "fxsr,sse,sse2"),
        ("CARGO_MANIFEST_DIR", "/crate"),
        ("CARGO_PKG_NAME", "my-app"),
    ];

    fn with(extra: &[(&'static str, &'static str)]) -> CargoEnv {
        let mut vars: Vec<_> = CARGO
            .iter()
            .filter(|(k, _)| !extra.iter().any(|(e, _)| e == k))
            .copied()
            .collect();
        vars.extend(extra.iter().filter(|(_, v)| !v.is_empty()));
        CargoEnv::fixed(&vars)
    }

    #[test]
    fn defaults_come_from_cargo() {
        let env = with(&[]);
        let s = Settings::resolve(&Build::new(), &env).unwrap();
        assert_eq!(
            s,
            Settings {
                out_dir: PathBuf::from("/target/debug/build/x/out/wasmlite"),
                target: "x86_64-unknown-linux-gnu".into(),
                host: "x86_64-unknown-linux-gnu".into(),
                opt_level: OptLevel::O0,
                bounds_checks: BoundsChecks::GuardPages,
                cpu: None,
                cpu_features: Some("+fxsr,+sse,+sse2".into()),
                jobs: 2,
                manifest_dir: Some(PathBuf::from("/crate")),
                library: "wasmlite_my_app".into(),
                cache: Some(PathBuf::from("/target/wasmlite-cache")),
            }
        );
        let tracked: Vec<String> = env.emitted();
        for name in [
            "TARGET",
            "OPT_LEVEL",
            "OUT_DIR",
            "NUM_JOBS",
            "CARGO_CFG_TARGET_FEATURE",
            "WASMLITE_OPT_LEVEL",
            "WASMLITE_BOUNDS_CHECKS",
        ] {
            assert!(
                tracked.contains(&format!("cargo:rerun-if-env-changed={name}")),
                "{name}: {tracked:?}"
            );
        }
    }

    #[test]
    fn works_without_cargo_when_everything_is_explicit() {
        let mut build = Build::new();
        build
            .out_dir("/tmp/o")
            .target("aarch64-unknown-linux-gnu")
            .opt_level(OptLevel::O2)
            .cpu("cortex-a72");
        let s = Settings::resolve(&build, &CargoEnv::fixed(&[])).unwrap();
        assert_eq!(s.out_dir, PathBuf::from("/tmp/o"));
        assert_eq!(s.host, "aarch64-unknown-linux-gnu");
        assert_eq!(s.opt_level, OptLevel::O2);
        assert_eq!(s.cpu.as_deref(), Some("cortex-a72"));
        assert_eq!(s.cpu_features, None);
        assert_eq!(s.library, "wasmlite_modules");
        assert_eq!(s.manifest_dir, None);
    }

    #[test]
    fn missing_cargo_variables_name_the_setter() {
        let err = Settings::resolve(&Build::new(), &CargoEnv::fixed(&[])).unwrap_err();
        assert!(
            matches!(
                err,
                BuildError::MissingEnv {
                    name: "OUT_DIR",
                    setter: "out_dir"
                }
            ),
            "{err}"
        );
        let mut build = Build::new();
        build.out_dir("/o");
        let err = Settings::resolve(&build, &CargoEnv::fixed(&[])).unwrap_err();
        assert!(
            matches!(err, BuildError::MissingEnv { name: "TARGET", .. }),
            "{err}"
        );
        build.target("x86_64-unknown-linux-gnu");
        let err = Settings::resolve(&build, &CargoEnv::fixed(&[])).unwrap_err();
        assert!(
            matches!(
                err,
                BuildError::MissingEnv {
                    name: "OPT_LEVEL",
                    ..
                }
            ),
            "{err}"
        );
    }

    #[test]
    fn bounds_checks_precedence() {
        let resolve = |build: &Build, extra| Settings::resolve(build, &with(extra));
        let mut explicit = Build::new();
        explicit.bounds_checks(BoundsChecks::Explicit);
        let checks = |build, extra| resolve(build, extra).unwrap().bounds_checks;
        let default = Build::new();
        assert_eq!(checks(&default, &[]), BoundsChecks::GuardPages);
        assert_eq!(checks(&explicit, &[]), BoundsChecks::Explicit);
        let guard = [("WASMLITE_BOUNDS_CHECKS", "guard-pages")];
        assert_eq!(checks(&explicit, &guard), BoundsChecks::GuardPages);
        let err = resolve(&default, &[("WASMLITE_BOUNDS_CHECKS", "none")]).unwrap_err();
        assert!(err.to_string().contains("WASMLITE_BOUNDS_CHECKS"), "{err}");
    }

    #[test]
    fn opt_level_precedence() {
        let resolve =
            |build: &Build, extra| Settings::resolve(build, &with(extra)).unwrap().opt_level;
        let mut explicit = Build::new();
        explicit.opt_level(OptLevel::O1);
        assert_eq!(resolve(&Build::new(), &[("OPT_LEVEL", "3")]), OptLevel::O3);
        assert_eq!(resolve(&explicit, &[("OPT_LEVEL", "3")]), OptLevel::O1);
        assert_eq!(
            resolve(&explicit, &[("WASMLITE_OPT_LEVEL", "s")]),
            OptLevel::Os
        );
        assert_eq!(
            resolve(&Build::new(), &[("OPT_LEVEL", ""), ("PROFILE", "release")]),
            OptLevel::O3
        );
        let err =
            Settings::resolve(&Build::new(), &with(&[("WASMLITE_OPT_LEVEL", "fast")])).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`WASMLITE_OPT_LEVEL` is \"fast\"; expected one of 0, 1, 2, 3, s, z"
        );
    }

    #[test]
    fn cargo_features_apply_to_cargo_target_only() {
        let mut build = Build::new();
        build.target("aarch64-unknown-linux-gnu");
        assert_eq!(
            Settings::resolve(&build, &with(&[])).unwrap().cpu_features,
            None
        );
        build.cpu_features("+avx2");
        assert_eq!(
            Settings::resolve(&build, &with(&[]))
                .unwrap()
                .cpu_features
                .as_deref(),
            Some("+avx2")
        );
    }

    #[test]
    fn bad_values_are_rejected() {
        let err = Settings::resolve(&Build::new(), &with(&[("NUM_JOBS", "0")])).unwrap_err();
        assert!(matches!(err, BuildError::InvalidSetting { .. }), "{err}");
        let mut build = Build::new();
        build.library_name("lib-foo");
        let err = Settings::resolve(&build, &with(&[])).unwrap_err();
        assert!(err.to_string().contains("Build::library_name"), "{err}");
    }
}
