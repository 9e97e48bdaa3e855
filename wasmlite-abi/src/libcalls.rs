//! Runtime functions called by compiled code, through the `VMLibcalls`
//! table that `VMContextHeader::libcalls` points to.
//!
//! The list is written once, in `for_each_libcall!`; from it come the
//! [`Libcall`] enum the compiler uses (index, name, signature) and the
//! [`VMLibcalls`] struct of function pointers the runtime fills in.
//!
//! Only [`Libcall::Trap`] transfers control away (it never returns). Every
//! other libcall that can fail returns a status: `0` on success, otherwise
//! `TrapCode as u32 + 1`; the compiled code then calls `Trap` itself so the
//! trap is attributed to the right wasm function.

use crate::vmstructs::VMContext;

/// The type of a libcall parameter or result, as compiled code sees it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AbiType {
    /// A pointer (`*mut VMContext`, a table element, ...).
    Ptr,
    /// A 32-bit integer.
    I32,
    /// A 64-bit integer.
    I64,
}

macro_rules! abi_rust_type {
    (Ptr) => { *mut u8 };
    (Vmctx) => { *mut VMContext };
    (I32) => { u32 };
    (I64) => { u64 };
}
macro_rules! abi_type {
    (Vmctx) => { AbiType::Ptr };
    ($t:ident) => { AbiType::$t };
}

macro_rules! for_each_libcall {
    ($mac:ident) => {
        $mac! {
            /// Raise a trap: `(vmctx, trap_code, defined_or_imported_func_index)`. Never returns.
            Trap trap(vmctx: Vmctx, code: I32, func_index: I32) -> !;
            /// `memory.grow`: `(vmctx, memory, delta_pages)` → old size in pages, or `u64::MAX` on failure.
            MemoryGrow memory_grow(vmctx: Vmctx, memory: I32, delta: I64) -> I64;
            /// `memory.init`: `(vmctx, memory, data, dst, src, len)` → status.
            MemoryInit memory_init(vmctx: Vmctx, memory: I32, data: I32, dst: I64, src: I32, len: I32) -> I32;
            /// `data.drop`: `(vmctx, data)`.
            DataDrop data_drop(vmctx: Vmctx, data: I32) -> ();
            /// `memory.copy`: `(vmctx, dst_memory, src_memory, dst, src, len)` → status.
            MemoryCopy memory_copy(vmctx: Vmctx, dst_memory: I32, src_memory: I32, dst: I64, src: I64, len: I64) -> I32;
            /// `memory.fill`: `(vmctx, memory, dst, value, len)` → status.
            MemoryFill memory_fill(vmctx: Vmctx, memory: I32, dst: I64, value: I32, len: I64) -> I32;
            /// `table.grow`: `(vmctx, table, init, delta)` → old size, or `u64::MAX` on failure.
            TableGrow table_grow(vmctx: Vmctx, table: I32, init: Ptr, delta: I64) -> I64;
            /// `table.fill`: `(vmctx, table, dst, value, len)` → status.
            TableFill table_fill(vmctx: Vmctx, table: I32, dst: I64, value: Ptr, len: I64) -> I32;
            /// `table.copy`: `(vmctx, dst_table, src_table, dst, src, len)` → status.
            TableCopy table_copy(vmctx: Vmctx, dst_table: I32, src_table: I32, dst: I64, src: I64, len: I64) -> I32;
            /// `table.init`: `(vmctx, table, elem, dst, src, len)` → status.
            TableInit table_init(vmctx: Vmctx, table: I32, elem: I32, dst: I64, src: I32, len: I32) -> I32;
            /// `elem.drop`: `(vmctx, elem)`.
            ElemDrop elem_drop(vmctx: Vmctx, elem: I32) -> ();
        }
    };
}

macro_rules! ret_abi {
    (!) => { None };
    (()) => { None };
    ($t:ident) => { Some(abi_type!($t)) };
}
macro_rules! ret_rust {
    (!) => { ! };
    (()) => { () };
    ($t:ident) => { abi_rust_type!($t) };
}
macro_rules! is_noreturn {
    (!) => { true };
    ($($t:tt)*) => { false };
}

macro_rules! define_libcalls {
    ($( $(#[$doc:meta])* $variant:ident $field:ident ( $($p:ident : $pt:ident),* ) -> $ret:tt; )*) => {
        /// A runtime function compiled code may call.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        pub enum Libcall {
            $( $(#[$doc])* $variant, )*
        }

        impl Libcall {
            /// Every libcall, in table order.
            pub const ALL: &'static [Libcall] = &[$(Libcall::$variant),*];

            /// Index of this libcall's pointer in [`VMLibcalls`].
            pub fn index(self) -> u32 {
                self as u32
            }
            /// Byte offset of this libcall's pointer in [`VMLibcalls`].
            pub fn offset(self) -> u32 {
                self.index() * core::mem::size_of::<usize>() as u32
            }
            /// The libcall's name, for diagnostics and IR symbol names.
            pub fn name(self) -> &'static str {
                match self { $(Libcall::$variant => stringify!($field),)* }
            }
            /// Parameter types (the first is always the caller's `VMContext`).
            pub fn params(self) -> &'static [AbiType] {
                match self { $(Libcall::$variant => &[$(abi_type!($pt)),*],)* }
            }
            /// Result type; `None` for no result.
            pub fn result(self) -> Option<AbiType> {
                match self { $(Libcall::$variant => ret_abi!($ret),)* }
            }
            /// Whether the libcall never returns.
            pub fn is_noreturn(self) -> bool {
                match self { $(Libcall::$variant => is_noreturn!($ret),)* }
            }
        }

        /// The table of runtime functions, filled in by the runtime; field order
        /// is [`Libcall`] order.
        #[repr(C)]
        #[allow(missing_docs)]
        pub struct VMLibcalls {
            $( $(#[$doc])* pub $field: unsafe extern "C" fn($($p: abi_rust_type!($pt)),*) -> ret_rust!($ret), )*
        }

        #[cfg(test)]
        mod layout_tests {
            use super::*;
            #[test]
            fn table_offsets_match_enum() {
                $( assert_eq!(core::mem::offset_of!(VMLibcalls, $field) as u32, Libcall::$variant.offset()); )*
                assert_eq!(core::mem::size_of::<VMLibcalls>(), Libcall::ALL.len() * 8);
            }
        }
    };
}

for_each_libcall!(define_libcalls);
