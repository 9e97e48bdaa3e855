//! A reference model of the numeric operators, written from the wasm
//! specification with Rust's own operators (independently of the
//! translator), to compare compiled code against.

use super::values::Value;
use wasmlite_abi::TrapCode;

/// What an operator must produce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Expected {
    /// Exactly this value (bit for bit for floats).
    Exact(Value),
    /// Any NaN of the value's type with the quiet bit set (an
    /// "arithmetic" NaN in the specification's words).
    ArithmeticNan(Value),
    /// A trap with this code.
    Trap(TrapCode),
}

impl Expected {
    /// Whether `actual` satisfies this expectation.
    pub fn accepts(self, actual: Result<Value, TrapCode>) -> bool {
        match (self, actual) {
            (Expected::Exact(e), Ok(a)) => e == a,
            (Expected::ArithmeticNan(Value::F32(_)), Ok(Value::F32(bits))) => {
                bits & 0x7fc0_0000 == 0x7fc0_0000
            }
            (Expected::ArithmeticNan(Value::F64(_)), Ok(Value::F64(bits))) => {
                bits & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000
            }
            (Expected::Trap(e), Err(a)) => e == a,
            _ => false,
        }
    }
}

/// The result of operator `name` (`i32.add`) on `args`.
pub fn eval(name: &str, args: &[Value]) -> Expected {
    use Value::*;
    let (prefix, op) = name.split_once('.').expect("operator names are ty.op");
    let result = match (prefix, args) {
        ("i32", [I32(a)]) => int32_unary(op, *a),
        ("i64", [I64(a)]) => int64_unary(op, *a),
        ("i32", [I32(a), I32(b)]) => int32_binary(op, *a, *b),
        ("i64", [I64(a), I64(b)]) => int64_binary(op, *a, *b),
        ("f32", [F32(a), F32(b)]) => f32_binary(op, f32::from_bits(*a), f32::from_bits(*b)),
        ("f64", [F64(a), F64(b)]) => f64_binary(op, f64::from_bits(*a), f64::from_bits(*b)),
        ("f32", [F32(a)]) => Ok(f32_unary(op, f32::from_bits(*a))),
        ("f64", [F64(a)]) => Ok(f64_unary(op, f64::from_bits(*a))),
        (_, [a]) => conversion(name, *a),
        _ => panic!("no reference for {name} on {args:?}"),
    };
    match result {
        Ok(v) if !is_bitwise(op) && is_nan(v) => Expected::ArithmeticNan(v),
        Ok(v) => Expected::Exact(v),
        Err(code) => Expected::Trap(code),
    }
}

/// Operators that only move or flip bits: their NaN results are exact.
fn is_bitwise(op: &str) -> bool {
    matches!(op, "abs" | "neg" | "copysign") || op.starts_with("reinterpret")
}

fn is_nan(v: Value) -> bool {
    match v {
        Value::F32(b) => f32::from_bits(b).is_nan(),
        Value::F64(b) => f64::from_bits(b).is_nan(),
        _ => false,
    }
}

/// Integer operators of one width.
macro_rules! int_ops {
    ($unary:ident, $binary:ident, $s:ty, $u:ty, $v:path) => {
        fn $unary(op: &str, a: $s) -> Result<Value, TrapCode> {
            let bits = <$s>::BITS;
            Ok(match op {
                "eqz" => Value::I32((a == 0) as i32),
                "clz" => $v(a.leading_zeros() as $s),
                "ctz" => $v(a.trailing_zeros() as $s),
                "popcnt" => $v(a.count_ones() as $s),
                "extend8_s" => $v(a as i8 as $s),
                "extend16_s" => $v(a as i16 as $s),
                "extend32_s" => $v(a as i32 as $s),
                _ => panic!("no {op} on {bits}-bit integers"),
            })
        }

        fn $binary(op: &str, a: $s, b: $s) -> Result<Value, TrapCode> {
            let (ua, ub) = (a as $u, b as $u);
            let flag = |c: bool| Ok(Value::I32(c as i32));
            let int = |v: $s| Ok($v(v));
            let nonzero = if b == 0 {
                Err(TrapCode::IntegerDivisionByZero)
            } else {
                Ok(())
            };
            match op {
                "eq" => flag(a == b),
                "ne" => flag(a != b),
                "lt_s" => flag(a < b),
                "lt_u" => flag(ua < ub),
                "gt_s" => flag(a > b),
                "gt_u" => flag(ua > ub),
                "le_s" => flag(a <= b),
                "le_u" => flag(ua <= ub),
                "ge_s" => flag(a >= b),
                "ge_u" => flag(ua >= ub),
                "add" => int(a.wrapping_add(b)),
                "sub" => int(a.wrapping_sub(b)),
                "mul" => int(a.wrapping_mul(b)),
                "div_s" => nonzero
                    .and_then(|()| a.checked_div(b).ok_or(TrapCode::IntegerOverflow))
                    .map($v),
                "div_u" => nonzero.map(|()| $v((ua / ub) as $s)),
                "rem_s" => nonzero.map(|()| $v(a.wrapping_rem(b))),
                "rem_u" => nonzero.map(|()| $v((ua % ub) as $s)),
                "and" => int(a & b),
                "or" => int(a | b),
                "xor" => int(a ^ b),
                "shl" => int(a.wrapping_shl(b as u32)),
                "shr_s" => int(a.wrapping_shr(b as u32)),
                "shr_u" => int(ua.wrapping_shr(b as u32) as $s),
                "rotl" => int(ua.rotate_left((ub % <$u>::BITS as $u) as u32) as $s),
                "rotr" => int(ua.rotate_right((ub % <$u>::BITS as $u) as u32) as $s),
                _ => panic!("no {op} on integers"),
            }
        }
    };
}

int_ops!(int32_unary, int32_binary, i32, u32, Value::I32);
int_ops!(int64_unary, int64_binary, i64, u64, Value::I64);

/// Float operators of one width.
macro_rules! float_ops {
    ($unary:ident, $binary:ident, $f:ty, $v:path) => {
        fn $unary(op: &str, a: $f) -> Value {
            let sign = 1 << (<$f>::BITS_WIDTH - 1);
            let bits = a.to_bits();
            $v(match op {
                "abs" => bits & !sign,
                "neg" => bits ^ sign,
                "ceil" => a.ceil().to_bits(),
                "floor" => a.floor().to_bits(),
                "trunc" => a.trunc().to_bits(),
                "nearest" => a.round_ties_even().to_bits(),
                "sqrt" => a.sqrt().to_bits(),
                _ => panic!("no {op} on floats"),
            })
        }

        fn $binary(op: &str, a: $f, b: $f) -> Result<Value, TrapCode> {
            let sign = 1 << (<$f>::BITS_WIDTH - 1);
            let flag = |c: bool| Ok(Value::I32(c as i32));
            let float = |v: $f| Ok($v(v.to_bits()));
            match op {
                "eq" => flag(a == b),
                "ne" => flag(a != b),
                "lt" => flag(a < b),
                "gt" => flag(a > b),
                "le" => flag(a <= b),
                "ge" => flag(a >= b),
                "add" => float(a + b),
                "sub" => float(a - b),
                "mul" => float(a * b),
                "div" => float(a / b),
                // NaN-propagating; -0 is below +0.
                "min" if a.is_nan() || b.is_nan() => float(<$f>::NAN),
                "max" if a.is_nan() || b.is_nan() => float(<$f>::NAN),
                "min" if a == 0.0 && b == 0.0 => Ok($v(a.to_bits() | b.to_bits())),
                "max" if a == 0.0 && b == 0.0 => Ok($v(a.to_bits() & b.to_bits())),
                "min" => float(a.min(b)),
                "max" => float(a.max(b)),
                "copysign" => Ok($v((a.to_bits() & !sign) | (b.to_bits() & sign))),
                _ => panic!("no {op} on floats"),
            }
        }
    };
}

/// Bit widths of the float types, for the macro.
trait BitsWidth {
    const BITS_WIDTH: u32;
}
impl BitsWidth for f32 {
    const BITS_WIDTH: u32 = 32;
}
impl BitsWidth for f64 {
    const BITS_WIDTH: u32 = 64;
}

float_ops!(f32_unary, f32_binary, f32, Value::F32);
float_ops!(f64_unary, f64_binary, f64, Value::F64);

/// Conversions (operators with one operand of another type).
fn conversion(name: &str, a: Value) -> Result<Value, TrapCode> {
    use Value::*;
    Ok(match (name, a) {
        ("i32.wrap_i64", I64(x)) => I32(x as i32),
        ("i64.extend_i32_s", I32(x)) => I64(x as i64),
        ("i64.extend_i32_u", I32(x)) => I64(x as u32 as i64),
        ("f32.demote_f64", F64(x)) => F32((f64::from_bits(x) as f32).to_bits()),
        ("f64.promote_f32", F32(x)) => F64((f32::from_bits(x) as f64).to_bits()),
        ("i32.reinterpret_f32", F32(x)) => I32(x as i32),
        ("i64.reinterpret_f64", F64(x)) => I64(x as i64),
        ("f32.reinterpret_i32", I32(x)) => F32(x as u32),
        ("f64.reinterpret_i64", I64(x)) => F64(x as u64),
        _ if name.contains(".convert_") => convert(name, a),
        _ if name.contains(".trunc_sat_") => truncate_saturating(name, as_f64(a)),
        _ if name.contains(".trunc_") => truncate(name, as_f64(a))?,
        _ => panic!("no reference for {name} on {a:?}"),
    })
}

/// A float operand widened to `f64` (exact).
fn as_f64(a: Value) -> f64 {
    match a {
        Value::F32(b) => f32::from_bits(b) as f64,
        Value::F64(b) => f64::from_bits(b),
        _ => panic!("{a:?} is not a float"),
    }
}

/// `fN.convert_iM_s/u`: Rust's `as` rounds to nearest, ties to even.
fn convert(name: &str, a: Value) -> Value {
    let to_f32 = name.starts_with("f32");
    let signed = name.ends_with("_s");
    macro_rules! to {
        ($x:expr) => {
            if to_f32 {
                Value::F32(($x as f32).to_bits())
            } else {
                Value::F64(($x as f64).to_bits())
            }
        };
    }
    match (a, signed) {
        (Value::I32(x), true) => to!(x),
        (Value::I32(x), false) => to!(x as u32),
        (Value::I64(x), true) => to!(x),
        (Value::I64(x), false) => to!(x as u64),
        _ => panic!("{name} takes an integer"),
    }
}

/// The trapping truncations: NaN traps with `BadConversionToInteger`,
/// values whose truncation does not fit with `IntegerOverflow`.
fn truncate(name: &str, x: f64) -> Result<Value, TrapCode> {
    let (bits, signed) = int_target(name);
    let t = x.trunc();
    let (min, end) = if signed {
        (-(2f64.powi(bits - 1)), 2f64.powi(bits - 1))
    } else {
        (0.0, 2f64.powi(bits))
    };
    if x.is_nan() {
        return Err(TrapCode::BadConversionToInteger);
    }
    if t < min || t >= end {
        return Err(TrapCode::IntegerOverflow);
    }
    Ok(truncate_saturating(name, x))
}

/// The saturating truncations: Rust's `as` saturates and maps NaN to 0.
fn truncate_saturating(name: &str, x: f64) -> Value {
    match int_target(name) {
        (32, true) => Value::I32(x as i32),
        (32, false) => Value::I32(x as u32 as i32),
        (64, true) => Value::I64(x as i64),
        _ => Value::I64(x as u64 as i64),
    }
}

/// Width and signedness of a truncation's result.
fn int_target(name: &str) -> (i32, bool) {
    (
        if name.starts_with("i32") { 32 } else { 64 },
        name.ends_with("_s"),
    )
}
