//! Quiet NaN results, exactly where LLVM folded an operation away.
//!
//! Wasm requires every arithmetic float instruction (`add`, `sub`, `mul`,
//! `div`, `min`, `max`, `demote`, ... scalar and lanewise) to return a
//! quiet NaN when an operand is a signalling NaN. The hardware quiets, but
//! LLVM's IR semantics let a NaN pass through an operation unchanged, so
//! its passes and its instruction selection replace `x * 1`, `x / 1`,
//! `x + -0`, `x - 0` by `x`, `x * -1` by `-x`, `minimum(x, x)` by `x`,
//! `fptrunc(fpext x)` by `x`, and so on — after inlining, constant
//! propagation through locals, globals and memory, or loop peeling, so
//! whether it happens cannot be known while translating. Quieting every
//! result with a compare and a select would cost up to 4x in float loops.
//!
//! So quieting is decided after optimisation, in two steps:
//!
//! 1. **Mark.** The translator wraps each such result in a call of
//!    `llvm.canonicalize` ([`MARKER`]), LLVM's own "quiet this NaN"
//!    operation: the optimiser folds *inside* it (`canonicalize(x * 1)`
//!    becomes `canonicalize(x)`) but never removes it, keeps it through
//!    inlining, hoisting and vectorisation (it is pure and vectorisable),
//!    and merges `canonicalize(canonicalize x)`.
//! 2. **Resolve** ([`resolve`]), after the optimisation pipeline and before
//!    instruction selection (which cannot select `canonicalize` on x86-64
//!    or AArch64 in LLVM 19). Each marker whose operand is still an
//!    operation the hardware performs and instruction selection cannot fold
//!    ([`quiet::is_quiet`]) is removed: zero cost. Every other marker — its
//!    operation was folded to an operand, or it is `minimum`/`maximum`,
//!    which x86 lowers to code that passes a NaN operand through — becomes
//!    `isnan(x) ? canonical NaN : x`.
//!
//! Instruction selection folds with constants it can see in the same
//! block; [`folds`] decides, from the final IR, whether an operation's
//! operands may be such constants.

mod folds;
mod quiet;

use crate::CompileError;
use inkwell::builder::Builder;
use inkwell::module::Module;
use inkwell::types::{BasicType, BasicTypeEnum};
use inkwell::values::{
    AnyValue, BasicValue, BasicValueEnum, CallSiteValue, InstructionOpcode, InstructionValue,
};
use inkwell::FloatPredicate;

/// The intrinsic that marks a result whose NaN must be quiet.
pub(crate) const MARKER: &str = "llvm.canonicalize";

/// Replace every NaN-quieting marker in `module` by its operand or by an
/// explicit canonicalisation (see the module documentation). Run after the
/// optimisation pipeline.
pub(crate) fn resolve(module: &Module<'_>) -> Result<(), CompileError> {
    let builder = module.get_context().create_builder();
    for function in module.get_functions() {
        // Decide every marker first: while deciding, the others still stand
        // for quiet values.
        let mut decisions = Vec::new();
        for block in function.get_basic_blocks() {
            for instruction in block.get_instructions() {
                if let Some(operand) = marker_operand(instruction) {
                    decisions.push((instruction, operand, quiet::is_quiet(operand)));
                }
            }
        }
        for (marker, operand, is_quiet) in decisions {
            let replacement = if is_quiet {
                operand
            } else {
                builder.position_before(&marker);
                canonicalize(&builder, operand)?
            };
            replace_uses(marker, replacement);
            marker.erase_from_basic_block();
        }
    }
    Ok(())
}

/// Replace every marker in `module` by its operand, before optimisation:
/// NaN results are then whatever LLVM makes of the operations
/// ([`crate::NanResults::AsLlvmFolds`]).
pub(crate) fn remove_markers(module: &Module<'_>) {
    for function in module.get_functions() {
        let markers: Vec<_> = function
            .get_basic_blocks()
            .into_iter()
            .flat_map(|block| block.get_instructions())
            .filter_map(|instruction| Some((instruction, marker_operand(instruction)?)))
            .collect();
        for (marker, operand) in markers {
            replace_uses(marker, operand);
            marker.erase_from_basic_block();
        }
    }
}

/// If `instruction` is a marker, the value it marks.
pub(super) fn marker_operand(instruction: InstructionValue<'_>) -> Option<BasicValueEnum<'_>> {
    if instruction.get_opcode() != InstructionOpcode::Call {
        return None;
    }
    let callee = CallSiteValue::try_from(instruction).ok()?.get_called_fn_value()?;
    let name = callee.get_name().to_bytes();
    if !name.starts_with(MARKER.as_bytes()) {
        return None;
    }
    instruction.get_operand(0)?.value()
}

/// `x` (a float or float vector), with every NaN lane replaced by the
/// canonical NaN.
fn canonicalize<'ctx>(
    builder: &Builder<'ctx>,
    x: BasicValueEnum<'ctx>,
) -> Result<BasicValueEnum<'ctx>, CompileError> {
    let ty = x.get_type();
    let canonical = canonical_nan(builder, ty)?;
    let is_nan = match x {
        BasicValueEnum::FloatValue(f) => builder
            .build_float_compare(FloatPredicate::UNO, f, f, "is_nan")?
            .as_basic_value_enum(),
        BasicValueEnum::VectorValue(v) => builder
            .build_float_compare(FloatPredicate::UNO, v, v, "is_nan")?
            .as_basic_value_enum(),
        other => unreachable!("a marker on a non-float value {other:?}"),
    };
    let condition = match is_nan {
        BasicValueEnum::IntValue(i) => builder.build_select(i, canonical, x, "canonical")?,
        BasicValueEnum::VectorValue(v) => builder.build_select(v, canonical, x, "canonical")?,
        other => unreachable!("a comparison gives booleans, not {other:?}"),
    };
    Ok(condition)
}

/// The positive canonical NaN of `ty` (`f32`, `f64` or a vector of them)
/// in every lane.
fn canonical_nan<'ctx>(
    builder: &Builder<'ctx>,
    ty: BasicTypeEnum<'ctx>,
) -> Result<BasicValueEnum<'ctx>, CompileError> {
    let (lane, lanes) = match ty {
        BasicTypeEnum::FloatType(f) => (f, None),
        BasicTypeEnum::VectorType(v) => (v.get_element_type().into_float_type(), Some(v.get_size())),
        other => unreachable!("a marker on a non-float type {other:?}"),
    };
    let context = lane.get_context();
    let (bits_type, bits) = if lane == context.f32_type() {
        (context.i32_type(), 0x7fc0_0000)
    } else {
        (context.i64_type(), 0x7ff8_0000_0000_0000)
    };
    let bits = bits_type.const_int(bits, false);
    let pattern = match lanes {
        None => bits.as_basic_value_enum(),
        Some(n) => {
            let lanes: Vec<_> = (0..n).map(|_| bits).collect();
            inkwell::types::VectorType::const_vector(&lanes).as_basic_value_enum()
        }
    };
    // A bit cast of a constant is folded to a constant.
    Ok(builder.build_bit_cast(pattern, ty.as_basic_type_enum(), "canonical_nan")?)
}

/// Make every use of `marker` use `replacement` instead.
fn replace_uses<'ctx>(marker: InstructionValue<'ctx>, replacement: BasicValueEnum<'ctx>) {
    match (BasicValueEnum::try_from(marker.as_any_value_enum()), replacement) {
        (Ok(BasicValueEnum::FloatValue(old)), BasicValueEnum::FloatValue(new)) => {
            old.replace_all_uses_with(new)
        }
        (Ok(BasicValueEnum::VectorValue(old)), BasicValueEnum::VectorValue(new)) => {
            old.replace_all_uses_with(new)
        }
        other => unreachable!("a marker and its replacement differ in type: {other:?}"),
    }
}
