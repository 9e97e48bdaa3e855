//! The code size of a Rust function of this test binary, from the ELF
//! symbol table, so hand-built descriptors give the runtime exact code
//! ranges as the compiler's do.

use object::{Object, ObjectKind, ObjectSymbol, SymbolKind};
use std::collections::HashMap;
use std::sync::OnceLock;

/// Function sizes by address relative to the executable's load base.
fn sizes() -> &'static (HashMap<u64, u64>, bool) {
    static SIZES: OnceLock<(HashMap<u64, u64>, bool)> = OnceLock::new();
    SIZES.get_or_init(|| {
        let bytes = std::fs::read("/proc/self/exe").expect("the test binary is readable");
        let file = object::File::parse(&*bytes).expect("the test binary is an object file");
        let sizes = file
            .symbols()
            .filter(|s| s.kind() == SymbolKind::Text && s.size() != 0)
            .map(|s| (s.address(), s.size()))
            .collect();
        (sizes, file.kind() == ObjectKind::Dynamic)
    })
}

/// The size in bytes of the function whose entry point is `code`.
pub fn of(code: *const u8) -> u32 {
    let (sizes, position_independent) = sizes();
    let base = if *position_independent {
        // SAFETY: `Dl_info` is plain data (pointers), valid when zeroed.
        let mut info = unsafe { std::mem::zeroed::<libc::Dl_info>() };
        // SAFETY: `code` is an address in this executable; `info` is writable.
        assert_ne!(
            unsafe { libc::dladdr(code.cast(), &mut info) },
            0,
            "dladdr knows {code:?}"
        );
        info.dli_fbase as u64
    } else {
        0
    };
    let size = sizes
        .get(&(code as u64 - base))
        .unwrap_or_else(|| panic!("the symbol table has the function at {code:?}"));
    *size as u32
}
