//! Traps on other threads: stack overflow on a thread with a small stack,
//! several threads trapping at once, and an instance that traps on one
//! thread and is then used on another.

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
