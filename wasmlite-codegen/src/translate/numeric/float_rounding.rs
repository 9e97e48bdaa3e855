//! Rounding to an integral float (both widths): `ceil`, `floor`, `trunc`,
//! `nearest`. The computation is shared with the SIMD lanes
//! (`translate/rounding.rs`).

use super::super::rounding::Rounding;
use super::super::{FuncTranslator, Handled};
use super::unary_float;
use crate::CompileError;
use wasmparser::Operator;

/// Translate a scalar rounding operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    let Some(rounding) = Rounding::scalar(op) else {
        return Ok(false);
    };
    unary_float(t, |t, x| {
        Ok::<_, CompileError>(t.round_float(rounding, x.into())?.into_float_value())
    })?;
    Ok(true)
}
