//! The `Imports` trait, one native-convention trampoline per imported
//! function, and the list of externs passed to `Instance::new`.

use super::types::{return_type, typed_params, wasm_text};
use crate::plan::{ImportFunc, Plan, CALLER_PARAM};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `pub trait Imports { … }`, plus `impl Imports for ()` when the module
/// imports nothing.
pub fn imports_trait(plan: &Plan) -> TokenStream {
    let methods = plan.imports.iter().map(trait_method);
    let unit_impl = plan.imports.is_empty().then(|| {
        quote! {
            /// The module imports nothing, so `()` is a complete host.
            impl Imports for () {}
        }
    });
    let doc = format!(
        " The functions `{}` imports, implemented by the host state passed to [`{}::new`].",
        plan.stem, plan.structure
    );
    quote! {
        #[doc = #doc]
        #[allow(clippy::too_many_arguments)]
        pub trait Imports {
            #(#methods)*
        }
        #unit_impl
    }
}

fn trait_method(import: &ImportFunc) -> TokenStream {
    let doc = format!(
        " The import `{}`.`{}`: `{}`.",
        import.module,
        import.field,
        wasm_text(&import.sig)
    );
    let method = format_ident!("{}", import.method);
    let caller = import.with_caller.then(|| {
        let name = format_ident!("{}", CALLER_PARAM);
        quote!(, #name: &mut ::wasmlite_rt::Caller<'_>)
    });
    let params = typed_params(&import.sig);
    let returns = return_type(&import.sig.results);
    quote! {
        #[doc = #doc]
        fn #method(&mut self #caller #(, #params)*) #returns;
    }
}

fn trampoline_ident(position: usize) -> proc_macro2::Ident {
    format_ident!("__wasmlite_import_{}", position)
}

/// One `unsafe extern "C" fn __wasmlite_import_N<H: Imports + 'static>` per imported
/// function, in the native calling convention (see
/// `wasmlite_abi::calling_convention`): `vmctx` is the calling instance's,
/// whose host state is an `H`.
pub fn trampolines(plan: &Plan) -> TokenStream {
    let functions = plan.imports.iter().enumerate().map(|(position, import)| {
        let name = trampoline_ident(position);
        let method = format_ident!("{}", import.method);
        let args: Vec<_> = (0..import.sig.params.len())
            .map(|i| format_ident!("a{}", i))
            .collect();
        let arg_types = import.sig.params.iter().map(|p| p.ty.rust_type());
        let (closure_param, caller_arg) = if import.with_caller {
            (quote!(caller), quote!(caller,))
        } else {
            (quote!(_), quote!())
        };
        // SAFETY (of the generated code): the runtime calls this trampoline
        // only from instances created by `Struct::new`, whose host state is
        // the `H` it was monomorphized for; `host_call` is given the vmctx
        // the trampoline received.
        let call = quote! {
            unsafe {
                ::wasmlite_rt::__private::host_call(vmctx, |#closure_param| {
                    let mut host = ::wasmlite_rt::__private::host_state::<H>(vmctx);
                    host.#method(#caller_arg #(#args),*)
                })
            }
        };
        let multi_value = import.sig.results.len() > 1;
        let results_param = multi_value.then(|| quote!(results: *mut ::wasmlite_rt::ValRaw,));
        let (returns, body) = if multi_value {
            let outs: Vec<_> = (0..import.sig.results.len())
                .map(|k| format_ident!("r{}", k))
                .collect();
            let writes = import
                .sig
                .results
                .iter()
                .zip(&outs)
                .enumerate()
                .map(|(k, (ty, out))| {
                    let raw = ty.raw_of(quote!(#out));
                    // SAFETY (of the generated code): the caller passes one
                    // ValRaw slot per result.
                    quote!(unsafe { results.add(#k).write(#raw) };)
                });
            (quote!(), quote! { let (#(#outs),*) = #call; #(#writes)* })
        } else {
            (return_type(&import.sig.results), call)
        };
        quote! {
            #[doc(hidden)]
            #[allow(clippy::too_many_arguments)]
            unsafe extern "C" fn #name<H: Imports + 'static>(
                vmctx: *mut ::wasmlite_rt::__private::abi::VMContext,
                #results_param
                #(#args: #arg_types),*
            ) #returns {
                #body
            }
        }
    });
    quote!(#(#functions)*)
}

/// The `[Extern; N]` of trampolines for `Instance::new`, in import order.
pub fn extern_list(plan: &Plan) -> TokenStream {
    let externs = (0..plan.imports.len()).map(|position| {
        let name = trampoline_ident(position);
        quote! {
            ::wasmlite_rt::Extern::HostFunc(::wasmlite_rt::HostFunc { code: #name::<H> as *const u8 })
        }
    });
    let count = plan.imports.len();
    quote!({
        let imports: [::wasmlite_rt::Extern; #count] = [#(#externs),*];
        imports
    })
}
