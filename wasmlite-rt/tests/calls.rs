//! Calling exports: results, type checks, memory, globals.

mod common;

use common::calc;
use wasmlite_rt::{
    CallError, Extern, ExternRef, FuncRef, FuncType, Instance, TrapCode, Val, ValRaw, ValType, V128,
};

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

/// Never called: `reverse` is only reached through its wrapper.
unsafe extern "C" fn reverse_body(_vmctx: *mut wasmlite_abi::VMContext) {}

/// The array-call wrapper of `reverse`: its seven results are its seven
/// parameters in reverse order.
unsafe extern "C" fn reverse_w(_vmctx: *mut wasmlite_abi::VMContext, values: *mut ValRaw) {
    std::slice::from_raw_parts_mut(values, 7).reverse();
}

/// A module exporting `reverse`, of type
/// `(i32 i64 f32 f64 v128 funcref externref) -> (externref funcref v128 f64 f32 i64 i32)`.
fn reverse_module() -> std::sync::Arc<wasmlite_rt::Module> {
    use ValType::*;
    static MODULE: std::sync::OnceLock<std::sync::Arc<wasmlite_rt::Module>> =
        std::sync::OnceLock::new();
    let params = [I32, I64, F32, F64, V128, ValType::FUNCREF, ValType::EXTERNREF];
    let mut results = params;
    results.reverse();
    MODULE
        .get_or_init(|| {
            let mut b = common::ModuleBuilder::new();
            b.export_func("reverse", reverse_body as *const u8, reverse_w, &params, &results);
            b.build()
        })
        .clone()
}

type Seven = (i32, i64, f32, f64, V128, Option<FuncRef>, Option<ExternRef>);
type SevenReversed = (Option<ExternRef>, Option<FuncRef>, V128, f64, f32, i64, i32);

#[test]
fn typed_funcs_pass_every_value_type_and_return_multiple_results() {
    let mut instance = Instance::new(reverse_module(), &[]).unwrap();
    let Some(Extern::Func(func)) = instance.get_export("reverse") else {
        panic!("`reverse` is a function");
    };
    let reverse = instance.typed_func::<Seven, SevenReversed>("reverse").unwrap();
    let v = V128::from_i32x4([1, -2, 3, -4]);
    let extern_ref = ExternRef::from_raw(77);
    assert_eq!(
        reverse.call(&mut instance, (-7, 1 << 40, 2.5, -0.125, v, Some(func.clone()), extern_ref)),
        Ok((extern_ref, Some(func), v, -0.125, 2.5, 1 << 40, -7))
    );
    assert_eq!(
        reverse.call(&mut instance, (0, 0, 0.0, 0.0, V128::from_bits(0), None, None)),
        Ok((None, None, V128::from_bits(0), 0.0, 0.0, 0, 0))
    );
}

#[test]
fn typed_funcs_take_tuples_single_values_or_nothing() {
    let mut calc = instance();
    let add = calc.typed_func::<(i32, i32), i32>("add").unwrap();
    assert_eq!(add.call(&mut calc, (40, 2)), Ok(42));
    let swap = calc.typed_func::<(i32, i64), (i64, i32)>("swap").unwrap();
    assert_eq!(swap.call(&mut calc, (1, -2)), Ok((-2, 1)));
    let store = calc.typed_func::<(i32, i32), ()>("store").unwrap();
    assert_eq!(store.call(&mut calc, (8, 99)), Ok(()));
    let load = calc.typed_func::<i32, i32>("load").unwrap();
    assert_eq!(load.call(&mut calc, 8), Ok(99));
    let load_tuple = calc.typed_func::<(i32,), i32>("load").unwrap();
    assert_eq!(load_tuple.call(&mut calc, (8,)), Ok(99));
    let size = calc.typed_func::<(), i32>("size").unwrap();
    assert_eq!(size.call(&mut calc, ()), Ok(1));
}

#[test]
fn typed_funcs_are_checked_once_when_made() {
    let calc = instance();
    assert_eq!(
        calc.typed_func::<(i32, i32), i64>("add").unwrap_err(),
        CallError::FuncTypeMismatch {
            name: "add".into(),
            expected: Box::new(FuncType {
                params: vec![ValType::I32, ValType::I32],
                results: vec![ValType::I64]
            }),
            found: Box::new(FuncType {
                params: vec![ValType::I32, ValType::I32],
                results: vec![ValType::I32]
            }),
        }
    );
    assert!(matches!(
        calc.typed_func::<i32, (i64, i32)>("swap"),
        Err(CallError::FuncTypeMismatch { .. })
    ));
    assert!(matches!(
        calc.typed_func::<(), ()>("nope"),
        Err(CallError::UnknownExport(name)) if name == "nope"
    ));
    assert!(matches!(
        calc.typed_func::<(), ()>("memory"),
        Err(CallError::NotAFunction(name)) if name == "memory"
    ));
}

#[test]
fn typed_calls_return_traps_and_the_instance_stays_usable() {
    let mut calc = instance();
    let div = calc.typed_func::<(i32, i32), i32>("div").unwrap();
    let trap = div.call(&mut calc, (1, 0)).unwrap_err();
    assert_eq!(trap.code(), TrapCode::IntegerDivisionByZero);
    assert_eq!(div.call(&mut calc, (9, 3)), Ok(3));
}

#[test]
fn typed_funcs_work_on_every_instance_of_their_module_and_no_other() {
    let calc = instance();
    let add = calc.typed_func::<(i32, i32), i32>("add").unwrap();
    let mut other_calc = instance();
    assert_eq!(add.call(&mut other_calc, (1, 2)), Ok(3));
    let mut reverse = Instance::new(reverse_module(), &[]).unwrap();
    let wrong = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        let _ = add.call(&mut reverse, (1, 2));
    }));
    let message = wrong.expect_err("another module's instance is rejected");
    let message = message.downcast_ref::<String>().expect("a formatted message");
    assert!(message.contains("instance of another module"), "{message}");
}
