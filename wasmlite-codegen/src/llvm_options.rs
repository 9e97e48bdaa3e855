//! Process-wide LLVM settings that the pass pipeline string cannot carry.

use std::ffi::CString;

/// LLVM command-line options applied once, before the first compilation.
///
/// `-indvars-widen-indvars=false`: IndVarSimplify would widen a 32-bit
/// induction variable to 64 bits because wasm addresses are zero-extended.
/// When the variable wraps at its last step (clang's wasm loops count a
/// negative index up to 0), the widened exit test becomes
/// `(iv & 0xfffffffc) == 0`, whose trip count scalar evolution cannot
/// compute, and the loop vectoriser's runtime wrap check then always
/// fails. Unwidened, the exit test stays `iv == 0` and the loop
/// vectorises; on x86-64 and AArch64 32-bit operations zero-extend for
/// free, so the narrow variable costs nothing.
///
/// `-funcspec-max-clones=0`: at O3, function specialisation clones a
/// function for constant arguments into a new symbol. The runtime knows a
/// module's code by the descriptor's functions and their sizes
/// (`code_sizes.rs`), and a fault in a clone would crash instead of
/// trapping, so every function's code stays in its own symbol. (Measured
/// without it: no clone appeared at O3 in the spec suite, the benchmark
/// kernels or 300-function Rust programs, so this costs nothing there; it
/// makes the property a guarantee, and the patcher fails loudly otherwise.)
const OPTIONS: &[&str] = &["-indvars-widen-indvars=false", "-funcspec-max-clones=0"];

/// Apply [`OPTIONS`]. Call once per process (LLVM's parser rejects an
/// option given twice).
pub(crate) fn configure() {
    let args: Vec<CString> = std::iter::once("wasmlite")
        .chain(OPTIONS.iter().copied())
        .map(|a| CString::new(a).expect("no NUL in option"))
        .collect();
    let pointers: Vec<*const std::ffi::c_char> = args.iter().map(|a| a.as_ptr()).collect();
    // SAFETY: `pointers` holds `args.len()` valid NUL-terminated strings
    // that outlive the call; the overview string is NUL-terminated; this
    // runs once (inside `target_machine`'s `Once`), before any pass.
    unsafe {
        inkwell::llvm_sys::support::LLVMParseCommandLineOptions(
            pointers.len() as i32,
            pointers.as_ptr(),
            c"wasmlite".as_ptr(),
        )
    };
}
