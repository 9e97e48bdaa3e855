//! Instrumenting module binaries: following chosen instructions with a
//! call to an appended helper function, or replacing them by one. Appended
//! types and functions get the next free indices, so nothing that exists
//! changes index. Modules with imports are not supported.

use crate::sections::{push_section, read_leb, split_sections, write_leb, MalformedModule};
use wasmparser::{BinaryReader, CodeSectionReader, Operator};

const TYPE_SECTION: u8 = 1;
const IMPORT_SECTION: u8 = 2;
const FUNCTION_SECTION: u8 = 3;
const CODE_SECTION: u8 = 10;
const CALL: u8 = 0x10;

/// A function appended to the module.
pub struct Helper {
    /// Its type, encoded (`0x60 params results`).
    pub ty: Vec<u8>,
    /// Its body, encoded (locals, instructions, `end`), without the size.
    pub body: Vec<u8>,
}

/// Counts the entries of the vector section `id` (0 if absent).
fn count(sections: &[(u8, &[u8])], id: u8) -> Result<u64, MalformedModule> {
    match sections.iter().find(|&&(i, _)| i == id) {
        Some((_, body)) => Ok(read_leb(body).ok_or(MalformedModule("section count"))?.0),
        None => Ok(0),
    }
}

/// Where a helper call goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Call {
    /// After the instruction: the helper takes its results.
    After(usize),
    /// Instead of the instruction: the helper takes its operands and
    /// returns its results.
    Instead(usize),
    /// Instead of the instruction, these encoded instructions, then the
    /// helper.
    InsteadWith(Vec<u8>, usize),
}

/// A piece of code to insert.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Piece {
    /// Encoded instructions.
    Code(Vec<u8>),
    /// A call to helper `k`.
    Call(usize),
}

/// `wasm` with `helpers` appended, the code `prologue(i)` at the start of
/// defined function `i`, and a call to helper `k` after or instead of
/// every instruction for which `pick` says so. `None` if nothing was
/// inserted.
pub fn insert_calls(
    wasm: &[u8],
    helpers: &[Helper],
    prologue: impl Fn(usize) -> Vec<Piece>,
    pick: impl Fn(&Operator<'_>) -> Option<Call>,
) -> Result<Option<Vec<u8>>, MalformedModule> {
    let sections = split_sections(wasm)?;
    if count(&sections, IMPORT_SECTION)? > 0 {
        return Err(MalformedModule("imports are not supported"));
    }
    let (types, funcs) = (
        count(&sections, TYPE_SECTION)?,
        count(&sections, FUNCTION_SECTION)?,
    );
    let helper_index = |k: usize| funcs + k as u64;
    let mut changed = false;
    let mut out = wasm[..8].to_vec();
    for &(id, body) in &sections {
        match id {
            TYPE_SECTION => {
                let entries: Vec<Vec<u8>> = helpers.iter().map(|h| h.ty.clone()).collect();
                push_section(&mut out, id, &append(body, &entries)?);
            }
            FUNCTION_SECTION => {
                let entries: Vec<Vec<u8>> = (0..helpers.len())
                    .map(|k| {
                        let mut e = Vec::new();
                        write_leb(&mut e, types + k as u64);
                        e
                    })
                    .collect();
                push_section(&mut out, id, &append(body, &entries)?);
            }
            CODE_SECTION => {
                let (code, any) = rewrite_code(body, helpers, &prologue, &pick, helper_index)?;
                changed = any;
                push_section(&mut out, id, &code);
            }
            _ => push_section(&mut out, id, body),
        }
    }
    Ok(changed.then_some(out))
}

/// A vector section's body with `entries` appended.
fn append(body: &[u8], entries: &[Vec<u8>]) -> Result<Vec<u8>, MalformedModule> {
    let (count, rest) = read_leb(body).ok_or(MalformedModule("section count"))?;
    let mut out = Vec::new();
    write_leb(&mut out, count + entries.len() as u64);
    out.extend_from_slice(rest);
    for entry in entries {
        out.extend_from_slice(entry);
    }
    Ok(out)
}

/// The code section with calls inserted and the helper bodies appended,
/// and whether any call was inserted.
fn rewrite_code(
    body: &[u8],
    helpers: &[Helper],
    prologue: &impl Fn(usize) -> Vec<Piece>,
    pick: &impl Fn(&Operator<'_>) -> Option<Call>,
    helper_index: impl Fn(usize) -> u64,
) -> Result<(Vec<u8>, bool), MalformedModule> {
    let bad = |_| MalformedModule("code section");
    let reader = CodeSectionReader::new(BinaryReader::new(body, 0)).map_err(bad)?;
    let mut bodies = Vec::new();
    let mut any = false;
    for (index, function) in reader.into_iter().enumerate() {
        let function = function.map_err(bad)?;
        let range = function.range();
        let range = range.start as usize..range.end as usize;
        let mut ops = function.get_operators_reader().map_err(bad)?;
        let mut starts = Vec::new();
        while !ops.eof() {
            let (op, offset) = ops.read_with_offset().map_err(bad)?;
            starts.push((offset as usize, pick(&op)));
        }
        let first = starts.first().map_or(range.end, |&(o, _)| o);
        let mut new_body = body[range.start..first].to_vec();
        for piece in prologue(index) {
            match piece {
                Piece::Code(code) => new_body.extend_from_slice(&code),
                Piece::Call(h) => {
                    new_body.push(CALL);
                    write_leb(&mut new_body, helper_index(h));
                }
            }
            any = true;
        }
        for (k, (start, call)) in starts.iter().enumerate() {
            let start = *start;
            let end = starts.get(k + 1).map_or(range.end, |&(o, _)| o);
            let h = match call {
                None => {
                    new_body.extend_from_slice(&body[start..end]);
                    continue;
                }
                Some(Call::After(h)) => {
                    new_body.extend_from_slice(&body[start..end]);
                    h
                }
                Some(Call::Instead(h)) => h,
                Some(Call::InsteadWith(code, h)) => {
                    new_body.extend_from_slice(code);
                    h
                }
            };
            new_body.push(CALL);
            write_leb(&mut new_body, helper_index(*h));
            any = true;
        }
        bodies.push(new_body);
    }
    bodies.extend(helpers.iter().map(|h| h.body.clone()));
    let mut out = Vec::new();
    write_leb(&mut out, bodies.len() as u64);
    for b in bodies {
        write_leb(&mut out, b.len() as u64);
        out.extend_from_slice(&b);
    }
    Ok((out, any))
}
