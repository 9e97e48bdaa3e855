//! The layout of a `VMContext`, computed from a module's entity counts.

use crate::vmstructs::{VMContextHeader, VMFuncRef};
use core::mem::{offset_of, size_of};

/// Byte offsets of every field of one module's `VMContext`.
///
/// ```text
/// header        VMContextHeader  (limits, libcalls, instance)
/// type_ids      [u32; types]                 padded to 8
/// memories      [*mut VMMemory; memories]    imported first, then defined
/// tables        [*mut VMTable; tables]       imported first, then defined
/// globals       [*mut VMGlobal; globals]     imported first, then defined
/// funcrefs      [VMFuncRef; funcrefs]        imported functions, then the
///                                            referenced defined ones
/// ```
///
/// Every slot is written by the runtime before any wasm code runs. Slots
/// in `type_ids`, `memories`, `tables` and `globals`, and the `code`/`vmctx`
/// of `funcrefs`, never change afterwards, so compiled code may treat loads
/// of them as invariant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct VMOffsets {
    /// Number of function types.
    pub num_types: u32,
    /// Number of memories (imported and defined).
    pub num_memories: u32,
    /// Number of tables (imported and defined).
    pub num_tables: u32,
    /// Number of globals (imported and defined).
    pub num_globals: u32,
    /// Number of `VMFuncRef` slots: one per imported function, then one
    /// per referenced defined function (see
    /// [`crate::ModuleInfo::funcref_slot`]). A defined function nothing
    /// refers to is only called directly and needs none.
    pub num_funcrefs: u32,
}

const PTR: u32 = size_of::<usize>() as u32;

impl VMOffsets {
    /// Offset of `VMContextHeader::limits` (`*mut VMLimits`).
    pub const LIMITS: u32 = offset_of!(VMContextHeader, limits) as u32;
    /// Offset of `VMContextHeader::libcalls` (`*const VMLibcalls`).
    pub const LIBCALLS: u32 = offset_of!(VMContextHeader, libcalls) as u32;
    /// Offset of `VMContextHeader::instance`.
    pub const INSTANCE: u32 = offset_of!(VMContextHeader, instance) as u32;

    fn type_ids_start(&self) -> u32 {
        size_of::<VMContextHeader>() as u32
    }
    fn memories_start(&self) -> u32 {
        align8(self.type_ids_start() + 4 * self.num_types)
    }
    fn tables_start(&self) -> u32 {
        self.memories_start() + PTR * self.num_memories
    }
    fn globals_start(&self) -> u32 {
        self.tables_start() + PTR * self.num_tables
    }
    fn funcrefs_start(&self) -> u32 {
        self.globals_start() + PTR * self.num_globals
    }

    /// Offset of the `u32` canonical type id of type `index`.
    pub fn type_id(&self, index: u32) -> u32 {
        debug_assert!(index < self.num_types);
        self.type_ids_start() + 4 * index
    }
    /// Offset of the `*mut VMMemory` of memory `index`.
    pub fn memory(&self, index: u32) -> u32 {
        debug_assert!(index < self.num_memories);
        self.memories_start() + PTR * index
    }
    /// Offset of the `*mut VMTable` of table `index`.
    pub fn table(&self, index: u32) -> u32 {
        debug_assert!(index < self.num_tables);
        self.tables_start() + PTR * index
    }
    /// Offset of the `*mut VMGlobal` of global `index`.
    pub fn global(&self, index: u32) -> u32 {
        debug_assert!(index < self.num_globals);
        self.globals_start() + PTR * index
    }
    /// Offset of `VMFuncRef` slot `slot` (from
    /// [`crate::ModuleInfo::funcref_slot`]).
    pub fn funcref(&self, slot: u32) -> u32 {
        debug_assert!(slot < self.num_funcrefs);
        self.funcrefs_start() + size_of::<VMFuncRef>() as u32 * slot
    }
    /// Total size of the `VMContext` in bytes (a multiple of 16).
    pub fn size(&self) -> u32 {
        let end = self.funcrefs_start() + size_of::<VMFuncRef>() as u32 * self.num_funcrefs;
        (end + 15) & !15
    }
}

fn align8(n: u32) -> u32 {
    (n + 7) & !7
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_follow_each_other_without_overlap() {
        let o = VMOffsets {
            num_types: 3,
            num_memories: 1,
            num_tables: 2,
            num_globals: 2,
            num_funcrefs: 4,
        };
        assert_eq!(VMOffsets::LIMITS, 0);
        assert_eq!(VMOffsets::LIBCALLS, 8);
        assert_eq!(VMOffsets::INSTANCE, 16);
        assert_eq!(o.type_id(0), 24);
        assert_eq!(o.type_id(2), 32);
        assert_eq!(o.memory(0), 40);
        assert_eq!(o.table(0), 48);
        assert_eq!(o.table(1), 56);
        assert_eq!(o.global(0), 64);
        assert_eq!(o.global(1), 72);
        assert_eq!(o.funcref(0), 80);
        assert_eq!(o.funcref(3), 80 + 72);
        assert_eq!(o.size(), 176);
    }
}
