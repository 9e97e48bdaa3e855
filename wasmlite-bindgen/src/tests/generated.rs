//! The items and method signatures of generated modules.

use super::{generate_wat, CALC};
use quote::ToTokens;
use syn::{ForeignItem, ImplItem, Item, Signature, TraitItem};

/// The items inside the generated `pub mod <name> { … }`.
pub(super) fn module_items(tokens: proc_macro2::TokenStream, name: &str) -> Vec<Item> {
    let file: syn::File = syn::parse2(tokens).expect("generated code parses as a file");
    let module = file
        .items
        .into_iter()
        .find_map(|item| match item {
            Item::Mod(m) if m.ident == name => Some(m),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no module `{name}`"));
    assert!(
        matches!(module.vis, syn::Visibility::Public(_)),
        "the module is pub"
    );
    module.content.expect("inline module").1
}

pub(super) fn sig(src: &str) -> Signature {
    syn::parse_str(src).unwrap_or_else(|e| panic!("{src}: {e}"))
}

pub(super) fn trait_methods(items: &[Item]) -> Vec<Signature> {
    let imports = items
        .iter()
        .find_map(|item| match item {
            Item::Trait(t) if t.ident == "Imports" => Some(t),
            _ => None,
        })
        .expect("trait Imports");
    imports
        .items
        .iter()
        .map(|item| match item {
            TraitItem::Fn(f) => f.sig.clone(),
            other => panic!("unexpected trait item {}", other.to_token_stream()),
        })
        .collect()
}

/// Signatures of the inherent `impl` of `name`.
pub(super) fn inherent_methods(items: &[Item], name: &str) -> Vec<Signature> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Impl(i)
                if i.trait_.is_none()
                    && i.self_ty.to_token_stream().to_string().starts_with(name) =>
            {
                Some(i)
            }
            _ => None,
        })
        .flat_map(|i| i.items.iter())
        .map(|item| match item {
            ImplItem::Fn(f) => f.sig.clone(),
            other => panic!("unexpected impl item {}", other.to_token_stream()),
        })
        .collect()
}

pub(super) fn trait_impls(items: &[Item]) -> Vec<String> {
    items
        .iter()
        .filter_map(|item| match item {
            Item::Impl(i) => i.trait_.as_ref().map(|(_, path, _)| {
                format!(
                    "{} for {}",
                    path.to_token_stream(),
                    i.self_ty.to_token_stream()
                )
                .replace(' ', "")
            }),
            _ => None,
        })
        .collect()
}

#[test]
fn calc_module_has_the_documented_api() {
    let bindings = generate_wat("calc", CALC, &[]);
    assert!(bindings.errors.is_empty(), "{:?}", bindings.errors);
    let items = module_items(bindings.tokens, "calc");

    assert_eq!(
        trait_methods(&items),
        [
            sig("fn env_log(&mut self, value: i32)"),
            sig("fn env_now(&mut self) -> i64")
        ]
    );

    let result = |t: &str| format!("::core::result::Result<{t}, ::wasmlite_rt::Trap>");
    let expected = [
        "fn new(host: H) -> ::core::result::Result<Self, ::wasmlite_rt::InstantiationError>"
            .to_string(),
        "fn host(&self) -> ::wasmlite_rt::StateRef<'_, H>".into(),
        "fn host_mut(&mut self) -> ::wasmlite_rt::StateRefMut<'_, H>".into(),
        "fn into_host(mut self) -> H".into(),
        "fn instance(&self) -> &::wasmlite_rt::Instance".into(),
        "fn instance_mut(&mut self) -> &mut ::wasmlite_rt::Instance".into(),
        "fn memory(&self) -> ::wasmlite_rt::MemoryView<'_>".into(),
        "fn memory_mut(&mut self) -> ::wasmlite_rt::MemoryViewMut<'_>".into(),
        "fn count(&self) -> i32".into(),
        "fn set_count(&mut self, value: i32)".into(),
        "fn table(&self) -> ::wasmlite_rt::Table".into(),
        format!("fn add(&mut self, a: i32, b: i32) -> {}", result("i32")),
        format!("fn div(&mut self, a0: i32, a1: i32) -> {}", result("i32")),
        format!(
            "fn swap(&mut self, a0: i32, a1: i32) -> {}",
            result("(i32, i32)")
        ),
        format!("fn load8(&mut self, a0: i32) -> {}", result("i32")),
        format!("fn scale(&mut self, a0: f32, a1: f64) -> {}", result("f64")),
    ];
    let expected: Vec<Signature> = expected.iter().map(|s| sig(s)).collect();
    assert_eq!(inherent_methods(&items, "Calc"), expected);

    assert!(
        trait_impls(&items).is_empty(),
        "no Drop or unsafe Send impls: the runtime instance owns the host state"
    );
    let item_names: Vec<String> = items
        .iter()
        .filter_map(|item| match item {
            Item::Struct(s) => Some(format!("struct {}", s.ident)),
            Item::Fn(f) => Some(format!("fn {}", f.sig.ident)),
            _ => None,
        })
        .collect();
    assert_eq!(
        item_names,
        ["fn module", "struct Calc"],
        "imports need no generated functions: they are HostFunc closures"
    );
}

#[test]
fn descriptor_is_linked_by_the_compilers_symbol_name() {
    let bindings = generate_wat("calc", CALC, &[]);
    let items = module_items(bindings.tokens, "calc");
    let foreign = items
        .iter()
        .find_map(|item| match item {
            Item::ForeignMod(f) => Some(f),
            _ => None,
        })
        .expect("an extern block");
    let [ForeignItem::Static(descriptor)] = foreign.items.as_slice() else {
        panic!("one static")
    };
    assert_eq!(descriptor.ident, "DESCRIPTOR");
    let link_name = descriptor
        .attrs
        .iter()
        .find(|a| a.path().is_ident("link_name"))
        .map(|a| match &a.meta {
            syn::Meta::NameValue(nv) => nv.value.to_token_stream().to_string(),
            _ => panic!("link_name = \"…\""),
        })
        .expect("link_name");
    let wasm = wat::parse_str(CALC).unwrap();
    let symbol =
        wasmlite_abi::symbols::descriptor("calc", &wasmlite_abi::symbols::module_id(&wasm));
    assert_eq!(link_name, format!("{symbol:?}"));
}

#[test]
fn imports_are_host_funcs_calling_the_trait_with_caller_and_fallible() {
    let wasm = wat::parse_str(
        r#"(module
            (import "env" "pair" (func (param i64) (result i32 f32)))
            (import "env" "print" (func (param $ptr i32) (param $len i32))))"#,
    )
    .unwrap();
    let options = crate::Options {
        file: "wasm/multi.wat".into(),
        with_caller: vec!["env.print".into()],
        fallible: vec!["env.pair".into(), "env.print".into()],
    };
    let bindings = crate::generate(&wasm, &options);
    assert!(bindings.errors.is_empty(), "{:?}", bindings.errors);
    let text = bindings.tokens.to_string();
    let items = module_items(bindings.tokens, "multi");
    let error = "::wasmlite_rt::HostError";
    assert_eq!(
        trait_methods(&items),
        [
            sig(&format!("fn env_pair(&mut self, a0: i64) -> ::core::result::Result<(i32, f32), {error}>")),
            sig(&format!("fn env_print(&mut self, caller: &mut ::wasmlite_rt::Caller<'_>, ptr: i32, len: i32) -> ::core::result::Result<(), {error}>")),
        ]
    );
    assert_eq!(
        text.matches(":: wasmlite_rt :: HostFunc :: wrap").count(),
        2
    );
    assert!(
        text.contains("host . env_print (caller , a0 , a1)"),
        "the Caller is passed on: {text}"
    );
    assert!(text.contains("host . env_pair (a0)"), "{text}");
}

#[test]
fn a_module_without_imports_accepts_unit_as_host() {
    let bindings = generate_wat("pure", r#"(module (func (export "nop")))"#, &[]);
    let items = module_items(bindings.tokens, "pure");
    assert!(trait_methods(&items).is_empty());
    assert_eq!(trait_impls(&items), ["Importsfor()",]);
    let methods = inherent_methods(&items, "Pure");
    assert_eq!(
        methods.last().unwrap(),
        &sig("fn nop(&mut self) -> ::core::result::Result<(), ::wasmlite_rt::Trap>")
    );
}

/// `name: type` of each named field of the struct `name`.
fn struct_fields(items: &[Item], name: &str) -> Vec<String> {
    let s = items
        .iter()
        .find_map(|item| match item {
            Item::Struct(s) if s.ident == name => Some(s),
            _ => None,
        })
        .unwrap_or_else(|| panic!("no struct `{name}`"));
    s.fields
        .iter()
        .map(|f| {
            format!("{}: {}", f.ident.as_ref().unwrap(), f.ty.to_token_stream()).replace(' ', "")
        })
        .collect()
}

#[test]
fn export_methods_call_typed_funcs_made_once_in_new() {
    let bindings = generate_wat("calc", CALC, &[]);
    let items = module_items(bindings.tokens.clone(), "calc");
    let typed =
        |params: &str, results: &str| format!("::wasmlite_rt::TypedFunc<({params}),{results}>");
    assert_eq!(
        struct_fields(&items, "Calc"),
        [
            "instance:::wasmlite_rt::Instance".to_string(),
            "host:::core::marker::PhantomData<fn()->H>".into(),
            format!("add:{}", typed("i32,i32,", "i32")),
            format!("div:{}", typed("i32,i32,", "i32")),
            format!("swap:{}", typed("i32,i32,", "(i32,i32)")),
            format!("load8:{}", typed("i32,", "i32")),
            format!("scale:{}", typed("f32,f64,", "f64")),
        ]
    );
    let text = bindings.tokens.to_string();
    let new = &text[text.find("pub fn new").unwrap()..text.find("pub fn host").unwrap()];
    assert!(
        new.contains("swap : instance . typed_func (\"swap\") . expect ("),
        "{new}"
    );
    let swap = &text[text.find("pub fn swap").unwrap()..text.find("pub fn load8").unwrap()];
    assert!(
        swap.contains("{ self . swap . call (& mut self . instance , (a0 , a1 ,)) }"),
        "{swap}"
    );
    let nop = generate_wat("nop", r#"(module (func (export "nop")))"#, &[]);
    let text = nop.tokens.to_string();
    assert!(
        text.contains("nop : :: wasmlite_rt :: TypedFunc < () , () >"),
        "{text}"
    );
    assert!(
        text.contains("self . nop . call (& mut self . instance , ())"),
        "{text}"
    );
}

/// The token following each `unsafe` keyword in `tokens`, at any depth.
fn unsafe_uses(tokens: proc_macro2::TokenStream) -> Vec<String> {
    let mut found = Vec::new();
    let mut iter = tokens.into_iter().peekable();
    while let Some(tree) = iter.next() {
        match tree {
            proc_macro2::TokenTree::Ident(ident) if ident == "unsafe" => {
                found.push(iter.peek().map_or(String::new(), |next| next.to_string()));
            }
            proc_macro2::TokenTree::Group(group) => found.extend(unsafe_uses(group.stream())),
            _ => {}
        }
    }
    found
}

#[test]
fn the_only_generated_unsafe_loads_the_descriptor() {
    let all_types = r#"(module
        (import "env" "memory" (memory 1))
        (import "env" "pick" (func (param funcref externref) (result v128)))
        (func (export "every") (param i32 i64 f32 f64 v128 funcref externref)
            (result externref funcref v128 f64 f32 i64 i32)
            unreachable))"#;
    for (stem, wat, with_caller) in [
        ("calc", CALC, &[][..]),
        ("all_types", all_types, &["env.pick"]),
    ] {
        let bindings = generate_wat(stem, wat, with_caller);
        assert!(bindings.errors.is_empty(), "{:?}", bindings.errors);
        let text = bindings.tokens.to_string();
        assert_eq!(
            unsafe_uses(bindings.tokens),
            [
                "extern".to_string(),
                "{ :: wasmlite_rt :: Module :: from_descriptor (& DESCRIPTOR) }".into()
            ],
            "{stem}: {text}"
        );
    }
}

#[test]
fn every_value_type_and_imported_memories_tables_and_globals() {
    let bindings = generate_wat(
        "all",
        r#"(module
            (import "env" "memory" (memory 1))
            (import "env" "pick" (func (param funcref externref) (result v128)))
            (import "env" "table" (table 2 funcref))
            (import "env" "base" (global i32))
            (global (export "lanes") (mut v128) (v128.const i64x2 0 0))
            (global (export "handle") externref (ref.null extern))
            (func (export "splat") (param i32) (result v128) local.get 0 i32x4.splat)
            (func (export "id") (param funcref) (result funcref externref)
                local.get 0 ref.null extern))"#,
        &[],
    );
    assert!(bindings.errors.is_empty(), "{:?}", bindings.errors);
    let items = module_items(bindings.tokens, "all");
    let v128 = "::wasmlite_rt::V128";
    let func = "::core::option::Option<::wasmlite_rt::FuncRef>";
    let ext = "::core::option::Option<::wasmlite_rt::ExternRef>";
    assert_eq!(
        trait_methods(&items),
        [sig(&format!(
            "fn env_pick(&mut self, a0: {func}, a1: {ext}) -> {v128}"
        ))]
    );
    let externs = items
        .iter()
        .find_map(|item| match item {
            Item::Struct(s) if s.ident == "Externs" => Some(s),
            _ => None,
        })
        .expect("an Externs struct");
    let fields: Vec<String> = externs
        .fields
        .iter()
        .map(|f| {
            format!("{}: {}", f.ident.as_ref().unwrap(), f.ty.to_token_stream()).replace(' ', "")
        })
        .collect();
    assert_eq!(
        fields,
        [
            "env_memory:::wasmlite_rt::Memory",
            "env_table:::wasmlite_rt::Table",
            "env_base:::wasmlite_rt::Global"
        ]
    );
    let result = |ty: &str| format!("::core::result::Result<{ty}, ::wasmlite_rt::Trap>");
    let methods = inherent_methods(&items, "All");
    let expected = [
        sig("fn new(host: H, externs: Externs) -> ::core::result::Result<Self, ::wasmlite_rt::InstantiationError>"),
        sig(&format!("fn lanes(&self) -> {v128}")),
        sig(&format!("fn set_lanes(&mut self, value: {v128})")),
        sig(&format!("fn handle(&self) -> {ext}")),
        sig(&format!("fn splat(&mut self, a0: i32) -> {}", result(v128))),
        sig(&format!("fn id(&mut self, a0: {func}) -> {}", result(&format!("({func}, {ext})")))),
    ];
    for method in expected {
        assert!(
            methods.contains(&method),
            "{} missing in {methods:#?}",
            method.to_token_stream()
        );
    }
}
