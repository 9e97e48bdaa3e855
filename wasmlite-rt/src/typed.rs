//! [`WasmValue`]: how each Rust type of the typed bindings crosses into and
//! out of compiled wasm. `include_wasm!` names these types in signatures and
//! calls these conversions; keeping them here gives each value type exactly
//! one definition of its representations.

use crate::instance_data::InstanceData;
use crate::v128::V128;
use crate::val::{ExternRef, FuncRef, Val};
use std::ptr::NonNull;
use wasmlite_abi::{VMContext, VMFuncRef, ValRaw, ValType};

/// A Rust type standing for a wasm value type in the typed bindings:
/// `i32`, `i64`, `f32`, `f64`, [`V128`], `Option<FuncRef>` (`funcref`) and
/// `Option<ExternRef>` (`externref`). Sealed: exactly these.
pub trait WasmValue: Sized + sealed::Sealed {
    /// The wasm type.
    const TYPE: ValType;

    /// The type in the native calling convention
    /// ([`wasmlite_abi::calling_convention`]), as import trampolines
    /// receive and return it.
    type Abi: Copy;

    /// The value in an array-convention slot, handed to code of the
    /// instance whose `VMContext` is `vmctx`. A `funcref` of another link
    /// group links the two groups (the code may store it).
    ///
    /// # Safety
    /// `vmctx` must be a live instance's `VMContext`.
    unsafe fn into_raw(self, vmctx: *mut VMContext) -> ValRaw;

    /// The value in an array-convention slot written by code of the
    /// instance whose `VMContext` is `vmctx`.
    ///
    /// # Safety
    /// `vmctx` must be a live instance's `VMContext` and `raw` a value of
    /// type [`Self::TYPE`] produced by its code.
    unsafe fn from_raw(raw: ValRaw, vmctx: *mut VMContext) -> Self;

    /// The value in the native convention, returned to code of the instance
    /// whose `VMContext` is `vmctx` (see [`WasmValue::into_raw`]).
    ///
    /// # Safety
    /// As for [`WasmValue::into_raw`].
    unsafe fn into_abi(self, vmctx: *mut VMContext) -> Self::Abi;

    /// The value passed in the native convention by code of the instance
    /// whose `VMContext` is `vmctx`.
    ///
    /// # Safety
    /// As for [`WasmValue::from_raw`].
    unsafe fn from_abi(abi: Self::Abi, vmctx: *mut VMContext) -> Self;

    /// The dynamic value.
    fn into_val(self) -> Val;

    /// The typed value, if `val` has type [`Self::TYPE`].
    fn from_val(val: Val) -> Option<Self>;
}

mod sealed {
    pub trait Sealed {}
}

/// Numbers: the same in Rust, in slots and in registers.
macro_rules! number {
    ($ty:ty, $wasm:ident, $from_raw:ident, $get_raw:ident, $to_val:expr, $from_val:expr) => {
        impl sealed::Sealed for $ty {}
        impl WasmValue for $ty {
            const TYPE: ValType = ValType::$wasm;
            type Abi = $ty;
            unsafe fn into_raw(self, _vmctx: *mut VMContext) -> ValRaw {
                ValRaw::$from_raw(self)
            }
            unsafe fn from_raw(raw: ValRaw, _vmctx: *mut VMContext) -> Self {
                raw.$get_raw()
            }
            unsafe fn into_abi(self, _vmctx: *mut VMContext) -> $ty {
                self
            }
            unsafe fn from_abi(abi: $ty, _vmctx: *mut VMContext) -> Self {
                abi
            }
            fn into_val(self) -> Val {
                let to_val: fn($ty) -> Val = $to_val;
                to_val(self)
            }
            fn from_val(val: Val) -> Option<Self> {
                let from_val: fn(Val) -> Option<$ty> = $from_val;
                from_val(val)
            }
        }
    };
}

number!(i32, I32, from_i32, get_i32, Val::I32, |v| match v {
    Val::I32(v) => Some(v),
    _ => None,
});
number!(i64, I64, from_i64, get_i64, Val::I64, |v| match v {
    Val::I64(v) => Some(v),
    _ => None,
});
number!(f32, F32, from_f32, get_f32, |v| Val::F32(v.to_bits()), |v| match v {
    Val::F32(bits) => Some(f32::from_bits(bits)),
    _ => None,
});
number!(f64, F64, from_f64, get_f64, |v| Val::F64(v.to_bits()), |v| match v {
    Val::F64(bits) => Some(f64::from_bits(bits)),
    _ => None,
});

/// The native-convention type of `v128`: LLVM's `<2 x i64>`.
#[cfg(target_arch = "x86_64")]
pub type V128Abi = core::arch::x86_64::__m128i;
/// The native-convention type of `v128`: LLVM's `<2 x i64>`.
#[cfg(target_arch = "aarch64")]
pub type V128Abi = core::arch::aarch64::int64x2_t;

#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
impl sealed::Sealed for V128 {}
#[cfg(any(target_arch = "x86_64", target_arch = "aarch64"))]
impl WasmValue for V128 {
    const TYPE: ValType = ValType::V128;
    type Abi = V128Abi;
    unsafe fn into_raw(self, _vmctx: *mut VMContext) -> ValRaw {
        ValRaw::from_u128(self.to_bits())
    }
    unsafe fn from_raw(raw: ValRaw, _vmctx: *mut VMContext) -> Self {
        V128::from_bits(raw.get_u128())
    }
    unsafe fn into_abi(self, _vmctx: *mut VMContext) -> V128Abi {
        // SAFETY: both are 16 plain bytes; every bit pattern is valid, and
        // the vector's lane 0 is the integer's low half on little-endian.
        unsafe { std::mem::transmute::<u128, V128Abi>(self.to_bits()) }
    }
    unsafe fn from_abi(abi: V128Abi, _vmctx: *mut VMContext) -> Self {
        // SAFETY: as in `into_abi`.
        V128::from_bits(unsafe { std::mem::transmute::<V128Abi, u128>(abi) })
    }
    fn into_val(self) -> Val {
        Val::V128(self.to_bits())
    }
    fn from_val(val: Val) -> Option<Self> {
        match val {
            Val::V128(bits) => Some(V128::from_bits(bits)),
            _ => None,
        }
    }
}

impl sealed::Sealed for Option<FuncRef> {}
impl WasmValue for Option<FuncRef> {
    const TYPE: ValType = ValType::FUNCREF;
    type Abi = *const VMFuncRef;
    unsafe fn into_raw(self, vmctx: *mut VMContext) -> ValRaw {
        // SAFETY: upheld by the caller.
        ValRaw::from_usize(unsafe { self.into_abi(vmctx) } as usize)
    }
    unsafe fn from_raw(raw: ValRaw, vmctx: *mut VMContext) -> Self {
        // SAFETY: upheld by the caller.
        unsafe { Self::from_abi(raw.get_usize() as *const VMFuncRef, vmctx) }
    }
    unsafe fn into_abi(self, vmctx: *mut VMContext) -> *const VMFuncRef {
        let Some(func) = self else {
            return std::ptr::null();
        };
        // SAFETY: the caller guarantees `vmctx` is live.
        let data = unsafe { InstanceData::from_vmctx(vmctx) };
        crate::group::Group::merge(&data.group(), func.group());
        func.as_ptr()
    }
    unsafe fn from_abi(abi: *const VMFuncRef, vmctx: *mut VMContext) -> Self {
        let ptr = NonNull::new(abi.cast_mut())?;
        // SAFETY: the caller guarantees `vmctx` is live; a funcref its code
        // holds points into an instance of its group (it was linked in).
        let group = unsafe { InstanceData::from_vmctx(vmctx) }.group();
        // SAFETY: as above.
        Some(unsafe { FuncRef::new(ptr, group) })
    }
    fn into_val(self) -> Val {
        Val::FuncRef(self)
    }
    fn from_val(val: Val) -> Option<Self> {
        match val {
            Val::FuncRef(func) => Some(func),
            _ => None,
        }
    }
}

impl sealed::Sealed for Option<ExternRef> {}
impl WasmValue for Option<ExternRef> {
    const TYPE: ValType = ValType::EXTERNREF;
    type Abi = usize;
    unsafe fn into_raw(self, _vmctx: *mut VMContext) -> ValRaw {
        ValRaw::from_usize(self.map_or(0, |e| e.handle()))
    }
    unsafe fn from_raw(raw: ValRaw, _vmctx: *mut VMContext) -> Self {
        ExternRef::from_raw(raw.get_usize())
    }
    unsafe fn into_abi(self, _vmctx: *mut VMContext) -> usize {
        self.map_or(0, |e| e.handle())
    }
    unsafe fn from_abi(abi: usize, _vmctx: *mut VMContext) -> Self {
        ExternRef::from_raw(abi)
    }
    fn into_val(self) -> Val {
        Val::ExternRef(self)
    }
    fn from_val(val: Val) -> Option<Self> {
        match val {
            Val::ExternRef(e) => Some(e),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dynamic_round_trip<T: WasmValue + PartialEq + std::fmt::Debug + Clone>(value: T) {
        let val = value.clone().into_val();
        assert_eq!(val.ty(), T::TYPE);
        assert_eq!(T::from_val(val), Some(value));
        assert_eq!(T::from_val(Val::I64(1).clone()).is_some(), T::TYPE == ValType::I64);
    }

    #[test]
    fn dynamic_values_match_the_static_type() {
        dynamic_round_trip(-3i32);
        dynamic_round_trip(1i64 << 40);
        dynamic_round_trip(2.5f32);
        dynamic_round_trip(-0.0f64);
        dynamic_round_trip(V128::from_i32x4([1, 2, 3, 4]));
        dynamic_round_trip(None::<FuncRef>);
        dynamic_round_trip(ExternRef::from_raw(77));
    }

    #[test]
    fn numbers_and_vectors_round_trip_through_slots_and_registers() {
        let vmctx = std::ptr::null_mut();
        // SAFETY: numbers, vectors and externrefs never touch `vmctx`.
        unsafe {
            assert_eq!(i32::from_raw((-9i32).into_raw(vmctx), vmctx), -9);
            assert_eq!(f64::from_abi(1.25f64.into_abi(vmctx), vmctx), 1.25);
            let v = V128::from_u16x8([1, 2, 3, 4, 5, 6, 7, 0xffff]);
            assert_eq!(V128::from_raw(v.into_raw(vmctx), vmctx), v);
            assert_eq!(V128::from_abi(v.into_abi(vmctx), vmctx), v);
            let e = ExternRef::from_raw(5);
            assert_eq!(Option::<ExternRef>::from_abi(e.into_abi(vmctx), vmctx), e);
            assert_eq!(Option::<ExternRef>::from_raw(None::<ExternRef>.into_raw(vmctx), vmctx), None);
        }
    }
}
