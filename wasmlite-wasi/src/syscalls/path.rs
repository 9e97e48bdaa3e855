//! The `path_*` calls other than `path_open`: directories, links, renames, metadata.

use crate::abi::{lookupflags, rights};
use crate::errno::{Errno, WasiResult};
use crate::fs::{check, fstatat, timespecs, utimensat, write_filestat};
use crate::memory::GuestMemory;
use crate::sandbox::{locate, locate_for_change, Entry};
use crate::WasiCtx;
use std::ffi::CString;
use std::os::fd::{AsFd, AsRawFd, OwnedFd};

/// The directory `fd` (checked for `needed` rights) as an owned duplicate, so that the
/// table is free while the call runs.
fn dir_fd(ctx: &WasiCtx, fd: u32, needed: u64) -> WasiResult<OwnedFd> {
    let descriptor = ctx.table.get(fd)?;
    let dir = descriptor.dir()?;
    descriptor.require(needed)?;
    dir.fd.try_clone().map_err(Errno::from)
}

fn follows(flags: u32) -> bool {
    flags & lookupflags::SYMLINK_FOLLOW != 0
}

/// `path_create_directory(fd, path, path_len)`.
pub fn path_create_directory(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
) -> WasiResult {
    let path = memory.path(path, path_len)?;
    let dir = dir_fd(ctx, fd, rights::PATH_CREATE_DIRECTORY)?;
    let entry = locate_for_change(dir.as_fd(), &path)?;
    // SAFETY: the name is NUL-terminated and the directory open.
    check(unsafe { libc::mkdirat(entry.dir.as_raw_fd(), entry.name.as_ptr(), 0o777) }).map(drop)
}

/// `path_remove_directory(fd, path, path_len)`.
pub fn path_remove_directory(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
) -> WasiResult {
    let path = memory.path(path, path_len)?;
    let dir = dir_fd(ctx, fd, rights::PATH_REMOVE_DIRECTORY)?;
    let entry = locate_for_change(dir.as_fd(), &path)?;
    // SAFETY: as above.
    check(unsafe {
        libc::unlinkat(
            entry.dir.as_raw_fd(),
            entry.name.as_ptr(),
            libc::AT_REMOVEDIR,
        )
    })
    .map(drop)
}

/// `path_unlink_file(fd, path, path_len)`.
pub fn path_unlink_file(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
) -> WasiResult {
    let path = memory.path(path, path_len)?;
    let dir = dir_fd(ctx, fd, rights::PATH_UNLINK_FILE)?;
    let entry = locate_for_change(dir.as_fd(), &path)?;
    // SAFETY: as above.
    check(unsafe { libc::unlinkat(entry.dir.as_raw_fd(), entry.name.as_ptr(), 0) }).map(drop)
}

/// `path_rename(fd, old_path, old_path_len, new_fd, new_path, new_path_len)`.
pub fn path_rename(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    old_path: u32,
    old_len: u32,
    new_fd: u32,
    new_path: u32,
    new_len: u32,
) -> WasiResult {
    let (old_path, new_path) = (
        memory.path(old_path, old_len)?,
        memory.path(new_path, new_len)?,
    );
    let old_dir = dir_fd(ctx, fd, rights::PATH_RENAME_SOURCE)?;
    let new_dir = dir_fd(ctx, new_fd, rights::PATH_RENAME_TARGET)?;
    let from = locate_for_change(old_dir.as_fd(), &old_path)?;
    let to = locate_for_change(new_dir.as_fd(), &new_path)?;
    // SAFETY: names NUL-terminated, directories open.
    check(unsafe {
        libc::renameat(
            from.dir.as_raw_fd(),
            from.name.as_ptr(),
            to.dir.as_raw_fd(),
            to.name.as_ptr(),
        )
    })
    .map(drop)
}

/// `path_link(old_fd, old_flags, old_path, old_path_len, new_fd, new_path, new_path_len)`:
/// a hard link; with `SYMLINK_FOLLOW`, to the file a link in `old_path` names (below `old_fd`).
pub fn path_link(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    old_fd: u32,
    old_flags: u32,
    old_path: u32,
    old_len: u32,
    new_fd: u32,
    new_path: u32,
    new_len: u32,
) -> WasiResult {
    let (old_path, new_path) = (
        memory.path(old_path, old_len)?,
        memory.path(new_path, new_len)?,
    );
    let old_dir = dir_fd(ctx, old_fd, rights::PATH_LINK_SOURCE)?;
    let new_dir = dir_fd(ctx, new_fd, rights::PATH_LINK_TARGET)?;
    let from = if follows(old_flags) {
        locate(old_dir.as_fd(), &old_path, true)?
    } else {
        locate_for_change(old_dir.as_fd(), &old_path)?
    };
    let to = locate_for_change(new_dir.as_fd(), &new_path)?;
    link(&from, &to)
}

fn link(from: &Entry, to: &Entry) -> WasiResult {
    if from.at_flags & libc::AT_EMPTY_PATH != 0 {
        // A resolved `O_PATH` descriptor: link it through its /proc name, which needs no
        // privilege (unlike `AT_EMPTY_PATH`); it names exactly the file already resolved.
        let proc_path =
            CString::new(format!("/proc/self/fd/{}", from.dir.as_raw_fd())).expect("no NUL");
        // SAFETY: names NUL-terminated, directories open.
        return check(unsafe {
            libc::linkat(
                libc::AT_FDCWD,
                proc_path.as_ptr(),
                to.dir.as_raw_fd(),
                to.name.as_ptr(),
                libc::AT_SYMLINK_FOLLOW,
            )
        })
        .map(drop);
    }
    // SAFETY: as above; flags 0 never follows a link in the old path.
    check(unsafe {
        libc::linkat(
            from.dir.as_raw_fd(),
            from.name.as_ptr(),
            to.dir.as_raw_fd(),
            to.name.as_ptr(),
            0,
        )
    })
    .map(drop)
}

/// `path_symlink(old_path, old_path_len, fd, new_path, new_path_len)`: an absolute target is
/// refused (`ENOTCAPABLE`: it could never be followed); a relative one may point anywhere,
/// since resolution keeps every link inside the sandbox when it is followed.
pub fn path_symlink(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    old_path: u32,
    old_len: u32,
    fd: u32,
    new_path: u32,
    new_len: u32,
) -> WasiResult {
    let (target, new_path) = (
        memory.path(old_path, old_len)?,
        memory.path(new_path, new_len)?,
    );
    if target.starts_with('/') {
        return Err(Errno::NotCapable);
    }
    let dir = dir_fd(ctx, fd, rights::PATH_SYMLINK)?;
    let entry = locate_for_change(dir.as_fd(), &new_path)?;
    let target = CString::new(target).map_err(|_| Errno::Inval)?;
    // SAFETY: names NUL-terminated, directory open.
    check(unsafe { libc::symlinkat(target.as_ptr(), entry.dir.as_raw_fd(), entry.name.as_ptr()) })
        .map(drop)
}

/// `path_readlink(fd, path, path_len, buf, buf_len, bufused)`: the link's content, cut at `buf_len`.
pub fn path_readlink(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    path: u32,
    path_len: u32,
    buf: u32,
    buf_len: u32,
    bufused: u32,
) -> WasiResult {
    let path = memory.path(path, path_len)?;
    memory.slice(buf, buf_len)?;
    memory.slice(bufused, 4)?;
    let dir = dir_fd(ctx, fd, rights::PATH_READLINK)?;
    let entry = locate(dir.as_fd(), &path, false)?;
    let mut target = vec![0u8; 4096];
    // SAFETY: name NUL-terminated, `target` writable for its length.
    let n = unsafe {
        libc::readlinkat(
            entry.dir.as_raw_fd(),
            entry.name.as_ptr(),
            target.as_mut_ptr().cast(),
            target.len(),
        )
    };
    if n < 0 {
        return Err(Errno::last());
    }
    target.truncate(n as usize);
    target.truncate(buf_len as usize);
    memory.write(buf, &target)?;
    memory.write_u32(bufused, target.len() as u32)
}

/// `path_filestat_get(fd, flags, path, path_len, stat)`.
pub fn path_filestat_get(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
    path: u32,
    path_len: u32,
    stat: u32,
) -> WasiResult {
    let path = memory.path(path, path_len)?;
    let dir = dir_fd(ctx, fd, rights::PATH_FILESTAT_GET)?;
    let entry = locate(dir.as_fd(), &path, follows(flags))?;
    let host = fstatat(
        entry.dir.as_fd(),
        &entry.name,
        entry.at_flags | libc::AT_SYMLINK_NOFOLLOW,
    )?;
    write_filestat(memory, stat, &host)
}

/// `path_filestat_set_times(fd, flags, path, path_len, atim, mtim, fst_flags)`.
pub fn path_filestat_set_times(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    flags: u32,
    path: u32,
    path_len: u32,
    atim: u64,
    mtim: u64,
    fst_flags: u32,
) -> WasiResult {
    let path = memory.path(path, path_len)?;
    let times = timespecs(
        atim,
        mtim,
        u16::try_from(fst_flags).map_err(|_| Errno::Inval)?,
    )?;
    let dir = dir_fd(ctx, fd, rights::PATH_FILESTAT_SET_TIMES)?;
    let entry = locate(dir.as_fd(), &path, follows(flags))?;
    utimensat(
        entry.dir.as_fd(),
        &entry.name,
        &times,
        entry.at_flags | libc::AT_SYMLINK_NOFOLLOW,
    )
}
