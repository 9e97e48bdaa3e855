//! Multiple memories (`wasm/multi_memory.wat`): two defined memories
//! exported by name through the bindings and one imported, accesses,
//! copies, `memory.init`/`data.drop`, growth and traps, each per memory.

use crate::family_support::expect_trap;
use wasmlite_rt::{InstantiationError, Memory, MemoryType, TrapCode};

wasmlite_rt::include_wasm!("wasm/multi_memory.wat");

use multi_memory::MultiMemory;

const PAGE: usize = 65536;

fn shared(minimum: u64, maximum: Option<u64>) -> Memory {
    Memory::new(MemoryType {
        minimum,
        maximum,
        memory64: false,
        shared: false,
    })
    .unwrap()
}

fn instance() -> (MultiMemory<()>, Memory) {
    let memory = shared(1, Some(4));
    let m = MultiMemory::new(
        (),
        multi_memory::Externs {
            env_shared: memory.clone(),
        },
    )
    .expect("instantiate multi_memory.wat");
    (m, memory)
}

#[test]
fn each_memory_is_exported_by_name_with_its_own_segments() {
    let (mut m, _) = instance();
    assert_eq!(m.code().len(), PAGE);
    assert_eq!(m.heap().len(), 2 * PAGE);
    assert_eq!(&m.code()[..10], b"code bytes");
    assert_eq!(&m.heap()[16..26], b"heap bytes");
    assert_eq!(m.heap()[..16], [0; 16]);
    m.heap_mut()[100] = 42;
    assert_eq!(m.load_heap(100).unwrap(), 42);
    assert_eq!(m.load_code(100).unwrap(), 0, "memories are distinct");
}

#[test]
fn loads_and_stores_name_their_memory() {
    let (mut m, shared) = instance();
    m.store_code(8, 0x0102_0304).unwrap();
    m.store_heap(8, 0x0506_0708).unwrap();
    m.store_shared(8, 0x1122_3344_5566_7788).unwrap();
    assert_eq!(m.code()[8..12], 0x0102_0304u32.to_le_bytes());
    assert_eq!(m.heap()[12..16], 0x0506_0708u32.to_le_bytes(), "offset=4");
    let mut bytes = [0; 8];
    shared.read(8, &mut bytes).unwrap();
    assert_eq!(u64::from_le_bytes(bytes), 0x1122_3344_5566_7788);
    assert_eq!(m.load_shared(8).unwrap(), 0x1122_3344_5566_7788);
}

#[test]
fn copies_between_memories() {
    let (mut m, shared) = instance();
    m.copy_code_to_heap(1000, 0, 10).unwrap();
    assert_eq!(&m.heap()[1000..1010], b"code bytes");
    assert_eq!(&m.code()[1000..1010], [0; 10], "the source memory is untouched");
    m.copy8_heap_to_shared(40, 16).unwrap();
    let mut bytes = [0; 8];
    shared.read(40, &mut bytes).unwrap();
    assert_eq!(&bytes, b"heap byt");
    // The destination (heap, 2 pages) is larger than the source (code, 1
    // page): a copy reaching past the source's end traps and copies nothing.
    m.fill_heap(PAGE as i32, 7, 16).unwrap();
    let result = m.copy_code_to_heap(PAGE as i32, (PAGE - 8) as i32, 16);
    expect_trap(result, TrapCode::MemoryOutOfBounds, "copy_code_to_heap");
    assert_eq!(m.heap()[PAGE..PAGE + 16], [7; 16]);
    // At the source's exact end it succeeds.
    m.copy_code_to_heap(PAGE as i32, (PAGE - 8) as i32, 8).unwrap();
    let result = m.copy8_heap_to_shared((PAGE - 7) as i32, 0);
    expect_trap(result, TrapCode::MemoryOutOfBounds, "copy8_heap_to_shared");
}

#[test]
fn memory_init_and_data_drop_per_memory() {
    let (mut m, _) = instance();
    m.init_heap(200, 0, 7).unwrap();
    m.init_code(300, 3, 4).unwrap();
    assert_eq!(&m.heap()[200..207], b"PASSIVE");
    assert_eq!(&m.code()[300..304], b"SIVE");
    let past_heap = m.init_heap((2 * PAGE - 3) as i32, 0, 4);
    expect_trap(past_heap, TrapCode::MemoryOutOfBounds, "init_heap");
    // The same address is in bounds of the larger heap but not of code.
    m.init_heap((PAGE - 2) as i32, 0, 4).unwrap();
    let past_code = m.init_code((PAGE - 2) as i32, 0, 4);
    expect_trap(past_code, TrapCode::MemoryOutOfBounds, "init_code");
    m.drop_passive().unwrap();
    m.init_heap(0, 0, 0).unwrap();
    let dropped = m.init_code(0, 0, 1);
    expect_trap(dropped, TrapCode::MemoryOutOfBounds, "init_code");
}

#[test]
fn each_memory_grows_to_its_own_maximum() {
    let (mut m, shared) = instance();
    assert_eq!((m.size_code().unwrap(), m.size_heap().unwrap(), m.size_shared().unwrap()), (1, 2, 1));
    assert_eq!(m.grow_code(1).unwrap(), 1);
    assert_eq!(m.grow_code(1).unwrap(), -1, "code's maximum is 2");
    assert_eq!(m.grow_heap(3).unwrap(), 2);
    assert_eq!(m.grow_heap(1).unwrap(), -1, "heap's maximum is 5");
    assert_eq!(m.grow_shared(3).unwrap(), 1);
    assert_eq!(m.grow_shared(1).unwrap(), -1, "shared's maximum is 4");
    assert_eq!((m.size_code().unwrap(), m.size_heap().unwrap(), m.size_shared().unwrap()), (2, 5, 4));
    assert_eq!(m.code().len(), 2 * PAGE);
    assert_eq!(m.heap().len(), 5 * PAGE);
    assert_eq!(shared.size(), 4);
    // The new pages are usable, each in its own memory.
    m.store_code((2 * PAGE - 4) as i32, -1).unwrap();
    m.heap_mut()[5 * PAGE - 1] = 9;
    assert_eq!(m.load_heap((5 * PAGE - 1) as i32).unwrap(), 9);
}

#[test]
fn out_of_bounds_accesses_trap_per_memory() {
    let (mut m, _) = instance();
    // Address 65536 is past code (1 page) but inside heap (2 pages).
    expect_trap(m.load_code(PAGE as i32), TrapCode::MemoryOutOfBounds, "load_code");
    assert_eq!(m.load_heap(PAGE as i32).unwrap(), 0);
    expect_trap(m.store_code((PAGE - 3) as i32, 1), TrapCode::MemoryOutOfBounds, "store_code");
    expect_trap(m.load_heap((2 * PAGE) as i32), TrapCode::MemoryOutOfBounds, "load_heap");
    // heap's store has offset=4: 2 pages - 8 + 4 + 4 is the exact end.
    m.store_heap((2 * PAGE - 8) as i32, 1).unwrap();
    expect_trap(m.store_heap((2 * PAGE - 7) as i32, 1), TrapCode::MemoryOutOfBounds, "store_heap");
    expect_trap(m.load_shared((PAGE - 7) as i32), TrapCode::MemoryOutOfBounds, "load_shared");
    expect_trap(m.fill_heap((2 * PAGE) as i32, 0, 1), TrapCode::MemoryOutOfBounds, "fill_heap");
    // The instance stays usable after each trap.
    assert_eq!(m.load_code(0).unwrap(), u32::from(b'c') as i32);
}

#[test]
fn an_imported_memory_too_small_is_an_import_mismatch() {
    let result = MultiMemory::new(
        (),
        multi_memory::Externs {
            env_shared: shared(1, None),
        },
    );
    match result {
        Err(error @ InstantiationError::ImportMismatch { .. }) => {
            assert!(error.to_string().contains("`env`.`shared`"), "{error}")
        }
        Err(other) => panic!("expected an import mismatch, got {other}"),
        Ok(_) => panic!("a memory without maximum must not match `1 4`"),
    }
}
