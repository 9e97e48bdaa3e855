//! The capability sandbox: every guest path is resolved by the kernel below
//! a directory descriptor the guest holds.
//!
//! Resolution uses `openat2(2)` with `RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS`
//! (Linux ≥ 5.6): the kernel refuses absolute paths, `..` above the starting
//! directory and symbolic links (absolute, relative, chained, anywhere in the
//! path) that would leave it, with `EXDEV`, which the guest sees as
//! `ENOTCAPABLE`. Operations on a last component (unlink, rename, mkdir,
//! link, symlink, readlink, stat without following) run relative to the
//! parent directory resolved that way, with flags that never follow a
//! symbolic link in the last component; a last component of `.` or `..` is
//! resolved whole instead, so it never names something above the parent.

use crate::errno::{Errno, WasiResult};
use std::ffi::CString;
use std::os::fd::{AsFd, AsRawFd, BorrowedFd, FromRawFd, OwnedFd};

const RESOLVE_NO_MAGICLINKS: u64 = 0x02;
const RESOLVE_BENEATH: u64 = 0x08;

/// `struct open_how` of `openat2(2)`.
#[repr(C)]
struct OpenHow {
    flags: u64,
    mode: u64,
    resolve: u64,
}

/// Opens `path` below `dir` with `open(2)` `flags` and `mode`; the kernel keeps the whole
/// resolution (symbolic links included) below `dir`.
pub(crate) fn open_beneath(
    dir: BorrowedFd<'_>,
    path: &str,
    flags: i32,
    mode: u32,
) -> WasiResult<OwnedFd> {
    if path.is_empty() {
        return Err(Errno::NoEnt);
    }
    let c_path = CString::new(path).map_err(|_| Errno::Inval)?;
    let how = OpenHow {
        flags: (flags | libc::O_CLOEXEC) as u32 as u64,
        mode: if flags & libc::O_CREAT != 0 || flags & libc::O_TMPFILE == libc::O_TMPFILE {
            u64::from(mode)
        } else {
            0
        },
        resolve: RESOLVE_BENEATH | RESOLVE_NO_MAGICLINKS,
    };
    loop {
        // SAFETY: `c_path` is NUL-terminated, `how` is a valid `open_how` whose size we pass,
        // and `dir` is an open descriptor for the duration of the call.
        let fd = unsafe {
            libc::syscall(
                libc::SYS_openat2,
                dir.as_raw_fd(),
                c_path.as_ptr(),
                &how as *const OpenHow,
                std::mem::size_of::<OpenHow>(),
            )
        };
        if fd >= 0 {
            // SAFETY: the kernel returned a new descriptor that nothing else owns.
            return Ok(unsafe { OwnedFd::from_raw_fd(fd as i32) });
        }
        match std::io::Error::last_os_error().raw_os_error() {
            // A concurrent rename below `dir`: the kernel asks to retry.
            Some(libc::EAGAIN) | Some(libc::EINTR) => continue,
            Some(libc::EXDEV) => return Err(Errno::NotCapable),
            Some(code) => return Err(Errno::from_host(code)),
            None => return Err(Errno::Io),
        }
    }
}

/// Opens the directory `path` below `dir` for use as the `dirfd` of `*at` calls.
fn open_dir_beneath(dir: BorrowedFd<'_>, path: &str) -> WasiResult<OwnedFd> {
    open_beneath(dir, path, libc::O_PATH | libc::O_DIRECTORY, 0)
}

/// A path split for an operation on its last component.
struct Split<'p> {
    /// Everything before the last component (`""` for none).
    parent: &'p str,
    /// The last component, without trailing slashes.
    name: &'p str,
    /// Whether the path ended in `/` (the last component must be a directory).
    trailing_slash: bool,
}

fn split(path: &str) -> WasiResult<Split<'_>> {
    if path.is_empty() {
        return Err(Errno::NoEnt);
    }
    if path.starts_with('/') {
        return Err(Errno::NotCapable);
    }
    let trimmed = path.trim_end_matches('/');
    let (parent, name) = match trimmed.rfind('/') {
        Some(at) => (&trimmed[..at], &trimmed[at + 1..]),
        None => ("", trimmed),
    };
    Ok(Split {
        parent,
        name,
        trailing_slash: trimmed.len() != path.len(),
    })
}

/// The last component of a path, ready for an `*at` call relative to `dir`.
pub(crate) struct Entry {
    /// The directory the name is relative to (resolved below the guest's directory).
    pub dir: OwnedFd,
    /// The name (`""` with [`Entry::at_flags`] `AT_EMPTY_PATH` for `dir` itself).
    pub name: CString,
    /// `AT_EMPTY_PATH` when `name` is empty, else 0.
    pub at_flags: i32,
}

impl Entry {
    fn whole(dir: OwnedFd) -> Entry {
        Entry {
            dir,
            name: CString::default(),
            at_flags: libc::AT_EMPTY_PATH,
        }
    }

    fn named(dir: OwnedFd, name: &str) -> WasiResult<Entry> {
        Ok(Entry {
            dir,
            name: CString::new(name).map_err(|_| Errno::Inval)?,
            at_flags: 0,
        })
    }

    /// `lstat` of the entry.
    pub(crate) fn lstat(&self) -> WasiResult<libc::stat> {
        crate::fs::fstatat(
            self.dir.as_fd(),
            &self.name,
            self.at_flags | libc::AT_SYMLINK_NOFOLLOW,
        )
    }
}

/// Resolves `path` below `dir` for reading its metadata or link: with `follow`, a symbolic
/// link in the last component is followed (below `dir` only); without, the entry itself.
pub(crate) fn locate(dir: BorrowedFd<'_>, path: &str, follow: bool) -> WasiResult<Entry> {
    let parts = split(path)?;
    if follow || is_dot(parts.name) {
        return Ok(Entry::whole(open_beneath(dir, path, libc::O_PATH, 0)?));
    }
    let parent = open_dir_beneath(dir, or_dot(parts.parent))?;
    let entry = Entry::named(parent, parts.name)?;
    if parts.trailing_slash {
        // A trailing slash makes the kernel follow a link in the last component: let
        // `openat2` do it, so that it stays below `dir`.
        let stat = entry.lstat()?;
        if stat.st_mode & libc::S_IFMT == libc::S_IFLNK {
            return Ok(Entry::whole(open_beneath(dir, path, libc::O_PATH, 0)?));
        }
        return Entry::named(entry.dir, &format!("{}/", parts.name));
    }
    Ok(entry)
}

/// Resolves `path` below `dir` for a change to its last component (create, remove,
/// rename, link): the parent is resolved below `dir`, the last component is never followed.
pub(crate) fn locate_for_change(dir: BorrowedFd<'_>, path: &str) -> WasiResult<Entry> {
    let parts = split(path)?;
    if is_dot(parts.name) {
        // `x/..` or `x/.`: the kernel refuses to create or remove a dot entry; resolving the
        // whole path first keeps even that attempt below `dir`.
        let whole = open_dir_beneath(dir, path)?;
        return Entry::named(whole, ".");
    }
    let parent = open_dir_beneath(dir, or_dot(parts.parent))?;
    if !parts.trailing_slash {
        return Entry::named(parent, parts.name);
    }
    let entry = Entry::named(parent, parts.name)?;
    match entry.lstat() {
        Ok(stat) if stat.st_mode & libc::S_IFMT == libc::S_IFLNK => Err(Errno::NotDir),
        Ok(_) | Err(Errno::NoEnt) => Entry::named(entry.dir, &format!("{}/", parts.name)),
        Err(errno) => Err(errno),
    }
}

fn is_dot(name: &str) -> bool {
    name == "." || name == ".." || name.is_empty()
}

fn or_dot(path: &str) -> &str {
    if path.is_empty() {
        "."
    } else {
        path
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn split_keeps_the_last_component() {
        let s = split("a/b/c").unwrap();
        assert_eq!((s.parent, s.name, s.trailing_slash), ("a/b", "c", false));
        let s = split("c//").unwrap();
        assert_eq!((s.parent, s.name, s.trailing_slash), ("", "c", true));
        assert_eq!(split("").err(), Some(Errno::NoEnt));
        assert_eq!(split("/etc").err(), Some(Errno::NotCapable));
    }
}
