//! WASI error numbers (`errno`) and their mapping from host errors.

use std::io;

macro_rules! errnos {
    ($($name:ident = $value:literal, $host:ident, $doc:literal;)*) => {
        /// A WASI preview 1 error number, as the spec numbers it.
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
        #[repr(u16)]
        pub enum Errno {
            $(#[doc = $doc] $name = $value,)*
        }

        impl Errno {
            /// The WASI errno for a host (Linux) `errno` value; `EIO` for one WASI has no name for.
            pub fn from_host(code: i32) -> Errno {
                $(if code == libc::$host { return Errno::$name; })*
                Errno::Io
            }
        }
    };
}

errnos! {
    Success = 0, EXIT_SUCCESS, "No error occurred.";
    TooBig = 1, E2BIG, "Argument list too long.";
    Acces = 2, EACCES, "Permission denied.";
    AddrInUse = 3, EADDRINUSE, "Address in use.";
    AddrNotAvail = 4, EADDRNOTAVAIL, "Address not available.";
    AfNoSupport = 5, EAFNOSUPPORT, "Address family not supported.";
    Again = 6, EAGAIN, "Resource unavailable, or operation would block.";
    Already = 7, EALREADY, "Connection already in progress.";
    Badf = 8, EBADF, "Bad file descriptor.";
    BadMsg = 9, EBADMSG, "Bad message.";
    Busy = 10, EBUSY, "Device or resource busy.";
    Canceled = 11, ECANCELED, "Operation canceled.";
    Child = 12, ECHILD, "No child processes.";
    ConnAborted = 13, ECONNABORTED, "Connection aborted.";
    ConnRefused = 14, ECONNREFUSED, "Connection refused.";
    ConnReset = 15, ECONNRESET, "Connection reset.";
    Deadlk = 16, EDEADLK, "Resource deadlock would occur.";
    DestAddrReq = 17, EDESTADDRREQ, "Destination address required.";
    Dom = 18, EDOM, "Mathematics argument out of domain of function.";
    Dquot = 19, EDQUOT, "Reserved.";
    Exist = 20, EEXIST, "File exists.";
    Fault = 21, EFAULT, "Bad address.";
    Fbig = 22, EFBIG, "File too large.";
    HostUnreach = 23, EHOSTUNREACH, "Host is unreachable.";
    Idrm = 24, EIDRM, "Identifier removed.";
    Ilseq = 25, EILSEQ, "Illegal byte sequence.";
    InProgress = 26, EINPROGRESS, "Operation in progress.";
    Intr = 27, EINTR, "Interrupted function.";
    Inval = 28, EINVAL, "Invalid argument.";
    Io = 29, EIO, "I/O error.";
    IsConn = 30, EISCONN, "Socket is connected.";
    IsDir = 31, EISDIR, "Is a directory.";
    Loop = 32, ELOOP, "Too many levels of symbolic links.";
    Mfile = 33, EMFILE, "File descriptor value too large.";
    Mlink = 34, EMLINK, "Too many links.";
    MsgSize = 35, EMSGSIZE, "Message too large.";
    Multihop = 36, EMULTIHOP, "Reserved.";
    NameTooLong = 37, ENAMETOOLONG, "Filename too long.";
    NetDown = 38, ENETDOWN, "Network is down.";
    NetReset = 39, ENETRESET, "Connection aborted by network.";
    NetUnreach = 40, ENETUNREACH, "Network unreachable.";
    Nfile = 41, ENFILE, "Too many files open in system.";
    NoBufs = 42, ENOBUFS, "No buffer space available.";
    NoDev = 43, ENODEV, "No such device.";
    NoEnt = 44, ENOENT, "No such file or directory.";
    NoExec = 45, ENOEXEC, "Executable file format error.";
    NoLck = 46, ENOLCK, "No locks available.";
    NoLink = 47, ENOLINK, "Reserved.";
    NoMem = 48, ENOMEM, "Not enough space.";
    NoMsg = 49, ENOMSG, "No message of the desired type.";
    NoProtoOpt = 50, ENOPROTOOPT, "Protocol not available.";
    NoSpc = 51, ENOSPC, "No space left on device.";
    NoSys = 52, ENOSYS, "Function not supported.";
    NotConn = 53, ENOTCONN, "The socket is not connected.";
    NotDir = 54, ENOTDIR, "Not a directory or a symbolic link to a directory.";
    NotEmpty = 55, ENOTEMPTY, "Directory not empty.";
    NotRecoverable = 56, ENOTRECOVERABLE, "State not recoverable.";
    NotSock = 57, ENOTSOCK, "Not a socket.";
    NotSup = 58, EOPNOTSUPP, "Not supported, or operation not supported on socket.";
    NoTty = 59, ENOTTY, "Inappropriate I/O control operation.";
    Nxio = 60, ENXIO, "No such device or address.";
    Overflow = 61, EOVERFLOW, "Value too large to be stored in data type.";
    OwnerDead = 62, EOWNERDEAD, "Previous owner died.";
    Perm = 63, EPERM, "Operation not permitted.";
    Pipe = 64, EPIPE, "Broken pipe.";
    Proto = 65, EPROTO, "Protocol error.";
    ProtoNoSupport = 66, EPROTONOSUPPORT, "Protocol not supported.";
    ProtoType = 67, EPROTOTYPE, "Protocol wrong type for socket.";
    Range = 68, ERANGE, "Result too large.";
    Rofs = 69, EROFS, "Read-only file system.";
    Spipe = 70, ESPIPE, "Invalid seek.";
    Srch = 71, ESRCH, "No such process.";
    Stale = 72, ESTALE, "Reserved.";
    TimedOut = 73, ETIMEDOUT, "Connection timed out.";
    TxtBsy = 74, ETXTBSY, "Text file busy.";
    Xdev = 75, EXDEV, "Cross-device link.";
    NotCapable = 76, EXDEV, "Extension: capabilities insufficient (never from a host errno).";
}

impl Errno {
    /// The value the guest sees.
    pub fn raw(self) -> u16 {
        self as u16
    }

    /// The errno of the calling thread's last failed libc call.
    pub(crate) fn last() -> Errno {
        Errno::from(io::Error::last_os_error())
    }
}

impl From<io::Error> for Errno {
    fn from(error: io::Error) -> Errno {
        match error.raw_os_error() {
            Some(code) => Errno::from_host(code),
            None => match error.kind() {
                io::ErrorKind::NotFound => Errno::NoEnt,
                io::ErrorKind::PermissionDenied => Errno::Acces,
                io::ErrorKind::InvalidInput | io::ErrorKind::InvalidData => Errno::Inval,
                io::ErrorKind::Unsupported => Errno::NotSup,
                io::ErrorKind::WouldBlock => Errno::Again,
                _ => Errno::Io,
            },
        }
    }
}

impl std::fmt::Display for Errno {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{self:?} (WASI errno {})", self.raw())
    }
}

impl std::error::Error for Errno {}

/// What every system call body returns: success, or the errno the guest sees.
pub type WasiResult<T = ()> = Result<T, Errno>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn host_errnos_map_to_wasi_numbers() {
        assert_eq!(Errno::from_host(libc::ENOENT), Errno::NoEnt);
        assert_eq!(Errno::from_host(libc::ENOENT).raw(), 44);
        assert_eq!(Errno::from_host(libc::ELOOP).raw(), 32);
        assert_eq!(Errno::from_host(libc::ENOTEMPTY).raw(), 55);
        assert_eq!(Errno::from_host(libc::EXDEV), Errno::Xdev);
        assert_eq!(Errno::from_host(9999), Errno::Io);
        assert_eq!(Errno::NotCapable.raw(), 76);
    }
}
