//! The [`Build`] builder and what a build produces.

use crate::archive::archive;
use crate::budget::Budget;
use crate::cargo::CargoEnv;
use crate::compile::{compile_all, Backend, Llvm};
use crate::inputs::read_jobs;
use crate::settings::Settings;
use crate::{BoundsChecks, BuildError, OptLevel};
use std::path::{Path, PathBuf};

/// Compiles WebAssembly modules to native code and links them into the
/// crate whose build script runs it. See the [crate documentation](crate).
#[derive(Clone, Debug)]
pub struct Build {
    pub(crate) files: Vec<PathBuf>,
    pub(crate) opt_level: Option<OptLevel>,
    pub(crate) bounds_checks: Option<BoundsChecks>,
    pub(crate) target: Option<String>,
    pub(crate) out_dir: Option<PathBuf>,
    pub(crate) cpu: Option<String>,
    pub(crate) cpu_features: Option<String>,
    pub(crate) library_name: Option<String>,
    pub(crate) cargo_metadata: bool,
    pub(crate) cache: bool,
    pub(crate) cache_dir: Option<PathBuf>,
}

/// What [`Build::try_compile`] produced.
#[derive(Clone, Debug)]
#[non_exhaustive]
pub struct Compiled {
    /// The static library holding every object.
    pub library: PathBuf,
    /// Its name, as in `cargo:rustc-link-lib=static=NAME`.
    pub library_name: String,
    /// One entry per distinct module, in input order.
    pub modules: Vec<ModuleOutput>,
}

/// One compiled module.
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct ModuleOutput {
    /// The input files it was compiled from (several when their stem and
    /// content are identical), resolved.
    pub sources: Vec<PathBuf>,
    /// The object files: `<stem>-<module id>.o`, which defines the
    /// descriptor, then `<stem>-<module id>.1.o`, ... when the compiler split
    /// a large module to compile it on several threads.
    pub objects: Vec<PathBuf>,
    /// The module's one exported symbol (a `wasmlite_abi::ModuleDescriptor`,
    /// defined in the first object), which the bindings link to.
    pub descriptor_symbol: String,
    /// `wasmlite_abi::symbols::module_id` of the module.
    pub module_id: String,
    /// Whether the objects came from the cache, with no LLVM work (see
    /// the [crate documentation](crate#cache)).
    pub cached: bool,
}

impl Default for Build {
    fn default() -> Build {
        Build::new()
    }
}

impl Build {
    /// A build with no inputs, every setting taken from Cargo's environment.
    pub fn new() -> Build {
        Build {
            files: Vec::new(),
            opt_level: None,
            bounds_checks: None,
            target: None,
            out_dir: None,
            cpu: None,
            cpu_features: None,
            library_name: None,
            cargo_metadata: true,
            cache: true,
            cache_dir: None,
        }
    }

    /// Add a module: a `.wasm` binary or a `.wat`/`.wast` text file. A
    /// relative path is relative to the package root (`CARGO_MANIFEST_DIR`).
    pub fn file(&mut self, path: impl AsRef<Path>) -> &mut Build {
        self.files.push(path.as_ref().to_path_buf());
        self
    }

    /// Add several modules (see [`Build::file`]).
    pub fn files<P: AsRef<Path>>(&mut self, paths: impl IntoIterator<Item = P>) -> &mut Build {
        self.files
            .extend(paths.into_iter().map(|p| p.as_ref().to_path_buf()));
        self
    }

    /// Optimisation level (default: Cargo's `OPT_LEVEL`; the environment
    /// variable `WASMLITE_OPT_LEVEL` overrides this too).
    pub fn opt_level(&mut self, level: OptLevel) -> &mut Build {
        self.opt_level = Some(level);
        self
    }

    /// How compiled code bounds-checks memory accesses (default: guard
    /// pages, the fastest; `BoundsChecks::Explicit` gives the spec's exact
    /// semantics after a trap at a measured cost, see [`BoundsChecks`]). The
    /// environment variable `WASMLITE_BOUNDS_CHECKS` (`guard-pages` or
    /// `explicit`) overrides this.
    pub fn bounds_checks(&mut self, checks: BoundsChecks) -> &mut Build {
        self.bounds_checks = Some(checks);
        self
    }

    /// Target triple (default: Cargo's `TARGET`).
    pub fn target(&mut self, triple: &str) -> &mut Build {
        self.target = Some(triple.to_string());
        self
    }

    /// Where objects and the library are written (default: `$OUT_DIR/wasmlite`).
    pub fn out_dir(&mut self, dir: impl AsRef<Path>) -> &mut Build {
        self.out_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// LLVM CPU name (default: the target's generic CPU).
    pub fn cpu(&mut self, cpu: &str) -> &mut Build {
        self.cpu = Some(cpu.to_string());
        self
    }

    /// LLVM feature string such as `"+sse4.2,+popcnt"` (default: the
    /// features Cargo compiles the crate with, `CARGO_CFG_TARGET_FEATURE`).
    pub fn cpu_features(&mut self, features: &str) -> &mut Build {
        self.cpu_features = Some(features.to_string());
        self
    }

    /// Name of the static library (default: `wasmlite_<package name>`).
    /// Set distinct names when one build script runs several `Build`s.
    pub fn library_name(&mut self, name: &str) -> &mut Build {
        self.library_name = Some(name.to_string());
        self
    }

    /// Whether to reuse objects compiled earlier from the same module with
    /// the same options (default: true; the environment variable
    /// `WASMLITE_CACHE` overrides this). See the [crate
    /// documentation](crate#cache).
    pub fn cache(&mut self, enabled: bool) -> &mut Build {
        self.cache = enabled;
        self
    }

    /// Where the object cache lives (default: `wasmlite-cache` in Cargo's
    /// target directory; the environment variable `WASMLITE_CACHE_DIR`
    /// overrides this). A relative path is relative to the package root.
    /// Builds may share one directory, at the same time too.
    pub fn cache_dir(&mut self, dir: impl AsRef<Path>) -> &mut Build {
        self.cache_dir = Some(dir.as_ref().to_path_buf());
        self
    }

    /// Whether to print `cargo:` directives (default: true). Turn off when
    /// running outside a build script.
    pub fn cargo_metadata(&mut self, print: bool) -> &mut Build {
        self.cargo_metadata = print;
        self
    }

    /// Compile every module, archive the objects and tell Cargo to link
    /// the library.
    pub fn try_compile(&self) -> Result<Compiled, BuildError> {
        let env = CargoEnv::process(self.cargo_metadata);
        let (settings, modules) = self.compile_objects(&env, &Llvm)?;
        let objects: Vec<&Path> = modules
            .iter()
            .flat_map(|m| &m.objects)
            .map(PathBuf::as_path)
            .collect();
        let library = archive(&objects, &settings, env.prints())?;
        if env.prints() {
            // Build scripts' stderr is kept in Cargo's target directory and
            // shown with `-vv`: say where each module's objects came from.
            for module in &modules {
                let how = if module.cached {
                    "reused from the cache"
                } else {
                    "compiled"
                };
                eprintln!("wasmlite-build: {}: {how}", module.sources[0].display());
            }
        }
        Ok(Compiled {
            library,
            library_name: settings.library,
            modules,
        })
    }

    /// Like [`Build::try_compile`], but on failure print the error (as
    /// `cargo:warning=` lines and on stderr) and exit with status 1.
    pub fn compile(&self) -> Compiled {
        self.try_compile().unwrap_or_else(|error| {
            if self.cargo_metadata {
                for line in error.to_string().lines() {
                    println!("cargo:warning={line}");
                }
            }
            eprintln!("error: wasmlite-build: {error}");
            std::process::exit(1)
        })
    }

    /// Everything up to the archive: settings, inputs, objects.
    pub(crate) fn compile_objects(
        &self,
        env: &CargoEnv,
        backend: &dyn Backend,
    ) -> Result<(Settings, Vec<ModuleOutput>), BuildError> {
        if self.files.is_empty() {
            return Err(BuildError::NoInputs);
        }
        let settings = Settings::resolve(self, env)?;
        let jobs = read_jobs(&self.files, settings.manifest_dir.as_deref(), env)?;
        std::fs::create_dir_all(&settings.out_dir).map_err(|source| BuildError::Io {
            action: "create directory",
            path: settings.out_dir.clone(),
            source,
        })?;
        let budget = Budget::new(settings.jobs, env.jobserver());
        let modules = compile_all(&jobs, &settings, backend, &budget)?;
        Ok((settings, modules))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::compile::tests::Fake;

    fn write(dir: &Path, name: &str, text: &str) {
        std::fs::create_dir_all(dir.join(name).parent().unwrap()).unwrap();
        std::fs::write(dir.join(name), text).unwrap();
    }

    #[test]
    fn builds_from_the_manifest_dir_into_a_namespaced_folder() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(root, "wasm/calc.wat", "(module (func (export \"f\")))");
        write(root, "copy/calc.wat", "(module (func (export \"f\")))");
        write(root, "other/calc.wat", "(module (func (export \"g\")))");
        let out = root.join("out");
        let manifest = root.to_str().unwrap();
        let env = CargoEnv::fixed(&[
            ("OUT_DIR", out.to_str().unwrap()),
            ("TARGET", "x86_64-unknown-linux-gnu"),
            ("OPT_LEVEL", "2"),
            ("NUM_JOBS", "2"),
            ("CARGO_MANIFEST_DIR", manifest),
            ("CARGO_CFG_TARGET_FEATURE", "fxsr,sse,sse2"),
        ]);
        let fake = Fake::default();
        let (settings, modules) = Build::new()
            .file("wasm/calc.wat")
            .files(["copy/calc.wat", "other/calc.wat"])
            .compile_objects(&env, &fake)
            .unwrap();
        assert_eq!(settings.out_dir, out.join("wasmlite"));
        assert_eq!(
            *fake.calls.lock().unwrap(),
            vec![("calc".to_string(), Some("+fxsr,+sse,+sse2".to_string())); 2]
        );
        assert_eq!(modules.len(), 2);
        assert_eq!(
            modules[0].sources,
            [root.join("wasm/calc.wat"), root.join("copy/calc.wat")]
        );
        for m in &modules {
            let [object] = m.objects.as_slice() else {
                panic!("{m:?}")
            };
            assert!(object.starts_with(out.join("wasmlite")) && object.exists());
            let name = object.file_name().unwrap().to_str().unwrap();
            assert_eq!(name, format!("calc-{}.o", m.module_id));
        }
        for file in ["wasm/calc.wat", "copy/calc.wat", "other/calc.wat"] {
            let line = format!("cargo:rerun-if-changed={}", root.join(file).display());
            assert!(env.emitted().contains(&line), "{line}");
        }
    }

    /// Whether x86-64 machine code contains a `popcnt` instruction
    /// (`F3 [REX] 0F B8`).
    fn has_popcnt(object: &[u8]) -> bool {
        object
            .windows(4)
            .any(|w| matches!(w, [0xf3, 0x0f, 0xb8, _] | [0xf3, 0x40..=0x4f, 0x0f, 0xb8]))
    }

    #[test]
    fn cargo_target_features_reach_llvm() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        write(
            root,
            "popcnt.wat",
            "(module (func (export \"p\") (param i32) (result i32) local.get 0 i32.popcnt))",
        );
        // Cargo's default x86-64 features, then what `-C target-feature=+popcnt`
        // or `-C target-cpu=native` adds.
        for (features, popcnt) in [("fxsr,sse,sse2", false), ("fxsr,sse,sse2,popcnt", true)] {
            let out = root.join(format!("out-{popcnt}"));
            let env = CargoEnv::fixed(&[
                ("OUT_DIR", out.to_str().unwrap()),
                ("TARGET", "x86_64-unknown-linux-gnu"),
                ("OPT_LEVEL", "2"),
                ("CARGO_MANIFEST_DIR", root.to_str().unwrap()),
                ("CARGO_CFG_TARGET_FEATURE", features),
                ("WASMLITE_CACHE", "0"),
            ]);
            let (_, modules) = Build::new()
                .file("popcnt.wat")
                .compile_objects(&env, &crate::compile::Llvm)
                .unwrap();
            let object = std::fs::read(&modules[0].objects[0]).unwrap();
            assert_eq!(has_popcnt(&object), popcnt, "features {features}");
        }
    }

    #[test]
    fn no_inputs_is_an_error() {
        let err = Build::new()
            .compile_objects(&CargoEnv::fixed(&[]), &Fake::default())
            .unwrap_err();
        assert!(matches!(err, BuildError::NoInputs));
    }
}
