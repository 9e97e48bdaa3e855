//! Canonicalising the NaNs of `f32.demote_f64` and `f64.promote_f32`.
//!
//! The specification lets a NaN result of these conversions have any
//! payload and sign (an "arithmetic NaN"), so engines legitimately differ,
//! and the difference reaches memory and globals through reinterpretation.
//! wasm-smith's `canonicalize_nans` covers arithmetic but not these two
//! conversions, so this pass follows each with a call to a helper that
//! replaces any NaN by the canonical one.

use crate::instrument::{insert_calls, Helper};
use crate::sections::MalformedModule;
use wasmparser::Operator;

/// The helpers: `(param T) (result T)`, `x == x ? x : canonical NaN`.
fn helpers() -> [Helper; 2] {
    // `local.get 0; <const nan>; local.get 0; local.get 0; eq; select; end`.
    let body = |constant: &[u8], eq: u8| {
        [
            &[0u8, 0x20, 0][..],
            constant,
            &[0x20, 0, 0x20, 0, eq, 0x1b, 0x0b],
        ]
        .concat()
    };
    let f32_nan = [&[0x43u8][..], &0x7fc0_0000u32.to_le_bytes()].concat();
    let f64_nan = [&[0x44u8][..], &0x7ff8_0000_0000_0000u64.to_le_bytes()].concat();
    [
        Helper {
            ty: vec![0x60, 1, 0x7d, 1, 0x7d],
            body: body(&f32_nan, 0x5b),
        },
        Helper {
            ty: vec![0x60, 1, 0x7c, 1, 0x7c],
            body: body(&f64_nan, 0x61),
        },
    ]
}

/// `wasm` with every `f32.demote_f64` and `f64.promote_f32` followed by a
/// call to a NaN-canonicalising helper; unchanged if it has neither.
pub fn canonicalize_conversion_nans(wasm: &[u8]) -> Result<Vec<u8>, MalformedModule> {
    let patched = insert_calls(wasm, &helpers(), |op| match op {
        Operator::F32DemoteF64 => Some(0),
        Operator::F64PromoteF32 => Some(1),
        _ => None,
    })?;
    Ok(patched.unwrap_or_else(|| wasm.to_vec()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sections::{push_section, split_sections};

    /// `(func (param f64) (result i32) local.get 0 f32.demote_f64 i32.reinterpret_f32)`.
    fn demoting_module() -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        push_section(&mut wasm, 1, &[1, 0x60, 1, 0x7c, 1, 0x7f]);
        push_section(&mut wasm, 3, &[1, 0]);
        push_section(&mut wasm, 7, &[1, 1, b'f', 0, 0]);
        push_section(&mut wasm, 10, &[1, 6, 0, 0x20, 0, 0xb6, 0xbc, 0x0b]);
        wasm
    }

    #[test]
    fn demotions_are_followed_by_the_helper() {
        let patched = canonicalize_conversion_nans(&demoting_module()).expect("patches");
        wasmparser::Validator::new()
            .validate_all(&patched)
            .expect("valid");
        let sections = split_sections(&patched).expect("splits");
        let code = sections.iter().find(|s| s.0 == 10).expect("code").1;
        // The original body now calls function 1 (the f32 helper) after the demotion.
        assert!(code.windows(3).any(|w| w == [0xb6, 0x10, 1]), "{code:02x?}");
    }

    #[test]
    fn modules_without_conversions_are_unchanged() {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        push_section(&mut wasm, 1, &[1, 0x60, 0, 0]);
        push_section(&mut wasm, 3, &[1, 0]);
        push_section(&mut wasm, 10, &[1, 2, 0, 0x0b]);
        assert_eq!(canonicalize_conversion_nans(&wasm), Ok(wasm));
    }
}
