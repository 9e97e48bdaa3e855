//! Turning a [`Plan`] into the tokens of the generated module.

mod exports;
mod imports;
mod instance;
mod types;

use crate::plan::Plan;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// `pub mod <module> { … }` with everything the plan describes.
pub fn module(plan: &Plan) -> TokenStream {
    let module = format_ident!("{}", plan.module);
    let doc = format!(
        " Typed bindings for the WebAssembly module `{}`: the host trait `Imports` and the instance struct `{}`.",
        plan.stem, plan.structure
    );
    let descriptor = instance::descriptor(plan);
    let imports_trait = imports::imports_trait(plan);
    let externs = imports::externs_struct(plan);
    let instance = instance::instance_struct(plan, exports::export_tokens(&plan.exports));
    quote! {
        #[doc = #doc]
        pub mod #module {
            #descriptor
            #imports_trait
            #externs
            #instance
        }
    }
}

/// An empty `pub mod <module> {}`, emitted when the module file cannot be
/// used, so that the error is not followed by "unresolved module" errors.
pub fn fallback_module(module: &str) -> TokenStream {
    let module = format_ident!("{}", module);
    quote!(pub mod #module {})
}
