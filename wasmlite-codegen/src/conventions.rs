//! Which calling convention each defined function uses (see
//! [`wasmlite_abi::calling_convention`]).
//!
//! A `return_call*` is only guaranteed to reuse the caller's frame when
//! caller and callee both use LLVM's `tailcc`, so every function that makes
//! a tail call, every direct target of one, and every function reachable
//! through a `VMFuncRef` (an indirect or imported tail call may land on it,
//! from any module) uses `tailcc`. The others keep the C convention: LLVM
//! turns internal C-convention functions into `fastcc` and treats them as
//! it always did, so modules without tail calls pay nothing for functions
//! only called directly.

use crate::CompileError;
use wasmlite_abi::ModuleInfo;
use wasmparser::{FunctionBody, Operator};

/// LLVM's calling convention number of `tailcc` (`CallingConv::Tail`).
pub(crate) const TAILCC: u32 = 18;
/// LLVM's calling convention number of the C convention.
pub(crate) const CCC: u32 = 0;

/// The calling convention of every function of a module.
#[derive(Debug, Clone)]
pub(crate) struct Conventions {
    /// Per function index: whether it uses `tailcc` (always true for imports,
    /// which are reached through their `VMFuncRef`).
    tail: Vec<bool>,
    /// Per function index: whether it makes a tail call.
    tail_caller: Vec<bool>,
}

impl Conventions {
    /// Decide the convention of every function: `bodies` are the defined
    /// functions' bodies, in function index order.
    pub(crate) fn of<'a>(info: &ModuleInfo, bodies: impl Iterator<Item = &'a FunctionBody<'a>>) -> Result<Self, CompileError> {
        let first = info.num_imported_functions;
        let mut tail: Vec<bool> = (0..info.functions.len() as u32).map(|i| i < first || info.is_referenced(i)).collect();
        let mut tail_caller = vec![false; tail.len()];
        for (k, body) in bodies.enumerate() {
            let index = first as usize + k;
            for target in tail_calls(body)? {
                tail[index] = true;
                tail_caller[index] = true;
                if let Some(target) = target {
                    tail[target as usize] = true;
                }
            }
        }
        Ok(Conventions { tail, tail_caller })
    }

    /// Whether function `index` makes a tail call.
    pub(crate) fn is_tail_caller(&self, index: u32) -> bool {
        self.tail_caller[index as usize]
    }

    /// Whether function `index` uses `tailcc`.
    pub(crate) fn is_tail(&self, index: u32) -> bool {
        self.tail[index as usize]
    }

    /// LLVM's number of function `index`'s convention.
    pub(crate) fn llvm(&self, index: u32) -> u32 {
        if self.is_tail(index) {
            TAILCC
        } else {
            CCC
        }
    }
}

/// The tail calls of a (validated) body: `Some(callee)` for each
/// `return_call`, `None` for each `return_call_indirect` and
/// `return_call_ref`.
fn tail_calls(body: &FunctionBody<'_>) -> Result<Vec<Option<u32>>, CompileError> {
    let mut calls = Vec::new();
    let mut reader = body.get_binary_reader();
    // Their opcodes are 0x12, 0x13 and 0x15: a body containing none has
    // no tail call, and most bodies are ruled out without decoding.
    if !reader.read_bytes(reader.bytes_remaining())?.iter().any(|b| matches!(b, 0x12 | 0x13 | 0x15)) {
        return Ok(calls);
    }
    let mut operators = body.get_operators_reader()?;
    while !operators.eof() {
        match operators.read()? {
            Operator::ReturnCall { function_index } => calls.push(Some(function_index)),
            Operator::ReturnCallIndirect { .. } | Operator::ReturnCallRef { .. } => calls.push(None),
            _ => {}
        }
    }
    Ok(calls)
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmparser::{Parser, Payload};

    fn conventions(text: &str) -> Vec<bool> {
        let wasm = wat::parse_str(text).unwrap();
        let info = ModuleInfo::from_wasm(&wasm).unwrap();
        let bodies: Vec<FunctionBody> = Parser::new(0)
            .parse_all(&wasm)
            .filter_map(|p| match p.unwrap() {
                Payload::CodeSectionEntry(body) => Some(body),
                _ => None,
            })
            .collect();
        let conventions = Conventions::of(&info, bodies.iter()).unwrap();
        (0..info.functions.len() as u32).map(|i| conventions.is_tail(i)).collect()
    }

    #[test]
    fn only_functions_in_tail_calls_or_reachable_by_reference_use_tailcc() {
        let tail = conventions(
            r#"(module
                (import "h" "f" (func $imp))
                (type $t (func))
                (table 1 funcref)
                (func $plain call $callee)
                (func $callee)
                (func $caller return_call $target)
                (func $target)
                (func $indirect (return_call_indirect (type $t) (i32.const 0)))
                (func $exported (export "e"))
                (func $in_table)
                (elem (i32.const 0) func $in_table))"#,
        );
        assert_eq!(tail, [true, false, false, true, true, true, true, true]);
    }
}
