//! Modules importing WASI through `include_wasm!`: the `WasiCtx` given to
//! `new`, `run()` and its exit status, a reactor's `_initialize`, and a WASI
//! function `wasmlite-wasi` does not have.

// Links the library target, which bundles the compiled modules (see
// `family_support`).
use wasmlite_integration_tests as _;
use wasmlite_rt::{InstantiationError, TrapCode};
use wasmlite_wasi::WasiCtx;

wasmlite_rt::include_wasm!("wasm/wasi_command.wat");
wasmlite_rt::include_wasm!("wasm/wasi_reactor.wat");
wasmlite_rt::include_wasm!("wasm/wasi_missing.wat");

/// The non-WASI import of the command.
#[derive(Default)]
struct Host {
    logged: Vec<i32>,
}

impl wasi_command::Imports for Host {
    fn env_log(&mut self, value: i32) {
        self.logged.push(value);
    }
}

fn command(args: &[&str]) -> wasi_command::WasiCommand<Host> {
    let wasi = WasiCtx::builder().args(args).capture_stdout().build();
    wasi_command::WasiCommand::new(Host::default(), wasi).unwrap()
}

#[test]
fn a_command_returning_from_start_exits_with_0() {
    let mut tool = command(&["tool", "a"]);
    assert_eq!(tool.run().unwrap(), 0);
    assert_eq!(tool.wasi_mut().take_stdout(), b"tool\0a\0");
    assert_eq!(
        tool.host().logged,
        [2],
        "the other imports still reach the host"
    );
}

#[test]
fn proc_exit_is_the_exit_status_not_a_host_exit() {
    let mut tool = command(&["tool", "a", "b", "c"]);
    assert_eq!(tool.run().unwrap(), 4);
    assert_eq!(tool.wasi_mut().take_stdout(), b"tool\0a\0b\0c\0");
}

#[test]
fn other_traps_are_errors() {
    let mut tool = command(&[]);
    let trap = tool.run().unwrap_err();
    assert_eq!(trap.code(), TrapCode::UnreachableCodeReached);
    assert_eq!(wasmlite_wasi::exit_status(&trap), None);
}

#[test]
fn an_export_named_run_is_renamed_and_start_is_hidden() {
    let mut tool = command(&["tool"]);
    assert_eq!(tool.run_2().unwrap(), 7);
}

#[test]
fn a_reactor_is_initialized_by_new() {
    let wasi = WasiCtx::builder().arg("lib").capture_stdout().build();
    let mut lib = wasi_reactor::WasiReactor::new((), wasi).unwrap();
    assert_eq!(lib.ready().unwrap(), 42);
    assert_eq!(lib.double(21).unwrap(), 42);
    assert_eq!(lib.wasi_mut().take_stdout(), b"init\n");
}

#[test]
fn a_trap_in_initialize_is_the_constructors_error() {
    let wasi = WasiCtx::builder().build();
    match wasi_reactor::WasiReactor::new((), wasi) {
        Err(InstantiationError::StartTrapped(trap)) => {
            assert_eq!(trap.code(), TrapCode::UnreachableCodeReached)
        }
        Err(other) => panic!("{other}"),
        Ok(_) => panic!("_initialize trapped, yet new succeeded"),
    }
}

#[test]
fn a_wasi_function_wasmlite_wasi_lacks_is_an_instantiation_error_naming_it() {
    let error = match wasi_missing::WasiMissing::new((), WasiCtx::builder().build()) {
        Err(error) => error,
        Ok(_) => panic!("wasi_unstable.fd_seek does not exist"),
    };
    assert!(
        matches!(&error, InstantiationError::UnknownImport { index: 1, module, field, .. }
            if module == "wasi_unstable" && field == "fd_seek"),
        "{error}"
    );
    assert!(
        error.to_string().contains("`wasi_unstable`.`fd_seek`"),
        "{error}"
    );
}
