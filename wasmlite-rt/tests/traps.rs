//! Traps: every way out of wasm code, and that the host and the instance
//! survive them.

mod common;

use common::{calc, child, limits, trap, ModuleBuilder};
use wasmlite_abi::{TrapCode, VMContext};
use wasmlite_rt::{CallError, Instance, InstantiationError, Val};

fn calc() -> Instance {
    Instance::new(calc::module(), &[]).unwrap()
}

fn trap_of(result: Result<Vec<Val>, CallError>) -> wasmlite_rt::Trap {
    match result {
        Err(CallError::Trap(trap)) => trap,
        other => panic!("expected a trap, got {other:?}"),
    }
}

#[test]
fn the_trap_libcall_reports_code_and_function() {
    let mut calc = calc();
    let trap = trap_of(calc.call("div", &[Val::I32(1), Val::I32(0)]));
    assert_eq!(trap.code(), TrapCode::IntegerDivisionByZero);
    assert_eq!(trap.function_name(), Some("div"), "named after its export");
    assert_eq!(trap.function_index(), Some(calc::DIV));
    assert_eq!(
        trap.to_string(),
        "wasm trap in function `div`: integer divide by zero"
    );

    let trap = trap_of(calc.call("div", &[Val::I32(i32::MIN), Val::I32(-1)]));
    assert_eq!(trap.code(), TrapCode::IntegerOverflow);

    let trap = trap_of(calc.call("unreachable", &[]));
    assert_eq!(trap.code(), TrapCode::UnreachableCodeReached);
    assert_eq!(
        trap.function_name(),
        Some("boom"),
        "the name section wins over the export name"
    );
}

#[test]
fn instances_stay_usable_after_traps() {
    let mut calc = calc();
    calc.call("bump", &[]).unwrap();
    for _ in 0..100 {
        trap_of(calc.call("div", &[Val::I32(1), Val::I32(0)]));
        trap_of(calc.call("store", &[Val::I32(65536), Val::I32(1)]));
    }
    assert_eq!(
        calc.call("add", &[Val::I32(1), Val::I32(2)]),
        Ok(vec![Val::I32(3)])
    );
    assert_eq!(
        calc.call("bump", &[]),
        Ok(vec![Val::I32(9)]),
        "state from before the traps is kept"
    );
}

#[test]
fn guard_page_hits_are_out_of_bounds_traps_in_the_faulting_function() {
    let mut calc = calc();
    for addr in [65536, 65536 * 2, -4 /* 4 GiB - 4 */] {
        let trap = trap_of(calc.call("store", &[Val::I32(addr), Val::I32(1)]));
        assert_eq!(trap.code(), TrapCode::MemoryOutOfBounds, "address {addr}");
        assert_eq!(
            trap.function_name(),
            Some("store"),
            "found from the faulting instruction's address"
        );
        assert_eq!(trap.function_index(), Some(calc::STORE));
    }
    let trap = trap_of(calc.call("load", &[Val::I32(65536 + 8)]));
    assert_eq!(trap.code(), TrapCode::MemoryOutOfBounds);
    // The last accessible word still works.
    calc.call("store", &[Val::I32(65532), Val::I32(5)]).unwrap();
}

#[test]
fn a_grown_memory_no_longer_faults() {
    let mut calc = calc();
    trap_of(calc.call("store", &[Val::I32(65536), Val::I32(1)]));
    calc.call("grow", &[Val::I32(1)]).unwrap();
    calc.call("store", &[Val::I32(65536), Val::I32(1)]).unwrap();
}

// ---- Stack overflow ----

/// Recurses until the stack limit, checking it on entry as compiled code does.
unsafe extern "C" fn checked_recursion(vmctx: *mut VMContext, depth: i32) -> i32 {
    let marker = [0u8; 256];
    let sp = std::hint::black_box(&marker) as *const _ as usize;
    if sp < (*limits(vmctx)).stack_limit {
        trap(vmctx, TrapCode::StackOverflow, 0);
    }
    std::hint::black_box(checked_recursion(vmctx, depth + 1))
        + i32::from(marker[depth as usize % 256])
}

/// Recurses without checking, until the thread's guard page.
///
/// Each call first reads the stack 64 KiB below its stack pointer, as
/// compiled code probes a large frame, so the guard page is reached by an
/// instruction of this function: a fault in a function it calls (at
/// opt-level 0, `black_box` is a call) would not be in "wasm" code, and
/// would rightly crash.
#[allow(unconditional_recursion)]
unsafe extern "C" fn unchecked_recursion(vmctx: *mut VMContext, depth: i32) -> i32 {
    probe_64k_below_the_stack_pointer();
    let marker = [0u8; 256];
    std::hint::black_box(&marker);
    std::hint::black_box(unchecked_recursion(std::hint::black_box(vmctx), depth + 1))
        + i32::from(marker[depth as usize % 256])
}

/// Reads the byte 64 KiB below the stack pointer; always inlined, so the
/// read is an instruction of its caller.
#[inline(always)]
unsafe fn probe_64k_below_the_stack_pointer() {
    // SAFETY: a read of this thread's free stack, or of its guard page.
    #[cfg(target_arch = "x86_64")]
    std::arch::asm!("mov {tmp:l}, byte ptr [rsp - 65536]", tmp = out(reg) _, options(nostack, readonly));
    // SAFETY: as above.
    #[cfg(target_arch = "aarch64")]
    std::arch::asm!("sub {tmp}, sp, #16, lsl #12", "ldrb {tmp:w}, [{tmp}]", tmp = out(reg) _, options(nostack, readonly));
}

wrapper!(checked_w => checked_recursion(get_i32) -> from_i32);
wrapper!(unchecked_w => unchecked_recursion(get_i32) -> from_i32);

fn recursion_instance() -> Instance {
    use wasmlite_abi::ValType::I32;
    static MODULE: std::sync::OnceLock<std::sync::Arc<wasmlite_rt::Module>> =
        std::sync::OnceLock::new();
    let module = MODULE.get_or_init(|| {
        let mut b = ModuleBuilder::new();
        b.export_func(
            "checked",
            checked_recursion as *const u8,
            checked_w,
            &[I32],
            &[I32],
        );
        b.export_func(
            "unchecked",
            unchecked_recursion as *const u8,
            unchecked_w,
            &[I32],
            &[I32],
        );
        b.build()
    });
    Instance::new(module.clone(), &[]).unwrap()
}

#[test]
fn recursion_past_the_stack_limit_traps() {
    let mut instance = recursion_instance();
    for _ in 0..3 {
        let trap = trap_of(instance.call("checked", &[Val::I32(0)]));
        assert_eq!(trap.code(), TrapCode::StackOverflow);
    }
    // SAFETY: reading this instance's own limits.
    assert_eq!(
        unsafe { (*limits(instance.vmctx())).stack_limit },
        0,
        "the limit is reset after the call"
    );
}

#[test]
fn stack_overflow_on_the_guard_page_traps() {
    // A thread of known size, so the guard page is reached quickly.
    std::thread::Builder::new()
        .stack_size(1 << 20)
        .spawn(|| {
            let mut instance = recursion_instance();
            for _ in 0..2 {
                let trap = trap_of(instance.call("unchecked", &[Val::I32(0)]));
                assert_eq!(trap.code(), TrapCode::StackOverflow);
                assert_eq!(trap.function_name(), Some("unchecked"));
            }
            // The thread's stack is still fine.
            assert_eq!(
                recursion_instance()
                    .call("checked", &[Val::I32(0)])
                    .unwrap_err()
                    .to_string(),
                "wasm trap in function `checked`: call stack exhausted"
            );
        })
        .unwrap()
        .join()
        .unwrap();
}

// ---- Start functions ----

unsafe extern "C" fn trapping_start(vmctx: *mut VMContext) {
    trap(vmctx, TrapCode::UnreachableCodeReached, 0);
}

unsafe extern "C" fn trapping_start_w(vmctx: *mut VMContext, _values: *mut wasmlite_abi::ValRaw) {
    trapping_start(vmctx)
}

#[test]
fn a_trapping_start_function_fails_instantiation() {
    let mut b = ModuleBuilder::new();
    b.func(trapping_start as *const u8, &[], &[]);
    b.name(0, "init");
    b.start(0, trapping_start_w);
    let err = Instance::new(b.build(), &[]).unwrap_err();
    let InstantiationError::StartTrapped(trap) = err else {
        panic!("expected StartTrapped, got {err:?}")
    };
    assert_eq!(trap.code(), TrapCode::UnreachableCodeReached);
    assert_eq!(trap.function_name(), Some("init"));
}

// ---- Faults outside wasm code are crashes, not traps ----
//
// Each scenario runs in a child process (see `common::child`) that must be
// killed by SIGSEGV: if the fault came back as a trap, the child exits 0.

#[test]
fn faults_outside_wasm_are_not_swallowed() {
    const TEST: &str = "faults_outside_wasm_are_not_swallowed";
    match child::scenario().as_deref() {
        Some("host-code") => {
            // Make sure the handler is installed, then fault in host code.
            let mut calc = calc();
            calc.call("add", &[Val::I32(1), Val::I32(1)]).unwrap();
            let guard = calc.memory(0).as_ptr().wrapping_add(65536);
            // SAFETY: deliberately faulting (this process is expected to die).
            unsafe { std::ptr::read_volatile(guard) };
        }
        Some("libcall") => {
            let result = bad_vmctx_instance().call("grow_with_bad_vmctx", &[]);
            println!("the libcall's fault returned {result:?}");
        }
        Some("wasm-unreserved") => {
            let result = bad_vmctx_instance().call("read_unreserved", &[]);
            println!("the wasm fault outside any memory returned {result:?}");
        }
        Some(other) => panic!("unknown scenario {other}"),
        None => {
            for scenario in ["host-code", "libcall", "wasm-unreserved"] {
                child::assert_killed_by(&child::run(TEST, scenario), libc::SIGSEGV, scenario);
            }
            return;
        }
    }
    std::process::exit(0);
}

static BAD_VMCTX_OFFSETS: std::sync::OnceLock<wasmlite_abi::VMOffsets> = std::sync::OnceLock::new();

/// Calls the `memory.grow` libcall with a forged `VMContext` whose instance
/// pointer lies in the guard region of this instance's memory, as a bug in
/// compiled code or the runtime might: the libcall faults in runtime code,
/// at an address inside a linear memory's reservation.
unsafe extern "C" fn grow_with_bad_vmctx(vmctx: *mut VMContext) -> i32 {
    let memory = common::memory(vmctx, BAD_VMCTX_OFFSETS.get().unwrap(), 0);
    let guard = (*memory).base.add(2 * 65536) as usize;
    let mut forged: [usize; 3] = *vmctx.cast::<[usize; 3]>();
    forged[wasmlite_abi::VMOffsets::INSTANCE as usize / 8] = guard;
    (common::libcalls(vmctx).memory_grow)(forged.as_mut_ptr().cast(), 0, 1) as i32
}

wrapper!(grow_with_bad_vmctx_w => grow_with_bad_vmctx() -> from_i32);

/// Reads an address no linear memory owns, as wasm code given a corrupt
/// `VMContext` might: the fault is in wasm code but is no out-of-bounds
/// access.
unsafe extern "C" fn read_unreserved(_vmctx: *mut VMContext) -> i32 {
    let address = std::hint::black_box(0x1000usize) as *const i32;
    *address
}

wrapper!(read_unreserved_w => read_unreserved() -> from_i32);

fn bad_vmctx_instance() -> Instance {
    let mut b = ModuleBuilder::new();
    b.memory(1, None);
    b.export_func(
        "grow_with_bad_vmctx",
        grow_with_bad_vmctx as *const u8,
        grow_with_bad_vmctx_w,
        &[],
        &[wasmlite_abi::ValType::I32],
    );
    b.export_func(
        "read_unreserved",
        read_unreserved as *const u8,
        read_unreserved_w,
        &[],
        &[wasmlite_abi::ValType::I32],
    );
    BAD_VMCTX_OFFSETS.set(b.offsets()).unwrap();
    Instance::new(b.build(), &[]).unwrap()
}
