//! The arguments of `include_wasm!`.

use syn::parse::{Parse, ParseStream};
use syn::punctuated::Punctuated;
use syn::{bracketed, Ident, LitStr, Token};

/// `include_wasm!("path" [, with_caller = ["module.field", …]] [,])`.
pub struct MacroInput {
    /// The module file, relative to the crate's manifest directory.
    pub path: LitStr,
    /// Imports whose trait methods also receive the `Caller`, as
    /// `"module.field"`.
    pub with_caller: Vec<LitStr>,
}

impl std::fmt::Debug for MacroInput {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let with_caller: Vec<String> = self.with_caller.iter().map(LitStr::value).collect();
        f.debug_struct("MacroInput")
            .field("path", &self.path.value())
            .field("with_caller", &with_caller)
            .finish()
    }
}

impl Parse for MacroInput {
    fn parse(input: ParseStream<'_>) -> syn::Result<MacroInput> {
        let path: LitStr = input.parse()?;
        let mut with_caller: Option<Vec<LitStr>> = None;
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            if key != "with_caller" {
                return Err(syn::Error::new(
                    key.span(),
                    format!("unknown argument `{key}`; the only option is `with_caller = [\"module.field\", ...]`"),
                ));
            }
            if with_caller.is_some() {
                return Err(syn::Error::new(key.span(), "`with_caller` is given twice"));
            }
            input.parse::<Token![=]>()?;
            let list;
            bracketed!(list in input);
            let names = Punctuated::<LitStr, Token![,]>::parse_terminated(&list)?;
            with_caller = Some(names.into_iter().collect());
        }
        Ok(MacroInput {
            path,
            with_caller: with_caller.unwrap_or_default(),
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
