//! Wasm values as the host sees them: [`Val`], [`FuncRef`], [`ExternRef`].

use crate::error::AccessError;
use crate::group::Group;
use crate::type_registry;
use std::num::NonZeroUsize;
use std::ptr::NonNull;
use std::sync::Arc;
use wasmlite_abi::{FuncType, HeapType, RefType, VMFuncRef, ValRaw, ValType};

/// A wasm value.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    /// `i32`.
    I32(i32),
    /// `i64`.
    I64(i64),
    /// `f32`, as bits (so NaN payloads survive).
    F32(u32),
    /// `f64`, as bits.
    F64(u64),
    /// `v128`.
    V128(u128),
    /// `funcref` (`None` is `ref.null func`).
    FuncRef(Option<FuncRef>),
    /// `externref` (`None` is `ref.null extern`).
    ExternRef(Option<ExternRef>),
}

impl Val {
    /// The value's type.
    pub fn ty(&self) -> ValType {
        match self {
            Val::I32(_) => ValType::I32,
            Val::I64(_) => ValType::I64,
            Val::F32(_) => ValType::F32,
            Val::F64(_) => ValType::F64,
            Val::V128(_) => ValType::V128,
            Val::FuncRef(_) => ValType::FUNCREF,
            Val::ExternRef(_) => ValType::EXTERNREF,
        }
    }

    /// The zero value of `ty` (null for references, also non-nullable ones).
    ///
    /// # Panics
    /// For exception references, which have no host representation yet.
    pub fn default_for(ty: ValType) -> Val {
        match ty {
            ValType::I32 => Val::I32(0),
            ValType::I64 => Val::I64(0),
            ValType::F32 => Val::F32(0),
            ValType::F64 => Val::F64(0),
            ValType::V128 => Val::V128(0),
            ValType::Ref(r) => Val::null(r),
        }
    }

    /// The null reference of `ty`'s hierarchy.
    ///
    /// # Panics
    /// For exception references, which have no host representation yet.
    pub fn null(ty: RefType) -> Val {
        if ty.is_func() {
            Val::FuncRef(None)
        } else if ty.is_extern() {
            Val::ExternRef(None)
        } else {
            panic!("{ty} values have no host representation")
        }
    }

    /// Whether the value is of type `expected`, where the concrete heap
    /// types of `expected` are canonical type ids (see `type_registry`):
    /// a null reference is of every nullable type of its hierarchy, a
    /// function of `func` and of its own concrete type.
    pub(crate) fn matches(&self, expected: ValType) -> bool {
        let ValType::Ref(expected) = expected else {
            return self.ty() == expected;
        };
        match self {
            Val::FuncRef(None) | Val::ExternRef(None) => {
                expected.nullable && self.ty().as_ref().is_some_and(|r| r.heap.top() == expected.heap.top())
            }
            Val::FuncRef(Some(func)) => match expected.heap {
                HeapType::Func => true,
                HeapType::Concrete(id) => func.type_id() == id,
                _ => false,
            },
            Val::ExternRef(Some(_)) => expected.heap == HeapType::Extern,
            _ => false,
        }
    }

    /// `Ok` if the value is of type `expected` (see [`Val::matches`]).
    pub(crate) fn check_type(&self, expected: ValType) -> Result<(), AccessError> {
        if self.matches(expected) {
            Ok(())
        } else {
            Err(AccessError::TypeMismatch { expected, found: self.ty() })
        }
    }

    /// The value in the representation compiled code uses, for storing into
    /// something owned by `group`: a funcref from another group links the
    /// two groups, since the storage now points into the other group.
    pub(crate) fn to_raw_in(&self, group: &Arc<Group>) -> ValRaw {
        if let Val::FuncRef(Some(func)) = self {
            Group::merge(group, &func.group);
        }
        match self {
            Val::I32(v) => ValRaw::from_i32(*v),
            Val::I64(v) => ValRaw::from_i64(*v),
            Val::F32(v) => ValRaw::from_u32(*v),
            Val::F64(v) => ValRaw::from_u64(*v),
            Val::V128(v) => ValRaw::from_u128(*v),
            Val::FuncRef(f) => {
                ValRaw::from_usize(f.as_ref().map_or(0, |f| f.ptr.as_ptr() as usize))
            }
            Val::ExternRef(e) => ValRaw::from_usize(e.map_or(0, |e| e.0.get())),
        }
    }

    /// Reads a value of type `ty` from its raw representation. A funcref is
    /// kept alive by `group`, the group of the code or storage it came from.
    ///
    /// # Safety
    /// A non-null funcref must point to a `VMFuncRef` of an instance in `group`.
    pub(crate) unsafe fn from_raw(raw: ValRaw, ty: ValType, group: &Arc<Group>) -> Val {
        match ty {
            ValType::I32 => Val::I32(raw.get_i32()),
            ValType::I64 => Val::I64(raw.get_i64()),
            ValType::F32 => Val::F32(raw.get_u32()),
            ValType::F64 => Val::F64(raw.get_u64()),
            ValType::V128 => Val::V128(raw.get_u128()),
            ValType::Ref(r) if r.is_func() => Val::FuncRef(
                NonNull::new(raw.get_usize() as *mut VMFuncRef).map(|ptr| FuncRef {
                    ptr,
                    group: group.clone(),
                }),
            ),
            ValType::Ref(r) if r.is_extern() => Val::ExternRef(ExternRef::from_raw(raw.get_usize())),
            ValType::Ref(r) => panic!("{r} values have no host representation"),
        }
    }
}

/// A reference to a wasm function of some instance (or a host function an
/// instance imported). Keeps that instance alive.
#[derive(Clone)]
pub struct FuncRef {
    ptr: NonNull<VMFuncRef>,
    group: Arc<Group>,
}

// SAFETY: a `FuncRef` only reads its `VMFuncRef`'s type id, which never
// changes, and hands the pointer to code that stores it; the group it holds
// is thread-safe (a mutex). Running the function it names is governed by the
// rules for running the instances of its group.
unsafe impl Send for FuncRef {}
// SAFETY: as for `Send`: nothing reachable through `&FuncRef` is mutated.
unsafe impl Sync for FuncRef {}

impl FuncRef {
    /// # Safety
    /// `ptr` must point to a `VMFuncRef` of an instance in `group`.
    pub(crate) unsafe fn new(ptr: NonNull<VMFuncRef>, group: Arc<Group>) -> FuncRef {
        FuncRef { ptr, group }
    }

    /// The `VMFuncRef` this reference points to (the value compiled code
    /// uses for it).
    pub fn as_ptr(&self) -> *const VMFuncRef {
        self.ptr.as_ptr()
    }

    /// The function's canonical type id.
    pub(crate) fn type_id(&self) -> u32 {
        // SAFETY: the group keeps the VMFuncRef alive; type ids never change.
        unsafe { self.ptr.as_ref().type_id }
    }

    /// The function's type.
    pub fn ty(&self) -> FuncType {
        type_registry::lookup(self.type_id()).expect("every VMFuncRef has a registered type id")
    }

    /// The group that keeps the function's instance alive.
    pub(crate) fn group(&self) -> &Arc<Group> {
        &self.group
    }
}

impl PartialEq for FuncRef {
    fn eq(&self, other: &FuncRef) -> bool {
        self.ptr == other.ptr
    }
}

impl std::fmt::Debug for FuncRef {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "FuncRef({:p})", self.ptr)
    }
}

/// A non-null `externref`: an opaque handle the host chooses. Tables and
/// globals store its value; 0 is reserved for `ref.null extern`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct ExternRef(NonZeroUsize);

impl ExternRef {
    /// The reference with handle `handle`.
    pub fn new(handle: NonZeroUsize) -> ExternRef {
        ExternRef(handle)
    }

    /// The reference with handle `raw`, or `None` (null) for 0.
    pub fn from_raw(raw: usize) -> Option<ExternRef> {
        NonZeroUsize::new(raw).map(ExternRef)
    }

    /// The handle.
    pub fn handle(&self) -> usize {
        self.0.get()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_round_trip_through_raw() {
        let group = Group::new();
        let values = [
            Val::I32(-7),
            Val::I64(i64::MIN),
            Val::F32(0x7fc0_0001),
            Val::F64(0x7ff8_0000_0000_0001),
            Val::V128(u128::MAX - 3),
            Val::FuncRef(None),
            Val::ExternRef(ExternRef::from_raw(42)),
            Val::ExternRef(None),
        ];
        for value in values {
            let raw = value.to_raw_in(&group);
            // SAFETY: no funcref in the list.
            assert_eq!(unsafe { Val::from_raw(raw, value.ty(), &group) }, value);
        }
    }

    #[test]
    fn defaults_are_zero_or_null() {
        assert_eq!(Val::default_for(ValType::F64), Val::F64(0));
        assert_eq!(Val::null(RefType::FUNCREF), Val::FuncRef(None));
        assert_eq!(ExternRef::from_raw(0), None);
    }
}
