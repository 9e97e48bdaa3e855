//! How compiled wasm functions are called. Documentation only.
//!
//! # Native convention (wasm ↔ wasm, wasm → host import)
//!
//! Every wasm function, defined or imported, is called with the platform C
//! calling convention and this signature:
//!
//! ```text
//! fn(vmctx: *mut VMContext, [results: *mut ValRaw,] params...) -> [result]
//! ```
//!
//! - `vmctx` is the callee's `VMContext`. For a host function it is not a
//!   `VMContext` but the runtime's context for that import of that instance
//!   (the runtime sets `VMFuncRef::vmctx` that way): it names the *calling*
//!   instance, so the host can reach its memory and host state, and the
//!   host function's closure. It starts with a copy of the importer's
//!   `VMContextHeader`; compiled code never reads through it.
//! - With zero results the function returns nothing; with one result it
//!   returns it; with two or more it returns nothing and writes result `k` to
//!   `results[k]` (the hidden return pointer comes right after `vmctx`).
//! - Value types map as: `i32` → `i32`/`u32`, `i64` → `i64`/`u64`,
//!   `f32` → `f32`, `f64` → `f64`, `v128` → LLVM `<2 x i64>` (an `__m128i`
//!   on x86-64), `funcref` → `*const VMFuncRef` (null is `ref.null`),
//!   `externref` → a pointer-sized host value (0 is `ref.null`).
//!
//! Defined functions are internal to their object; the runtime gets their
//! addresses from [`crate::ModuleDescriptor::functions`].
//!
//! # Array convention (host → wasm)
//!
//! Every exported function also gets an external wrapper of type
//! [`crate::ArrayCallFn`]: `fn(vmctx, values: *mut ValRaw)`. It reads the
//! parameters from `values[0..params]`, calls the function, and writes the
//! results to `values[0..results]`. The caller provides
//! `max(params, results)` slots. Wrappers never return when the function
//! traps: the trap libcall (or the fault handler) transfers control back to
//! the runtime's entry point.
