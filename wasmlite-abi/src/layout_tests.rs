//! Every `#[repr(C)]` struct of the contract, pinned: size, alignment and
//! the offset of every field. Compiled code and hand-written readers (the
//! descriptor codegen writes, the runtime's `VMContext` accessors) depend
//! on these numbers; a change here is an ABI change and must bump
//! [`crate::ABI_VERSION`].
//!
//! Each `pin!` also destructures the struct without `..`, so adding a field
//! without pinning it does not compile. (`VMLibcalls` is pinned against the
//! `Libcall` enum in `libcalls.rs`.)

use crate::vmstructs::{VMContextHeader, VMHostContext};
use crate::*;
use core::mem::{align_of, offset_of, size_of};

macro_rules! pin {
    ($ty:ident { size: $size:expr, align: $align:expr $(, $field:ident: $offset:expr)* $(,)? }) => {{
        #[allow(dead_code)]
        fn every_field_is_pinned(value: &$ty) {
            let $ty { $($field: _),* } = value;
        }
        assert_eq!(size_of::<$ty>(), $size, "size of {}", stringify!($ty));
        assert_eq!(align_of::<$ty>(), $align, "alignment of {}", stringify!($ty));
        $(assert_eq!(offset_of!($ty, $field), $offset, "{}::{}", stringify!($ty), stringify!($field));)*
    }};
}

#[test]
fn vm_structs_have_the_layout_compiled_code_assumes() {
    pin!(VMLimits { size: 24, align: 8, stack_limit: 0, fuel: 8, epoch_deadline: 16 });
    pin!(VMMemory { size: 16, align: 8, base: 0, length: 8 });
    pin!(VMTable { size: 16, align: 8, elements: 0, length: 8 });
    pin!(VMGlobal { size: 16, align: 16, value: 0 });
    pin!(VMFuncRef { size: 24, align: 8, code: 0, vmctx: 8, type_id: 16 });
    pin!(VMContextHeader { size: 24, align: 8, limits: 0, libcalls: 8, instance: 16 });
    pin!(VMHostContext { size: 32, align: 8, header: 0, host_code: 24 });
    assert_eq!((size_of::<VMContext>(), align_of::<VMContext>()), (0, 1), "VMContext is opaque");
}

#[test]
fn the_descriptor_has_the_layout_codegen_writes() {
    pin!(ModuleDescriptor {
        size: 96,
        align: 8,
        abi_version: 0,
        num_defined_functions: 4,
        module_info: 8,
        module_info_len: 16,
        functions: 24,
        num_exports: 32,
        exports: 40,
        function_sizes: 48,
        export_sizes: 56,
        num_imported_functions: 64,
        import_adapters: 72,
        start: 80,
        start_size: 88,
    });
}

#[test]
fn value_slots_are_16_bytes_and_16_aligned() {
    assert_eq!((size_of::<ValRaw>(), align_of::<ValRaw>()), (16, 16));
    assert_eq!((size_of::<Option<ArrayCallFn>>(), align_of::<Option<ArrayCallFn>>()), (8, 8));
}
