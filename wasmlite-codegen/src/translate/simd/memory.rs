//! SIMD loads and stores: `v128.load`/`store`, the extending loads, the
//! splat and zero-filling loads, and the single-lane loads and stores.
//! Addresses and bounds checks are formed exactly as for scalar accesses
//! (`effective_address`: guard pages or explicit checks); every access is
//! a linear-memory access (`heap_access`: `align 1`, as wasm's alignment
//! is only a hint, and the linear-memory TBAA tag).

use super::super::{FuncTranslator, Handled};
use super::Shape;
use crate::{BoundsChecks, CompileError};
use inkwell::types::BasicTypeEnum;
use inkwell::values::{BasicValue, BasicValueEnum, PointerValue};
use wasmparser::{MemArg, Operator};

/// Translate a SIMD memory operator; `Ok(false)` if `op` is not one.
pub(super) fn translate(t: &mut FuncTranslator<'_, '_, '_>, op: &Operator<'_>) -> Handled {
    use Operator::*;
    use Shape::*;
    match *op {
        V128Load { memarg } => {
            let pointer = pop_address(t, &memarg, 16)?;
            let value = load(t, pointer, t.cx.types.v128.into())?;
            t.push(value);
        }
        V128Store { memarg } => {
            let value = t.pop();
            let pointer = pop_address(t, &memarg, 16)?;
            store(t, pointer, value)?;
        }
        V128Load8x8S { memarg } => load_extend(t, &memarg, I8x16, true)?,
        V128Load8x8U { memarg } => load_extend(t, &memarg, I8x16, false)?,
        V128Load16x4S { memarg } => load_extend(t, &memarg, I16x8, true)?,
        V128Load16x4U { memarg } => load_extend(t, &memarg, I16x8, false)?,
        V128Load32x2S { memarg } => load_extend(t, &memarg, I32x4, true)?,
        V128Load32x2U { memarg } => load_extend(t, &memarg, I32x4, false)?,
        V128Load8Splat { memarg } => load_splat(t, &memarg, I8x16)?,
        V128Load16Splat { memarg } => load_splat(t, &memarg, I16x8)?,
        V128Load32Splat { memarg } => load_splat(t, &memarg, I32x4)?,
        V128Load64Splat { memarg } => load_splat(t, &memarg, I64x2)?,
        V128Load32Zero { memarg } => load_zero(t, &memarg, I32x4)?,
        V128Load64Zero { memarg } => load_zero(t, &memarg, I64x2)?,
        V128Load8Lane { memarg, lane } => load_lane(t, &memarg, I8x16, lane)?,
        V128Load16Lane { memarg, lane } => load_lane(t, &memarg, I16x8, lane)?,
        V128Load32Lane { memarg, lane } => load_lane(t, &memarg, I32x4, lane)?,
        V128Load64Lane { memarg, lane } => load_lane(t, &memarg, I64x2, lane)?,
        V128Store8Lane { memarg, lane } => store_lane(t, &memarg, I8x16, lane)?,
        V128Store16Lane { memarg, lane } => store_lane(t, &memarg, I16x8, lane)?,
        V128Store32Lane { memarg, lane } => store_lane(t, &memarg, I32x4, lane)?,
        V128Store64Lane { memarg, lane } => store_lane(t, &memarg, I64x2, lane)?,
        _ => return Ok(false),
    }
    Ok(true)
}

/// Pop an `i32` address and form the native pointer for a `size`-byte
/// access with `memarg`.
fn pop_address<'ctx>(
    t: &mut FuncTranslator<'ctx, '_, '_>,
    memarg: &MemArg,
    size: u64,
) -> Result<PointerValue<'ctx>, CompileError> {
    let address = t.pop_int();
    t.effective_address(memarg, address, size)
}

/// An unaligned load of `ty` from `pointer`.
fn load<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    pointer: PointerValue<'ctx>,
    ty: BasicTypeEnum<'ctx>,
) -> Result<BasicValueEnum<'ctx>, CompileError> {
    let value = t.builder.build_load(ty, pointer, "simd_load")?;
    t.heap_access(
        value
            .as_instruction_value()
            .expect("a load is an instruction"),
    )?;
    Ok(value)
}

/// [`load`] for the loads whose value is pushed after further operations
/// (extend, splat, insert): with guard pages, made volatile so that an
/// out-of-bounds access traps even when its value ends up unused. With
/// explicit checks the check traps, and the load stays an ordinary one.
fn load_kept<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    pointer: PointerValue<'ctx>,
    ty: BasicTypeEnum<'ctx>,
) -> Result<BasicValueEnum<'ctx>, CompileError> {
    let value = load(t, pointer, ty)?;
    if t.cx.bounds_checks == BoundsChecks::GuardPages {
        let instruction = value
            .as_instruction_value()
            .expect("a load is an instruction");
        instruction
            .set_volatile(true)
            .map_err(|e| CompileError::Llvm(e.to_string()))?;
    }
    Ok(value)
}

/// An unaligned store of `value` to `pointer`.
fn store<'ctx>(
    t: &FuncTranslator<'ctx, '_, '_>,
    pointer: PointerValue<'ctx>,
    value: BasicValueEnum<'ctx>,
) -> Result<(), CompileError> {
    let store = t.builder.build_store(pointer, value)?;
    t.heap_access(store)
}

/// Bytes in one lane of `shape`.
fn lane_bytes(shape: Shape) -> u64 {
    u64::from(shape.lane_bits() / 8)
}

/// The lane type of `shape`.
fn lane_type<'ctx>(t: &FuncTranslator<'ctx, '_, '_>, shape: Shape) -> BasicTypeEnum<'ctx> {
    t.shape_type(shape).get_element_type()
}

/// `v128.loadNxM_s/u`: load half a vector of `narrow` lanes and extend each
/// to twice its width.
fn load_extend(
    t: &mut FuncTranslator<'_, '_, '_>,
    memarg: &MemArg,
    narrow: Shape,
    signed: bool,
) -> Result<(), CompileError> {
    let pointer = pop_address(t, memarg, 8)?;
    let lane = lane_type(t, narrow).into_int_type();
    let half = lane.vec_type(narrow.lanes() / 2);
    let loaded = load_kept(t, pointer, half.into())?.into_vector_value();
    let wide = t
        .lane_int(narrow.lane_bits() * 2)
        .vec_type(narrow.lanes() / 2);
    let extended = if signed {
        t.builder.build_int_s_extend(loaded, wide, "sext")?
    } else {
        t.builder.build_int_z_extend(loaded, wide, "zext")?
    };
    t.push_vec(extended)
}

/// `v128.loadN_splat`.
fn load_splat(
    t: &mut FuncTranslator<'_, '_, '_>,
    memarg: &MemArg,
    shape: Shape,
) -> Result<(), CompileError> {
    let pointer = pop_address(t, memarg, lane_bytes(shape))?;
    let scalar = load_kept(t, pointer, lane_type(t, shape))?;
    let vector = t.splat(scalar, shape.lanes())?;
    t.push_vec(vector)
}

/// `v128.loadN_zero`: the loaded value in lane 0, zeros elsewhere.
fn load_zero(
    t: &mut FuncTranslator<'_, '_, '_>,
    memarg: &MemArg,
    shape: Shape,
) -> Result<(), CompileError> {
    let pointer = pop_address(t, memarg, lane_bytes(shape))?;
    let scalar = load_kept(t, pointer, lane_type(t, shape))?;
    let zero = t.shape_type(shape).const_zero();
    let at = t.cx.types.i32.const_zero();
    let vector = t
        .builder
        .build_insert_element(zero, scalar, at, "load_zero")?;
    t.push_vec(vector)
}

/// `v128.loadN_lane`: pop a vector and an address, replace lane `lane`.
fn load_lane(
    t: &mut FuncTranslator<'_, '_, '_>,
    memarg: &MemArg,
    shape: Shape,
    lane: u8,
) -> Result<(), CompileError> {
    let vector = t.pop_vec(shape)?;
    let pointer = pop_address(t, memarg, lane_bytes(shape))?;
    let scalar = load_kept(t, pointer, lane_type(t, shape))?;
    let at = t.cx.types.i32.const_int(lane as u64, false);
    let vector = t
        .builder
        .build_insert_element(vector, scalar, at, "load_lane")?;
    t.push_vec(vector)
}

/// `v128.storeN_lane`: pop a vector and an address, store lane `lane`.
fn store_lane(
    t: &mut FuncTranslator<'_, '_, '_>,
    memarg: &MemArg,
    shape: Shape,
    lane: u8,
) -> Result<(), CompileError> {
    let vector = t.pop_vec(shape)?;
    let pointer = pop_address(t, memarg, lane_bytes(shape))?;
    let at = t.cx.types.i32.const_int(lane as u64, false);
    let scalar = t.builder.build_extract_element(vector, at, "store_lane")?;
    store(t, pointer, scalar)
}
