//! Modules importing memories, tables and globals through `include_wasm!`
//! (`wasm/linked.wat`): the `Externs` struct, handles exported by another
//! instance (`wasm/provider.wat`) or made by the host, and type checks.

mod family_support;

use wasmlite_rt::{
    Extern, Global, GlobalType, InstantiationError, Memory, MemoryType, RefType, Table, TableType,
    Val, ValType,
};

wasmlite_rt::include_wasm!("wasm/provider.wat");
wasmlite_rt::include_wasm!("wasm/linked.wat");

/// Host state of linked.wat: what `env.log` saw.
#[derive(Default)]
struct Log(Vec<i32>);

impl linked::Imports for Log {
    fn env_log(&mut self, value: i32) {
        self.0.push(value);
    }
}

fn export(instance: &wasmlite_rt::Instance, name: &str) -> Extern {
    instance.get_export(name).expect(name)
}

/// The externs of `provider`'s exports.
fn externs_of(provider: &provider::Provider<()>) -> linked::Externs {
    let instance = provider.instance();
    let (Extern::Memory(env_memory), Extern::Table(env_table)) =
        (export(instance, "memory"), export(instance, "table"))
    else {
        panic!("provider exports a memory and a table")
    };
    let (Extern::Global(env_base), Extern::Global(env_counter)) =
        (export(instance, "base"), export(instance, "counter"))
    else {
        panic!("provider exports globals")
    };
    linked::Externs {
        env_memory,
        env_table,
        env_base,
        env_counter,
    }
}

#[test]
fn imports_another_instances_memory_table_and_globals() {
    let mut provider = provider::Provider::new(()).unwrap();
    let mut user = linked::Linked::new(Log::default(), externs_of(&provider)).unwrap();
    user.write(4, 1234).unwrap();
    assert_eq!(user.host().0, [1234]);
    // base is 16: the store went to address 20 of the shared memory.
    assert_eq!(provider.read(20).unwrap(), 1234);
    assert_eq!(provider.memory()[20..24], 1234i32.to_le_bytes());
    assert_eq!(user.bump().unwrap(), 1);
    assert_eq!(user.bump().unwrap(), 2);
    assert_eq!(provider.counter(), 2, "the global is shared");
    assert_eq!(user.call_slot(0).unwrap(), 7, "the table is shared");
    // Growth through the importer is seen by the exporter.
    assert_eq!(user.grow(1).unwrap(), 1);
    assert_eq!(provider.memory().len(), 2 * 65536);
    drop(provider);
    user.write(65536, 5).unwrap();
    assert_eq!(
        user.call_slot(0).unwrap(),
        7,
        "the importer keeps them alive"
    );
}

#[test]
fn imports_handles_made_by_the_host() {
    let memory = Memory::new(MemoryType {
        minimum: 1,
        maximum: Some(2),
        memory64: false,
        shared: false,
    })
    .unwrap();
    let table = Table::new(
        TableType {
            element: RefType::FUNCREF,
            minimum: 1,
            maximum: None,
            table64: false,
        },
        Val::FuncRef(None),
    )
    .unwrap();
    let global =
        |content, mutable, value| Global::new(GlobalType { content, mutable }, value).unwrap();
    let externs = linked::Externs {
        env_memory: memory.clone(),
        env_table: table,
        env_base: global(ValType::I32, false, Val::I32(100)),
        env_counter: global(ValType::I64, true, Val::I64(41)),
    };
    let counter = externs.env_counter.clone();
    let mut user = linked::Linked::new(Log::default(), externs).unwrap();
    user.write(0, -1).unwrap();
    let mut bytes = [0u8; 4];
    memory.read(100, &mut bytes).unwrap();
    assert_eq!(bytes, (-1i32).to_le_bytes());
    assert_eq!(user.bump().unwrap(), 42);
    assert_eq!(counter.get(), Val::I64(42));
    let trap = user.call_slot(0).unwrap_err();
    assert_eq!(trap.code(), wasmlite_rt::TrapCode::IndirectCallToNull);
    assert_eq!(user.grow(1).unwrap(), 1);
    assert_eq!(
        user.grow(1).unwrap(),
        -1,
        "the host's maximum of 2 pages holds"
    );
}

#[test]
fn mismatched_externs_are_instantiation_errors_naming_the_import() {
    let provider = provider::Provider::new(()).unwrap();
    let mut externs = externs_of(&provider);
    // `env.counter` must be a mutable i64; give it the immutable i32.
    externs.env_counter = externs.env_base.clone();
    let error = match linked::Linked::new(Log::default(), externs) {
        Err(error) => error,
        Ok(_) => panic!("a mismatched global must not instantiate"),
    };
    assert!(
        matches!(error, InstantiationError::ImportMismatch { index: 3, .. }),
        "{error:?}"
    );
    assert!(
        error
            .to_string()
            .starts_with("import #3 `env`.`counter`: incompatible import type"),
        "{error}"
    );
    let small = Memory::new(MemoryType {
        minimum: 0,
        maximum: None,
        memory64: false,
        shared: false,
    })
    .unwrap();
    let mut externs = externs_of(&provider);
    externs.env_memory = small;
    let error = linked::Linked::new(Log::default(), externs)
        .err()
        .expect("too small a memory");
    assert!(
        error
            .to_string()
            .starts_with("import #0 `env`.`memory`: incompatible import type"),
        "{error}"
    );
}
