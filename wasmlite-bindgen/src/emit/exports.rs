//! What the instance struct holds and offers for each export: a
//! `wasmlite_rt::TypedFunc` field per exported function, made once by
//! `new`, and the accessor methods.

use super::types::{convert, results_type, rust_type, typed_params, wasm_text};
use crate::plan::{ExportItem, ExportPlan, Signature};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use wasmlite_abi::ValType;

/// The export-specific parts of the instance struct.
pub struct ExportTokens {
    /// `name: TypedFunc<…>,` per exported function, for the struct.
    pub fields: TokenStream,
    /// `name: instance.typed_func(…).expect(…),` per exported function, for
    /// the struct expression in `new`, which has the runtime instance in a
    /// local `instance` (so these come before the `instance` field).
    pub inits: TokenStream,
    /// The accessor methods, for the inherent `impl`.
    pub methods: TokenStream,
}

/// The fields, their initializers and the accessor methods of every
/// planned export.
pub fn export_tokens(exports: &[ExportItem]) -> ExportTokens {
    let funcs = exports.iter().filter_map(|export| match &export.kind {
        ExportPlan::Func { method, sig } => Some((export, format_ident!("{}", method), sig)),
        _ => None,
    });
    let (fields, inits): (Vec<_>, Vec<_>) = funcs
        .map(|(export, field, sig)| {
            let ty = typed_func_type(sig);
            let name = &export.name;
            let expect = format!(
                "export `{name}` is a function of type `{}`, as when the bindings were generated",
                wasm_text(sig)
            );
            (
                quote!(#field: #ty,),
                quote!(#field: instance.typed_func(#name).expect(#expect),),
            )
        })
        .unzip();
    ExportTokens {
        fields: quote!(#(#fields)*),
        inits: quote!(#(#inits)*),
        methods: export_methods(exports),
    }
}

/// `::wasmlite_rt::TypedFunc<(params,), results>` for `sig`.
fn typed_func_type(sig: &Signature) -> TokenStream {
    let params = sig.params.iter().map(|p| rust_type(p.ty));
    let results = results_type(&sig.results);
    quote!(::wasmlite_rt::TypedFunc<(#(#params,)*), #results>)
}

/// The accessor methods of every planned export.
fn export_methods(exports: &[ExportItem]) -> TokenStream {
    let methods = exports.iter().map(|export| match &export.kind {
        ExportPlan::Func { method, sig } => func(export, method, sig),
        ExportPlan::Memory {
            getter,
            getter_mut,
            memory,
        } => memory_accessors(export, getter, getter_mut, *memory),
        ExportPlan::Global {
            getter,
            setter,
            global,
            ty,
        } => global_accessors(export, getter, setter.as_deref(), *global, *ty),
        ExportPlan::Table { getter } => table_accessor(export, getter),
    });
    quote!(#(#methods)*)
}

/// The method calling an exported function through its `TypedFunc` field
/// (named like the method), which checked its type once in `new`: no
/// `unsafe` here.
fn func(export: &ExportItem, method: &str, sig: &Signature) -> TokenStream {
    let doc = format!(" Calls the export `{}`: `{}`.", export.name, wasm_text(sig));
    let method = format_ident!("{}", method);
    let params = typed_params(sig);
    let names = sig.params.iter().map(|p| format_ident!("{}", p.name));
    let results = results_type(&sig.results);
    quote! {
        #[doc = #doc]
        #[allow(clippy::too_many_arguments)]
        pub fn #method(&mut self #(, #params)*) -> ::core::result::Result<#results, ::wasmlite_rt::Trap> {
            self.#method.call(&mut self.instance, (#(#names,)*))
        }
    }
}

fn memory_accessors(
    export: &ExportItem,
    getter: &str,
    getter_mut: &str,
    memory: u32,
) -> TokenStream {
    let doc = format!(" The bytes of the exported memory `{}`.", export.name);
    let doc_mut = format!(
        " The bytes of the exported memory `{}`, writable.",
        export.name
    );
    let getter = format_ident!("{}", getter);
    let getter_mut = format_ident!("{}", getter_mut);
    quote! {
        #[doc = #doc]
        pub fn #getter(&self) -> ::wasmlite_rt::MemoryView<'_> {
            self.instance.memory(#memory)
        }
        #[doc = #doc_mut]
        pub fn #getter_mut(&mut self) -> ::wasmlite_rt::MemoryViewMut<'_> {
            self.instance.memory_mut(#memory)
        }
    }
}

fn global_accessors(
    export: &ExportItem,
    getter: &str,
    setter: Option<&str>,
    global: u32,
    ty: ValType,
) -> TokenStream {
    let rust_type = rust_type(ty);
    let doc = format!(" The value of the exported global `{}`.", export.name);
    let getter = format_ident!("{}", getter);
    let value = convert(ty, "from_val", quote!(self.instance.global_get(#global)));
    let expect = format!("global {global} (`{}`) holds a {}", export.name, ty.name());
    let setter = setter.map(|setter| {
        let doc = format!(" Set the exported global `{}`.", export.name);
        let setter = format_ident!("{}", setter);
        let val = convert(ty, "into_val", quote!(value));
        let expect = format!(
            "global {global} (`{}`) is a mutable {}",
            export.name,
            ty.name()
        );
        quote! {
            #[doc = #doc]
            pub fn #setter(&mut self, value: #rust_type) {
                self.instance.global_set(#global, #val).expect(#expect)
            }
        }
    });
    quote! {
        #[doc = #doc]
        pub fn #getter(&self) -> #rust_type {
            #value.expect(#expect)
        }
        #setter
    }
}

fn table_accessor(export: &ExportItem, getter: &str) -> TokenStream {
    let doc = format!(" The exported table `{}`.", export.name);
    let getter = format_ident!("{}", getter);
    let name = &export.name;
    let expect = format!("export `{name}` is a table");
    quote! {
        #[doc = #doc]
        pub fn #getter(&self) -> ::wasmlite_rt::Table {
            match self.instance.get_export(#name) {
                ::core::option::Option::Some(::wasmlite_rt::Extern::Table(table)) => table,
                _ => ::core::panic!("{}", #expect),
            }
        }
    }
}
