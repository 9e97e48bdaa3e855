//! The arguments of `include_wasm!`.

use crate::ImportOption;
use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{bracketed, Ident, LitStr, Token};

/// `include_wasm!("path" [, with_caller = ["module.field", …]]
/// [, fallible = ["module.field", …]] [,])`.
pub struct MacroInput {
    /// The module file, relative to the crate's manifest directory.
    pub path: LitStr,
    /// Imports whose trait methods also receive the `Caller`, as
    /// `"module.field"`.
    pub with_caller: Vec<LitStr>,
    /// Imports whose trait methods return `Result<_, HostError>`, as
    /// `"module.field"`.
    pub fallible: Vec<LitStr>,
}

impl MacroInput {
    /// The entries given for `option`.
    pub fn list(&self, option: ImportOption) -> &[LitStr] {
        match option {
            ImportOption::WithCaller => &self.with_caller,
            ImportOption::Fallible => &self.fallible,
        }
    }
}

impl std::fmt::Debug for MacroInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let values = |list: &[LitStr]| list.iter().map(LitStr::value).collect::<Vec<_>>();
        f.debug_struct("MacroInput")
            .field("path", &self.path.value())
            .field("with_caller", &values(&self.with_caller))
            .field("fallible", &values(&self.fallible))
            .finish()
    }
}

impl Parse for MacroInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<MacroInput> {
        let path: LitStr = input.parse()?;
        let mut lists: [Option<Vec<LitStr>>; 2] = [None, None];
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            let Some(position) = ImportOption::ALL.iter().position(|o| key == o.name()) else {
                return Err(syn::Error::new(
                    key.span(),
                    format!("unknown argument `{key}`; the options are `with_caller = [\"module.field\", ...]` and `fallible = [\"module.field\", ...]`"),
                ));
            };
            if lists[position].is_some() {
                return Err(syn::Error::new(
                    key.span(),
                    format!("`{key}` is given twice"),
                ));
            }
            input.parse::<Token![=]>()?;
            let list;
            bracketed!(list in input);
            let names = Punctuated::<LitStr, Token![,]>::parse_terminated(&list)?;
            lists[position] = Some(names.into_iter().collect());
        }
        let [with_caller, fallible] = lists.map(Option::unwrap_or_default);
        Ok(MacroInput {
            path,
            with_caller,
            fallible,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(src: &str) -> syn::Result<MacroInput> {
        syn::parse_str(src)
    }

    #[test]
    fn path_alone_and_with_trailing_comma() {
        assert_eq!(
            parse(r#""wasm/calc.wat""#).unwrap().path.value(),
            "wasm/calc.wat"
        );
        assert!(parse(r#""wasm/calc.wat","#).unwrap().with_caller.is_empty());
    }

    #[test]
    fn with_caller_list() {
        let input = parse(r#""a.wat", with_caller = ["env.print", "env.read",],"#).unwrap();
        let names: Vec<String> = input.with_caller.iter().map(LitStr::value).collect();
        assert_eq!(names, ["env.print", "env.read"]);
        let input = parse(r#""a.wat", fallible = ["env.read"], with_caller = []"#).unwrap();
        let names: Vec<String> = input.fallible.iter().map(LitStr::value).collect();
        assert_eq!(names, ["env.read"]);
        assert!(input.with_caller.is_empty());
    }

    #[test]
    fn bad_arguments_are_errors() {
        let err = parse(r#""a.wat", with_calller = ["x.y"]"#).unwrap_err();
        assert!(
            err.to_string()
                .starts_with("unknown argument `with_calller`"),
            "{err}"
        );
        let err = parse(r#""a.wat", with_caller = [], with_caller = []"#).unwrap_err();
        assert_eq!(err.to_string(), "`with_caller` is given twice");
        assert!(parse("calc").is_err());
        assert!(parse(r#""a.wat", with_caller = ["x.y" "z.w"]"#).is_err());
    }
}
