//! Host -> wasm -> host -> wasm (`wasm/nested.wat`): a chain of instances,
//! each one's host import calling into the next. A stack overflow in the
//! innermost wasm is a trap there — also when the host frames in between
//! use a lot of stack, and on a thread with a small stack — and every level
//! keeps working afterwards. A panic in the innermost host import reaches
//! the outermost Rust caller.

mod family_support;

use family_support::within_a_minute;
use nested::Nested;
use std::panic::{catch_unwind, AssertUnwindSafe};
use wasmlite_rt::{Trap, TrapCode};

wasmlite_rt::include_wasm!("wasm/nested.wat");

/// `enter`'s modes (see `nested.wat`).
const RETURN: i32 = 0;
const OVERFLOW: i32 = 1;
const PANIC: i32 = 2;

/// What `env.reenter` returns when the next instance trapped.
const TRAPPED: i32 = -1000;

/// The host of one instance of the chain.
#[derive(Default)]
struct Host {
    /// The next instance.
    next: Option<Box<Nested<Host>>>,
    /// Stack the import uses (a buffer it writes and reads) before calling
    /// the next instance.
    frame_bytes: usize,
    /// The trap the next instance's `enter` returned.
    trap: Option<Trap>,
}

impl nested::Imports for Host {
    fn env_reenter(&mut self, depth: i32, mode: i32) -> i32 {
        assert!(depth >= 0, "the innermost host import panics");
        let checksum = use_stack(self.frame_bytes);
        let next = self.next.as_mut().expect("a next instance");
        match next.enter(depth, mode) {
            Ok(value) => value + checksum,
            Err(trap) => {
                self.trap = Some(trap);
                TRAPPED
            }
        }
    }
}

/// Frames of this many bytes make up the host's stack use.
const STEP: usize = 16 * 1024;

/// Uses `bytes` of stack (rounded down to [`STEP`]) in frames whose
/// buffers really are written; returns 0, opaquely.
#[inline(never)]
fn use_stack(bytes: usize) -> i32 {
    if bytes < STEP {
        return 0;
    }
    let mut frame = [0u8; STEP];
    std::hint::black_box(&mut frame);
    i32::from(frame[0]) + use_stack(bytes - STEP)
}

/// A chain of `levels` instances; the outermost first. Each host but the
/// last calls the next with `frame_bytes` of stack in between.
fn chain(levels: usize, frame_bytes: usize) -> Nested<Host> {
    let mut next: Option<Box<Nested<Host>>> = None;
    for _ in 0..levels {
        let host = Host {
            next: next.take(),
            frame_bytes,
            trap: None,
        };
        next = Some(Box::new(Nested::new(host).expect("instantiate nested.wat")));
    }
    *next.expect("at least one level")
}

/// The host of the level `level` below `outer` (0 is `outer`'s own).
fn host_at(outer: &Nested<Host>, level: usize, f: &mut dyn FnMut(&Host)) {
    let host = outer.host();
    match level {
        0 => f(&host),
        _ => host_at(host.next.as_ref().expect("deep enough"), level - 1, f),
    }
}

/// On a thread with `stack` bytes of stack: overflows the innermost of
/// `levels` nested instances `times` times, each followed by a full
/// successful pass through the chain.
fn overflow_innermost(levels: usize, frame_bytes: usize, stack: usize, times: usize) {
    within_a_minute("nested overflow", move || {
        std::thread::Builder::new()
            .stack_size(stack)
            .spawn(move || {
                let mut outer = chain(levels, frame_bytes);
                let depth = levels as i32 - 1;
                for round in 0..times {
                    // Every level above the innermost returns 1 + what the
                    // level below returned.
                    let want = TRAPPED + depth;
                    assert_eq!(outer.enter(depth, OVERFLOW).unwrap(), want, "round {round}");
                    host_at(&outer, levels - 2, &mut |host| {
                        let trap = host.trap.as_ref().expect("the innermost instance trapped");
                        assert_eq!(trap.code(), TrapCode::StackOverflow, "{trap}");
                        assert_eq!(trap.function_name(), Some("recurse"), "{trap}");
                    });
                    for level in 0..levels - 2 {
                        host_at(&outer, level, &mut |host| {
                            assert!(host.trap.is_none(), "level {level} saw no trap");
                        });
                    }
                    assert_eq!(outer.enter(depth, RETURN).unwrap(), depth, "round {round}");
                    assert_eq!(outer.good(round as i32).unwrap(), round as i32 + 1);
                }
            })
            .expect("spawn")
            .join()
            .expect("the thread survives the overflow");
    });
}

#[test]
fn overflow_in_the_innermost_of_nested_calls_traps_there() {
    overflow_innermost(5, 0, 8 << 20, 3);
}

#[test]
fn overflow_below_host_frames_using_much_stack() {
    // 10 levels with 128 KiB of host frames each: 1.1 MiB of host stack
    // between the outermost entry and the innermost wasm.
    overflow_innermost(10, 128 * 1024, 8 << 20, 2);
}

#[test]
fn overflow_below_nested_calls_on_a_small_stack() {
    overflow_innermost(4, 32 * 1024, 512 * 1024, 3);
}

#[test]
fn overflow_directly_in_the_outermost_level() {
    let mut outer = chain(1, 0);
    for _ in 0..3 {
        let trap = outer.enter(0, OVERFLOW).unwrap_err();
        assert_eq!(trap.code(), TrapCode::StackOverflow);
        assert_eq!(outer.enter(0, RETURN).unwrap(), 0);
    }
}

#[test]
fn a_panic_in_the_innermost_host_import_reaches_the_outermost_caller() {
    let mut outer = chain(4, 4096);
    for round in 0..3 {
        let payload = catch_unwind(AssertUnwindSafe(|| outer.enter(3, PANIC))).unwrap_err();
        let message = payload.downcast_ref::<&str>().copied();
        assert_eq!(message, Some("the innermost host import panics"));
        if round == 0 {
            // The panic was no trap for any level.
            for level in 0..3 {
                host_at(&outer, level, &mut |host| assert!(host.trap.is_none()));
            }
        }
        // Every level still works, traps included.
        assert_eq!(outer.enter(3, RETURN).unwrap(), 3);
        assert_eq!(outer.enter(3, OVERFLOW).unwrap(), TRAPPED + 3);
    }
}
