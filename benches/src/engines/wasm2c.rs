//! The kernels through wasm2c (the static library from the build script).

use super::{table_name, EngineError, Runner};
use std::ffi::c_void;

/// The C struct `bench_w2c_kernel` (see `build/registry.rs`).
#[repr(C)]
struct W2cKernel {
    name: *const std::ffi::c_char,
    create: extern "C" fn() -> *mut c_void,
    destroy: extern "C" fn(*mut c_void),
    call: extern "C" fn(*mut c_void, u32, i32, *mut i32) -> u32,
}

extern "C" {
    fn bench_w2c_init();
    fn bench_w2c_kernels(count: *mut u32) -> *const W2cKernel;
}

const CALL_RUN: u32 = 0;
const CALL_CHECKSUM: u32 = 1;

fn kernels() -> &'static [W2cKernel] {
    static INIT: std::sync::Once = std::sync::Once::new();
    // SAFETY: initialises wasm2c's runtime and modules, once.
    INIT.call_once(|| unsafe { bench_w2c_init() });
    let mut count = 0u32;
    // SAFETY: the generated function stores the length of a static array
    // and returns its address.
    unsafe {
        let first = bench_w2c_kernels(&mut count);
        std::slice::from_raw_parts(first, count as usize)
    }
}

/// One wasm2c instance of a kernel.
pub struct Wasm2c {
    kernel: &'static W2cKernel,
    instance: *mut c_void,
}

impl Wasm2c {
    /// Instantiate the kernel called `name`.
    pub fn new(name: &str) -> Result<Wasm2c, EngineError> {
        let kernel = kernels()
            .iter()
            // SAFETY: the table's names are string literals.
            .find(|kernel| unsafe { table_name(kernel.name) } == name)
            .ok_or_else(|| EngineError::Unavailable(format!("no wasm2c kernel `{name}`")))?;
        let instance = (kernel.create)();
        if instance.is_null() {
            return Err(EngineError::Instantiate("out of memory".to_string()));
        }
        Ok(Wasm2c { kernel, instance })
    }

    fn call(&mut self, what: u32, arg: i32) -> Result<i32, EngineError> {
        let mut result = 0;
        match (self.kernel.call)(self.instance, what, arg, &mut result) {
            0 => Ok(result),
            code => Err(EngineError::Trap(format!("wasm2c trap code {code}"))),
        }
    }
}

impl Runner for Wasm2c {
    fn run(&mut self, n: i32) -> Result<i32, EngineError> {
        self.call(CALL_RUN, n)
    }

    fn checksum(&mut self) -> Result<u32, EngineError> {
        self.call(CALL_CHECKSUM, 0).map(|sum| sum as u32)
    }
}

impl Drop for Wasm2c {
    fn drop(&mut self) {
        (self.kernel.destroy)(self.instance);
    }
}
