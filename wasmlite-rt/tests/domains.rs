//! Instances that share state run on one thread at a time: linked
//! instances on two threads never race, a thread finds a busy domain and
//! waits (calls, handle accesses and instantiations alike), and two threads
//! calling into each other's domain from host imports get a panic instead
//! of a deadlock.

mod common;

use common::{calc, funcref, memory, ModuleBuilder};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Barrier, OnceLock};
use std::thread;
use std::time::Duration;
use wasmlite_abi::{VMContext, VMOffsets, ValRaw, ValType::I32};
use wasmlite_rt::{Caller, Extern, HostFunc, Instance, Memory, Module, Val};

// ---- "bumper": calls an imported () -> i32 ----
//
// (import "env" "bump" (func (result i32)))
// (func (export "call_bump") (result i32) (call 0))

static BUMPER_OFFSETS: OnceLock<VMOffsets> = OnceLock::new();

unsafe extern "C" fn call_bump(vmctx: *mut VMContext) -> i32 {
    let import = &*funcref(vmctx, BUMPER_OFFSETS.get().unwrap(), 0);
    let code: unsafe extern "C" fn(*mut VMContext) -> i32 = std::mem::transmute(import.code);
    code(import.vmctx)
}

wrapper!(call_bump_w => call_bump() -> from_i32);

fn bumper() -> Arc<Module> {
    static MODULE: OnceLock<Arc<Module>> = OnceLock::new();
    MODULE
        .get_or_init(|| {
            let mut b = ModuleBuilder::new();
            b.import_func("env", "bump", &[], &[I32]);
            b.export_func(
                "call_bump",
                call_bump as *const u8,
                call_bump_w,
                &[],
                &[I32],
            );
            BUMPER_OFFSETS.set(b.offsets()).unwrap();
            b.build()
        })
        .clone()
}

// ---- "pauser": shares a memory and calls a host import while in wasm ----
//
// (import "env" "memory" (memory 1))
// (import "env" "call_host" (func (param i32) (result i32)))
// (func (export "run") (param i32) (result i32)
//   (i32.store (i32.const 0) (local.get 0)) (call 0 (local.get 0)))

static PAUSER_OFFSETS: OnceLock<VMOffsets> = OnceLock::new();

unsafe extern "C" fn run(vmctx: *mut VMContext, x: i32) -> i32 {
    let offsets = PAUSER_OFFSETS.get().unwrap();
    *(*memory(vmctx, offsets, 0)).base.cast::<i32>() = x;
    let import = &*funcref(vmctx, offsets, 0);
    let code: unsafe extern "C" fn(*mut VMContext, i32) -> i32 = std::mem::transmute(import.code);
    code(import.vmctx, x)
}

wrapper!(run_w => run(get_i32) -> from_i32);

fn pauser_module() -> Arc<Module> {
    static MODULE: OnceLock<Arc<Module>> = OnceLock::new();
    MODULE
        .get_or_init(|| {
            let mut b = ModuleBuilder::new();
            b.import_memory("env", "memory", common::memory_type(1, None));
            b.import_func("env", "call_host", &[I32], &[I32]);
            b.export_func("run", run as *const u8, run_w, &[I32], &[I32]);
            PAUSER_OFFSETS.set(b.offsets()).unwrap();
            b.build()
        })
        .clone()
}

/// The host state of pausers.
#[derive(Default)]
struct PauserHost {
    /// Told when the import runs; the import then waits for `resume`.
    paused: Option<mpsc::Sender<()>>,
    resume: Option<mpsc::Receiver<()>>,
    /// Before calling `other`, every thread in a cross test meets here.
    meet: Option<Arc<Barrier>>,
    /// An instance of another domain, whose `run` the import calls.
    other: Option<Instance>,
}

/// `env.call_host`: pauses, meets, and/or calls `other`, as the host state
/// says; returns `x` (or what `other.run(x)` returned).
fn call_host(caller: &mut Caller<'_>, x: i32) -> i32 {
    let mut host = caller.state::<PauserHost>().expect("a pauser's state");
    if let Some(paused) = host.paused.take() {
        paused.send(()).unwrap();
        host.resume.take().unwrap().recv().unwrap();
    }
    if let Some(meet) = &host.meet {
        meet.wait();
    }
    match host.other.as_mut() {
        Some(other) => match other.call("run", &[Val::I32(x)]).unwrap()[..] {
            [Val::I32(v)] => v,
            ref other => panic!("run returned {other:?}"),
        },
        None => x,
    }
}

fn pauser(memory: &Memory, host: PauserHost) -> Instance {
    let imports = [
        Extern::Memory(memory.clone()),
        Extern::HostFunc(HostFunc::wrap(call_host)),
    ];
    Instance::with_host(pauser_module(), &imports, host).unwrap()
}

fn calc_memory(calc: &Instance) -> Memory {
    match calc.get_export("memory") {
        Some(Extern::Memory(memory)) => memory,
        other => panic!("calc exports a memory, got {other:?}"),
    }
}

/// Runs `body` on a new thread; returns whether it is still running after
/// 200 ms, and its handle.
fn blocked<T: Send + 'static>(
    body: impl FnOnce() -> T + Send + 'static,
) -> (bool, thread::JoinHandle<T>) {
    let done = Arc::new(AtomicBool::new(false));
    let flag = done.clone();
    let handle = thread::spawn(move || {
        let value = body();
        flag.store(true, Ordering::SeqCst);
        value
    });
    thread::sleep(Duration::from_millis(200));
    (!done.load(Ordering::SeqCst), handle)
}

#[test]
fn linked_instances_on_two_threads_never_race() {
    const CALLS: i32 = 50_000;
    let mut calc = Instance::new(calc::module(), &[]).unwrap();
    let bump = calc.get_export("bump").unwrap();
    let mut user = Instance::new(bumper(), &[bump]).unwrap();
    let start = Arc::new(Barrier::new(2));
    let start2 = start.clone();
    // Both threads run calc's `bump` (a load, an add and a store of its
    // global): one directly, one through the linked instance.
    let direct = thread::spawn(move || {
        start2.wait();
        let bump = calc.module().export_index("bump").unwrap();
        for _ in 0..CALLS {
            let mut values = [ValRaw::default()];
            // SAFETY: `bump` takes nothing and returns an i32.
            unsafe { calc.call_export_raw(bump, &mut values) }.unwrap();
        }
        calc
    });
    start.wait();
    let call_bump = user.module().export_index("call_bump").unwrap();
    let mut last = 0;
    for _ in 0..CALLS {
        let mut values = [ValRaw::default()];
        // SAFETY: `call_bump` takes nothing and returns an i32.
        unsafe { user.call_export_raw(call_bump, &mut values) }.unwrap();
        let value = values[0].get_i32();
        assert!(value > last, "the counter only grows: {value} after {last}");
        last = value;
    }
    let calc = direct.join().unwrap();
    assert_eq!(
        calc.global_get(0),
        Val::I32(7 + 2 * CALLS),
        "no increment was lost"
    );
}

#[test]
fn a_busy_domain_makes_calls_handle_accesses_and_instantiations_wait() {
    let calc = Instance::new(calc::module(), &[]).unwrap();
    let memory = calc_memory(&calc);
    let (paused_send, paused) = mpsc::channel();
    let (resume, resume_receive) = mpsc::channel();
    let mut holder = pauser(
        &memory,
        PauserHost {
            paused: Some(paused_send),
            resume: Some(resume_receive),
            ..PauserHost::default()
        },
    );
    // `holder` shares calc's memory: one domain. It pauses inside wasm.
    let running = thread::spawn(move || {
        let result = holder.call("run", &[Val::I32(5)]);
        (holder, result)
    });
    paused.recv().unwrap();

    let mut calc = calc;
    let (call_waits, call) = blocked(move || {
        let sum = calc.call("add", &[Val::I32(1), Val::I32(2)]);
        (calc, sum)
    });
    let handle = memory.clone();
    let (write_waits, write) = blocked(move || handle.write(8, &[1, 2, 3, 4]));
    let shared = memory.clone();
    let (new_waits, new) = blocked(move || pauser(&shared, PauserHost::default()));
    assert!(call_waits, "a call of a linked instance waits");
    assert!(write_waits, "a write through a memory handle waits");
    assert!(new_waits, "instantiating with the shared memory waits");

    resume.send(()).unwrap();
    let (_holder, result) = running.join().unwrap();
    assert_eq!(result, Ok(vec![Val::I32(5)]));
    let (_calc, sum) = call.join().unwrap();
    assert_eq!(sum, Ok(vec![Val::I32(3)]));
    write.join().unwrap().unwrap();
    let mut late = new.join().unwrap();
    assert_eq!(late.call("run", &[Val::I32(9)]), Ok(vec![Val::I32(9)]));
    let mut bytes = [0; 12];
    memory.read(0, &mut bytes).unwrap();
    assert_eq!(bytes, [9, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4]);
}

#[test]
fn unlinked_instances_do_not_wait_for_each_other() {
    let memory = Memory::new(common::memory_type(1, None)).unwrap();
    let (paused_send, paused) = mpsc::channel();
    let (resume, resume_receive) = mpsc::channel();
    let mut holder = pauser(
        &memory,
        PauserHost {
            paused: Some(paused_send),
            resume: Some(resume_receive),
            ..PauserHost::default()
        },
    );
    let running = thread::spawn(move || holder.call("run", &[Val::I32(1)]));
    paused.recv().unwrap();
    let mut calc = Instance::new(calc::module(), &[]).unwrap();
    assert_eq!(
        calc.call("add", &[Val::I32(2), Val::I32(3)]),
        Ok(vec![Val::I32(5)])
    );
    resume.send(()).unwrap();
    assert_eq!(running.join().unwrap(), Ok(vec![Val::I32(1)]));
}

#[test]
fn host_imports_calling_into_each_others_domains_panic_instead_of_deadlocking() {
    let new_memory = || Memory::new(common::memory_type(1, None)).unwrap();
    let (p_memory, q_memory) = (new_memory(), new_memory());
    // Domain P = {p_outer, p_inner}, domain Q = {q_outer, q_inner}: each
    // pair shares a memory. The outer ones' imports call the other
    // domain's inner instance, after both threads are inside an import.
    let meet = Arc::new(Barrier::new(2));
    let p_inner = pauser(&p_memory, PauserHost::default());
    let q_inner = pauser(&q_memory, PauserHost::default());
    let cross = |memory: &Memory, other| {
        pauser(
            memory,
            PauserHost {
                meet: Some(meet.clone()),
                other: Some(other),
                ..PauserHost::default()
            },
        )
    };
    let p_outer = cross(&p_memory, q_inner);
    let q_outer = cross(&q_memory, p_inner);
    let run = |mut outer: Instance, x| {
        thread::spawn(move || {
            catch_unwind(AssertUnwindSafe(|| outer.call("run", &[Val::I32(x)])))
                .map_err(|payload| *payload.downcast::<String>().unwrap())
        })
    };
    let results = [run(p_outer, 1), run(q_outer, 2)].map(|t| t.join().unwrap());
    let panics: Vec<_> = results.iter().filter_map(|r| r.as_ref().err()).collect();
    assert_eq!(panics.len(), 1, "exactly one thread gives up: {results:?}");
    assert!(panics[0].contains("would deadlock"), "{}", panics[0]);
    let finished: Vec<_> = results.iter().filter_map(|r| r.as_ref().ok()).collect();
    assert!(
        matches!(finished[..], [Ok(v)] if *v == [Val::I32(1)] || *v == [Val::I32(2)]),
        "the other completes: {results:?}"
    );
}

#[test]
fn a_linked_instance_moved_to_another_thread_runs_there() {
    let calc = Instance::new(calc::module(), &[]).unwrap();
    let memory = calc_memory(&calc);
    let mut user = pauser(&memory, PauserHost::default());
    let user = thread::spawn(move || {
        assert_eq!(user.call("run", &[Val::I32(77)]), Ok(vec![Val::I32(77)]));
        user
    })
    .join()
    .unwrap();
    let mut calc = calc;
    assert_eq!(calc.call("load", &[Val::I32(0)]), Ok(vec![Val::I32(77)]));
    drop(user);
    assert_eq!(memory.size(), 1);
}

#[test]
fn borrowed_host_state_and_memory_views_hold_the_domain() {
    // `provider`'s host function counts calls in its `u32` state; `user`
    // is linked to it (imports its `call_double`), so `user` on another
    // thread reaches `provider`'s state.
    let count = HostFunc::wrap(|caller: &mut Caller<'_>, x: i32| {
        *caller.state::<u32>().expect("a counter") += 1;
        x
    });
    let provider = Instance::with_state(
        common::importer::module(),
        &[Extern::HostFunc(count)],
        wasmlite_rt::HostState::new().with(0u32),
    )
    .unwrap();
    let reexport = provider.get_export("call_double").unwrap();
    let user = Instance::new(common::importer::module(), &[reexport]).unwrap();
    let user = Arc::new(std::sync::Mutex::new(user));
    let run = {
        let user = user.clone();
        move || {
            let mut user = user.lock().unwrap();
            user.call("call_double", &[Val::I32(3)]).unwrap()
        }
    };
    let state = provider.state::<u32>().unwrap();
    let (waiting, handle) = blocked(run.clone());
    assert!(
        waiting,
        "the other thread waits while the state is borrowed"
    );
    assert_eq!(*state, 0);
    drop(state);
    assert_eq!(handle.join().unwrap(), [Val::I32(3)]);
    let view = provider.memory(0);
    let (waiting, handle) = blocked(run);
    assert!(waiting, "and while a view of its memory is alive");
    drop(view);
    handle.join().unwrap();
    assert_eq!(*provider.state::<u32>().unwrap(), 2);
}
