//! Methods of the instance struct giving typed access to each export.

use super::types::{convert, results_type, results_value, rust_type, typed_params, wasm_text};
use crate::plan::{ExportItem, ExportPlan, Signature};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};
use wasmlite_abi::ValType;

/// The accessor methods of every planned export.
pub fn export_methods(exports: &[ExportItem]) -> TokenStream {
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

fn func(export: &ExportItem, method: &str, sig: &Signature) -> TokenStream {
    let doc = format!(" Calls the export `{}`: `{}`.", export.name, wasm_text(sig));
    let method = format_ident!("{}", method);
    let params = typed_params(sig);
    let results = results_type(&sig.results);
    let slots = sig.params.len().max(sig.results.len());
    let vmctx = quote!(__vmctx);
    let stores = sig.params.iter().enumerate().map(|(i, p)| {
        let name = format_ident!("{}", p.name);
        let raw = convert(p.ty, "into_raw", quote!(#name, #vmctx));
        quote!(__values[#i] = unsafe { #raw };)
    });
    // No results: `()` itself, not `unsafe { () }` (clippy's `unused_unit`
    // in the user's crate).
    let value = if sig.results.is_empty() {
        quote!(())
    } else {
        let value = results_value(&sig.results, &vmctx, |k| quote!(__values[#k]));
        quote!(unsafe { #value })
    };
    let index = export.index;
    // SAFETY (of the generated code): export `index` of the module whose
    // descriptor this struct links to is a function of exactly this type
    // (the link name contains the hash of the binary the bindings were
    // generated from), and `__values` has max(params, results) slots with
    // the parameters in order; `__vmctx` is this live instance's, and the
    // results were written by its code with the types read back.
    quote! {
        #[doc = #doc]
        #[allow(clippy::too_many_arguments)]
        pub fn #method(&mut self #(, #params)*) -> ::core::result::Result<#results, ::wasmlite_rt::Trap> {
            let mut __values = [::wasmlite_rt::ValRaw::default(); #slots];
            let #vmctx = self.instance.vmctx();
            #(#stores)*
            unsafe { self.instance.call_export_raw(#index, &mut __values) }?;
            ::core::result::Result::Ok(#value)
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
