//! Descriptor bookkeeping and metadata: `fd_close`, `fd_renumber`, `fd_fdstat_*`,
//! `fd_filestat_*`, `fd_prestat_*`, `fd_sync`, `fd_datasync`, `fd_advise`, `fd_allocate`.

use crate::abi::{advice, fdflags, rights, size, PREOPENTYPE_DIR};
use crate::errno::{Errno, WasiResult};
use crate::fs::{check, fstat, timespecs, write_filestat};
use crate::memory::GuestMemory;
use crate::table::Kind;
use crate::WasiCtx;
use std::os::fd::AsRawFd;

/// `fd_close(fd)`.
pub fn fd_close(ctx: &mut WasiCtx, fd: u32) -> WasiResult {
    ctx.table.remove(fd).map(drop)
}

/// `fd_renumber(from, to)`: moves `from` over `to` (both must be open).
pub fn fd_renumber(ctx: &mut WasiCtx, from: u32, to: u32) -> WasiResult {
    ctx.table.renumber(from, to)
}

/// The `fdflags` of a descriptor: the host file's, for files and directories.
fn fdflags_of(ctx: &WasiCtx, fd: u32) -> WasiResult<u16> {
    let descriptor = ctx.table.get(fd)?;
    let Some(host) = descriptor.host_fd() else {
        return Ok(descriptor.flags);
    };
    // SAFETY: F_GETFL on an open descriptor reads its status flags.
    let host_flags = check(unsafe { libc::fcntl(host.as_raw_fd(), libc::F_GETFL) })?;
    let mut flags = 0;
    for (host_bit, wasi_bit) in [
        (libc::O_APPEND, fdflags::APPEND),
        (libc::O_NONBLOCK, fdflags::NONBLOCK),
        (libc::O_DSYNC, fdflags::DSYNC),
        (libc::O_SYNC, fdflags::SYNC),
    ] {
        if host_flags & host_bit == host_bit {
            flags |= wasi_bit;
        }
    }
    if flags & fdflags::SYNC != 0 {
        // O_SYNC includes O_DSYNC's bit on Linux; report what was asked for.
        flags |= descriptor.flags & fdflags::RSYNC;
    }
    Ok(flags)
}

/// `fd_fdstat_get(fd, stat)`: file type, flags and rights (24 bytes).
pub fn fd_fdstat_get(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    stat: u32,
) -> WasiResult {
    let flags = fdflags_of(ctx, fd)?;
    let descriptor = ctx.table.get(fd)?;
    let mut record = [0u8; size::FDSTAT as usize];
    record[0] = descriptor.filetype(ctx);
    record[2..4].copy_from_slice(&flags.to_le_bytes());
    record[8..16].copy_from_slice(&descriptor.rights.base.to_le_bytes());
    record[16..24].copy_from_slice(&descriptor.rights.inheriting.to_le_bytes());
    memory.write(stat, &record)
}

/// `fd_fdstat_set_flags(fd, flags)`: APPEND and NONBLOCK can change; the sync flags cannot
/// after opening (`ENOTSUP`), as on Linux.
pub fn fd_fdstat_set_flags(ctx: &mut WasiCtx, fd: u32, flags: u32) -> WasiResult {
    let flags = u16::try_from(flags)
        .ok()
        .filter(|f| f & !fdflags::ALL == 0)
        .ok_or(Errno::Inval)?;
    let current = fdflags_of(ctx, fd)?;
    let descriptor = ctx.table.get_mut(fd)?;
    descriptor.require(rights::FD_FDSTAT_SET_FLAGS)?;
    let sync = fdflags::DSYNC | fdflags::RSYNC | fdflags::SYNC;
    if flags & sync != current & sync {
        return Err(Errno::NotSup);
    }
    if let Some(host) = descriptor.host_fd() {
        let raw = host.as_raw_fd();
        // SAFETY: F_GETFL/F_SETFL on an open descriptor.
        let mut host_flags = check(unsafe { libc::fcntl(raw, libc::F_GETFL) })?;
        host_flags &= !(libc::O_APPEND | libc::O_NONBLOCK);
        if flags & fdflags::APPEND != 0 {
            host_flags |= libc::O_APPEND;
        }
        if flags & fdflags::NONBLOCK != 0 {
            host_flags |= libc::O_NONBLOCK;
        }
        // SAFETY: as above.
        check(unsafe { libc::fcntl(raw, libc::F_SETFL, host_flags) })?;
    }
    descriptor.flags = flags;
    Ok(())
}

/// `fd_fdstat_set_rights(fd, base, inheriting)`: rights can only shrink (`ENOTCAPABLE`).
pub fn fd_fdstat_set_rights(ctx: &mut WasiCtx, fd: u32, base: u64, inheriting: u64) -> WasiResult {
    let descriptor = ctx.table.get_mut(fd)?;
    let current = descriptor.rights;
    if base & !current.base != 0 || inheriting & !current.inheriting != 0 {
        return Err(Errno::NotCapable);
    }
    descriptor.rights.base = base;
    descriptor.rights.inheriting = inheriting;
    Ok(())
}

/// `fd_filestat_get(fd, stat)`.
pub fn fd_filestat_get(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    stat: u32,
) -> WasiResult {
    let descriptor = ctx.table.get(fd)?.require(rights::FD_FILESTAT_GET)?;
    match descriptor.host_fd() {
        Some(host) => write_filestat(memory, stat, &fstat(host)?),
        None => {
            // A standard stream: its file type and nothing else to say.
            let mut record = [0u8; size::FILESTAT as usize];
            record[16] = descriptor.filetype(ctx);
            memory.write(stat, &record)
        }
    }
}

/// `fd_filestat_set_size(fd, size)`.
pub fn fd_filestat_set_size(ctx: &mut WasiCtx, fd: u32, size: u64) -> WasiResult {
    let file = ctx
        .table
        .get(fd)?
        .require(rights::FD_FILESTAT_SET_SIZE)?
        .file()?;
    if size > i64::MAX as u64 {
        return Err(Errno::Inval);
    }
    file.set_len(size).map_err(Errno::from)
}

/// `fd_filestat_set_times(fd, atim, mtim, fst_flags)`.
pub fn fd_filestat_set_times(
    ctx: &mut WasiCtx,
    fd: u32,
    atim: u64,
    mtim: u64,
    flags: u32,
) -> WasiResult {
    let times = timespecs(atim, mtim, u16::try_from(flags).map_err(|_| Errno::Inval)?)?;
    let descriptor = ctx.table.get(fd)?.require(rights::FD_FILESTAT_SET_TIMES)?;
    let host = descriptor.host_fd().ok_or(Errno::Badf)?;
    // SAFETY: `times` points to two timespecs; `host` is open.
    check(unsafe { libc::futimens(host.as_raw_fd(), times.as_ptr()) })?;
    Ok(())
}

/// `fd_prestat_get(fd, prestat)`: `{ tag: dir, name_len }` of a preopened directory.
pub fn fd_prestat_get(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    prestat: u32,
) -> WasiResult {
    let name = preopen_name(ctx, fd)?;
    let mut record = [0u8; size::PRESTAT as usize];
    record[0] = PREOPENTYPE_DIR;
    record[4..8].copy_from_slice(&(name.len() as u32).to_le_bytes());
    memory.write(prestat, &record)
}

/// `fd_prestat_dir_name(fd, path, path_len)`: `EINVAL` if the buffer is too short.
pub fn fd_prestat_dir_name(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
) -> WasiResult {
    let name = preopen_name(ctx, fd)?;
    if (path_len as usize) < name.len() {
        return Err(Errno::Inval);
    }
    memory.write(path, name.as_bytes())
}

fn preopen_name(ctx: &WasiCtx, fd: u32) -> WasiResult<&str> {
    match &ctx.table.get(fd)?.kind {
        Kind::Dir(dir) => dir.preopen.as_deref().ok_or(Errno::Badf),
        _ => Err(Errno::Badf),
    }
}

/// `fd_sync(fd)`.
pub fn fd_sync(ctx: &mut WasiCtx, fd: u32) -> WasiResult {
    sync(ctx, fd, rights::FD_SYNC, libc::fsync)
}

/// `fd_datasync(fd)`.
pub fn fd_datasync(ctx: &mut WasiCtx, fd: u32) -> WasiResult {
    sync(ctx, fd, rights::FD_DATASYNC, libc::fdatasync)
}

fn sync(
    ctx: &mut WasiCtx,
    fd: u32,
    right: u64,
    call: unsafe extern "C" fn(i32) -> i32,
) -> WasiResult {
    let descriptor = ctx.table.get(fd)?.require(right)?;
    match descriptor.host_fd() {
        // SAFETY: fsync/fdatasync on an open descriptor.
        Some(host) => check(unsafe { call(host.as_raw_fd()) }).map(drop),
        None => match descriptor.kind {
            Kind::Stdio(stream) => ctx.output(stream).map_or(Ok(()), |output| output.flush()),
            _ => Ok(()),
        },
    }
}

/// `fd_advise(fd, offset, len, advice)`.
pub fn fd_advise(ctx: &mut WasiCtx, fd: u32, offset: u64, len: u64, advice: u32) -> WasiResult {
    let host_advice = match u8::try_from(advice).map_err(|_| Errno::Inval)? {
        advice::NORMAL => libc::POSIX_FADV_NORMAL,
        1 => libc::POSIX_FADV_SEQUENTIAL,
        2 => libc::POSIX_FADV_RANDOM,
        3 => libc::POSIX_FADV_WILLNEED,
        4 => libc::POSIX_FADV_DONTNEED,
        advice::NOREUSE => libc::POSIX_FADV_NOREUSE,
        _ => return Err(Errno::Inval),
    };
    let file = ctx.table.get(fd)?.require(rights::FD_ADVISE)?.file()?;
    let (offset, len) = (
        i64::try_from(offset).map_err(|_| Errno::Inval)?,
        i64::try_from(len).map_err(|_| Errno::Inval)?,
    );
    // SAFETY: posix_fadvise on an open descriptor; it returns an error number.
    match unsafe { libc::posix_fadvise(file.as_raw_fd(), offset, len, host_advice) } {
        0 => Ok(()),
        code => Err(Errno::from_host(code)),
    }
}

/// `fd_allocate(fd, offset, len)`: makes the file at least `offset + len` bytes long.
pub fn fd_allocate(ctx: &mut WasiCtx, fd: u32, offset: u64, len: u64) -> WasiResult {
    let file = ctx.table.get(fd)?.require(rights::FD_ALLOCATE)?.file()?;
    let (offset, len) = (
        i64::try_from(offset).map_err(|_| Errno::Inval)?,
        i64::try_from(len).map_err(|_| Errno::Inval)?,
    );
    offset.checked_add(len).ok_or(Errno::Fbig)?;
    // SAFETY: posix_fallocate on an open descriptor; it returns an error number.
    match unsafe { libc::posix_fallocate(file.as_raw_fd(), offset, len) } {
        0 => Ok(()),
        code => Err(Errno::from_host(code)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::abi::filetype;
    use crate::syscalls::test_support::Guest;

    #[test]
    fn stdio_fdstat_and_rights_only_shrink() {
        let mut guest = Guest::new(WasiCtx::builder().build());
        guest
            .call(|ctx, memory| fd_fdstat_get(ctx, memory, 1, 0))
            .unwrap();
        // Not inherited from a terminal: wasi-libc's isatty says 0.
        assert_eq!(guest.bytes(0, 1)[0], filetype::UNKNOWN);
        assert_eq!(guest.u64(8) & rights::FD_WRITE, rights::FD_WRITE);
        assert_eq!(
            fd_fdstat_set_rights(&mut guest.ctx, 1, rights::FD_READ, 0),
            Err(Errno::NotCapable)
        );
        assert_eq!(fd_fdstat_set_rights(&mut guest.ctx, 1, 0, 0), Ok(()));
        guest
            .call(|ctx, memory| fd_fdstat_get(ctx, memory, 1, 0))
            .unwrap();
        assert_eq!(guest.u64(8), 0);
        assert_eq!(
            fd_fdstat_set_flags(&mut guest.ctx, 1, 0),
            Err(Errno::NotCapable)
        );
        assert_eq!(
            fd_fdstat_set_flags(&mut guest.ctx, 2, 1 << 9),
            Err(Errno::Inval)
        );
    }

    #[test]
    fn close_and_renumber() {
        let mut guest = Guest::new(WasiCtx::builder().build());
        assert_eq!(fd_renumber(&mut guest.ctx, 2, 1), Ok(()));
        assert_eq!(fd_close(&mut guest.ctx, 2), Err(Errno::Badf));
        assert_eq!(fd_close(&mut guest.ctx, 1), Ok(()));
        assert_eq!(fd_close(&mut guest.ctx, 1), Err(Errno::Badf));
        assert_eq!(
            guest.call(|ctx, memory| fd_prestat_get(ctx, memory, 0, 0)),
            Err(Errno::Badf)
        );
        assert_eq!(
            guest.call(|ctx, memory| fd_prestat_get(ctx, memory, 3, 0)),
            Err(Errno::Badf)
        );
    }
}
