//! Memory accesses at the very end of memory (`wasm/edges.wat`): every load
//! and store width, through static offsets that put the access at the end
//! of a 1-page memory and at the end of a 4 GiB one (where address + offset
//! must not wrap around 2^32). The last in-bounds access works; one byte
//! further traps and writes nothing. Also: growing to the 4 GiB maximum and
//! beyond, and that no address an instance can form reaches another
//! instance's memory.

mod family_support;

use edges::Edges;
use family_support::expect_trap;
use wasmlite_rt::{Trap, TrapCode};

wasmlite_rt::include_wasm!("wasm/edges.wat");

const PAGE: usize = 65536;
/// Pages of a 4 GiB memory.
const MAX_PAGES: i32 = 65536;

fn instance() -> Edges<()> {
    Edges::new(()).expect("instantiate edges.wat")
}

/// An instance whose memory has grown to 4 GiB.
fn four_gib() -> Edges<()> {
    let mut m = instance();
    assert_eq!(m.grow(MAX_PAGES - 1).unwrap(), 1);
    assert_eq!(m.size().unwrap(), MAX_PAGES);
    m
}

/// A load export: its name, width in bytes, and a call returning the
/// value widened to i64.
type Load = (
    &'static str,
    u32,
    fn(&mut Edges<()>, i32) -> Result<i64, Trap>,
);
/// A store export: its name, width, and a call storing -1 (all ones).
type Store = (
    &'static str,
    u32,
    fn(&mut Edges<()>, i32) -> Result<(), Trap>,
);

macro_rules! loads {
    ($($name:ident: $width:expr),* $(,)?) => {
        [$((stringify!($name), $width, |m: &mut Edges<()>, a| m.$name(a).map(widen)),)*]
    };
}

macro_rules! stores {
    ($($name:ident: $width:expr => $value:expr),* $(,)?) => {
        [$((stringify!($name), $width, |m: &mut Edges<()>, a| m.$name(a, $value)),)*]
    };
}

/// Widens any load result to i64 (floats by their bits).
fn widen<T: Widen>(value: T) -> i64 {
    value.widen()
}

trait Widen {
    fn widen(self) -> i64;
}
impl Widen for i32 {
    fn widen(self) -> i64 {
        self.into()
    }
}
impl Widen for i64 {
    fn widen(self) -> i64 {
        self
    }
}
impl Widen for f32 {
    fn widen(self) -> i64 {
        self.to_bits().into()
    }
}
impl Widen for f64 {
    fn widen(self) -> i64 {
        self.to_bits() as i64
    }
}

#[rustfmt::skip]
fn page_loads() -> [Load; 15] {
    loads![
        i32_load_page: 4, i32_load8_s_page: 1, i32_load8_u_page: 1, i32_load16_s_page: 2,
        i32_load16_u_page: 2, i64_load_page: 8, i64_load8_s_page: 1, i64_load8_u_page: 1,
        i64_load16_s_page: 2, i64_load16_u_page: 2, i64_load32_s_page: 4, i64_load32_u_page: 4,
        f32_load_page: 4, f64_load_page: 8, v128_load_page: 16,
    ]
}

#[rustfmt::skip]
fn top_loads() -> [Load; 15] {
    loads![
        i32_load_top: 4, i32_load8_s_top: 1, i32_load8_u_top: 1, i32_load16_s_top: 2,
        i32_load16_u_top: 2, i64_load_top: 8, i64_load8_s_top: 1, i64_load8_u_top: 1,
        i64_load16_s_top: 2, i64_load16_u_top: 2, i64_load32_s_top: 4, i64_load32_u_top: 4,
        f32_load_top: 4, f64_load_top: 8, v128_load_top: 16,
    ]
}

#[rustfmt::skip]
fn page_stores() -> [Store; 10] {
    stores![
        i32_store_page: 4 => -1, i32_store8_page: 1 => -1, i32_store16_page: 2 => -1,
        i64_store_page: 8 => -1, i64_store8_page: 1 => -1, i64_store16_page: 2 => -1,
        i64_store32_page: 4 => -1, f32_store_page: 4 => f32::from_bits(!0),
        f64_store_page: 8 => f64::from_bits(!0), v128_store_page: 16 => -1,
    ]
}

#[rustfmt::skip]
fn top_stores() -> [Store; 10] {
    stores![
        i32_store_top: 4 => -1, i32_store8_top: 1 => -1, i32_store16_top: 2 => -1,
        i64_store_top: 8 => -1, i64_store8_top: 1 => -1, i64_store16_top: 2 => -1,
        i64_store32_top: 4 => -1, f32_store_top: 4 => f32::from_bits(!0),
        f64_store_top: 8 => f64::from_bits(!0), v128_store_top: 16 => -1,
    ]
}

/// The address at which a `width`-byte access through the export's offset
/// ends exactly at the end of memory.
fn last(width: u32) -> i32 {
    16 - width as i32
}

/// Addresses at which the access is out of bounds: one byte too far, every
/// partial overlap, and the largest addresses.
fn beyond(width: u32) -> Vec<i32> {
    let mut addresses: Vec<i32> = (1..=width as i32).map(|k| last(width) + k).collect();
    addresses.extend([4096, i32::MAX, -16, -1]);
    addresses
}

/// Checks every load at the end of memory (expecting `tail_value_of(width,
/// name)`) and beyond it (expecting a trap).
fn check_loads(m: &mut Edges<()>, loads: &[Load], tail_value_of: impl Fn(u32, &str) -> i64) {
    for &(name, width, load) in loads {
        assert_eq!(
            load(m, last(width)).unwrap_or_else(|t| panic!("{name} at the end trapped: {t}")),
            tail_value_of(width, name),
            "{name} of the last {width} bytes"
        );
        for address in beyond(width) {
            expect_trap(load(m, address), TrapCode::MemoryOutOfBounds, name);
        }
    }
}

/// Checks every store: in bounds at the end it writes its width of ones;
/// out of bounds it traps and writes nothing. `tail` reads the last 16
/// bytes of memory; `clear` zeroes them.
fn check_stores(
    m: &mut Edges<()>,
    stores: &[Store],
    tail: fn(&Edges<()>) -> [u8; 16],
    clear: fn(&mut Edges<()>),
) {
    for &(name, width, store) in stores {
        clear(m);
        for address in beyond(width) {
            expect_trap(store(m, address), TrapCode::MemoryOutOfBounds, name);
            assert_eq!(tail(m), [0; 16], "{name} at {address} wrote nothing");
        }
        store(m, last(width)).unwrap_or_else(|t| panic!("{name} at the end trapped: {t}"));
        let mut want = [0u8; 16];
        want[16 - width as usize..].fill(0xff);
        assert_eq!(tail(m), want, "{name} wrote exactly the last {width} bytes");
    }
}

/// The last 16 bytes of memory in the load tests: every byte has its sign
/// bit set, so sign extension shows.
fn tail_bytes() -> [u8; 16] {
    std::array::from_fn(|i| 0xe1 + i as u8)
}

/// What load `name` of the last `width` bytes reads from [`tail_bytes`],
/// widened like [`widen`] (a `v128` load gives the xor of its halves).
fn tail_value(width: u32, name: &str) -> i64 {
    if width == 16 {
        let tail = tail_bytes();
        let half = |i: usize| u64::from_le_bytes(tail[i..i + 8].try_into().unwrap());
        return (half(0) ^ half(8)) as i64;
    }
    let start = 16 - width as usize;
    let n = (width as usize).min(8);
    let mut raw = [0u8; 8];
    raw[..n].copy_from_slice(&tail_bytes()[start..start + n]);
    let value = u64::from_le_bytes(raw);
    let bits = 8 * n as u32;
    if name.contains("_s_") {
        (value << (64 - bits)) as i64 >> (64 - bits)
    } else if name.starts_with("i32_load_") {
        i64::from(value as u32 as i32)
    } else {
        value as i64
    }
}

fn tail_of_page(m: &Edges<()>) -> [u8; 16] {
    m.memory()[PAGE - 16..PAGE].try_into().unwrap()
}

fn clear_page_tail(m: &mut Edges<()>) {
    m.memory_mut()[PAGE - 16..PAGE].fill(0);
}

#[test]
fn every_load_width_at_the_end_of_a_page() {
    let mut m = instance();
    m.memory_mut()[PAGE - 16..].copy_from_slice(&tail_bytes());
    check_loads(&mut m, &page_loads(), tail_value);
    // Offsets past 4 GiB on a small memory: every address traps.
    for (name, _, load) in top_loads() {
        for address in [0, 16, 65536, -1] {
            expect_trap(load(&mut m, address), TrapCode::MemoryOutOfBounds, name);
        }
    }
}

#[test]
fn every_store_width_at_the_end_of_a_page() {
    let mut m = instance();
    check_stores(&mut m, &page_stores(), tail_of_page, clear_page_tail);
    for (name, _, store) in top_stores() {
        expect_trap(store(&mut m, 0), TrapCode::MemoryOutOfBounds, name);
    }
}

#[test]
fn every_width_at_the_end_of_a_4_gib_memory() {
    fn tail(m: &Edges<()>) -> [u8; 16] {
        let memory = m.memory();
        memory[memory.len() - 16..].try_into().unwrap()
    }
    fn clear(m: &mut Edges<()>) {
        let mut memory = m.memory_mut();
        let len = memory.len();
        memory[len - 16..].fill(0);
    }
    let mut m = four_gib();
    assert_eq!(m.memory().len(), 1 << 32);
    let len = m.memory().len();
    m.memory_mut()[len - 16..].copy_from_slice(&tail_bytes());
    check_loads(&mut m, &top_loads(), tail_value);
    check_stores(&mut m, &top_stores(), tail, clear);
    // The page offsets now reach only the start of memory.
    assert_eq!(m.i64_load_page(i32::MAX).unwrap(), 0);
}

#[test]
fn memory_grows_to_4_gib_and_no_further() {
    let mut m = instance();
    assert_eq!(m.grow(MAX_PAGES).unwrap(), -1, "one page too many");
    assert_eq!(m.size().unwrap(), 1, "a failed grow changes nothing");
    assert_eq!(m.grow(MAX_PAGES - 1).unwrap(), 1);
    assert_eq!(m.grow(1).unwrap(), -1, "past 4 GiB");
    assert_eq!(m.grow(-1).unwrap(), -1, "2^32 - 1 pages");
    assert_eq!(m.grow(0).unwrap(), MAX_PAGES);
    assert_eq!(m.size().unwrap(), MAX_PAGES);
    m.i64_store_top(last(8), 42).unwrap();
    assert_eq!(m.i64_load_top(last(8)).unwrap(), 42);
}

#[test]
fn no_address_reaches_another_instances_memory() {
    let mut spy = four_gib();
    let mut victims: Vec<Edges<()>> = (0..4).map(|_| instance()).collect();
    for victim in &mut victims {
        victim.memory_mut().fill(0x5a);
    }
    // Every address the spy can form (up to 2^32 - 1 + 2^32 - 16 + 16)
    // lies in its own reservation.
    let spy_base = spy.memory().as_ptr() as usize;
    let reach = spy_base + (1 << 33);
    for victim in &victims {
        let base = victim.memory().as_ptr() as usize;
        assert!(
            base + PAGE <= spy_base || base >= reach,
            "a victim's memory at {base:#x} is within reach of {spy_base:#x}"
        );
    }
    // And the spy's largest reaches trap instead of reading anything.
    for (name, width, load) in top_loads() {
        for address in [last(width) + 1, 1 << 16, i32::MAX, -1] {
            expect_trap(load(&mut spy, address), TrapCode::MemoryOutOfBounds, name);
        }
    }
    for victim in &victims {
        assert!(victim.memory().iter().all(|&b| b == 0x5a));
    }
}

