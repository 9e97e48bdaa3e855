//! The `Imports` trait, the `Externs` struct of imported memories, tables
//! and globals, and the list of externs passed to `Instance::with_host`:
//! one `HostFunc` per imported function, calling the trait method.

use super::types::{results_type, return_type, rust_type, typed_params, wasm_text};
use crate::plan::{Import, ImportFunc, ImportItem, ItemKind, Plan, WasiFunc, CALLER_PARAM};
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
    let wasi_note = if plan.imports_wasi() {
        " Its WASI imports are not here: `wasmlite-wasi` provides them."
    } else {
        ""
    };
    let doc = format!(
        " The functions `{}` imports, implemented by the host state passed to [`{}::new`].{wasi_note}",
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
    let returns = if import.fallible {
        let results = results_type(&import.sig.results);
        quote!(-> ::core::result::Result<#results, ::wasmlite_rt::HostError>)
    } else {
        return_type(&import.sig.results)
    };
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

/// The `[Extern; N]` for `Instance::with_state`, in import order: a
/// `HostFunc` per function (WASI's from `wasmlite-wasi`), the field of
/// `externs` per other import. Evaluated inside `new`, whose `?` returns
/// the error of a WASI function `wasmlite-wasi` does not provide.
pub fn extern_list(plan: &Plan) -> TokenStream {
    let wasi: Vec<&WasiFunc> = plan
        .imports
        .iter()
        .filter_map(|import| match import {
            Import::Wasi(func) => Some(func),
            _ => None,
        })
        .collect();
    let mut wasi_slot = 0;
    let externs: Vec<TokenStream> = plan
        .imports
        .iter()
        .enumerate()
        .map(|(index, import)| match import {
            Import::Func(func) => host_func(func),
            Import::Wasi(func) => {
                wasi_slot += 1;
                wasi_func(func, index as u32, wasi_slot - 1)
            }
            Import::Item(item) => item_extern(item),
        })
        .collect();
    let count = plan.imports.len();
    let lookups = (!wasi.is_empty()).then(|| wasi_lookups(&wasi));
    quote!({
        #lookups
        let imports: [::wasmlite_rt::Extern; #count] = [#(#externs),*];
        imports
    })
}

/// `HostFunc::wrap` of a closure calling the trait method on the calling
/// instance's host state `H` (the type `Struct::new` was given). Its wasm
/// type comes from the Rust types, which are the import's; conversions,
/// panics and a fallible method's `Err` are the runtime's business.
fn host_func(import: &ImportFunc) -> TokenStream {
    let method = format_ident!("{}", import.method);
    let args: Vec<_> = (0..import.sig.params.len())
        .map(|i| format_ident!("a{}", i))
        .collect();
    let types = import.sig.params.iter().map(|p| rust_type(p.ty));
    let results = results_type(&import.sig.results);
    let returns = if import.fallible {
        quote!(::core::result::Result<#results, ::wasmlite_rt::HostError>)
    } else {
        results
    };
    let caller_arg = import.with_caller.then(|| quote!(caller,));
    quote! {
        ::wasmlite_rt::Extern::HostFunc(::wasmlite_rt::HostFunc::wrap(
            |caller: &mut ::wasmlite_rt::Caller<'_>, #(#args: #types),*| -> #returns {
                caller.with_state(|host: &mut H, caller| host.#method(#caller_arg #(#args),*))
            },
        ))
    }
}

/// `WASI_FUNCS`: the module's WASI functions, looked up in `wasmlite-wasi`
/// once per process (a lookup builds the crate's whole function table), in
/// import order; `None` for a name it does not provide.
fn wasi_lookups(wasi: &[&WasiFunc]) -> TokenStream {
    let count = wasi.len();
    let lookups = wasi
        .iter()
        .map(|WasiFunc { module, field }| quote!(::wasmlite_wasi::host_func(#module, #field)));
    quote! {
        static WASI_FUNCS: ::std::sync::OnceLock<[::core::option::Option<::wasmlite_rt::HostFunc>; #count]> =
            ::std::sync::OnceLock::new();
        let wasi_funcs = WASI_FUNCS.get_or_init(|| [#(#lookups),*]);
    }
}

/// The WASI function of slot `slot` of `WASI_FUNCS`, or an `UnknownImport`
/// error naming import `index` when `wasmlite-wasi` has no such function.
fn wasi_func(func: &WasiFunc, index: u32, slot: usize) -> TokenStream {
    let WasiFunc { module, field } = func;
    quote! {
        ::wasmlite_rt::Extern::HostFunc(wasi_funcs[#slot].clone().ok_or_else(|| {
            ::wasmlite_rt::InstantiationError::UnknownImport {
                index: #index,
                module: ::std::string::String::from(#module),
                field: ::std::string::String::from(#field),
                kind: "function",
            }
        })?)
    }
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
