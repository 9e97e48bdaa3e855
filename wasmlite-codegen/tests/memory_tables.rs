//! End-to-end: reference and table instructions, each checked against a
//! model of the table (which function, if any, every slot holds: observed
//! through `call_indirect`).

mod memory_common;
mod support;

use memory_common::{i32s, instantiate, trap_of, LEVELS};
use std::num::NonZeroUsize;
use wasmlite_rt::{ExternRef, Instance, TrapCode, Val};

const MODULE: &str = r#"(module
    (type $f (func (result i32)))
    (table $t 3 5 funcref)
    (table $e 2 externref)
    (func $one (result i32) i32.const 1)
    (func $two (result i32) i32.const 2)
    (elem $seg funcref (ref.func $one) (ref.func $two) (ref.null func))
    (elem $active (table $t) (i32.const 0) func $one)
    (func (export "call") (param i32) (result i32) local.get 0 call_indirect $t (type $f))
    (func (export "get") (param i32) (result funcref) local.get 0 table.get $t)
    (func (export "is_null") (param i32) (result i32) local.get 0 table.get $t ref.is_null)
    (func (export "set_two") (param i32) local.get 0 ref.func $two table.set $t)
    (func (export "set_null") (param i32) local.get 0 ref.null func table.set $t)
    (func (export "size") (result i32) table.size $t)
    (func (export "grow_two") (param i32) (result i32) ref.func $two local.get 0 table.grow $t)
    (func (export "fill_two") (param i32 i32) local.get 0 ref.func $two local.get 1 table.fill $t)
    (func (export "fill_null") (param i32 i32) local.get 0 ref.null func local.get 1 table.fill $t)
    (func (export "copy") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 table.copy $t $t)
    (func (export "init") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 table.init $t $seg)
    (func (export "init_active") (param i32 i32 i32) local.get 0 local.get 1 local.get 2 table.init $t $active)
    (func (export "drop") elem.drop $seg)
    (func (export "eget") (param i32) (result externref) local.get 0 table.get $e)
    (func (export "eset") (param i32 externref) local.get 0 local.get 1 table.set $e)
    (func (export "egrow") (param externref i32) (result i32) local.get 0 local.get 1 table.grow $e)
    (func (export "efill") (param i32 externref i32) local.get 0 local.get 1 local.get 2 table.fill $e)
    (func (export "esize") (result i32) table.size $e)
    (func (export "func_is_null") (result i32) ref.func $one ref.is_null)
    (func (export "null_is_null") (result i32 i32) ref.null func ref.is_null ref.null extern ref.is_null)
    (func (export "extern_is_null") (param externref) (result i32) local.get 0 ref.is_null))"#;

/// What a slot of `$t` holds: the result of calling it, or `None` (null).
type Model = Vec<Option<i32>>;

/// Check every slot of `$t` and the size against `model`.
fn assert_table(m: &mut Instance, model: &Model, what: &str) {
    assert_eq!(
        m.call("size", &[]),
        Ok(vec![Val::I32(model.len() as i32)]),
        "size after {what}"
    );
    for (i, slot) in model.iter().enumerate() {
        let result = m.call("call", &[Val::I32(i as i32)]);
        match slot {
            Some(value) => assert_eq!(result, Ok(vec![Val::I32(*value)]), "slot {i} after {what}"),
            None => assert_eq!(
                trap_of(result),
                Some(TrapCode::IndirectCallToNull),
                "slot {i} after {what}"
            ),
        }
        let is_null = m.call("is_null", &[Val::I32(i as i32)]);
        assert_eq!(
            is_null,
            Ok(vec![Val::I32(slot.is_none() as i32)]),
            "ref.is_null of slot {i} after {what}"
        );
    }
    for index in [model.len() as u32, model.len() as u32 + 1, u32::MAX] {
        assert_eq!(
            trap_of(m.call("get", &i32s(&[index]))),
            Some(TrapCode::TableOutOfBounds),
            "get {index} after {what}"
        );
        assert_eq!(
            trap_of(m.call("call", &i32s(&[index]))),
            Some(TrapCode::TableOutOfBounds),
            "call {index} after {what}"
        );
    }
}

/// Run `name(args)` and check its result and the table against the model
/// after `step` (which returns the trap code, if the specification traps).
fn check(
    m: &mut Instance,
    model: &mut Model,
    name: &str,
    args: &[u32],
    step: impl FnOnce(&mut Model) -> Option<TrapCode>,
) {
    let result = m.call(name, &i32s(args));
    match step(model) {
        None => assert_eq!(result, Ok(vec![]), "{name}{args:?}"),
        Some(code) => assert_eq!(trap_of(result), Some(code), "{name}{args:?}"),
    }
    assert_table(m, model, &format!("{name}{args:?}"));
}

fn in_bounds(start: u32, len: u32, size: usize) -> bool {
    start as u64 + len as u64 <= size as u64
}

#[test]
fn table_get_set_fill_copy_init_against_a_model() {
    const OOB: Option<TrapCode> = Some(TrapCode::TableOutOfBounds);
    for level in LEVELS {
        let mut m = instantiate(MODULE, level);
        let mut model: Model = vec![Some(1), None, None];
        assert_table(&mut m, &model, "instantiation");
        assert!(matches!(
            m.call("get", &[Val::I32(0)]).unwrap()[..],
            [Val::FuncRef(Some(_))]
        ));
        assert_eq!(m.call("get", &[Val::I32(1)]), Ok(vec![Val::FuncRef(None)]));

        check(&mut m, &mut model, "set_two", &[2], |t| {
            t[2] = Some(2);
            None
        });
        check(&mut m, &mut model, "set_two", &[3], |_| OOB);
        check(&mut m, &mut model, "set_null", &[0], |t| {
            t[0] = None;
            None
        });
        check(&mut m, &mut model, "set_null", &[u32::MAX], |_| OOB);

        for (dst, len) in [
            (1, 2),
            (0, 1),
            (2, 2),
            (3, 0),
            (4, 0),
            (0, 4),
            (u32::MAX, 2),
        ] {
            check(&mut m, &mut model, "fill_null", &[dst, len], |t| {
                if !in_bounds(dst, len, t.len()) {
                    return OOB;
                }
                t[dst as usize..(dst + len) as usize].fill(None);
                None
            });
            check(&mut m, &mut model, "fill_two", &[dst, len], |t| {
                if !in_bounds(dst, len, t.len()) {
                    return OOB;
                }
                t[dst as usize..(dst + len) as usize].fill(Some(2));
                None
            });
        }
        check(&mut m, &mut model, "set_null", &[1], |t| {
            t[1] = None;
            None
        });

        let segment = [Some(1), Some(2), None];
        for (dst, src, len) in [
            (0, 0, 3),
            (1, 1, 2),
            (0, 1, 2),
            (1, 0, 3),
            (0, 2, 2),
            (3, 3, 0),
            (4, 0, 0),
            (0, 4, 0),
        ] {
            check(&mut m, &mut model, "init", &[dst, src, len], |t| {
                if !in_bounds(src, len, segment.len()) || !in_bounds(dst, len, t.len()) {
                    return OOB;
                }
                t[dst as usize..(dst + len) as usize]
                    .copy_from_slice(&segment[src as usize..(src + len) as usize]);
                None
            });
        }
        check(&mut m, &mut model, "init_active", &[0, 0, 0], |_| None);
        check(&mut m, &mut model, "init_active", &[0, 0, 1], |_| OOB); // dropped after instantiation

        for (dst, src, len) in [
            (0, 1, 2),
            (1, 0, 2),
            (0, 0, 3),
            (1, 0, 3),
            (0, 1, 3),
            (3, 0, 0),
            (0, 3, 0),
            (4, 0, 0),
        ] {
            check(&mut m, &mut model, "copy", &[dst, src, len], |t| {
                if !in_bounds(src, len, t.len()) || !in_bounds(dst, len, t.len()) {
                    return OOB;
                }
                t.copy_within(src as usize..(src + len) as usize, dst as usize);
                None
            });
        }

        check(&mut m, &mut model, "drop", &[], |_| None);
        check(&mut m, &mut model, "drop", &[], |_| None);
        check(&mut m, &mut model, "init", &[0, 0, 0], |_| None);
        check(&mut m, &mut model, "init", &[0, 0, 1], |_| OOB);
    }
}

#[test]
fn table_grow_up_to_the_maximum_and_beyond() {
    for level in LEVELS {
        let mut m = instantiate(MODULE, level);
        let mut model: Model = vec![Some(1), None, None];
        let grow = |m: &mut Instance, model: &mut Model, delta: u32, expected: i32| {
            assert_eq!(
                m.call("grow_two", &i32s(&[delta])),
                Ok(vec![Val::I32(expected)]),
                "grow {delta} ({level:?})"
            );
            if expected >= 0 {
                model.resize(model.len() + delta as usize, Some(2));
            }
            assert_table(m, model, &format!("grow {delta}"));
        };
        grow(&mut m, &mut model, 1, 3);
        grow(&mut m, &mut model, 0, 4);
        grow(&mut m, &mut model, 2, -1);
        grow(&mut m, &mut model, u32::MAX, -1);
        grow(&mut m, &mut model, 1, 4);
        grow(&mut m, &mut model, 1, -1);
        grow(&mut m, &mut model, 0, 5);
    }
}

#[test]
fn externref_tables_and_ref_is_null() {
    let handle = |n: usize| Val::ExternRef(Some(ExternRef::new(NonZeroUsize::new(n).unwrap())));
    let null = Val::ExternRef(None);
    for level in LEVELS {
        let mut m = instantiate(MODULE, level);
        assert_eq!(m.call("func_is_null", &[]), Ok(vec![Val::I32(0)]));
        assert_eq!(
            m.call("null_is_null", &[]),
            Ok(vec![Val::I32(1), Val::I32(1)])
        );
        assert_eq!(
            m.call("extern_is_null", std::slice::from_ref(&null)),
            Ok(vec![Val::I32(1)])
        );
        assert_eq!(
            m.call("extern_is_null", &[handle(7)]),
            Ok(vec![Val::I32(0)])
        );

        assert_eq!(m.call("esize", &[]), Ok(vec![Val::I32(2)]));
        assert_eq!(m.call("eget", &[Val::I32(0)]), Ok(vec![null.clone()]));
        assert_eq!(m.call("eset", &[Val::I32(1), handle(7)]), Ok(vec![]));
        assert_eq!(m.call("eget", &[Val::I32(1)]), Ok(vec![handle(7)]));
        assert_eq!(
            trap_of(m.call("eget", &[Val::I32(2)])),
            Some(TrapCode::TableOutOfBounds)
        );
        assert_eq!(
            trap_of(m.call("eset", &[Val::I32(2), handle(8)])),
            Some(TrapCode::TableOutOfBounds)
        );

        assert_eq!(
            m.call("egrow", &[handle(9), Val::I32(2)]),
            Ok(vec![Val::I32(2)])
        );
        assert_eq!(m.call("esize", &[]), Ok(vec![Val::I32(4)]));
        assert_eq!(m.call("eget", &[Val::I32(3)]), Ok(vec![handle(9)]));
        assert_eq!(
            m.call("egrow", &[null.clone(), Val::I32(-1)]),
            Ok(vec![Val::I32(-1)])
        );

        assert_eq!(
            m.call("efill", &[Val::I32(1), handle(5), Val::I32(3)]),
            Ok(vec![])
        );
        let contents: Vec<Val> = (0..4)
            .map(|i| m.call("eget", &[Val::I32(i)]).unwrap().remove(0))
            .collect();
        assert_eq!(
            contents,
            vec![null.clone(), handle(5), handle(5), handle(5)]
        );
        assert_eq!(
            trap_of(m.call("efill", &[Val::I32(2), null.clone(), Val::I32(3)])),
            Some(TrapCode::TableOutOfBounds)
        );
        assert_eq!(
            m.call("eget", &[Val::I32(2)]),
            Ok(vec![handle(5)]),
            "a trapping fill writes nothing"
        );
    }
}
