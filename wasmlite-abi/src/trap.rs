//! Trap codes: why wasm code stopped.

/// Why a wasm function trapped. The numeric values are part of the ABI: the
/// compiler passes them to [`crate::Libcall::Trap`].
#[repr(u32)]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TrapCode {
    /// The wasm call stack went past its limit.
    StackOverflow = 0,
    /// A load, store or bulk memory operation was out of bounds.
    MemoryOutOfBounds = 1,
    /// A table access (including `call_indirect`'s index) was out of bounds.
    TableOutOfBounds = 2,
    /// `call_indirect` found a null table entry.
    IndirectCallToNull = 3,
    /// `call_indirect` found a function of the wrong type.
    BadSignature = 4,
    /// Signed integer division overflowed (`INT_MIN / -1`), or a trapping
    /// float-to-int conversion got a value out of the integer's range.
    IntegerOverflow = 5,
    /// Integer division or remainder by zero.
    IntegerDivisionByZero = 6,
    /// A trapping float-to-int conversion got NaN.
    BadConversionToInteger = 7,
    /// The `unreachable` instruction ran.
    UnreachableCodeReached = 8,
    /// A null reference was dereferenced.
    NullReference = 9,
    /// A host function returned an error, which stopped the call (never
    /// raised by compiled code: the runtime records it when a host import
    /// returns `Err`).
    HostError = 10,
}

impl TrapCode {
    /// Every trap code, in numeric order.
    pub const ALL: [TrapCode; 11] = [
        TrapCode::StackOverflow,
        TrapCode::MemoryOutOfBounds,
        TrapCode::TableOutOfBounds,
        TrapCode::IndirectCallToNull,
        TrapCode::BadSignature,
        TrapCode::IntegerOverflow,
        TrapCode::IntegerDivisionByZero,
        TrapCode::BadConversionToInteger,
        TrapCode::UnreachableCodeReached,
        TrapCode::NullReference,
        TrapCode::HostError,
    ];

    /// The code with this numeric value, if any.
    pub fn from_u32(value: u32) -> Option<TrapCode> {
        TrapCode::ALL.get(value as usize).copied()
    }

    /// The wording the WebAssembly specification's test suite uses.
    pub fn message(self) -> &'static str {
        match self {
            TrapCode::StackOverflow => "call stack exhausted",
            TrapCode::MemoryOutOfBounds => "out of bounds memory access",
            TrapCode::TableOutOfBounds => "out of bounds table access",
            TrapCode::IndirectCallToNull => "uninitialized element",
            TrapCode::BadSignature => "indirect call type mismatch",
            TrapCode::IntegerOverflow => "integer overflow",
            TrapCode::IntegerDivisionByZero => "integer divide by zero",
            TrapCode::BadConversionToInteger => "invalid conversion to integer",
            TrapCode::UnreachableCodeReached => "unreachable",
            TrapCode::NullReference => "null reference",
            TrapCode::HostError => "host function error",
        }
    }
}

impl core::fmt::Display for TrapCode {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.message())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numeric_values_round_trip() {
        for (i, code) in TrapCode::ALL.iter().enumerate() {
            assert_eq!(*code as u32, i as u32);
            assert_eq!(TrapCode::from_u32(i as u32), Some(*code));
        }
        assert_eq!(TrapCode::from_u32(TrapCode::ALL.len() as u32), None);
    }
}
