//! Compiling jobs to objects, several at once within the thread budget,
//! through the object cache, and writing each object only when its bytes
//! changed.

use crate::cache::{Cache, MAX_AGE};
use crate::error::try_all;
use crate::inputs::Job;
use crate::settings::Settings;
use crate::{BuildError, ModuleOutput};
use std::path::Path;
use wasmlite_codegen::{run_gated, CompileError, CompileOptions, ThreadGate};

/// What turns a wasm binary into object files. [`Llvm`] in real builds;
/// tests substitute a recording fake.
pub(crate) trait Backend: Sync {
    /// Compile one module into one or more objects (the first defines the
    /// descriptor symbol), using extra threads only as `gate` allows.
    fn compile(
        &self,
        wasm: &[u8],
        options: &CompileOptions,
        gate: &dyn ThreadGate,
    ) -> Result<Vec<Vec<u8>>, CompileError>;
}

/// The real compiler, `wasmlite_codegen::compile_gated`.
pub(crate) struct Llvm;

impl Backend for Llvm {
    fn compile(
        &self,
        wasm: &[u8],
        options: &CompileOptions,
        gate: &dyn ThreadGate,
    ) -> Result<Vec<Vec<u8>>, CompileError> {
        wasmlite_codegen::compile_gated(wasm, options, gate).map(|module| module.objects)
    }
}

fn options(job: &Job, settings: &Settings, threads: usize) -> CompileOptions {
    CompileOptions {
        target_triple: Some(settings.target.clone()),
        opt_level: settings.opt_level,
        cpu: settings.cpu.clone(),
        cpu_features: settings.cpu_features.clone(),
        stem: job.stem.clone(),
        threads,
        bounds_checks: settings.bounds_checks,
        // The spec's NaN rule always; the other setting exists only to measure it.
        nan_results: wasmlite_codegen::NanResults::Exact,
    }
}

/// Into how many parts the compiler may split each of `modules` modules
/// when the build has `budget` threads: the threads left when every module
/// has one. This depends on `NUM_JOBS` alone, never on how busy the
/// machine is, so a build's objects are reproducible.
pub(crate) fn threads_per_module(budget: usize, modules: usize) -> usize {
    let budget = budget.max(1);
    (budget / budget.min(modules.max(1))).max(1)
}

/// The file name of object `part` of a module: `<stem>-<id>.o`, then
/// `<stem>-<id>.1.o`, ... when the compiler split it.
fn object_name(job: &Job, part: usize) -> String {
    match part {
        0 => format!("{}.o", job.object_stem),
        k => format!("{}.{k}.o", job.object_stem),
    }
}

/// One job's objects and whether they came from the cache.
fn compile_job(
    job: &Job,
    options: &CompileOptions,
    cache: Option<&Cache>,
    backend: &dyn Backend,
    gate: &dyn ThreadGate,
) -> Result<(Vec<Vec<u8>>, bool), CompileError> {
    let key = cache.map(|cache| cache.key(&job.wasm, options));
    if let Some(objects) = cache.zip(key.as_ref()).and_then(|(c, k)| c.load(k)) {
        return Ok((objects, true));
    }
    let objects = backend.compile(&job.wasm, options, gate)?;
    if let Some((cache, key)) = cache.zip(key.as_ref()) {
        // The cache is an optimisation: a full disk or a read-only
        // directory must not fail the build.
        let _ = cache.store(key, &objects);
    }
    Ok((objects, false))
}

/// Compile every job, on as many threads as `gate` allows, reusing cached
/// objects, and write the objects into `settings.out_dir` (which must
/// exist). Reports every failure.
pub(crate) fn compile_all(
    jobs: &[Job],
    settings: &Settings,
    backend: &dyn Backend,
    gate: &dyn ThreadGate,
) -> Result<Vec<ModuleOutput>, BuildError> {
    let threads = threads_per_module(settings.jobs, jobs.len());
    let cache = settings.cache.as_deref().and_then(Cache::open);
    let results = run_gated(jobs.len(), gate, |index| {
        let job = &jobs[index];
        compile_job(
            job,
            &options(job, settings, threads),
            cache.as_ref(),
            backend,
            gate,
        )
    });
    if let Some(cache) = &cache {
        cache.prune(MAX_AGE);
    }
    try_all(jobs.iter().zip(results), |(job, result)| {
        let (objects, cached) = result.map_err(|error| BuildError::Compile {
            file: job.sources[0].clone(),
            error,
        })?;
        let paths = try_all(objects.iter().enumerate(), |(part, bytes)| {
            let path = settings.out_dir.join(object_name(job, part));
            write_if_changed(&path, bytes)?;
            Ok(path)
        })?;
        Ok(ModuleOutput {
            sources: job.sources.clone(),
            objects: paths,
            descriptor_symbol: job.descriptor_symbol.clone(),
            module_id: job.module_id.clone(),
            cached,
        })
    })
}

/// Write `bytes` to `path` unless it already holds exactly them, so the
/// file's modification time only moves when its content does. Returns
/// whether it wrote.
pub(crate) fn write_if_changed(path: &Path, bytes: &[u8]) -> Result<bool, BuildError> {
    if std::fs::read(path).is_ok_and(|old| old == bytes) {
        return Ok(false);
    }
    std::fs::write(path, bytes).map_err(|source| BuildError::Io {
        action: "write",
        path: path.to_path_buf(),
        source,
    })?;
    Ok(true)
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::budget::Budget;
    use crate::OptLevel;
    use std::path::PathBuf;
    use std::sync::Mutex;

    /// Records what it was asked to compile; "compiles" to one object per
    /// requested thread (like a large module), each holding the stem, the
    /// wasm bytes and the part number; fails on modules containing `FAIL`.
    #[derive(Default)]
    pub(crate) struct Fake {
        pub(crate) calls: Mutex<Vec<(String, Option<String>)>>,
    }

    impl Backend for Fake {
        fn compile(
            &self,
            wasm: &[u8],
            options: &CompileOptions,
            _gate: &dyn ThreadGate,
        ) -> Result<Vec<Vec<u8>>, CompileError> {
            let mut calls = self.calls.lock().unwrap();
            calls.push((options.stem.clone(), options.cpu_features.clone()));
            if wasm.windows(4).any(|w| w == b"FAIL") {
                return Err(CompileError::Unsupported {
                    offset: 9,
                    what: "FAIL".into(),
                });
            }
            let wasm = String::from_utf8_lossy(wasm);
            Ok((0..options.threads)
                .map(|k| format!("{}{wasm}#{k}", options.stem).into_bytes())
                .collect())
        }
    }

    pub(crate) fn settings(out_dir: &Path, jobs: usize) -> Settings {
        Settings {
            out_dir: out_dir.to_path_buf(),
            target: "x86_64-unknown-linux-gnu".into(),
            host: "x86_64-unknown-linux-gnu".into(),
            opt_level: OptLevel::O0,
            bounds_checks: crate::BoundsChecks::GuardPages,
            cpu: None,
            cpu_features: Some("+sse2".into()),
            jobs,
            manifest_dir: None,
            library: "wasmlite_test".into(),
            cache: None,
        }
    }

    fn job(stem: &str, wasm: &[u8]) -> Job {
        Job {
            stem: stem.into(),
            module_id: format!("id{stem}"),
            descriptor_symbol: format!("sym_{stem}"),
            object_stem: stem.into(),
            wasm: wasm.to_vec(),
            sources: vec![PathBuf::from(format!("/in/{stem}.wat"))],
        }
    }

    fn run(
        jobs: &[Job],
        settings: &Settings,
        fake: &Fake,
    ) -> Result<Vec<ModuleOutput>, BuildError> {
        compile_all(jobs, settings, fake, &Budget::new(settings.jobs, None))
    }

    #[test]
    fn compiles_every_job_in_parallel_and_keeps_order() {
        let dir = tempfile::tempdir().unwrap();
        let jobs: Vec<Job> = (0..7).map(|i| job(&format!("m{i}"), b"wasm")).collect();
        let fake = Fake::default();
        let outputs = run(&jobs, &settings(dir.path(), 3), &fake).unwrap();
        assert_eq!(fake.calls.lock().unwrap().len(), 7);
        for (i, output) in outputs.iter().enumerate() {
            assert_eq!(output.objects, [dir.path().join(format!("m{i}.o"))]);
            assert_eq!(
                std::fs::read(&output.objects[0]).unwrap(),
                format!("m{i}wasm#0").as_bytes()
            );
            assert_eq!(output.descriptor_symbol, format!("sym_m{i}"));
            assert!(!output.cached);
        }
        assert!(fake
            .calls
            .lock()
            .unwrap()
            .iter()
            .all(|(_, f)| f.as_deref() == Some("+sse2")));
    }

    #[test]
    fn a_lone_module_gets_every_thread_and_may_split() {
        let dir = tempfile::tempdir().unwrap();
        let outputs = run(
            &[job("big", b"wasm")],
            &settings(dir.path(), 2),
            &Fake::default(),
        )
        .unwrap();
        assert_eq!(
            outputs[0].objects,
            [dir.path().join("big.o"), dir.path().join("big.1.o")]
        );
        assert_eq!(
            std::fs::read(dir.path().join("big.1.o")).unwrap(),
            b"bigwasm#1"
        );
    }

    #[test]
    fn thread_budget_is_shared_between_modules() {
        assert_eq!(threads_per_module(4, 1), 4);
        assert_eq!(threads_per_module(4, 2), 2);
        assert_eq!(threads_per_module(4, 10), 1);
        assert_eq!(threads_per_module(3, 2), 1);
        assert_eq!(threads_per_module(0, 0), 1);
    }

    #[test]
    fn failures_name_the_input_and_the_rest_still_compile() {
        let dir = tempfile::tempdir().unwrap();
        let jobs = [job("good", b"ok"), job("bad", b"FAIL")];
        let err = run(&jobs, &settings(dir.path(), 1), &Fake::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot compile /in/bad.wat: unsupported at byte offset 0x9: FAIL"
        );
        assert!(dir.path().join("good.o").exists());
    }

    #[test]
    fn a_second_build_takes_every_object_from_the_cache() {
        let dir = tempfile::tempdir().unwrap();
        let jobs = [job("a", b"one"), job("b", b"two"), job("bad", b"FAIL")];
        let build = |out: &str, fake: &Fake| {
            let out = dir.path().join(out);
            std::fs::create_dir_all(&out).unwrap();
            let mut settings = settings(&out, 2);
            settings.cache = Some(dir.path().join("cache"));
            run(&jobs[..2], &settings, fake).unwrap()
        };
        let first = Fake::default();
        let compiled = build("out1", &first);
        assert_eq!(first.calls.lock().unwrap().len(), 2);
        assert!(compiled.iter().all(|m| !m.cached));

        let second = Fake::default();
        let reused = build("out2", &second);
        assert!(second.calls.lock().unwrap().is_empty(), "no compiler work");
        assert!(reused.iter().all(|m| m.cached));
        for (old, new) in compiled.iter().zip(&reused) {
            assert_eq!(old.objects.len(), new.objects.len());
            for (a, b) in old.objects.iter().zip(&new.objects) {
                assert_eq!(std::fs::read(a).unwrap(), std::fs::read(b).unwrap());
            }
        }

        // Failures are not cached; other options are another entry.
        let mut settings = settings(&dir.path().join("out2"), 2);
        settings.cache = Some(dir.path().join("cache"));
        settings.opt_level = OptLevel::O2;
        let third = Fake::default();
        assert!(run(&jobs, &settings, &third).is_err());
        assert!(run(&jobs, &settings, &third).is_err());
        assert_eq!(third.calls.lock().unwrap().len(), 3 + 1);
    }

    #[test]
    fn unchanged_objects_are_not_rewritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("x.o");
        assert!(write_if_changed(&path, b"one").unwrap());
        assert!(!write_if_changed(&path, b"one").unwrap());
        assert!(write_if_changed(&path, b"two").unwrap());
        assert_eq!(std::fs::read(&path).unwrap(), b"two");
    }
}
