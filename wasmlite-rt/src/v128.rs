//! [`V128`]: a wasm `v128` value as the typed bindings hand it over.

/// A 128-bit SIMD value. Its bits are the wasm value's bytes read as a
/// little-endian integer, so lane 0 is the lowest-addressed lane, as when the
/// value is stored to linear memory.
///
/// Build and read it whole ([`V128::from_bits`], [`V128::to_bits`],
/// [`V128::from_bytes`]) or lane by lane (`from_i32x4`, `to_f32x4`, … for
/// every wasm lane shape).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct V128(u128);

impl V128 {
    /// The value with these bits.
    pub const fn from_bits(bits: u128) -> V128 {
        V128(bits)
    }

    /// The value's bits.
    pub const fn to_bits(self) -> u128 {
        self.0
    }

    /// The value whose bytes in memory are `bytes`.
    pub const fn from_bytes(bytes: [u8; 16]) -> V128 {
        V128(u128::from_le_bytes(bytes))
    }

    /// The value's bytes as stored in memory.
    pub const fn to_bytes(self) -> [u8; 16] {
        self.0.to_le_bytes()
    }
}

/// `from_<shape>` and `to_<shape>` for each lane shape: lane `k` of the
/// array is lane `k` of the value.
macro_rules! lane_shapes {
    ($($lane:ty, $count:literal, $from:ident, $to:ident;)*) => {
        impl V128 {
            $(
                #[doc = concat!("The value with these `", stringify!($lane), "` lanes (lane 0 first).")]
                pub fn $from(lanes: [$lane; $count]) -> V128 {
                    const WIDTH: usize = 16 / $count;
                    let mut bytes = [0u8; 16];
                    for (chunk, lane) in bytes.chunks_exact_mut(WIDTH).zip(lanes) {
                        chunk.copy_from_slice(&lane.to_le_bytes());
                    }
                    V128::from_bytes(bytes)
                }

                #[doc = concat!("The value's `", stringify!($lane), "` lanes (lane 0 first).")]
                pub fn $to(self) -> [$lane; $count] {
                    const WIDTH: usize = 16 / $count;
                    let bytes = self.to_bytes();
                    std::array::from_fn(|k| {
                        let mut lane = [0u8; WIDTH];
                        lane.copy_from_slice(&bytes[k * WIDTH..(k + 1) * WIDTH]);
                        <$lane>::from_le_bytes(lane)
                    })
                }
            )*
        }
    };
}

lane_shapes! {
    i8, 16, from_i8x16, to_i8x16;
    u8, 16, from_u8x16, to_u8x16;
    i16, 8, from_i16x8, to_i16x8;
    u16, 8, from_u16x8, to_u16x8;
    i32, 4, from_i32x4, to_i32x4;
    u32, 4, from_u32x4, to_u32x4;
    i64, 2, from_i64x2, to_i64x2;
    u64, 2, from_u64x2, to_u64x2;
    f32, 4, from_f32x4, to_f32x4;
    f64, 2, from_f64x2, to_f64x2;
}

impl From<u128> for V128 {
    fn from(bits: u128) -> V128 {
        V128(bits)
    }
}

impl From<V128> for u128 {
    fn from(value: V128) -> u128 {
        value.0
    }
}

impl std::fmt::Debug for V128 {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "V128({:#034x})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lane_zero_is_the_lowest_addressed() {
        let v = V128::from_i32x4([1, -2, 3, -4]);
        assert_eq!(v.to_bytes()[..4], 1i32.to_le_bytes());
        assert_eq!(v.to_bits() & 0xffff_ffff, 1);
        assert_eq!(v.to_i32x4(), [1, -2, 3, -4]);
        assert_eq!(v.to_u32x4()[1], (-2i32) as u32);
    }

    #[test]
    fn every_shape_round_trips() {
        let v = V128::from_bits(0x0123_4567_89ab_cdef_fedc_ba98_7654_3210);
        assert_eq!(V128::from_i8x16(v.to_i8x16()), v);
        assert_eq!(V128::from_u16x8(v.to_u16x8()), v);
        assert_eq!(V128::from_i64x2(v.to_i64x2()), v);
        assert_eq!(V128::from_f64x2(v.to_f64x2()).to_bits(), v.to_bits());
        assert_eq!(
            V128::from_f32x4([1.5, -0.0, f32::INFINITY, 2.0]).to_f32x4(),
            [1.5, -0.0, f32::INFINITY, 2.0]
        );
    }
}
