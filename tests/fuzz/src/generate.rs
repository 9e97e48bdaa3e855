//! Module generation with wasm-smith: the feature set wasmlite supports,
//! bounded sizes, every entity exported, and guaranteed termination.

use crate::fuel::{export_fuel_global, FUEL_PER_CALL};
use crate::rng::Rng;
use crate::sections::MalformedModule;
use arbitrary::Unstructured;
use std::fmt;
use wasm_smith::{Config, Module};

/// How large generated modules are.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Size {
    /// Tiny modules, for the unoptimised test build.
    Small,
    /// The default for campaigns.
    Normal,
}

impl Size {
    /// Parses `small` or `normal`.
    pub fn parse(text: &str) -> Option<Size> {
        match text {
            "small" => Some(Size::Small),
            "normal" => Some(Size::Normal),
            _ => None,
        }
    }

    /// The command-line spelling.
    pub fn name(self) -> &'static str {
        match self {
            Size::Small => "small",
            Size::Normal => "normal",
        }
    }

    /// Range of random bytes wasm-smith draws a module from.
    fn entropy(self) -> (usize, usize) {
        match self {
            Size::Small => (256, 2_048),
            Size::Normal => (1_024, 16_384),
        }
    }
}

/// Which proposals generated modules may use.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Features {
    /// What both wasmlite and the reference run and the fuzzer can compare
    /// exactly: Wasm 2.0 without SIMD, plus tail calls, extended constant
    /// expressions, multiple memories and memory64/table64.
    Supported,
    /// Everything wasm-smith can generate (hostile inputs: the compiler
    /// must answer `Unsupported`, not crash).
    Everything,
    /// Supported features, but some function bodies are arbitrary bytes
    /// (hostile inputs: mostly invalid code behind valid sections).
    InvalidBodies,
}

/// wasm-smith's configuration for `size` and `features`; with
/// `avoid_traps`, wasm-smith guards loads, stores, divisions and
/// conversions so they cannot trap (which keeps modules running past the
/// first trap and exercises more of them).
pub fn config(size: Size, features: Features, avoid_traps: bool) -> Config {
    let mut c = Config {
        disallow_traps: avoid_traps,
        export_everything: true,
        max_imports: 0,
        max_memories: 2,
        max_tables: 2,
        memory_max_size_required: true,
        table_max_size_required: true,
        // NaN rules are checked by `crate::nan` instead.
        canonicalize_nans: false,
        generate_custom_sections: false,
        ..Config::default()
    };
    let (funcs, instructions, pages) = match size {
        Size::Small => (4, 40, 2),
        Size::Normal => (16, 250, 8),
    };
    c.min_funcs = funcs / 4;
    c.max_funcs = funcs;
    c.max_instructions = instructions;
    c.max_memory32_bytes = pages << 16;
    c.max_memory64_bytes = u128::from(pages) << 16;
    c.max_table_elements = 64;
    c.min_types = 1;
    c.max_types = 12;
    c.max_globals = 8;
    c.max_data_segments = 4;
    c.max_element_segments = 4;
    c.max_elements = 16;
    c.max_nesting_depth = 6;
    c.max_exports = 64;
    if features != Features::Everything {
        c.bulk_memory_enabled = true;
        c.reference_types_enabled = true;
        c.multi_value_enabled = true;
        c.sign_extension_ops_enabled = true;
        c.saturating_float_to_int_enabled = true;
        c.simd_enabled = false;
        c.relaxed_simd_enabled = false;
        c.threads_enabled = false;
        c.shared_everything_threads_enabled = false;
        c.gc_enabled = false;
        c.exceptions_enabled = false;
        c.tail_call_enabled = true;
        c.memory64_enabled = true;
        c.custom_page_sizes_enabled = false;
        c.wide_arithmetic_enabled = false;
        c.extended_const_enabled = true;
        c.custom_descriptors_enabled = false;
        c.compact_imports_enabled = false;
        c.allow_invalid_funcs = features == Features::InvalidBodies;
    } else {
        c.max_tables = 3;
    }
    c
}

/// Why no module came out.
#[derive(Debug)]
pub enum GenerateError {
    /// wasm-smith could not build a module from the bytes.
    Smith(arbitrary::Error),
    /// The termination instrumentation failed.
    Termination(String),
    /// The NaN or fuel patch failed.
    Patch(MalformedModule),
}

impl fmt::Display for GenerateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            GenerateError::Smith(e) => write!(f, "wasm-smith: {e}"),
            GenerateError::Termination(e) => write!(f, "ensure_termination: {e}"),
            GenerateError::Patch(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for GenerateError {}

/// wasm-smith's module for `rng`, before any instrumentation.
fn smith(rng: &mut Rng, size: Size, features: Features) -> Result<Module, GenerateError> {
    let avoid_traps = rng.chance(1, 2);
    let (low, high) = size.entropy();
    let len = rng.between(low, high);
    let bytes = rng.bytes(len);
    let mut u = Unstructured::new(&bytes);
    Module::new(config(size, features, avoid_traps), &mut u).map_err(GenerateError::Smith)
}

/// Module `index` of a campaign with `seed`: supported features, half of
/// them free of traps other than wasm-smith's fuel checks, every
/// function instrumented with fuel checks, the NaN rules checked at every
/// float operation and interesting float constants ([`crate::nan`]), and the fuel global exported as
/// [`crate::fuel::FUEL_EXPORT`].
pub fn runnable_module(seed: u64, index: u64, size: Size) -> Result<Vec<u8>, GenerateError> {
    let mut rng = Rng::new(seed, index);
    let mut module = smith(&mut rng, size, Features::Supported)?;
    let fuel_global = module
        .ensure_termination(FUEL_PER_CALL)
        .map_err(|e| GenerateError::Termination(e.to_string()))?;
    let wasm = crate::nan::instrument(&module.to_bytes(), &mut rng).map_err(GenerateError::Patch)?;
    export_fuel_global(&wasm, fuel_global).map_err(GenerateError::Patch)
}

/// A valid module drawn from `rng` (not instrumented; never run).
pub fn plain_module(
    rng: &mut Rng,
    size: Size,
    features: Features,
) -> Result<Vec<u8>, GenerateError> {
    Ok(smith(rng, size, features)?.to_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmparser::{Validator, WasmFeatures};

    /// [`Features::Supported`].
    fn supported_features() -> WasmFeatures {
        let mut f = WasmFeatures::WASM2
            | WasmFeatures::TAIL_CALL
            | WasmFeatures::EXTENDED_CONST
            | WasmFeatures::MULTI_MEMORY
            | WasmFeatures::MEMORY64;
        f.remove(WasmFeatures::SIMD);
        f
    }

    #[test]
    fn runnable_modules_use_only_the_supported_features() {
        for index in 0..20 {
            let wasm = runnable_module(3, index, Size::Small).expect("generates");
            Validator::new_with_features(supported_features())
                .validate_all(&wasm)
                .unwrap_or_else(|e| panic!("module {index}: {e}"));
        }
    }

    /// What a module uses of the features beyond Wasm 2.0.
    #[derive(Default)]
    struct Wasm3Use {
        tail_calls: bool,
        memory64: bool,
        several_memories: bool,
    }

    fn wasm3_use(wasm: &[u8]) -> Wasm3Use {
        let mut used = Wasm3Use::default();
        let mut memories = 0;
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            match payload.expect("parses") {
                wasmparser::Payload::MemorySection(reader) => {
                    for memory in reader {
                        memories += 1;
                        used.memory64 |= memory.expect("memory type").memory64;
                    }
                }
                wasmparser::Payload::CodeSectionEntry(body) => {
                    let mut ops = body.get_operators_reader().expect("body");
                    while !ops.eof() {
                        used.tail_calls |= matches!(
                            ops.read().expect("operator"),
                            wasmparser::Operator::ReturnCall { .. }
                                | wasmparser::Operator::ReturnCallIndirect { .. }
                        );
                    }
                }
                _ => {}
            }
        }
        used.several_memories = memories > 1;
        used
    }

    #[test]
    fn runnable_modules_exercise_the_wasm3_features() {
        let (mut tail_calls, mut memory64, mut several_memories) = (0, 0, 0);
        for index in 0..100 {
            let used = wasm3_use(&runnable_module(11, index, Size::Normal).expect("generates"));
            tail_calls += used.tail_calls as u32;
            memory64 += used.memory64 as u32;
            several_memories += used.several_memories as u32;
        }
        println!(
            "of 100 modules: {tail_calls} make tail calls, {memory64} have a 64-bit memory, \
             {several_memories} have several memories"
        );
        assert!(
            tail_calls >= 5 && memory64 >= 5 && several_memories >= 5,
            "of 100 modules: {tail_calls} make tail calls, {memory64} have a 64-bit \
             memory, {several_memories} have several memories"
        );
    }

    #[test]
    fn generation_is_deterministic() {
        assert_eq!(
            runnable_module(9, 4, Size::Small).expect("generates"),
            runnable_module(9, 4, Size::Small).expect("generates")
        );
    }

    #[test]
    fn every_module_defines_functions_to_call() {
        for index in 0..30 {
            let wasm = runnable_module(1, index, Size::Small).expect("generates");
            let funcs = wasmparser::Parser::new(0)
                .parse_all(&wasm)
                .filter_map(|p| match p.expect("parses") {
                    wasmparser::Payload::FunctionSection(r) => Some(r.count()),
                    _ => None,
                })
                .sum::<u32>();
            assert!(funcs >= 1, "module {index} has no functions");
        }
    }
}
