//! The kernels compiled natively (the static library from the build script).

use super::{table_name, EngineError, Runner};

/// The C struct `bench_native_kernel` (see `build/registry.rs`).
#[repr(C)]
struct NativeKernel {
    name: *const std::ffi::c_char,
    run: extern "C" fn(i32) -> i32,
    checksum: extern "C" fn() -> i32,
}

extern "C" {
    fn bench_native_kernels(count: *mut u32) -> *const NativeKernel;
}

fn kernels() -> &'static [NativeKernel] {
    let mut count = 0u32;
    // SAFETY: the generated function stores the length of a static array
    // and returns its address.
    unsafe {
        let first = bench_native_kernels(&mut count);
        std::slice::from_raw_parts(first, count as usize)
    }
}

/// A natively compiled kernel.
pub struct Native(&'static NativeKernel);

impl Native {
    /// The kernel called `name`.
    pub fn new(name: &str) -> Result<Native, EngineError> {
        kernels()
            .iter()
            // SAFETY: the table's names are string literals.
            .find(|kernel| unsafe { table_name(kernel.name) } == name)
            .map(Native)
            .ok_or_else(|| EngineError::Unavailable(format!("no native kernel `{name}`")))
    }
}

impl Runner for Native {
    fn run(&mut self, n: i32) -> Result<i32, EngineError> {
        Ok((self.0.run)(n))
    }

    fn checksum(&mut self) -> Result<u32, EngineError> {
        Ok((self.0.checksum)() as u32)
    }
}
