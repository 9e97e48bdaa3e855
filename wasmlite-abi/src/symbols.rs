//! Names of the symbols a compiled object exports.
//!
//! Each compiled module exports exactly one symbol, its
//! [`crate::ModuleDescriptor`], named
//! `wasmlite_v<ABI_VERSION>_<stem>_<id>_module`, where `<id>` hashes the wasm
//! binary and the ABI version. The bindings generator derives the same name
//! from the same file, so bindings and object made from different versions
//! of a file (or of wasmlite) fail to link instead of misbehaving.
//!
//! Everything else an object defines is local: functions, export wrappers
//! (the runtime reaches both through the descriptor) and data. The one
//! exception is a large module the compiler split into several objects:
//! there the functions are global symbols with hidden visibility,
//! `<descriptor name without _module>_f<function index>`, so the parts can
//! call each other; hidden symbols are resolved inside the final binary and
//! never exported from it. `wasmlite-codegen/tests/object_shape.rs` checks
//! both shapes.

use crate::ABI_VERSION;

/// Reduce a file stem to `[a-z0-9_]`, never empty, never starting with a digit.
pub fn sanitize_stem(stem: &str) -> String {
    let mut out: String = stem
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c.to_ascii_lowercase() } else { '_' })
        .collect();
    if out.is_empty() || out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    out
}

/// The 16-hex-digit identity of a wasm binary (SHA-256 of the ABI version
/// and the bytes, truncated).
#[cfg(feature = "parse")]
pub fn module_id(wasm: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    hasher.update(ABI_VERSION.to_le_bytes());
    hasher.update(wasm);
    let digest = hasher.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

/// The descriptor symbol for a module with this stem and [`module_id`].
pub fn descriptor(stem: &str, id: &str) -> String {
    format!("wasmlite_v{ABI_VERSION}_{}_{id}_module", sanitize_stem(stem))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stems_become_identifiers() {
        assert_eq!(sanitize_stem("calc"), "calc");
        assert_eq!(sanitize_stem("My-Module.v2"), "my_module_v2");
        assert_eq!(sanitize_stem("2fast"), "_2fast");
        assert_eq!(sanitize_stem(""), "_");
        assert_eq!(descriptor("calc", "00ff"), format!("wasmlite_v{ABI_VERSION}_calc_00ff_module"));
    }

    #[cfg(feature = "parse")]
    #[test]
    fn module_id_depends_on_content() {
        assert_eq!(module_id(b"\0asm").len(), 16);
        assert_ne!(module_id(b"a"), module_id(b"b"));
    }
}
