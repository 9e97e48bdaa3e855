//! Type-based alias analysis (TBAA) tags telling LLVM which memory
//! accesses cannot overlap.
//!
//! Two disjoint kinds of memory are tagged:
//! - `heap`: linear memory, every wasm load and store (all access types
//!   share the one tag, so they all may alias each other);
//! - `memory length`: the `length` field of a `VMMemory`, read for
//!   explicit bounds checks and `memory.size`.
//!
//! A `VMMemory` lives in runtime-allocated VM structures, never inside a
//! linear memory, so a heap store never changes a memory's length. With
//! the tags LLVM knows that too: a loop storing to memory keeps its length
//! in a register (LICM) instead of reloading it before every access.
//! Calls carry no tag and still clobber everything, so `memory.grow`
//! (a libcall) and calls to other functions force a reload. Untagged
//! accesses (globals, tables, other VM fields) keep aliasing everything.

use crate::CompileError;
use inkwell::context::Context;
use inkwell::values::{InstructionValue, MetadataValue};

/// The TBAA access tags of one module.
#[derive(Clone, Copy)]
pub(crate) struct AliasTags<'ctx> {
    /// Linear-memory accesses.
    pub heap: MetadataValue<'ctx>,
    /// Loads of `VMMemory::length`.
    pub memory_length: MetadataValue<'ctx>,
}

impl<'ctx> AliasTags<'ctx> {
    /// Build the type descriptors and access tags in `context`.
    pub fn new(context: &'ctx Context) -> Self {
        let root =
            context.metadata_node(&[context.metadata_string("wasmlite memory kinds").into()]);
        let offset = context.i64_type().const_zero();
        let tag = |name: &str| {
            let ty = context.metadata_node(&[
                context.metadata_string(name).into(),
                root.into(),
                offset.into(),
            ]);
            context.metadata_node(&[ty.into(), ty.into(), offset.into()])
        };
        AliasTags {
            heap: tag("linear memory"),
            memory_length: tag("memory length"),
        }
    }

    /// Attach `tag` to a load, store or memory intrinsic call.
    pub fn attach(
        context: &'ctx Context,
        instruction: InstructionValue<'ctx>,
        tag: MetadataValue<'ctx>,
    ) -> Result<(), CompileError> {
        let kind = context.get_kind_id("tbaa");
        instruction
            .set_metadata(tag, kind)
            .map_err(|e| CompileError::Llvm(e.to_string()))
    }
}
