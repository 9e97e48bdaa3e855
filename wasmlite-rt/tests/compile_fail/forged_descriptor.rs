//! Safe code cannot load a module from a descriptor it made up.
use wasmlite_rt::{Module, ModuleDescriptor};

fn main() {
    let forged: &'static ModuleDescriptor = Box::leak(Box::new(ModuleDescriptor {
        abi_version: wasmlite_rt::__private::abi::ABI_VERSION,
        num_defined_functions: 1,
        module_info: std::ptr::null(),
        module_info_len: 0,
        functions: std::ptr::null(),
        num_exports: 0,
        exports: std::ptr::null(),
        function_sizes: std::ptr::null(),
        export_sizes: std::ptr::null(),
        num_imported_functions: 0,
        import_adapters: std::ptr::null(),
        start: None,
        start_size: std::ptr::null(),
    }));
    let _module = Module::from_descriptor(forged);
}
