//! Section-level surgery on module binaries: splitting a module into its
//! sections, LEB128 numbers, and re-emitting sections.

use std::fmt;

/// The module could not be patched (it is not a well-formed binary).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MalformedModule(pub &'static str);

impl fmt::Display for MalformedModule {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot patch the module: {}", self.0)
    }
}

impl std::error::Error for MalformedModule {}

/// The `(id, body)` of every section after the 8-byte header.
pub fn split_sections(wasm: &[u8]) -> Result<Vec<(u8, &[u8])>, MalformedModule> {
    if wasm.len() < 8 || &wasm[..4] != b"\0asm" {
        return Err(MalformedModule("no wasm header"));
    }
    let mut rest = &wasm[8..];
    let mut sections = Vec::new();
    while let Some((&id, after_id)) = rest.split_first() {
        let (size, after_size) = read_leb(after_id).ok_or(MalformedModule("section size"))?;
        let size = usize::try_from(size).map_err(|_| MalformedModule("section size"))?;
        if size > after_size.len() {
            return Err(MalformedModule("section past the end"));
        }
        sections.push((id, &after_size[..size]));
        rest = &after_size[size..];
    }
    Ok(sections)
}

/// Appends section `id` with `body`.
pub fn push_section(out: &mut Vec<u8>, id: u8, body: &[u8]) {
    out.push(id);
    write_leb(out, body.len() as u64);
    out.extend_from_slice(body);
}

/// Appends `value` as unsigned LEB128.
pub fn write_leb(out: &mut Vec<u8>, mut value: u64) {
    loop {
        let byte = (value & 0x7f) as u8;
        value >>= 7;
        if value == 0 {
            out.push(byte);
            return;
        }
        out.push(byte | 0x80);
    }
}

/// Reads an unsigned LEB128 (at most 10 bytes), returning it and the rest.
pub fn read_leb(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let mut value = 0u64;
    for (k, &byte) in bytes.iter().enumerate().take(10) {
        value |= u64::from(byte & 0x7f) << (7 * k);
        if byte & 0x80 == 0 {
            return Some((value, &bytes[k + 1..]));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leb_round_trips() {
        for value in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut bytes = Vec::new();
            write_leb(&mut bytes, value);
            assert_eq!(read_leb(&bytes), Some((value, &[][..])));
        }
    }

    #[test]
    fn sections_split_and_rejoin() {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        push_section(&mut wasm, 1, &[0]);
        push_section(&mut wasm, 3, &[1, 0]);
        assert_eq!(
            split_sections(&wasm),
            Ok(vec![(1, &[0][..]), (3, &[1, 0][..])])
        );
        assert!(split_sections(&wasm[..wasm.len() - 1]).is_err());
    }
}
