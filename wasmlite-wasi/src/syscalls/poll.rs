//! `poll_oneoff`: wait for clocks and for descriptors to become readable or writable.

use crate::abi::{eventtype, size, SUBSCRIPTION_CLOCK_ABSTIME};
use crate::errno::{Errno, WasiResult};
use crate::memory::GuestMemory;
use crate::stdio::{Input, Stream};
use crate::syscalls::clock;
use crate::table::Kind;
use crate::WasiCtx;
use std::io::Seek;
use std::time::Duration;

/// The most subscriptions one call may pass.
pub const MAX_SUBSCRIPTIONS: u32 = 4096;

/// One event to report.
#[derive(Clone, Copy)]
struct Event {
    userdata: u64,
    error: Errno,
    kind: u8,
    nbytes: u64,
}

/// What a subscription waits for, once its immediate state is known.
enum Wait {
    /// Already happened.
    Ready(Event),
    /// A clock, firing after this many nanoseconds.
    Clock { userdata: u64, after: u64 },
    /// A host descriptor (inherited standard stream), with `poll(2)` events.
    Host {
        userdata: u64,
        kind: u8,
        fd: i32,
        events: i16,
    },
}

fn event(userdata: u64, kind: u8, error: Errno, nbytes: u64) -> Wait {
    Wait::Ready(Event {
        userdata,
        error,
        kind,
        nbytes,
    })
}

/// Reads one subscription record and finds out whether it is ready now.
fn subscription(ctx: &WasiCtx, record: &[u8]) -> WasiResult<Wait> {
    let u64_at = |at: usize| u64::from_le_bytes(record[at..at + 8].try_into().expect("8 bytes"));
    let u32_at = |at: usize| u32::from_le_bytes(record[at..at + 4].try_into().expect("4 bytes"));
    let userdata = u64_at(0);
    let kind = record[8];
    match kind {
        eventtype::CLOCK => {
            let (id, timeout) = (u32_at(16), u64_at(24));
            let flags = u16::from_le_bytes([record[40], record[41]]);
            let after = if flags & SUBSCRIPTION_CLOCK_ABSTIME != 0 {
                match clock::now(id) {
                    Ok(now) => timeout.saturating_sub(now),
                    Err(errno) => return Ok(event(userdata, kind, errno, 0)),
                }
            } else {
                match clock::host_clock(id) {
                    Ok(_) => timeout,
                    Err(errno) => return Ok(event(userdata, kind, errno, 0)),
                }
            };
            Ok(Wait::Clock { userdata, after })
        }
        eventtype::FD_READ | eventtype::FD_WRITE => {
            let reading = kind == eventtype::FD_READ;
            let Ok(descriptor) = ctx.table.get(u32_at(16)) else {
                return Ok(event(userdata, kind, Errno::Badf, 0));
            };
            let events = if reading { libc::POLLIN } else { libc::POLLOUT };
            Ok(match &descriptor.kind {
                Kind::Stdio(Stream::Stdin) if reading => match ctx.stdin {
                    Input::Inherit => Wait::Host {
                        userdata,
                        kind,
                        fd: libc::STDIN_FILENO,
                        events,
                    },
                    ref input => event(
                        userdata,
                        kind,
                        Errno::Success,
                        input.available().unwrap_or(0),
                    ),
                },
                Kind::Stdio(stream @ (Stream::Stdout | Stream::Stderr)) if !reading => {
                    let output = if *stream == Stream::Stdout {
                        &ctx.stdout
                    } else {
                        &ctx.stderr
                    };
                    match output.host_fd() {
                        Some(fd) => Wait::Host {
                            userdata,
                            kind,
                            fd,
                            events,
                        },
                        None => event(userdata, kind, Errno::Success, 0),
                    }
                }
                Kind::Stdio(_) => event(userdata, kind, Errno::Badf, 0),
                Kind::Dir(_) => event(userdata, kind, Errno::IsDir, 0),
                Kind::File(file) => {
                    // A regular file is always ready; a reader learns how much is left.
                    let mut file = file;
                    let left = match (reading, file.metadata(), file.stream_position()) {
                        (true, Ok(meta), Ok(pos)) => meta.len().saturating_sub(pos),
                        _ => 0,
                    };
                    event(userdata, kind, Errno::Success, left)
                }
            })
        }
        _ => Err(Errno::Inval),
    }
}

/// Waits for host descriptors at most `timeout` (forever if `None`); returns those ready.
fn wait_host(waits: &[Wait], timeout: Option<u64>) -> WasiResult<Vec<Event>> {
    let mut fds: Vec<libc::pollfd> = Vec::new();
    let mut owners = Vec::new();
    for wait in waits {
        if let Wait::Host {
            userdata,
            kind,
            fd,
            events,
        } = *wait
        {
            fds.push(libc::pollfd {
                fd,
                events,
                revents: 0,
            });
            owners.push((userdata, kind));
        }
    }
    if fds.is_empty() {
        if let Some(nanos) = timeout {
            std::thread::sleep(Duration::from_nanos(nanos));
        }
        return Ok(Vec::new());
    }
    let millis = match timeout {
        None => -1,
        Some(nanos) => i32::try_from(nanos.div_ceil(1_000_000)).unwrap_or(i32::MAX),
    };
    // SAFETY: `fds` is a valid array of `fds.len()` pollfd records.
    let ready = unsafe { libc::poll(fds.as_mut_ptr(), fds.len() as libc::nfds_t, millis) };
    if ready < 0 {
        return Err(Errno::last());
    }
    Ok(fds
        .iter()
        .zip(owners)
        .filter(|(fd, _)| fd.revents != 0)
        .map(|(fd, (userdata, kind))| {
            let error = if fd.revents & libc::POLLNVAL != 0 {
                Errno::Badf
            } else {
                Errno::Success
            };
            Event {
                userdata,
                error,
                kind,
                nbytes: 0,
            }
        })
        .collect())
}

/// `poll_oneoff(in, out, nsubscriptions, nevents)`.
pub fn poll_oneoff(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    subscriptions: u32,
    events: u32,
    count: u32,
    nevents: u32,
) -> WasiResult {
    if count == 0 || count > MAX_SUBSCRIPTIONS {
        return Err(Errno::Inval);
    }
    memory.slice(events, count * size::EVENT)?;
    let records = memory.slice(subscriptions, count * size::SUBSCRIPTION)?;
    let mut waits = Vec::with_capacity(count as usize);
    for record in records.chunks_exact(size::SUBSCRIPTION as usize) {
        waits.push(subscription(ctx, record)?);
    }
    let mut ready: Vec<Event> = Vec::new();
    for wait in &waits {
        match wait {
            Wait::Ready(event) => ready.push(*event),
            Wait::Clock { userdata, after: 0 } => ready.push(Event {
                userdata: *userdata,
                error: Errno::Success,
                kind: eventtype::CLOCK,
                nbytes: 0,
            }),
            _ => {}
        }
    }
    if ready.is_empty() {
        let first_clock = waits
            .iter()
            .filter_map(|w| {
                if let Wait::Clock { after, .. } = w {
                    Some(*after)
                } else {
                    None
                }
            })
            .min();
        ready = wait_host(&waits, first_clock)?;
        if ready.is_empty() {
            if let Some(first) = first_clock {
                for wait in &waits {
                    if let Wait::Clock { userdata, after } = *wait {
                        if after <= first {
                            ready.push(Event {
                                userdata,
                                error: Errno::Success,
                                kind: eventtype::CLOCK,
                                nbytes: 0,
                            });
                        }
                    }
                }
            }
        }
    }
    for (index, event) in ready.iter().enumerate() {
        let mut record = [0u8; size::EVENT as usize];
        record[0..8].copy_from_slice(&event.userdata.to_le_bytes());
        record[8..10].copy_from_slice(&event.error.raw().to_le_bytes());
        record[10] = event.kind;
        record[16..24].copy_from_slice(&event.nbytes.to_le_bytes());
        memory.write(events + index as u32 * size::EVENT, &record)?;
    }
    memory.write_u32(nevents, ready.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syscalls::test_support::Guest;

    fn clock_subscription(guest: &mut Guest, at: u32, userdata: u64, timeout: u64) {
        guest.put(at, &userdata.to_le_bytes());
        guest.put(at + 8, &[eventtype::CLOCK]);
        guest.put(at + 16, &1u32.to_le_bytes());
        guest.put(at + 24, &timeout.to_le_bytes());
        guest.put(at + 40, &0u16.to_le_bytes());
    }

    #[test]
    fn the_earliest_clock_fires_after_its_timeout() {
        let mut guest = Guest::new(WasiCtx::builder().build());
        clock_subscription(&mut guest, 0, 7, 20_000_000);
        clock_subscription(&mut guest, 48, 8, 5_000_000_000);
        let start = std::time::Instant::now();
        guest
            .call(|ctx, memory| poll_oneoff(ctx, memory, 0, 1000, 2, 2000))
            .unwrap();
        assert!(start.elapsed() >= Duration::from_millis(20));
        assert!(start.elapsed() < Duration::from_secs(4));
        assert_eq!((guest.u32(2000), guest.u64(1000)), (1, 7));
    }

    #[test]
    fn ready_descriptors_return_at_once_and_bad_ones_report_errors() {
        let mut guest = Guest::new(WasiCtx::builder().stdin_bytes(b"abc".to_vec()).build());
        clock_subscription(&mut guest, 0, 7, 60_000_000_000);
        guest.put(48, &9u64.to_le_bytes());
        guest.put(56, &[eventtype::FD_READ]);
        guest.put(64, &0u32.to_le_bytes());
        guest.put(96, &10u64.to_le_bytes());
        guest.put(104, &[eventtype::FD_WRITE]);
        guest.put(112, &77u32.to_le_bytes());
        guest
            .call(|ctx, memory| poll_oneoff(ctx, memory, 0, 1000, 3, 2000))
            .unwrap();
        assert_eq!(guest.u32(2000), 2);
        assert_eq!((guest.u64(1000), guest.u64(1016)), (9, 3));
        assert_eq!(
            (
                guest.u64(1032),
                u16::from_le_bytes([guest.memory[1040], guest.memory[1041]])
            ),
            (10, Errno::Badf.raw())
        );
    }

    #[test]
    fn counts_and_tags_are_checked() {
        let mut guest = Guest::new(WasiCtx::builder().build());
        assert_eq!(
            guest.call(|ctx, memory| poll_oneoff(ctx, memory, 0, 1000, 0, 2000)),
            Err(Errno::Inval)
        );
        assert_eq!(
            guest.call(|ctx, memory| poll_oneoff(ctx, memory, 0, 1000, u32::MAX, 2000)),
            Err(Errno::Inval)
        );
        assert_eq!(
            guest.call(|ctx, memory| poll_oneoff(ctx, memory, 65_500, 1000, 1, 2000)),
            Err(Errno::Fault)
        );
        guest.put(8, &[9]);
        assert_eq!(
            guest.call(|ctx, memory| poll_oneoff(ctx, memory, 0, 1000, 1, 2000)),
            Err(Errno::Inval)
        );
    }
}
