//! Calling exports: results, type checks, memory, globals.

mod common;

use common::calc;
use wasmlite_rt::{CallError, Extern, Instance, Val, ValRaw, ValType};

fn instance() -> Instance {
    Instance::new(calc::module(), &[]).unwrap()
}

#[test]
fn exports_return_their_results() {
    let mut calc = instance();
    assert_eq!(
        calc.call("add", &[Val::I32(2), Val::I32(3)]),
        Ok(vec![Val::I32(5)])
    );
    assert_eq!(
        calc.call("div", &[Val::I32(-9), Val::I32(2)]),
        Ok(vec![Val::I32(-4)])
    );
    assert_eq!(
        calc.call("swap", &[Val::I32(1), Val::I64(-2)]),
        Ok(vec![Val::I64(-2), Val::I32(1)])
    );
}

#[test]
fn raw_calls_use_value_slots_for_parameters_and_results() {
    let mut calc = instance();
    let index = calc.module().export_index("add").unwrap();
    let mut values = [ValRaw::from_i32(40), ValRaw::from_i32(2)];
    // SAFETY: `add` takes two i32 and returns one.
    unsafe { calc.call_export_raw(index, &mut values) }.unwrap();
    assert_eq!(values[0].get_i32(), 42);
}

#[test]
fn dynamic_calls_check_names_and_types() {
    let mut calc = instance();
    assert_eq!(
        calc.call("nope", &[]),
        Err(CallError::UnknownExport("nope".into()))
    );
    assert_eq!(
        calc.call("memory", &[]),
        Err(CallError::NotAFunction("memory".into()))
    );
    assert_eq!(
        calc.call("add", &[Val::I32(1)]),
        Err(CallError::ArgumentCount {
            expected: 2,
            given: 1
        })
    );
    assert_eq!(
        calc.call("add", &[Val::I32(1), Val::I64(1)]),
        Err(CallError::ArgumentType {
            index: 1,
            expected: ValType::I32,
            found: ValType::I64
        })
    );
}

#[test]
fn memory_is_shared_between_wasm_and_host() {
    let mut calc = instance();
    calc.call("store", &[Val::I32(16), Val::I32(0x0102_0304)])
        .unwrap();
    assert_eq!(&calc.memory(0)[16..20], &[4, 3, 2, 1]);
    calc.memory_mut(0)[32..36].copy_from_slice(&7i32.to_le_bytes());
    assert_eq!(calc.call("load", &[Val::I32(32)]), Ok(vec![Val::I32(7)]));
    assert_eq!(calc.memory(0).len(), 65536);
}

#[test]
fn memory_grow_returns_the_old_size_or_minus_one() {
    let mut calc = instance();
    assert_eq!(calc.call("grow", &[Val::I32(1)]), Ok(vec![Val::I32(1)]));
    assert_eq!(calc.call("grow", &[Val::I32(0)]), Ok(vec![Val::I32(2)]));
    assert_eq!(
        calc.call("grow", &[Val::I32(2)]),
        Ok(vec![Val::I32(-1)]),
        "the maximum is 3 pages"
    );
    assert_eq!(calc.call("grow", &[Val::I32(-1)]), Ok(vec![Val::I32(-1)]));
    assert_eq!(calc.call("size", &[]), Ok(vec![Val::I32(2)]));
    assert_eq!(calc.memory_size(0), 2);
    // The new page is zeroed and usable, from wasm and from the host.
    assert_eq!(
        calc.call("load", &[Val::I32(65536 + 100)]),
        Ok(vec![Val::I32(0)])
    );
    calc.call("store", &[Val::I32(2 * 65536 - 4), Val::I32(9)])
        .unwrap();
    assert_eq!(calc.memory(0).len(), 2 * 65536);
    assert_eq!(calc.memory(0)[2 * 65536 - 4], 9);
}

#[test]
fn memory_fill_checks_bounds() {
    let mut calc = instance();
    assert_eq!(
        calc.call("fill", &[Val::I32(10), Val::I32(0xab), Val::I32(3)]),
        Ok(vec![Val::I32(0)])
    );
    assert_eq!(&calc.memory(0)[9..14], &[0, 0xab, 0xab, 0xab, 0]);
    let status = calc
        .call("fill", &[Val::I32(65535), Val::I32(1), Val::I32(2)])
        .unwrap();
    assert_eq!(
        status,
        vec![Val::I32(
            wasmlite_rt::TrapCode::MemoryOutOfBounds as i32 + 1
        )]
    );
    assert_eq!(
        calc.memory(0)[65535],
        0,
        "nothing is written when out of bounds"
    );
    assert_eq!(
        calc.call("fill", &[Val::I32(65536), Val::I32(1), Val::I32(0)]),
        Ok(vec![Val::I32(0)])
    );
}

#[test]
fn globals_are_visible_to_the_host_and_to_wasm() {
    let mut calc = instance();
    assert_eq!(calc.global_get(0), Val::I32(7));
    assert_eq!(calc.call("bump", &[]), Ok(vec![Val::I32(8)]));
    calc.global_set(0, Val::I32(100)).unwrap();
    assert_eq!(calc.call("bump", &[]), Ok(vec![Val::I32(101)]));
    assert_eq!(
        calc.global_set(1, Val::I64(1)),
        Err(wasmlite_rt::AccessError::Immutable)
    );
    let Some(Extern::Global(counter)) = calc.get_export("counter") else {
        panic!("counter is a global")
    };
    counter.set(Val::I32(-1)).unwrap();
    assert_eq!(calc.call("bump", &[]), Ok(vec![Val::I32(0)]));
    assert_eq!(calc.global_get(1), Val::I64(100));
}

#[test]
fn every_export_is_listed() {
    let calc = instance();
    let names: Vec<_> = calc.exports().map(|(name, _)| name.to_string()).collect();
    assert!(names.starts_with(&["add".to_string(), "div".to_string()]));
    assert!(matches!(calc.get_export("memory"), Some(Extern::Memory(m)) if m.size() == 1));
    assert!(
        matches!(calc.get_export("add"), Some(Extern::Func(f)) if f.ty().params == [ValType::I32, ValType::I32])
    );
    assert!(calc.get_export("missing").is_none());
}

#[test]
fn instances_are_independent() {
    let (mut a, mut b) = (instance(), instance());
    a.call("store", &[Val::I32(0), Val::I32(1)]).unwrap();
    a.call("bump", &[]).unwrap();
    assert_eq!(b.call("load", &[Val::I32(0)]), Ok(vec![Val::I32(0)]));
    assert_eq!(b.global_get(0), Val::I32(7));
}

unsafe extern "C" fn internal_helper(_vmctx: *mut wasmlite_abi::VMContext) {}
unsafe extern "C" fn exported_nop(_vmctx: *mut wasmlite_abi::VMContext) {}
wrapper!(exported_nop_w => exported_nop());

#[test]
fn only_referenced_functions_get_a_funcref() {
    let mut b = common::ModuleBuilder::new();
    let internal = b.func(internal_helper as *const u8, &[], &[]);
    let exported = b.export_func("nop", exported_nop as *const u8, exported_nop_w, &[], &[]);
    let info = b.finished_info();
    assert_eq!((info.funcref_slot(internal), info.funcref_slot(exported)), (None, Some(0)));
    let offsets = b.offsets();
    assert_eq!(offsets.num_funcrefs, 1, "the VMContext holds one VMFuncRef");
    let mut instance = Instance::new(b.build(), &[]).unwrap();
    let vmctx = instance.vmctx();
    // SAFETY: slot 0 is inside this instance's VMContext.
    let funcref = unsafe { *common::funcref(vmctx, &offsets, 0) };
    assert_eq!(funcref.code, exported_nop as *const u8);
    assert_eq!(funcref.vmctx, vmctx);
    assert_eq!(instance.call("nop", &[]), Ok(vec![]));
}
