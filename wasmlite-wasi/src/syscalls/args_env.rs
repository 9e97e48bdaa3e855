//! `args_*` and `environ_*`: NUL-terminated strings and a table of pointers to them.

use crate::errno::{Errno, WasiResult};
use crate::memory::GuestMemory;
use crate::WasiCtx;

/// Writes `strings` NUL-terminated into `buf` and a pointer to each into `pointers`.
fn write_strings(
    memory: &mut GuestMemory<'_>,
    strings: &[Vec<u8>],
    pointers: u32,
    buf: u32,
) -> WasiResult {
    let mut at = buf;
    for (index, string) in strings.iter().enumerate() {
        let slot = pointers.checked_add(4 * index as u32).ok_or(Errno::Fault)?;
        memory.write_u32(slot, at)?;
        memory.write(at, string)?;
        let end = at.checked_add(string.len() as u32).ok_or(Errno::Fault)?;
        memory.write_u8(end, 0)?;
        at = end + 1;
    }
    Ok(())
}

/// Writes the count of `strings` and the bytes they take, NULs included.
fn write_sizes(
    memory: &mut GuestMemory<'_>,
    strings: &[Vec<u8>],
    count: u32,
    size: u32,
) -> WasiResult {
    let bytes: usize = strings.iter().map(|s| s.len() + 1).sum();
    memory.write_u32(count, strings.len() as u32)?;
    memory.write_u32(size, u32::try_from(bytes).map_err(|_| Errno::Overflow)?)
}

/// `args_get(argv, argv_buf)`.
pub fn args_get(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    argv: u32,
    argv_buf: u32,
) -> WasiResult {
    write_strings(memory, &ctx.args, argv, argv_buf)
}

/// `args_sizes_get(argc, argv_buf_size)`.
pub fn args_sizes_get(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    argc: u32,
    size: u32,
) -> WasiResult {
    write_sizes(memory, &ctx.args, argc, size)
}

/// `environ_get(environ, environ_buf)`.
pub fn environ_get(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    environ: u32,
    buf: u32,
) -> WasiResult {
    write_strings(memory, &ctx.env, environ, buf)
}

/// `environ_sizes_get(count, buf_size)`.
pub fn environ_sizes_get(
    ctx: &mut WasiCtx,
    memory: &mut GuestMemory<'_>,
    count: u32,
    size: u32,
) -> WasiResult {
    write_sizes(memory, &ctx.env, count, size)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::syscalls::test_support::Guest;

    #[test]
    fn args_are_written_as_c_strings() {
        let mut guest = Guest::new(WasiCtx::builder().args(["prog", "a b"]).build());
        guest
            .call(|ctx, memory| args_sizes_get(ctx, memory, 0, 4))
            .unwrap();
        assert_eq!((guest.u32(0), guest.u32(4)), (2, 9));
        guest
            .call(|ctx, memory| args_get(ctx, memory, 16, 32))
            .unwrap();
        assert_eq!((guest.u32(16), guest.u32(20)), (32, 37));
        assert_eq!(guest.bytes(32, 9), b"prog\0a b\0");
    }

    #[test]
    fn environment_is_only_what_was_granted() {
        let mut guest = Guest::new(WasiCtx::builder().env("A", "1").build());
        guest
            .call(|ctx, memory| environ_sizes_get(ctx, memory, 0, 4))
            .unwrap();
        assert_eq!((guest.u32(0), guest.u32(4)), (1, 4));
        guest
            .call(|ctx, memory| environ_get(ctx, memory, 16, 32))
            .unwrap();
        assert_eq!(guest.bytes(32, 4), b"A=1\0");
        let mut empty = Guest::new(WasiCtx::builder().build());
        empty
            .call(|ctx, memory| environ_sizes_get(ctx, memory, 0, 4))
            .unwrap();
        assert_eq!((empty.u32(0), empty.u32(4)), (0, 0));
    }

    #[test]
    fn bad_pointers_are_efault() {
        let mut guest = Guest::new(WasiCtx::builder().args(["prog"]).build());
        assert_eq!(
            guest.call(|ctx, memory| args_get(ctx, memory, u32::MAX - 1, 0)),
            Err(Errno::Fault)
        );
        assert_eq!(
            guest.call(|ctx, memory| args_get(ctx, memory, 0, u32::MAX - 2)),
            Err(Errno::Fault)
        );
    }
}
