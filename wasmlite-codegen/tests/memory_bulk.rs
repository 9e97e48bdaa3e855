//! End-to-end: `memory.size`, `memory.grow` up to the maximum and beyond,
//! and the bulk-memory instructions, each checked against a reference
//! model of the specification: the same result or trap, and the same bytes
//! afterwards (nothing written when it traps).

mod memory_common;
mod support;

use memory_common::{i32s, instantiate, trap_of, LEVELS};
use wasmlite_rt::{Instance, TrapCode, Val};

const PAGE: u32 = 65536;

#[test]
fn memory_grow_up_to_the_maximum_and_beyond() {
    let text = r#"(module (memory 1 3)
        (func (export "size") (result i32) memory.size)
        (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
        (func (export "load") (param i32) (result i32) local.get 0 i32.load8_u)
        (func (export "store") (param i32 i32) local.get 0 local.get 1 i32.store8))"#;
    for level in LEVELS {
        let mut m = instantiate(text, level);
        let mut call = |name: &str, args: &[u32]| m.call(name, &i32s(args));
        assert_eq!(call("size", &[]), Ok(vec![Val::I32(1)]));
        assert_eq!(
            trap_of(call("load", &[PAGE])),
            Some(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(call("grow", &[1]), Ok(vec![Val::I32(1)]), "{level:?}");
        assert_eq!(call("size", &[]), Ok(vec![Val::I32(2)]));
        assert_eq!(call("store", &[2 * PAGE - 1, 0xab]), Ok(vec![]));
        assert_eq!(call("load", &[2 * PAGE - 1]), Ok(vec![Val::I32(0xab)]));
        assert_eq!(
            call("load", &[PAGE]),
            Ok(vec![Val::I32(0)]),
            "new pages are zeroed"
        );
        assert_eq!(
            trap_of(call("load", &[2 * PAGE])),
            Some(TrapCode::MemoryOutOfBounds)
        );
        assert_eq!(
            call("grow", &[2]),
            Ok(vec![Val::I32(-1)]),
            "past the maximum fails"
        );
        assert_eq!(
            call("size", &[]),
            Ok(vec![Val::I32(2)]),
            "a failed grow changes nothing"
        );
        assert_eq!(call("grow", &[1]), Ok(vec![Val::I32(2)]));
        assert_eq!(call("grow", &[0]), Ok(vec![Val::I32(3)]));
        assert_eq!(call("grow", &[1]), Ok(vec![Val::I32(-1)]));
        assert_eq!(
            call("grow", &[u32::MAX]),
            Ok(vec![Val::I32(-1)]),
            "the delta is unsigned"
        );
        assert_eq!(call("size", &[]), Ok(vec![Val::I32(3)]));
        assert_eq!(call("load", &[3 * PAGE - 1]), Ok(vec![Val::I32(0)]));
        assert_eq!(
            trap_of(call("load", &[3 * PAGE])),
            Some(TrapCode::MemoryOutOfBounds)
        );
    }
}

#[test]
fn memory_grow_without_a_maximum_and_from_zero() {
    let text = r#"(module (memory 0)
        (func (export "size") (result i32) memory.size)
        (func (export "grow") (param i32) (result i32) local.get 0 memory.grow)
        (func (export "load") (param i32) (result i32) local.get 0 i32.load))"#;
    for level in LEVELS {
        let mut m = instantiate(text, level);
        let mut call = |name: &str, args: &[u32]| m.call(name, &i32s(args));
        assert_eq!(call("size", &[]), Ok(vec![Val::I32(0)]));
        assert_eq!(
            trap_of(call("load", &[0])),
            Some(TrapCode::MemoryOutOfBounds),
            "an empty memory has no bytes"
        );
        assert_eq!(
            call("grow", &[0x10001]),
            Ok(vec![Val::I32(-1)]),
            "more than 4 GiB fails"
        );
        assert_eq!(call("grow", &[0]), Ok(vec![Val::I32(0)]));
        assert_eq!(call("grow", &[2]), Ok(vec![Val::I32(0)]));
        assert_eq!(call("size", &[]), Ok(vec![Val::I32(2)]));
        assert_eq!(call("load", &[2 * PAGE - 4]), Ok(vec![Val::I32(0)]));
        assert_eq!(
            trap_of(call("load", &[2 * PAGE - 3])),
            Some(TrapCode::MemoryOutOfBounds)
        );
    }
}

// ----- fill and copy against a reference model -----

/// `memory.fill` as the specification defines it.
fn model_fill(memory: &mut [u8], dst: u32, value: u32, len: u32) -> Result<(), TrapCode> {
    let (dst, len) = (dst as usize, len as usize);
    if dst + len > memory.len() {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    memory[dst..dst + len].fill(value as u8);
    Ok(())
}

/// `memory.copy` as the specification defines it.
fn model_copy(memory: &mut [u8], dst: u32, src: u32, len: u32) -> Result<(), TrapCode> {
    let (dst, src, len) = (dst as usize, src as usize, len as usize);
    if dst + len > memory.len() || src + len > memory.len() {
        return Err(TrapCode::MemoryOutOfBounds);
    }
    memory.copy_within(src..src + len, dst);
    Ok(())
}

/// Run `name(args)` on a memory holding a fresh pattern and check result
/// and bytes against `model`.
fn check_against_model(
    m: &mut Instance,
    name: &str,
    args: &[u32],
    model: impl FnOnce(&mut [u8]) -> Result<(), TrapCode>,
) {
    for (i, byte) in m.memory_mut(0).iter_mut().enumerate() {
        *byte = (i * 7 + i / 251) as u8;
    }
    let mut expected = m.memory(0).to_vec();
    let expected_result = model(&mut expected);
    let result = m.call(name, &i32s(args));
    match expected_result {
        Ok(()) => assert_eq!(result, Ok(vec![]), "{name}{args:?}"),
        Err(code) => assert_eq!(trap_of(result), Some(code), "{name}{args:?}"),
    }
    assert!(
        m.memory(0) == expected,
        "{name}{args:?}: memory differs from the model"
    );
}

/// Lengths exercised: the constant ones are expanded inline (up to 128
/// bytes) or call the runtime (above); `var` takes the length as a
/// parameter.
const CONSTANT_LENGTHS: [u32; 5] = [0, 1, 13, 128, 200];

fn bulk_module() -> String {
    let mut text = String::from(
        r#"(module (memory 1 1)
        (func (export "fill") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.fill)
        (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.copy)"#,
    );
    for n in CONSTANT_LENGTHS {
        text += &format!(
            "(func (export \"fill{n}\") (param i32 i32) local.get 0 local.get 1 i32.const {n} memory.fill)
             (func (export \"copy{n}\") (param i32 i32) local.get 0 local.get 1 i32.const {n} memory.copy)"
        );
    }
    text + ")"
}

/// Destination or source positions relative to a length `n`: in bounds,
/// at the very end, one past it, and far out.
fn positions(n: u32) -> Vec<u32> {
    let mut p = vec![0, 1, 1000, PAGE - n, PAGE - n + 1, PAGE, PAGE + 1, u32::MAX];
    if n > 0 {
        p.push(PAGE - n - 1);
    }
    p
}

#[test]
fn memory_fill_bounds_and_bytes() {
    for level in LEVELS {
        let mut m = instantiate(&bulk_module(), level);
        for n in CONSTANT_LENGTHS {
            for dst in positions(n) {
                let name = format!("fill{n}");
                check_against_model(&mut m, &name, &[dst, 0x1ab], |mem| {
                    model_fill(mem, dst, 0x1ab, n)
                });
                check_against_model(&mut m, "fill", &[dst, 0x1ab, n], |mem| {
                    model_fill(mem, dst, 0x1ab, n)
                });
            }
        }
        for (dst, len) in [
            (0, PAGE),
            (1, PAGE),
            (0, PAGE + 1),
            (u32::MAX, 2),
            (2, u32::MAX),
            (PAGE, 0),
            (PAGE + 1, 0),
        ] {
            check_against_model(&mut m, "fill", &[dst, 7, len], |mem| {
                model_fill(mem, dst, 7, len)
            });
        }
    }
}

#[test]
fn memory_copy_bounds_overlap_and_bytes() {
    for level in LEVELS {
        let mut m = instantiate(&bulk_module(), level);
        for n in CONSTANT_LENGTHS {
            let name = format!("copy{n}");
            let mut pairs: Vec<(u32, u32)> = positions(n)
                .into_iter()
                .flat_map(|d| [(d, 100), (100, d)])
                .collect();
            pairs.extend([
                (100, 101),
                (101, 100),
                (100, 100),
                (100, 100 + n / 2),
                (100 + n / 2, 100),
            ]);
            for (dst, src) in pairs {
                check_against_model(&mut m, &name, &[dst, src], |mem| {
                    model_copy(mem, dst, src, n)
                });
                check_against_model(&mut m, "copy", &[dst, src, n], |mem| {
                    model_copy(mem, dst, src, n)
                });
            }
        }
        for (dst, src, len) in [
            (0, 1, PAGE - 1),
            (1, 0, PAGE - 1),
            (0, 0, PAGE + 1),
            (u32::MAX, 0, 2),
            (0, u32::MAX, 2),
        ] {
            check_against_model(&mut m, "copy", &[dst, src, len], |mem| {
                model_copy(mem, dst, src, len)
            });
        }
    }
}

#[test]
fn memory_init_and_data_drop() {
    let text = r#"(module (memory 1 1)
        (data $hello "hello world")
        (data $active (i32.const 100) "abc")
        (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.init $hello)
        (func (export "init_active") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 memory.init $active)
        (func (export "drop") data.drop $hello))"#;
    let hello = b"hello world";
    let model_init = |segment: &[u8], mem: &mut [u8], dst: u32, src: u32, len: u32| {
        let (dst, src, len) = (dst as usize, src as usize, len as usize);
        if src + len > segment.len() || dst + len > mem.len() {
            return Err(TrapCode::MemoryOutOfBounds);
        }
        mem[dst..dst + len].copy_from_slice(&segment[src..src + len]);
        Ok(())
    };
    for level in LEVELS {
        let mut m = instantiate(text, level);
        assert_eq!(
            &m.memory(0)[100..103],
            b"abc",
            "the active segment was applied"
        );
        let cases = [
            (0, 0, 11),
            (PAGE - 5, 6, 5),
            (PAGE - 4, 6, 5),
            (0, 6, 6),
            (0, 11, 0),
            (0, 12, 0),
            (PAGE, 0, 0),
            (PAGE + 1, 0, 0),
            (0, 0, u32::MAX),
        ];
        for (dst, src, len) in cases {
            check_against_model(&mut m, "init", &[dst, src, len], |mem| {
                model_init(hello, mem, dst, src, len)
            });
        }
        // An active segment is dropped once applied.
        for (dst, src, len) in [(0, 0, 0), (0, 0, 1)] {
            check_against_model(&mut m, "init_active", &[dst, src, len], |mem| {
                model_init(b"", mem, dst, src, len)
            });
        }
        assert_eq!(m.call("drop", &[]), Ok(vec![]));
        assert_eq!(m.call("drop", &[]), Ok(vec![]), "dropping twice is allowed");
        for (dst, src, len) in [(0, 0, 0), (PAGE, 0, 0), (0, 0, 1), (0, 1, 0)] {
            check_against_model(&mut m, "init", &[dst, src, len], |mem| {
                model_init(b"", mem, dst, src, len)
            });
        }
    }
}
