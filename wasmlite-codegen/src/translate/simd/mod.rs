//! Wasm 2.0 fixed-width SIMD (`v128`) instructions.
//!
//! A `v128` lives on the operand stack as `<2 x i64>`; each operator
//! bitcasts its operands to the lane shape it works on (`<16 x i8>`,
//! `<8 x i16>`, `<4 x i32>`, `<2 x i64>`, `<4 x f32>`, `<2 x f64>`) and its
//! result back. Families: `lanes` (constants, splats, lane access,
//! shuffles), `memory` (loads and stores), `int_arith`, `compare`,
//! `float_arith` and `conversions`; `relaxed` gives each relaxed SIMD
//! instruction its one deterministic meaning.
//!
//! As in the scalar families, the emitted IR is defined for every input:
//! shift counts are masked, saturating conversions use `llvm.fptosi.sat`,
//! dynamic lane indices are masked before use, and float results that may
//! be an operand unchanged are marked to be quiet NaNs.

mod compare;
mod conversions;
mod float_arith;
mod int_arith;
mod lanes;
mod memory;
mod relaxed;

use super::{FuncTranslator, Handled};
use crate::CompileError;
use inkwell::types::{BasicTypeEnum, IntType, VectorType};
use inkwell::values::{BasicMetadataValueEnum, BasicValueEnum, VectorValue};
use wasmparser::Operator;

/// Translate a SIMD operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    Ok(lanes::translate(t, op)?
        || memory::translate(t, op)?
        || int_arith::translate(t, op)?
        || compare::translate(t, op)?
        || float_arith::translate(t, op)?
        || conversions::translate(t, op)?
        || relaxed::translate(t, op)?)
}

/// The lane interpretation of a `v128`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shape {
    I8x16,
    I16x8,
    I32x4,
    I64x2,
    F32x4,
    F64x2,
}

impl Shape {
    /// Number of lanes.
    fn lanes(self) -> u32 {
        128 / self.lane_bits()
    }

    /// Width of one lane in bits.
    fn lane_bits(self) -> u32 {
        match self {
            Shape::I8x16 => 8,
            Shape::I16x8 => 16,
            Shape::I32x4 | Shape::F32x4 => 32,
            Shape::I64x2 | Shape::F64x2 => 64,
        }
    }

    /// The lane shape an operator works on, from its name (`I8x16Add` is
    /// `I8x16`); for conversions, the shape of the result.
    fn of(op: &Operator<'_>) -> Shape {
        let name = super::operator_name(op);
        [
            ("I8x16", Shape::I8x16),
            ("I16x8", Shape::I16x8),
            ("I32x4", Shape::I32x4),
            ("I64x2", Shape::I64x2),
            ("F32x4", Shape::F32x4),
        ]
        .into_iter()
        .find(|(prefix, _)| name.starts_with(prefix))
        .map_or(Shape::F64x2, |(_, shape)| shape)
    }

    /// The integer shape with lanes of the same width.
    fn as_int(self) -> Shape {
        match self {
            Shape::F32x4 => Shape::I32x4,
            Shape::F64x2 => Shape::I64x2,
            other => other,
        }
    }
}

impl<'ctx> FuncTranslator<'ctx, '_, '_> {
    /// The LLVM vector type of `shape`.
    fn shape_type(&self, shape: Shape) -> VectorType<'ctx> {
        let context = self.cx.context;
        match shape {
            Shape::I8x16 => context.i8_type().vec_type(16),
            Shape::I16x8 => context.i16_type().vec_type(8),
            Shape::I32x4 => context.i32_type().vec_type(4),
            Shape::I64x2 => context.i64_type().vec_type(2),
            Shape::F32x4 => context.f32_type().vec_type(4),
            Shape::F64x2 => context.f64_type().vec_type(2),
        }
    }

    /// The integer type of `bits` (8, 16, 32 or 64) bits.
    fn lane_int(&self, bits: u32) -> IntType<'ctx> {
        let context = self.cx.context;
        match bits {
            8 => context.i8_type(),
            16 => context.i16_type(),
            32 => context.i32_type(),
            64 => context.i64_type(),
            _ => unreachable!("SIMD lanes are 8, 16, 32 or 64 bits wide"),
        }
    }

    /// `value` (any 128-bit vector) reinterpreted as `shape`.
    fn as_shape(
        &self,
        value: BasicValueEnum<'ctx>,
        shape: Shape,
    ) -> Result<VectorValue<'ctx>, CompileError> {
        Ok(self
            .builder
            .build_bit_cast(value, self.shape_type(shape), "lanes")?
            .into_vector_value())
    }

    /// Pop a `v128` as `shape`.
    fn pop_vec(&mut self, shape: Shape) -> Result<VectorValue<'ctx>, CompileError> {
        let value = self.pop();
        self.as_shape(value, shape)
    }

    /// Push a 128-bit vector as a `v128`.
    fn push_vec(&mut self, value: VectorValue<'ctx>) -> Result<(), CompileError> {
        let v128 = self
            .builder
            .build_bit_cast(value, self.cx.types.v128, "v128")?;
        self.push(v128);
        Ok(())
    }

    /// A vector of `lanes` copies of the scalar `value`.
    fn splat(
        &self,
        value: BasicValueEnum<'ctx>,
        lanes: u32,
    ) -> Result<VectorValue<'ctx>, CompileError> {
        let ty = match value {
            BasicValueEnum::IntValue(v) => v.get_type().vec_type(lanes),
            BasicValueEnum::FloatValue(v) => v.get_type().vec_type(lanes),
            _ => unreachable!("lanes are integers or floats"),
        };
        let zero = self.cx.types.i32.const_zero();
        let single = self
            .builder
            .build_insert_element(ty.get_undef(), value, zero, "one_lane")?;
        let mask = self.cx.types.i32.vec_type(lanes).const_zero();
        Ok(self
            .builder
            .build_shuffle_vector(single, ty.get_undef(), mask, "splat")?)
    }

    /// The constant shuffle mask `indices` (`<n x i32>`).
    fn const_mask(&self, indices: impl IntoIterator<Item = u32>) -> VectorValue<'ctx> {
        let lanes: Vec<_> = indices
            .into_iter()
            .map(|i| self.cx.types.i32.const_int(i as u64, false))
            .collect();
        VectorType::const_vector(&lanes)
    }

    /// Lanes `first..first + count` of `value`.
    fn lane_range(
        &self,
        value: VectorValue<'ctx>,
        first: u32,
        count: u32,
    ) -> Result<VectorValue<'ctx>, CompileError> {
        let mask = self.const_mask(first..first + count);
        Ok(self
            .builder
            .build_shuffle_vector(value, value.get_type().get_undef(), mask, "half")?)
    }

    /// Call intrinsic `name` overloaded on `types`; its result is a vector.
    fn vector_intrinsic(
        &self,
        name: &str,
        types: &[BasicTypeEnum<'ctx>],
        args: &[BasicMetadataValueEnum<'ctx>],
    ) -> Result<VectorValue<'ctx>, CompileError> {
        Ok(self.call_intrinsic(name, types, args)?.into_vector_value())
    }

    /// Call intrinsic `name` overloaded on the type of its first argument.
    fn lanewise_intrinsic(
        &self,
        name: &str,
        args: &[VectorValue<'ctx>],
    ) -> Result<VectorValue<'ctx>, CompileError> {
        let ty = args[0].get_type();
        let args: Vec<BasicMetadataValueEnum<'ctx>> = args.iter().map(|a| (*a).into()).collect();
        self.vector_intrinsic(name, &[ty.into()], &args)
    }
}

/// Pop one `v128` as `shape`, push `f(operand)`.
fn unary<'ctx, 'm, 'a>(
    t: &mut FuncTranslator<'ctx, 'm, 'a>,
    shape: Shape,
    f: impl FnOnce(
        &FuncTranslator<'ctx, 'm, 'a>,
        VectorValue<'ctx>,
    ) -> Result<VectorValue<'ctx>, CompileError>,
) -> Handled {
    let operand = t.pop_vec(shape)?;
    let result = f(t, operand)?;
    t.push_vec(result)?;
    Ok(true)
}

/// Pop two `v128`s as `shape` (pushed as `lhs`, then `rhs`), push
/// `f(lhs, rhs)`.
fn binary<'ctx, 'm, 'a>(
    t: &mut FuncTranslator<'ctx, 'm, 'a>,
    shape: Shape,
    f: impl FnOnce(
        &FuncTranslator<'ctx, 'm, 'a>,
        VectorValue<'ctx>,
        VectorValue<'ctx>,
    ) -> Result<VectorValue<'ctx>, CompileError>,
) -> Handled {
    let rhs = t.pop_vec(shape)?;
    let lhs = t.pop_vec(shape)?;
    let result = f(t, lhs, rhs)?;
    t.push_vec(result)?;
    Ok(true)
}
