//! Instances on several threads at once, and moved between threads.

mod common;

use common::{calc, importer};
use wasmlite_rt::{CallError, Extern, Instance, Trap, TrapCode, Val};

fn assert_send<T: Send>() {}
fn assert_send_sync<T: Send + Sync>() {}

#[test]
fn instances_are_send_and_traps_are_send_and_sync() {
    assert_send::<Instance>();
    assert_send_sync::<Trap>();
    assert_send_sync::<CallError>();
}

fn trap_code(result: Result<Vec<Val>, CallError>) -> TrapCode {
    match result {
        Err(CallError::Trap(trap)) => trap.code(),
        other => panic!("expected a trap, got {other:?}"),
    }
}

#[test]
fn threads_call_and_trap_concurrently() {
    let threads: Vec<_> = (0..4)
        .map(|t| {
            std::thread::spawn(move || {
                let mut calc = Instance::new(calc::module(), &[]).unwrap();
                let load = calc.get_export("load").unwrap();
                let mut user =
                    Instance::new(importer::module(), &[load]).unwrap();
                for i in 0..300 {
                    assert_eq!(
                        calc.call("add", &[Val::I32(t), Val::I32(i)]),
                        Ok(vec![Val::I32(t + i)])
                    );
                    calc.call("store", &[Val::I32(8), Val::I32(t * 1000 + i)])
                        .unwrap();
                    assert_eq!(
                        user.call("call_double", &[Val::I32(8)]),
                        Ok(vec![Val::I32(t * 1000 + i)])
                    );
                    assert_eq!(
                        trap_code(calc.call("div", &[Val::I32(i), Val::I32(0)])),
                        TrapCode::IntegerDivisionByZero
                    );
                    assert_eq!(
                        trap_code(calc.call("load", &[Val::I32(-8)])),
                        TrapCode::MemoryOutOfBounds
                    );
                    assert_eq!(
                        trap_code(user.call("call_double", &[Val::I32(70000)])),
                        TrapCode::MemoryOutOfBounds
                    );
                }
            })
        })
        .collect();
    for thread in threads {
        thread.join().unwrap();
    }
}

#[test]
fn instances_move_between_threads() {
    let mut calc = Instance::new(calc::module(), &[]).unwrap();
    calc.call("bump", &[]).unwrap();
    let mut calc = std::thread::spawn(move || {
        assert_eq!(calc.call("bump", &[]), Ok(vec![Val::I32(9)]));
        assert_eq!(
            trap_code(calc.call("store", &[Val::I32(65536), Val::I32(0)])),
            TrapCode::MemoryOutOfBounds
        );
        calc
    })
    .join()
    .unwrap();
    assert_eq!(calc.call("bump", &[]), Ok(vec![Val::I32(10)]));
    let Some(Extern::Memory(memory)) = calc.get_export("memory") else {
        panic!("calc exports a memory")
    };
    assert_eq!(memory.size(), 1);
}
