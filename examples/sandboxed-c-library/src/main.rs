//! A C library run in a sandbox: `c/rle.c`, a run-length codec built with
//! wasi-libc as a WebAssembly reactor, called through its typed exports.
//! Buffers go through the library's own memory: allocate them with its
//! exported `malloc`, copy in through the memory view, call, copy out,
//! `free`. Whatever the library does, it reaches only its own memory; its
//! diagnostics (`fprintf(stderr, …)`) are captured by its WASI context.
//!
//! `cargo run -p sandboxed-c-library [TEXT]` compresses TEXT (or a sample),
//! decompresses the result, checks the round trip and shows the library
//! rejecting a corrupt input.

use wasmlite_rt::{InstantiationError, Trap};
use wasmlite_wasi::WasiCtx;

wasmlite_rt::include_wasm!("wasm/rle.wasm");

/// Why a call into the library failed.
#[derive(Debug, thiserror::Error)]
enum CodecError {
    /// The library trapped.
    #[error("the library trapped: {0}")]
    Trap(#[from] Trap),
    /// Its `malloc` returned null.
    #[error("the library is out of memory ({0} bytes asked)")]
    OutOfMemory(usize),
    /// A buffer does not fit the library's 32-bit address space.
    #[error("a buffer of {0} bytes is too large for the library")]
    TooLarge(usize),
    /// The library returned a buffer outside its memory.
    #[error("the library returned a buffer outside its memory ({ptr:#x}, {len} bytes)")]
    BadBuffer {
        /// Start.
        ptr: u32,
        /// Length.
        len: usize,
    },
    /// The library rejected the input; its message.
    #[error("invalid input: {0}")]
    Invalid(String),
}

/// The codec: one instance of the library.
struct Codec {
    lib: rle::Rle<()>,
}

impl Codec {
    /// Instantiates the library (its `_initialize` runs inside `new`), with
    /// a WASI context granting nothing but a captured stderr.
    fn new() -> Result<Codec, InstantiationError> {
        let wasi = WasiCtx::builder().capture_stderr().build();
        // The library imports only WASI functions, so `()` is its host.
        Ok(Codec {
            lib: rle::Rle::new((), wasi)?,
        })
    }

    /// Allocates `len` bytes in the library's memory.
    fn alloc(&mut self, len: usize) -> Result<u32, CodecError> {
        let size = i32::try_from(len).map_err(|_| CodecError::TooLarge(len))?;
        match self.lib.malloc(size)? as u32 {
            0 => Err(CodecError::OutOfMemory(len)),
            ptr => Ok(ptr),
        }
    }

    /// Allocates a copy of `bytes` in the library's memory.
    fn copy_in(&mut self, bytes: &[u8]) -> Result<u32, CodecError> {
        let ptr = self.alloc(bytes.len())?;
        self.lib.memory_mut()[range(ptr, bytes.len())?].copy_from_slice(bytes);
        Ok(ptr)
    }

    /// Copies `len` bytes at `ptr` out of the library's memory, checking
    /// that the library's answer lies inside it.
    fn copy_out(&self, ptr: u32, len: usize) -> Result<Vec<u8>, CodecError> {
        let memory = self.lib.memory();
        memory
            .get(range(ptr, len)?)
            .map(<[u8]>::to_vec)
            .ok_or(CodecError::BadBuffer { ptr, len })
    }

    /// Runs `call` with `input` copied into the library and an output buffer
    /// of `out_len` bytes; returns the first `call`-returned bytes of it.
    fn with_buffers(
        &mut self,
        input: &[u8],
        out_len: usize,
        call: impl FnOnce(&mut rle::Rle<()>, i32, i32) -> Result<i32, Trap>,
    ) -> Result<Vec<u8>, CodecError> {
        let src = self.copy_in(input)?;
        let dst = self.alloc(out_len.max(1))?;
        let written = call(&mut self.lib, src as i32, dst as i32)? as u32 as usize;
        let out = if written <= out_len {
            self.copy_out(dst, written)
        } else {
            Err(CodecError::BadBuffer {
                ptr: dst,
                len: written,
            })
        };
        self.lib.free(src as i32)?;
        self.lib.free(dst as i32)?;
        out
    }

    /// Compresses `input`.
    fn compress(&mut self, input: &[u8]) -> Result<Vec<u8>, CodecError> {
        let len = input.len() as i32;
        let max = self.lib.rle_max_encoded_len(len)? as u32 as usize;
        self.with_buffers(input, max, |lib, src, dst| lib.rle_encode(src, len, dst))
    }

    /// Decompresses `input`, or says why the library rejected it.
    fn decompress(&mut self, input: &[u8]) -> Result<Vec<u8>, CodecError> {
        let len = input.len() as i32;
        let src = self.copy_in(input)?;
        let decoded = self.lib.rle_decoded_len(src as i32, len);
        self.lib.free(src as i32)?;
        let decoded = match decoded? {
            -1 => {
                let message = self.lib.wasi_mut().take_stderr();
                return Err(CodecError::Invalid(
                    String::from_utf8_lossy(&message).trim_end().to_string(),
                ));
            }
            n => n as u32 as usize,
        };
        self.with_buffers(input, decoded, |lib, src, dst| {
            lib.rle_decode(src, len, dst)
        })
    }
}

/// The byte range `[ptr, ptr + len)` as indices, if it fits the address space.
fn range(ptr: u32, len: usize) -> Result<std::ops::Range<usize>, CodecError> {
    let start = ptr as usize;
    let end = start.checked_add(len).filter(|&end| end <= 1 << 32);
    end.map(|end| start..end)
        .ok_or(CodecError::BadBuffer { ptr, len })
}

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let text = std::env::args().nth(1).unwrap_or_else(|| {
        "aaaaaaaaaabbbbbbbbbbbbcccccccccccccccddddd ---- !!!!!!!!!!".to_string()
    });
    let mut codec = Codec::new()?;
    let compressed = codec.compress(text.as_bytes())?;
    println!("compressed {} bytes to {}", text.len(), compressed.len());
    let restored = codec.decompress(&compressed)?;
    if restored != text.as_bytes() {
        return Err("the round trip changed the text".into());
    }
    println!("round trip: ok");
    match codec.decompress(&[3, b'x', 0, b'y']) {
        Err(CodecError::Invalid(message)) => println!("corrupt input rejected: {message}"),
        other => return Err(format!("corrupt input accepted: {other:?}").into()),
    }
    Ok(())
}
