//! The object cache with the real compiler: a build of unchanged modules
//! into a fresh output directory does no LLVM work and produces the same
//! objects; a changed module is recompiled alone.

use std::path::Path;
use std::time::Instant;
use wasmlite_build::{Build, Compiled, OptLevel};

const ADD: &str = r#"(module
  (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))"#;
const LOOP: &str = r#"(module (memory 1)
  (func (export "sum") (param i32) (result i32) (local i32)
    (block (loop
      (br_if 1 (i32.eqz (local.get 0)))
      (local.set 1 (i32.add (local.get 1) (i32.load (local.get 0))))
      (local.set 0 (i32.sub (local.get 0) (i32.const 4)))
      (br 0)))
    local.get 1))"#;

fn build(dir: &Path, out: &str, cache: bool) -> Compiled {
    Build::new()
        .files([dir.join("add.wat"), dir.join("sum.wat")])
        .out_dir(dir.join(out))
        .target("x86_64-unknown-linux-gnu")
        .opt_level(OptLevel::O2)
        .cache(cache)
        .cache_dir(dir.join("cache"))
        .library_name("wasmlite_cache_test")
        .cargo_metadata(false)
        .try_compile()
        .unwrap()
}

fn cached(compiled: &Compiled) -> Vec<bool> {
    compiled.modules.iter().map(|m| m.cached).collect()
}

fn objects(compiled: &Compiled) -> Vec<Vec<u8>> {
    compiled
        .modules
        .iter()
        .flat_map(|m| &m.objects)
        .map(|path| std::fs::read(path).unwrap())
        .collect()
}

#[test]
fn unchanged_modules_come_from_the_cache() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("add.wat"), ADD).unwrap();
    std::fs::write(dir.path().join("sum.wat"), LOOP).unwrap();

    let start = Instant::now();
    let first = build(dir.path(), "out1", true);
    let cold = start.elapsed();
    assert_eq!(cached(&first), [false, false]);

    let start = Instant::now();
    let second = build(dir.path(), "out2", true);
    let warm = start.elapsed();
    assert_eq!(cached(&second), [true, true], "no LLVM work");
    assert_eq!(objects(&first), objects(&second));
    eprintln!("first build {cold:?}, from the cache {warm:?}");
    let entries = std::fs::read_dir(dir.path().join("cache")).unwrap().count();
    assert_eq!(entries, 2);

    // A changed module is compiled again; the other still comes from the cache.
    std::fs::write(
        dir.path().join("sum.wat"),
        LOOP.replace("i32.sub", "i32.add"),
    )
    .unwrap();
    let third = build(dir.path(), "out3", true);
    assert_eq!(cached(&third), [true, false]);

    // Without the cache, everything is compiled.
    assert_eq!(cached(&build(dir.path(), "out4", false)), [false, false]);
}

#[test]
fn a_damaged_entry_is_recompiled() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("add.wat"), ADD).unwrap();
    std::fs::write(dir.path().join("sum.wat"), LOOP).unwrap();
    let first = build(dir.path(), "out1", true);
    for entry in std::fs::read_dir(dir.path().join("cache")).unwrap() {
        let path = entry.unwrap().path();
        let bytes = std::fs::read(&path).unwrap();
        std::fs::write(&path, &bytes[..bytes.len() / 2]).unwrap();
    }
    let second = build(dir.path(), "out2", true);
    assert_eq!(cached(&second), [false, false]);
    assert_eq!(objects(&first), objects(&second));
    assert_eq!(
        cached(&build(dir.path(), "out3", true)),
        [true, true],
        "repaired"
    );
}
