//! The guest's file-descriptor table: numbers → descriptors with their rights.

use crate::abi::{filetype, rights};
use crate::errno::{Errno, WasiResult};
use crate::stdio::Stream;
use crate::DirPerms;
use std::collections::BTreeMap;
use std::fs::File;
use std::os::fd::{AsFd, BorrowedFd, OwnedFd};

/// The most descriptors one guest may hold open (each is a host descriptor too: a guest
/// must not exhaust the host process's).
pub const MAX_FDS: usize = 1024;

/// The rights of one descriptor.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Rights {
    /// What this descriptor may do.
    pub base: u64,
    /// What descriptors opened through it may do at most.
    pub inheriting: u64,
}

/// One directory entry as `fd_readdir` returns it.
#[derive(Clone, Debug)]
pub(crate) struct DirEntry {
    pub name: Vec<u8>,
    pub ino: u64,
    pub filetype: u8,
}

/// An open directory.
pub(crate) struct Dir {
    pub fd: OwnedFd,
    /// The guest name of a preopen (`fd_prestat_*`), `None` for one the guest opened.
    pub preopen: Option<String>,
    pub perms: DirPerms,
    /// The listing `fd_readdir` serves cookies from; re-read at cookie 0.
    pub listing: Vec<DirEntry>,
}

/// What a descriptor refers to.
pub(crate) enum Kind {
    Stdio(Stream),
    File(File),
    Dir(Dir),
}

/// One entry of the table.
pub(crate) struct Descriptor {
    pub kind: Kind,
    pub rights: Rights,
    /// `fdflags` as the guest set them (the host file carries APPEND and NONBLOCK too).
    pub flags: u16,
}

impl Descriptor {
    /// Fails with `ENOTCAPABLE` unless this descriptor has every right in `needed`.
    pub(crate) fn require(&self, needed: u64) -> WasiResult<&Descriptor> {
        if self.rights.base & needed == needed {
            Ok(self)
        } else {
            Err(Errno::NotCapable)
        }
    }

    /// The open directory, or `ENOTDIR`.
    pub(crate) fn dir(&self) -> WasiResult<&Dir> {
        match &self.kind {
            Kind::Dir(dir) => Ok(dir),
            _ => Err(Errno::NotDir),
        }
    }

    /// The open regular file (or other non-directory host file), `EISDIR` for a directory,
    /// `EBADF` for a standard stream.
    pub(crate) fn file(&self) -> WasiResult<&File> {
        match &self.kind {
            Kind::File(file) => Ok(file),
            Kind::Dir(_) => Err(Errno::IsDir),
            Kind::Stdio(_) => Err(Errno::Badf),
        }
    }

    /// The host file descriptor, for files and directories.
    pub(crate) fn host_fd(&self) -> Option<BorrowedFd<'_>> {
        match &self.kind {
            Kind::File(file) => Some(file.as_fd()),
            Kind::Dir(dir) => Some(dir.fd.as_fd()),
            Kind::Stdio(_) => None,
        }
    }

    /// The WASI file type.
    pub(crate) fn filetype(&self) -> u8 {
        match &self.kind {
            Kind::Stdio(_) => filetype::CHARACTER_DEVICE,
            Kind::Dir(_) => filetype::DIRECTORY,
            Kind::File(file) => match file.metadata() {
                Ok(meta) => crate::fs::filetype_of(&meta),
                Err(_) => filetype::UNKNOWN,
            },
        }
    }

    /// A standard stream with the rights it always has.
    pub(crate) fn stdio(stream: Stream) -> Descriptor {
        let base = if stream == Stream::Stdin {
            rights::STDIN
        } else {
            rights::STDOUT
        };
        Descriptor {
            kind: Kind::Stdio(stream),
            rights: Rights {
                base,
                inheriting: 0,
            },
            flags: 0,
        }
    }
}

/// Descriptor numbers → descriptors.
#[derive(Default)]
pub(crate) struct FdTable {
    entries: BTreeMap<u32, Descriptor>,
}

impl FdTable {
    /// The descriptor `fd`, or `EBADF`.
    pub(crate) fn get(&self, fd: u32) -> WasiResult<&Descriptor> {
        self.entries.get(&fd).ok_or(Errno::Badf)
    }

    /// The descriptor `fd`, writable, or `EBADF`.
    pub(crate) fn get_mut(&mut self, fd: u32) -> WasiResult<&mut Descriptor> {
        self.entries.get_mut(&fd).ok_or(Errno::Badf)
    }

    /// Puts `descriptor` at the lowest free number; `EMFILE` when the table is full.
    pub(crate) fn push(&mut self, descriptor: Descriptor) -> WasiResult<u32> {
        if self.entries.len() >= MAX_FDS {
            return Err(Errno::Mfile);
        }
        let mut fd = 0;
        for &used in self.entries.keys() {
            if used != fd {
                break;
            }
            fd += 1;
        }
        self.entries.insert(fd, descriptor);
        Ok(fd)
    }

    /// Puts `descriptor` at `fd`, replacing (and closing) what was there.
    pub(crate) fn insert(&mut self, fd: u32, descriptor: Descriptor) {
        self.entries.insert(fd, descriptor);
    }

    /// Removes `fd`, or `EBADF`.
    pub(crate) fn remove(&mut self, fd: u32) -> WasiResult<Descriptor> {
        self.entries.remove(&fd).ok_or(Errno::Badf)
    }

    /// Moves `from` to `to` (both must be open), closing what was at `to`.
    pub(crate) fn renumber(&mut self, from: u32, to: u32) -> WasiResult {
        self.get(from)?;
        self.get(to)?;
        if from != to {
            let descriptor = self.remove(from)?;
            self.insert(to, descriptor);
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn push_takes_the_lowest_free_number() {
        let mut table = FdTable::default();
        assert_eq!(table.push(Descriptor::stdio(Stream::Stdin)), Ok(0));
        assert_eq!(table.push(Descriptor::stdio(Stream::Stdout)), Ok(1));
        assert_eq!(table.push(Descriptor::stdio(Stream::Stderr)), Ok(2));
        table.remove(1).unwrap();
        assert_eq!(table.push(Descriptor::stdio(Stream::Stdout)), Ok(1));
        assert_eq!(table.push(Descriptor::stdio(Stream::Stdout)), Ok(3));
    }

    #[test]
    fn a_full_table_is_emfile() {
        let mut table = FdTable::default();
        for fd in 0..MAX_FDS as u32 {
            assert_eq!(table.push(Descriptor::stdio(Stream::Stdin)), Ok(fd));
        }
        assert_eq!(
            table.push(Descriptor::stdio(Stream::Stdin)),
            Err(Errno::Mfile)
        );
    }

    #[test]
    fn renumber_needs_two_open_descriptors() {
        let mut table = FdTable::default();
        table.push(Descriptor::stdio(Stream::Stdin)).unwrap();
        table.push(Descriptor::stdio(Stream::Stdout)).unwrap();
        assert_eq!(table.renumber(0, 5).err(), Some(Errno::Badf));
        assert_eq!(table.renumber(0, 1), Ok(()));
        assert_eq!(table.get(0).err(), Some(Errno::Badf));
        assert!(table.get(1).is_ok());
        assert_eq!(table.remove(7).err(), Some(Errno::Badf));
    }
}
