//! Reading the input files and deciding which objects to compile.

use crate::cargo::CargoEnv;
use crate::error::try_all;
use crate::BuildError;
use std::path::{Path, PathBuf};
use wasmlite_abi::{read_module_file, symbols, ParseError};

/// One module to compile: one object, possibly made for several inputs
/// with identical content and stem.
#[derive(Debug)]
pub(crate) struct Job {
    /// The stem handed to the compiler (the first input's file stem).
    pub(crate) stem: String,
    /// [`symbols::module_id`] of `wasm`.
    pub(crate) module_id: String,
    /// The symbol the object exports and the bindings reference.
    pub(crate) descriptor_symbol: String,
    /// `<sanitized stem>-<module id>`: object files are named after it.
    pub(crate) object_stem: String,
    /// The wasm binary.
    pub(crate) wasm: Vec<u8>,
    /// The input files (resolved) this object is for.
    pub(crate) sources: Vec<PathBuf>,
}

/// Where a configured path points: relative paths are relative to the
/// package (`CARGO_MANIFEST_DIR`) when known, like paths in `Cargo.toml`.
pub(crate) fn resolve(path: &Path, manifest_dir: Option<&Path>) -> PathBuf {
    match manifest_dir {
        Some(dir) if path.is_relative() => dir.join(path),
        _ => path.to_path_buf(),
    }
}

/// The stem a file's module is named after (`wasm/calc.wat` → `calc`).
fn file_stem(path: &Path) -> String {
    path.file_stem().map_or_else(
        || "module".to_string(),
        |s| s.to_string_lossy().into_owned(),
    )
}

/// Read every file (`.wasm` as is, `.wat`/`.wast` converted to binary),
/// telling Cargo to rerun when any of them changes, and group them into
/// jobs: inputs whose descriptor symbol is the same (same stem and content)
/// share one object. Reports every unreadable file, not just the first.
pub(crate) fn read_jobs(
    files: &[PathBuf],
    manifest_dir: Option<&Path>,
    env: &CargoEnv,
) -> Result<Vec<Job>, BuildError> {
    let inputs = try_all(files, |file| {
        let path = resolve(file, manifest_dir);
        env.emit("rerun-if-changed", path.display());
        let wasm = read_module_file(&path).map_err(|error| match error {
            ParseError::Io { path, source } => BuildError::Io {
                action: "read",
                path,
                source,
            },
            error => BuildError::Parse {
                file: path.clone(),
                error,
            },
        })?;
        Ok((path, wasm))
    })?;
    Ok(group(inputs))
}

fn group(inputs: Vec<(PathBuf, Vec<u8>)>) -> Vec<Job> {
    let mut jobs: Vec<Job> = Vec::new();
    for (path, wasm) in inputs {
        let stem = file_stem(&path);
        let module_id = symbols::module_id(&wasm);
        let descriptor_symbol = symbols::descriptor(&stem, &module_id);
        if let Some(job) = jobs
            .iter_mut()
            .find(|j| j.descriptor_symbol == descriptor_symbol)
        {
            if !job.sources.contains(&path) {
                job.sources.push(path);
            }
            continue;
        }
        jobs.push(Job {
            object_stem: format!("{}-{module_id}", symbols::sanitize_stem(&stem)),
            stem,
            module_id,
            descriptor_symbol,
            wasm,
            sources: vec![path],
        });
    }
    jobs
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_against_the_manifest_dir() {
        let dir = Path::new("/crate");
        assert_eq!(
            resolve(Path::new("wasm/a.wat"), Some(dir)),
            PathBuf::from("/crate/wasm/a.wat")
        );
        assert_eq!(
            resolve(Path::new("/abs/a.wat"), Some(dir)),
            PathBuf::from("/abs/a.wat")
        );
        assert_eq!(
            resolve(Path::new("wasm/a.wat"), None),
            PathBuf::from("wasm/a.wat")
        );
    }

    #[test]
    fn identical_modules_share_an_object_and_stems_may_repeat() {
        let jobs = group(vec![
            ("/c/a/calc.wat".into(), b"\0asm one".to_vec()),
            ("/c/b/calc.wasm".into(), b"\0asm one".to_vec()),
            ("/c/c/calc.wat".into(), b"\0asm two".to_vec()),
            ("/c/other.wat".into(), b"\0asm one".to_vec()),
        ]);
        assert_eq!(jobs.len(), 3);
        assert_eq!(
            jobs[0].sources,
            [
                PathBuf::from("/c/a/calc.wat"),
                PathBuf::from("/c/b/calc.wasm")
            ]
        );
        assert_ne!(jobs[0].object_stem, jobs[1].object_stem);
        assert!(
            jobs[0].object_stem.starts_with("calc-") && jobs[1].object_stem.starts_with("calc-")
        );
        assert_eq!(jobs[2].stem, "other");
        assert_eq!(jobs[0].module_id, jobs[2].module_id);
        assert_eq!(
            jobs[0].descriptor_symbol,
            symbols::descriptor("calc", &jobs[0].module_id)
        );
        assert_eq!(jobs[0].object_stem, format!("calc-{}", jobs[0].module_id));
    }

    #[test]
    fn unreadable_inputs_are_all_reported_and_tracked() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("bad.wat"), "(module (func oops))").unwrap();
        let env = CargoEnv::fixed(&[]);
        let files = [PathBuf::from("missing.wasm"), PathBuf::from("bad.wat")];
        let err = read_jobs(&files, Some(dir.path()), &env).unwrap_err();
        let BuildError::Multiple(errors) = &err else {
            panic!("{err}")
        };
        assert!(
            matches!(&errors[0], BuildError::Io { action: "read", path, .. } if path.ends_with("missing.wasm"))
        );
        assert!(matches!(&errors[1], BuildError::Parse { .. }));
        let text = err.to_string();
        assert!(
            text.contains(&format!("{}:1:", dir.path().join("bad.wat").display())),
            "{text}"
        );
        assert_eq!(
            env.emitted(),
            files
                .iter()
                .map(|f| format!("cargo:rerun-if-changed={}", dir.path().join(f).display()))
                .collect::<Vec<_>>()
        );
    }
}
