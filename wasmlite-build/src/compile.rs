//! Compiling jobs to objects, several at once, and writing each object only
//! when its bytes changed.

use crate::error::try_all;
use crate::inputs::Job;
use crate::settings::Settings;
use crate::{BuildError, ModuleOutput};
use std::path::Path;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;
use wasmlite_codegen::{CompileError, CompileOptions};

/// What turns a wasm binary into object files. [`Llvm`] in real builds;
/// tests substitute a recording fake.
pub(crate) trait Backend: Sync {
    /// Compile one module into one or more objects (the first defines the
    /// descriptor symbol).
    fn compile(&self, wasm: &[u8], options: &CompileOptions) -> Result<Vec<Vec<u8>>, CompileError>;
}

/// The real compiler, `wasmlite_codegen::compile`.
pub(crate) struct Llvm;

impl Backend for Llvm {
    fn compile(&self, wasm: &[u8], options: &CompileOptions) -> Result<Vec<Vec<u8>>, CompileError> {
        wasmlite_codegen::compile(wasm, options).map(|module| module.objects)
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
    }
}

/// How to spend `budget` threads on `modules` modules: modules compiled at
/// once, and code-generation threads for each (a large module is split
/// into that many objects).
pub(crate) fn split_threads(budget: usize, modules: usize) -> (usize, usize) {
    let budget = budget.max(1);
    let parallel = budget.min(modules.max(1));
    (parallel, (budget / parallel).max(1))
}

/// The file name of object `part` of a module: `<stem>-<id>.o`, then
/// `<stem>-<id>.1.o`, ... when the compiler split it.
fn object_name(job: &Job, part: usize) -> String {
    match part {
        0 => format!("{}.o", job.object_stem),
        k => format!("{}.{k}.o", job.object_stem),
    }
}

/// Where a worker leaves one job's result.
type Slot = Mutex<Option<Result<Vec<Vec<u8>>, CompileError>>>;

/// Compile every job, spending `settings.jobs` threads, and write the
/// objects into `settings.out_dir` (which must exist). Reports every
/// failure.
pub(crate) fn compile_all(
    jobs: &[Job],
    settings: &Settings,
    backend: &dyn Backend,
) -> Result<Vec<ModuleOutput>, BuildError> {
    let (parallel, threads_per_module) = split_threads(settings.jobs, jobs.len());
    let results: Vec<Slot> = jobs.iter().map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let worker = || loop {
        let index = next.fetch_add(1, Ordering::Relaxed);
        let Some(job) = jobs.get(index) else { break };
        let result = backend.compile(&job.wasm, &options(job, settings, threads_per_module));
        *results[index]
            .lock()
            .unwrap_or_else(|poison| poison.into_inner()) = Some(result);
    };
    std::thread::scope(|scope| {
        for _ in 1..parallel {
            scope.spawn(worker);
        }
        worker();
    });
    try_all(jobs.iter().zip(results), |(job, result)| {
        let result = result
            .into_inner()
            .unwrap_or_else(|poison| poison.into_inner());
        let objects = result
            .expect("every job ran")
            .map_err(|error| BuildError::Compile {
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
    use crate::OptLevel;
    use std::path::PathBuf;

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
            cpu: None,
            cpu_features: Some("+sse2".into()),
            jobs,
            manifest_dir: None,
            library: "wasmlite_test".into(),
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

    #[test]
    fn compiles_every_job_in_parallel_and_keeps_order() {
        let dir = tempfile::tempdir().unwrap();
        let jobs: Vec<Job> = (0..7).map(|i| job(&format!("m{i}"), b"wasm")).collect();
        let fake = Fake::default();
        let outputs = compile_all(&jobs, &settings(dir.path(), 3), &fake).unwrap();
        assert_eq!(fake.calls.lock().unwrap().len(), 7);
        for (i, output) in outputs.iter().enumerate() {
            assert_eq!(output.objects, [dir.path().join(format!("m{i}.o"))]);
            assert_eq!(
                std::fs::read(&output.objects[0]).unwrap(),
                format!("m{i}wasm#0").as_bytes()
            );
            assert_eq!(output.descriptor_symbol, format!("sym_m{i}"));
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
        let outputs = compile_all(
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
        assert_eq!(split_threads(4, 1), (1, 4));
        assert_eq!(split_threads(4, 2), (2, 2));
        assert_eq!(split_threads(4, 10), (4, 1));
        assert_eq!(split_threads(3, 2), (2, 1));
        assert_eq!(split_threads(0, 0), (1, 1));
    }

    #[test]
    fn failures_name_the_input_and_the_rest_still_compile() {
        let dir = tempfile::tempdir().unwrap();
        let jobs = [job("good", b"ok"), job("bad", b"FAIL")];
        let err = compile_all(&jobs, &settings(dir.path(), 1), &Fake::default()).unwrap_err();
        assert_eq!(
            err.to_string(),
            "cannot compile /in/bad.wat: unsupported at byte offset 0x9: FAIL"
        );
        assert!(dir.path().join("good.o").exists());
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
