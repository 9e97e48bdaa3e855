//! WebAssembly 3.0 features through `build.rs` and `include_wasm!`, one
//! module per feature: extended constant expressions, multiple memories,
//! memory64 and table64, typed function references, relaxed SIMD.

#[path = "../family_support/mod.rs"]
#[allow(dead_code)]
mod family_support;

mod extended_const;
mod memory64;
mod multi_memory;
mod relaxed_simd;
mod typed_refs;
