//! "chain": a hand-compiled module whose export reaches its import through
//! three wasm frames, and which exports the import itself.
//!
//! ```text
//! (import "env" "f" (func (param i32) (result i32)))          ;; function 0
//! (func $a (export "a") (param i32) (result i32) (i32.add (call $b (local.get 0)) (i32.const 1)))
//! (func $b (param i32) (result i32) (i32.add (call $c (local.get 0)) (i32.const 1)))
//! (func $c (param i32) (result i32) (i32.add (call 0 (local.get 0)) (i32.const 1)))
//! (export "f" (func 0))
//! ```
#![allow(dead_code)]

use super::{funcref, ModuleBuilder};
use crate::wrapper;
use std::sync::{Arc, OnceLock};
use wasmlite_abi::{VMContext, VMOffsets, ValType::I32};
use wasmlite_rt::Module;

static OFFSETS: OnceLock<VMOffsets> = OnceLock::new();

unsafe extern "C" fn call_import(vmctx: *mut VMContext, x: i32) -> i32 {
    let import = &*funcref(vmctx, OFFSETS.get().unwrap(), 0);
    let code: unsafe extern "C" fn(*mut VMContext, i32) -> i32 = std::mem::transmute(import.code);
    code(import.vmctx, x)
}

unsafe extern "C" fn c(vmctx: *mut VMContext, x: i32) -> i32 {
    call_import(vmctx, x).wrapping_add(1)
}

unsafe extern "C" fn b(vmctx: *mut VMContext, x: i32) -> i32 {
    c(vmctx, x).wrapping_add(1)
}

unsafe extern "C" fn a(vmctx: *mut VMContext, x: i32) -> i32 {
    b(vmctx, x).wrapping_add(1)
}

wrapper!(a_w => a(get_i32) -> from_i32);
wrapper!(import_w => call_import(get_i32) -> from_i32);

/// The chain module (built once per test binary).
pub fn module() -> Arc<Module> {
    static MODULE: OnceLock<Arc<Module>> = OnceLock::new();
    MODULE
        .get_or_init(|| {
            let mut builder = ModuleBuilder::new();
            builder.import_func("env", "f", &[I32], &[I32]);
            builder.export_func("a", a as *const u8, a_w, &[I32], &[I32]);
            builder.func(b as *const u8, &[I32], &[I32]);
            builder.func(c as *const u8, &[I32], &[I32]);
            builder.export_existing_func("f", 0, import_w);
            OFFSETS.set(builder.offsets()).unwrap();
            builder.build()
        })
        .clone()
}
