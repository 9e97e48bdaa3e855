use super::*;

fn plan_wat(wat: &str, with_caller: &[&str]) -> (Plan, Vec<BindgenError>) {
    let wasm = wat::parse_str(wat).unwrap();
    let info = ModuleInfo::from_wasm(&wasm).unwrap();
    let with_caller: Vec<String> = with_caller.iter().map(|s| s.to_string()).collect();
    plan(&wasm, &info, "calc", &with_caller)
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
        plan.descriptor_symbol.starts_with("wasmlite_v1_calc_"),
        "{}",
        plan.descriptor_symbol
    );
    let imports: Vec<_> = plan.imports.iter().map(|i| i.method.as_str()).collect();
    assert_eq!(imports, ["env_log", "env_get_time"]);
    assert_eq!(
        plan.imports[0].sig.params,
        [Param {
            name: "value".into(),
            ty: Scalar::I32
        }]
    );
    assert_eq!(plan.imports[1].sig.results, [Scalar::I64]);
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
    assert_eq!(sig.results, [Scalar::I64, Scalar::I32]);
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
    let import = &plan.imports[0];
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
    let imports: Vec<_> = plan.imports.iter().map(|i| i.method.as_str()).collect();
    assert_eq!(imports, ["env_f", "env_f_2", "env_f_", "env_f_3"]);
}

#[test]
fn unsupported_items_are_errors_naming_the_item() {
    let (plan, errors) = plan_wat(
        r#"(module
            (import "env" "mem" (memory 1))
            (import "env" "g" (global i32))
            (import "env" "vec" (func (param v128)))
            (import "env" "ok" (func))
            (table (export "refs") 1 externref)
            (global (export "v") v128 (v128.const i64x2 0 0))
            (func (export "splat") (result v128) v128.const i64x2 0 0)
            (func (export "id") (param funcref) (result funcref) local.get 0)
            (func (export "fine")))"#,
        &[],
    );
    let messages: Vec<String> = errors.iter().map(|e| e.to_string()).collect();
    assert_eq!(messages.len(), 7, "{messages:#?}");
    assert!(
        messages[0].starts_with("import `env.mem`: imported memories"),
        "{}",
        messages[0]
    );
    assert!(
        messages[1].starts_with("import `env.g`: imported globals"),
        "{}",
        messages[1]
    );
    assert!(
        messages[2].starts_with("import `env.vec`: parameter 0 has type v128"),
        "{}",
        messages[2]
    );
    assert!(
        messages[3].starts_with("export `refs`: tables of externref"),
        "{}",
        messages[3]
    );
    assert!(
        messages[4].starts_with("export `v`: globals of type v128"),
        "{}",
        messages[4]
    );
    assert!(
        messages[5].starts_with("export `splat`: result 0 has type v128"),
        "{}",
        messages[5]
    );
    assert!(
        messages[6].starts_with("export `id`: parameter 0 has type funcref"),
        "{}",
        messages[6]
    );
    // The supported items are still planned.
    assert_eq!(plan.imports.len(), 1);
    assert_eq!(export_methods(&plan), ["fine"]);
}

#[test]
fn unknown_with_caller_entries_are_reported_with_their_position() {
    let (plan, errors) = plan_wat(
        r#"(module (import "env" "print" (func (param i32 i32))) (import "env" "mem" (memory 1)))"#,
        &["env.print", "env.prnt", "env.mem"],
    );
    assert!(plan.imports[0].with_caller);
    let unknown: Vec<_> = errors
        .iter()
        .filter_map(|e| match e {
            BindgenError::UnknownWithCaller {
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
