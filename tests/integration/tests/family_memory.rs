//! Linear memory from `wasm/memory.wat`: loads and stores of every width and
//! sign, unaligned and offset accesses, memory.size/grow, data segments
//! (active, passive, dropped), memory.fill/copy/init, and the exported
//! memory read and written from Rust. Expected values were verified with
//! wabt's spectest-interp.

mod family_support;

use family_support::{bits32, bits64, check, expect_trap};
use memory::Memory;
use std::fmt::Debug;
use wasmlite_rt::{Trap, TrapCode};

wasmlite_rt::include_wasm!("wasm/memory.wat");

const PAGE: usize = 65536;
/// The end of the first page, as a wasm address.
const END: i32 = PAGE as i32;
/// The first 16 bytes: the first active segment, bytes 14 and 15
/// overwritten by the second one.
const HEAD: [u8; 16] = [
    1, 2, 3, 4, 5, 6, 7, 8, 0xff, 0xfe, 0xfd, 0xfc, 0xfb, 0xfa, b'A', b'B',
];

fn instance() -> Memory<()> {
    Memory::new(()).expect("instantiate memory.wat")
}

/// A store made by `stores_write_exactly_their_width`.
type Store = fn(&mut Memory<()>);

/// Asserts an out-of-bounds memory trap in `function`.
fn oob<R: Debug>(result: Result<R, Trap>, function: &str) {
    expect_trap(result, TrapCode::MemoryOutOfBounds, function);
}

/// Puts 0, 1, ..., 9 at 100..110 and returns the memory.
fn with_ramp() -> Memory<()> {
    let mut m = instance();
    for (i, byte) in m.memory_mut()[100..110].iter_mut().enumerate() {
        *byte = i as u8;
    }
    m
}

#[test]
fn active_data_segments_initialise_memory() {
    let m = instance();
    assert_eq!(m.memory().len(), PAGE);
    assert_eq!(m.memory()[..16], HEAD);
    assert_eq!(m.memory()[16], 0);
    assert_eq!(&m.memory()[1000..1011], b"hello, wasm");
    assert!(
        !m.memory().windows(7).any(|w| w == b"PASSIVE"),
        "passive segments are not written at instantiation"
    );
}

#[test]
fn i32_loads_of_every_width_and_sign() {
    let mut m = instance();
    let cases = [
        (0, 0x0403_0201),
        (1, 0x0504_0302),
        (8, -50_462_977),
        (12, 0x4241_fafb),
        (13, 0x0042_41fa),
    ];
    check("i32_load", &cases, |a| m.i32_load(a));
    check("i32_load8_s", &[(8, -1), (9, -2), (0, 1)], |a| {
        m.i32_load8_s(a)
    });
    check("i32_load8_u", &[(9, 254), (14, 65)], |a| m.i32_load8_u(a));
    check("i32_load16_s", &[(8, -257), (7, -248), (0, 513)], |a| {
        m.i32_load16_s(a)
    });
    check("i32_load16_u", &[(8, 65279), (7, 65288)], |a| {
        m.i32_load16_u(a)
    });
}

#[test]
fn i64_and_float_loads() {
    let mut m = instance();
    let cases = [
        (0, 0x0807_0605_0403_0201),
        (4, -216_736_835_739_122_171),
        (8, 4_774_373_040_177_676_031),
    ];
    check("i64_load", &cases, |a| m.i64_load(a));
    check("i64_load8_s", &[(10, -3)], |a| m.i64_load8_s(a));
    check("i64_load8_u", &[(10, 253)], |a| m.i64_load8_u(a));
    check("i64_load16_s", &[(10, -771)], |a| m.i64_load16_s(a));
    check("i64_load16_u", &[(10, 64765)], |a| m.i64_load16_u(a));
    check("i64_load32_s", &[(8, -50_462_977), (1, 84_148_994)], |a| {
        m.i64_load32_s(a)
    });
    check("i64_load32_u", &[(8, 4_244_504_319)], |a| m.i64_load32_u(a));
    check("f32_load", &[(0, 0x0403_0201)], |a| bits32(m.f32_load(a)));
    check("f64_load", &[(8, 0x4241_fafb_fcfd_feff)], |a| {
        bits64(m.f64_load(a))
    });
}

#[test]
fn static_offsets_and_alignment_hints() {
    let mut m = instance();
    check(
        "i32_load_offset_4",
        &[(0, 0x0807_0605), (4, -50_462_977)],
        |a| m.i32_load_offset_4(a),
    );
    check("i64_load_align_1", &[(3, -144_397_728_086_620_924)], |a| {
        m.i64_load_align_1(a)
    });
    check(
        "i32_load16_u_offset_1001",
        &[(0, 0x6c65), (3, 0x2c6f)],
        |a| m.i32_load16_u_offset_1001(a),
    );
    m.memory_mut()[PAGE - 4..].copy_from_slice(&[1, 2, 3, 4]);
    assert_eq!(m.i32_load_offset_65532(0).unwrap(), 0x0403_0201);
    oob(m.i32_load_offset_65532(1), "i32_load_offset_65532");
}

#[test]
#[rustfmt::skip]
fn stores_write_exactly_their_width() {
    const A: u8 = 0xaa;
    // Each store writes at 100 (or 101, unaligned); the 12 bytes are 98..110.
    let cases: [(&str, Store, [u8; 12]); 11] = [
        ("i32_store", |m| m.i32_store(100, 0x1122_3344).unwrap(), [A, A, 0x44, 0x33, 0x22, 0x11, A, A, A, A, A, A]),
        ("i32_store8", |m| m.i32_store8(100, 0x1234).unwrap(), [A, A, 0x34, A, A, A, A, A, A, A, A, A]),
        ("i32_store16", |m| m.i32_store16(100, 0x12_3456).unwrap(), [A, A, 0x56, 0x34, A, A, A, A, A, A, A, A]),
        ("i64_store", |m| m.i64_store(100, 0x0102_0304_0506_0708).unwrap(), [A, A, 8, 7, 6, 5, 4, 3, 2, 1, A, A]),
        ("i64_store8", |m| m.i64_store8(100, -1).unwrap(), [A, A, 0xff, A, A, A, A, A, A, A, A, A]),
        ("i64_store16", |m| m.i64_store16(100, 0x1_2345).unwrap(), [A, A, 0x45, 0x23, A, A, A, A, A, A, A, A]),
        ("i64_store32", |m| m.i64_store32(100, 0x1122_3344_5566_7788).unwrap(), [A, A, 0x88, 0x77, 0x66, 0x55, A, A, A, A, A, A]),
        ("f32_store", |m| m.f32_store(100, f32::from_bits(0x7f80_0001)).unwrap(), [A, A, 0x01, 0, 0x80, 0x7f, A, A, A, A, A, A]),
        ("f64_store", |m| m.f64_store(100, -0.0).unwrap(), [A, A, 0, 0, 0, 0, 0, 0, 0, 0x80, A, A]),
        ("i64_store_offset_8", |m| m.i64_store_offset_8(92, -2).unwrap(), [A, A, 0xfe, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, A, A]),
        ("unaligned i32_store", |m| m.i32_store(101, -2).unwrap(), [A, A, A, 0xfe, 0xff, 0xff, 0xff, A, A, A, A, A]),
    ];
    let mut m = instance();
    for (what, store, want) in cases {
        m.memory_mut()[98..110].fill(A);
        store(&mut m);
        assert_eq!(m.memory()[98..110], want, "{what}");
    }
}

#[test]
fn float_loads_and_stores_keep_nan_bits() {
    let mut m = instance();
    m.f32_store(400, f32::from_bits(0x7f80_0001)).unwrap();
    assert_eq!(m.i32_load(400).unwrap(), 0x7f80_0001);
    assert_eq!(m.f32_load(400).unwrap().to_bits(), 0x7f80_0001);
    m.f64_store(403, f64::from_bits(0xfff4_0000_0000_0001))
        .unwrap();
    assert_eq!(m.f64_load(403).unwrap().to_bits(), 0xfff4_0000_0000_0001);
}

#[test]
fn rust_writes_are_seen_by_wasm() {
    let mut m = instance();
    m.memory_mut()[4096..4104].copy_from_slice(&(-3.25f64).to_le_bytes());
    assert_eq!(m.f64_load(4096).unwrap(), -3.25);
    m.memory_mut()[4097..4101].copy_from_slice(&0xdead_beef_u32.to_le_bytes());
    assert_eq!(m.i32_load(4097).unwrap(), 0xdead_beef_u32 as i32);
    m.memory_mut()[PAGE - 1] = 0x80;
    assert_eq!(m.i32_load8_s(END - 1).unwrap(), -128);
}

#[test]
fn a_store_is_visible_to_loads_in_the_same_function() {
    let mut m = instance();
    assert_eq!(
        m.store_then_load(64, 0x1122_3344_5566_7788).unwrap(),
        (0x11, 0x5566, 0x1122_3344_5566_7788)
    );
    assert_eq!(m.store_then_load(END - 8, -1).unwrap(), (255, -1, -1));
    oob(m.store_then_load(END - 7, -1), "store_then_load");
    assert_eq!(
        m.memory()[PAGE - 7..],
        [0xff; 7],
        "the bytes stored before stay"
    );
}

#[test]
fn memory_size_and_grow_up_to_the_maximum() {
    let mut m = instance();
    assert_eq!(m.size().unwrap(), 1);
    oob(m.i32_load(END), "i32_load");
    assert_eq!(m.grow(1).unwrap(), 1, "grow returns the old size in pages");
    assert_eq!(m.size().unwrap(), 2);
    assert_eq!(
        m.memory().len(),
        2 * PAGE,
        "the Rust view follows the growth"
    );
    assert!(
        m.memory()[PAGE..].iter().all(|&b| b == 0),
        "new pages are zeroed"
    );
    assert_eq!(m.memory()[..16], HEAD, "growing keeps the contents");
    m.i32_store(2 * END - 4, 77).unwrap();
    assert_eq!(m.i32_load(2 * END - 4).unwrap(), 77);
    oob(m.i32_load(2 * END - 3), "i32_load");

    assert_eq!(
        m.grow(2).unwrap(),
        -1,
        "4 pages would exceed the maximum of 3"
    );
    assert_eq!(m.size().unwrap(), 2, "a failed grow changes nothing");
    assert_eq!(m.grow(1).unwrap(), 2);
    assert_eq!(m.grow(0).unwrap(), 3);
    check("grow", &[(1, -1), (-1, -1), (0x1_0000, -1)], |n| m.grow(n));
    assert_eq!(m.size().unwrap(), 3);
    assert_eq!(m.memory().len(), 3 * PAGE);
}

#[test]
fn passive_segments_init_drop_and_trap() {
    let mut m = instance();
    m.init_passive(2000, 0, 12).unwrap();
    assert_eq!(&m.memory()[2000..2012], b"PASSIVE-DATA");
    m.init_passive(3000, 8, 4).unwrap();
    assert_eq!(&m.memory()[3000..3005], b"DATA\0");
    oob(m.init_passive(0, 8, 5), "init_passive");
    oob(m.init_passive(END - 3, 0, 4), "init_passive");
    assert_eq!(
        m.memory()[PAGE - 3..],
        [0, 0, 0],
        "a trapping init writes nothing"
    );
    m.init_passive(END, 12, 0).unwrap();

    m.drop_passive().unwrap();
    m.drop_passive().unwrap();
    oob(m.init_passive(2000, 0, 1), "init_passive");
    m.init_passive(2000, 0, 0).unwrap();
    oob(m.init_passive(2000, 1, 0), "init_passive");
    assert_eq!(
        &m.memory()[2000..2012],
        b"PASSIVE-DATA",
        "memory keeps what init wrote"
    );
}

#[test]
fn active_segments_are_dropped_after_instantiation() {
    let mut m = instance();
    oob(m.init_active(2000, 0, 1), "init_active");
    m.init_active(2000, 0, 0).unwrap();
}

#[test]
fn memory_fill() {
    let mut m = instance();
    m.fill(200, 0x1ab, 4).unwrap();
    assert_eq!(
        m.memory()[199..205],
        [0, 0xab, 0xab, 0xab, 0xab, 0],
        "fill stores the low byte"
    );
    m.fill(END - 1, 7, 1).unwrap();
    assert_eq!(m.memory()[PAGE - 1], 7);
    m.fill(END, 9, 0).unwrap();
    oob(m.fill(END - 6, 5, 10), "fill");
    assert_eq!(
        m.memory()[PAGE - 6..],
        [0, 0, 0, 0, 0, 7],
        "a trapping fill writes nothing"
    );
    oob(m.fill(END + 1, 0, 0), "fill");
    oob(m.fill(0, 0, -1), "fill");
}

#[test]
fn memory_copy_handles_overlap_in_both_directions() {
    let mut m = with_ramp();
    m.copy(102, 100, 5).unwrap();
    assert_eq!(
        m.memory()[100..110],
        [0, 1, 0, 1, 2, 3, 4, 7, 8, 9],
        "copy to a higher address"
    );
    let mut m = with_ramp();
    m.copy(100, 102, 5).unwrap();
    assert_eq!(
        m.memory()[100..110],
        [2, 3, 4, 5, 6, 5, 6, 7, 8, 9],
        "copy to a lower address"
    );
    let mut m = with_ramp();
    m.copy(END - 10, 100, 10).unwrap();
    assert_eq!(m.memory()[PAGE - 10..], [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
}

#[test]
fn memory_copy_bounds() {
    let mut m = with_ramp();
    m.copy(END, 0, 0).unwrap();
    m.copy(0, END, 0).unwrap();
    oob(m.copy(END - 1, 100, 2), "copy");
    oob(m.copy(100, END - 1, 2), "copy");
    oob(m.copy(END + 1, 0, 0), "copy");
    oob(m.copy(0, -1, 1), "copy");
    assert_eq!(m.memory()[PAGE - 1], 0, "a trapping copy writes nothing");
    assert_eq!(m.memory()[..16], HEAD);
}
