//! Running independent pieces of work on as many threads as a budget
//! allows, without ever blocking on the budget.
//!
//! The calling thread always works; every extra thread first takes a
//! permit from a [`ThreadGate`] (a Cargo jobserver token, for example) and
//! holds it until the queue is empty. When no permit is free, the work
//! waits for a running thread instead of oversubscribing the machine.

use std::any::Any;
use std::panic::{catch_unwind, resume_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

/// Grants permission to run one more thread.
///
/// [`compile_gated`](crate::compile_gated) asks for one permit per extra
/// code-generation thread; Cargo build scripts hand in a gate backed by
/// Cargo's jobserver so that `cargo build -jN` keeps its promise.
pub trait ThreadGate: Sync {
    /// A permit for one more thread, released when dropped; `None` when
    /// none is free right now. Must not block.
    fn try_acquire(&self) -> Option<Box<dyn Send>>;
}

/// A gate that always grants a permit: every piece of work may get its
/// own thread.
#[derive(Clone, Copy, Debug, Default)]
pub struct Ungated;

impl ThreadGate for Ungated {
    fn try_acquire(&self) -> Option<Box<dyn Send>> {
        Some(Box::new(()))
    }
}

/// Run `work(0)`, ..., `work(count - 1)`, on the calling thread and on
/// extra threads for which `gate` grants a permit; results in index order.
/// A panic in any piece of work is resumed on the calling thread once
/// every thread has stopped.
pub fn run_gated<T: Send>(count: usize, gate: &dyn ThreadGate, work: impl Fn(usize) -> T + Sync) -> Vec<T> {
    let results: Vec<Mutex<Option<T>>> = (0..count).map(|_| Mutex::new(None)).collect();
    let next = AtomicUsize::new(0);
    let helpers = AtomicUsize::new(0);
    let helper_panic: Mutex<Option<Box<dyn Any + Send>>> = Mutex::new(None);
    // Claim and do one piece of work; false when none is left.
    let run_one = || {
        let index = next.fetch_add(1, Ordering::Relaxed);
        if index >= count {
            return false;
        }
        let result = work(index);
        *lock(&results[index]) = Some(result);
        true
    };
    std::thread::scope(|scope| loop {
        // One thread per unclaimed piece, counting this one and the helpers
        // already running, as far as the gate allows.
        let unclaimed = count.saturating_sub(next.load(Ordering::Relaxed));
        while helpers.load(Ordering::Relaxed) + 1 < unclaimed {
            let Some(permit) = gate.try_acquire() else { break };
            helpers.fetch_add(1, Ordering::Relaxed);
            let (run_one, helpers, helper_panic) = (&run_one, &helpers, &helper_panic);
            scope.spawn(move || {
                if let Err(payload) = catch_unwind(AssertUnwindSafe(|| while run_one() {})) {
                    lock(helper_panic).get_or_insert(payload);
                }
                helpers.fetch_sub(1, Ordering::Relaxed);
                drop(permit);
            });
        }
        // Then do one piece here, and look for permits again.
        if !run_one() {
            break;
        }
    });
    if let Some(payload) = lock(&helper_panic).take() {
        resume_unwind(payload);
    }
    results
        .into_iter()
        .map(|slot| {
            slot.into_inner()
                .unwrap_or_else(|poison| poison.into_inner())
                .expect("every piece of work ran")
        })
        .collect()
}

/// Lock a mutex that a panicking thread may have poisoned (the data is
/// written whole or not at all).
fn lock<T>(mutex: &Mutex<T>) -> std::sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poison| poison.into_inner())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::Arc;
    use std::time::Duration;

    /// At most as many extra threads as it holds permits.
    struct Counting {
        permits: Arc<Mutex<usize>>,
    }

    impl Counting {
        fn new(permits: usize) -> Counting {
            Counting {
                permits: Arc::new(Mutex::new(permits)),
            }
        }
    }

    struct Permit(Arc<Mutex<usize>>);

    impl Drop for Permit {
        fn drop(&mut self) {
            *self.0.lock().unwrap() += 1;
        }
    }

    impl ThreadGate for Counting {
        fn try_acquire(&self) -> Option<Box<dyn Send>> {
            let mut permits = self.permits.lock().unwrap();
            if *permits == 0 {
                return None;
            }
            *permits -= 1;
            Some(Box::new(Permit(self.permits.clone())))
        }
    }

    fn peak_concurrency(count: usize, gate: &dyn ThreadGate) -> (Vec<usize>, usize) {
        let running = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        let results = run_gated(count, gate, |i| {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(20));
            running.fetch_sub(1, Ordering::SeqCst);
            i * 10
        });
        (results, peak.into_inner())
    }

    #[test]
    fn results_are_in_order_and_the_budget_holds() {
        let gate = Counting::new(2);
        let (results, peak) = peak_concurrency(9, &gate);
        assert_eq!(results, (0..9).map(|i| i * 10).collect::<Vec<_>>());
        assert!(peak <= 3, "{peak} pieces ran at once with 2 permits");
        assert!(peak >= 2, "no extra thread ran ({peak})");
        assert_eq!(*gate.permits.lock().unwrap(), 2, "every permit came back");
    }

    #[test]
    fn without_permits_everything_runs_here() {
        let gate = Counting::new(0);
        let caller = std::thread::current().id();
        let threads = run_gated(4, &gate, |_| std::thread::current().id());
        assert!(threads.iter().all(|&t| t == caller));
    }

    #[test]
    fn ungated_runs_pieces_at_once() {
        let (results, peak) = peak_concurrency(4, &Ungated);
        assert_eq!(results.len(), 4);
        assert!(peak >= 2, "{peak}");
        assert!(run_gated(0, &Ungated, |i| i).is_empty());
    }

    #[test]
    fn a_panic_reaches_the_caller_with_its_message() {
        for gate in [&Ungated as &dyn ThreadGate, &Counting::new(0)] {
            let outcome = std::panic::catch_unwind(AssertUnwindSafe(|| {
                run_gated(4, gate, |i| {
                    std::thread::sleep(Duration::from_millis(10));
                    if i == 3 {
                        panic!("piece {i} failed");
                    }
                })
            }));
            let payload = outcome.unwrap_err();
            assert_eq!(
                payload.downcast_ref::<String>().map(String::as_str),
                Some("piece 3 failed")
            );
        }
    }
}
