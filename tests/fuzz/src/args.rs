//! Arguments for exported functions: boundary values mixed with random
//! bits, drawn from a generator seeded by the module's bytes.

use crate::rng::Rng;
use crate::value::{Ty, Value};

const I32_EDGES: &[i32] = &[
    0,
    1,
    -1,
    2,
    7,
    31,
    32,
    255,
    65535,
    65536,
    i32::MIN,
    i32::MAX,
];
const I64_EDGES: &[i64] = &[0, 1, -1, 63, 64, 65536, i64::MIN, i64::MAX, 0x1_0000_0000];
const F32_EDGES: &[u32] = &[
    0x0000_0000, // +0
    0x8000_0000, // -0
    0x3f80_0000, // 1
    0xbf80_0000, // -1
    0x3f00_0000, // 0.5
    0x7f80_0000, // +inf
    0xff80_0000, // -inf
    0x7fc0_0000, // canonical NaN
    0xffc0_0000, // negative canonical NaN
    0x7fa0_0001, // signalling NaN
    0xffa0_0000, // negative signalling NaN
    0x7f80_0001, // signalling NaN, smallest payload
    0x0000_0001, // smallest subnormal
    0x7f7f_ffff, // largest finite
    0x4f00_0000, // 2^31
    0xcf00_0000, // -2^31
    0x4f80_0000, // 2^32
    0x5f00_0000, // 2^63
];
const F64_EDGES: &[u64] = &[
    0x0000_0000_0000_0000,
    0x8000_0000_0000_0000,
    0x3ff0_0000_0000_0000,
    0xbff0_0000_0000_0000,
    0x3fe0_0000_0000_0000,
    0x7ff0_0000_0000_0000,
    0xfff0_0000_0000_0000,
    0x7ff8_0000_0000_0000,
    0xfff8_0000_0000_0000,
    0x7ff4_0000_0000_0001, // signalling NaN
    0xfff4_0000_0000_0000, // negative signalling NaN
    0x7ff0_0000_0000_0001, // signalling NaN, smallest payload
    0x0000_0000_0000_0001,
    0x7fef_ffff_ffff_ffff,
    0x41e0_0000_0000_0000, // 2^31
    0xc1e0_0000_0000_0000, // -2^31
    0x41f0_0000_0000_0000, // 2^32
    0x43e0_0000_0000_0000, // 2^63
    0x41df_ffff_ffc0_0000, // 2^31 - 1
];

/// The handles `externref` arguments carry (non-null ones).
pub const EXTERN_HANDLES: u64 = 4;

/// One argument of type `ty`.
pub fn arbitrary_value(rng: &mut Rng, ty: Ty) -> Value {
    let edge = rng.chance(1, 2);
    match ty {
        Ty::I32 if edge => Value::I32(*rng.pick(I32_EDGES)),
        Ty::I32 => Value::I32(small_or_wide(rng) as i32),
        Ty::I64 if edge => Value::I64(*rng.pick(I64_EDGES)),
        Ty::I64 => Value::I64(small_or_wide(rng) as i64),
        Ty::F32 if edge => Value::F32(*rng.pick(F32_EDGES)),
        Ty::F32 => Value::F32(rng.next_u64() as u32),
        Ty::F64 if edge => Value::F64(*rng.pick(F64_EDGES)),
        Ty::F64 => Value::F64(rng.next_u64()),
        Ty::FuncRef => Value::FuncRef { null: true },
        Ty::ExternRef if rng.chance(1, 3) => Value::ExternRef(None),
        Ty::ExternRef => Value::ExternRef(Some(1 + rng.below(EXTERN_HANDLES))),
    }
}

/// Small numbers (likely memory offsets and counts) or any 64 bits.
fn small_or_wide(rng: &mut Rng) -> u64 {
    if rng.chance(1, 2) {
        rng.below(1 << 17)
    } else {
        rng.next_u64()
    }
}

/// Arguments for a function with `params`.
pub fn arguments(rng: &mut Rng, params: &[Ty]) -> Vec<Value> {
    params.iter().map(|&ty| arbitrary_value(rng, ty)).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arguments_have_the_parameter_types() {
        let mut rng = Rng::new(1, 2);
        let params = [
            Ty::I32,
            Ty::I64,
            Ty::F32,
            Ty::F64,
            Ty::FuncRef,
            Ty::ExternRef,
        ];
        for _ in 0..50 {
            let args = arguments(&mut rng, &params);
            assert!(matches!(
                args[..],
                [
                    Value::I32(_),
                    Value::I64(_),
                    Value::F32(_),
                    Value::F64(_),
                    Value::FuncRef { null: true },
                    Value::ExternRef(_)
                ]
            ));
        }
    }
}
