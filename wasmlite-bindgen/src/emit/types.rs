//! How each supported value type appears in generated code.

use crate::plan::{Scalar, Signature};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

impl Scalar {
    /// The wasm name of the type.
    pub fn wasm_name(self) -> &'static str {
        match self {
            Scalar::I32 => "i32",
            Scalar::I64 => "i64",
            Scalar::F32 => "f32",
            Scalar::F64 => "f64",
        }
    }

    /// The Rust type (same spelling as the wasm type).
    pub fn rust_type(self) -> TokenStream {
        let ty = format_ident!("{}", self.wasm_name());
        quote!(#ty)
    }

    /// `ValRaw` holding `value`.
    pub fn raw_of(self, value: TokenStream) -> TokenStream {
        let from = format_ident!("from_{}", self.wasm_name());
        quote!(::wasmlite_rt::ValRaw::#from(#value))
    }

    /// The value in the `ValRaw` `raw`.
    pub fn read_raw(self, raw: TokenStream) -> TokenStream {
        let get = format_ident!("get_{}", self.wasm_name());
        quote!(#raw.#get())
    }

    /// A `wasmlite_rt::Val` holding `value`.
    pub fn val_of(self, value: TokenStream) -> TokenStream {
        match self {
            Scalar::I32 => quote!(::wasmlite_rt::Val::I32(#value)),
            Scalar::I64 => quote!(::wasmlite_rt::Val::I64(#value)),
            Scalar::F32 => quote!(::wasmlite_rt::Val::F32((#value).to_bits())),
            Scalar::F64 => quote!(::wasmlite_rt::Val::F64((#value).to_bits())),
        }
    }

    /// A match arm body-pair: the `Val` pattern binding `bits` and the
    /// expression turning `bits` into this type.
    pub fn val_match(self) -> (TokenStream, TokenStream) {
        match self {
            Scalar::I32 => (quote!(::wasmlite_rt::Val::I32(bits)), quote!(bits)),
            Scalar::I64 => (quote!(::wasmlite_rt::Val::I64(bits)), quote!(bits)),
            Scalar::F32 => (
                quote!(::wasmlite_rt::Val::F32(bits)),
                quote!(f32::from_bits(bits)),
            ),
            Scalar::F64 => (
                quote!(::wasmlite_rt::Val::F64(bits)),
                quote!(f64::from_bits(bits)),
            ),
        }
    }
}

/// The Rust type of a result list: `()`, the type, or a tuple.
pub fn results_type(results: &[Scalar]) -> TokenStream {
    match results {
        [one] => one.rust_type(),
        _ => {
            let types = results.iter().map(|r| r.rust_type());
            quote!((#(#types),*))
        }
    }
}

/// A tuple (or single value, or `()`) of `results[k]` read from `raw(k)`.
pub fn results_value(results: &[Scalar], raw: impl Fn(usize) -> TokenStream) -> TokenStream {
    let values: Vec<TokenStream> = results
        .iter()
        .enumerate()
        .map(|(k, r)| r.read_raw(raw(k)))
        .collect();
    match values.as_slice() {
        [one] => one.clone(),
        _ => quote!((#(#values),*)),
    }
}

/// `name: type` for each parameter of `sig`.
pub fn typed_params(sig: &Signature) -> Vec<TokenStream> {
    sig.params
        .iter()
        .map(|p| {
            let name = format_ident!("{}", p.name);
            let ty = p.ty.rust_type();
            quote!(#name: #ty)
        })
        .collect()
}

/// `-> T` for a result list, nothing when it is empty.
pub fn return_type(results: &[Scalar]) -> TokenStream {
    if results.is_empty() {
        quote!()
    } else {
        let ty = results_type(results);
        quote!(-> #ty)
    }
}

/// The signature in wasm text syntax, for documentation:
/// `(param i32 i32) (result i32)`.
pub fn wasm_text(sig: &Signature) -> String {
    let mut parts = Vec::new();
    if !sig.params.is_empty() {
        let names: Vec<_> = sig.params.iter().map(|p| p.ty.wasm_name()).collect();
        parts.push(format!("(param {})", names.join(" ")));
    }
    if !sig.results.is_empty() {
        let names: Vec<_> = sig.results.iter().map(|r| r.wasm_name()).collect();
        parts.push(format!("(result {})", names.join(" ")));
    }
    if parts.is_empty() {
        "(func)".to_string()
    } else {
        format!("(func {})", parts.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::plan::Param;

    #[test]
    fn result_types_by_arity() {
        assert_eq!(results_type(&[]).to_string(), "()");
        assert_eq!(results_type(&[Scalar::F32]).to_string(), "f32");
        assert_eq!(
            results_type(&[Scalar::I32, Scalar::I64]).to_string(),
            "(i32 , i64)"
        );
    }

    #[test]
    fn wasm_text_of_signatures() {
        let sig = Signature {
            params: vec![
                Param {
                    name: "a".into(),
                    ty: Scalar::I32,
                },
                Param {
                    name: "b".into(),
                    ty: Scalar::F64,
                },
            ],
            results: vec![Scalar::I64],
        };
        assert_eq!(wasm_text(&sig), "(func (param i32 f64) (result i64))");
        assert_eq!(
            wasm_text(&Signature {
                params: vec![],
                results: vec![]
            }),
            "(func)"
        );
    }
}
