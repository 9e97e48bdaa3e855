//! Which trap code a test suite trap message stands for.

use wasmlite_rt::TrapCode;

/// Message prefixes of `assert_trap` / `assert_exhaustion` and the trap
/// code each means. The suite's wording differs from
/// [`TrapCode::message`] in places (`undefined element` is an index past
/// the end of the table, `uninitialized element` a null entry).
const MESSAGES: &[(&str, TrapCode)] = &[
    ("out of bounds memory access", TrapCode::MemoryOutOfBounds),
    ("out of bounds table access", TrapCode::TableOutOfBounds),
    ("undefined element", TrapCode::TableOutOfBounds),
    ("uninitialized element", TrapCode::IndirectCallToNull),
    ("indirect call type mismatch", TrapCode::BadSignature),
    ("integer overflow", TrapCode::IntegerOverflow),
    ("integer divide by zero", TrapCode::IntegerDivisionByZero),
    (
        "invalid conversion to integer",
        TrapCode::BadConversionToInteger,
    ),
    ("unreachable", TrapCode::UnreachableCodeReached),
    ("call stack exhausted", TrapCode::StackOverflow),
    ("null function reference", TrapCode::NullReference),
    ("null reference", TrapCode::NullReference),
];

/// The trap code the suite means by `message`, if the harness knows the
/// message.
pub fn expected_code(message: &str) -> Option<TrapCode> {
    MESSAGES
        .iter()
        .find(|(prefix, _)| message.starts_with(prefix))
        .map(|(_, code)| *code)
}

/// `Ok` if a trap with `code` satisfies an assertion expecting `message`
/// (any trap does when the message is unknown); otherwise why not.
pub fn check_trap(message: &str, code: TrapCode) -> Result<(), String> {
    match expected_code(message) {
        Some(expected) if expected != code => Err(format!(
            "expected trap `{message}` ({expected:?}), got `{code}` ({code:?})"
        )),
        _ => Ok(()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suite_wording_maps_to_codes() {
        assert_eq!(
            expected_code("uninitialized element 2"),
            Some(TrapCode::IndirectCallToNull)
        );
        assert_eq!(
            expected_code("undefined element"),
            Some(TrapCode::TableOutOfBounds)
        );
        assert_eq!(
            expected_code("integer divide by zero"),
            Some(TrapCode::IntegerDivisionByZero)
        );
        assert_eq!(expected_code("cast failure"), None);
        assert!(check_trap("unreachable", TrapCode::UnreachableCodeReached).is_ok());
        assert!(check_trap("unreachable", TrapCode::MemoryOutOfBounds).is_err());
        assert!(check_trap("cast failure", TrapCode::MemoryOutOfBounds).is_ok());
    }

    #[test]
    fn every_code_message_is_recognised() {
        // A host function's error is not a wasm trap the suite can expect.
        for code in TrapCode::ALL.into_iter().filter(|&c| c != TrapCode::HostError) {
            assert_eq!(expected_code(code.message()), Some(code), "{code:?}");
        }
    }
}
