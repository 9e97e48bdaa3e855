//! The 16-byte value slot of the array calling convention.

/// One wasm value in a 16-byte, 16-aligned slot, little-endian from byte 0.
/// Used by export wrappers ([`crate::ArrayCallFn`]) and multi-value returns.
#[repr(C, align(16))]
#[derive(Clone, Copy, Default, PartialEq, Eq)]
pub struct ValRaw(pub [u8; 16]);

macro_rules! val_raw_accessors {
    ($($ty:ty, $from:ident, $get:ident;)*) => {
        impl ValRaw {
            $(
                #[doc = concat!("A slot holding a `", stringify!($ty), "`.")]
                pub fn $from(value: $ty) -> ValRaw {
                    let mut raw = ValRaw::default();
                    let bytes = value.to_le_bytes();
                    raw.0[..bytes.len()].copy_from_slice(&bytes);
                    raw
                }
                #[doc = concat!("The `", stringify!($ty), "` in this slot.")]
                pub fn $get(&self) -> $ty {
                    const N: usize = core::mem::size_of::<$ty>();
                    let mut bytes = [0u8; N];
                    bytes.copy_from_slice(&self.0[..N]);
                    <$ty>::from_le_bytes(bytes)
                }
            )*
        }
    };
}

val_raw_accessors! {
    i32, from_i32, get_i32;
    i64, from_i64, get_i64;
    u32, from_u32, get_u32;
    u64, from_u64, get_u64;
    f32, from_f32, get_f32;
    f64, from_f64, get_f64;
    u128, from_u128, get_u128;
    usize, from_usize, get_usize;
}

impl core::fmt::Debug for ValRaw {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        write!(f, "ValRaw({:#034x})", self.get_u128())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips_every_width() {
        assert_eq!(ValRaw::from_i32(-5).get_i32(), -5);
        assert_eq!(ValRaw::from_i64(i64::MIN).get_i64(), i64::MIN);
        assert_eq!(ValRaw::from_f32(1.5).get_f32(), 1.5);
        assert_eq!(ValRaw::from_f64(-0.25).get_f64(), -0.25);
        assert_eq!(ValRaw::from_u128(u128::MAX - 1).get_u128(), u128::MAX - 1);
        assert_eq!(core::mem::size_of::<ValRaw>(), 16);
        assert_eq!(core::mem::align_of::<ValRaw>(), 16);
    }
}
