//! How many threads a build may use: at most `NUM_JOBS` in all, and each
//! thread beyond the build script's own only while it holds a token from
//! Cargo's jobserver, so that a build script compiling wasm does not
//! oversubscribe the machine while Cargo runs other jobs.

use std::sync::{Arc, Mutex};
use wasmlite_codegen::ThreadGate;

/// A [`ThreadGate`] granting at most `jobs - 1` extra threads (the calling
/// thread is the first job), each also holding a jobserver token when
/// there is a jobserver.
pub(crate) struct Budget {
    /// Extra threads still allowed.
    free: Arc<Mutex<usize>>,
    jobserver: Option<jobserver::Client>,
}

/// One extra thread's right to run; gives it back when dropped.
struct Permit {
    free: Arc<Mutex<usize>>,
    /// Released to the jobserver when the permit is dropped.
    _token: Option<jobserver::Acquired>,
}

impl Drop for Permit {
    fn drop(&mut self) {
        *lock(&self.free) += 1;
    }
}

fn lock(free: &Mutex<usize>) -> std::sync::MutexGuard<'_, usize> {
    free.lock().unwrap_or_else(|poison| poison.into_inner())
}

impl Budget {
    /// A budget of `jobs` threads in all (at least one), limited further by
    /// `jobserver`'s tokens.
    pub(crate) fn new(jobs: usize, jobserver: Option<jobserver::Client>) -> Budget {
        Budget {
            free: Arc::new(Mutex::new(jobs.saturating_sub(1))),
            jobserver,
        }
    }
}

impl ThreadGate for Budget {
    fn try_acquire(&self) -> Option<Box<dyn Send>> {
        let mut free = lock(&self.free);
        if *free == 0 {
            return None;
        }
        let token = match self.jobserver.as_ref().map(jobserver::Client::try_acquire) {
            None => None,
            Some(Ok(Some(token))) => Some(token),
            // Every token is in use elsewhere: wait for a running thread.
            Some(Ok(None)) => return None,
            // A jobserver that cannot be polled (or is broken) cannot
            // limit us; `NUM_JOBS` still does.
            Some(Err(_)) => None,
        };
        *free -= 1;
        Some(Box::new(Permit {
            free: self.free.clone(),
            _token: token,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cargo::CargoEnv;
    use std::process::Command;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;
    use wasmlite_codegen::run_gated;

    /// The most pieces of work running at once when 8 pieces share `budget`.
    fn peak(budget: &Budget) -> usize {
        let running = AtomicUsize::new(0);
        let peak = AtomicUsize::new(0);
        run_gated(8, budget, |_| {
            let now = running.fetch_add(1, Ordering::SeqCst) + 1;
            peak.fetch_max(now, Ordering::SeqCst);
            std::thread::sleep(Duration::from_millis(15));
            running.fetch_sub(1, Ordering::SeqCst);
        });
        peak.into_inner()
    }

    #[test]
    fn num_jobs_bounds_the_threads() {
        assert_eq!(peak(&Budget::new(1, None)), 1);
        assert!(peak(&Budget::new(3, None)) <= 3);
        assert_eq!(peak(&Budget::new(0, None)), 1);
    }

    const CHILD: &str = "WASMLITE_BUILD_TEST_JOBSERVER_CHILD";

    /// Runs itself as a child process handed a two-token jobserver the way
    /// Cargo hands one to build scripts, and checks the child never uses
    /// more threads than the tokens (plus its own) allow.
    #[test]
    fn cargo_jobserver_tokens_bound_the_threads() {
        #[allow(clippy::disallowed_methods)] // test plumbing, not a build setting
        if std::env::var_os(CHILD).is_some() {
            let client = CargoEnv::process(false)
                .jobserver()
                .expect("connected to the parent's jobserver");
            // NUM_JOBS alone would allow 8 threads.
            let budget = Budget::new(8, Some(client.clone()));
            let peak = peak(&budget);
            assert!((2..=3).contains(&peak), "{peak} threads on 2 tokens");
            assert_eq!(*lock(&budget.free), 7, "every permit came back");
            assert_eq!(client.available().unwrap(), 2, "every token came back");
            let held = [client.acquire().unwrap(), client.acquire().unwrap()];
            assert!(budget.try_acquire().is_none(), "no token, no thread");
            drop(held);
            assert!(budget.try_acquire().is_some());
            return;
        }
        let client = jobserver::Client::new(2).unwrap();
        let mut child = Command::new(std::env::current_exe().unwrap());
        child
            .args([
                "--exact",
                "budget::tests::cargo_jobserver_tokens_bound_the_threads",
                "--test-threads=1",
            ])
            .env(CHILD, "1");
        client.configure(&mut child);
        let output = child.output().unwrap();
        let stdout = String::from_utf8_lossy(&output.stdout);
        assert!(
            output.status.success() && stdout.contains("1 passed"),
            "{stdout}\n{}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}
