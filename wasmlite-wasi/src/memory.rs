//! Bounds-checked access to the guest's linear memory.
//!
//! Every pointer and length the guest passes goes through here: an access
//! outside memory is `EFAULT`, a count over a limit is `EINVAL`, and nothing
//! here can panic or touch host memory.

use crate::abi::size;
use crate::errno::{Errno, WasiResult};

/// The most iovecs one call may pass (Linux's `IOV_MAX`).
pub const MAX_IOVECS: u32 = 1024;
/// The longest path a guest may pass, in bytes (Linux's `PATH_MAX`).
pub const MAX_PATH: u32 = 4096;

/// The guest's memory 0 during one system call.
pub struct GuestMemory<'a> {
    bytes: &'a mut [u8],
}

/// One guest buffer: an address and a length already checked against memory.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct GuestSlice {
    /// Where it starts.
    pub ptr: u32,
    /// How long it is.
    pub len: u32,
}

impl<'a> GuestMemory<'a> {
    /// Wraps the bytes of the guest's memory.
    pub fn new(bytes: &'a mut [u8]) -> GuestMemory<'a> {
        GuestMemory { bytes }
    }

    fn range(&self, ptr: u32, len: u32) -> WasiResult<std::ops::Range<usize>> {
        let start = ptr as usize;
        let end = start.checked_add(len as usize).ok_or(Errno::Fault)?;
        if end > self.bytes.len() {
            return Err(Errno::Fault);
        }
        Ok(start..end)
    }

    /// The `len` bytes at `ptr`.
    pub fn slice(&self, ptr: u32, len: u32) -> WasiResult<&[u8]> {
        let range = self.range(ptr, len)?;
        Ok(&self.bytes[range])
    }

    /// The `len` bytes at `ptr`, writable.
    pub fn slice_mut(&mut self, ptr: u32, len: u32) -> WasiResult<&mut [u8]> {
        let range = self.range(ptr, len)?;
        Ok(&mut self.bytes[range])
    }

    /// Copies `bytes` to `ptr`.
    pub fn write(&mut self, ptr: u32, bytes: &[u8]) -> WasiResult {
        let len = u32::try_from(bytes.len()).map_err(|_| Errno::Fault)?;
        self.slice_mut(ptr, len)?.copy_from_slice(bytes);
        Ok(())
    }

    fn array<const N: usize>(&self, ptr: u32) -> WasiResult<[u8; N]> {
        let mut out = [0; N];
        out.copy_from_slice(self.slice(ptr, N as u32)?);
        Ok(out)
    }

    /// The little-endian `u8` at `ptr`.
    pub fn read_u8(&self, ptr: u32) -> WasiResult<u8> {
        Ok(self.array::<1>(ptr)?[0])
    }

    /// The little-endian `u16` at `ptr`.
    pub fn read_u16(&self, ptr: u32) -> WasiResult<u16> {
        Ok(u16::from_le_bytes(self.array(ptr)?))
    }

    /// The little-endian `u32` at `ptr`.
    pub fn read_u32(&self, ptr: u32) -> WasiResult<u32> {
        Ok(u32::from_le_bytes(self.array(ptr)?))
    }

    /// The little-endian `u64` at `ptr`.
    pub fn read_u64(&self, ptr: u32) -> WasiResult<u64> {
        Ok(u64::from_le_bytes(self.array(ptr)?))
    }

    /// Writes a little-endian `u8` at `ptr`.
    pub fn write_u8(&mut self, ptr: u32, value: u8) -> WasiResult {
        self.write(ptr, &[value])
    }

    /// Writes a little-endian `u16` at `ptr`.
    pub fn write_u16(&mut self, ptr: u32, value: u16) -> WasiResult {
        self.write(ptr, &value.to_le_bytes())
    }

    /// Writes a little-endian `u32` at `ptr`.
    pub fn write_u32(&mut self, ptr: u32, value: u32) -> WasiResult {
        self.write(ptr, &value.to_le_bytes())
    }

    /// Writes a little-endian `u64` at `ptr`.
    pub fn write_u64(&mut self, ptr: u32, value: u64) -> WasiResult {
        self.write(ptr, &value.to_le_bytes())
    }

    /// The `count` iovecs (`{ buf: u32, buf_len: u32 }`) at `ptr`, each checked against memory.
    pub fn iovecs(&self, ptr: u32, count: u32) -> WasiResult<Vec<GuestSlice>> {
        if count > MAX_IOVECS {
            return Err(Errno::Inval);
        }
        let table = self.slice(ptr, count * size::IOVEC)?;
        let mut total: u32 = 0;
        let mut out = Vec::with_capacity(count as usize);
        for entry in table.chunks_exact(size::IOVEC as usize) {
            let buf = u32::from_le_bytes(entry[0..4].try_into().expect("4 bytes"));
            let len = u32::from_le_bytes(entry[4..8].try_into().expect("4 bytes"));
            self.range(buf, len)?;
            // The sum is returned as a u32 `size`: it must fit.
            total = total.checked_add(len).ok_or(Errno::Inval)?;
            out.push(GuestSlice { ptr: buf, len });
        }
        Ok(out)
    }

    /// The path of `len` bytes at `ptr`: bounded, valid UTF-8, no NUL.
    pub fn path(&self, ptr: u32, len: u32) -> WasiResult<String> {
        if len > MAX_PATH {
            return Err(Errno::NameTooLong);
        }
        let bytes = self.slice(ptr, len)?;
        if bytes.contains(&0) {
            return Err(Errno::Inval);
        }
        String::from_utf8(bytes.to_vec()).map_err(|_| Errno::Ilseq)
    }

    /// Copies the guest bytes of `slices` into one vector.
    pub fn gather(&self, slices: &[GuestSlice]) -> WasiResult<Vec<u8>> {
        let mut out = Vec::new();
        for slice in slices {
            out.extend_from_slice(self.slice(slice.ptr, slice.len)?);
        }
        Ok(out)
    }

    /// Copies `data` into `slices` in order, as far as it goes; returns the bytes copied.
    pub fn scatter(&mut self, slices: &[GuestSlice], mut data: &[u8]) -> WasiResult<usize> {
        let mut copied = 0;
        for slice in slices {
            if data.is_empty() {
                break;
            }
            let n = data.len().min(slice.len as usize);
            self.slice_mut(slice.ptr, n as u32)?
                .copy_from_slice(&data[..n]);
            data = &data[n..];
            copied += n;
        }
        Ok(copied)
    }
}

/// The total length of `slices`.
pub fn total_len(slices: &[GuestSlice]) -> usize {
    slices.iter().map(|slice| slice.len as usize).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accesses_outside_memory_are_efault() {
        let mut bytes = vec![0u8; 16];
        let mut memory = GuestMemory::new(&mut bytes);
        assert_eq!(memory.read_u32(12), Ok(0));
        assert_eq!(memory.read_u32(13), Err(Errno::Fault));
        assert_eq!(memory.read_u64(u32::MAX), Err(Errno::Fault));
        assert_eq!(memory.write_u64(9, 1), Err(Errno::Fault));
        assert_eq!(memory.slice(16, 0).map(<[u8]>::len), Ok(0));
        assert_eq!(memory.slice(17, 0).map(<[u8]>::len), Err(Errno::Fault));
        assert_eq!(memory.write(u32::MAX, &[1]), Err(Errno::Fault));
    }

    #[test]
    fn iovecs_are_checked_and_bounded() {
        let mut bytes = vec![0u8; 64];
        bytes[0..4].copy_from_slice(&32u32.to_le_bytes());
        bytes[4..8].copy_from_slice(&8u32.to_le_bytes());
        bytes[8..12].copy_from_slice(&60u32.to_le_bytes());
        bytes[12..16].copy_from_slice(&8u32.to_le_bytes());
        let memory = GuestMemory::new(&mut bytes);
        assert_eq!(
            memory.iovecs(0, 1),
            Ok(vec![GuestSlice { ptr: 32, len: 8 }])
        );
        assert_eq!(memory.iovecs(0, 2), Err(Errno::Fault));
        assert_eq!(memory.iovecs(0, MAX_IOVECS + 1), Err(Errno::Inval));
        assert_eq!(memory.iovecs(0, u32::MAX), Err(Errno::Inval));
    }

    #[test]
    fn paths_are_bounded_utf8_without_nul() {
        let mut bytes = b"a/b\0\xff".to_vec();
        let memory = GuestMemory::new(&mut bytes);
        assert_eq!(memory.path(0, 3).as_deref(), Ok("a/b"));
        assert_eq!(memory.path(0, 4), Err(Errno::Inval));
        assert_eq!(memory.path(4, 1), Err(Errno::Ilseq));
        assert_eq!(memory.path(0, MAX_PATH + 1), Err(Errno::NameTooLong));
        assert_eq!(memory.path(3, 9), Err(Errno::Fault));
    }
}
