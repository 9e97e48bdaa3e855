//! `BoundsChecks::Explicit`: exact trap semantics. An out-of-bounds access
//! traps even when its value is unused, every write before the trapping
//! access is visible afterwards and none after it, SIMD accesses are
//! checked like scalar ones, and a memory's length is re-read after
//! `memory.grow` (directly or in a callee).

mod memory_common;
mod support;

use memory_common::trap_of;
use wasmlite_codegen::{BoundsChecks, CompileOptions, OptLevel};
use wasmlite_rt::{Instance, TrapCode, Val};

const PAGE: u32 = 65536;

fn explicit(opt_level: OptLevel) -> CompileOptions {
    CompileOptions {
        opt_level,
        bounds_checks: BoundsChecks::Explicit,
        ..Default::default()
    }
}

fn each_level(text: &str, mut test: impl FnMut(&mut Instance, OptLevel)) {
    for level in [OptLevel::O0, OptLevel::O2, OptLevel::O3] {
        let mut instance = support::instantiate_wat_with(text, &explicit(level));
        test(&mut instance, level);
    }
}

fn word(instance: &Instance, at: usize) -> u32 {
    u32::from_le_bytes(instance.memory(0)[at..at + 4].try_into().expect("4 bytes"))
}

/// Stores and global writes around an unused out-of-bounds load: those
/// before it happened, those after it did not.
#[test]
fn writes_before_a_trapping_load_are_visible_and_writes_after_it_are_not() {
    let text = r#"(module
      (memory 1 1)
      (global $g (mut i32) (i32.const 0))
      (func (export "straight") (param $a i32)
        i32.const 0 i32.const 11 i32.store
        i32.const 1 global.set $g
        local.get $a i32.load drop
        i32.const 4 i32.const 22 i32.store
        i32.const 2 global.set $g)
      (func (export "in_loop") (param $a i32) (local $i i32)
        ;; mem[4i] = i + 1 and g = i, then an unused load at a + 4i, for
        ;; i = 0, 1, ... until the load traps.
        loop
          local.get $i i32.const 4 i32.mul
          local.get $i i32.const 1 i32.add
          i32.store offset=16
          local.get $i global.set $g
          local.get $a local.get $i i32.const 4 i32.mul i32.add
          i64.load drop
          local.get $i i32.const 1 i32.add local.set $i
          br 0
        end))"#;
    each_level(text, |instance, level| {
        let trap = trap_of(instance.call("straight", &[Val::I32(PAGE as i32)]));
        assert_eq!(trap, Some(TrapCode::MemoryOutOfBounds), "{level:?}");
        assert_eq!(
            word(instance, 0),
            11,
            "the store before the load happened ({level:?})"
        );
        assert_eq!(
            word(instance, 4),
            0,
            "the store after the load did not ({level:?})"
        );
        assert_eq!(instance.global_get(0), Val::I32(1), "{level:?}");

        // The load at a + 4i is out of bounds from i = 10 (a + 40 + 8 > PAGE).
        let a = PAGE - 8 - 36 - 3;
        let trap = trap_of(instance.call("in_loop", &[Val::I32(a as i32)]));
        assert_eq!(trap, Some(TrapCode::MemoryOutOfBounds), "{level:?}");
        for i in 0..12 {
            let expected = if i <= 10 { i + 1 } else { 0 };
            assert_eq!(
                word(instance, 16 + 4 * i as usize),
                expected,
                "mem[{i}] ({level:?})"
            );
        }
        assert_eq!(instance.global_get(0), Val::I32(10), "{level:?}");
    });
}

/// Every SIMD access traps exactly past the end, also when unused.
#[test]
fn simd_accesses_are_checked() {
    // (instruction, bytes touched, whether it is a store)
    let accesses: [(&str, u32, bool); 8] = [
        ("v128.load", 16, false),
        ("v128.load8x8_s", 8, false),
        ("v128.load32_splat", 4, false),
        ("v128.load64_zero", 8, false),
        ("v128.load16_lane 3", 2, false),
        ("v128.store", 16, true),
        ("v128.store32_lane 1", 4, true),
        ("v128.store8_lane 15", 1, true),
    ];
    let mut text = String::from("(module (memory 1 1)\n");
    for (k, (op, _, store)) in accesses.iter().enumerate() {
        let lane = op.contains("lane");
        let body = match (store, lane) {
            (true, _) => format!("local.get 0 v128.const i64x2 -1 -1 {op}"),
            (false, true) => format!("local.get 0 v128.const i64x2 0 0 {op} drop"),
            (false, false) => format!("local.get 0 {op} drop"),
        };
        text += &format!("(func (export \"{k}\") (param i32) {body})\n");
    }
    text += ")";
    each_level(&text, |instance, level| {
        for (k, (op, size, store)) in accesses.iter().enumerate() {
            let name = k.to_string();
            let last = PAGE - size;
            let result = instance.call(&name, &[Val::I32(last as i32)]);
            assert_eq!(
                trap_of(result),
                None,
                "{op} at the last address ({level:?})"
            );
            for address in [last + 1, PAGE, u32::MAX] {
                let before = instance.memory(0).to_vec();
                let result = instance.call(&name, &[Val::I32(address as i32)]);
                assert_eq!(
                    trap_of(result),
                    Some(TrapCode::MemoryOutOfBounds),
                    "{op} at {address:#x} ({level:?})"
                );
                if *store {
                    assert!(
                        instance.memory(0) == before,
                        "{op} at {address:#x} wrote nothing"
                    );
                }
            }
        }
    });
}

/// The length a check compares with is re-read after `memory.grow`, in
/// the same function (also in a loop) and in a callee.
#[test]
fn checks_see_the_grown_length() {
    let text = r#"(module
      (memory 1 3)
      (func $grow (result i32) i32.const 1 memory.grow)
      (func (export "grow_then_load") (param $a i32) (result i32)
        i32.const 0 i32.load drop
        i32.const 1 memory.grow drop
        local.get $a i32.load)
      (func (export "callee_grows") (param $a i32) (result i32)
        i32.const 0 i32.const 5 i32.store
        call $grow drop
        local.get $a i32.const 7 i32.store
        local.get $a i32.load)
      (func (export "grow_in_loop") (param $a i32) (result i32) (local $n i32)
        ;; store n at a + n * PAGE, twice; grow after the first store
        loop
          local.get $a local.get $n i32.const 65536 i32.mul i32.add
          local.get $n i32.store
          local.get $n i32.const 1 i32.add local.tee $n
          i32.const 1 i32.eq
          if i32.const 1 memory.grow drop br 1 end
        end
        local.get $n))"#;
    for level in [OptLevel::O0, OptLevel::O2, OptLevel::O3] {
        let options = explicit(level);
        let mut instance = support::instantiate_wat_with(text, &options);
        let beyond = Val::I32((PAGE + 16) as i32);
        assert_eq!(
            instance
                .call("grow_then_load", std::slice::from_ref(&beyond))
                .ok(),
            Some(vec![Val::I32(0)]),
            "{level:?}"
        );
        assert_eq!(
            instance
                .call("callee_grows", &[Val::I32((2 * PAGE + 8) as i32)])
                .ok(),
            Some(vec![Val::I32(7)]),
            "{level:?}"
        );

        let mut instance = support::instantiate_wat_with(text, &options);
        let trap = trap_of(instance.call("grow_in_loop", std::slice::from_ref(&beyond)));
        assert_eq!(
            trap,
            Some(TrapCode::MemoryOutOfBounds),
            "the first store is out of bounds ({level:?})"
        );
        let mut instance = support::instantiate_wat_with(text, &options);
        let last = Val::I32((PAGE - 4) as i32);
        assert_eq!(
            instance.call("grow_in_loop", &[last]).ok(),
            Some(vec![Val::I32(2)]),
            "{level:?}"
        );
        assert_eq!(word(&instance, (2 * PAGE - 4) as usize), 1, "{level:?}");
    }
}

/// Loads of which only some bytes are used (LLVM narrows them to those
/// bytes) still trap when any byte is out of bounds. Under guard pages the
/// narrowed load touches only the used bytes, a documented deviation.
#[test]
fn partly_used_loads_trap_when_any_byte_is_out_of_bounds() {
    let text = r#"(module
      (memory 1 1)
      (func (export "wrapped") (param i32) (result i32)
        local.get 0 i64.load i32.wrap_i64)
      (func (export "masked") (param i32) (result i32)
        local.get 0 i32.load i32.const 0xff i32.and)
      (func (export "lane") (param i32) (result i64)
        local.get 0 v128.load i64x2.extract_lane 0))"#;
    each_level(text, |instance, level| {
        for (name, size) in [("wrapped", 8), ("masked", 4), ("lane", 16)] {
            let last = PAGE - size;
            let result = instance.call(name, &[Val::I32(last as i32)]);
            assert_eq!(trap_of(result), None, "{name} at the last address ({level:?})");
            for address in [last + 1, PAGE - 1] {
                let result = instance.call(name, &[Val::I32(address as i32)]);
                assert_eq!(
                    trap_of(result),
                    Some(TrapCode::MemoryOutOfBounds),
                    "{name} at {address:#x} ({level:?})"
                );
            }
        }
    });
}
