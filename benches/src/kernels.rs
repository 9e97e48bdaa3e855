//! The benchmark kernels: for each, the wasm module's bytes and a
//! constructor of its wasmlite instance through `include_wasm!`. The build
//! script compiles `kernels/<name>.c` to `kernels/wasm/<name>.wasm` and that
//! to native code with wasmlite; native and wasm2c builds of the same C are
//! found by name in their tables.

use crate::engines::{EngineError, Runner};

/// One kernel.
pub struct Kernel {
    /// The name of its C file.
    pub name: &'static str,
    /// The wasm module, as wasmlite compiled it.
    pub wasm: &'static [u8],
    /// A new wasmlite instance of it.
    pub wasmlite: fn() -> Result<Box<dyn Runner>, EngineError>,
}

macro_rules! kernels {
    ($($name:ident: $ty:ident = $path:tt,)*) => {
        /// The typed bindings of every kernel module.
        #[allow(dead_code)]
        mod bindings {
            $(
                wasmlite_rt::include_wasm!($path);
                crate::engines::wasmlite::impl_runner!($name::$ty);
            )*
        }

        /// Every kernel, sorted by name.
        pub const KERNELS: &[Kernel] = &[$(
            Kernel {
                name: stringify!($name),
                wasm: include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/", $path)),
                wasmlite: || Ok(Box::new(bindings::$name::$ty::new(())?)),
            },
        )*];
    };
}

kernels! {
    bitops: Bitops = "kernels/wasm/bitops.wasm",
    editdist: Editdist = "kernels/wasm/editdist.wasm",
    fpmath: Fpmath = "kernels/wasm/fpmath.wasm",
    hashtable: Hashtable = "kernels/wasm/hashtable.wasm",
    indirect: Indirect = "kernels/wasm/indirect.wasm",
    listchase: Listchase = "kernels/wasm/listchase.wasm",
    matmul: Matmul = "kernels/wasm/matmul.wasm",
    memops: Memops = "kernels/wasm/memops.wasm",
    nbody: Nbody = "kernels/wasm/nbody.wasm",
    recursion: Recursion = "kernels/wasm/recursion.wasm",
    sha256: Sha256 = "kernels/wasm/sha256.wasm",
    sort: Sort = "kernels/wasm/sort.wasm",
    stencil: Stencil = "kernels/wasm/stencil.wasm",
    strsearch: Strsearch = "kernels/wasm/strsearch.wasm",
}
