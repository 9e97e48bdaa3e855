//! `sock_*`: no socket can be granted to a guest yet, so each call on an open
//! descriptor is `ENOTSOCK` and on a closed one `EBADF`.

use crate::errno::{Errno, WasiResult};
use crate::WasiCtx;

fn not_a_socket(ctx: &WasiCtx, fd: u32) -> WasiResult {
    ctx.table.get(fd)?;
    Err(Errno::NotSock)
}

/// `sock_accept(fd, flags, fd_out)`.
pub fn sock_accept(ctx: &mut WasiCtx, fd: u32, _flags: u32, _fd_out: u32) -> WasiResult {
    not_a_socket(ctx, fd)
}

/// `sock_recv(fd, ri_data, ri_data_len, ri_flags, ro_datalen, ro_flags)`.
pub fn sock_recv(
    ctx: &mut WasiCtx,
    fd: u32,
    _data: u32,
    _data_len: u32,
    _flags: u32,
    _datalen: u32,
    _oflags: u32,
) -> WasiResult {
    not_a_socket(ctx, fd)
}

/// `sock_send(fd, si_data, si_data_len, si_flags, so_datalen)`.
pub fn sock_send(
    ctx: &mut WasiCtx,
    fd: u32,
    _data: u32,
    _data_len: u32,
    _flags: u32,
    _datalen: u32,
) -> WasiResult {
    not_a_socket(ctx, fd)
}

/// `sock_shutdown(fd, how)`.
pub fn sock_shutdown(ctx: &mut WasiCtx, fd: u32, _how: u32) -> WasiResult {
    not_a_socket(ctx, fd)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sockets_are_notsock_or_badf() {
        let mut ctx = WasiCtx::builder().build();
        assert_eq!(sock_shutdown(&mut ctx, 1, 0), Err(Errno::NotSock));
        assert_eq!(sock_shutdown(&mut ctx, 99, 0), Err(Errno::Badf));
        assert_eq!(sock_accept(&mut ctx, 0, 0, 0), Err(Errno::NotSock));
        assert_eq!(sock_recv(&mut ctx, 99, 0, 0, 0, 0, 0), Err(Errno::Badf));
        assert_eq!(sock_send(&mut ctx, 2, 0, 0, 0, 0), Err(Errno::NotSock));
    }
}
