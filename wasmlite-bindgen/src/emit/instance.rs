//! The instance struct: the descriptor it links to, instantiation, host
//! state ownership and teardown.

use super::exports::ExportTokens;
use super::imports::extern_list;
use crate::plan::Plan;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `extern` declaration of the compiled object's descriptor symbol, and
/// `module()`, the one place generated code loads it (`unsafe`, with the
/// reason in its doc comment, which expanded code shows).
pub fn descriptor(plan: &Plan) -> TokenStream {
    let symbol = &plan.descriptor_symbol;
    quote! {
        unsafe extern "C" {
            #[link_name = #symbol]
            static DESCRIPTOR: ::wasmlite_rt::__private::abi::ModuleDescriptor;
        }

        /// The compiled module, loaded from its descriptor on first use.
        ///
        /// SAFETY (of the `unsafe` block): `DESCRIPTOR` is immutable static
        /// data emitted by the wasmlite compiler into the object compiled
        /// from the same wasm bytes these bindings were generated from (its
        /// link name contains their hash and the ABI version), so it meets
        /// `Module::from_descriptor`'s contract.
        fn module() -> ::core::result::Result<
            ::std::sync::Arc<::wasmlite_rt::Module>,
            ::wasmlite_rt::InstantiationError,
        > {
            unsafe { ::wasmlite_rt::Module::from_descriptor(&DESCRIPTOR) }
        }
    }
}

/// The instance struct, its inherent methods except the export accessors
/// (`exports`: their fields and methods are spliced in), `Drop` and `Send`.
pub fn instance_struct(plan: &Plan, exports: ExportTokens) -> TokenStream {
    let ExportTokens {
        fields,
        inits,
        methods,
    } = exports;
    let name = format_ident!("{}", plan.structure);
    let externs = extern_list(plan);
    let has_items = plan.items().next().is_some();
    let externs_param = has_items.then(|| quote!(, externs: Externs));
    let new_doc = if has_items {
        " Instantiate the module with `host` as the state its imported functions\n run on and `externs` as its imported memories, tables and globals:\n check their types, run its data and element segments, then its start\n function."
    } else {
        " Instantiate the module with `host` as the state its imported functions\n run on: run its data and element segments, then its start function."
    };
    let new_doc = quote!(#[doc = #new_doc]);
    let doc = format!(
        " An instance of `{}`: its memories, tables and globals, and the host state `H` its imports run on.",
        plan.stem
    );
    // The host state is owned by the runtime instance's data, so it lives
    // exactly as long as any code that can reach it, and is borrowed
    // dynamically (`RefCell`) by the host functions.
    quote! {
        #[doc = #doc]
        pub struct #name<H: Imports> {
            instance: ::wasmlite_rt::Instance,
            host: ::core::marker::PhantomData<fn() -> H>,
            #fields
        }

        impl<H: Imports + ::core::marker::Send + 'static> #name<H> {
            #new_doc
            pub fn new(host: H #externs_param) -> ::core::result::Result<Self, ::wasmlite_rt::InstantiationError> {
                let module = module()?;
                let imports = #externs;
                let instance = ::wasmlite_rt::Instance::with_host(module, &imports, host)?;
                ::core::result::Result::Ok(Self { #inits instance, host: ::core::marker::PhantomData })
            }

            /// The host state.
            pub fn host(&self) -> ::wasmlite_rt::StateRef<'_, H> {
                self.instance.host::<H>().expect("the host state given to `new`")
            }

            /// The host state, mutably.
            pub fn host_mut(&mut self) -> ::wasmlite_rt::StateRefMut<'_, H> {
                self.instance.host_mut::<H>().expect("the host state given to `new`")
            }

            /// Drop the instance and give back the host state. Host imports
            /// later reached through instances linked with this one panic.
            pub fn into_host(mut self) -> H {
                self.instance.take_host::<H>().expect("the host state given to `new`")
            }

            /// The underlying runtime instance (for the dynamic API).
            pub fn instance(&self) -> &::wasmlite_rt::Instance {
                &self.instance
            }

            /// The underlying runtime instance, mutably (for the dynamic API).
            pub fn instance_mut(&mut self) -> &mut ::wasmlite_rt::Instance {
                &mut self.instance
            }

        #methods
        }

    }
}
