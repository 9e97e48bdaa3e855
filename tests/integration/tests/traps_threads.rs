//! Traps on other threads: stack overflow on a thread with a small stack,
//! several threads trapping at once (also 8 threads x 1,000 instances), and
//! an instance that traps on one thread and is then used on another.

mod family_support;

use std::thread;
use traps::Traps;
use wasmlite_rt::TrapCode;

wasmlite_rt::include_wasm!("wasm/traps.wat");

fn instance() -> Traps<()> {
    Traps::new(()).expect("instantiate traps.wat")
}

#[test]
fn stack_overflow_on_a_thread_with_a_small_stack() {
    for stack_size in [256 * 1024, 1024 * 1024] {
        let worker = thread::Builder::new().stack_size(stack_size).spawn(|| {
            let mut m = instance();
            let code = m.recurse_store(0).unwrap_err().code();
            (code, m.good(1).unwrap())
        });
        let result = worker
            .expect("spawn")
            .join()
            .expect("the thread must not crash");
        assert_eq!(
            result,
            (TrapCode::StackOverflow, 2),
            "stack of {stack_size} bytes"
        );
    }
}

#[test]
fn threads_trap_independently() {
    let workers: Vec<_> = (0..4)
        .map(|t| {
            thread::spawn(move || {
                let mut m = instance();
                for i in 0..2000 {
                    let code = match (i + t) % 3 {
                        0 => m.div_s(i, 0).unwrap_err().code(),
                        1 => m.load8(-1 - i).unwrap_err().code(),
                        _ => m.recurse_store(0).unwrap_err().code(),
                    };
                    let want = [
                        TrapCode::IntegerDivisionByZero,
                        TrapCode::MemoryOutOfBounds,
                        TrapCode::StackOverflow,
                    ];
                    assert_eq!(code, want[((i + t) % 3) as usize], "thread {t}, call {i}");
                    assert_eq!(m.good(i).unwrap(), i + 1);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker thread");
    }
}

#[test]
fn an_instance_moves_between_threads_after_a_trap() {
    let mut m = instance();
    assert_eq!(
        m.always_unreachable().unwrap_err().code(),
        TrapCode::UnreachableCodeReached
    );
    let mut m = thread::spawn(move || {
        assert_eq!(
            m.outer(1, 0).unwrap_err().function_name(),
            Some("inner_div")
        );
        assert_eq!(m.good(5).unwrap(), 6);
        m
    })
    .join()
    .expect("worker thread");
    assert_eq!(
        m.div_s(1, 0).unwrap_err().code(),
        TrapCode::IntegerDivisionByZero
    );
    assert_eq!(m.good(7).unwrap(), 8);
}

/// Eight threads, each creating a thousand instances one after another and
/// making every one trap in both ways (trap libcalls and guard-page
/// faults; every 50th also overflows its stack), checking each result.
#[test]
fn eight_threads_trap_in_a_thousand_instances_each() {
    const THREADS: i32 = 8;
    const INSTANCES: i32 = 1000;
    let workers: Vec<_> = (0..THREADS)
        .map(|t| {
            thread::spawn(move || {
                for i in 0..INSTANCES {
                    let mut m = instance();
                    let x = t * INSTANCES + i;
                    let at = (x * 4) % 65536;
                    let traps = [
                        (m.div_s(x, 0).map(drop), TrapCode::IntegerDivisionByZero),
                        (m.load8(65536 + at).map(drop), TrapCode::MemoryOutOfBounds),
                        (
                            m.call_indirect(3, x).map(drop),
                            TrapCode::IndirectCallToNull,
                        ),
                        (
                            m.store64(65536 - 4, i64::from(x)),
                            TrapCode::MemoryOutOfBounds,
                        ),
                    ];
                    for (n, (result, want)) in traps.into_iter().enumerate() {
                        let code = result.expect_err("a trap").code();
                        assert_eq!(code, want, "thread {t}, instance {i}, trap {n}");
                    }
                    if i % 50 == 0 {
                        let code = m.recurse_store(0).unwrap_err().code();
                        assert_eq!(code, TrapCode::StackOverflow, "thread {t}, instance {i}");
                    }
                    m.store8(at, x).unwrap();
                    assert_eq!(m.load8(at).unwrap(), x & 0xff, "thread {t}, instance {i}");
                    assert_eq!(m.good(x).unwrap(), x + 1);
                    assert_eq!(m.call_indirect(0, x).unwrap(), 2 * x);
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker thread");
    }
}
