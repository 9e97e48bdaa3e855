//! Which operations of the optimised IR instruction selection may still
//! replace by an operand.
//!
//! After the IR passes, the only folds left are instruction selection's,
//! and it sees only what is in the operation's own block: a constant
//! operand, or one computed there by shuffles, sign operations, bit casts
//! or selects of constants (a value from another block or from a `phi` is
//! an opaque register). It rewrites `x + -0`, `x - 0` (and `x + 0`,
//! `x - -0` when `x` is known not `-0`) to `x`, `x * 1` and `x / 1` to
//! `x`, `x * -1`, `x / -1` and `-0 - x` to `-x`, and `fptrunc(fpext x)` to
//! `x`; each needs an operand that is `±0` (`add`, `sub`), `±1` (`mul`,
//! `div`) or an `fpext`. Other constants (`x * 0.2`, a polynomial's
//! coefficient) are never folded away without fast-math flags, which the
//! translator never sets. A NaN constant, or a constant whose value cannot
//! be read here, counts as foldable, to stay on the safe side.

use inkwell::llvm_sys::core::LLVMIsAConstantFP;
use inkwell::values::{
    AnyValue, AsValueRef, BasicValue, BasicValueEnum, FloatValue, InstructionOpcode, InstructionValue,
    VectorValue,
};

/// Operand chains longer than this are assumed to hide a constant.
const MAX_DEPTH: u32 = 8;

/// Whether instruction selection may fold the float `add`, `sub`, `mul`
/// or `div` `instruction` (scalar or lanewise) to an operand or its
/// negation.
pub(super) fn may_fold(instruction: InstructionValue<'_>) -> bool {
    let zero = |x: f64| x == 0.0;
    let one = |x: f64| x.abs() == 1.0;
    let never = |_: f64| false;
    let (lhs_identity, rhs_identity): (fn(f64) -> bool, fn(f64) -> bool) =
        match instruction.get_opcode() {
            InstructionOpcode::FAdd | InstructionOpcode::FSub => (zero, zero),
            InstructionOpcode::FMul => (one, one),
            InstructionOpcode::FDiv => (never, one),
            other => unreachable!("not a float arithmetic operation: {other:?}"),
        };
    may_be(operand(instruction, 0), lhs_identity, 0) || may_be(operand(instruction, 1), rhs_identity, 0)
}

/// Whether the `fptrunc` `instruction` may truncate an `fpext`, as far as
/// instruction selection can see (it looks through lane shuffles and bit
/// casts).
pub(super) fn is_extension(instruction: InstructionValue<'_>) -> bool {
    may_be_extension(operand(instruction, 0), 0)
}

fn may_be_extension(value: Option<BasicValueEnum<'_>>, depth: u32) -> bool {
    let Some(instruction) = value.and_then(|v| v.as_instruction_value()) else {
        return false;
    };
    if depth > MAX_DEPTH || instruction.get_opcode() == InstructionOpcode::FPExt {
        return true;
    }
    transparent_operands(instruction)
        .iter()
        .any(|&i| may_be_extension(operand(instruction, i), depth + 1))
}

/// Whether the constant `value` (a float, a float vector, or anything
/// else) is known to hold no NaN.
pub(super) fn constant_has_no_nan(value: BasicValueEnum<'_>) -> bool {
    if is_undefined(value) {
        return true;
    }
    lanes(value).is_some_and(|lanes| lanes.iter().all(|x| x.is_some_and(|x| !x.is_nan())))
}

/// Operand `index` of `instruction`.
fn operand(instruction: InstructionValue<'_>, index: u32) -> Option<BasicValueEnum<'_>> {
    instruction.get_operand(index)?.value()
}

/// Whether `value` may be, as far as instruction selection can see, a
/// constant with a lane for which `identity` holds, or a NaN lane.
fn may_be(value: Option<BasicValueEnum<'_>>, identity: fn(f64) -> bool, depth: u32) -> bool {
    let Some(value) = value else {
        return true;
    };
    if depth > MAX_DEPTH {
        return true;
    }
    if value.is_const() {
        if is_undefined(value) {
            return false;
        }
        return match lanes(value) {
            Some(lanes) => lanes
                .iter()
                .any(|x| x.is_none_or(|x| x.is_nan() || identity(x))),
            // An integer constant (under a bit cast), a constant expression.
            None => true,
        };
    }
    let Some(instruction) = value.as_instruction_value() else {
        // A parameter.
        return false;
    };
    transparent_operands(instruction)
        .iter()
        .any(|&i| may_be(operand(instruction, i), identity, depth + 1))
}

/// The operands of `instruction` whose lanes it passes on (possibly
/// negated or reordered), when it is a lane shuffle, bit cast, `select`
/// or sign operation; none otherwise.
fn transparent_operands(instruction: InstructionValue<'_>) -> &'static [u32] {
    use InstructionOpcode::*;
    match instruction.get_opcode() {
        FNeg | BitCast | ExtractElement => &[0],
        ShuffleVector | InsertElement => &[0, 1],
        Select => &[1, 2],
        // `fabs` and `copysign`: the magnitude's lanes.
        Call if is_sign_operation(instruction) => &[0],
        _ => &[],
    }
}

/// Whether the call `instruction` is `llvm.fabs` or `llvm.copysign`.
fn is_sign_operation(instruction: InstructionValue<'_>) -> bool {
    let Ok(call) = inkwell::values::CallSiteValue::try_from(instruction) else {
        return false;
    };
    call.get_called_fn_value().is_some_and(|f| {
        let name = f.get_name().to_bytes();
        name.starts_with(b"llvm.fabs.") || name.starts_with(b"llvm.copysign.")
    })
}

/// Whether the constant `value` is `undef` or `poison`.
fn is_undefined(value: BasicValueEnum<'_>) -> bool {
    if value.is_poison() {
        return true;
    }
    match value {
        BasicValueEnum::FloatValue(x) => x.is_undef(),
        BasicValueEnum::VectorValue(x) => x.is_undef(),
        BasicValueEnum::IntValue(x) => x.is_undef(),
        _ => false,
    }
}

/// The lanes of a float or float-vector constant (`None` for a lane whose
/// value cannot be read); `None` for other constants.
fn lanes(value: BasicValueEnum<'_>) -> Option<Vec<Option<f64>>> {
    match value {
        BasicValueEnum::FloatValue(x) => Some(vec![scalar(x)]),
        BasicValueEnum::VectorValue(v) => vector_lanes(v),
        _ => None,
    }
}

fn vector_lanes(v: VectorValue<'_>) -> Option<Vec<Option<f64>>> {
    let ty = v.get_type();
    if !ty.get_element_type().is_float_type() {
        return None;
    }
    let count = ty.get_size();
    if v.is_null() {
        // `zeroinitializer`.
        return Some(vec![Some(0.0); count as usize]);
    }
    // `get_element_as_constant` is only defined for constant data vectors
    // (not for a constant expression).
    if !v.is_constant_data_vector() {
        return Some(vec![None; count as usize]);
    }
    Some(
        (0..count)
            .map(|i| match v.get_element_as_constant(i) {
                BasicValueEnum::FloatValue(x) => scalar(x),
                _ => None,
            })
            .collect(),
    )
}

/// The value of a float constant, if it is a float literal.
fn scalar(value: FloatValue<'_>) -> Option<f64> {
    // SAFETY: `value` is a live LLVM value; the call only tests its kind.
    let is_constant_fp = unsafe { !LLVMIsAConstantFP(value.as_value_ref()).is_null() };
    // `get_constant` reads a float literal's value and is undefined for any
    // other constant (a constant expression, say), so test the kind first.
    if !is_constant_fp {
        return None;
    }
    value.get_constant().map(|(x, _)| x)
}
