//! `path_open`: a new descriptor for a path below a directory descriptor.

use crate::abi::{fdflags, lookupflags, oflags, rights};
use crate::errno::{Errno, WasiResult};
use crate::fs::fstat;
use crate::memory::GuestMemory;
use crate::sandbox::open_beneath;
use crate::table::{Descriptor, Dir, Kind, Rights};
use crate::{DirPerms, WasiCtx};
use std::os::fd::AsFd;

/// `path_open(dirfd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags, fd)`.
///
/// The new descriptor's rights are the requested ones that the directory may hand on
/// (and that fit its type); it is opened for reading and/or writing as those rights say.
pub fn path_open(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    dirfd: u32,
    dirflags: u32,
    path: u32,
    path_len: u32,
    open_flags: u32,
    rights_base: u64,
    rights_inheriting: u64,
    fd_flags: u32,
    opened: u32,
) -> WasiResult {
    let path = memory.path(path, path_len)?;
    memory.slice(opened, 4)?;
    let open_flags = u16::try_from(open_flags)
        .ok()
        .filter(|f| f & !oflags::ALL == 0)
        .ok_or(Errno::Inval)?;
    let fd_flags = u16::try_from(fd_flags)
        .ok()
        .filter(|f| f & !fdflags::ALL == 0)
        .ok_or(Errno::Inval)?;
    let descriptor = ctx.table.get(dirfd)?;
    let dir = descriptor.dir()?;
    let mut needed = rights::PATH_OPEN;
    if open_flags & oflags::CREAT != 0 {
        needed |= rights::PATH_CREATE_FILE;
    }
    if open_flags & oflags::TRUNC != 0 {
        needed |= rights::PATH_FILESTAT_SET_SIZE;
    }
    descriptor.require(needed)?;
    let granted = descriptor.rights.inheriting;
    let base = rights_base & granted;
    let read = base & rights::READING != 0;
    // A directory is never opened for writing unless `fd_write` itself is asked for (which
    // then fails with EISDIR, as it should); the other writing rights are harmless on one.
    let writing = if open_flags & oflags::DIRECTORY != 0 {
        rights::FD_WRITE
    } else {
        rights::WRITING
    };
    let write = base & writing != 0;
    let perms = dir.perms;
    if perms == DirPerms::ReadOnly && (write || open_flags & (oflags::CREAT | oflags::TRUNC) != 0) {
        // The rights of a read-only preopen never allow this; refuse even if they did.
        return Err(Errno::NotCapable);
    }

    let mut flags = libc::O_NOCTTY;
    flags |= match (read, write) {
        (_, false) => libc::O_RDONLY,
        (false, true) => libc::O_WRONLY,
        (true, true) => libc::O_RDWR,
    };
    for (wasi, host) in [
        (oflags::CREAT, libc::O_CREAT),
        (oflags::DIRECTORY, libc::O_DIRECTORY),
        (oflags::EXCL, libc::O_EXCL),
        (oflags::TRUNC, libc::O_TRUNC),
    ] {
        if open_flags & wasi != 0 {
            flags |= host;
        }
    }
    for (wasi, host) in [
        (fdflags::APPEND, libc::O_APPEND),
        (fdflags::DSYNC, libc::O_DSYNC),
        (fdflags::NONBLOCK, libc::O_NONBLOCK),
        (fdflags::RSYNC, libc::O_RSYNC),
        (fdflags::SYNC, libc::O_SYNC),
    ] {
        if fd_flags & wasi != 0 {
            flags |= host;
        }
    }
    if dirflags & lookupflags::SYMLINK_FOLLOW == 0 {
        flags |= libc::O_NOFOLLOW;
    }
    let fd = match open_beneath(dir.fd.as_fd(), &path, flags, 0o666) {
        // A directory opened with writing rights other than `fd_write`: open it for reading.
        Err(Errno::IsDir) if write && base & rights::FD_WRITE == 0 => open_beneath(
            dir.fd.as_fd(),
            &path,
            flags & !libc::O_ACCMODE | libc::O_RDONLY,
            0o666,
        )?,
        other => other?,
    };
    let is_dir = fstat(fd.as_fd())?.st_mode & libc::S_IFMT == libc::S_IFDIR;
    let (kind, type_rights) = if is_dir {
        (
            Kind::Dir(Dir {
                fd,
                preopen: None,
                perms,
                listing: Vec::new(),
            }),
            rights::DIRECTORY,
        )
    } else {
        (Kind::File(fd.into()), rights::FILE)
    };
    let rights = Rights {
        base: base & type_rights,
        inheriting: rights_inheriting & granted,
    };
    let new_fd = ctx.table.push(Descriptor {
        kind,
        rights,
        flags: fd_flags,
    })?;
    memory.write_u32(opened, new_fd)
}
