//! The `include_wasm!` procedural macro, re-exported as
//! `wasmlite_rt::include_wasm!`. All the logic, and its tests, live in
//! `wasmlite-bindgen`; this crate only hands the arguments over.

use proc_macro::TokenStream;
use std::path::PathBuf;

#[doc = include_str!("include_wasm.md")]
#[proc_macro]
pub fn include_wasm(args: TokenStream) -> TokenStream {
    let Some(manifest_dir) = std::env::var_os("CARGO_MANIFEST_DIR") else {
        let message = "include_wasm! resolves its path against CARGO_MANIFEST_DIR, which is not set; build with cargo";
        return syn::Error::new(proc_macro2::Span::call_site(), message)
            .to_compile_error()
            .into();
    };
    wasmlite_bindgen::expand_tokens(args.into(), &PathBuf::from(manifest_dir)).into()
}
