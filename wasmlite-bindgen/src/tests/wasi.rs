//! Modules importing WASI: the context parameter, the `wasmlite-wasi`
//! host functions, `run()` for a command and `_initialize` for a reactor.

use super::generate_wat;
use super::generated::{inherent_methods, module_items, sig, trait_impls, trait_methods};

const COMMAND: &str = r#"(module
    (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
    (import "wasi_snapshot_preview1" "proc_exit" (func (param i32)))
    (memory (export "memory") 1)
    (func (export "_start")))"#;

const REACTOR: &str = r#"(module
    (import "env" "log" (func (param i32)))
    (import "wasi_snapshot_preview1" "random_get" (func (param i32 i32) (result i32)))
    (import "env" "memory" (memory 1))
    (func (export "_initialize"))
    (func (export "get") (result i32) i32.const 1))"#;

const ERR: &str = "::wasmlite_rt::InstantiationError";

#[test]
fn a_command_takes_a_context_and_runs() {
    let bindings = generate_wat("tool", COMMAND, &[]);
    assert!(bindings.errors.is_empty(), "{:?}", bindings.errors);
    let text = bindings.tokens.to_string();
    let items = module_items(bindings.tokens, "tool");
    assert!(
        trait_methods(&items).is_empty(),
        "WASI imports are no trait methods"
    );
    assert_eq!(trait_impls(&items), ["Importsfor()"]);
    let expected = [
        format!("fn new(host: H, wasi: ::wasmlite_wasi::WasiCtx) -> ::core::result::Result<Self, {ERR}>"),
        "fn host(&self) -> ::wasmlite_rt::StateRef<'_, H>".into(),
        "fn host_mut(&mut self) -> ::wasmlite_rt::StateRefMut<'_, H>".into(),
        "fn into_host(mut self) -> H".into(),
        "fn instance(&self) -> &::wasmlite_rt::Instance".into(),
        "fn instance_mut(&mut self) -> &mut ::wasmlite_rt::Instance".into(),
        "fn wasi(&self) -> ::wasmlite_rt::StateRef<'_, ::wasmlite_wasi::WasiCtx>".into(),
        "fn wasi_mut(&mut self) -> ::wasmlite_rt::StateRefMut<'_, ::wasmlite_wasi::WasiCtx>".into(),
        "fn run(&mut self) -> ::core::result::Result<i32, ::wasmlite_rt::Trap>".into(),
        "fn memory(&self) -> ::wasmlite_rt::MemoryView<'_>".into(),
        "fn memory_mut(&mut self) -> ::wasmlite_rt::MemoryViewMut<'_>".into(),
    ];
    let expected: Vec<_> = expected.iter().map(|s| sig(s)).collect();
    assert_eq!(
        inherent_methods(&items, "Tool"),
        expected,
        "no `_start` method"
    );

    // Looked up once per process, then cloned per instance; a missing one
    // is an error naming the import.
    assert!(
        text.contains(":: std :: sync :: OnceLock < [:: core :: option :: Option < :: wasmlite_rt :: HostFunc > ; 2usize] >"),
        "{text}"
    );
    assert!(
        text.contains("[:: wasmlite_wasi :: host_func (\"wasi_snapshot_preview1\" , \"fd_write\") , :: wasmlite_wasi :: host_func (\"wasi_snapshot_preview1\" , \"proc_exit\")]"),
        "{text}"
    );
    for (index, name) in [(0u32, "fd_write"), (1, "proc_exit")] {
        let lookup = format!(
            "wasi_funcs [{index}usize] . clone () . ok_or_else (|| {{ :: wasmlite_rt :: InstantiationError :: UnknownImport {{ index : {index}u32 , module : :: std :: string :: String :: from (\"wasi_snapshot_preview1\") , field : :: std :: string :: String :: from (\"{name}\")"
        );
        assert!(text.contains(&lookup), "{lookup} in {text}");
    }
    assert!(
        text.contains(":: wasmlite_rt :: HostState :: new () . with (host) . with (wasi)"),
        "{text}"
    );
    // `_start` is called through a TypedFunc (no unsafe); proc_exit's
    // status is the run's result.
    let run = &text[text.find("pub fn run").unwrap()..text.find("pub fn memory").unwrap()];
    assert!(run.contains("typed_func :: < () , () > (\"_start\")"), "{run}");
    assert!(!run.contains("unsafe"), "{run}");
    assert!(
        run.contains(":: wasmlite_wasi :: command_status (returned)"),
        "{run}"
    );
    assert!(!text.contains("_initialize"), "{text}");
}

#[test]
fn a_reactor_initializes_inside_new_and_keeps_other_imports_and_exports() {
    let bindings = generate_wat("lib", REACTOR, &[]);
    assert!(bindings.errors.is_empty(), "{:?}", bindings.errors);
    let text = bindings.tokens.to_string();
    let items = module_items(bindings.tokens, "lib");
    assert_eq!(
        trait_methods(&items),
        [sig("fn env_log(&mut self, a0: i32)")]
    );
    let methods = inherent_methods(&items, "Lib");
    assert_eq!(
        methods[0],
        sig(&format!("fn new(host: H, wasi: ::wasmlite_wasi::WasiCtx, externs: Externs) -> ::core::result::Result<Self, {ERR}>"))
    );
    let names: Vec<String> = methods.iter().map(|m| m.ident.to_string()).collect();
    assert!(
        !names.contains(&"run".to_string()),
        "a reactor is not run: {names:?}"
    );
    assert_eq!(names.last().unwrap(), "get");
    let new = &text[text.find("pub fn new").unwrap()..text.find("pub fn host").unwrap()];
    assert!(new.contains("typed_func :: < () , () > (\"_initialize\")"), "{new}");
    assert!(!new.contains("unsafe"), "{new}");
    assert!(
        new.contains("map_err (:: wasmlite_rt :: InstantiationError :: StartTrapped) ?"),
        "{new}"
    );
    // The import list keeps the module's order: env.log, WASI, env.memory.
    let list = &new[new.find("let imports").unwrap()..];
    let positions = [
        "HostFunc :: wrap",
        "wasi_funcs [0usize]",
        "Extern :: Memory (externs . env_memory)",
    ]
    .map(|needle| {
        list.find(needle)
            .unwrap_or_else(|| panic!("{needle} in {list}"))
    });
    assert!(positions.is_sorted(), "{positions:?}");
}

#[test]
fn a_command_without_wasi_runs_without_the_wasi_crate() {
    let bindings = generate_wat("plain", r#"(module (func (export "_start")))"#, &[]);
    let text = bindings.tokens.to_string();
    assert!(!text.contains("wasmlite_wasi"), "{text}");
    let items = module_items(bindings.tokens, "plain");
    let methods = inherent_methods(&items, "Plain");
    assert_eq!(
        methods[0],
        sig(&format!(
            "fn new(host: H) -> ::core::result::Result<Self, {ERR}>"
        ))
    );
    assert_eq!(
        methods.last().unwrap(),
        &sig("fn run(&mut self) -> ::core::result::Result<i32, ::wasmlite_rt::Trap>")
    );
}
