//! Numeric instructions, one file per family: constants, integer
//! arithmetic and bit operations, integer division, comparisons, float
//! arithmetic, conversions, and the trapping float-to-int truncations.
//!
//! Every translation is defined for every input: shift and rotate counts
//! are masked, divisions check their divisor before dividing, float-to-int
//! conversions check their range before converting, and only poison-free
//! intrinsics are used. No fast-math flags are set anywhere, so float
//! results are exactly IEEE 754's (round to nearest, ties to even).
//!
//! The helpers below pop the operands, build one result and push it; the
//! families pass them a closure that builds the result from the operands.

mod constants;
mod conversions;
mod float_arith;
mod float_compare;
mod float_rounding;
mod float_to_int;
mod int_arith;
mod int_compare;
mod int_division;

use super::{FuncTranslator, Handled};
use crate::CompileError;
use inkwell::types::{BasicTypeEnum, FloatType, IntType};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, FloatValue, IntValue};
use wasmparser::Operator;

/// Translate a numeric operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    Ok(constants::translate(t, op)?
        || int_arith::translate(t, op)?
        || int_division::translate(t, op)?
        || int_compare::translate(t, op)?
        || float_arith::translate(t, op)?
        || float_rounding::translate(t, op)?
        || float_compare::translate(t, op)?
        || conversions::translate(t, op)?
        || float_to_int::translate(t, op)?)
}

/// Pop one operand of type `V`, push `f(operand)`.
fn unary<'ctx, 'm, 'a, V, R, E>(
    t: &mut FuncTranslator<'ctx, 'm, 'a>,
    f: impl FnOnce(&FuncTranslator<'ctx, 'm, 'a>, V) -> Result<R, E>,
) -> Result<(), CompileError>
where
    V: TryFrom<BasicValueEnum<'ctx>>,
    R: Into<BasicValueEnum<'ctx>>,
    CompileError: From<E>,
{
    let operand = V::try_from(t.pop()).ok().expect("validated: operand type");
    let result = f(t, operand)?;
    t.push(result);
    Ok(())
}

/// Pop two operands of type `V` (pushed as `lhs`, then `rhs`), push
/// `f(lhs, rhs)`.
fn binary<'ctx, 'm, 'a, V, R, E>(
    t: &mut FuncTranslator<'ctx, 'm, 'a>,
    f: impl FnOnce(&FuncTranslator<'ctx, 'm, 'a>, V, V) -> Result<R, E>,
) -> Result<(), CompileError>
where
    V: TryFrom<BasicValueEnum<'ctx>>,
    R: Into<BasicValueEnum<'ctx>>,
    CompileError: From<E>,
{
    let rhs = V::try_from(t.pop()).ok().expect("validated: operand type");
    let lhs = V::try_from(t.pop()).ok().expect("validated: operand type");
    let result = f(t, lhs, rhs)?;
    t.push(result);
    Ok(())
}

/// [`unary`] on an integer operand.
fn unary_int<'ctx, 'm, 'a, R, E>(
    t: &mut FuncTranslator<'ctx, 'm, 'a>,
    f: impl FnOnce(&FuncTranslator<'ctx, 'm, 'a>, IntValue<'ctx>) -> Result<R, E>,
) -> Result<(), CompileError>
where
    R: Into<BasicValueEnum<'ctx>>,
    CompileError: From<E>,
{
    unary(t, f)
}

/// [`binary`] on integer operands.
fn binary_int<'ctx, 'm, 'a, R, E>(
    t: &mut FuncTranslator<'ctx, 'm, 'a>,
    f: impl FnOnce(&FuncTranslator<'ctx, 'm, 'a>, IntValue<'ctx>, IntValue<'ctx>) -> Result<R, E>,
) -> Result<(), CompileError>
where
    R: Into<BasicValueEnum<'ctx>>,
    CompileError: From<E>,
{
    binary(t, f)
}

/// [`unary`] on a float operand.
fn unary_float<'ctx, 'm, 'a, R, E>(
    t: &mut FuncTranslator<'ctx, 'm, 'a>,
    f: impl FnOnce(&FuncTranslator<'ctx, 'm, 'a>, FloatValue<'ctx>) -> Result<R, E>,
) -> Result<(), CompileError>
where
    R: Into<BasicValueEnum<'ctx>>,
    CompileError: From<E>,
{
    unary(t, f)
}

/// [`binary`] on float operands.
fn binary_float<'ctx, 'm, 'a, R, E>(
    t: &mut FuncTranslator<'ctx, 'm, 'a>,
    f: impl FnOnce(&FuncTranslator<'ctx, 'm, 'a>, FloatValue<'ctx>, FloatValue<'ctx>) -> Result<R, E>,
) -> Result<(), CompileError>
where
    R: Into<BasicValueEnum<'ctx>>,
    CompileError: From<E>,
{
    binary(t, f)
}

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// Call intrinsic `name` overloaded on `types` and return its result.
    pub(in crate::translate) fn call_intrinsic(
        &self,
        name: &str,
        types: &[BasicTypeEnum<'ctx>],
        args: &[BasicMetadataValueEnum<'ctx>],
    ) -> Result<BasicValueEnum<'ctx>, CompileError> {
        let function = self.cx.intrinsic(name, types);
        let call = self
            .builder
            .build_call(function, args, name.trim_start_matches("llvm."))?;
        Ok(call
            .try_as_basic_value()
            .basic()
            .expect("the intrinsics called here return a value"))
    }

    /// Call a float intrinsic overloaded on the type of its first argument.
    fn float_intrinsic(
        &self,
        name: &str,
        args: &[FloatValue<'ctx>],
    ) -> Result<FloatValue<'ctx>, CompileError> {
        let args: Vec<BasicMetadataValueEnum<'ctx>> = args.iter().map(|a| (*a).into()).collect();
        let ty = args[0].into_float_value().get_type();
        Ok(self
            .call_intrinsic(name, &[ty.into()], &args)?
            .into_float_value())
    }

    /// The float of type `ty` (`f32` or `f64`) with bit pattern `bits`,
    /// NaN payloads included.
    fn float_from_bits(
        &self,
        ty: FloatType<'ctx>,
        bits: u64,
    ) -> Result<FloatValue<'ctx>, CompileError> {
        let int_ty = if ty == self.cx.types.f32 {
            self.cx.types.i32
        } else {
            self.cx.types.i64
        };
        let bits = int_ty.const_int(bits, false);
        Ok(self
            .builder
            .build_bit_cast(bits, ty, "float_bits")?
            .into_float_value())
    }

    /// The integer type of `bits` bits (8, 16, 32 or 64).
    fn int_type(&self, bits: u32) -> IntType<'ctx> {
        let context = self.cx.context;
        match bits {
            8 => context.i8_type(),
            16 => context.i16_type(),
            32 => context.i32_type(),
            64 => context.i64_type(),
            _ => unreachable!("wasm integers are 8, 16, 32 or 64 bits wide"),
        }
    }

    /// Significand bits (hidden bit included) of `f32` (24) or `f64` (53).
    fn significand_bits(&self, ty: FloatType<'ctx>) -> u32 {
        if ty == self.cx.types.f32 {
            f32::MANTISSA_DIGITS
        } else {
            f64::MANTISSA_DIGITS
        }
    }

    /// A wasm boolean: the `i1` `condition` zero-extended to an `i32` 0 or 1.
    fn bool_to_i32(&self, condition: IntValue<'ctx>) -> Result<IntValue<'ctx>, CompileError> {
        Ok(self
            .builder
            .build_int_z_extend(condition, self.cx.types.i32, "bool")?)
    }
}
