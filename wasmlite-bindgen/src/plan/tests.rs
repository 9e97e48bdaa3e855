use super::*;

fn plan_wat(wat: &str, with_caller: &[&str]) -> (Plan, Vec<BindgenError>) {
    let wasm = wat::parse_str(wat).unwrap();
    let info = ModuleInfo::from_wasm(&wasm).unwrap();
    let options = Options {
        with_caller: with_caller.iter().map(|s| s.to_string()).collect(),
        ..Options::default()
    };
    plan(&wasm, &info, "calc", &options)
}

fn funcs(plan: &Plan) -> Vec<&ImportFunc> {
    plan.funcs().collect()
}

fn export_methods(plan: &Plan) -> Vec<String> {
    plan.exports
        .iter()
        .flat_map(|e| match &e.kind {
            ExportPlan::Func { method, .. } => vec![method.clone()],
            ExportPlan::Memory {
                getter, getter_mut, ..
            } => vec![getter.clone(), getter_mut.clone()],
            ExportPlan::Global { getter, setter, .. } => [Some(getter.clone()), setter.clone()]
                .into_iter()
                .flatten()
                .collect(),
            ExportPlan::Table { getter } => vec![getter.clone()],
        })
        .collect()
}

#[test]
fn names_imports_exports_and_parameters() {
    let (plan, errors) = plan_wat(
        r#"(module
            (import "env" "log" (func (param $value i32)))
            (import "env" "getTime" (func (result i64)))
            (memory (export "memory") 1)
            (global (export "counter") (mut i32) (i32.const 0))
            (global (export "limit") f64 (f64.const 1))
            (func (export "add") (param $a i32) (param i32) (result i32) local.get 0)
            (func (export "swap") (param i32 i64) (result i64 i32) local.get 1 local.get 0))"#,
        &[],
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        (plan.module.as_str(), plan.structure.as_str()),
        ("calc", "Calc")
    );
    assert!(
        plan.descriptor_symbol
            .starts_with(&format!("wasmlite_v{}_calc_", wasmlite_abi::ABI_VERSION)),
        "{}",
        plan.descriptor_symbol
    );
    let imports: Vec<_> = plan.funcs().map(|i| i.method.as_str()).collect();
    assert_eq!(imports, ["env_log", "env_get_time"]);
    assert_eq!(
        funcs(&plan)[0].sig.params,
        [Param {
            name: "value".into(),
            ty: ValType::I32
        }]
    );
    assert_eq!(funcs(&plan)[1].sig.results, [ValType::I64]);
    assert_eq!(
        export_methods(&plan),
        [
            "memory",
            "memory_mut",
            "counter",
            "set_counter",
            "limit",
            "add",
            "swap"
        ]
    );
    let ExportPlan::Func { sig, .. } = &plan.exports[3].kind else {
        panic!("add is a function")
    };
    let names: Vec<_> = sig.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["a", "a1"]);
    let ExportPlan::Func { sig, .. } = &plan.exports[4].kind else {
        panic!("swap is a function")
    };
    assert_eq!(sig.results, [ValType::I64, ValType::I32]);
    assert_eq!(plan.exports[4].index, 4);
}

#[test]
fn collisions_with_inherent_methods_and_each_other() {
    let (plan, errors) = plan_wat(
        r#"(module
            (func (export "new"))
            (func (export "host_mut"))
            (func (export "fooBar"))
            (func (export "foo_bar"))
            (func (export "foo-bar"))
            (func (export "type"))
            (func (export "2x"))
            (func (export ""))
            (func (export "über"))
            (func (export "set_g"))
            (global (export "g") (mut i32) (i32.const 0)))"#,
        &[],
    );
    assert!(errors.is_empty(), "{errors:?}");
    assert_eq!(
        export_methods(&plan),
        [
            "new_2",
            "host_mut_2",
            "foo_bar",
            "foo_bar_2",
            "foo_bar_3",
            "type_",
            "_2x",
            "unnamed",
            "_ber",
            "set_g",
            "g_2",
            "set_g_2"
        ]
    );
}

#[test]
fn parameter_names_avoid_the_caller_and_each_other() {
    let (plan, errors) = plan_wat(
        r#"(module
            (import "env" "print" (func (param $caller i32) (param $ptr i32) (param $Ptr i32) (param $self i32))))"#,
        &["env.print"],
    );
    assert!(errors.is_empty(), "{errors:?}");
    let import = funcs(&plan)[0];
    assert!(import.with_caller);
    let names: Vec<_> = import.sig.params.iter().map(|p| p.name.as_str()).collect();
    assert_eq!(names, ["caller_2", "ptr", "ptr_2", "self_"]);
}

#[test]
fn duplicate_imports_get_suffixes() {
    let (plan, errors) = plan_wat(
        r#"(module (import "env" "f" (func)) (import "env" "f" (func (param i32))) (import "env_f" "" (func)) (import "env" "F" (func)))"#,
        &[],
    );
    assert!(errors.is_empty(), "{errors:?}");
    let imports: Vec<_> = plan.funcs().map(|i| i.method.as_str()).collect();
    assert_eq!(imports, ["env_f", "env_f_2", "env_f_", "env_f_3"]);
}

#[test]
fn every_value_type_and_every_import_kind_is_planned() {
    let (plan, errors) = plan_wat(
        r#"(module
            (import "env" "mem" (memory 1))
            (import "env" "g" (global i32))
            (import "env" "vec" (func (param v128)))
            (import "env" "tab" (table 1 funcref))
            (import "env" "mem" (func))
            (table (export "refs") 1 externref)
            (global (export "v") v128 (v128.const i64x2 0 0))
            (func (export "splat") (result v128) v128.const i64x2 0 0)
            (func (export "id") (param funcref externref) (result funcref externref)
                local.get 0 local.get 1))"#,
        &[],
    );
    assert!(errors.is_empty(), "{errors:?}");
    let items: Vec<_> = plan.items().map(|i| (i.name.as_str(), i.kind)).collect();
    assert_eq!(
        items,
        [
            ("env_mem", ItemKind::Memory),
            ("env_g", ItemKind::Global),
            ("env_tab", ItemKind::Table)
        ]
    );
    let methods: Vec<_> = plan.funcs().map(|f| f.method.as_str()).collect();
    assert_eq!(
        methods,
        ["env_vec", "env_mem"],
        "fields and methods are separate namespaces"
    );
    assert_eq!(funcs(&plan)[0].sig.params[0].ty, ValType::V128);
    assert_eq!(export_methods(&plan), ["refs", "v", "splat", "id"]);
    let ExportPlan::Func { sig, .. } = &plan.exports[3].kind else {
        panic!("id is a function")
    };
    assert_eq!(sig.results, [ValType::FUNCREF, ValType::EXTERNREF]);
}

#[test]
fn unknown_with_caller_entries_are_reported_with_their_position() {
    let (plan, errors) = plan_wat(
        r#"(module (import "env" "print" (func (param i32 i32))) (import "env" "mem" (memory 1)))"#,
        &["env.print", "env.prnt", "env.mem"],
    );
    assert!(funcs(&plan)[0].with_caller);
    let unknown: Vec<_> = errors
        .iter()
        .filter_map(|e| match e {
            BindgenError::UnknownImport {
                option: ImportOption::WithCaller,
                index,
                name,
                available,
            } => Some((*index, name.as_str(), available.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        unknown,
        [
            (1, "env.prnt", vec!["env.print".to_string()]),
            (2, "env.mem", vec!["env.print".to_string()])
        ]
    );
}

/// A WASI command importing `fd_write` and `proc_exit` besides an `env` function.
const WASI_COMMAND: &str = r#"(module
    (import "wasi_snapshot_preview1" "fd_write" (func (param i32 i32 i32 i32) (result i32)))
    (import "env" "log" (func (param i32)))
    (import "wasi_unstable" "proc_exit" (func (param i32)))
    (memory (export "memory") 1)
    (func (export "_start"))
    (func (export "run") (result i32) i32.const 0)
    (func (export "wasi") (result i32) i32.const 0))"#;

#[test]
fn wasi_imports_leave_the_trait_and_entry_points_leave_the_exports() {
    let (plan, errors) = plan_wat(WASI_COMMAND, &[]);
    assert!(errors.is_empty(), "{errors:?}");
    let wasi: Vec<(&str, &str)> = plan
        .imports
        .iter()
        .filter_map(|import| match import {
            Import::Wasi(func) => Some((func.module.as_str(), func.field.as_str())),
            _ => None,
        })
        .collect();
    assert_eq!(
        wasi,
        [
            ("wasi_snapshot_preview1", "fd_write"),
            ("wasi_unstable", "proc_exit")
        ]
    );
    assert!(plan.imports_wasi());
    let methods: Vec<&str> = funcs(&plan).iter().map(|f| f.method.as_str()).collect();
    assert_eq!(methods, ["env_log"]);
    assert!(
        matches!(plan.imports[1], Import::Func(_)),
        "import order is kept"
    );
    assert_eq!(
        plan.entry,
        EntryPoints {
            start: Some(1),
            initialize: None
        }
    );
    // `run`, `wasi` and `wasi_mut` are the struct's own methods here.
    assert_eq!(
        export_methods(&plan),
        ["memory", "memory_mut", "run_2", "wasi_2"]
    );
}

#[test]
fn without_wasi_or_start_the_names_stay_free() {
    let (plan, _) = plan_wat(
        r#"(module
            (func (export "_initialize"))
            (func (export "_start") (param i32))
            (func (export "run"))
            (func (export "wasi")))"#,
        &[],
    );
    assert!(!plan.imports_wasi());
    assert_eq!(
        plan.entry,
        EntryPoints {
            start: None,
            initialize: Some(0)
        },
        "a `_start` taking parameters is no entry point"
    );
    assert_eq!(export_methods(&plan), ["_start", "run", "wasi"]);
}

#[test]
fn with_caller_cannot_name_a_wasi_import() {
    let (_, errors) = plan_wat(WASI_COMMAND, &["wasi_snapshot_preview1.fd_write"]);
    let [BindgenError::UnknownImport {
        name, available, ..
    }] = errors.as_slice()
    else {
        panic!("{errors:?}")
    };
    assert_eq!(name, "wasi_snapshot_preview1.fd_write");
    assert_eq!(available, &["env.log"]);
}
