//! Tail calls (`wasm/tail_calls.wat`, `tail_peer.wat`, `tail_caller.wat`),
//! part of the calls family's test binary: chains of 10,000,000
//! `return_call`/`return_call_indirect`s — self recursion, mutual recursion
//! between different signatures, through a table, into another instance's
//! function and into host functions — which would overflow the 8 MiB wasm
//! stack unless every tail call reuses its caller's frame; and traps and
//! host errors at the end of such chains.

use crate::family_support::check;
use wasmlite_rt::{
    Caller, Extern, HostError, HostFunc, Instance, RefType, Table, TableType, TrapCode, Val,
};

wasmlite_rt::include_wasm!("wasm/tail_calls.wat", fallible = ["host.fail"]);
wasmlite_rt::include_wasm!("wasm/tail_peer.wat");
wasmlite_rt::include_wasm!("wasm/tail_caller.wat");

/// Deep enough that a frame per call (at least 16 bytes) overflows the
/// 8 MiB the runtime gives wasm code.
const DEEP: i64 = 10_000_000;

/// Host state of tail_calls.wat: counts the calls of `host.add`.
#[derive(Default)]
struct Host {
    adds: u32,
}

impl tail_calls::Imports for Host {
    fn host_add(&mut self, a: i64, b: i64) -> i64 {
        self.adds += 1;
        a + b
    }

    fn host_fail(&mut self, n: i32) -> Result<i32, HostError> {
        Err(HostError::msg(format!("refused {n}")))
    }
}

fn instance() -> tail_calls::TailCalls<Host> {
    tail_calls::TailCalls::new(Host::default()).expect("instantiate tail_calls.wat")
}

#[test]
fn self_tail_recursion_runs_in_constant_stack() {
    let mut m = instance();
    let n = DEEP;
    check("sum", &[((0, 5), 5), ((3, 0), 6), ((n, 0), n * (n + 1) / 2)], |(n, acc)| m.sum(n, acc));
}

#[test]
fn mutual_tail_recursion_between_different_signatures() {
    let mut m = instance();
    // Each ping/pong round counts 1 + 1 (pong adds seven − six).
    let n = DEEP as i32;
    check("ping", &[((0, 9), 9), ((1, 0), 2), ((n, 0), 2 * DEEP)], |(n, acc)| m.ping(n, acc));
}

#[test]
fn return_call_indirect_through_a_table_and_into_a_host_function() {
    let mut m = instance();
    // DEEP steps through table slot 0, then one through slot 1 (`host.add`).
    check("count_table", &[((0, 1), 1001), ((DEEP, 0), 2 * DEEP + 1000)], |(n, acc)| m.count_table(n, acc));
    assert_eq!(m.host().adds, 2);
}

#[test]
fn return_call_of_an_imported_host_function() {
    let mut m = instance();
    check("to_host", &[((0, 1), 1001), ((DEEP, 0), DEEP + 1000)], |(n, acc)| m.to_host(n, acc));
    assert_eq!(m.host().adds, 2);
}

#[test]
fn tail_calls_pass_multiple_results_along() {
    let mut m = instance();
    check("pair", &[(0, (7, 8)), (DEEP as i32, (7, 8))], |n| m.pair(n));
}

#[test]
fn traps_and_host_errors_at_the_end_of_a_chain_come_back() {
    let mut m = instance();
    let trap = m.trap_deep(DEEP as i32).unwrap_err();
    assert_eq!(trap.code(), TrapCode::IntegerDivisionByZero, "{trap}");
    let trap = m.to_failing_host(4).unwrap_err();
    assert_eq!(trap.code(), TrapCode::HostError, "{trap}");
    assert_eq!(trap.host_error().unwrap().to_string(), "refused 4");
    // The instance stays usable.
    assert_eq!(m.sum(DEEP, 0), Ok(DEEP * (DEEP + 1) / 2));
}

/// A two-slot funcref table made by the host.
fn table() -> Table {
    let ty = TableType { element: RefType::FUNCREF, minimum: 2, maximum: None, table64: false };
    Table::new(ty, Val::FuncRef(None)).unwrap()
}

/// Host side of tail_caller.wat when instantiated through its bindings (only
/// to get its module).
struct Unused;

impl tail_caller::Imports for Unused {
    fn peer_bounce(&mut self, _: i32, _: i64) -> i64 {
        unreachable!("never called")
    }
}

fn caller_module() -> std::sync::Arc<wasmlite_rt::Module> {
    let externs = tail_caller::Externs { env_table: table() };
    let caller = tail_caller::TailCaller::new(Unused, externs).unwrap();
    caller.instance().module().clone()
}

#[test]
fn tail_calls_into_another_instance_and_back_run_in_constant_stack() {
    // `step` (caller) tail calls its import `bounce` (peer), which tail
    // calls `step` through the shared table: 2 × DEEP tail calls that
    // alternate between the instances.
    let shared = table();
    let peer = tail_peer::TailPeer::new((), tail_peer::Externs { env_table: shared.clone() }).unwrap();
    let bounce = peer.instance().get_export("bounce").unwrap();
    let mut caller = Instance::new(caller_module(), &[Extern::Table(shared), bounce]).unwrap();
    let n = DEEP as i32;
    assert_eq!(caller.call("step", &[Val::I32(n), Val::I64(0)]), Ok(vec![Val::I64(3 * DEEP)]));
}

#[test]
fn a_tail_called_import_can_be_a_host_function() {
    let host = HostFunc::wrap(|_: &mut Caller<'_>, n: i32, acc: i64| acc * 10 + i64::from(n));
    let mut caller = Instance::new(caller_module(), &[Extern::Table(table()), Extern::HostFunc(host)]).unwrap();
    assert_eq!(caller.call("step", &[Val::I32(5), Val::I64(7)]), Ok(vec![Val::I64(74)]));
}
