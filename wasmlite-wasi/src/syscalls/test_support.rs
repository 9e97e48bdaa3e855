//! A guest without wasm: a context and a memory to call system call bodies with.

use crate::errno::WasiResult;
use crate::memory::GuestMemory;
use crate::WasiCtx;

/// Guest memory size in the unit tests.
pub(crate) const MEMORY: usize = 64 * 1024;

pub(crate) struct Guest {
    pub ctx: WasiCtx,
    pub memory: Vec<u8>,
}

impl Guest {
    pub(crate) fn new(ctx: WasiCtx) -> Guest {
        Guest {
            ctx,
            memory: vec![0; MEMORY],
        }
    }

    pub(crate) fn call<T>(
        &mut self,
        body: impl FnOnce(&mut WasiCtx, &mut GuestMemory<'_>) -> WasiResult<T>,
    ) -> WasiResult<T> {
        body(&mut self.ctx, &mut GuestMemory::new(&mut self.memory))
    }

    pub(crate) fn u32(&self, at: usize) -> u32 {
        u32::from_le_bytes(self.memory[at..at + 4].try_into().unwrap())
    }

    pub(crate) fn u64(&self, at: usize) -> u64 {
        u64::from_le_bytes(self.memory[at..at + 8].try_into().unwrap())
    }

    pub(crate) fn bytes(&self, at: usize, len: usize) -> &[u8] {
        &self.memory[at..at + len]
    }

    /// Puts `bytes` at `at` and returns its (address, length).
    pub(crate) fn put(&mut self, at: u32, bytes: &[u8]) -> (u32, u32) {
        self.memory[at as usize..at as usize + bytes.len()].copy_from_slice(bytes);
        (at, bytes.len() as u32)
    }

    /// Puts one iovec `{buf, len}` at `at`.
    pub(crate) fn iovec(&mut self, at: u32, buf: u32, len: u32) {
        self.put(at, &buf.to_le_bytes());
        self.put(at + 4, &len.to_le_bytes());
    }
}
