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
    let wasi = plan.imports_wasi();
    let has_items = plan.items().next().is_some();
    let wasi_param = wasi.then(|| quote!(, wasi: ::wasmlite_wasi::WasiCtx));
    let externs_param = has_items.then(|| quote!(, externs: Externs));
    let state = if wasi {
        quote!(::wasmlite_rt::HostState::new().with(host).with(wasi))
    } else {
        quote!(::wasmlite_rt::HostState::new().with(host))
    };
    let new_doc = new_doc(plan, wasi, has_items);
    let initialize = plan.entry.initialize.map(|_| {
        let call = entry_call(quote!(instance), "_initialize");
        quote! {
            let initialized: ::core::result::Result<(), ::wasmlite_rt::Trap> = #call;
            initialized.map_err(::wasmlite_rt::InstantiationError::StartTrapped)?;
        }
    });
    let wasi_methods = wasi.then(wasi_accessors);
    let run = plan.entry.start.map(|_| run_method(wasi));
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
            pub fn new(host: H #wasi_param #externs_param) -> ::core::result::Result<Self, ::wasmlite_rt::InstantiationError> {
                let module = module()?;
                let imports = #externs;
                #[allow(unused_mut)]
                let mut instance = ::wasmlite_rt::Instance::with_state(module, &imports, #state)?;
                #initialize
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

            #wasi_methods
            #run
        #methods
        }

    }
}

/// The doc comment of `new`, naming the parameters it has and what it runs.
fn new_doc(plan: &Plan, wasi: bool, has_items: bool) -> TokenStream {
    let mut doc = String::from(
        " Instantiate the module with `host` as the state its imported functions\n run on",
    );
    if wasi {
        doc.push_str(", `wasi` as the context its WASI imports run on");
    }
    if has_items {
        doc.push_str(
            ",\n `externs` as its imported memories, tables and globals (their types are checked)",
        );
    }
    doc.push_str(":\n run its data and element segments, then its start function");
    if plan.entry.initialize.is_some() {
        doc.push_str(", then the reactor's\n `_initialize` export (a trap in it is `InstantiationError::StartTrapped`)");
    }
    doc.push('.');
    if wasi {
        doc.push_str("\n\n A WASI function `wasmlite-wasi` does not provide is\n `InstantiationError::UnknownImport` naming it.");
    }
    quote!(#[doc = #doc])
}

/// A call of the `[] -> []` export `name` on the `Instance` `instance`,
/// through a `TypedFunc` (its type checked at run time, so no `unsafe`):
/// an expression of type `Result<(), Trap>`.
fn entry_call(instance: TokenStream, name: &str) -> TokenStream {
    let expect = format!("export `{name}` is a function of type `[] -> []`, as when the bindings were generated");
    quote! {
        #instance
            .typed_func::<(), ()>(#name)
            .expect(#expect)
            .call(&mut #instance, ())
    }
}

/// `wasi()` and `wasi_mut()`: the `WasiCtx` given to `new`.
fn wasi_accessors() -> TokenStream {
    quote! {
        /// The WASI context given to `new` (read captured output with
        /// `wasi_mut().take_stdout()`).
        pub fn wasi(&self) -> ::wasmlite_rt::StateRef<'_, ::wasmlite_wasi::WasiCtx> {
            self.instance.state::<::wasmlite_wasi::WasiCtx>().expect("the WASI context given to `new`")
        }

        /// The WASI context given to `new`, mutably.
        pub fn wasi_mut(&mut self) -> ::wasmlite_rt::StateRefMut<'_, ::wasmlite_wasi::WasiCtx> {
            self.instance.state_mut::<::wasmlite_wasi::WasiCtx>().expect("the WASI context given to `new`")
        }
    }
}

/// `run()`: calls the command's `_start` export; its exit status is 0 when
/// it returns, `n` when it calls WASI's `proc_exit(n)`.
fn run_method(wasi: bool) -> TokenStream {
    let call = entry_call(quote!(self.instance), "_start");
    let status = if wasi {
        quote!(::wasmlite_wasi::command_status(returned))
    } else {
        quote!(returned.map(|()| 0))
    };
    quote! {
        /// Runs the command: calls its `_start` export. The exit status is 0
        /// when `_start` returns and `n` when the program calls
        /// `proc_exit(n)` (which never exits the host process); any other
        /// trap is the `Err`. Call it once: a program's `_start` is not meant
        /// to run twice.
        pub fn run(&mut self) -> ::core::result::Result<i32, ::wasmlite_rt::Trap> {
            let returned: ::core::result::Result<(), ::wasmlite_rt::Trap> = #call;
            #status
        }
    }
}
