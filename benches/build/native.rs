//! The kernels as native code, in one static library.

use crate::registry;
use crate::tools::write_if_changed;
use std::path::Path;

/// Compile every kernel and the table that lists them
/// (`bench_native_kernels`) with `clang -O2`.
pub fn compile(clang: &str, kernel_dir: &Path, kernels: &[String], out_dir: &Path) {
    let table = out_dir.join("native_kernels.c");
    write_if_changed(&table, registry::native_table(kernels).as_bytes());
    let mut build = cc::Build::new();
    build
        .compiler(clang)
        .opt_level(2)
        .debug(false)
        .warnings(true)
        .file(&table);
    for name in kernels {
        build.file(kernel_dir.join(format!("{name}.c")));
    }
    build.compile("bench_native_kernels");
}
