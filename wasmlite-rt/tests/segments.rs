//! Data and element segments: instantiation order, bounds, and the bulk
//! libcalls that use passive segments.

mod common;

use common::{i32_const, libcalls, memory_type, ModuleBuilder};
use wasmlite_abi::{
    ConstExpr, ConstOp, DataMode, DataSegment, ElementMode, ElementSegment, ExportKind, GlobalType,
    RefType, TableType, TrapCode, VMContext, ValType::*,
};
use wasmlite_rt::{Extern, Global, Instance, InstantiationError, Memory, Table, Val};

const OOB_MEMORY: i32 = TrapCode::MemoryOutOfBounds as i32 + 1;
const OOB_TABLE: i32 = TrapCode::TableOutOfBounds as i32 + 1;

unsafe extern "C" fn memory_init(
    vmctx: *mut VMContext,
    data: i32,
    dst: i32,
    src: i32,
    len: i32,
) -> i32 {
    (libcalls(vmctx).memory_init)(
        vmctx,
        0,
        data as u32,
        dst as u32 as u64,
        src as u32,
        len as u32,
    ) as i32
}
unsafe extern "C" fn data_drop(vmctx: *mut VMContext, data: i32) {
    (libcalls(vmctx).data_drop)(vmctx, data as u32)
}
unsafe extern "C" fn table_init(
    vmctx: *mut VMContext,
    elem: i32,
    dst: i32,
    src: i32,
    len: i32,
) -> i32 {
    (libcalls(vmctx).table_init)(
        vmctx,
        0,
        elem as u32,
        dst as u32 as u64,
        src as u32,
        len as u32,
    ) as i32
}
unsafe extern "C" fn elem_drop(vmctx: *mut VMContext, elem: i32) {
    (libcalls(vmctx).elem_drop)(vmctx, elem as u32)
}
unsafe extern "C" fn table_copy(vmctx: *mut VMContext, dst: i32, src: i32, len: i32) -> i32 {
    (libcalls(vmctx).table_copy)(
        vmctx,
        0,
        0,
        dst as u32 as u64,
        src as u32 as u64,
        len as u32 as u64,
    ) as i32
}
unsafe extern "C" fn memory_copy(vmctx: *mut VMContext, dst: i32, src: i32, len: i32) -> i32 {
    (libcalls(vmctx).memory_copy)(
        vmctx,
        0,
        0,
        dst as u32 as u64,
        src as u32 as u64,
        len as u32 as u64,
    ) as i32
}
unsafe extern "C" fn nop(_vmctx: *mut VMContext) {}

wrapper!(memory_init_w => memory_init(get_i32, get_i32, get_i32, get_i32) -> from_i32);
wrapper!(data_drop_w => data_drop(get_i32));
wrapper!(table_init_w => table_init(get_i32, get_i32, get_i32, get_i32) -> from_i32);
wrapper!(elem_drop_w => elem_drop(get_i32));
wrapper!(table_copy_w => table_copy(get_i32, get_i32, get_i32) -> from_i32);
wrapper!(memory_copy_w => memory_copy(get_i32, get_i32, get_i32) -> from_i32);
wrapper!(nop_w => nop());

fn active_data(offset: ConstExpr, bytes: &[u8]) -> DataSegment {
    DataSegment {
        mode: DataMode::Active { memory: 0, offset },
        bytes: bytes.to_vec(),
    }
}

fn elements(mode: ElementMode, items: &[Option<u32>]) -> ElementSegment {
    let item = |f: &Option<u32>| {
        ConstExpr(vec![
            f.map_or(ConstOp::RefNull(RefType::FUNCREF), ConstOp::RefFunc)
        ])
    };
    ElementSegment {
        mode,
        element: RefType::FUNCREF,
        items: items.iter().map(item).collect(),
    }
}

fn i32s(values: &[i32]) -> Vec<Val> {
    values.iter().map(|&v| Val::I32(v)).collect()
}

/// A module with a memory (imported if `import_memory`), the bulk-memory
/// test functions and `data`.
fn data_module(import_memory: bool, data: Vec<DataSegment>) -> std::sync::Arc<wasmlite_rt::Module> {
    let mut b = ModuleBuilder::new();
    b.import_global(
        "env",
        "base",
        GlobalType {
            content: I32,
            mutable: false,
        },
    );
    if import_memory {
        b.import_memory("env", "memory", memory_type(1, None));
    } else {
        b.memory(1, None);
    }
    b.export_func(
        "memory_init",
        memory_init as *const u8,
        memory_init_w,
        &[I32, I32, I32, I32],
        &[I32],
    );
    b.export_func(
        "data_drop",
        data_drop as *const u8,
        data_drop_w,
        &[I32],
        &[],
    );
    b.export_func(
        "memory_copy",
        memory_copy as *const u8,
        memory_copy_w,
        &[I32, I32, I32],
        &[I32],
    );
    b.info.data = data;
    b.build()
}

fn base_global(value: i32) -> Extern {
    Extern::Global(
        Global::new(
            GlobalType {
                content: I32,
                mutable: false,
            },
            Val::I32(value),
        )
        .unwrap(),
    )
}

#[test]
fn active_data_segments_are_copied_and_passive_ones_wait() {
    let based = ConstExpr(vec![
        ConstOp::GlobalGet(0),
        ConstOp::I32Const(4),
        ConstOp::I32Add,
    ]);
    let module = data_module(
        false,
        vec![
            active_data(i32_const(8), b"hello"),
            active_data(based, b"XY"),
            DataSegment {
                mode: DataMode::Passive,
                bytes: b"passive".to_vec(),
            },
        ],
    );
    let mut instance = Instance::new(module, &[base_global(100)]).unwrap();
    assert_eq!(&instance.memory(0)[8..13], b"hello");
    assert_eq!(&instance.memory(0)[104..106], b"XY");

    let mut init = |args: &[i32]| instance.call("memory_init", &i32s(args)).unwrap();
    assert_eq!(init(&[2, 200, 1, 3]), i32s(&[0]));
    assert_eq!(
        init(&[2, 0, 5, 3]),
        i32s(&[OOB_MEMORY]),
        "source past the segment's end"
    );
    assert_eq!(
        init(&[2, 65535, 0, 2]),
        i32s(&[OOB_MEMORY]),
        "destination past the memory's end"
    );
    assert_eq!(
        init(&[2, 65536, 7, 0]),
        i32s(&[0]),
        "empty ranges at the ends are fine"
    );
    assert_eq!(
        init(&[0, 0, 0, 1]),
        i32s(&[OOB_MEMORY]),
        "active segments are dropped"
    );
    assert_eq!(init(&[0, 0, 0, 0]), i32s(&[0]));
    instance.call("data_drop", &i32s(&[2])).unwrap();
    let mut init = |args: &[i32]| instance.call("memory_init", &i32s(args)).unwrap();
    assert_eq!(
        init(&[2, 0, 0, 1]),
        i32s(&[OOB_MEMORY]),
        "dropped segments have length 0"
    );
    assert_eq!(&instance.memory(0)[200..203], b"ass");
}

#[test]
fn memory_copy_handles_overlap_and_bounds() {
    let module = data_module(false, vec![active_data(i32_const(0), b"abcdef")]);
    let mut instance = Instance::new(module, &[base_global(0)]).unwrap();
    let mut copy = |args: &[i32]| instance.call("memory_copy", &i32s(args)).unwrap();
    assert_eq!(copy(&[2, 0, 4]), i32s(&[0]));
    assert_eq!(copy(&[65535, 0, 2]), i32s(&[OOB_MEMORY]));
    assert_eq!(copy(&[0, 65535, 2]), i32s(&[OOB_MEMORY]));
    assert_eq!(&instance.memory(0)[..6], b"ababcd");
}

#[test]
fn an_out_of_bounds_data_segment_fails_but_earlier_writes_stay() {
    let module = data_module(
        true,
        vec![
            active_data(i32_const(0), b"abc"),
            active_data(i32_const(65535), b"de"),
        ],
    );
    let memory = Memory::new(memory_type(1, None)).unwrap();
    let imports = [base_global(0), Extern::Memory(memory.clone())];
    let err = Instance::new(module, &imports).unwrap_err();
    let InstantiationError::SegmentOutOfBounds(trap) = err else {
        panic!("got {err:?}")
    };
    assert_eq!(trap.code(), TrapCode::MemoryOutOfBounds);
    let mut buf = [0; 3];
    memory.read(0, &mut buf).unwrap();
    assert_eq!(&buf, b"abc");
}

/// A module with functions f0 (exported) and f1, a funcref table (imported
/// if `import_table`) exported as "table", the table test functions, and
/// `segments`.
fn element_module(
    import_table: bool,
    segments: Vec<ElementSegment>,
) -> std::sync::Arc<wasmlite_rt::Module> {
    let mut b = ModuleBuilder::new();
    let ty = TableType {
        element: RefType::FUNCREF,
        minimum: 4,
        maximum: None,
        table64: false,
    };
    if import_table {
        b.import_table("env", "table", ty);
    } else {
        b.table(ty);
    }
    b.export_func("f0", nop as *const u8, nop_w, &[], &[]);
    b.func(nop as *const u8, &[], &[]);
    b.export_func(
        "table_init",
        table_init as *const u8,
        table_init_w,
        &[I32, I32, I32, I32],
        &[I32],
    );
    b.export_func(
        "elem_drop",
        elem_drop as *const u8,
        elem_drop_w,
        &[I32],
        &[],
    );
    b.export_func(
        "table_copy",
        table_copy as *const u8,
        table_copy_w,
        &[I32, I32, I32],
        &[I32],
    );
    b.export("table", ExportKind::Table(0));
    b.info.elements = segments;
    b.build()
}

fn active(offset: i32) -> ElementMode {
    ElementMode::Active {
        table: 0,
        offset: i32_const(offset),
    }
}

fn export_table(instance: &Instance) -> Table {
    match instance.get_export("table") {
        Some(Extern::Table(table)) => table,
        other => panic!("expected a table, got {other:?}"),
    }
}

#[test]
fn element_segments_fill_tables_with_funcrefs() {
    let module = element_module(
        false,
        vec![
            elements(active(1), &[Some(0), Some(1)]),
            elements(ElementMode::Declared, &[Some(1)]),
            elements(ElementMode::Passive, &[Some(1), None]),
        ],
    );
    let mut instance = Instance::new(module, &[]).unwrap();
    let table = export_table(&instance);
    let Some(Extern::Func(f0)) = instance.get_export("f0") else {
        panic!("f0 is a function")
    };
    assert_eq!(table.get(0), Some(Val::FuncRef(None)));
    assert_eq!(table.get(1), Some(Val::FuncRef(Some(f0.clone()))));
    let Some(Val::FuncRef(Some(f1))) = table.get(2) else {
        panic!("f1 was stored")
    };
    // SAFETY: the funcrefs belong to `instance`, which is alive.
    let (r0, r1) = unsafe { (*f0.as_ptr(), *f1.as_ptr()) };
    assert_eq!(r0.code, nop as *const u8);
    assert_eq!(r0.vmctx, instance.vmctx());
    assert_eq!(r0.type_id, r1.type_id, "equal types have equal ids");

    let mut init = |args: &[i32]| instance.call("table_init", &i32s(args)).unwrap();
    assert_eq!(init(&[2, 3, 0, 1]), i32s(&[0]));
    assert_eq!(init(&[2, 3, 1, 2]), i32s(&[OOB_TABLE]));
    assert_eq!(
        init(&[1, 0, 0, 1]),
        i32s(&[OOB_TABLE]),
        "declared segments are dropped"
    );
    assert_eq!(
        init(&[0, 0, 0, 1]),
        i32s(&[OOB_TABLE]),
        "active segments are dropped"
    );
    assert_eq!(init(&[0, 4, 0, 0]), i32s(&[0]));
    assert_eq!(table.get(3), Some(Val::FuncRef(Some(f1.clone()))));
    instance.call("elem_drop", &i32s(&[2])).unwrap();
    assert_eq!(
        instance.call("table_init", &i32s(&[2, 0, 0, 1])).unwrap(),
        i32s(&[OOB_TABLE])
    );

    assert_eq!(
        instance.call("table_copy", &i32s(&[0, 1, 3])).unwrap(),
        i32s(&[0])
    );
    assert_eq!(table.get(0), Some(Val::FuncRef(Some(f0))));
    assert_eq!(
        instance.call("table_copy", &i32s(&[2, 0, 3])).unwrap(),
        i32s(&[OOB_TABLE])
    );
}

#[test]
fn an_out_of_bounds_element_segment_fails_but_earlier_writes_stay() {
    let module = element_module(
        true,
        vec![
            elements(active(0), &[Some(0)]),
            elements(active(3), &[Some(0), Some(0)]),
        ],
    );
    let table = Table::new(
        TableType {
            element: RefType::FUNCREF,
            minimum: 4,
            maximum: None,
            table64: false,
        },
        Val::FuncRef(None),
    )
    .unwrap();
    let err = Instance::new(
        module,
        &[Extern::Table(table.clone())]
    )
    .unwrap_err();
    let InstantiationError::SegmentOutOfBounds(trap) = err else {
        panic!("got {err:?}")
    };
    assert_eq!(trap.code(), TrapCode::TableOutOfBounds);
    // The failed instance's function stays valid: the table keeps it alive.
    let Some(Val::FuncRef(Some(f0))) = table.get(0) else {
        panic!("the first segment was applied")
    };
    assert!(f0.ty().params.is_empty());
    assert_eq!(table.get(3), Some(Val::FuncRef(None)));
}
