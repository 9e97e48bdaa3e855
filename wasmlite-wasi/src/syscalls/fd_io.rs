//! `fd_read`, `fd_write`, `fd_pread`, `fd_pwrite`, `fd_seek`, `fd_tell`.

use crate::abi::{rights, whence};
use crate::errno::{Errno, WasiResult};
use crate::memory::{total_len, GuestMemory, GuestSlice};
use crate::stdio::Stream;
use crate::table::Kind;
use crate::WasiCtx;
use std::fs::File;
use std::io::{Read, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;

/// Retries an I/O call interrupted by a signal.
fn retry<T>(mut op: impl FnMut() -> std::io::Result<T>) -> WasiResult<T> {
    loop {
        match op() {
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            other => return other.map_err(Errno::from),
        }
    }
}

/// Which stream a descriptor is, if it is one (after checking `needed` rights).
fn stream_of(ctx: &WasiCtx, fd: u32, needed: u64) -> WasiResult<Option<Stream>> {
    let descriptor = ctx.table.get(fd)?.require(needed)?;
    Ok(match descriptor.kind {
        Kind::Stdio(stream) => Some(stream),
        _ => None,
    })
}

/// Runs `op` on each guest buffer in order (with the bytes moved so far) until one is not
/// filled or drained completely, as `readv`/`writev` do; returns the bytes moved.
fn each_slice(
    slices: &[GuestSlice],
    mut op: impl FnMut(GuestSlice, u64) -> WasiResult<usize>,
) -> WasiResult<u32> {
    let mut moved = 0u64;
    for &slice in slices {
        let n = op(slice, moved)?;
        moved += n as u64;
        if n < slice.len as usize {
            break;
        }
    }
    // The iovecs' total length fits a u32 (checked when they were read).
    Ok(moved as u32)
}

/// The file behind `fd` for a positioned operation: `ESPIPE` for a standard stream.
fn seekable(ctx: &WasiCtx, fd: u32, needed: u64) -> WasiResult<&File> {
    let descriptor = ctx.table.get(fd)?.require(needed)?;
    match descriptor.kind {
        Kind::Stdio(_) => Err(Errno::Spipe),
        _ => descriptor.file(),
    }
}

/// The position `done` bytes after `offset`, or `EINVAL` past the largest file offset.
fn position(offset: u64, done: u64) -> WasiResult<u64> {
    offset
        .checked_add(done)
        .filter(|&at| at <= i64::MAX as u64)
        .ok_or(Errno::Inval)
}

/// `fd_read(fd, iovs, iovs_len, nread)`.
pub fn fd_read(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    nread: u32,
) -> WasiResult {
    let slices = memory.iovecs(iovs, iovs_len)?;
    let read = match stream_of(ctx, fd, rights::FD_READ)? {
        Some(Stream::Stdin) => {
            let data = ctx.stdin.read(total_len(&slices))?;
            memory.scatter(&slices, &data)? as u32
        }
        Some(_) => return Err(Errno::Badf),
        None => {
            let mut file = ctx.table.get(fd)?.file()?;
            each_slice(&slices, |slice, _| {
                let buf = memory.slice_mut(slice.ptr, slice.len)?;
                retry(|| file.read(buf))
            })?
        }
    };
    memory.write_u32(nread, read)
}

/// `fd_write(fd, iovs, iovs_len, nwritten)`.
pub fn fd_write(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    nwritten: u32,
) -> WasiResult {
    let slices = memory.iovecs(iovs, iovs_len)?;
    let written = match stream_of(ctx, fd, rights::FD_WRITE)? {
        Some(stream) => {
            let output = ctx.output(stream).ok_or(Errno::Badf)?;
            // One buffer (the common case) is written as it is, without a copy.
            let written = match slices.as_slice() {
                [one] => output.write(memory.slice(one.ptr, one.len)?)?,
                _ => output.write(&memory.gather(&slices)?)?,
            };
            written as u32
        }
        None => {
            let mut file = ctx.table.get(fd)?.file()?;
            each_slice(&slices, |slice, _| {
                let buf = memory.slice(slice.ptr, slice.len)?;
                retry(|| file.write(buf))
            })?
        }
    };
    memory.write_u32(nwritten, written)
}

/// `fd_pread(fd, iovs, iovs_len, offset, nread)`: reads at `offset`, the position unchanged.
pub fn fd_pread(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: u64,
    nread: u32,
) -> WasiResult {
    let slices = memory.iovecs(iovs, iovs_len)?;
    let file = seekable(ctx, fd, rights::FD_READ | rights::FD_SEEK)?;
    let read = each_slice(&slices, |slice, done| {
        let at = position(offset, done)?;
        let buf = memory.slice_mut(slice.ptr, slice.len)?;
        retry(|| file.read_at(buf, at))
    })?;
    memory.write_u32(nread, read)
}

/// `fd_pwrite(fd, iovs, iovs_len, offset, nwritten)`: writes at `offset`, the position
/// unchanged (Linux appends instead when the file was opened with `APPEND`).
pub fn fd_pwrite(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    iovs: u32,
    iovs_len: u32,
    offset: u64,
    nwritten: u32,
) -> WasiResult {
    let slices = memory.iovecs(iovs, iovs_len)?;
    let file = seekable(ctx, fd, rights::FD_WRITE | rights::FD_SEEK)?;
    let written = each_slice(&slices, |slice, done| {
        let at = position(offset, done)?;
        let buf = memory.slice(slice.ptr, slice.len)?;
        retry(|| file.write_at(buf, at))
    })?;
    memory.write_u32(nwritten, written)
}

/// `fd_seek(fd, offset, whence, newoffset)`.
pub fn fd_seek(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    offset: u64,
    whence: u32,
    newoffset: u32,
) -> WasiResult {
    let offset = offset as i64;
    // A seek that only reads the position may use `fd_tell` instead of `fd_seek`.
    let tell_only = whence == u32::from(whence::CUR) && offset == 0;
    let needed = if tell_only && ctx.table.get(fd)?.rights.base & rights::FD_TELL != 0 {
        rights::FD_TELL
    } else {
        rights::FD_SEEK
    };
    let mut file = seekable(ctx, fd, needed)?;
    let target = match u8::try_from(whence).map_err(|_| Errno::Inval)? {
        whence::SET => SeekFrom::Start(u64::try_from(offset).map_err(|_| Errno::Inval)?),
        whence::CUR => SeekFrom::Current(offset),
        whence::END => SeekFrom::End(offset),
        _ => return Err(Errno::Inval),
    };
    let position = retry(|| file.seek(target))?;
    memory.write_u64(newoffset, position)
}

/// `fd_tell(fd, offset)`.
pub fn fd_tell(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    offset: u32,
) -> WasiResult {
    let mut file = seekable(ctx, fd, rights::FD_TELL)?;
    let position = retry(|| file.stream_position())?;
    memory.write_u64(offset, position)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syscalls::test_support::Guest;

    #[test]
    fn stdout_is_captured_from_iovecs() {
        let mut guest = Guest::new(WasiCtx::builder().capture_stdout().build());
        guest.put(100, b"hello, world");
        guest.iovec(0, 100, 5);
        guest.iovec(8, 105, 7);
        guest
            .call(|ctx, memory| fd_write(ctx, memory, 1, 0, 2, 16))
            .unwrap();
        assert_eq!(guest.u32(16), 12);
        assert_eq!(guest.ctx.take_stdout(), b"hello, world");
        assert_eq!(guest.ctx.take_stdout(), b"");
    }

    #[test]
    fn stdin_bytes_are_read_once() {
        let mut guest = Guest::new(WasiCtx::builder().stdin_bytes(b"abcdef".to_vec()).build());
        guest.iovec(0, 100, 4);
        guest
            .call(|ctx, memory| fd_read(ctx, memory, 0, 0, 1, 16))
            .unwrap();
        assert_eq!((guest.u32(16), guest.bytes(100, 4)), (4, &b"abcd"[..]));
        guest
            .call(|ctx, memory| fd_read(ctx, memory, 0, 0, 1, 16))
            .unwrap();
        assert_eq!((guest.u32(16), guest.bytes(100, 2)), (2, &b"ef"[..]));
        guest
            .call(|ctx, memory| fd_read(ctx, memory, 0, 0, 1, 16))
            .unwrap();
        assert_eq!(guest.u32(16), 0);
    }

    #[test]
    fn wrong_streams_bad_fds_and_bad_iovecs_are_errors() {
        let mut guest = Guest::new(WasiCtx::builder().build());
        guest.iovec(0, 100, 4);
        assert_eq!(
            guest.call(|ctx, memory| fd_write(ctx, memory, 0, 0, 1, 16)),
            Err(Errno::NotCapable)
        );
        assert_eq!(
            guest.call(|ctx, memory| fd_read(ctx, memory, 1, 0, 1, 16)),
            Err(Errno::NotCapable)
        );
        assert_eq!(
            guest.call(|ctx, memory| fd_write(ctx, memory, 9, 0, 1, 16)),
            Err(Errno::Badf)
        );
        assert_eq!(
            guest.call(|ctx, memory| fd_seek(ctx, memory, 1, 0, 0, 16)),
            Err(Errno::NotCapable)
        );
        guest.iovec(0, 65_530, 100);
        assert_eq!(
            guest.call(|ctx, memory| fd_write(ctx, memory, 1, 0, 1, 16)),
            Err(Errno::Fault)
        );
        assert_eq!(
            guest.call(|ctx, memory| fd_write(ctx, memory, 1, 0, 5000, 16)),
            Err(Errno::Inval)
        );
        assert_eq!(
            guest.call(|ctx, memory| fd_write(ctx, memory, 1, 65_532, 1, 16)),
            Err(Errno::Fault)
        );
    }
}
