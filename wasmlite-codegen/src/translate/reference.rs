//! Reference and table instructions.

use super::{FuncTranslator, Handled};
use wasmparser::Operator;

/// Translate a reference or table operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(_t: &mut FuncTranslator<'_, '_, '_>, _op: &Operator<'_>) -> Handled {
    Ok(false)
}
