//! [`HostFunc`]: a host function with its wasm type, and how compiled code
//! calls it.
//!
//! Compiled code calls an imported function through the importer's
//! `VMFuncRef { code, vmctx, type_id }` slot as `code(vmctx, params…)` in
//! the wasm (`tailcc`) convention (see [`wasmlite_abi::calling_convention`]).
//! For a host function the runtime puts in `code` the importing module's
//! host adapter for the import's type, and in `vmctx` the address of a
//! [`HostFuncContext`], one per (instance, import), owned by the importing
//! instance's data: it holds the importing instance's `VMContext` (the
//! [`Caller`]) and the closure. The context starts with a
//! [`VMHostContext`]: a copy of the importer's `VMContextHeader`, so code
//! that reads a header through any funcref's `vmctx` (the runtime does, to
//! share stack limits between linked instances) finds the importer's, then
//! the host function's entry point, which the adapter calls in the C
//! convention with its own arguments.
//!
//! [`HostFunc::wrap`] generates one `extern "C"` trampoline per closure
//! type (monomorphised), in the C form of the native signature of the
//! closure's wasm type, which finds the closure in the context and runs it
//! inside [`crate::__private::host_call`].

use crate::caller::Caller;
use crate::host;
use crate::host_error::HostError;
use crate::typed::WasmValue;
use std::any::Any;
use std::sync::Arc;
use wasmlite_abi::{FuncType, VMContext, VMContextHeader, VMHostContext, ValRaw, ValType};

/// A host function with its wasm type, to satisfy a function import.
/// Cloning it is cheap; one `HostFunc` can be linked into any number of
/// instances of any modules importing its type (checked when
/// instantiating: a different type is an
/// [`crate::InstantiationError::ImportMismatch`]).
#[derive(Clone)]
pub struct HostFunc {
    inner: Arc<Inner>,
}

struct Inner {
    ty: FuncType,
    /// The entry point: the C form of the native signature.
    code: *const u8,
    /// The closure the trampoline runs (`()` for raw functions).
    env: Box<dyn Any + Send + Sync>,
}

// SAFETY: `code` is the address of a function, never written; `env` is
// `Send + Sync`.
unsafe impl Send for Inner {}
// SAFETY: as above.
unsafe impl Sync for Inner {}

impl HostFunc {
    /// A host function running `f`: any closure
    /// `Fn(&mut Caller<'_>, P1, …, Pn) -> R + Send + Sync + 'static` with
    /// `n <= 16` parameters of [`WasmValue`] types, returning a
    /// [`HostReturn`]: the results (`()`, a value, or a tuple of values), or
    /// `Result` of those with an error converting into [`HostError`], which
    /// stops the wasm call (see [`HostError`]). The wasm type is derived
    /// from these types. Annotate the closure's parameters:
    ///
    /// ```
    /// use wasmlite_rt::{Caller, HostFunc, HostError, ValType};
    /// let add = HostFunc::wrap(|_: &mut Caller<'_>, a: i32, b: i32| a.wrapping_add(b));
    /// assert_eq!(add.ty().params, [ValType::I32, ValType::I32]);
    /// let checked = HostFunc::wrap(|_: &mut Caller<'_>, fd: i32| -> Result<i64, HostError> {
    ///     if fd < 0 { Err(HostError::msg("bad fd")) } else { Ok(i64::from(fd)) }
    /// });
    /// assert_eq!(checked.ty().results, [ValType::I64]);
    /// ```
    pub fn wrap<Params, Results>(f: impl IntoHostFunc<Params, Results>) -> HostFunc {
        f.into_host_func()
    }

    /// A host function whose entry point is `code`, of wasm type `ty`.
    ///
    /// # Safety
    /// `code` must be a C-convention function with the native signature
    /// ([`wasmlite_abi::calling_convention`], "Host convention") of type
    /// `ty`, callable for as
    /// long as any instance importing it is alive. Its first argument is
    /// not a `VMContext`: the function may ignore it or pass it to
    /// [`crate::__private::host_call`], and nothing else.
    pub unsafe fn from_raw(code: *const u8, ty: FuncType) -> HostFunc {
        HostFunc::new(ty, code, Box::new(()))
    }

    fn new(ty: FuncType, code: *const u8, env: Box<dyn Any + Send + Sync>) -> HostFunc {
        HostFunc {
            inner: Arc::new(Inner { ty, code, env }),
        }
    }

    /// The function's wasm type.
    pub fn ty(&self) -> &FuncType {
        &self.inner.ty
    }

    /// The entry point (C convention, native signature).
    pub(crate) fn code(&self) -> *const u8 {
        self.inner.code
    }
}

impl std::fmt::Debug for HostFunc {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostFunc")
            .field("ty", &self.inner.ty)
            .field("code", &self.inner.code)
            .finish()
    }
}

/// What a host function's `VMFuncRef::vmctx` points to: one per (instance,
/// import), owned by the importing instance's data (see the module docs).
#[repr(C)]
pub(crate) struct HostFuncContext {
    /// A copy of the importer's header and the host entry point; must stay
    /// first (compiled host adapters read it).
    host: VMHostContext,
    /// The importing instance's `VMContext`.
    caller: *mut VMContext,
    /// The closure (`HostFunc`'s `env`), which `func` keeps alive.
    env: *const (),
    func: HostFunc,
}

impl HostFuncContext {
    /// The context for `func` imported by the instance whose `VMContext`
    /// is `caller`.
    ///
    /// # Safety
    /// `caller` must be a `VMContext` whose header is filled.
    pub(crate) unsafe fn new(func: &HostFunc, caller: *mut VMContext) -> Box<HostFuncContext> {
        Box::new(HostFuncContext {
            host: VMHostContext {
                // SAFETY: the header is plain pointers, filled (see above).
                header: unsafe { std::ptr::read(caller.cast::<VMContextHeader>()) },
                host_code: func.code(),
            },
            caller,
            env: (&*func.inner.env as *const (dyn Any + Send + Sync)).cast(),
            func: func.clone(),
        })
    }

    /// What the `VMFuncRef` holds as `vmctx`.
    pub(crate) fn as_vmctx(&self) -> *mut VMContext {
        (self as *const HostFuncContext).cast_mut().cast()
    }

    /// The context a host function received as its first argument.
    ///
    /// # Safety
    /// `ctx` must be that argument, during the call.
    pub(crate) unsafe fn from_vmctx<'a>(ctx: *mut VMContext) -> &'a HostFuncContext {
        // SAFETY: the runtime passes a live context (see the module docs).
        unsafe { &*ctx.cast::<HostFuncContext>() }
    }

    /// The importing instance's `VMContext`.
    pub(crate) fn caller(&self) -> *mut VMContext {
        self.caller
    }

    /// The closure of a function made by [`HostFunc::wrap`].
    ///
    /// # Safety
    /// The function must have been made from a closure of type `F`.
    unsafe fn env<F>(&self) -> &F {
        // SAFETY: upheld by the caller; `func` keeps the closure alive.
        unsafe { &*self.env.cast::<F>() }
    }
}

mod sealed {
    pub trait Sealed {}
}

/// A host function's results: `()`, one [`WasmValue`], or a tuple of 2 to
/// 8 of them. Sealed.
pub trait WasmResults: Sized + sealed::Sealed {
    /// The native-convention return type when returned directly.
    #[doc(hidden)]
    type Direct: Copy;
    /// Whether the results go to the hidden results pointer (two or more).
    #[doc(hidden)]
    const INDIRECT: bool;
    /// The wasm result types.
    fn types() -> Vec<ValType>;
    /// The results returned to the instance at `vmctx` (0 or 1 result).
    ///
    /// # Safety
    /// `vmctx` must be a live instance's `VMContext`.
    #[doc(hidden)]
    unsafe fn into_direct(self, vmctx: *mut VMContext) -> Self::Direct;
    /// The results written to `results[k]` for the instance at `vmctx`.
    ///
    /// # Safety
    /// As above, and `results` must have a slot per result.
    #[doc(hidden)]
    unsafe fn write_indirect(self, results: *mut ValRaw, vmctx: *mut VMContext);
    /// `[ValRaw; n]`: the array-convention slots of the results, as an
    /// export's array-call wrapper writes them ([`crate::TypedFunc`]).
    #[doc(hidden)]
    type Slots: Copy + Default;
    /// The results read from slots written by code of the instance at
    /// `vmctx`.
    ///
    /// # Safety
    /// As for [`WasmValue::from_raw`], for each result.
    #[doc(hidden)]
    unsafe fn from_slots(slots: Self::Slots, vmctx: *mut VMContext) -> Self;
}

impl sealed::Sealed for () {}
impl WasmResults for () {
    type Direct = ();
    const INDIRECT: bool = false;
    fn types() -> Vec<ValType> {
        Vec::new()
    }
    unsafe fn into_direct(self, _vmctx: *mut VMContext) {}
    unsafe fn write_indirect(self, _results: *mut ValRaw, _vmctx: *mut VMContext) {}
    type Slots = [ValRaw; 0];
    unsafe fn from_slots(_slots: [ValRaw; 0], _vmctx: *mut VMContext) {}
}

impl<T: WasmValue> sealed::Sealed for T {}
impl<T: WasmValue> WasmResults for T {
    type Direct = T::Abi;
    const INDIRECT: bool = false;
    fn types() -> Vec<ValType> {
        vec![T::TYPE]
    }
    unsafe fn into_direct(self, vmctx: *mut VMContext) -> T::Abi {
        // SAFETY: upheld by the caller.
        unsafe { self.into_abi(vmctx) }
    }
    unsafe fn write_indirect(self, results: *mut ValRaw, vmctx: *mut VMContext) {
        // SAFETY: upheld by the caller.
        unsafe { results.write(self.into_raw(vmctx)) }
    }
    type Slots = [ValRaw; 1];
    unsafe fn from_slots([raw]: [ValRaw; 1], vmctx: *mut VMContext) -> T {
        // SAFETY: upheld by the caller.
        unsafe { T::from_raw(raw, vmctx) }
    }
}

macro_rules! tuple_results {
    ($n:literal; $($t:ident $v:ident $k:tt),+) => {
        impl<$($t: WasmValue),+> sealed::Sealed for ($($t,)+) {}
        impl<$($t: WasmValue),+> WasmResults for ($($t,)+) {
            type Direct = ();
            const INDIRECT: bool = true;
            fn types() -> Vec<ValType> {
                vec![$($t::TYPE),+]
            }
            unsafe fn into_direct(self, _vmctx: *mut VMContext) {}
            unsafe fn write_indirect(self, results: *mut ValRaw, vmctx: *mut VMContext) {
                let ($($v,)+) = self;
                // SAFETY: upheld by the caller.
                unsafe { $(results.add($k).write($v.into_raw(vmctx));)+ }
            }
            type Slots = [ValRaw; $n];
            unsafe fn from_slots([$($v),+]: [ValRaw; $n], vmctx: *mut VMContext) -> Self {
                // SAFETY: upheld by the caller.
                unsafe { ($($t::from_raw($v, vmctx),)+) }
            }
        }
    };
}

tuple_results!(2; A a 0, B b 1);
tuple_results!(3; A a 0, B b 1, C c 2);
tuple_results!(4; A a 0, B b 1, C c 2, D d 3);
tuple_results!(5; A a 0, B b 1, C c 2, D d 3, E e 4);
tuple_results!(6; A a 0, B b 1, C c 2, D d 3, E e 4, F f 5);
tuple_results!(7; A a 0, B b 1, C c 2, D d 3, E e 4, F f 5, G g 6);
tuple_results!(8; A a 0, B b 1, C c 2, D d 3, E e 4, F f 5, G g 6, H h 7);

/// What a host function returns: its results ([`WasmResults`]), or
/// `Result<results, E>` with `E: Into<HostError>`, whose `Err` stops the
/// wasm call with a [`crate::TrapCode::HostError`] trap.
pub trait HostReturn {
    /// The results on success.
    type Ok: WasmResults;
    /// The results, or the error stopping the call.
    fn into_result(self) -> Result<Self::Ok, HostError>;
}

impl<T: WasmResults> HostReturn for T {
    type Ok = T;
    fn into_result(self) -> Result<T, HostError> {
        Ok(self)
    }
}

impl<T: WasmResults, E: Into<HostError>> HostReturn for Result<T, E> {
    type Ok = T;
    fn into_result(self) -> Result<T, HostError> {
        self.map_err(Into::into)
    }
}

/// A closure [`HostFunc::wrap`] accepts (see there); `Params` is the tuple
/// of its parameter types after the [`Caller`], `Results` its return type.
pub trait IntoHostFunc<Params, Results>: Send + Sync + 'static {
    /// The host function running `self`.
    fn into_host_func(self) -> HostFunc;
}

/// The body of every trampoline: runs the closure `F` of the host function
/// whose context is `ctx` through `call` (which converts the arguments for
/// the calling instance, whose `VMContext` it gets), then `finish` on its
/// results, inside [`host::host_call`].
///
/// # Safety
/// As for [`host::host_call`], and the function must have been made from
/// an `F`; `call` and `finish` may convert values for the calling instance.
unsafe fn run<F, R: HostReturn, T>(
    ctx: *mut VMContext,
    call: impl FnOnce(&F, &mut Caller<'_>, *mut VMContext) -> R,
    finish: impl FnOnce(R::Ok, *mut VMContext) -> T,
) -> T {
    // SAFETY: upheld by the caller.
    unsafe {
        let f = HostFuncContext::from_vmctx(ctx).env::<F>();
        host::host_call(ctx, |caller| {
            let vmctx = caller.vmctx();
            let results = call(f, caller, vmctx).into_result()?;
            Ok(finish(results, vmctx))
        })
    }
}

macro_rules! into_host_func {
    ($($p:ident $a:ident),*) => {
        impl<F, R, $($p,)*> IntoHostFunc<($($p,)*), R> for F
        where
            F: Fn(&mut Caller<'_>, $($p),*) -> R + Send + Sync + 'static,
            R: HostReturn,
            $($p: WasmValue,)*
        {
            fn into_host_func(self) -> HostFunc {
                /// Zero or one result, returned.
                #[allow(improper_ctypes_definitions, unused_variables)] // no parameters: `vmctx` unused
                unsafe extern "C" fn direct<F, R, $($p,)*>(
                    ctx: *mut VMContext,
                    $($a: <$p as WasmValue>::Abi),*
                ) -> <R::Ok as WasmResults>::Direct
                where
                    F: Fn(&mut Caller<'_>, $($p),*) -> R + Send + Sync + 'static,
                    R: HostReturn,
                    $($p: WasmValue,)*
                {
                    // SAFETY: compiled code calls this with the context of
                    // a function made from an `F` (its `vmctx`) and
                    // arguments of the type derived from `F`'s, from the
                    // instance the context names.
                    unsafe {
                        run(
                            ctx,
                            |f: &F, caller, vmctx| f(caller, $(<$p as WasmValue>::from_abi($a, vmctx)),*),
                            |results, vmctx| results.into_direct(vmctx),
                        )
                    }
                }

                /// Two or more results, written to the hidden pointer.
                #[allow(improper_ctypes_definitions, unused_variables)] // no parameters: `vmctx` unused
                unsafe extern "C" fn indirect<F, R, $($p,)*>(
                    ctx: *mut VMContext,
                    results_ptr: *mut ValRaw,
                    $($a: <$p as WasmValue>::Abi),*
                )
                where
                    F: Fn(&mut Caller<'_>, $($p),*) -> R + Send + Sync + 'static,
                    R: HostReturn,
                    $($p: WasmValue,)*
                {
                    // SAFETY: as in `direct`, and the caller passes a slot
                    // per result.
                    unsafe {
                        run(
                            ctx,
                            |f: &F, caller, vmctx| f(caller, $(<$p as WasmValue>::from_abi($a, vmctx)),*),
                            |results, vmctx| results.write_indirect(results_ptr, vmctx),
                        )
                    }
                }

                let code = if <R::Ok as WasmResults>::INDIRECT {
                    indirect::<F, R, $($p,)*> as *const u8
                } else {
                    direct::<F, R, $($p,)*> as *const u8
                };
                let ty = FuncType {
                    params: vec![$(<$p as WasmValue>::TYPE),*],
                    results: <R::Ok as WasmResults>::types(),
                };
                HostFunc::new(ty, code, Box::new(self))
            }
        }
    };
}

into_host_func!();
into_host_func!(P1 a1);
into_host_func!(P1 a1, P2 a2);
into_host_func!(P1 a1, P2 a2, P3 a3);
into_host_func!(P1 a1, P2 a2, P3 a3, P4 a4);
into_host_func!(P1 a1, P2 a2, P3 a3, P4 a4, P5 a5);
into_host_func!(P1 a1, P2 a2, P3 a3, P4 a4, P5 a5, P6 a6);
into_host_func!(P1 a1, P2 a2, P3 a3, P4 a4, P5 a5, P6 a6, P7 a7);
into_host_func!(P1 a1, P2 a2, P3 a3, P4 a4, P5 a5, P6 a6, P7 a7, P8 a8);
into_host_func!(P1 a1, P2 a2, P3 a3, P4 a4, P5 a5, P6 a6, P7 a7, P8 a8, P9 a9);
into_host_func!(P1 a1, P2 a2, P3 a3, P4 a4, P5 a5, P6 a6, P7 a7, P8 a8, P9 a9, P10 a10);
into_host_func!(P1 a1, P2 a2, P3 a3, P4 a4, P5 a5, P6 a6, P7 a7, P8 a8, P9 a9, P10 a10, P11 a11);
into_host_func!(P1 a1, P2 a2, P3 a3, P4 a4, P5 a5, P6 a6, P7 a7, P8 a8, P9 a9, P10 a10, P11 a11, P12 a12);
into_host_func!(P1 a1, P2 a2, P3 a3, P4 a4, P5 a5, P6 a6, P7 a7, P8 a8, P9 a9, P10 a10, P11 a11, P12 a12, P13 a13);
into_host_func!(P1 a1, P2 a2, P3 a3, P4 a4, P5 a5, P6 a6, P7 a7, P8 a8, P9 a9, P10 a10, P11 a11, P12 a12, P13 a13, P14 a14);
into_host_func!(P1 a1, P2 a2, P3 a3, P4 a4, P5 a5, P6 a6, P7 a7, P8 a8, P9 a9, P10 a10, P11 a11, P12 a12, P13 a13, P14 a14, P15 a15);
into_host_func!(P1 a1, P2 a2, P3 a3, P4 a4, P5 a5, P6 a6, P7 a7, P8 a8, P9 a9, P10 a10, P11 a11, P12 a12, P13 a13, P14 a14, P15 a15, P16 a16);

#[cfg(test)]
mod tests {
    use super::*;
    use wasmlite_abi::ValType::{F64, I32, I64};

    #[test]
    fn types_come_from_the_closure() {
        let f = HostFunc::wrap(|_: &mut Caller<'_>, _: i32, _: f64| -> (i64, i32) { (1, 2) });
        assert_eq!(
            *f.ty(),
            FuncType {
                params: vec![I32, F64],
                results: vec![I64, I32]
            }
        );
        let g = HostFunc::wrap(|_: &mut Caller<'_>| -> Result<(), HostError> { Ok(()) });
        assert_eq!(
            *g.ty(),
            FuncType {
                params: vec![],
                results: vec![]
            }
        );
        assert_ne!(f.code(), g.code());
    }
}
