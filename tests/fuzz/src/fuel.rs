//! Exporting the fuel global that wasm-smith's `ensure_termination` adds,
//! so the harness can refill it before every call in both engines (and
//! compare what is left afterwards).
//!
//! The global is added after wasm-smith chose the exports, so the module
//! is patched at the section level: one entry is appended to the export
//! section (or a new export section is inserted where it belongs).

use crate::sections::{push_section, split_sections, write_leb, MalformedModule};

/// Fuel (loop iterations, function entries, bulk-operation lengths) a
/// module gets before each call; it bounds running time and call depth.
pub const FUEL_PER_CALL: u32 = 2_000;

/// The export name of the fuel global.
pub const FUEL_EXPORT: &str = "wasmlite-fuzz:fuel";

const EXPORT_SECTION: u8 = 7;
/// Sections that come after the export section in a module.
const AFTER_EXPORTS: &[u8] = &[8, 9, 10, 11, 12];
const GLOBAL_KIND: u8 = 3;

/// `wasm` with global `global` exported as [`FUEL_EXPORT`].
pub fn export_fuel_global(wasm: &[u8], global: u32) -> Result<Vec<u8>, MalformedModule> {
    let sections = split_sections(wasm)?;
    let mut entry = Vec::new();
    write_leb(&mut entry, FUEL_EXPORT.len() as u64);
    entry.extend_from_slice(FUEL_EXPORT.as_bytes());
    entry.push(GLOBAL_KIND);
    write_leb(&mut entry, u64::from(global));

    let mut out = wasm[..8].to_vec();
    let mut done = false;
    for (id, body) in sections {
        if id == EXPORT_SECTION {
            let (count, rest) =
                crate::sections::read_leb(body).ok_or(MalformedModule("export count"))?;
            let mut new_body = Vec::new();
            write_leb(&mut new_body, count + 1);
            new_body.extend_from_slice(rest);
            new_body.extend_from_slice(&entry);
            push_section(&mut out, id, &new_body);
            done = true;
            continue;
        }
        if !done && AFTER_EXPORTS.contains(&id) {
            let mut new_body = vec![1];
            new_body.extend_from_slice(&entry);
            push_section(&mut out, EXPORT_SECTION, &new_body);
            done = true;
        }
        push_section(&mut out, id, body);
    }
    if !done {
        let mut new_body = vec![1];
        new_body.extend_from_slice(&entry);
        push_section(&mut out, EXPORT_SECTION, &new_body);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn export_names(wasm: &[u8]) -> Vec<String> {
        let mut names = Vec::new();
        for payload in wasmparser::Parser::new(0).parse_all(wasm) {
            if let wasmparser::Payload::ExportSection(reader) = payload.expect("parses") {
                for export in reader {
                    names.push(export.expect("export").name.to_string());
                }
            }
        }
        names
    }

    /// A module with one mutable i32 global and, optionally, an export.
    fn module(with_export: bool) -> Vec<u8> {
        let mut wasm = b"\0asm\x01\0\0\0".to_vec();
        push_section(&mut wasm, 6, &[1, 0x7f, 1, 0x41, 5, 0x0b]);
        if with_export {
            push_section(&mut wasm, 7, &[1, 1, b'g', GLOBAL_KIND, 0]);
        }
        wasm
    }

    #[test]
    fn appends_to_an_existing_export_section() {
        let patched = export_fuel_global(&module(true), 0).expect("patches");
        wasmparser::Validator::new()
            .validate_all(&patched)
            .expect("valid");
        assert_eq!(export_names(&patched), ["g", FUEL_EXPORT]);
    }

    #[test]
    fn creates_an_export_section_when_there_is_none() {
        let patched = export_fuel_global(&module(false), 0).expect("patches");
        wasmparser::Validator::new()
            .validate_all(&patched)
            .expect("valid");
        assert_eq!(export_names(&patched), [FUEL_EXPORT]);
    }
}
