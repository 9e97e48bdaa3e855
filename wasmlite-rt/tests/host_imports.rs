//! Host imports: the caller's memory and host state, panics, and calls
//! back into wasm from inside an import.

mod common;

use common::{calc, child, importer};
use std::panic::{catch_unwind, AssertUnwindSafe};
use wasmlite_abi::VMContext;
use wasmlite_rt::__private::{host_call, host_state};
use wasmlite_rt::{CallError, Extern, HostFunc, Instance, TrapCode, Val};

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
unsafe extern "C" fn double(vmctx: *mut VMContext, x: i32) -> i32 {
    host_call(vmctx, |caller| {
        let mut host = host_state::<Host>(vmctx);
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
    })
}

fn importer(host: Host) -> Instance {
    let imports = [Extern::HostFunc(HostFunc {
        code: double as *const u8,
    })];
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
    assert_eq!((outer_host.calls, inner.host::<Host>().unwrap().calls), (2, 2));
}

#[test]
fn host_call_outside_wasm_just_runs_or_panics() {
    let mut instance = importer(Host::default());
    let vmctx = instance.vmctx();
    // SAFETY: the VMContext is live, and its host pointer is `host`.
    assert_eq!(unsafe { double(vmctx, 4) }, 8);
    // Outside wasm a panic simply unwinds (`double` itself is `extern "C"`
    // and would abort, so call `host_call` directly).
    // SAFETY: as above; the closure holds nothing needing a drop.
    let payload =
        catch_unwind(|| unsafe { host_call(vmctx, |_| -> i32 { panic!("direct") }) }).unwrap_err();
    assert_eq!(panic_message(payload), "direct");
    assert_eq!(
        instance.call("call_double", &[Val::I32(1)]),
        Ok(vec![Val::I32(2)])
    );
}

/// Reads the caller's memory just past its end (its guard region).
unsafe fn read_past_the_callers_memory(vmctx: *mut VMContext) -> i32 {
    let offsets = importer::module().info().offsets();
    let memory = common::memory(vmctx, &offsets, 0);
    std::ptr::read_volatile((*memory).base.add(65536 + 16).cast::<i32>())
}

/// An import whose body faults, entered as the bindings enter imports.
unsafe extern "C" fn faulting_import(vmctx: *mut VMContext, _x: i32) -> i32 {
    host_call(vmctx, |_| read_past_the_callers_memory(vmctx))
}

/// The same without `host_call`: the thread still counts as running wasm.
unsafe extern "C" fn faulting_raw_import(vmctx: *mut VMContext, _x: i32) -> i32 {
    read_past_the_callers_memory(vmctx)
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
    let imports = [Extern::HostFunc(HostFunc { code: import })];
    let mut instance = Instance::with_host(importer::module(), &imports, Host::default()).unwrap();
    let result = instance.call("call_double", &[Val::I32(1)]);
    println!("the import's fault returned {result:?}");
    std::process::exit(0);
}
