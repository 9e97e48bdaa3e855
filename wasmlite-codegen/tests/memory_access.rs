//! End-to-end: every scalar load and store at the edges of a one-page
//! memory, with and without static offsets, traps exactly when the
//! specification says, reads and writes the right bytes, and leaves memory
//! untouched when it traps; with guard pages and with explicit bounds
//! checks.

mod memory_common;
mod support;

use memory_common::{configurations, instantiate_with, trap_of};
use wasmlite_rt::{Instance, TrapCode, Val};

const PAGE: u32 = 65536;

/// One load or store instruction.
#[derive(Clone, Copy, Debug)]
struct Access {
    op: &'static str,
    /// The operand-stack type (`i32`, `i64`, `f32`, `f64`).
    ty: &'static str,
    /// Bytes touched.
    width: u32,
    /// For narrow loads: sign-extending.
    signed: bool,
}

const fn access(op: &'static str, ty: &'static str, width: u32, signed: bool) -> Access {
    Access {
        op,
        ty,
        width,
        signed,
    }
}

const LOADS: [Access; 14] = [
    access("i32.load", "i32", 4, false),
    access("i64.load", "i64", 8, false),
    access("f32.load", "f32", 4, false),
    access("f64.load", "f64", 8, false),
    access("i32.load8_s", "i32", 1, true),
    access("i32.load8_u", "i32", 1, false),
    access("i32.load16_s", "i32", 2, true),
    access("i32.load16_u", "i32", 2, false),
    access("i64.load8_s", "i64", 1, true),
    access("i64.load8_u", "i64", 1, false),
    access("i64.load16_s", "i64", 2, true),
    access("i64.load16_u", "i64", 2, false),
    access("i64.load32_s", "i64", 4, true),
    access("i64.load32_u", "i64", 4, false),
];

const STORES: [Access; 9] = [
    access("i32.store", "i32", 4, false),
    access("i64.store", "i64", 8, false),
    access("f32.store", "f32", 4, false),
    access("f64.store", "f64", 8, false),
    access("i32.store8", "i32", 1, false),
    access("i32.store16", "i32", 2, false),
    access("i64.store8", "i64", 1, false),
    access("i64.store16", "i64", 2, false),
    access("i64.store32", "i64", 4, false),
];

/// For every access: `<op>` (no offset), `<op>/end` (offset so that address
/// 0 touches the last bytes) and `<op>/max` (offset 2^32 - 1).
fn module() -> String {
    let mut text = String::from("(module (memory 1 1)\n");
    for a in LOADS {
        for (suffix, offset) in variants(a) {
            text += &format!(
                "(func (export \"{op}{suffix}\") (param i32) (result {ty}) local.get 0 {op} offset={offset})\n",
                op = a.op,
                ty = a.ty
            );
        }
    }
    for a in STORES {
        for (suffix, offset) in variants(a) {
            text += &format!(
                "(func (export \"{op}{suffix}\") (param i32 {ty}) local.get 0 local.get 1 {op} offset={offset})\n",
                op = a.op,
                ty = a.ty
            );
        }
    }
    text + ")"
}

fn variants(a: Access) -> [(&'static str, u32); 3] {
    [("", 0), ("/end", PAGE - a.width), ("/max", u32::MAX)]
}

/// The value `a` reads from `bytes` (little-endian, extended).
fn decode(a: Access, bytes: &[u8]) -> Val {
    let mut raw = [0u8; 8];
    raw[..bytes.len()].copy_from_slice(bytes);
    let unsigned = u64::from_le_bytes(raw);
    let shift = 64 - 8 * a.width;
    let value = if a.signed {
        ((unsigned << shift) as i64) >> shift
    } else {
        unsigned as i64
    };
    match a.ty {
        "i32" => Val::I32(value as i32),
        "i64" => Val::I64(value),
        "f32" => Val::F32(value as u32),
        "f64" => Val::F64(value as u64),
        other => unreachable!("type {other}"),
    }
}

/// A value of `a`'s type whose bytes are all distinct and non-zero.
fn sample(a: Access) -> (Val, [u8; 8]) {
    let bits: u64 = 0x8877_6655_4433_2211;
    let value = match a.ty {
        "i32" => Val::I32(bits as u32 as i32),
        "i64" => Val::I64(bits as i64),
        "f32" => Val::F32(bits as u32),
        "f64" => Val::F64(bits),
        other => unreachable!("type {other}"),
    };
    (value, bits.to_le_bytes())
}

/// Fill memory with a pattern whose bytes have the sign bit set.
fn fill_pattern(instance: &mut Instance) {
    for (i, byte) in instance.memory_mut(0).iter_mut().enumerate() {
        *byte = 0x80 | (i as u8 & 0x7f) ^ 0x35;
    }
}

/// Addresses (with no offset) that are in bounds for an access of `width`
/// bytes, including misaligned ones and the very last bytes.
fn in_bounds_addresses(width: u32) -> Vec<u32> {
    vec![0, 1, 3, 4093, PAGE / 2 + 1, PAGE - width - 1, PAGE - width]
}

/// Addresses (with no offset) that must trap.
fn out_of_bounds_addresses(width: u32) -> Vec<u32> {
    let mut addresses = vec![
        PAGE,
        PAGE + 1,
        PAGE * 2,
        0x8000_0000,
        u32::MAX,
        u32::MAX - width + 1,
    ];
    if width > 1 {
        addresses.push(PAGE - width + 1); // straddles the end
        addresses.push(PAGE - 1);
    }
    addresses
}

#[test]
fn loads_read_up_to_the_last_byte_and_trap_past_it() {
    for options in configurations() {
        let level = (options.opt_level, options.bounds_checks);
        let mut instance = instantiate_with(&module(), &options);
        fill_pattern(&mut instance);
        for a in LOADS {
            let call = |instance: &mut Instance, name: String, address: u32| {
                instance.call(&name, &[Val::I32(address as i32)])
            };
            for address in in_bounds_addresses(a.width) {
                let at = address as usize;
                let expected = decode(a, &instance.memory(0)[at..at + a.width as usize]);
                let got = call(&mut instance, a.op.to_string(), address)
                    .unwrap_or_else(|e| panic!("{} {address}: {e}", a.op));
                assert_eq!(got, vec![expected], "{} at {address} ({level:?})", a.op);
            }
            for address in out_of_bounds_addresses(a.width) {
                let code = trap_of(call(&mut instance, a.op.to_string(), address));
                assert_eq!(
                    code,
                    Some(TrapCode::MemoryOutOfBounds),
                    "{} at {address:#x} ({level:?})",
                    a.op
                );
            }
            let last = decode(a, &instance.memory(0)[(PAGE - a.width) as usize..]);
            assert_eq!(
                call(&mut instance, format!("{}/end", a.op), 0).unwrap(),
                vec![last],
                "{}/end at 0",
                a.op
            );
            for (suffix, address) in [
                ("/end", 1),
                ("/end", u32::MAX),
                ("/max", 0),
                ("/max", 1),
                ("/max", u32::MAX),
            ] {
                let code = trap_of(call(&mut instance, format!("{}{suffix}", a.op), address));
                assert_eq!(
                    code,
                    Some(TrapCode::MemoryOutOfBounds),
                    "{}{suffix} at {address:#x} ({level:?})",
                    a.op
                );
            }
        }
    }
}

#[test]
fn stores_write_exactly_their_bytes_and_nothing_when_they_trap() {
    for options in configurations() {
        let level = (options.opt_level, options.bounds_checks);
        let mut instance = instantiate_with(&module(), &options);
        for a in STORES {
            let (value, bytes) = sample(a);
            let width = a.width as usize;
            let store = |instance: &mut Instance, name: String, address: u32| {
                fill_pattern(instance);
                let before = instance.memory(0).to_vec();
                let result = instance.call(&name, &[Val::I32(address as i32), value.clone()]);
                (result, before)
            };
            for address in in_bounds_addresses(a.width) {
                let (result, mut expected) = store(&mut instance, a.op.to_string(), address);
                assert_eq!(result, Ok(vec![]), "{} at {address} ({level:?})", a.op);
                let at = address as usize;
                expected[at..at + width].copy_from_slice(&bytes[..width]);
                assert!(
                    instance.memory(0) == expected,
                    "{} at {address} wrote exactly its bytes ({level:?})",
                    a.op
                );
            }
            let (result, mut expected) = store(&mut instance, format!("{}/end", a.op), 0);
            assert_eq!(result, Ok(vec![]), "{}/end at 0 ({level:?})", a.op);
            expected[PAGE as usize - width..].copy_from_slice(&bytes[..width]);
            assert!(
                instance.memory(0) == expected,
                "{}/end wrote the last bytes ({level:?})",
                a.op
            );

            let trapping = out_of_bounds_addresses(a.width)
                .into_iter()
                .map(|address| (a.op.to_string(), address))
                .chain(
                    [("/end", 1), ("/max", 0), ("/max", u32::MAX)]
                        .map(|(s, address)| (format!("{}{s}", a.op), address)),
                );
            for (name, address) in trapping {
                let (result, before) = store(&mut instance, name.clone(), address);
                assert_eq!(
                    trap_of(result),
                    Some(TrapCode::MemoryOutOfBounds),
                    "{name} at {address:#x} ({level:?})"
                );
                assert!(
                    instance.memory(0) == before,
                    "{name} at {address:#x} wrote nothing ({level:?})"
                );
            }
        }
    }
}

/// A load whose value is dropped at once must still trap when out of
/// bounds, also when it is a narrow (extending) load.
#[test]
fn dropped_loads_still_trap() {
    let mut text = String::from("(module (memory 1)\n");
    for a in LOADS {
        text += &format!(
            "(func (export \"{op}\") (param i32) local.get 0 {op} offset=65536 drop)\n",
            op = a.op
        );
    }
    text += ")";
    for options in configurations() {
        let level = (options.opt_level, options.bounds_checks);
        let mut instance = instantiate_with(&text, &options);
        for a in LOADS {
            let code = trap_of(instance.call(a.op, &[Val::I32(0)]));
            assert_eq!(
                code,
                Some(TrapCode::MemoryOutOfBounds),
                "dropped {} ({level:?})",
                a.op
            );
        }
    }
}
