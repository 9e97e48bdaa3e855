//! Instances sharing a memory (`wasm/shared.wat`) on different threads: the
//! runtime lets one thread at a time run them, so unsynchronized updates of
//! the shared memory are never lost or seen half-done, and a thread calling
//! while another is inside wasm waits for it.

mod family_support;

use shared::Shared;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{mpsc, Arc, Barrier};
use std::thread;
use std::time::Duration;
use wasmlite_rt::{Memory, MemoryType};

wasmlite_rt::include_wasm!("wasm/shared.wat");

/// Host of shared.wat: `env.pause` reports that it runs, then waits to be
/// resumed (when set up to).
#[derive(Default)]
struct Pause {
    entered: Option<mpsc::Sender<()>>,
    resume: Option<mpsc::Receiver<()>>,
}

impl shared::Imports for Pause {
    fn env_pause(&mut self) {
        if let (Some(entered), Some(resume)) = (&self.entered, &self.resume) {
            entered.send(()).expect("the test listens");
            resume.recv().expect("the test resumes");
        }
    }
}

fn one_page() -> Memory {
    let ty = MemoryType {
        minimum: 1,
        maximum: None,
        memory64: false,
        shared: false,
    };
    Memory::new(ty).expect("a memory")
}

fn instance(memory: &Memory, host: Pause) -> Shared<Pause> {
    let externs = shared::Externs {
        env_memory: memory.clone(),
    };
    Shared::new(host, externs).expect("instantiate shared.wat")
}

#[test]
fn threads_sharing_a_memory_never_lose_or_tear_updates() {
    const THREADS: usize = 4;
    const CALLS: i32 = 2000;
    const PER_CALL: i32 = 10;
    let memory = one_page();
    let start = Arc::new(Barrier::new(THREADS));
    let workers: Vec<_> = (0..THREADS)
        .map(|_| {
            let mut m = instance(&memory, Pause::default());
            let start = start.clone();
            thread::spawn(move || {
                start.wait();
                let mut last = 0;
                for _ in 0..CALLS {
                    let value = m.bump(PER_CALL).expect("bump does not trap");
                    assert!(
                        value >= last + PER_CALL,
                        "{value} after {last}: updates were lost"
                    );
                    last = value;
                }
            })
        })
        .collect();
    for worker in workers {
        worker.join().expect("worker thread");
    }
    let mut words = [0u8; 12];
    memory.read(0, &mut words).unwrap();
    let word = |i: usize| i32::from_le_bytes(words[4 * i..4 * i + 4].try_into().unwrap());
    let total = THREADS as i32 * CALLS * PER_CALL;
    assert_eq!((word(0), word(1)), (total, total), "no update was lost");
    assert_eq!(word(2), 0, "no thread saw a half-done update");
}

#[test]
fn a_call_waits_while_another_thread_is_inside_wasm() {
    let memory = one_page();
    let (entered_send, entered) = mpsc::channel();
    let (resume, resume_receive) = mpsc::channel();
    let mut holder = instance(
        &memory,
        Pause {
            entered: Some(entered_send),
            resume: Some(resume_receive),
        },
    );
    let mut other = instance(&memory, Pause::default());
    let holding = thread::spawn(move || holder.hold());
    // `hold` has torn the pair and is waiting inside the import.
    entered.recv().unwrap();
    let done = Arc::new(AtomicBool::new(false));
    let done_flag = done.clone();
    let waiting = thread::spawn(move || {
        let result = other.bump(1);
        done_flag.store(true, Ordering::SeqCst);
        (result, other.torn())
    });
    thread::sleep(Duration::from_millis(200));
    assert!(!done.load(Ordering::SeqCst), "the other call waits");
    resume.send(()).unwrap();
    holding.join().unwrap().expect("hold does not trap");
    let (bumped, torn) = waiting.join().unwrap();
    assert_eq!(bumped.unwrap(), 2, "it ran after hold finished");
    assert_eq!(torn.unwrap(), 0, "and never saw the torn pair");
}
