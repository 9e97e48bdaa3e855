//! The instance struct: the descriptor it links to, instantiation, host
//! state ownership and teardown.

use super::imports::extern_list;
use crate::plan::Plan;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `extern` declaration of the compiled object's descriptor symbol.
pub fn descriptor(plan: &Plan) -> TokenStream {
    let symbol = &plan.descriptor_symbol;
    quote! {
        unsafe extern "C" {
            #[link_name = #symbol]
            static DESCRIPTOR: ::wasmlite_rt::__private::abi::ModuleDescriptor;
        }
    }
}

/// The instance struct, its inherent methods except the export accessors
/// (`exports`, spliced into the same `impl`), `Drop` and `Send`.
pub fn instance_struct(plan: &Plan, exports: TokenStream) -> TokenStream {
    let name = format_ident!("{}", plan.structure);
    let externs = extern_list(plan);
    let doc = format!(
        " An instance of `{}`: its memories, tables and globals, and the host state `H` its imports run on.",
        plan.stem
    );
    // SAFETY notes for the unsafe blocks below (of the generated code):
    // - `DESCRIPTOR` is immutable static data defined by the object compiled
    //   from the same binary (its link name contains the binary's hash).
    // - `host` comes from `Box::into_raw` in `new` and is freed exactly once,
    //   in `Drop`, `into_host`, or `new`'s error path, always after the
    //   instance (whose trampolines reach it) is gone. It is only
    //   dereferenced through `&self`/`&mut self`, or by import trampolines
    //   while a `&mut self` method runs wasm code, so no two references to
    //   it are live at once.
    quote! {
        #[doc = #doc]
        pub struct #name<H: Imports> {
            instance: ::core::mem::ManuallyDrop<::wasmlite_rt::Instance>,
            host: *mut H,
        }

        impl<H: Imports> #name<H> {
            /// Instantiate the module with `host` as the state its imports
            /// run on: run its data and element segments, then its start
            /// function.
            pub fn new(host: H) -> ::core::result::Result<Self, ::wasmlite_rt::InstantiationError> {
                let module = ::wasmlite_rt::Module::from_descriptor(unsafe { &DESCRIPTOR })?;
                let imports = #externs;
                let host = ::std::boxed::Box::into_raw(::std::boxed::Box::new(host));
                match ::wasmlite_rt::Instance::new(module, &imports, host as *mut u8) {
                    ::core::result::Result::Ok(instance) => ::core::result::Result::Ok(Self {
                        instance: ::core::mem::ManuallyDrop::new(instance),
                        host,
                    }),
                    ::core::result::Result::Err(error) => {
                        ::core::mem::drop(unsafe { ::std::boxed::Box::from_raw(host) });
                        ::core::result::Result::Err(error)
                    }
                }
            }

            /// The host state.
            pub fn host(&self) -> &H {
                unsafe { &*self.host }
            }

            /// The host state, mutably.
            pub fn host_mut(&mut self) -> &mut H {
                unsafe { &mut *self.host }
            }

            /// Drop the instance and give back the host state.
            pub fn into_host(self) -> H {
                let mut this = ::core::mem::ManuallyDrop::new(self);
                unsafe { ::core::mem::ManuallyDrop::drop(&mut this.instance) };
                *unsafe { ::std::boxed::Box::from_raw(this.host) }
            }

            /// The underlying runtime instance (for the dynamic API).
            pub fn instance(&self) -> &::wasmlite_rt::Instance {
                &self.instance
            }

            /// The underlying runtime instance, mutably (for the dynamic API).
            ///
            /// # Safety
            /// The instance must stay where it is: do not move it out (for
            /// example with `core::mem::swap` or `core::mem::replace`). Its
            /// imports refer to this struct's host state, which is freed when
            /// this struct is dropped.
            pub unsafe fn instance_mut(&mut self) -> &mut ::wasmlite_rt::Instance {
                &mut self.instance
            }

            #exports
        }

        impl<H: Imports> ::core::ops::Drop for #name<H> {
            fn drop(&mut self) {
                unsafe { ::core::mem::ManuallyDrop::drop(&mut self.instance) };
                ::core::mem::drop(unsafe { ::std::boxed::Box::from_raw(self.host) });
            }
        }

        // The instance is `Send` and the struct owns the host state.
        unsafe impl<H: Imports + ::core::marker::Send> ::core::marker::Send for #name<H> {}
    }
}
