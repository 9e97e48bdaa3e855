//! memory64 and table64 (`wasm/memory64.wat`, `wasm/memory64_import.wat`):
//! a 64-bit memory grown past 4 GiB, accesses above 4 GiB, traps at the
//! exact edges (an address plus an offset past 2^64 included), bulk
//! operations, a 64-bit table, and import matching by index type.

use crate::family_support::expect_trap;
use wasmlite_rt::{InstantiationError, Memory, MemoryType, TrapCode};

wasmlite_rt::include_wasm!("wasm/memory64.wat");
wasmlite_rt::include_wasm!("wasm/memory64_import.wat");

use memory64::Memory64;

const PAGE: i64 = 65536;
const FOUR_GIB: i64 = 1 << 32;

fn instance() -> Memory64<()> {
    Memory64::new(()).expect("instantiate memory64.wat")
}

fn oob<R: std::fmt::Debug>(result: Result<R, wasmlite_rt::Trap>, function: &str) {
    expect_trap(result, TrapCode::MemoryOutOfBounds, function);
}

#[test]
fn addresses_and_sizes_are_64_bit() {
    let mut m = instance();
    assert_eq!(m.size().unwrap(), 1);
    assert_eq!(&m.memory()[16..24], b"memory64");
    m.store64(8, 0x0102_0304_0506_0708).unwrap();
    assert_eq!(m.load64(8).unwrap(), 0x0102_0304_0506_0708);
    m.store32_off16(100, -1).unwrap();
    assert_eq!(m.load64(116).unwrap(), 0xffff_ffff, "offset=16");
}

#[test]
fn traps_at_the_exact_edge_and_never_wrap_past_2_pow_64() {
    let mut m = instance();
    m.store64(PAGE - 8, 1).unwrap();
    assert_eq!(m.load64(PAGE - 8).unwrap(), 1);
    oob(m.load64(PAGE - 7), "load64");
    oob(m.store64(PAGE - 7, 2), "store64");
    assert_eq!(m.load64(PAGE - 8).unwrap(), 1, "a trapping store writes nothing");
    assert_eq!(m.load8(PAGE - 1).unwrap(), 0);
    oob(m.load8(PAGE), "load8");
    // Addresses a 32-bit truncation would bring back in bounds.
    oob(m.load8(FOUR_GIB), "load8");
    oob(m.load8(FOUR_GIB + 16), "load8");
    oob(m.load8(-1), "load8");
    // offset=16: the end is address + 20.
    m.store32_off16(PAGE - 20, 5).unwrap();
    oob(m.store32_off16(PAGE - 19, 5), "store32_off16");
    // address + offset wraps past 2^64 to a small in-bounds address
    // (the addresses are unsigned: -n is 2^64 - n).
    oob(m.load64_off4g(-FOUR_GIB), "load64_off4g");
    oob(m.load64_off4g(0), "load64_off4g");
    oob(m.load8_offmax(0), "load8_offmax");
    oob(m.load8_offmax(1), "load8_offmax");
    oob(m.load8_offmax(17), "load8_offmax");
    // Bulk operations: the exact end, one past, and wrapping lengths.
    m.fill(PAGE - 4, 0xaa, 4).unwrap();
    oob(m.fill(PAGE - 3, 0xbb, 4), "fill");
    oob(m.fill4(PAGE - 3, 0xbb), "fill4");
    oob(m.fill(16, 0, -1), "fill");
    oob(m.copy(0, 16, -9), "copy");
    oob(m.copy(-1, 0, 2), "copy");
    assert_eq!(m.memory()[PAGE as usize - 4..], [0xaa; 4]);
    // The instance stays usable.
    assert_eq!(m.load8(16).unwrap(), u32::from(b'm') as i32);
}

#[test]
fn grows_past_4_gib_and_accesses_above_it() {
    let mut m = instance();
    // 4 GiB + 2 pages: only the touched pages take memory (the rest of
    // the reservation is address space).
    let pages = FOUR_GIB / PAGE + 1;
    let old = m.grow(pages).unwrap();
    if old == -1 {
        eprintln!("SKIPPED: the host refused to grow a memory to 4 GiB + 2 pages");
        return;
    }
    assert_eq!(old, 1);
    let size = m.size().unwrap();
    assert_eq!(size, pages + 1);
    let end = size * PAGE;
    assert!(end > FOUR_GIB);
    m.store64(FOUR_GIB + 8, 0x1122_3344_5566_7788).unwrap();
    assert_eq!(m.load64(FOUR_GIB + 8).unwrap(), 0x1122_3344_5566_7788);
    assert_eq!(m.load8(8).unwrap(), 0, "no aliasing with address 8 (mod 2^32)");
    // A static offset of 4 GiB from address 8 reaches the same bytes.
    assert_eq!(m.load64_off4g(8).unwrap(), 0x1122_3344_5566_7788);
    // The exact end of the grown memory.
    m.store64(end - 8, -1).unwrap();
    oob(m.store64(end - 7, -1), "store64");
    oob(m.load8(end), "load8");
    // Bulk operations above 4 GiB.
    m.fill(FOUR_GIB + 100, 0x5a, 300).unwrap();
    m.copy(16, FOUR_GIB + 100, 8).unwrap();
    assert_eq!(m.load64(16).unwrap(), 0x5a5a_5a5a_5a5a_5a5a);
    m.copy(FOUR_GIB + PAGE, 16, 8).unwrap();
    assert_eq!(m.load64(FOUR_GIB + PAGE).unwrap(), 0x5a5a_5a5a_5a5a_5a5a);
    // The bindings' view spans the whole memory.
    let view = m.memory();
    assert_eq!(view.len() as i64, end);
    assert_eq!(view[(FOUR_GIB + 8) as usize], 0x88);
    drop(view);
    m.memory_mut()[(end - 1) as usize] = 3;
    assert_eq!(m.load8(end - 1).unwrap(), 3);
    // Growth beyond what the runtime reserves (64 GiB) and beyond 2^64
    // bytes fails with -1 and changes nothing.
    assert_eq!(m.grow(1 << 20).unwrap(), -1);
    assert_eq!(m.grow(i64::MAX).unwrap(), -1);
    assert_eq!(m.size().unwrap(), size);
}

#[test]
fn table64_indices_are_64_bit() {
    let mut m = instance();
    assert_eq!(m.table_size().unwrap(), 4);
    assert_eq!(m.call_at(1).unwrap(), 7);
    assert_eq!(m.call_at(2).unwrap(), 8);
    expect_trap(m.call_at(0), TrapCode::IndirectCallToNull, "call_at");
    expect_trap(m.call_at(4), TrapCode::TableOutOfBounds, "call_at");
    // Indices a 32-bit truncation would bring back in bounds.
    expect_trap(m.call_at((1 << 32) + 1), TrapCode::TableOutOfBounds, "call_at");
    expect_trap(m.is_null_at(-1), TrapCode::TableOutOfBounds, "is_null_at");
    assert_eq!(m.is_null_at(3).unwrap(), 1);
    assert_eq!(m.table_grow(2).unwrap(), 4);
    assert_eq!(m.table_size().unwrap(), 6);
    assert_eq!(m.table_grow(i64::MAX).unwrap(), -1);
    m.fill_table(4, 2).unwrap();
    assert_eq!(m.call_at(5).unwrap(), 7);
    expect_trap(m.fill_table(5, 2), TrapCode::TableOutOfBounds, "fill_table");
    expect_trap(m.fill_table(1, -1), TrapCode::TableOutOfBounds, "fill_table");
}

#[test]
fn a_32_bit_memory_where_a_64_bit_one_is_declared_is_an_import_mismatch() {
    let memory = |memory64| {
        Memory::new(MemoryType {
            minimum: 1,
            maximum: None,
            memory64,
            shared: false,
        })
        .unwrap()
    };
    let error = match memory64_import::Memory64Import::new(
        (),
        memory64_import::Externs {
            env_memory: memory(false),
        },
    ) {
        Err(error) => error,
        Ok(_) => panic!("a 32-bit memory must not match `memory i64 1`"),
    };
    assert!(matches!(error, InstantiationError::ImportMismatch { .. }), "{error:?}");
    let message = error.to_string();
    assert!(
        message.contains("`env`.`memory`")
            && message.contains("expected a memory with 64-bit addresses, got one with 32-bit addresses"),
        "{message}"
    );
    let mut m = memory64_import::Memory64Import::new(
        (),
        memory64_import::Externs {
            env_memory: memory(true),
        },
    )
    .expect("a 64-bit memory matches");
    assert_eq!(m.load8(0).unwrap(), 0);
    expect_trap(m.load8(PAGE), TrapCode::MemoryOutOfBounds, "load8");
}
