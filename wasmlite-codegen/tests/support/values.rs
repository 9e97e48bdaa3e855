//! Wasm values for tests: edge-case operands per type and their wasm text.

use super::operators::Ty;

/// A wasm number; floats are kept as bits so NaN payloads are exact.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Value {
    I32(i32),
    I64(i64),
    F32(u32),
    F64(u64),
}

impl Value {
    /// The value as a wasm text constant operand (`-7`, `nan:0x200000`,
    /// `-0x1.8p+1`), exact for every bit pattern.
    pub fn text(self) -> String {
        match self {
            Value::I32(v) => v.to_string(),
            Value::I64(v) => v.to_string(),
            Value::F32(bits) => float_text(bits as u64, 8, 23),
            Value::F64(bits) => float_text(bits, 11, 52),
        }
    }

    /// The type of the value.
    pub fn ty(self) -> Ty {
        match self {
            Value::I32(_) => Ty::I32,
            Value::I64(_) => Ty::I64,
            Value::F32(_) => Ty::F32,
            Value::F64(_) => Ty::F64,
        }
    }
}

/// Floats show their bits in hex and their value.
impl std::fmt::Debug for Value {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Value::I32(v) => write!(f, "I32({v})"),
            Value::I64(v) => write!(f, "I64({v})"),
            Value::F32(b) => write!(f, "F32({b:#010x} = {:?})", f32::from_bits(*b)),
            Value::F64(b) => write!(f, "F64({b:#018x} = {:?})", f64::from_bits(*b)),
        }
    }
}

/// Wasm text for a float given as bits with `exp_bits` exponent and
/// `frac_bits` fraction bits.
fn float_text(bits: u64, exp_bits: u32, frac_bits: u32) -> String {
    let sign = if bits >> (exp_bits + frac_bits) & 1 == 1 {
        "-"
    } else {
        ""
    };
    let exp = (bits >> frac_bits) & ((1 << exp_bits) - 1);
    let frac = bits & ((1 << frac_bits) - 1);
    let bias = (1i64 << (exp_bits - 1)) - 1;
    // Pad the fraction to whole hex digits.
    let pad = (4 - frac_bits % 4) % 4;
    let digits = ((frac_bits + pad) / 4) as usize;
    let frac_hex = format!("{:0digits$x}", frac << pad);
    if exp == (1 << exp_bits) - 1 {
        return if frac == 0 {
            format!("{sign}inf")
        } else {
            format!("{sign}nan:{frac:#x}")
        };
    }
    if exp == 0 {
        if frac == 0 {
            return format!("{sign}0x0p+0");
        }
        return format!("{sign}0x0.{frac_hex}p{}", 1 - bias);
    }
    format!("{sign}0x1.{frac_hex}p{:+}", exp as i64 - bias)
}

/// Edge-case operands of type `ty`.
pub fn edges(ty: Ty) -> Vec<Value> {
    match ty {
        Ty::I32 => [
            0,
            1,
            -1,
            2,
            -7,
            31,
            32,
            33,
            0x1234_5678,
            0x80,
            0x8000,
            i32::MIN,
            i32::MAX,
        ]
        .into_iter()
        .map(Value::I32)
        .collect(),
        Ty::I64 => [
            0,
            1,
            -1,
            -7,
            63,
            64,
            65,
            0x80,
            0x8000,
            0x8000_0000,
            0xffff_ffff,
            1 << 32,
            0x1234_5678_9abc_def0,
            i64::MIN,
            i64::MAX,
        ]
        .into_iter()
        .map(Value::I64)
        .collect(),
        Ty::F32 => {
            let finite = [
                0.0f32,
                -0.0,
                1.0,
                -1.0,
                0.5,
                -0.5,
                1.5,
                2.5,
                -2.5,
                -0.9,
                0.499_999_97,
                8_388_607.5,
                8_388_608.0,
                2_147_483_520.0,
                2_147_483_648.0,
                -2_147_483_648.0,
                -2_147_483_904.0,
                4_294_967_040.0,
                4_294_967_296.0,
                9.223_372e18,
                -9.223_372e18,
                1.844_674_4e19,
                1e-45,
                f32::MAX,
                f32::INFINITY,
                f32::NEG_INFINITY,
            ];
            let nans = [0x7fc0_0000, 0xffc0_0000, 0x7fa0_0000, 0x7f80_0001];
            finite
                .iter()
                .map(|f| f.to_bits())
                .chain(nans)
                .map(Value::F32)
                .collect()
        }
        Ty::F64 => {
            let finite = [
                0.0f64,
                -0.0,
                1.0,
                -1.0,
                0.5,
                -0.5,
                2.5,
                -2.5,
                -0.9,
                0.499_999_999_999_999_94,
                4_503_599_627_370_495.5,
                4_503_599_627_370_496.0,
                2_147_483_647.9,
                2_147_483_648.0,
                -2_147_483_648.9,
                -2_147_483_649.0,
                4_294_967_295.9,
                4_294_967_296.0,
                9_223_372_036_854_774_784.0,
                9_223_372_036_854_775_808.0,
                -9_223_372_036_854_775_808.0,
                -9_223_372_036_854_777_856.0,
                18_446_744_073_709_549_568.0,
                18_446_744_073_709_551_616.0,
                3.402_823_466_385_289e38,
                3.402_823_476_385_289e38,
                5e-324,
                f64::MAX,
                f64::INFINITY,
                f64::NEG_INFINITY,
            ];
            let nans = [
                0x7ff8_0000_0000_0000,
                0xfff8_0000_0000_0000,
                0x7ff4_0000_0000_0000,
                0x7ff0_0000_0000_0001,
            ];
            finite
                .iter()
                .map(|f| f.to_bits())
                .chain(nans)
                .map(Value::F64)
                .collect()
        }
    }
}

/// A few operands of type `ty` (for operand combinations that would be
/// too many with [`edges`]).
pub fn few(ty: Ty) -> Vec<Value> {
    match ty {
        Ty::I32 => [0, 1, -1, 33, i32::MIN]
            .into_iter()
            .map(Value::I32)
            .collect(),
        Ty::I64 => [0, 1, -1, 65, i64::MIN]
            .into_iter()
            .map(Value::I64)
            .collect(),
        Ty::F32 => [0.0f32, -0.0, 1.0, -2.5, f32::INFINITY]
            .iter()
            .map(|f| f.to_bits())
            .chain([0x7fa0_0000])
            .map(Value::F32)
            .collect(),
        Ty::F64 => [0.0f64, -0.0, 1.0, -2.5, f64::INFINITY]
            .iter()
            .map(|f| f.to_bits())
            .chain([0x7ff4_0000_0000_0000])
            .map(Value::F64)
            .collect(),
    }
}

/// Every operand list with one operand per type in `types`, each drawn
/// from `pool(type)`.
pub fn product(types: &[Ty], pool: fn(Ty) -> Vec<Value>) -> Vec<Vec<Value>> {
    types.iter().fold(vec![vec![]], |lists, ty| {
        lists
            .iter()
            .flat_map(|prefix| {
                pool(*ty).into_iter().map(move |v| {
                    let mut list = prefix.clone();
                    list.push(v);
                    list
                })
            })
            .collect()
    })
}
