//! How each wasm value type appears in generated code. The conversions
//! themselves live in the runtime (`wasmlite_rt::WasmValue`); generated code
//! only names the Rust type and calls them.

use crate::plan::Signature;
use proc_macro2::TokenStream;
use quote::quote;
use wasmlite_abi::ValType;

/// The Rust type standing for `ty` (a `wasmlite_rt::WasmValue`).
///
/// # Panics
/// For exception references, which have no Rust type yet (the parser
/// rejects modules using them).
pub fn rust_type(ty: ValType) -> TokenStream {
    match ty {
        ValType::I32 => quote!(i32),
        ValType::I64 => quote!(i64),
        ValType::F32 => quote!(f32),
        ValType::F64 => quote!(f64),
        ValType::V128 => quote!(::wasmlite_rt::V128),
        ValType::Ref(r) if r.is_func() => quote!(::core::option::Option<::wasmlite_rt::FuncRef>),
        ValType::Ref(r) if r.is_extern() => quote!(::core::option::Option<::wasmlite_rt::ExternRef>),
        ValType::Ref(r) => panic!("no Rust type for wasm type {r}"),
    }
}

/// Calls `WasmValue::<conversion>` of `ty`'s Rust type on `args`.
pub fn convert(ty: ValType, conversion: &str, args: TokenStream) -> TokenStream {
    let ty = rust_type(ty);
    let conversion = quote::format_ident!("{}", conversion);
    quote!(<#ty as ::wasmlite_rt::WasmValue>::#conversion(#args))
}

/// The Rust type of a result list: `()`, the type, or a tuple.
pub fn results_type(results: &[ValType]) -> TokenStream {
    match results {
        [one] => rust_type(*one),
        _ => {
            let types = results.iter().map(|r| rust_type(*r));
            quote!((#(#types),*))
        }
    }
}

/// `name: type` for each parameter of `sig`.
pub fn typed_params(sig: &Signature) -> Vec<TokenStream> {
    sig.params
        .iter()
        .map(|p| {
            let name = quote::format_ident!("{}", p.name);
            let ty = rust_type(p.ty);
            quote!(#name: #ty)
        })
        .collect()
}

/// `-> T` for a result list, nothing when it is empty.
pub fn return_type(results: &[ValType]) -> TokenStream {
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
        let names: Vec<_> = sig.params.iter().map(|p| p.ty.name()).collect();
        parts.push(format!("(param {})", names.join(" ")));
    }
    if !sig.results.is_empty() {
        let names: Vec<_> = sig.results.iter().map(|r| r.name()).collect();
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
        assert_eq!(results_type(&[ValType::F32]).to_string(), "f32");
        assert_eq!(
            results_type(&[ValType::I32, ValType::V128]).to_string(),
            "(i32 , :: wasmlite_rt :: V128)"
        );
        assert_eq!(
            rust_type(ValType::FUNCREF).to_string(),
            ":: core :: option :: Option < :: wasmlite_rt :: FuncRef >"
        );
        // Typed references are the same Rust types (checked at run time).
        let typed = ValType::Ref(wasmlite_abi::RefType::non_null(wasmlite_abi::HeapType::Concrete(2)));
        assert_eq!(rust_type(typed).to_string(), rust_type(ValType::FUNCREF).to_string());
        let non_null_extern = ValType::Ref(wasmlite_abi::RefType::non_null(wasmlite_abi::HeapType::Extern));
        assert_eq!(rust_type(non_null_extern).to_string(), rust_type(ValType::EXTERNREF).to_string());
    }

    #[test]
    fn wasm_text_of_signatures() {
        let sig = Signature {
            params: vec![
                Param {
                    name: "a".into(),
                    ty: ValType::I32,
                },
                Param {
                    name: "b".into(),
                    ty: ValType::EXTERNREF,
                },
            ],
            results: vec![ValType::V128],
        };
        assert_eq!(
            wasm_text(&sig),
            "(func (param i32 externref) (result v128))"
        );
        assert_eq!(
            wasm_text(&Signature {
                params: vec![],
                results: vec![]
            }),
            "(func)"
        );
    }
}
