//! Bulk memory and table operations with the specification's bounds
//! semantics, shared by the libcalls and by instantiation (active segments
//! are applied with `memory.init`/`table.init`).

use crate::bounds::in_bounds;
use crate::instance_data::InstanceData;
use crate::table::TableCell;
use wasmlite_abi::TrapCode;

impl InstanceData {
    /// `memory.init`: copies `len` bytes of data segment `data` from `src`
    /// to memory `memory` at `dst`.
    pub(crate) fn memory_init(
        &self,
        memory: u32,
        data: u32,
        dst: u64,
        src: u32,
        len: u32,
    ) -> Result<(), TrapCode> {
        let bytes = self.data_segment(data);
        let memory = &self.memories[memory as usize];
        let (src, len) = (u64::from(src), u64::from(len));
        if !in_bounds(src, len, bytes.len() as u64) || !in_bounds(dst, len, memory.byte_len()) {
            return Err(TrapCode::MemoryOutOfBounds);
        }
        // SAFETY: both ranges are in bounds; a segment is never inside a memory.
        unsafe {
            std::ptr::copy_nonoverlapping(
                bytes.as_ptr().add(src as usize),
                memory.base().add(dst as usize),
                len as usize,
            )
        };
        Ok(())
    }

    /// `memory.copy`: copies `len` bytes from `src_memory[src..]` to
    /// `dst_memory[dst..]`; the ranges may overlap.
    pub(crate) fn memory_copy(
        &self,
        dst_memory: u32,
        src_memory: u32,
        dst: u64,
        src: u64,
        len: u64,
    ) -> Result<(), TrapCode> {
        let to = &self.memories[dst_memory as usize];
        let from = &self.memories[src_memory as usize];
        if !in_bounds(dst, len, to.byte_len()) || !in_bounds(src, len, from.byte_len()) {
            return Err(TrapCode::MemoryOutOfBounds);
        }
        // SAFETY: both ranges are in bounds; `ptr::copy` allows overlap.
        unsafe {
            std::ptr::copy(
                from.base().add(src as usize),
                to.base().add(dst as usize),
                len as usize,
            )
        };
        Ok(())
    }

    /// `memory.fill`: sets `len` bytes at `dst` to `value`.
    pub(crate) fn memory_fill(
        &self,
        memory: u32,
        dst: u64,
        value: u8,
        len: u64,
    ) -> Result<(), TrapCode> {
        let memory = &self.memories[memory as usize];
        if !in_bounds(dst, len, memory.byte_len()) {
            return Err(TrapCode::MemoryOutOfBounds);
        }
        // SAFETY: the range is in bounds.
        unsafe { std::ptr::write_bytes(memory.base().add(dst as usize), value, len as usize) };
        Ok(())
    }

    /// `table.init`: copies `len` items of element segment `elem` from
    /// `src` to table `table` at `dst`.
    pub(crate) fn table_init(
        &self,
        table: u32,
        elem: u32,
        dst: u64,
        src: u32,
        len: u32,
    ) -> Result<(), TrapCode> {
        // SAFETY: the segment is not dropped during this call.
        let items = unsafe { self.element_segment(elem) };
        let (src, len) = (src as usize, len as usize);
        let items = src
            .checked_add(len)
            .and_then(|end| items.get(src..end))
            .ok_or(TrapCode::TableOutOfBounds)?;
        self.tables[table as usize].init(dst, items)
    }

    /// `table.copy`.
    pub(crate) fn table_copy(
        &self,
        dst_table: u32,
        src_table: u32,
        dst: u64,
        src: u64,
        len: u64,
    ) -> Result<(), TrapCode> {
        TableCell::copy(
            &self.tables[dst_table as usize],
            &self.tables[src_table as usize],
            dst,
            src,
            len,
        )
    }
}
