//! Lane comparisons. Each result lane is all ones when the comparison
//! holds and all zeros otherwise (the `<n x i1>` result sign-extended).

use super::super::{FuncTranslator, Handled};
use super::{binary, Shape};
use inkwell::{FloatPredicate, IntPredicate};
use wasmparser::Operator;

/// Translate a comparison; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    use IntPredicate as I;
    use Operator::*;
    let int = match op {
        I8x16Eq | I16x8Eq | I32x4Eq | I64x2Eq => Some(I::EQ),
        I8x16Ne | I16x8Ne | I32x4Ne | I64x2Ne => Some(I::NE),
        I8x16LtS | I16x8LtS | I32x4LtS | I64x2LtS => Some(I::SLT),
        I8x16LtU | I16x8LtU | I32x4LtU => Some(I::ULT),
        I8x16GtS | I16x8GtS | I32x4GtS | I64x2GtS => Some(I::SGT),
        I8x16GtU | I16x8GtU | I32x4GtU => Some(I::UGT),
        I8x16LeS | I16x8LeS | I32x4LeS | I64x2LeS => Some(I::SLE),
        I8x16LeU | I16x8LeU | I32x4LeU => Some(I::ULE),
        I8x16GeS | I16x8GeS | I32x4GeS | I64x2GeS => Some(I::SGE),
        I8x16GeU | I16x8GeU | I32x4GeU => Some(I::UGE),
        _ => None,
    };
    if let Some(predicate) = int {
        let shape = Shape::of(op);
        return binary(t, shape, |t, a, b| {
            let holds = t.builder.build_int_compare(predicate, a, b, "cmp")?;
            Ok(t.builder
                .build_int_s_extend(holds, t.shape_type(shape), "mask")?)
        });
    }
    use FloatPredicate as F;
    // `ne` is unordered (true when either lane is NaN); the rest ordered.
    let float = match op {
        F32x4Eq | F64x2Eq => F::OEQ,
        F32x4Ne | F64x2Ne => F::UNE,
        F32x4Lt | F64x2Lt => F::OLT,
        F32x4Gt | F64x2Gt => F::OGT,
        F32x4Le | F64x2Le => F::OLE,
        F32x4Ge | F64x2Ge => F::OGE,
        _ => return Ok(false),
    };
    let shape = Shape::of(op);
    binary(t, shape, |t, a, b| {
        let holds = t.builder.build_float_compare(float, a, b, "fcmp")?;
        let mask_type = t.shape_type(Shape::as_int(shape));
        Ok(t.builder.build_int_s_extend(holds, mask_type, "mask")?)
    })
}
