//! Loading modules, checking imports, and linking instances together.

mod common;

use common::{calc, importer, memory_type, ModuleBuilder};
use std::sync::Arc;
use wasmlite_abi::{
    ConstOp, GlobalType, MemoryType, ModuleDescriptor, RefType, TableType, ValType::*,
};
use wasmlite_rt::{
    Caller, Extern, Global, HostFunc, HostState, ImportMismatchReason, Instance,
    InstantiationError, Linker, Memory, Module, Table, Val,
};

#[test]
fn modules_are_loaded_once_per_descriptor() {
    let descriptor = calc::module().descriptor();
    assert!(Arc::ptr_eq(
        // SAFETY: the descriptor of a module built by the test helpers.
        &unsafe { Module::from_descriptor(descriptor) }.unwrap(),
        &calc::module()
    ));
}

#[test]
fn loading_checks_the_abi_version_and_the_module_info() {
    let good = ModuleBuilder::new().descriptor();
    let wrong_version: &'static ModuleDescriptor = Box::leak(Box::new(ModuleDescriptor {
        abi_version: 999,
        ..copy(good)
    }));
    // SAFETY: a valid descriptor but for its version, which is checked
    // before anything else is read.
    assert!(matches!(
        unsafe { Module::from_descriptor(wrong_version) },
        Err(InstantiationError::AbiMismatch { found: 999, .. })
    ));
    static GARBAGE: [u8; 3] = [0xff, 0xff, 0xff];
    let garbage: &'static ModuleDescriptor = Box::leak(Box::new(ModuleDescriptor {
        module_info: GARBAGE.as_ptr(),
        module_info_len: GARBAGE.len(),
        ..copy(good)
    }));
    // SAFETY: the module info points to 3 valid bytes, which fail to parse
    // before any code pointer is used.
    assert!(matches!(
        unsafe { Module::from_descriptor(garbage) },
        Err(InstantiationError::BadModuleInfo(_))
    ));
}

fn copy(d: &ModuleDescriptor) -> ModuleDescriptor {
    ModuleDescriptor { ..*d }
}

fn mismatch(result: Result<Instance, InstantiationError>) -> ImportMismatchReason {
    match result {
        Err(InstantiationError::ImportMismatch { reason, .. }) => *reason,
        other => panic!("expected an import mismatch, got {other:?}"),
    }
}

fn calc_instance() -> Instance {
    Instance::new(calc::module(), &[]).unwrap()
}

#[test]
fn function_imports_must_be_functions_of_the_declared_type() {
    let calc = calc_instance();
    let memory = calc.get_export("memory").unwrap();
    assert_eq!(
        mismatch(Instance::new(importer::module(), &[memory])),
        ImportMismatchReason::Kind {
            expected: "function",
            found: "memory"
        }
    );
    let add = calc.get_export("add").unwrap();
    let ImportMismatchReason::FuncType { expected, found } =
        mismatch(Instance::new(importer::module(), &[add]))
    else {
        panic!("expected a type mismatch")
    };
    assert_eq!(
        (expected.params, found.unwrap().params),
        (vec![I32], vec![I32, I32])
    );
    assert!(matches!(
        Instance::new(importer::module(), &[]),
        Err(InstantiationError::ImportCount {
            expected: 1,
            given: 0
        })
    ));
    let err = Instance::new(importer::module(), &[calc.get_export("add").unwrap()]).unwrap_err();
    assert!(
        err.to_string()
            .starts_with("import #0 `env`.`double`: incompatible import type"),
        "{err}"
    );
}

fn memory_importer(ty: MemoryType) -> Arc<Module> {
    let mut b = ModuleBuilder::new();
    b.import_memory("env", "memory", ty);
    b.build()
}

#[test]
fn memory_imports_follow_limits_subtyping() {
    let module = memory_importer(memory_type(2, Some(4)));
    let instantiate = |minimum, maximum| {
        let memory = Memory::new(memory_type(minimum, maximum)).unwrap();
        Instance::new(module.clone(), &[Extern::Memory(memory)])
    };
    assert!(instantiate(2, Some(4)).is_ok());
    assert!(instantiate(3, Some(3)).is_ok());
    assert!(matches!(
        mismatch(instantiate(1, Some(4))),
        ImportMismatchReason::Limits { found_min: 1, .. }
    ));
    assert!(matches!(
        mismatch(instantiate(2, None)),
        ImportMismatchReason::Limits {
            found_max: None,
            ..
        }
    ));
    assert!(matches!(
        mismatch(instantiate(2, Some(5))),
        ImportMismatchReason::Limits { .. }
    ));
    // The current size counts, not the initial one.
    let memory = Memory::new(memory_type(1, Some(4))).unwrap();
    memory.grow(1).unwrap();
    assert!(Instance::new(module.clone(), &[Extern::Memory(memory)]).is_ok());
    let memory64 = Memory::new(MemoryType {
        memory64: true,
        ..memory_type(2, Some(4))
    })
    .unwrap();
    assert_eq!(
        mismatch(Instance::new(module, &[Extern::Memory(memory64)])),
        ImportMismatchReason::IndexType {
            entity: "memory",
            expected: 32,
            found: 64
        }
    );
}

#[test]
fn table_and_global_imports_check_their_types() {
    let mut b = ModuleBuilder::new();
    b.import_table(
        "env",
        "table",
        TableType {
            element: RefType::FUNCREF,
            minimum: 1,
            maximum: None,
            table64: false,
        },
    );
    b.import_global(
        "env",
        "global",
        GlobalType {
            content: I32,
            mutable: true,
        },
    );
    let module = b.build();
    let table = |element| {
        Extern::Table(
            Table::new(
                TableType {
                    element,
                    minimum: 1,
                    maximum: None,
                    table64: false,
                },
                Val::null(element),
            )
            .unwrap(),
        )
    };
    let global = |content, mutable, value| {
        Extern::Global(Global::new(GlobalType { content, mutable }, value).unwrap())
    };
    let instantiate = |imports: &[Extern]| Instance::new(module.clone(), imports);

    assert!(instantiate(&[table(RefType::FUNCREF), global(I32, true, Val::I32(0))]).is_ok());
    assert!(matches!(
        mismatch(instantiate(&[
            table(RefType::EXTERNREF),
            global(I32, true, Val::I32(0))
        ])),
        ImportMismatchReason::TableElement {
            found: RefType::EXTERNREF,
            ..
        }
    ));
    assert!(matches!(
        mismatch(instantiate(&[
            table(RefType::FUNCREF),
            global(I32, false, Val::I32(0))
        ])),
        ImportMismatchReason::GlobalType { .. }
    ));
    assert!(matches!(
        mismatch(instantiate(&[
            table(RefType::FUNCREF),
            global(I64, true, Val::I64(0))
        ])),
        ImportMismatchReason::GlobalType { .. }
    ));
}

#[test]
fn imported_functions_run_in_their_own_instance_and_keep_it_alive() {
    let mut calc = calc_instance();
    calc.call("store", &[Val::I32(16), Val::I32(1234)]).unwrap();
    let load = calc.get_export("load").unwrap();
    let mut user = Instance::new(importer::module(), &[load]).unwrap();
    drop(calc);
    // `env.double` is calc's `load`, reading calc's memory.
    assert_eq!(
        user.call("call_double", &[Val::I32(16)]),
        Ok(vec![Val::I32(1234)])
    );
    let err = user.call("call_double", &[Val::I32(1 << 20)]).unwrap_err();
    assert_eq!(
        err.to_string(),
        "wasm trap in function `load`: out of bounds memory access"
    );
}

#[test]
fn exported_memories_outlive_their_instance() {
    let mut calc = calc_instance();
    calc.call("store", &[Val::I32(0), Val::I32(77)]).unwrap();
    let Some(Extern::Memory(memory)) = calc.get_export("memory") else {
        panic!("calc exports a memory")
    };
    drop(calc);
    let mut buf = [0u8; 4];
    memory.read(0, &mut buf).unwrap();
    assert_eq!(i32::from_le_bytes(buf), 77);
    let user = Instance::new(
        memory_importer(memory_type(1, None)),
        &[Extern::Memory(memory.clone())],
    )
    .unwrap();
    memory.write(4, &[5]).unwrap();
    assert_eq!(user.memory(0)[4], 5);
}

#[test]
fn globals_are_initialized_from_imported_globals() {
    let mut b = ModuleBuilder::new();
    b.import_global(
        "env",
        "base",
        GlobalType {
            content: I32,
            mutable: false,
        },
    );
    b.global(
        GlobalType {
            content: I32,
            mutable: false,
        },
        vec![ConstOp::GlobalGet(0), ConstOp::I32Const(2), ConstOp::I32Add],
    );
    b.global(
        GlobalType {
            content: I64,
            mutable: true,
        },
        vec![ConstOp::I64Const(6), ConstOp::I64Const(7), ConstOp::I64Mul],
    );
    let base = Global::new(
        GlobalType {
            content: I32,
            mutable: false,
        },
        Val::I32(40),
    )
    .unwrap();
    let instance = Instance::new(b.build(), &[Extern::Global(base)]).unwrap();
    assert_eq!(instance.global_get(0), Val::I32(40));
    assert_eq!(instance.global_get(1), Val::I32(42));
    assert_eq!(instance.global_get(2), Val::I64(42));
}

#[test]
fn host_functions_are_checked_against_the_declared_type() {
    let triple = HostFunc::wrap(|_: &mut Caller<'_>, x: i32| x * 3);
    let mut user = Instance::new(importer::module(), &[Extern::HostFunc(triple)]).unwrap();
    assert_eq!(
        user.call("call_double", &[Val::I32(5)]),
        Ok(vec![Val::I32(15)])
    );
    let wrong = HostFunc::wrap(|_: &mut Caller<'_>, x: i64| x * 3);
    let Err(InstantiationError::ImportMismatch { field, reason, .. }) =
        Instance::new(importer::module(), &[Extern::HostFunc(wrong)])
    else {
        panic!("an (i64) -> i64 host function does not satisfy an (i32) -> i32 import");
    };
    assert_eq!(field, "double");
    assert!(matches!(*reason, ImportMismatchReason::FuncType { .. }));
}

#[test]
fn the_linker_resolves_imports_by_name_and_checks_their_types() {
    let mut linker = Linker::new();
    let Err(InstantiationError::UnknownImport {
        index,
        module,
        field,
        kind,
    }) = linker.instantiate(&importer::module(), HostState::new())
    else {
        panic!("nothing is defined yet");
    };
    assert_eq!(
        (index, module.as_str(), field.as_str(), kind),
        (0, "env", "double", "function")
    );
    linker.func_wrap("env", "double", |_: &mut Caller<'_>, x: f32| x);
    let Err(InstantiationError::ImportMismatch { field, reason, .. }) =
        linker.instantiate(&importer::module(), HostState::new())
    else {
        panic!("an (f32) -> f32 function does not satisfy (i32) -> i32");
    };
    assert_eq!(field, "double");
    assert!(matches!(*reason, ImportMismatchReason::FuncType { .. }));
    // Closure state: the caller's `i32` state is the factor.
    linker.func_wrap("env", "double", |caller: &mut Caller<'_>, x: i32| {
        x * *caller.state::<i32>().expect("a factor")
    });
    let mut by_three = linker
        .instantiate(&importer::module(), HostState::new().with(3))
        .unwrap();
    let mut by_five = linker
        .instantiate(&importer::module(), HostState::new().with(5))
        .unwrap();
    assert_eq!(
        by_three.call("call_double", &[Val::I32(7)]),
        Ok(vec![Val::I32(21)])
    );
    assert_eq!(
        by_five.call("call_double", &[Val::I32(7)]),
        Ok(vec![Val::I32(35)])
    );
}

#[test]
fn one_host_function_links_into_different_modules() {
    let calls = Arc::new(std::sync::atomic::AtomicU32::new(0));
    let counted = calls.clone();
    let add_one = HostFunc::wrap(move |_: &mut Caller<'_>, x: i32| {
        counted.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        x + 1
    });
    let mut linker = Linker::new();
    linker
        .define("env", "double", add_one.clone())
        .define("env", "f", add_one);
    let mut user = linker
        .instantiate(&importer::module(), HostState::new())
        .unwrap();
    let mut chain = linker
        .instantiate(&common::chain::module(), HostState::new())
        .unwrap();
    assert_eq!(
        user.call("call_double", &[Val::I32(1)]),
        Ok(vec![Val::I32(2)])
    );
    assert_eq!(chain.call("a", &[Val::I32(1)]), Ok(vec![Val::I32(5)]));
    assert_eq!(calls.load(std::sync::atomic::Ordering::Relaxed), 2);
    // An instance's exports can be defined too.
    linker.define_instance("chain", &chain);
    assert!(matches!(linker.get("chain", "a"), Some(Extern::Func(_))));
}
