//! How compiled wasm functions are called. Documentation only.
//!
//! # Wasm convention (wasm ↔ wasm, wasm → import)
//!
//! Every wasm function reachable through a [`crate::VMFuncRef`] — imported,
//! exported, the start function, named by `ref.func` or an element segment
//! — and every function that makes or receives a tail call
//! (`return_call`, `return_call_indirect`) uses LLVM's `tailcc` calling
//! convention with this signature:
//!
//! ```text
//! fn(vmctx: *mut VMContext, [results: *mut ValRaw,] params...) -> [result]
//! ```
//!
//! `tailcc` is the C convention's register assignment with the callee
//! popping its stack arguments, which lets a call in tail position reuse
//! the caller's frame whatever the two signatures are: compiled code
//! emits `return_call*` as such a call (`tail call tailcc` followed by
//! `ret`), so a chain of tail calls runs in constant native stack. Defined
//! functions that nothing reaches by reference and that take part in no
//! tail call keep the C convention (so LLVM may still turn them into
//! `fastcc` or inline them); that is private to their object.
//!
//! - `vmctx` is the callee's `VMContext`. For a host function it is not a
//!   `VMContext` but the runtime's context for that import of that instance
//!   (the runtime sets `VMFuncRef::vmctx` that way): it starts with a
//!   [`crate::VMHostContext`] — a copy of the importer's
//!   `VMContextHeader`, then the host function's C-convention entry point
//!   — and names the *calling* instance, so the host can reach its memory
//!   and host state.
//! - With zero results the function returns nothing; with one result it
//!   returns it; with two or more it returns nothing and writes result `k` to
//!   `results[k]` (the hidden return pointer comes right after `vmctx`; a
//!   tail call passes on the pointer it received).
//! - Value types map as: `i32` → `i32`/`u32`, `i64` → `i64`/`u64`,
//!   `f32` → `f32`, `f64` → `f64`, `v128` → LLVM `<2 x i64>` (an `__m128i`
//!   on x86-64), `funcref` → `*const VMFuncRef` (null is `ref.null`),
//!   `externref` → a pointer-sized host value (0 is `ref.null`).
//!
//! Defined functions are internal to their object; the runtime gets their
//! addresses from [`crate::ModuleDescriptor::functions`] and only puts them
//! in `VMFuncRef`s: the runtime never calls a `tailcc` function itself.
//!
//! # Host convention (compiled code → host function)
//!
//! Host functions are ordinary C-convention functions with the same
//! signature. Compiled code reaches one only through a **host adapter**: a
//! `tailcc` function per imported function type, emitted in the importing
//! module's object and listed per import in
//! [`crate::ModuleDescriptor::import_adapters`], which loads
//! [`crate::VMHostContext::host_code`] from its `vmctx` and calls it with
//! its own arguments. The runtime puts the adapter in the import's
//! `VMFuncRef::code`, so every `VMFuncRef` — wherever it travels (other
//! instances' imports, tables, globals) — is called the same way.
//!
//! # Array convention (host → wasm)
//!
//! Every exported function also gets an external wrapper of type
//! [`crate::ArrayCallFn`]: `fn(vmctx, values: *mut ValRaw)`, in the C
//! convention. It reads the parameters from `values[0..params]`, calls the
//! function (in the function's own convention), and writes the results to
//! `values[0..results]`. The caller provides `max(params, results)` slots.
//! The start function gets such a wrapper too
//! ([`crate::ModuleDescriptor::start`]). Wrappers never return when the
//! function traps: the trap libcall (or the fault handler) transfers
//! control back to the runtime's entry point.
