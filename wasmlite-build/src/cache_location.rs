//! Whether to use the object cache and where it lives.

use crate::cargo::CargoEnv;
use crate::inputs::resolve;
use crate::{Build, BuildError};
use std::path::{Path, PathBuf};

/// The cache's folder inside the target directory.
pub(crate) const CACHE_SUBDIR: &str = "wasmlite-cache";

/// The cache directory, or `None` when caching is off.
///
/// `WASMLITE_CACHE` (`0`/`1`, ...) overrides [`Build::cache`]; the
/// directory is `WASMLITE_CACHE_DIR`, else [`Build::cache_dir`], else
/// `wasmlite-cache` in the target directory found from `OUT_DIR`. Without
/// any of these (outside Cargo), nothing is cached. Relative paths are
/// relative to the package (`manifest_dir`).
pub(crate) fn cache_dir(
    build: &Build,
    env: &CargoEnv,
    cargo_target: Option<&str>,
    manifest_dir: Option<&Path>,
) -> Result<Option<PathBuf>, BuildError> {
    let enabled = match env.var("WASMLITE_CACHE")? {
        Some(value) => parse_switch(&value)?,
        None => build.cache,
    };
    if !enabled {
        return Ok(None);
    }
    if let Some(dir) = env.var_os("WASMLITE_CACHE_DIR").filter(|d| !d.is_empty()) {
        return Ok(Some(resolve(Path::new(&dir), manifest_dir)));
    }
    if let Some(dir) = &build.cache_dir {
        return Ok(Some(resolve(dir, manifest_dir)));
    }
    Ok(env
        .var_os("OUT_DIR")
        .map(|out_dir| default_cache_dir(Path::new(&out_dir), cargo_target)))
}

fn parse_switch(value: &str) -> Result<bool, BuildError> {
    match value.trim().to_ascii_lowercase().as_str() {
        "1" | "true" | "yes" | "on" => Ok(true),
        "0" | "false" | "no" | "off" => Ok(false),
        _ => Err(BuildError::InvalidSetting {
            name: "WASMLITE_CACHE".into(),
            value: value.to_string(),
            expected: "0 (no cache) or 1",
        }),
    }
}

/// `wasmlite-cache` in the target directory that holds `out_dir`.
///
/// Cargo gives build scripts `OUT_DIR =
/// <target dir>/[<triple>/]<profile>/build/<package>-<hash>/out` (the
/// triple only with `--target`). When `out_dir` does not have that shape,
/// the nearest ancestor Cargo marked with `CACHEDIR.TAG` (its target or
/// build directory) is used, and failing that `out_dir` itself.
pub(crate) fn default_cache_dir(out_dir: &Path, cargo_target: Option<&str>) -> PathBuf {
    target_dir_from_layout(out_dir, cargo_target)
        .or_else(|| {
            out_dir
                .ancestors()
                .find(|dir| dir.join("CACHEDIR.TAG").is_file())
                .map(Path::to_path_buf)
        })
        .unwrap_or_else(|| out_dir.to_path_buf())
        .join(CACHE_SUBDIR)
}

fn target_dir_from_layout(out_dir: &Path, cargo_target: Option<&str>) -> Option<PathBuf> {
    let named = |dir: &Path, name: &str| dir.file_name().is_some_and(|n| n == name);
    if !named(out_dir, "out") {
        return None;
    }
    let build = out_dir.parent()?.parent()?;
    if !named(build, "build") {
        return None;
    }
    let mut dir = build.parent()?.parent()?;
    if cargo_target.is_some_and(|triple| named(dir, triple)) {
        dir = dir.parent()?;
    }
    Some(dir.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    const TRIPLE: &str = "x86_64-unknown-linux-gnu";

    #[test]
    fn the_target_dir_is_found_from_out_dir() {
        let out = Path::new("/p/target/debug/build/app-0123abcd/out");
        assert_eq!(
            default_cache_dir(out, Some(TRIPLE)),
            Path::new("/p/target/wasmlite-cache")
        );
        let cross = Path::new("/p/target/x86_64-unknown-linux-gnu/release/build/app-1/out");
        assert_eq!(
            default_cache_dir(cross, Some(TRIPLE)),
            Path::new("/p/target/wasmlite-cache")
        );
        let custom_profile = Path::new("/t/my-profile/build/app-1/out");
        assert_eq!(
            default_cache_dir(custom_profile, Some(TRIPLE)),
            Path::new("/t/wasmlite-cache")
        );
    }

    #[test]
    fn unusual_layouts_fall_back_to_a_tagged_ancestor_or_out_dir() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path().join("tagged/deeper/app/h/out");
        std::fs::create_dir_all(&out).unwrap();
        assert_eq!(default_cache_dir(&out, None), out.join(CACHE_SUBDIR));
        std::fs::write(dir.path().join("tagged/CACHEDIR.TAG"), "Signature").unwrap();
        assert_eq!(
            default_cache_dir(&out, None),
            dir.path().join("tagged").join(CACHE_SUBDIR)
        );
    }

    fn resolved(build: &Build, vars: &[(&str, &str)]) -> Result<Option<PathBuf>, BuildError> {
        let env = CargoEnv::fixed(vars);
        cache_dir(build, &env, Some(TRIPLE), Some(Path::new("/crate")))
    }

    const OUT_DIR: (&str, &str) = ("OUT_DIR", "/p/target/debug/build/app-1/out");

    #[test]
    fn settings_and_variables_choose_the_directory() {
        let default = Some(PathBuf::from("/p/target/wasmlite-cache"));
        assert_eq!(resolved(&Build::new(), &[OUT_DIR]).unwrap(), default);
        let mut build = Build::new();
        build.cache_dir("cache");
        assert_eq!(
            resolved(&build, &[OUT_DIR]).unwrap(),
            Some(PathBuf::from("/crate/cache"))
        );
        assert_eq!(
            resolved(&build, &[OUT_DIR, ("WASMLITE_CACHE_DIR", "/shared/c")]).unwrap(),
            Some(PathBuf::from("/shared/c"))
        );
        assert_eq!(resolved(&Build::new(), &[]).unwrap(), None, "outside Cargo");
    }

    #[test]
    fn caching_can_be_switched_off_and_on() {
        let mut off = Build::new();
        off.cache(false);
        assert_eq!(resolved(&off, &[OUT_DIR]).unwrap(), None);
        assert_eq!(
            resolved(&Build::new(), &[OUT_DIR, ("WASMLITE_CACHE", "0")]).unwrap(),
            None
        );
        assert!(resolved(&off, &[OUT_DIR, ("WASMLITE_CACHE", "on")])
            .unwrap()
            .is_some());
        let err = resolved(&Build::new(), &[OUT_DIR, ("WASMLITE_CACHE", "maybe")]).unwrap_err();
        assert_eq!(
            err.to_string(),
            "`WASMLITE_CACHE` is \"maybe\"; expected 0 (no cache) or 1"
        );
    }

    #[test]
    fn the_variables_are_tracked() {
        let env = CargoEnv::fixed(&[OUT_DIR]);
        cache_dir(&Build::new(), &env, None, None).unwrap();
        for name in ["WASMLITE_CACHE", "WASMLITE_CACHE_DIR"] {
            let line = format!("cargo:rerun-if-env-changed={name}");
            assert!(env.emitted().contains(&line), "{line}");
        }
    }
}
