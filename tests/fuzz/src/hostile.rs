//! Compiler robustness: arbitrary bytes and damaged or over-featured
//! modules fed to `wasmlite_codegen::compile`, which must answer `Ok` or a
//! clear `Err` and never panic, abort or hang.

use crate::generate::{plain_module, Features, Size};
use crate::panics::catch;
use crate::rng::Rng;
use wasmlite_codegen::{compile, CompileError, CompileOptions, OptLevel};

/// How a hostile input was made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Mutation {
    /// Random bytes, sometimes behind a valid header.
    RandomBytes,
    /// A valid module with a few bits flipped.
    BitFlips,
    /// A valid module cut short.
    Truncation,
    /// The start of one valid module joined to the end of another.
    Splice,
    /// A valid module with bytes inserted, deleted or overwritten.
    ByteEdits,
    /// A valid module using every proposal wasm-smith knows (SIMD, GC,
    /// threads, exceptions, memory64, ...), unmodified.
    EveryFeature,
    /// Valid sections around function bodies that are partly arbitrary bytes.
    InvalidBodies,
}

const MUTATIONS: &[Mutation] = &[
    Mutation::RandomBytes,
    Mutation::BitFlips,
    Mutation::Truncation,
    Mutation::Splice,
    Mutation::ByteEdits,
    Mutation::EveryFeature,
    Mutation::InvalidBodies,
];

/// Hostile input `index` of a campaign with `seed`.
pub fn hostile_input(seed: u64, index: u64) -> (Mutation, Vec<u8>) {
    let mut rng = Rng::new(seed ^ 0x0005_EED0_FBAD_1DEA, index);
    let mutation = *rng.pick(MUTATIONS);
    let bytes = match mutation {
        Mutation::RandomBytes => {
            let mut bytes = if rng.chance(1, 2) {
                b"\0asm\x01\0\0\0".to_vec()
            } else {
                Vec::new()
            };
            let len = rng.between(0, 300);
            bytes.extend(rng.bytes(len));
            bytes
        }
        Mutation::BitFlips => {
            let mut bytes = valid(&mut rng, Features::Supported);
            for _ in 0..rng.between(1, 8) {
                let at = rng.below(bytes.len() as u64) as usize;
                bytes[at] ^= 1 << rng.below(8);
            }
            bytes
        }
        Mutation::Truncation => {
            let mut bytes = valid(&mut rng, Features::Supported);
            bytes.truncate(rng.between(0, bytes.len() - 1));
            bytes
        }
        Mutation::Splice => {
            let a = valid(&mut rng, Features::Supported);
            let b = valid(&mut rng, Features::Supported);
            let mut bytes = a[..rng.between(0, a.len())].to_vec();
            bytes.extend_from_slice(&b[rng.between(0, b.len())..]);
            bytes
        }
        Mutation::ByteEdits => {
            let mut bytes = valid(&mut rng, Features::Supported);
            for _ in 0..rng.between(1, 6) {
                edit(&mut rng, &mut bytes);
            }
            bytes
        }
        Mutation::EveryFeature => valid(&mut rng, Features::Everything),
        Mutation::InvalidBodies => valid(&mut rng, Features::InvalidBodies),
    };
    (mutation, bytes)
}

/// A module wasm-smith generates with `features` (at least the 8-byte
/// header, never empty).
fn valid(rng: &mut Rng, features: Features) -> Vec<u8> {
    plain_module(rng, Size::Small, features).unwrap_or_else(|_| b"\0asm\x01\0\0\0".to_vec())
}

/// One byte-level edit: insert, delete, overwrite, or a run of 0xff
/// (huge LEB128 values).
fn edit(rng: &mut Rng, bytes: &mut Vec<u8>) {
    let at = rng.between(0, bytes.len());
    match rng.below(4) {
        0 => bytes.insert(at, rng.next_u64() as u8),
        1 if at < bytes.len() => {
            bytes.remove(at);
        }
        2 if at < bytes.len() => bytes[at] = rng.next_u64() as u8,
        _ => {
            let run = rng.between(1, 10);
            bytes.splice(at..at, std::iter::repeat_n(0xff, run));
        }
    }
}

/// What the compiler did with a hostile input.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CompileCheck {
    /// Compiled.
    Compiled,
    /// A clear error.
    Rejected(String),
    /// A module that validates as Wasm 2.0 without SIMD rejected as
    /// malformed (a wrong answer, though not a crash).
    WronglyRejected(String),
    /// A panic, or an error without a message.
    Crashed(String),
}

/// Compiles `bytes` at `opt_level`, catching panics.
pub fn check_compile(bytes: &[u8], opt_level: OptLevel) -> CompileCheck {
    let options = CompileOptions {
        opt_level,
        stem: "hostile".into(),
        ..CompileOptions::default()
    };
    match catch(|| compile(bytes, &options).map(|_| ())) {
        Ok(Ok(())) => CompileCheck::Compiled,
        Ok(Err(e)) => {
            let text = e.to_string();
            let unclear = text.trim().is_empty()
                || matches!(&e, CompileError::Unsupported { what, .. } if what.trim().is_empty());
            if unclear {
                CompileCheck::Crashed(format!("error without a message: {e:?}"))
            } else if matches!(e, CompileError::Parse(_)) && is_supported_wasm(bytes) {
                CompileCheck::WronglyRejected(text)
            } else {
                CompileCheck::Rejected(text)
            }
        }
        Err(panic) => CompileCheck::Crashed(format!("panic: {panic}")),
    }
}

/// Whether `bytes` validate with the features wasmlite supports.
fn is_supported_wasm(bytes: &[u8]) -> bool {
    wasmparser::Validator::new_with_features(wasmlite_abi::supported_features())
        .validate_all(bytes)
        .is_ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inputs_are_deterministic_and_varied() {
        let mut seen = Vec::new();
        for index in 0..60 {
            let (mutation, bytes) = hostile_input(5, index);
            assert_eq!((mutation, bytes.clone()), hostile_input(5, index));
            if !seen.contains(&mutation) {
                seen.push(mutation);
            }
        }
        assert_eq!(
            seen.len(),
            MUTATIONS.len(),
            "every mutation appears: {seen:?}"
        );
    }
}
