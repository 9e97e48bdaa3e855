//! "calc": a hand-compiled module with arithmetic, a memory, globals and
//! traps, shared by several test files.
//!
//! ```text
//! (memory (export "memory") 1 3)
//! (global (export "counter") (mut i32) (i32.const 7))
//! (global (export "limit") i64 (i64.const 100))
//! add(i32, i32) -> i32        div(i32, i32) -> i32 (traps on 0 and overflow)
//! store(i32 addr, i32)        load(i32 addr) -> i32 (no bounds checks: the guard pages catch them)
//! grow(i32) -> i32            size() -> i32
//! bump() -> i32               swap(i32, i64) -> (i64, i32)
//! boom() (unreachable, named "boom" in the name section)
//! fill(i32 dst, i32 value, i32 len) -> i32 status (memory.fill libcall)
//! ```
#![allow(dead_code)]

use super::{global, libcalls, memory, trap, ModuleBuilder};
use crate::wrapper;
use std::sync::{Arc, OnceLock};
use wasmlite_abi::{
    ConstOp, ExportKind, GlobalType, TrapCode, VMContext, VMOffsets, ValRaw, ValType::*,
};
use wasmlite_rt::Module;

pub const DIV: u32 = 1;
pub const STORE: u32 = 2;
pub const BOOM: u32 = 8;

static OFFSETS: OnceLock<VMOffsets> = OnceLock::new();

fn offsets() -> &'static VMOffsets {
    OFFSETS.get().expect("calc is built before it runs")
}

unsafe extern "C" fn add(_vmctx: *mut VMContext, a: i32, b: i32) -> i32 {
    a.wrapping_add(b)
}

unsafe extern "C" fn div(vmctx: *mut VMContext, a: i32, b: i32) -> i32 {
    if b == 0 {
        trap(vmctx, TrapCode::IntegerDivisionByZero, DIV);
    }
    if a == i32::MIN && b == -1 {
        trap(vmctx, TrapCode::IntegerOverflow, DIV);
    }
    a / b
}

unsafe extern "C" fn store(vmctx: *mut VMContext, addr: i32, value: i32) {
    let memory = memory(vmctx, offsets(), 0);
    *(*memory).base.add(addr as u32 as usize).cast::<i32>() = value;
}

unsafe extern "C" fn load(vmctx: *mut VMContext, addr: i32) -> i32 {
    let memory = memory(vmctx, offsets(), 0);
    *(*memory).base.add(addr as u32 as usize).cast::<i32>()
}

unsafe extern "C" fn grow(vmctx: *mut VMContext, delta: i32) -> i32 {
    (libcalls(vmctx).memory_grow)(vmctx, 0, delta as u32 as u64) as i32
}

unsafe extern "C" fn size(vmctx: *mut VMContext) -> i32 {
    ((*memory(vmctx, offsets(), 0)).length / 65536) as i32
}

unsafe extern "C" fn bump(vmctx: *mut VMContext) -> i32 {
    let global = global(vmctx, offsets(), 0);
    let value = ValRaw((*global).value).get_i32() + 1;
    (*global).value = ValRaw::from_i32(value).0;
    value
}

unsafe extern "C" fn swap(_vmctx: *mut VMContext, results: *mut ValRaw, a: i32, b: i64) {
    *results = ValRaw::from_i64(b);
    *results.add(1) = ValRaw::from_i32(a);
}

unsafe extern "C" fn boom(vmctx: *mut VMContext) {
    trap(vmctx, TrapCode::UnreachableCodeReached, BOOM);
}

unsafe extern "C" fn fill(vmctx: *mut VMContext, dst: i32, value: i32, len: i32) -> i32 {
    (libcalls(vmctx).memory_fill)(vmctx, 0, dst as u32 as u64, value as u32, len as u32 as u64)
        as i32
}

wrapper!(add_w => add(get_i32, get_i32) -> from_i32);
wrapper!(div_w => div(get_i32, get_i32) -> from_i32);
wrapper!(store_w => store(get_i32, get_i32));
wrapper!(load_w => load(get_i32) -> from_i32);
wrapper!(grow_w => grow(get_i32) -> from_i32);
wrapper!(size_w => size() -> from_i32);
wrapper!(bump_w => bump() -> from_i32);
wrapper!(boom_w => boom());
wrapper!(fill_w => fill(get_i32, get_i32, get_i32) -> from_i32);

unsafe extern "C" fn swap_w(vmctx: *mut VMContext, values: *mut ValRaw) {
    let (a, b) = ((*values).get_i32(), (*values.add(1)).get_i64());
    swap(vmctx, values, a, b);
}

/// The calc module (built once per test binary).
pub fn module() -> Arc<Module> {
    static MODULE: OnceLock<Arc<Module>> = OnceLock::new();
    MODULE
        .get_or_init(|| {
            let mut b = ModuleBuilder::new();
            b.export_func("add", add as *const u8, add_w, &[I32, I32], &[I32]);
            b.export_func("div", div as *const u8, div_w, &[I32, I32], &[I32]);
            b.export_func("store", store as *const u8, store_w, &[I32, I32], &[]);
            b.export_func("load", load as *const u8, load_w, &[I32], &[I32]);
            b.export_func("grow", grow as *const u8, grow_w, &[I32], &[I32]);
            b.export_func("size", size as *const u8, size_w, &[], &[I32]);
            b.export_func("bump", bump as *const u8, bump_w, &[], &[I32]);
            b.export_func("swap", swap as *const u8, swap_w, &[I32, I64], &[I64, I32]);
            let boom_index = b.export_func("unreachable", boom as *const u8, boom_w, &[], &[]);
            assert_eq!(boom_index, BOOM);
            b.name(BOOM, "boom");
            b.export_func("fill", fill as *const u8, fill_w, &[I32, I32, I32], &[I32]);
            b.memory(1, Some(3));
            b.export("memory", ExportKind::Memory(0));
            b.global(
                GlobalType {
                    content: I32,
                    mutable: true,
                },
                vec![ConstOp::I32Const(7)],
            );
            b.global(
                GlobalType {
                    content: I64,
                    mutable: false,
                },
                vec![ConstOp::I64Const(100)],
            );
            b.export("counter", ExportKind::Global(0));
            b.export("limit", ExportKind::Global(1));
            OFFSETS.set(b.offsets()).expect("built once");
            b.build()
        })
        .clone()
}
