//! A diagnostic: keeping every linear-memory load's value alive.
//!
//! Each load is followed by a call to a helper that stores the loaded value
//! into a fresh global and returns it, so no compiler may delete the load.
//! A divergence that disappears in the instrumented module comes from loads
//! whose value was unused being removed (and so not trapping).

use crate::instrument::{indices, insert_calls, Helper};
use crate::sections::{write_leb, MalformedModule};
use wasmparser::Operator;

/// Value types i32, i64, f32, f64 and the zero constant of each, encoded.
const TYPES: [(u8, &[u8]); 4] = [
    (0x7f, &[0x41, 0]),
    (0x7e, &[0x42, 0]),
    (0x7d, &[0x43, 0, 0, 0, 0]),
    (0x7c, &[0x44, 0, 0, 0, 0, 0, 0, 0, 0]),
];

/// `wasm` with every load's value also stored to a global; `None` if it has
/// no loads.
pub fn keep_loads(wasm: &[u8]) -> Result<Option<Vec<u8>>, MalformedModule> {
    let first_global = indices(wasm)?.first_global;
    let mut globals = Vec::new();
    let mut helpers = Vec::new();
    for (k, (ty, zero)) in TYPES.iter().enumerate() {
        globals.push([&[*ty, 1][..], zero, &[0x0b]].concat());
        // `local.get 0; global.set G; local.get 0; end`.
        let mut body = vec![0, 0x20, 0, 0x24];
        write_leb(&mut body, u64::from(first_global) + k as u64);
        body.extend_from_slice(&[0x20, 0, 0x0b]);
        helpers.push(Helper {
            ty: vec![0x60, 1, *ty, 1, *ty],
            body,
        });
    }
    insert_calls(wasm, &helpers, &globals, |op| match op {
        Operator::I32Load { .. }
        | Operator::I32Load8S { .. }
        | Operator::I32Load8U { .. }
        | Operator::I32Load16S { .. }
        | Operator::I32Load16U { .. } => Some(0),
        Operator::I64Load { .. }
        | Operator::I64Load8S { .. }
        | Operator::I64Load8U { .. }
        | Operator::I64Load16S { .. }
        | Operator::I64Load16U { .. }
        | Operator::I64Load32S { .. }
        | Operator::I64Load32U { .. } => Some(1),
        Operator::F32Load { .. } => Some(2),
        Operator::F64Load { .. } => Some(3),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sections::push_section;

    #[test]
    fn loads_are_followed_by_a_sink() {
        // (memory 1) (func i32.const 0 i32.load drop)
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        push_section(&mut wasm, 1, &[1, 0x60, 0, 0]);
        push_section(&mut wasm, 3, &[1, 0]);
        push_section(&mut wasm, 5, &[1, 0, 1]);
        push_section(&mut wasm, 10, &[1, 8, 0, 0x41, 0, 0x28, 2, 0, 0x1a, 0x0b]);
        let patched = keep_loads(&wasm).expect("patches").expect("has a load");
        wasmparser::Validator::new()
            .validate_all(&patched)
            .expect("valid");
        assert!(
            patched.windows(2).any(|w| w == [0x10, 1]),
            "calls the i32 sink (function 1)"
        );
    }
}
