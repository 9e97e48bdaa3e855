//! Host imports: the caller's memory and host state, panics, and calls
//! back into wasm from inside an import.

mod common;

use common::{calc, chain, child, importer};
use std::panic::{catch_unwind, AssertUnwindSafe};
use wasmlite_abi::VMContext;
use wasmlite_rt::__private::host_call;
use wasmlite_rt::{
    CallError, Caller, Extern, HostError, HostFunc, HostState, Instance, Memory, TrapCode, Val,
};

#[derive(Default)]
struct Host {
    calls: u32,
    /// An instance the import calls into for some inputs.
    nested: Option<Instance>,
}

/// `env.double`: doubles its input and stores it at address 0 of the
/// caller's memory. Special inputs: negative ones panic; 1000 calls `div`
/// by zero on the nested calc instance and returns the trap code; 2000
/// calls the nested importer instance with -1 (whose import panics).
fn double(caller: &mut Caller<'_>, x: i32) -> i32 {
    {
        let mut host = caller.state::<Host>().expect("the importer's state");
        host.calls += 1;
        assert!(x >= 0, "negative input {x}");
        caller.write(0, &x.to_le_bytes()).unwrap();
        match x {
            1000 => match host
                .nested
                .as_mut()
                .unwrap()
                .call("div", &[Val::I32(1), Val::I32(0)])
            {
                Err(CallError::Trap(trap)) => trap.code() as i32,
                other => panic!("expected a trap, got {other:?}"),
            },
            2000 => {
                host.nested
                    .as_mut()
                    .unwrap()
                    .call("call_double", &[Val::I32(-1)])
                    .unwrap();
                unreachable!("the nested call panics")
            }
            _ => x * 2,
        }
    }
}

fn importer(host: Host) -> Instance {
    let imports = [Extern::HostFunc(HostFunc::wrap(double))];
    Instance::with_host(importer::module(), &imports, host).unwrap()
}

fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast::<String>()
        .map(|s| *s)
        .unwrap_or_else(|p| {
            p.downcast::<&str>()
                .map(|s| s.to_string())
                .unwrap_or_default()
        })
}

#[test]
fn imports_see_the_callers_memory_and_host_state() {
    let mut instance = importer(Host::default());
    assert_eq!(
        instance.call("call_double", &[Val::I32(21)]),
        Ok(vec![Val::I32(42)])
    );
    assert_eq!(
        instance.call("call_double", &[Val::I32(5)]),
        Ok(vec![Val::I32(10)])
    );
    assert_eq!(&instance.memory(0)[..4], &5i32.to_le_bytes());
    assert_eq!(instance.host::<Host>().unwrap().calls, 2);
    assert!(instance.host::<u32>().is_none(), "the host state is a Host");
}

#[test]
fn a_panicking_import_panics_in_the_caller_and_leaves_the_instance_usable() {
    let mut instance = importer(Host::default());
    for _ in 0..3 {
        let payload = catch_unwind(AssertUnwindSafe(|| {
            instance.call("call_double", &[Val::I32(-7)])
        }))
        .unwrap_err();
        assert_eq!(panic_message(payload), "negative input -7");
    }
    assert_eq!(
        instance.call("call_double", &[Val::I32(4)]),
        Ok(vec![Val::I32(8)])
    );
    // The thread's trap machinery is intact: guard-page faults still trap.
    let mut calc = Instance::new(calc::module(), &[]).unwrap();
    let err = calc
        .call("store", &[Val::I32(1 << 20), Val::I32(0)])
        .unwrap_err();
    assert!(matches!(err, CallError::Trap(t) if t.code() == TrapCode::MemoryOutOfBounds));
}

#[test]
fn imports_can_call_into_wasm_and_get_its_traps() {
    let mut instance = importer(Host {
        nested: Some(Instance::new(calc::module(), &[]).unwrap()),
        ..Host::default()
    });
    let code = TrapCode::IntegerDivisionByZero as i32;
    assert_eq!(
        instance.call("call_double", &[Val::I32(1000)]),
        Ok(vec![Val::I32(code)])
    );
    assert_eq!(
        instance.call("call_double", &[Val::I32(3)]),
        Ok(vec![Val::I32(6)])
    );
}

#[test]
fn panics_cross_nested_entries() {
    let mut outer = importer(Host {
        nested: Some(importer(Host::default())),
        ..Host::default()
    });
    let payload = catch_unwind(AssertUnwindSafe(|| {
        outer.call("call_double", &[Val::I32(2000)])
    }))
    .unwrap_err();
    assert_eq!(panic_message(payload), "negative input -1");
    assert_eq!(
        outer.call("call_double", &[Val::I32(1)]),
        Ok(vec![Val::I32(2)])
    );
    let mut outer_host = outer.take_host::<Host>().unwrap();
    drop(outer);
    let mut inner = outer_host.nested.take().unwrap();
    assert_eq!(
        inner.call("call_double", &[Val::I32(2)]),
        Ok(vec![Val::I32(4)])
    );
    assert_eq!(
        (outer_host.calls, inner.host::<Host>().unwrap().calls),
        (2, 2)
    );
}

#[test]
fn host_call_outside_wasm_just_runs_or_panics() {
    let mut instance = importer(Host::default());
    let offsets = instance.module().info().offsets();
    // SAFETY: the VMContext is live; slot 0 is the imported `double`.
    let import = unsafe { *common::funcref(instance.vmctx(), &offsets, 0) };
    // SAFETY: called as compiled code calls it, with its context.
    let code: unsafe extern "C" fn(*mut VMContext, i32) -> i32 =
        unsafe { std::mem::transmute(import.code) };
    assert_eq!(unsafe { code(import.vmctx, 4) }, 8);
    // Outside wasm a panic simply unwinds (the trampoline itself is
    // `extern "C"` and would abort, so call `host_call` directly).
    // SAFETY: as above; the closure holds nothing needing a drop.
    let payload = catch_unwind(|| unsafe {
        host_call(import.vmctx, |_| -> Result<i32, HostError> {
            panic!("direct")
        })
    })
    .unwrap_err();
    assert_eq!(panic_message(payload), "direct");
    assert_eq!(
        instance.call("call_double", &[Val::I32(1)]),
        Ok(vec![Val::I32(2)])
    );
}

/// The error the failing host functions below return.
#[derive(Debug, PartialEq)]
struct Denied(i32);

impl std::fmt::Display for Denied {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "denied {}", self.0)
    }
}

impl std::error::Error for Denied {}

/// `x + 100`, or `Err(Denied(x))` for negative `x`; counts its calls in
/// the caller's `u32` state.
fn checked() -> HostFunc {
    HostFunc::wrap(|caller: &mut Caller<'_>, x: i32| -> Result<i32, Denied> {
        *caller.state::<u32>().expect("a call counter") += 1;
        if x < 0 {
            return Err(Denied(x));
        }
        Ok(x + 100)
    })
}

#[test]
fn a_host_error_unwinds_every_wasm_frame_and_leaves_the_instance_usable() {
    let state = HostState::new().with(0u32);
    let mut chain =
        Instance::with_state(chain::module(), &[Extern::HostFunc(checked())], state).unwrap();
    assert_eq!(chain.call("a", &[Val::I32(1)]), Ok(vec![Val::I32(104)]));
    for _ in 0..3 {
        let Err(CallError::Trap(trap)) = chain.call("a", &[Val::I32(-5)]) else {
            panic!("a host error is a trap");
        };
        assert_eq!(trap.code(), TrapCode::HostError);
        assert_eq!(
            trap.host_error().unwrap().downcast_ref::<Denied>(),
            Some(&Denied(-5))
        );
        let source = std::error::Error::source(&trap).expect("the host error is the source");
        assert_eq!(source.to_string(), "denied -5");
        assert_eq!(
            trap.to_string(),
            "wasm trap: host function error: denied -5"
        );
        let error = trap.into_host_error().expect("not shared");
        assert_eq!(error.downcast::<Denied>().unwrap(), Denied(-5));
    }
    assert_eq!(chain.call("a", &[Val::I32(2)]), Ok(vec![Val::I32(105)]));
    assert_eq!(*chain.state::<u32>().unwrap(), 5);
}

#[test]
fn host_errors_cross_nested_host_and_wasm_calls() {
    // outer (host) → importer (wasm) → relay (host) → chain (wasm) →
    // checked (host): Err.
    let inner = Instance::with_state(
        chain::module(),
        &[Extern::HostFunc(checked())],
        HostState::new().with(0u32),
    )
    .unwrap();
    let relay = HostFunc::wrap(
        |caller: &mut Caller<'_>, x: i32| -> Result<i32, HostError> {
            let mut inner = caller.state::<Instance>().expect("the inner instance");
            match inner.call("a", &[Val::I32(x)])?[..] {
                [Val::I32(v)] => Ok(v),
                ref other => Err(HostError::msg(format!("unexpected results {other:?}"))),
            }
        },
    );
    let state = HostState::new().with(inner);
    let mut outer =
        Instance::with_state(importer::module(), &[Extern::HostFunc(relay)], state).unwrap();
    assert_eq!(
        outer.call("call_double", &[Val::I32(1)]),
        Ok(vec![Val::I32(104)])
    );
    let Err(CallError::Trap(trap)) = outer.call("call_double", &[Val::I32(-7)]) else {
        panic!("the inner error reaches the outer call");
    };
    assert_eq!(trap.code(), TrapCode::HostError);
    let Some(CallError::Trap(inner_trap)) = trap.host_error().unwrap().downcast_ref::<CallError>()
    else {
        panic!("the relay returned the inner call's error");
    };
    assert_eq!(inner_trap.code(), TrapCode::HostError);
    assert_eq!(
        inner_trap.host_error().unwrap().downcast_ref::<Denied>(),
        Some(&Denied(-7))
    );
    assert_eq!(
        outer.call("call_double", &[Val::I32(3)]),
        Ok(vec![Val::I32(106)])
    );
    let mut inner = outer.take_state::<Instance>().unwrap();
    assert_eq!(inner.call("a", &[Val::I32(0)]), Ok(vec![Val::I32(103)]));
    assert_eq!(*inner.state::<u32>().unwrap(), 4);
}

#[test]
fn an_imported_host_function_reexported_runs_with_its_importer_as_caller() {
    // `chain` imports `checked` and exports it; `importer` imports that
    // export: the function still sees `chain`'s state.
    let chain = Instance::with_state(
        chain::module(),
        &[Extern::HostFunc(checked())],
        HostState::new().with(10u32),
    )
    .unwrap();
    let reexported = chain.get_export("f").expect("chain exports its import");
    let mut user = Instance::with_state(
        importer::module(),
        &[reexported],
        HostState::new().with(0u32),
    )
    .unwrap();
    assert_eq!(
        user.call("call_double", &[Val::I32(1)]),
        Ok(vec![Val::I32(101)])
    );
    assert_eq!(
        *chain.state::<u32>().unwrap(),
        11,
        "counted in chain's state"
    );
    assert_eq!(*user.state::<u32>().unwrap(), 0);
    let Err(CallError::Trap(trap)) = user.call("call_double", &[Val::I32(-1)]) else {
        panic!("the error reaches the user");
    };
    assert_eq!(trap.code(), TrapCode::HostError);
}

#[test]
fn host_state_is_a_type_map_reachable_from_callers() {
    let log = HostFunc::wrap(|caller: &mut Caller<'_>, x: i32| {
        let mut lines = caller.state::<Vec<String>>().expect("a log");
        let mut count = caller.state::<u32>().expect("a counter");
        *count += 1;
        lines.push(format!("call {count}: {x}"));
        x
    });
    let state = HostState::new().with(Vec::<String>::new()).with(0u32);
    let mut instance =
        Instance::with_state(importer::module(), &[Extern::HostFunc(log)], state).unwrap();
    instance.call("call_double", &[Val::I32(4)]).unwrap();
    instance.call("call_double", &[Val::I32(5)]).unwrap();
    assert_eq!(
        *instance.state::<Vec<String>>().unwrap(),
        ["call 1: 4", "call 2: 5"]
    );
    assert!(instance.state::<i64>().is_none());
    assert_eq!(instance.take_state::<u32>(), Some(2));
    let payload = catch_unwind(AssertUnwindSafe(|| {
        instance.call("call_double", &[Val::I32(6)])
    }))
    .unwrap_err();
    assert_eq!(panic_message(payload), "a counter");
}

fn calc_memory(instance: &Instance) -> Memory {
    match instance.get_export("memory") {
        Some(Extern::Memory(memory)) => memory,
        other => panic!("the instance exports its memory, got {other:?}"),
    }
}

#[test]
fn a_memory_write_while_a_view_is_alive_panics() {
    let instance = Instance::new(calc::module(), &[]).unwrap();
    let handle = calc_memory(&instance);
    let view = instance.memory(0);
    let payload = catch_unwind(AssertUnwindSafe(|| handle.write(0, &[1]))).unwrap_err();
    assert!(panic_message(payload).contains("already borrowed"));
    assert_eq!(view[0], 0, "the view's bytes did not change under it");
    let mut byte = [9];
    handle.read(0, &mut byte).unwrap();
    assert_eq!(byte, [0], "copying reads are fine alongside a view");
    drop(view);
    handle.write(0, &[1]).unwrap();
    assert_eq!(instance.memory(0)[0], 1);
}

#[test]
fn entering_wasm_while_a_view_of_its_memory_is_alive_panics() {
    let mut instance = Instance::new(calc::module(), &[]).unwrap();
    let handle = calc_memory(&instance);
    let unrelated = Memory::new(common::memory_type(1, None)).unwrap();
    let other_view = unrelated.view();
    let args = [Val::I32(8), Val::I32(77)];
    instance
        .call("store", &args)
        .expect("a view of another domain's memory is no obstacle");
    let view = handle.view();
    let payload = catch_unwind(AssertUnwindSafe(|| instance.call("store", &args))).unwrap_err();
    assert!(panic_message(payload).contains("cannot run wasm code while a view"));
    drop(view);
    drop(other_view);
    instance
        .call("store", &[Val::I32(8), Val::I32(78)])
        .unwrap();
    assert_eq!(instance.memory(0)[8], 78);
}

#[test]
fn a_host_function_keeping_a_view_alive_into_wasm_panics() {
    // Leaks a view of the memory in the caller's `Option<Memory>` state.
    let leak = HostFunc::wrap(|caller: &mut Caller<'_>, x: i32| {
        let handle = caller.state::<Option<Memory>>().unwrap().clone().unwrap();
        std::mem::forget(Box::leak(Box::new(handle)).view());
        x
    });
    let user = |memory: Option<Memory>| {
        let state = HostState::new().with(memory);
        Instance::with_state(importer::module(), &[Extern::HostFunc(leak.clone())], state).unwrap()
    };
    // A view of a memory the caller's code cannot reach may outlive the call.
    let calc = Instance::new(calc::module(), &[]).unwrap();
    let mut unrelated = user(Some(calc_memory(&calc)));
    assert_eq!(
        unrelated.call("call_double", &[Val::I32(1)]),
        Ok(vec![Val::I32(1)])
    );
    // A view of the caller's own memory may not: its code would run again.
    let mut own = user(None);
    let own_memory = calc_memory(&own);
    *own.state_mut::<Option<Memory>>().unwrap() = Some(own_memory);
    let payload =
        catch_unwind(AssertUnwindSafe(|| own.call("call_double", &[Val::I32(1)]))).unwrap_err();
    assert!(panic_message(payload).contains("cannot run wasm code while a view"));
}

/// Misuse of the safe API that must not compile: a host function from an
/// address, a module from a forged descriptor, a memory view held across a
/// call into the instance (`tests/compile_fail/`).
#[test]
fn compile_fail() {
    trybuild::TestCases::new().compile_fail("tests/compile_fail/*.rs");
}

static INDIRECT_OFFSETS: std::sync::OnceLock<wasmlite_abi::VMOffsets> = std::sync::OnceLock::new();

/// `call0(x)`: `call_indirect` of element 0 of imported table 0, as
/// compiled code does it (load the element's `VMFuncRef`, call its code
/// with its `vmctx`).
unsafe extern "C" fn call_element_0(vmctx: *mut VMContext, x: i32) -> i32 {
    let table = &*common::table(vmctx, INDIRECT_OFFSETS.get().unwrap(), 0);
    let funcref = &*(*table.elements as *const wasmlite_abi::VMFuncRef);
    let code: unsafe extern "C" fn(*mut VMContext, i32) -> i32 = std::mem::transmute(funcref.code);
    code(funcref.vmctx, x)
}

crate::wrapper!(call_element_0_w => call_element_0(get_i32) -> from_i32);

#[test]
fn an_imported_host_function_in_a_table_is_callable_from_another_instance() {
    use wasmlite_abi::{RefType, TableType, ValType::I32};
    let chain = Instance::with_state(
        chain::module(),
        &[Extern::HostFunc(checked())],
        HostState::new().with(0u32),
    )
    .unwrap();
    let Some(Extern::Func(f)) = chain.get_export("f") else {
        panic!("chain exports its imported host function");
    };
    let ty = TableType {
        element: RefType::FUNCREF,
        minimum: 1,
        maximum: None,
        table64: false,
    };
    let table = wasmlite_rt::Table::new(ty, Val::FuncRef(None)).unwrap();
    table.set(0, Val::FuncRef(Some(f))).unwrap();
    drop(chain);
    let mut builder = common::ModuleBuilder::new();
    builder.import_table("env", "t", ty);
    builder.export_func(
        "call0",
        call_element_0 as *const u8,
        call_element_0_w,
        &[I32],
        &[I32],
    );
    INDIRECT_OFFSETS.get_or_init(|| builder.offsets());
    let mut caller = Instance::new(builder.build(), &[Extern::Table(table.clone())]).unwrap();
    assert_eq!(
        caller.call("call0", &[Val::I32(1)]),
        Ok(vec![Val::I32(101)])
    );
    let Err(CallError::Trap(trap)) = caller.call("call0", &[Val::I32(-2)]) else {
        panic!("the host error reaches the indirect caller");
    };
    assert_eq!(
        trap.host_error().unwrap().downcast_ref::<Denied>(),
        Some(&Denied(-2))
    );
    assert_eq!(
        caller.call("call0", &[Val::I32(2)]),
        Ok(vec![Val::I32(102)])
    );
}

static START_OFFSETS: std::sync::OnceLock<wasmlite_abi::VMOffsets> = std::sync::OnceLock::new();

/// The start wrapper of a module whose start function is import 0.
unsafe extern "C" fn imported_start_w(vmctx: *mut wasmlite_abi::VMContext, _values: *mut wasmlite_abi::ValRaw) {
    let import = &*common::funcref(vmctx, START_OFFSETS.get().unwrap(), 0);
    let code: unsafe extern "C" fn(*mut wasmlite_abi::VMContext) = std::mem::transmute(import.code);
    code(import.vmctx)
}

#[test]
fn an_imported_host_function_can_be_the_start_function_and_fail_it() {
    let mut builder = common::ModuleBuilder::new();
    builder.import_func("env", "start", &[], &[]);
    builder.start(0, imported_start_w);
    START_OFFSETS.get_or_init(|| builder.offsets());
    let module = builder.build();
    let start = |fail: bool| {
        HostFunc::wrap(move |caller: &mut Caller<'_>| -> Result<(), HostError> {
            *caller.state::<u32>().expect("a counter") += 1;
            if fail {
                return Err(HostError::msg("refused to start"));
            }
            Ok(())
        })
    };
    let state = || HostState::new().with(0u32);
    let ok = Instance::with_state(module.clone(), &[Extern::HostFunc(start(false))], state());
    assert_eq!(*ok.unwrap().state::<u32>().unwrap(), 1);
    let failed = Instance::with_state(module, &[Extern::HostFunc(start(true))], state());
    let Err(wasmlite_rt::InstantiationError::StartTrapped(trap)) = failed else {
        panic!("the start function's error fails instantiation");
    };
    assert_eq!(trap.code(), TrapCode::HostError);
    assert_eq!(trap.host_error().unwrap().to_string(), "refused to start");
}

/// An address just past the caller's memory (in its guard region), set
/// once the instance exists.
static PAST_THE_CALLERS_MEMORY: std::sync::atomic::AtomicUsize =
    std::sync::atomic::AtomicUsize::new(0);

/// Reads the caller's memory just past its end.
unsafe fn read_past_the_callers_memory() -> i32 {
    let address = PAST_THE_CALLERS_MEMORY.load(std::sync::atomic::Ordering::Relaxed);
    std::ptr::read_volatile(address as *const i32)
}

/// An import whose body faults, entered as `HostFunc::wrap` enters imports.
unsafe extern "C" fn faulting_import(ctx: *mut VMContext, _x: i32) -> i32 {
    host_call(ctx, |_| Ok(read_past_the_callers_memory()))
}

/// The same without `host_call`: the thread still counts as running wasm.
unsafe extern "C" fn faulting_raw_import(_ctx: *mut VMContext, _x: i32) -> i32 {
    read_past_the_callers_memory()
}

#[test]
fn a_fault_inside_a_host_import_is_a_crash_not_a_trap() {
    const TEST: &str = "a_fault_inside_a_host_import_is_a_crash_not_a_trap";
    let import = match child::scenario().as_deref() {
        Some("host-call") => faulting_import as *const u8,
        Some("raw") => faulting_raw_import as *const u8,
        Some(other) => panic!("unknown scenario {other}"),
        None => {
            for scenario in ["host-call", "raw"] {
                child::assert_killed_by(&child::run(TEST, scenario), libc::SIGSEGV, scenario);
            }
            return;
        }
    };
    let ty = wasmlite_abi::FuncType {
        params: vec![wasmlite_abi::ValType::I32],
        results: vec![wasmlite_abi::ValType::I32],
    };
    // SAFETY: both functions have the native-convention signature of
    // `(i32) -> i32` and use their first argument only for `host_call`.
    let imports = [Extern::HostFunc(unsafe { HostFunc::from_raw(import, ty) })];
    let mut instance = Instance::with_host(importer::module(), &imports, Host::default()).unwrap();
    let past_the_end = instance.memory(0).as_ptr() as usize + 65536 + 16;
    PAST_THE_CALLERS_MEMORY.store(past_the_end, std::sync::atomic::Ordering::Relaxed);
    let result = instance.call("call_double", &[Val::I32(1)]);
    println!("the import's fault returned {result:?}");
    std::process::exit(0);
}

#[test]
fn callers_without_memory_are_told_apart() {
    let probe = HostFunc::wrap(|caller: &mut Caller<'_>, x: i32| {
        let has = caller.has_memory();
        assert_eq!(caller.try_memory().is_some(), has);
        assert_eq!(
            caller.try_memory_mut().map(|m| m.len()),
            has.then_some(65536)
        );
        x + i32::from(has)
    });
    let mut without = Instance::new(chain::module(), &[Extern::HostFunc(probe.clone())]).unwrap();
    assert_eq!(without.call("a", &[Val::I32(0)]), Ok(vec![Val::I32(3)]));
    let mut with = Instance::new(importer::module(), &[Extern::HostFunc(probe)]).unwrap();
    assert_eq!(
        with.call("call_double", &[Val::I32(0)]),
        Ok(vec![Val::I32(1)])
    );
}
