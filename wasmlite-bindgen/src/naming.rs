//! Turning wasm names into Rust identifiers, and resolving collisions.
//!
//! The rules are documented (with a table of examples that a test checks)
//! in the crate docs, `docs.md`.

use std::collections::HashSet;

/// Words that cannot be used as plain identifiers in any Rust edition
/// (strict and reserved keywords; `gen` is reserved from 2024 on).
const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

/// What an empty name, or one with no ASCII letter or digit, becomes.
const UNNAMED: &str = "unnamed";

/// Type names the generated module defines itself (or that Rust reserves),
/// which the instance struct must not take.
const RESERVED_TYPE_NAMES: &[&str] = &["Imports", "Self"];

/// `name` in snake case, reduced to `[a-z0-9_]`: ASCII letters are
/// lowercased (with `_` at lower→upper and `XYz` case boundaries), every
/// other character becomes `_`, runs of `_` collapse into one, a leading
/// digit gets a `_` before it and a keyword gets a `_` after it. Names with
/// no letter or digit become `unnamed`.
pub fn snake_ident(name: &str) -> String {
    let chars: Vec<char> = name.chars().collect();
    let mut out = String::with_capacity(name.len());
    for (i, &c) in chars.iter().enumerate() {
        if c.is_ascii_uppercase() {
            if is_case_boundary(
                i.checked_sub(1).map(|p| chars[p]),
                chars.get(i + 1).copied(),
            ) {
                push_underscore(&mut out);
            }
            out.push(c.to_ascii_lowercase());
        } else if c.is_ascii_alphanumeric() {
            out.push(c);
        } else {
            push_underscore(&mut out);
        }
    }
    if out.chars().all(|c| c == '_') {
        return UNNAMED.to_string();
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) {
        out.insert(0, '_');
    }
    if KEYWORDS.contains(&out.as_str()) {
        out.push('_');
    }
    out
}

/// Whether an uppercase letter between `prev` and `next` starts a new word.
fn is_case_boundary(prev: Option<char>, next: Option<char>) -> bool {
    match prev {
        Some(p) if p.is_ascii_lowercase() || p.is_ascii_digit() => true,
        Some(p) if p.is_ascii_uppercase() => next.is_some_and(|n| n.is_ascii_lowercase()),
        _ => false,
    }
}

/// Push `_` unless `out` already ends with one.
fn push_underscore(out: &mut String) {
    if !out.ends_with('_') {
        out.push('_');
    }
}

/// The name of the generated module for a file stem: [`snake_ident`].
pub fn module_ident(stem: &str) -> String {
    snake_ident(stem)
}

/// The name of the generated instance struct for a file stem: the words of
/// [`snake_ident`] in UpperCamelCase, with `Wasm` in front when that would
/// start with a digit or be `Imports` or `Self`.
pub fn struct_ident(stem: &str) -> String {
    let words = snake_ident(stem);
    let mut out = String::with_capacity(words.len());
    for word in words.split('_').filter(|w| !w.is_empty()) {
        let mut chars = word.chars();
        if let Some(first) = chars.next() {
            out.push(first.to_ascii_uppercase());
            out.extend(chars);
        }
    }
    if out.starts_with(|c: char| c.is_ascii_digit()) || RESERVED_TYPE_NAMES.contains(&out.as_str())
    {
        out.insert_str(0, "Wasm");
    }
    out
}

/// The identifiers already taken in one scope (the methods of a struct or
/// trait, the parameters of a function).
///
/// Each item claims a *base* name and the names derived from it (a
/// memory `m` claims `m` and `m_mut`). When any of them is taken, the base
/// gets the suffix `_2`, then `_3`, … (replacing a trailing `_`), and all
/// derived names move with it. Items claim in the order they are given,
/// so earlier exports keep their natural names.
#[derive(Debug, Default)]
pub struct Namespace {
    taken: HashSet<String>,
}

impl Namespace {
    /// A namespace where `reserved` are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Namespace {
        Namespace {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// Claim `base` (already a valid identifier) and the names `derive`
    /// makes from it; returns the base actually used.
    pub fn claim(&mut self, base: &str, derive: impl Fn(&str) -> Vec<String>) -> String {
        let stem = base.trim_end_matches('_');
        let mut candidate = base.to_string();
        let mut n = 2u32;
        loop {
            let names = derive(&candidate);
            if !names.iter().any(|name| self.taken.contains(name)) {
                self.taken.extend(names);
                return candidate;
            }
            candidate = format!("{stem}_{n}");
            n += 1;
        }
    }

    /// Claim a single name (no derived names).
    pub fn claim_one(&mut self, base: &str) -> String {
        self.claim(base, |b| vec![b.to_string()])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Rows of the naming table in `docs.md`: `| \`wasm name\` | \`rust name\` |`.
    fn documented_examples() -> Vec<(String, String)> {
        let docs = include_str!("docs.md");
        let table = docs
            .split("<!-- naming-table -->")
            .nth(1)
            .expect("docs.md has a naming table between <!-- naming-table --> markers");
        table
            .lines()
            .filter(|line| line.starts_with("| `"))
            .map(|line| {
                let cells: Vec<&str> = line.split('|').map(str::trim).collect();
                let unquote = |s: &str| s.trim_matches('`').replace("\\|", "|");
                (unquote(cells[1]), unquote(cells[2]))
            })
            .collect()
    }

    #[test]
    fn documented_table_matches_the_rules() {
        let examples = documented_examples();
        assert!(
            examples.len() >= 10,
            "the table should have examples: {examples:?}"
        );
        for (wasm, rust) in examples {
            let wasm = if wasm == "(empty)" {
                String::new()
            } else {
                wasm
            };
            assert_eq!(snake_ident(&wasm), rust, "wasm name {wasm:?}");
        }
    }

    #[test]
    fn snake_case_conversion() {
        assert_eq!(snake_ident("add"), "add");
        assert_eq!(snake_ident("getValue"), "get_value");
        assert_eq!(snake_ident("HTTPServer"), "http_server");
        assert_eq!(snake_ident("utf8Decode"), "utf8_decode");
        assert_eq!(snake_ident("fd_write"), "fd_write");
        assert_eq!(snake_ident("my-func.v2"), "my_func_v2");
        assert_eq!(snake_ident("a  --  b"), "a_b");
        assert_eq!(snake_ident("_start"), "_start");
        assert_eq!(snake_ident("__heap_base"), "_heap_base");
    }

    #[test]
    fn digits_keywords_and_empty_names() {
        assert_eq!(snake_ident("2d"), "_2d");
        assert_eq!(snake_ident("123"), "_123");
        assert_eq!(snake_ident("type"), "type_");
        assert_eq!(snake_ident("Self"), "self_");
        assert_eq!(snake_ident("gen"), "gen_");
        assert_eq!(snake_ident("fn"), "fn_");
        assert_eq!(snake_ident(""), "unnamed");
        assert_eq!(snake_ident("___"), "unnamed");
        assert_eq!(snake_ident("日本"), "unnamed");
    }

    #[test]
    fn non_ascii_characters_become_underscores() {
        assert_eq!(snake_ident("café"), "caf_");
        assert_eq!(snake_ident("naïve"), "na_ve");
        assert_eq!(snake_ident("größe"), "gr_e");
    }

    #[test]
    fn every_result_is_a_valid_identifier() {
        let inputs = [
            "", "_", "0", "9x", "a b", "self", "super", "crate", "ÄÖÜ", "x\u{0}y", "a__b", "_2",
        ];
        for input in inputs {
            let ident = snake_ident(input);
            assert!(
                syn::parse_str::<syn::Ident>(&ident).is_ok(),
                "{input:?} -> {ident:?}"
            );
            assert!(!ident.contains("__"), "{input:?} -> {ident:?}");
        }
    }

    #[test]
    fn struct_names() {
        assert_eq!(struct_ident("calc"), "Calc");
        assert_eq!(struct_ident("my-module"), "MyModule");
        assert_eq!(struct_ident("fooBar"), "FooBar");
        assert_eq!(struct_ident("2fast"), "Wasm2fast");
        assert_eq!(struct_ident("imports"), "WasmImports");
        assert_eq!(struct_ident("self"), "WasmSelf");
        assert_eq!(struct_ident("type"), "Type");
        assert_eq!(module_ident("type"), "type_");
        assert_eq!(module_ident("My Module"), "my_module");
    }

    #[test]
    fn collisions_get_numbered_suffixes_in_order() {
        let mut ns = Namespace::with_reserved(&["new", "host"]);
        assert_eq!(ns.claim_one("add"), "add");
        assert_eq!(ns.claim_one("add"), "add_2");
        assert_eq!(ns.claim_one("add"), "add_3");
        assert_eq!(ns.claim_one("new"), "new_2");
        assert_eq!(ns.claim_one("type_"), "type_");
        assert_eq!(ns.claim_one("type_"), "type_2");
    }

    #[test]
    fn derived_names_move_together() {
        let mut ns = Namespace::with_reserved(&[]);
        assert_eq!(ns.claim_one("memory_mut"), "memory_mut");
        let mem = ns.claim("memory", |b| vec![b.to_string(), format!("{b}_mut")]);
        assert_eq!(mem, "memory_2");
        assert_eq!(ns.claim_one("memory"), "memory");
        assert_eq!(ns.claim_one("memory_2_mut"), "memory_2_mut_2");
    }
}
