//! Compiles every module under `wasm/` into native code with
//! `wasmlite-build`, exactly as a user's build script would.

fn main() {
    let mut modules: Vec<_> = std::fs::read_dir("wasm")
        .expect("read the wasm/ directory")
        .map(|entry| entry.expect("read a wasm/ entry").path())
        .filter(|path| path.extension().is_some_and(|ext| ext == "wat"))
        .collect();
    modules.sort();
    println!("cargo:rerun-if-changed=wasm");
    wasmlite_build::Build::new().files(&modules).compile();
}
