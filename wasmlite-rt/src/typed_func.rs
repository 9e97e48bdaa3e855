//! [`TypedFunc`]: an exported function whose wasm type was checked once
//! against Rust parameter and result types, so that calling it needs no
//! dynamic checks and no `unsafe` in the caller.
//!
//! The typed bindings of `include_wasm!` call every export through one;
//! the conversions and the raw call they used to spell out in generated
//! code live here, with their justification.

use crate::error::CallError;
use crate::host_func::WasmResults;
use crate::instance::Instance;
use crate::module::Module;
use crate::trap::Trap;
use crate::typed::WasmValue;
use std::marker::PhantomData;
use std::sync::Arc;
use crate::type_registry;
use wasmlite_abi::{FuncType, HeapType, RefType, TrapCode, VMContext, VMFuncRef, ValRaw, ValType};

mod sealed {
    pub trait Sealed {}
}

/// A function's parameters: `()`, one [`WasmValue`], or a tuple of 1 to 16
/// of them. Sealed.
pub trait WasmParams: Sized + sealed::Sealed {
    /// `[ValRaw; n]`: the array-convention slots of the parameters.
    #[doc(hidden)]
    type Slots: Copy + Default;
    /// The wasm parameter types.
    fn types() -> Vec<ValType>;
    /// The parameters in slots, handed to code of the instance at `vmctx`.
    ///
    /// # Safety
    /// As for [`WasmValue::into_raw`].
    #[doc(hidden)]
    unsafe fn into_slots(self, vmctx: *mut VMContext) -> Self::Slots;
}

impl sealed::Sealed for () {}
impl WasmParams for () {
    type Slots = [ValRaw; 0];
    fn types() -> Vec<ValType> {
        Vec::new()
    }
    unsafe fn into_slots(self, _vmctx: *mut VMContext) -> [ValRaw; 0] {
        []
    }
}

impl<T: WasmValue> sealed::Sealed for T {}
impl<T: WasmValue> WasmParams for T {
    type Slots = [ValRaw; 1];
    fn types() -> Vec<ValType> {
        vec![T::TYPE]
    }
    unsafe fn into_slots(self, vmctx: *mut VMContext) -> [ValRaw; 1] {
        // SAFETY: upheld by the caller.
        [unsafe { self.into_raw(vmctx) }]
    }
}

macro_rules! tuple_params {
    ($n:literal; $($t:ident $v:ident),+) => {
        impl<$($t: WasmValue),+> sealed::Sealed for ($($t,)+) {}
        impl<$($t: WasmValue),+> WasmParams for ($($t,)+) {
            type Slots = [ValRaw; $n];
            fn types() -> Vec<ValType> {
                vec![$($t::TYPE),+]
            }
            unsafe fn into_slots(self, vmctx: *mut VMContext) -> [ValRaw; $n] {
                let ($($v,)+) = self;
                // SAFETY: upheld by the caller.
                unsafe { [$($v.into_raw(vmctx)),+] }
            }
        }
    };
}

tuple_params!(1; A a);
tuple_params!(2; A a, B b);
tuple_params!(3; A a, B b, C c);
tuple_params!(4; A a, B b, C c, D d);
tuple_params!(5; A a, B b, C c, D d, E e);
tuple_params!(6; A a, B b, C c, D d, E e, F f);
tuple_params!(7; A a, B b, C c, D d, E e, F f, G g);
tuple_params!(8; A a, B b, C c, D d, E e, F f, G g, H h);
tuple_params!(9; A a, B b, C c, D d, E e, F f, G g, H h, I i);
tuple_params!(10; A a, B b, C c, D d, E e, F f, G g, H h, I i, J j);
tuple_params!(11; A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k);
tuple_params!(12; A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l);
tuple_params!(13; A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m);
tuple_params!(14; A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n);
tuple_params!(15; A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o);
tuple_params!(16; A a, B b, C c, D d, E e, F f, G g, H h, I i, J j, K k, L l, M m, N n, O o, P p);

/// The value slots of one call: the parameters' and the results' arrays
/// overlaid, so it has max(parameters, results) slots, as the array-call
/// wrapper needs.
#[repr(C)]
union Slots<P: Copy, R: Copy> {
    params: P,
    results: R,
}

/// An exported function of a module, with Rust parameter types `Params`
/// ([`WasmParams`]: `()`, a value or a tuple) and result types `Results`
/// ([`WasmResults`]: `()`, a value or a tuple), the same traits
/// [`crate::HostFunc::wrap`] derives wasm types from.
///
/// Made by [`Instance::typed_func`], which checks once that the export is
/// a function usable at the type these Rust types give: each Rust result
/// type must take every wasm result (a `(ref $t)` result is an
/// `Option<FuncRef>`), each wasm parameter every Rust value. The one
/// exception is a parameter of a narrower reference type (`(ref null $t)`,
/// `(ref func)`, `(ref extern)`, …) given as `Option<FuncRef>` or
/// `Option<ExternRef>`: it is checked on every call, and a null for a
/// non-nullable parameter fails the call with a `NullReference` trap, a
/// function of another type (or any value for a bottom type) with
/// `BadSignature`,
/// before any wasm code runs. [`TypedFunc::call`] then calls the export on
/// any instance of the same module without checking other types again and
/// without allocating. Cloning it is cheap.
pub struct TypedFunc<Params, Results> {
    /// The module whose export this is; kept alive, so its address names it.
    module: Arc<Module>,
    export_index: u32,
    /// The parameters checked on every call: slot and canonical type.
    checked_params: Arc<[(usize, RefType)]>,
    types: PhantomData<fn(Params) -> Results>,
}

impl<Params: WasmParams, Results: WasmResults> TypedFunc<Params, Results> {
    /// Checks that export `export_index` of `module`, named `name`, is a
    /// function of the type `Params` and `Results` give.
    pub(crate) fn new(
        module: &Arc<Module>,
        export_index: u32,
        name: &str,
        found: &FuncType,
    ) -> Result<Self, CallError> {
        let expected = Self::ty();
        let mismatch = || CallError::FuncTypeMismatch {
            name: name.into(),
            expected: Box::new(expected.clone()),
            found: Box::new(found.clone()),
        };
        let shape = found.params.len() == expected.params.len() && found.results.len() == expected.results.len();
        let results = found.results.iter().zip(&expected.results).all(|(f, e)| type_registry::is_subtype(*f, *e));
        if !shape || !results {
            return Err(mismatch());
        }
        let mut checked_params = Vec::new();
        for (slot, (&rust, &wasm)) in expected.params.iter().zip(&found.params).enumerate() {
            match (rust, wasm) {
                _ if type_registry::is_subtype(rust, wasm) => {}
                // `Option<FuncRef>`/`Option<ExternRef>` for a narrower
                // type of the same hierarchy: checked on every call.
                (ValType::Ref(r), ValType::Ref(w)) if r.nullable && r.heap == w.heap.top() => {
                    checked_params.push((slot, w))
                }
                _ => return Err(mismatch()),
            }
        }
        Ok(TypedFunc {
            module: module.clone(),
            export_index,
            checked_params: checked_params.into(),
            types: PhantomData,
        })
    }

    /// The wasm type `Params` and `Results` give.
    pub fn ty() -> FuncType {
        FuncType {
            params: Params::types(),
            results: Results::types(),
        }
    }

    /// The module whose export this is.
    pub fn module(&self) -> &Arc<Module> {
        &self.module
    }

    /// The export's index in the module's export list.
    pub fn export_index(&self) -> u32 {
        self.export_index
    }

    /// Calls the function on `instance` with `params`; `Err` is the trap
    /// that stopped it.
    ///
    /// # Panics
    /// If `instance` is not an instance of the module this function was
    /// obtained from.
    #[inline]
    pub fn call(&self, instance: &mut Instance, params: Params) -> Result<Results, Trap> {
        if !Arc::ptr_eq(instance.module(), &self.module) {
            wrong_module(self.export_index);
        }
        let vmctx = instance.vmctx();
        let mut slots = Slots::<Params::Slots, Results::Slots> {
            results: Default::default(),
        };
        // SAFETY: `vmctx` is `instance`'s, alive while it is borrowed.
        slots.params = unsafe { params.into_slots(vmctx) };
        let len = size_of::<Slots<Params::Slots, Results::Slots>>() / size_of::<ValRaw>();
        // SAFETY: both fields are arrays of `ValRaw` (the traits are
        // sealed), so `slots` is `len` initialized, aligned `ValRaw`s: the
        // larger array was written whole and the smaller one over its
        // start.
        let values =
            unsafe { std::slice::from_raw_parts_mut((&raw mut slots).cast::<ValRaw>(), len) };
        if !self.checked_params.is_empty() {
            check_typed_references(values, &self.checked_params)?;
        }
        // SAFETY: `instance` is an instance of `self.module` (checked
        // above), whose export `export_index` is a function of type
        // `Self::ty()` (checked by `new`); `values` holds max(parameters,
        // results) slots, the parameters first, converted for `instance`.
        unsafe { instance.call_export_raw(self.export_index, values) }?;
        // SAFETY: reading the results field is reading `ValRaw`s (see
        // above); the function wrote its results, of `Results`' types, at
        // the start of the slots; `vmctx` is still `instance`'s.
        Ok(unsafe { Results::from_slots(slots.results, vmctx) })
    }
}

/// Checks the typed function reference parameters (see [`TypedFunc`]):
/// `Err` is the trap the call ends with instead of running.
#[cold]
fn check_typed_references(values: &[ValRaw], checked: &[(usize, RefType)]) -> Result<(), Trap> {
    for &(slot, ty) in checked {
        let reference = values[slot].get_usize();
        if reference == 0 {
            if !ty.nullable {
                return Err(Trap::new(TrapCode::NullReference));
            }
            continue;
        }
        let fits = match ty.heap {
            HeapType::NoFunc | HeapType::NoExtern | HeapType::NoExn => false,
            // SAFETY: a non-null funcref parameter came from a `FuncRef`,
            // whose group (now the instance's) keeps the VMFuncRef alive.
            HeapType::Concrete(id) => unsafe { (*(reference as *const VMFuncRef)).type_id == id },
            HeapType::Func | HeapType::Extern | HeapType::Exn => true,
        };
        if !fits {
            return Err(Trap::new(TrapCode::BadSignature));
        }
    }
    Ok(())
}

/// The panic of [`TypedFunc::call`] given another module's instance, out
/// of the call's hot path.
#[cold]
#[inline(never)]
fn wrong_module(export_index: u32) -> ! {
    panic!("TypedFunc of export #{export_index} called on an instance of another module")
}

impl<Params, Results> Clone for TypedFunc<Params, Results> {
    fn clone(&self) -> Self {
        TypedFunc {
            module: self.module.clone(),
            export_index: self.export_index,
            checked_params: self.checked_params.clone(),
            types: PhantomData,
        }
    }
}

impl<Params, Results> std::fmt::Debug for TypedFunc<Params, Results> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TypedFunc")
            .field("module", &self.module)
            .field("export_index", &self.export_index)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::v128::V128;
    use crate::val::{ExternRef, FuncRef};
    use ValType::*;
    const FUNCREF: ValType = ValType::FUNCREF;

    #[test]
    fn types_come_from_the_rust_types() {
        assert_eq!(
            TypedFunc::<(i32, f64), (i64, V128)>::ty(),
            FuncType {
                params: vec![I32, F64],
                results: vec![I64, V128]
            }
        );
        assert_eq!(
            TypedFunc::<Option<FuncRef>, ()>::ty(),
            FuncType {
                params: vec![FUNCREF],
                results: vec![]
            }
        );
        assert_eq!(
            TypedFunc::<(), Option<ExternRef>>::ty().params,
            Vec::<ValType>::new()
        );
    }

    #[test]
    fn slots_hold_the_larger_of_parameters_and_results() {
        type Three = Slots<[ValRaw; 3], [ValRaw; 1]>;
        type Empty = Slots<[ValRaw; 0], [ValRaw; 0]>;
        assert_eq!(size_of::<Three>(), 3 * size_of::<ValRaw>());
        assert_eq!(size_of::<Empty>(), 0);
        assert_eq!(
            size_of::<Slots<[ValRaw; 1], [ValRaw; 8]>>(),
            8 * size_of::<ValRaw>()
        );
    }
}
