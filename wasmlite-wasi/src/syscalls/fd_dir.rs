//! `fd_readdir`: directory entries with cookies.

use crate::abi::{filetype, rights};
use crate::errno::{Errno, WasiResult};
use crate::fs::{filetype_of_mode, fstatat};
use crate::memory::GuestMemory;
use crate::sandbox::open_beneath;
use crate::table::{DirEntry, Kind};
use crate::WasiCtx;
use std::ffi::{CStr, CString};
use std::os::fd::{AsFd, BorrowedFd, IntoRawFd};

/// The most entries one listing holds; a directory with more is `ENOMEM`... for the guest.
pub const MAX_ENTRIES: usize = 1 << 20;

/// Reads the whole of the directory `dir` (its `.` and `..` included).
fn list(dir: BorrowedFd<'_>) -> WasiResult<Vec<DirEntry>> {
    // A descriptor of its own, so that listing does not move `dir`'s position.
    let own = open_beneath(dir, ".", libc::O_RDONLY | libc::O_DIRECTORY, 0)?;
    // SAFETY: `fdopendir` takes ownership of the descriptor we release to it.
    let stream = unsafe { libc::fdopendir(own.into_raw_fd()) };
    if stream.is_null() {
        return Err(Errno::last());
    }
    let mut entries = Vec::new();
    let result = loop {
        // SAFETY: `stream` is an open directory stream; errno is reset to tell end from error.
        let entry = unsafe {
            *libc::__errno_location() = 0;
            libc::readdir64(stream)
        };
        if entry.is_null() {
            // SAFETY: reading the thread's errno.
            let code = unsafe { *libc::__errno_location() };
            break if code == 0 {
                Ok(())
            } else {
                Err(Errno::from_host(code))
            };
        }
        if entries.len() >= MAX_ENTRIES {
            break Err(Errno::NoMem);
        }
        // SAFETY: `entry` points to a dirent the stream owns until the next readdir.
        let (name, ino, d_type) = unsafe {
            (
                CStr::from_ptr((*entry).d_name.as_ptr()).to_bytes().to_vec(),
                (*entry).d_ino,
                (*entry).d_type,
            )
        };
        let filetype = match d_type {
            libc::DT_REG => filetype::REGULAR_FILE,
            libc::DT_DIR => filetype::DIRECTORY,
            libc::DT_LNK => filetype::SYMBOLIC_LINK,
            libc::DT_CHR => filetype::CHARACTER_DEVICE,
            libc::DT_BLK => filetype::BLOCK_DEVICE,
            libc::DT_SOCK => filetype::SOCKET_STREAM,
            _ => match CString::new(name.clone())
                .ok()
                .map(|c| fstatat(dir, &c, libc::AT_SYMLINK_NOFOLLOW))
            {
                Some(Ok(stat)) => filetype_of_mode(stat.st_mode),
                _ => filetype::UNKNOWN,
            },
        };
        entries.push(DirEntry {
            name,
            ino,
            filetype,
        });
    };
    // SAFETY: `stream` is open and closed once.
    unsafe { libc::closedir(stream) };
    result?;
    // `..` of a preopen is outside the sandbox: do not tell its inode.
    let parent_ino = open_beneath(dir, "..", libc::O_PATH, 0)
        .and_then(|parent| crate::fs::fstat(parent.as_fd()))
        .map_or(0, |stat| stat.st_ino);
    for entry in &mut entries {
        if entry.name == b".." {
            entry.ino = parent_ino;
        }
    }
    Ok(entries)
}

/// `fd_readdir(fd, buf, buf_len, cookie, bufused)`: entries from `cookie` on, each a 24-byte
/// `dirent` and its name; the last one cut at `buf_len` (then `bufused == buf_len`).
pub fn fd_readdir(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    fd: u32,
    buf: u32,
    buf_len: u32,
    cookie: u64,
    bufused: u32,
) -> WasiResult {
    memory.slice(buf, buf_len)?;
    let descriptor = ctx.table.get_mut(fd)?;
    descriptor.require(rights::FD_READDIR)?;
    let Kind::Dir(dir) = &mut descriptor.kind else {
        return Err(Errno::NotDir);
    };
    if cookie == 0 || dir.listing.is_empty() {
        dir.listing = list(dir.fd.as_fd())?;
    }
    let mut out = Vec::new();
    let start = usize::try_from(cookie).unwrap_or(usize::MAX);
    for (index, entry) in dir.listing.iter().enumerate().skip(start) {
        if out.len() >= buf_len as usize {
            break;
        }
        out.extend_from_slice(&(index as u64 + 1).to_le_bytes());
        out.extend_from_slice(&entry.ino.to_le_bytes());
        out.extend_from_slice(&(entry.name.len() as u32).to_le_bytes());
        out.extend_from_slice(&[entry.filetype, 0, 0, 0]);
        out.extend_from_slice(&entry.name);
    }
    out.truncate(buf_len as usize);
    memory.write(buf, &out)?;
    memory.write_u32(bufused, out.len() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syscalls::test_support::Guest;
    use crate::DirPerms;

    fn read(guest: &mut Guest, cookie: u64, len: u32) -> Vec<(u64, String)> {
        guest
            .call(|ctx, memory| fd_readdir(ctx, memory, 3, 1000, len, cookie, 0))
            .unwrap();
        let used = guest.u32(0) as usize;
        let mut at = 1000;
        let mut out = Vec::new();
        while at + 24 <= 1000 + used {
            let namlen = guest.u32(at + 16) as usize;
            if at + 24 + namlen > 1000 + used {
                break;
            }
            out.push((
                guest.u64(at),
                String::from_utf8(guest.bytes(at + 24, namlen).to_vec()).unwrap(),
            ));
            at += 24 + namlen;
        }
        out
    }

    #[test]
    fn cookies_resume_and_small_buffers_cut_entries() {
        let dir = tempfile::tempdir().unwrap();
        for name in ["a", "b", "c"] {
            std::fs::write(dir.path().join(name), b"").unwrap();
        }
        let ctx = WasiCtx::builder()
            .preopen_dir(dir.path(), "/", DirPerms::ReadOnly)
            .unwrap()
            .build();
        let mut guest = Guest::new(ctx);
        let all = read(&mut guest, 0, 4096);
        let mut names: Vec<_> = all.iter().map(|(_, name)| name.clone()).collect();
        names.sort();
        assert_eq!(names, [".", "..", "a", "b", "c"]);
        let rest = read(&mut guest, all[1].0, 4096);
        assert_eq!(rest, all[2..]);
        // 30 bytes hold one whole entry and part of the next.
        assert_eq!(read(&mut guest, 0, 30).len(), 1);
        assert_eq!(guest.u32(0), 30);
        assert_eq!(
            guest.call(|ctx, memory| fd_readdir(ctx, memory, 3, 65_000, 4096, 0, 0)),
            Err(Errno::Fault)
        );
        assert_eq!(
            guest.call(|ctx, memory| fd_readdir(ctx, memory, 1, 0, 100, 0, 0)),
            Err(Errno::NotCapable)
        );
    }
}
