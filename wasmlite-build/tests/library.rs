//! A full build with the real compiler and archiver, outside Cargo's
//! build-script environment (every setting explicit).

use std::path::Path;
use wasmlite_build::{Build, OptLevel};

const CALC: &str = r#"(module
  (memory (export "memory") 1)
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))"#;
const OTHER: &str = r#"(module (func (export "one") (result i32) i32.const 1))"#;

fn build(dir: &Path) -> wasmlite_build::Compiled {
    Build::new()
        .file(dir.join("a/calc.wat"))
        .file(dir.join("b/calc.wat"))
        .file(dir.join("copy/calc.wat"))
        .out_dir(dir.join("out"))
        .target("x86_64-unknown-linux-gnu")
        .opt_level(OptLevel::O1)
        .library_name("wasmlite_library_test")
        .cargo_metadata(false)
        .try_compile()
        .unwrap()
}

#[test]
fn archives_one_object_per_distinct_module() {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [
        ("a/calc.wat", CALC),
        ("b/calc.wat", OTHER),
        ("copy/calc.wat", CALC),
    ] {
        std::fs::create_dir_all(dir.path().join(name).parent().unwrap()).unwrap();
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let compiled = build(dir.path());
    assert_eq!(
        compiled.library,
        dir.path().join("out/libwasmlite_library_test.a")
    );
    assert_eq!(
        compiled.modules.len(),
        2,
        "identical modules share an object"
    );
    assert_eq!(compiled.modules[0].sources.len(), 2);
    let archive = std::fs::read(&compiled.library).unwrap();
    assert!(archive.starts_with(b"!<arch>\n"));
    for module in &compiled.modules {
        let symbol = module.descriptor_symbol.as_bytes();
        assert!(
            archive.windows(symbol.len()).any(|w| w == symbol),
            "{} not in the archive",
            module.descriptor_symbol
        );
    }

    // A second build leaves unchanged objects alone.
    let mtime = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
    let before: Vec<_> = compiled
        .modules
        .iter()
        .flat_map(|m| &m.objects)
        .map(|o| mtime(o))
        .collect();
    std::thread::sleep(std::time::Duration::from_millis(20));
    let again = build(dir.path());
    let after: Vec<_> = again
        .modules
        .iter()
        .flat_map(|m| &m.objects)
        .map(|o| mtime(o))
        .collect();
    assert_eq!(before, after);
}
