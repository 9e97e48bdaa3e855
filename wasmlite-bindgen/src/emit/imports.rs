//! The `Imports` trait, one native-convention trampoline per imported
//! function, the `Externs` struct of imported memories, tables and globals,
//! and the list of externs passed to `Instance::with_host`.

use super::types::{abi_type, convert, return_type, typed_params, wasm_text};
use crate::plan::{Import, ImportFunc, ImportItem, ItemKind, Plan, CALLER_PARAM};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `pub trait Imports { … }`, plus `impl Imports for ()` when the module
/// imports no function.
pub fn imports_trait(plan: &Plan) -> TokenStream {
    let methods = plan.funcs().map(trait_method);
    let unit_impl = plan.funcs().next().is_none().then(|| {
        quote! {
            /// The module imports no function, so `()` is a complete host.
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

/// `pub struct Externs { … }`: one public field per imported memory, table
/// and global, or nothing when the module imports none.
pub fn externs_struct(plan: &Plan) -> TokenStream {
    if plan.items().next().is_none() {
        return quote!();
    }
    let fields = plan.items().map(|item| {
        let doc = format!(
            " The {} imported as `{}`.`{}`.",
            kind_name(item.kind),
            item.module,
            item.field
        );
        let name = format_ident!("{}", item.name);
        let handle = handle_type(item.kind);
        quote! {
            #[doc = #doc]
            pub #name: #handle,
        }
    });
    let doc = format!(
        " The memories, tables and globals `{}` imports, given to [`{}::new`]. Their types are checked when it instantiates.",
        plan.stem, plan.structure
    );
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug)]
        pub struct Externs {
            #(#fields)*
        }
    }
}

fn kind_name(kind: ItemKind) -> &'static str {
    match kind {
        ItemKind::Memory => "memory",
        ItemKind::Table => "table",
        ItemKind::Global => "global",
    }
}

fn handle_type(kind: ItemKind) -> TokenStream {
    match kind {
        ItemKind::Memory => quote!(::wasmlite_rt::Memory),
        ItemKind::Table => quote!(::wasmlite_rt::Table),
        ItemKind::Global => quote!(::wasmlite_rt::Global),
    }
}

fn trampoline_ident(position: usize) -> proc_macro2::Ident {
    format_ident!("__wasmlite_import_{}", position)
}

/// One `unsafe extern "C" fn __wasmlite_import_N<H: Imports + 'static>` per imported
/// function, in the native calling convention (see
/// `wasmlite_abi::calling_convention`): `vmctx` is the calling instance's,
/// whose host state is an `H`. Every conversion happens inside `host_call`,
/// so a panic in one is carried to the host like a panic in the method.
pub fn trampolines(plan: &Plan) -> TokenStream {
    let functions = plan.funcs().enumerate().map(|(position, import)| {
        let name = trampoline_ident(position);
        let method = format_ident!("{}", import.method);
        let args: Vec<_> = (0..import.sig.params.len())
            .map(|i| format_ident!("a{}", i))
            .collect();
        let arg_types = import.sig.params.iter().map(|p| abi_type(p.ty));
        let typed_args = import
            .sig
            .params
            .iter()
            .zip(&args)
            .map(|(p, arg)| convert(p.ty, "from_abi", quote!(#arg, vmctx)));
        let (closure_param, caller_arg) = if import.with_caller {
            (quote!(caller), quote!(caller,))
        } else {
            (quote!(_), quote!())
        };
        let call = quote! {
            let mut host = ::wasmlite_rt::__private::host_state::<H>(vmctx);
            host.#method(#caller_arg #(#typed_args),*)
        };
        let results = &import.sig.results;
        let (results_param, returns, body) = match results.as_slice() {
            [] => (quote!(), quote!(), call),
            [one] => {
                let abi = abi_type(*one);
                let back = convert(*one, "into_abi", quote!(result, vmctx));
                (quote!(), quote!(-> #abi), quote! { let result = { #call }; #back })
            }
            _ => {
                let outs: Vec<_> = (0..results.len()).map(|k| format_ident!("r{}", k)).collect();
                let writes = results.iter().zip(&outs).enumerate().map(|(k, (ty, out))| {
                    let raw = convert(*ty, "into_raw", quote!(#out, vmctx));
                    quote!(results.add(#k).write(#raw);)
                });
                (
                    quote!(results: *mut ::wasmlite_rt::ValRaw,),
                    quote!(),
                    quote! { let (#(#outs),*) = { #call }; #(#writes)* },
                )
            }
        };
        // SAFETY (of the generated code): the runtime calls this trampoline
        // only from instances created by `Struct::new`, whose host state is
        // the `H` it was monomorphized for; `vmctx` is the calling
        // instance's, which is live and suspended during the call; the
        // arguments have the import's types; with several results the
        // caller passes one `ValRaw` slot per result.
        quote! {
            #[doc(hidden)]
            #[allow(clippy::too_many_arguments)]
            unsafe extern "C" fn #name<H: Imports + 'static>(
                vmctx: *mut ::wasmlite_rt::__private::abi::VMContext,
                #results_param
                #(#args: #arg_types),*
            ) #returns {
                unsafe {
                    ::wasmlite_rt::__private::host_call(vmctx, |#closure_param| { #body })
                }
            }
        }
    });
    quote!(#(#functions)*)
}

/// The `[Extern; N]` for `Instance::with_host`, in import order: a
/// trampoline per function, the field of `externs` per other import.
pub fn extern_list(plan: &Plan) -> TokenStream {
    let mut position = 0;
    let externs: Vec<TokenStream> = plan
        .imports
        .iter()
        .map(|import| match import {
            Import::Func(_) => {
                let name = trampoline_ident(position);
                position += 1;
                quote! {
                    ::wasmlite_rt::Extern::HostFunc(::wasmlite_rt::HostFunc { code: #name::<H> as *const u8 })
                }
            }
            Import::Item(item) => item_extern(item),
        })
        .collect();
    let count = externs.len();
    quote!({
        let imports: [::wasmlite_rt::Extern; #count] = [#(#externs),*];
        imports
    })
}

fn item_extern(item: &ImportItem) -> TokenStream {
    let field = format_ident!("{}", item.name);
    let variant = match item.kind {
        ItemKind::Memory => quote!(Memory),
        ItemKind::Table => quote!(Table),
        ItemKind::Global => quote!(Global),
    };
    quote!(::wasmlite_rt::Extern::#variant(externs.#field))
}
