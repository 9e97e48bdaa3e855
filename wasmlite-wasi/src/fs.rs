//! Host file-system helpers: `stat` → `filestat`, times, `*at` calls on sandboxed entries.

use crate::abi::{filetype, fstflags};
use crate::errno::{Errno, WasiResult};
use crate::memory::GuestMemory;
use std::ffi::CStr;
use std::os::fd::{AsRawFd, BorrowedFd};

/// Turns a libc return value into a result (`-1` → the thread's errno).
pub(crate) fn check(ret: libc::c_int) -> WasiResult<libc::c_int> {
    if ret == -1 {
        Err(Errno::last())
    } else {
        Ok(ret)
    }
}

/// `fstatat(2)`.
pub(crate) fn fstatat(dir: BorrowedFd<'_>, name: &CStr, flags: i32) -> WasiResult<libc::stat> {
    // SAFETY: `stat` is plain old data; all-zero is a valid value.
    let mut stat: libc::stat = unsafe { std::mem::zeroed() };
    // SAFETY: `name` is NUL-terminated, `stat` is writable and `dir` is open.
    check(unsafe { libc::fstatat(dir.as_raw_fd(), name.as_ptr(), &mut stat, flags) })?;
    Ok(stat)
}

/// `fstat(2)`.
pub(crate) fn fstat(fd: BorrowedFd<'_>) -> WasiResult<libc::stat> {
    fstatat(fd, c"", libc::AT_EMPTY_PATH)
}

/// The WASI file type of a host `st_mode`.
pub(crate) fn filetype_of_mode(mode: libc::mode_t) -> u8 {
    match mode & libc::S_IFMT {
        libc::S_IFREG => filetype::REGULAR_FILE,
        libc::S_IFDIR => filetype::DIRECTORY,
        libc::S_IFLNK => filetype::SYMBOLIC_LINK,
        libc::S_IFCHR => filetype::CHARACTER_DEVICE,
        libc::S_IFBLK => filetype::BLOCK_DEVICE,
        libc::S_IFSOCK => filetype::SOCKET_STREAM,
        _ => filetype::UNKNOWN,
    }
}

/// The WASI file type of host metadata.
pub(crate) fn filetype_of(meta: &std::fs::Metadata) -> u8 {
    use std::os::unix::fs::MetadataExt;
    filetype_of_mode(meta.mode())
}

fn nanos(sec: i64, nsec: i64) -> u64 {
    (sec as u64)
        .wrapping_mul(1_000_000_000)
        .wrapping_add(nsec as u64)
}

/// Writes the 64-byte `filestat` of `stat` at `ptr`.
pub(crate) fn write_filestat(
    memory: &mut GuestMemory<'_>,
    ptr: u32,
    stat: &libc::stat,
) -> WasiResult {
    let mut record = [0u8; 64];
    record[0..8].copy_from_slice(&stat.st_dev.to_le_bytes());
    record[8..16].copy_from_slice(&stat.st_ino.to_le_bytes());
    record[16] = filetype_of_mode(stat.st_mode);
    #[allow(clippy::useless_conversion)] // `nlink_t` is `u32` on some Linux targets.
    let nlink = u64::from(stat.st_nlink);
    record[24..32].copy_from_slice(&nlink.to_le_bytes());
    record[32..40].copy_from_slice(&(stat.st_size as u64).to_le_bytes());
    record[40..48].copy_from_slice(&nanos(stat.st_atime, stat.st_atime_nsec).to_le_bytes());
    record[48..56].copy_from_slice(&nanos(stat.st_mtime, stat.st_mtime_nsec).to_le_bytes());
    record[56..64].copy_from_slice(&nanos(stat.st_ctime, stat.st_ctime_nsec).to_le_bytes());
    memory.write(ptr, &record)
}

/// The two `timespec`s `utimensat(2)` takes for WASI times and `fstflags`.
pub(crate) fn timespecs(atim: u64, mtim: u64, flags: u16) -> WasiResult<[libc::timespec; 2]> {
    let known = fstflags::ATIM | fstflags::ATIM_NOW | fstflags::MTIM | fstflags::MTIM_NOW;
    if flags & !known != 0
        || flags & (fstflags::ATIM | fstflags::ATIM_NOW) == fstflags::ATIM | fstflags::ATIM_NOW
        || flags & (fstflags::MTIM | fstflags::MTIM_NOW) == fstflags::MTIM | fstflags::MTIM_NOW
    {
        return Err(Errno::Inval);
    }
    let one = |time: u64, set: u16, now: u16| {
        if flags & now != 0 {
            libc::timespec {
                tv_sec: 0,
                tv_nsec: libc::UTIME_NOW,
            }
        } else if flags & set != 0 {
            libc::timespec {
                tv_sec: (time / 1_000_000_000) as i64,
                tv_nsec: (time % 1_000_000_000) as i64,
            }
        } else {
            libc::timespec {
                tv_sec: 0,
                tv_nsec: libc::UTIME_OMIT,
            }
        }
    };
    Ok([
        one(atim, fstflags::ATIM, fstflags::ATIM_NOW),
        one(mtim, fstflags::MTIM, fstflags::MTIM_NOW),
    ])
}

/// `utimensat(2)`.
pub(crate) fn utimensat(
    dir: BorrowedFd<'_>,
    name: &CStr,
    times: &[libc::timespec; 2],
    flags: i32,
) -> WasiResult {
    // SAFETY: `name` is NUL-terminated, `times` points to two timespecs, `dir` is open.
    check(unsafe { libc::utimensat(dir.as_raw_fd(), name.as_ptr(), times.as_ptr(), flags) })?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fstflags_are_validated() {
        assert_eq!(
            timespecs(0, 0, fstflags::ATIM | fstflags::ATIM_NOW).err(),
            Some(Errno::Inval)
        );
        assert_eq!(
            timespecs(0, 0, fstflags::MTIM | fstflags::MTIM_NOW).err(),
            Some(Errno::Inval)
        );
        assert_eq!(timespecs(0, 0, 1 << 7).err(), Some(Errno::Inval));
        let [atime, mtime] = timespecs(1_500_000_000, 0, fstflags::ATIM).unwrap();
        assert_eq!((atime.tv_sec, atime.tv_nsec), (1, 500_000_000));
        assert_eq!(mtime.tv_nsec, libc::UTIME_OMIT);
    }
}
