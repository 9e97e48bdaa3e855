//! WASI linked by name into modules compiled at run time: exit statuses,
//! captured output, `wasi_unstable`, guests without memory, missing context.

use std::sync::Arc;
use wasmlite_codegen::{BoundsChecks, OptLevel};
use wasmlite_rt::{CallError, HostState, Instance, Linker, Module, Val};
use wasmlite_spec::compiler::Compiler;
use wasmlite_wasi::{exit_status, WasiCtx};

fn module(wat: &str) -> Arc<Module> {
    let wasm = wat::parse_str(wat).unwrap();
    Compiler::new(OptLevel::O0, BoundsChecks::default())
        .module(&wasm)
        .unwrap()
}

fn instantiate(module: &Arc<Module>, state: HostState) -> Instance {
    let mut linker = Linker::new();
    wasmlite_wasi::add_to_linker(&mut linker);
    linker.instantiate(module, state).unwrap()
}

const HELLO: &str = r#"(module
  (import "MODULE" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (import "MODULE" "proc_exit" (func $exit (param i32)))
  (memory (export "memory") 1)
  (data (i32.const 16) "hello\n")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const 6))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    (call $exit (i32.const 7))
    unreachable))"#;

#[test]
fn proc_exit_is_an_exit_status_and_stdout_is_captured() {
    for wasi_module in [wasmlite_wasi::PREVIEW1, wasmlite_wasi::UNSTABLE] {
        let module = module(&HELLO.replace("MODULE", wasi_module));
        let ctx = WasiCtx::builder().capture_stdout().build();
        let mut instance = instantiate(&module, HostState::new().with(ctx));
        let Err(CallError::Trap(trap)) = instance.call("_start", &[]) else {
            panic!("proc_exit must end the call")
        };
        assert_eq!(exit_status(&trap), Some(7), "{wasi_module}");
        assert_eq!(
            instance.take_state::<WasiCtx>().unwrap().take_stdout(),
            b"hello\n"
        );
    }
}

#[test]
fn errnos_are_results_and_a_guest_without_memory_gets_efault() {
    let module = module(
        r#"(module
          (import "wasi_snapshot_preview1" "fd_close" (func $close (param i32) (result i32)))
          (import "wasi_snapshot_preview1" "random_get" (func $random (param i32 i32) (result i32)))
          (func (export "close") (param i32) (result i32) (call $close (local.get 0)))
          (func (export "random") (result i32) (call $random (i32.const 0) (i32.const 4))))"#,
    );
    let mut instance = instantiate(&module, HostState::new().with(WasiCtx::builder().build()));
    assert_eq!(
        instance.call("close", &[Val::I32(99)]).unwrap(),
        [Val::I32(8)],
        "EBADF"
    );
    assert_eq!(
        instance.call("close", &[Val::I32(2)]).unwrap(),
        [Val::I32(0)]
    );
    assert_eq!(
        instance.call("random", &[]).unwrap(),
        [Val::I32(21)],
        "EFAULT"
    );
}

#[test]
fn an_instance_without_a_wasi_context_traps_with_a_host_error() {
    let module = module(
        r#"(module
          (import "wasi_snapshot_preview1" "sched_yield" (func $yield (result i32)))
          (func (export "run") (result i32) (call $yield)))"#,
    );
    let mut instance = instantiate(&module, HostState::new());
    let Err(CallError::Trap(trap)) = instance.call("run", &[]) else {
        panic!("no context must trap")
    };
    assert!(trap
        .host_error()
        .unwrap()
        .is::<wasmlite_wasi::MissingWasiCtx>());
    assert_eq!(exit_status(&trap), None);
}

#[test]
fn every_function_is_defined_with_its_wasm_type() {
    let all = wasmlite_wasi::all_functions();
    let preview1 = all
        .iter()
        .filter(|(m, _, _)| *m == wasmlite_wasi::PREVIEW1)
        .count();
    assert_eq!(
        preview1, 46,
        "45 functions of the original preview 1, and sock_accept"
    );
    let open = wasmlite_wasi::host_func(wasmlite_wasi::PREVIEW1, "path_open").unwrap();
    assert_eq!(open.ty().params.len(), 9);
    assert!(
        wasmlite_wasi::host_func(wasmlite_wasi::UNSTABLE, "fd_seek").is_none(),
        "different ABI in snapshot 0"
    );
    assert!(wasmlite_wasi::host_func(wasmlite_wasi::PREVIEW1, "nope").is_none());
}

#[test]
fn run_command_turns_returns_and_exits_into_statuses_and_keeps_traps() {
    let returns = module(r#"(module (memory (export "memory") 1) (func (export "_start")))"#);
    let exits = module(&HELLO.replace("MODULE", wasmlite_wasi::PREVIEW1));
    let traps = module(r#"(module (func (export "_start") unreachable))"#);
    let state = || HostState::new().with(WasiCtx::builder().build());
    assert_eq!(
        wasmlite_wasi::run_command(&mut instantiate(&returns, state())).unwrap(),
        0
    );
    assert_eq!(
        wasmlite_wasi::run_command(&mut instantiate(&exits, state())).unwrap(),
        7
    );
    assert!(matches!(
        wasmlite_wasi::run_command(&mut instantiate(&traps, state())),
        Err(CallError::Trap(_))
    ));
}

#[test]
fn a_reactor_is_initialized_once_and_then_called() {
    let reactor = module(
        r#"(module
          (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
          (memory (export "memory") 1)
          (global $ready (mut i32) (i32.const 0))
          (func (export "_initialize") (global.set $ready (i32.const 1)))
          (func (export "ready") (result i32) (global.get $ready)))"#,
    );
    let mut instance = instantiate(&reactor, HostState::new().with(WasiCtx::builder().build()));
    assert_eq!(instance.call("ready", &[]).unwrap(), [Val::I32(0)]);
    wasmlite_wasi::initialize_reactor(&mut instance).unwrap();
    assert_eq!(instance.call("ready", &[]).unwrap(), [Val::I32(1)]);
    let plain = module(r#"(module (func (export "f")))"#);
    wasmlite_wasi::initialize_reactor(&mut instantiate(&plain, HostState::new())).unwrap();
}
