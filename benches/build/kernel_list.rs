//! Which kernels exist: every `kernels/*.c`.

use crate::tools::fail;
use std::path::Path;

/// The kernel names (file stems), sorted. Names must be lowercase ASCII
/// letters and digits: they become C symbols, wasm2c module names and Rust
/// module names.
pub fn find(kernel_dir: &Path) -> Vec<String> {
    println!("cargo:rerun-if-changed={}", kernel_dir.display());
    let entries = std::fs::read_dir(kernel_dir)
        .unwrap_or_else(|e| fail(&format!("cannot list {}: {e}", kernel_dir.display())));
    let mut names = Vec::new();
    for entry in entries {
        let path = entry
            .unwrap_or_else(|e| fail(&format!("cannot list kernels: {e}")))
            .path();
        println!("cargo:rerun-if-changed={}", path.display());
        if path.extension().is_some_and(|ext| ext == "c") {
            let stem = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_default()
                .to_string();
            let valid = stem.starts_with(|c: char| c.is_ascii_lowercase())
                && stem
                    .chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
            if !valid {
                fail(&format!(
                    "kernel {} must be named with lowercase letters and digits",
                    path.display()
                ));
            }
            names.push(stem);
        }
    }
    names.sort();
    names
}
