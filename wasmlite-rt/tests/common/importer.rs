//! "importer": a hand-compiled module that calls an imported `(i32) -> i32`
//! function through its `VMFuncRef`, as compiled code does.
//!
//! ```text
//! (import "env" "double" (func (param i32) (result i32)))   ;; function 0
//! (memory (export "memory") 1)
//! (func (export "call_double") (param i32) (result i32) (call 0 (local.get 0)))
//! ```
#![allow(dead_code)]

use super::{funcref, ModuleBuilder};
use crate::wrapper;
use std::sync::{Arc, OnceLock};
use wasmlite_abi::{ExportKind, VMContext, VMOffsets, ValType::I32};
use wasmlite_rt::Module;

static OFFSETS: OnceLock<VMOffsets> = OnceLock::new();

unsafe extern "C" fn call_double(vmctx: *mut VMContext, x: i32) -> i32 {
    let import = &*funcref(vmctx, OFFSETS.get().unwrap(), 0);
    let code: unsafe extern "C" fn(*mut VMContext, i32) -> i32 = std::mem::transmute(import.code);
    code(import.vmctx, x)
}

wrapper!(call_double_w => call_double(get_i32) -> from_i32);

/// The importer module (built once per test binary).
pub fn module() -> Arc<Module> {
    static MODULE: OnceLock<Arc<Module>> = OnceLock::new();
    MODULE
        .get_or_init(|| {
            let mut b = ModuleBuilder::new();
            b.import_func("env", "double", &[I32], &[I32]);
            b.export_func(
                "call_double",
                call_double as *const u8,
                call_double_w,
                &[I32],
                &[I32],
            );
            b.memory(1, None);
            b.export("memory", ExportKind::Memory(0));
            OFFSETS.set(b.offsets()).unwrap();
            b.build()
        })
        .clone()
}
