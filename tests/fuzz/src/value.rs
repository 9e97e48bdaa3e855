//! Engine-neutral values, call outcomes and instance state, and how two of
//! them are compared.

use std::fmt;

/// A value type the fuzzer passes or receives (no `v128`: SIMD is off).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    /// `i32`.
    I32,
    /// `i64`.
    I64,
    /// `f32`.
    F32,
    /// `f64`.
    F64,
    /// `funcref`.
    FuncRef,
    /// `externref`.
    ExternRef,
}

/// A value as both engines can express it.
#[derive(Clone, Copy, Debug)]
pub enum Value {
    /// `i32`.
    I32(i32),
    /// `i64`.
    I64(i64),
    /// `f32`, as bits.
    F32(u32),
    /// `f64`, as bits.
    F64(u64),
    /// A `funcref`; only its null-ness is comparable across engines.
    FuncRef {
        /// Whether the reference is `ref.null func`.
        null: bool,
    },
    /// An `externref`: `None` is null, otherwise the host handle passed in.
    ExternRef(Option<u64>),
}

impl Value {
    /// Whether two engines' values agree: numbers by bits (NaNs included:
    /// the generated modules check every float operation against the
    /// specification's NaN rules and canonicalise its NaN results, so the
    /// bits of every value are determined, see [`crate::nan`]), funcrefs by
    /// null-ness, externrefs by handle.
    pub fn agrees_with(&self, other: &Value) -> bool {
        match (*self, *other) {
            (Value::I32(a), Value::I32(b)) => a == b,
            (Value::I64(a), Value::I64(b)) => a == b,
            (Value::F32(a), Value::F32(b)) => a == b,
            (Value::F64(a), Value::F64(b)) => a == b,
            (Value::FuncRef { null: a }, Value::FuncRef { null: b }) => a == b,
            (Value::ExternRef(a), Value::ExternRef(b)) => a == b,
            _ => false,
        }
    }
}

impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Value::I32(x) => write!(f, "i32:{x}"),
            Value::I64(x) => write!(f, "i64:{x}"),
            Value::F32(x) => write!(f, "f32:{:?}(0x{x:08x})", f32::from_bits(x)),
            Value::F64(x) => write!(f, "f64:{:?}(0x{x:016x})", f64::from_bits(x)),
            Value::FuncRef { null: true } => write!(f, "funcref:null"),
            Value::FuncRef { null: false } => write!(f, "funcref:non-null"),
            Value::ExternRef(None) => write!(f, "externref:null"),
            Value::ExternRef(Some(h)) => write!(f, "externref:{h}"),
        }
    }
}

/// Formats a value list as `[a, b]`.
pub fn list(values: &[Value]) -> String {
    let items: Vec<String> = values.iter().map(Value::to_string).collect();
    format!("[{}]", items.join(", "))
}

/// Why an engine stopped a call early, in terms both engines share.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TrapKind {
    /// `unreachable` (also how wasm-smith's fuel checks stop runaway code).
    Unreachable,
    /// Out-of-bounds linear memory access.
    MemoryOutOfBounds,
    /// Out-of-bounds table access.
    TableOutOfBounds,
    /// `call_indirect` through a null entry.
    IndirectCallToNull,
    /// `call_indirect` signature mismatch.
    BadSignature,
    /// Signed division overflow or out-of-range float-to-int.
    IntegerOverflow,
    /// Division or remainder by zero.
    IntegerDivisionByZero,
    /// NaN converted to an integer.
    BadConversionToInteger,
    /// Null reference dereferenced.
    NullReference,
    /// Call stack exhausted: engines' limits differ, so not comparable.
    StackOverflow,
    /// The reference engine's own fuel ran out: not comparable.
    OutOfFuel,
    /// Anything else, described.
    Other(String),
}

impl TrapKind {
    /// Whether the outcome depends on an engine limit rather than wasm
    /// semantics, so the rest of the module cannot be compared.
    pub fn is_resource_limit(&self) -> bool {
        matches!(self, TrapKind::StackOverflow | TrapKind::OutOfFuel)
    }

    /// Whether two engines' trap kinds agree: the same kind, or two
    /// engine-specific failures ([`TrapKind::Other`]), whose descriptions
    /// cannot be compared.
    pub fn agrees_with(&self, other: &TrapKind) -> bool {
        self == other || matches!((self, other), (TrapKind::Other(_), TrapKind::Other(_)))
    }
}

/// How a call ended.
#[derive(Clone, Debug)]
pub enum Outcome {
    /// Returned these results.
    Returned(Vec<Value>),
    /// Trapped.
    Trapped(TrapKind),
    /// The engine refused to make the call (unknown export, type mismatch).
    Refused(String),
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Outcome::Returned(values) => write!(f, "returned {}", list(values)),
            Outcome::Trapped(kind) => write!(f, "trapped ({kind:?})"),
            Outcome::Refused(why) => write!(f, "refused the call: {why}"),
        }
    }
}

/// The observable state of an instance: its exported globals, memories
/// and tables, by export name.
#[derive(Clone, Debug, Default)]
pub struct State {
    /// Exported globals.
    pub globals: Vec<(String, Value)>,
    /// Exported memories' bytes.
    pub memories: Vec<(String, Vec<u8>)>,
    /// Exported tables' elements.
    pub tables: Vec<(String, Vec<Value>)>,
}

/// The first difference between two states (`a` from wasmlite, `b` from
/// the reference), described; `None` if they agree. Both states list the
/// same exports in the same order.
pub fn state_difference(a: &State, b: &State) -> Option<String> {
    for ((name, x), (_, y)) in a.globals.iter().zip(&b.globals) {
        if !x.agrees_with(y) {
            return Some(format!("global `{name}`: wasmlite {x}, wasmi {y}"));
        }
    }
    for ((name, x), (_, y)) in a.memories.iter().zip(&b.memories) {
        if x.len() != y.len() {
            return Some(format!(
                "memory `{name}` size: wasmlite {} bytes, wasmi {} bytes",
                x.len(),
                y.len()
            ));
        }
        if let Some(at) = x.iter().zip(y).position(|(p, q)| p != q) {
            let end = (at + 8).min(x.len());
            return Some(format!(
                "memory `{name}` differs at offset {at}: wasmlite {:02x?}, wasmi {:02x?}",
                &x[at..end],
                &y[at..end]
            ));
        }
    }
    for ((name, x), (_, y)) in a.tables.iter().zip(&b.tables) {
        if x.len() != y.len() {
            return Some(format!(
                "table `{name}` size: wasmlite {}, wasmi {}",
                x.len(),
                y.len()
            ));
        }
        if let Some(at) = x.iter().zip(y).position(|(p, q)| !p.agrees_with(q)) {
            return Some(format!(
                "table `{name}` element {at}: wasmlite {}, wasmi {}",
                x[at], y[at]
            ));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nans_agree_by_bits() {
        assert!(Value::F32(0x7fa0_0000).agrees_with(&Value::F32(0x7fa0_0000)));
        assert!(
            !Value::F32(0x7fc0_0000).agrees_with(&Value::F32(0x7fa0_0000)),
            "a signalling NaN is not the quiet one"
        );
        assert!(!Value::F64(0x7ff8_0000_0000_0000).agrees_with(&Value::F64(0xfff8_0000_0000_0000)));
        assert!(
            !Value::F32(0x8000_0000).agrees_with(&Value::F32(0)),
            "-0 is not +0"
        );
        assert!(
            !Value::F32(0x7fc0_0000).agrees_with(&Value::F32(0x7f80_0000)),
            "NaN is not inf"
        );
    }

    #[test]
    fn values_of_different_types_disagree() {
        assert!(!Value::I32(0).agrees_with(&Value::I64(0)));
        assert!(Value::ExternRef(Some(3)).agrees_with(&Value::ExternRef(Some(3))));
        assert!(!Value::ExternRef(None).agrees_with(&Value::ExternRef(Some(3))));
    }

    #[test]
    fn state_difference_names_the_first_differing_byte() {
        let a = State {
            memories: vec![("m".into(), vec![1, 2, 3])],
            ..State::default()
        };
        let mut b = a.clone();
        assert_eq!(state_difference(&a, &b), None);
        b.memories[0].1[1] = 9;
        let text = state_difference(&a, &b).expect("differs");
        assert!(text.contains("offset 1"), "{text}");
    }
}
