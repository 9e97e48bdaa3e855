//! Every value type through `include_wasm!` (`wasm/values.wat`): `v128`,
//! `funcref` and `externref` as parameters, results (also several at once),
//! globals and table elements, in both directions across host imports.

mod family_support;

use std::num::NonZeroUsize;
use wasmlite_rt::{ExternRef, FuncRef, Val, V128};

wasmlite_rt::include_wasm!("wasm/values.wat");

/// Host state: records what the imports saw.
#[derive(Default)]
struct Host {
    combined: Vec<(V128, V128)>,
    echoed: Vec<Option<FuncRef>>,
    /// What `split` returns as its funcref.
    split_func: Option<FuncRef>,
}

impl values::Imports for Host {
    fn host_combine(&mut self, a: V128, b: V128) -> V128 {
        self.combined.push((a, b));
        V128::from_bits(a.to_bits() ^ b.to_bits())
    }

    fn host_pick(
        &mut self,
        a: Option<ExternRef>,
        b: Option<ExternRef>,
        which: i32,
    ) -> Option<ExternRef> {
        match which {
            0 => a,
            1 => b,
            _ => None,
        }
    }

    fn host_echo_func(&mut self, f: Option<FuncRef>) -> Option<FuncRef> {
        self.echoed.push(f.clone());
        f
    }

    fn host_split(&mut self, x: i32) -> (V128, Option<ExternRef>, Option<FuncRef>) {
        (
            V128::from_i32x4([x, x + 1, x + 2, x + 3]),
            ExternRef::from_raw(x as usize),
            self.split_func.clone(),
        )
    }
}

fn instance() -> values::Values<Host> {
    values::Values::new(Host::default()).expect("instantiate values.wat")
}

fn handle(n: usize) -> Option<ExternRef> {
    Some(ExternRef::new(NonZeroUsize::new(n).unwrap()))
}

#[test]
fn v128_parameters_and_results_keep_every_lane() {
    let mut m = instance();
    let sum = m
        .add_i32x4(
            V128::from_i32x4([1, -2, i32::MAX, 4]),
            V128::from_i32x4([10, 20, 1, -4]),
        )
        .unwrap();
    assert_eq!(sum.to_i32x4(), [11, 18, i32::MIN, 0]);
    let product = m
        .mul_f32x4(
            V128::from_f32x4([1.5, -2.0, f32::INFINITY, 0.0]),
            V128::from_f32x4([2.0, 0.25, -1.0, -3.0]),
        )
        .unwrap();
    assert_eq!(product.to_f32x4(), [3.0, -0.5, f32::NEG_INFINITY, -0.0]);
    assert_eq!(product.to_f32x4()[3].to_bits(), (-0.0f32).to_bits());
}

#[test]
fn v128_crosses_host_imports_both_ways() {
    let mut m = instance();
    let a = V128::from_u64x2([0x0123_4567_89ab_cdef, u64::MAX]);
    let b = V128::from_u64x2([0xffff_0000_ffff_0000, 1]);
    let combined = m.combine_via_host(a, b).unwrap();
    assert_eq!(combined.to_bits(), a.to_bits() ^ b.to_bits());
    assert_eq!(m.host().combined, [(a, b)]);
}

#[test]
fn v128_globals_read_and_write() {
    let mut m = instance();
    assert_eq!(m.lanes().to_i32x4(), [1, 2, 3, 4]);
    let after = m.add_to_lanes(V128::from_i32x4([10, 10, 10, 10])).unwrap();
    assert_eq!(after.to_i32x4(), [11, 12, 13, 14]);
    m.set_lanes(V128::from_bits(7));
    assert_eq!(m.lanes(), V128::from_bits(7));
    assert_eq!(
        m.instance().global_get(0),
        Val::V128(7),
        "the typed and dynamic views agree"
    );
}

#[test]
fn externrefs_round_trip_through_tables_globals_and_imports() {
    let mut m = instance();
    assert_eq!(m.handle(), None);
    m.set_handle(handle(42));
    assert_eq!(m.handle(), handle(42));
    m.store_handle(1, handle(7)).unwrap();
    assert_eq!(m.load_handle(1).unwrap(), handle(7));
    assert_eq!(m.load_handle(0).unwrap(), None);
    assert_eq!(m.handles().get(1), Some(Val::ExternRef(handle(7))));
    assert_eq!(m.pick_via_host(handle(1), handle(2), 0).unwrap(), handle(1));
    assert_eq!(m.pick_via_host(handle(1), handle(2), 1).unwrap(), handle(2));
    assert_eq!(m.pick_via_host(handle(1), handle(2), 9).unwrap(), None);
    assert_eq!(m.is_null(None, None).unwrap(), (1, 1));
    assert_eq!(m.is_null(None, handle(3)).unwrap(), (1, 0));
    let trap = m.store_handle(4, handle(1)).unwrap_err();
    assert_eq!(trap.code(), wasmlite_rt::TrapCode::TableOutOfBounds);
}

#[test]
fn funcrefs_from_tables_globals_and_exports_are_callable_by_wasm() {
    let mut m = instance();
    let double = m.table_func(0).unwrap().expect("slot 0 holds $double");
    let negate = m.table_func(1).unwrap().expect("slot 1 holds $negate");
    assert_eq!(m.table_func(2).unwrap(), None);
    assert_eq!(m.call_func(Some(double.clone()), 21).unwrap(), 42);
    assert_eq!(m.call_func(Some(negate), 5).unwrap(), -5);
    assert_eq!(
        m.func(),
        Some(double.clone()),
        "ref.func yields the table's funcref"
    );
    assert_eq!(m.is_null(Some(double), None).unwrap(), (0, 1));
    let trap = m.call_func(None, 1).unwrap_err();
    assert_eq!(trap.code(), wasmlite_rt::TrapCode::IndirectCallToNull);
}

#[test]
fn funcrefs_cross_host_imports_both_ways() {
    let mut m = instance();
    let negate = m.table_func(1).unwrap();
    assert_eq!(m.call_via_host(negate.clone(), 9).unwrap(), -9);
    assert_eq!(m.host().echoed, [negate.clone()]);
    m.host_mut().split_func = negate.clone();
    let (lanes, handle_out, func) = m.split_via_host(5).unwrap();
    assert_eq!(lanes.to_i32x4(), [5, 6, 7, 8]);
    assert_eq!(handle_out, handle(5));
    assert_eq!(func, negate);
}

#[test]
fn a_funcref_keeps_its_instance_alive_in_another() {
    let mut owner = instance();
    let double = owner.table_func(0).unwrap();
    let mut user = instance();
    user.set_func(double.clone());
    drop(owner);
    // `double` now lives in `user`'s table and global, and in this frame.
    assert_eq!(user.call_func(double, 8).unwrap(), 16);
    assert_eq!(user.call_func(user.func(), 4).unwrap(), 8);
}
