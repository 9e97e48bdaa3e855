//! Typed function references (`wasm/typed_refs.wat`): `call_ref` through
//! typed tables and globals, `return_call_ref` 10,000,000 deep in constant
//! stack, `br_on_null`/`br_on_non_null`, `ref.as_non_null` into a
//! non-nullable local, a typed table filled by its initialiser, and null
//! references trapping with `NullReference`.

use wasmlite_rt::TrapCode;

wasmlite_rt::include_wasm!("wasm/typed_refs.wat");

fn instance() -> typed_refs::TypedRefs<()> {
    typed_refs::TypedRefs::new(()).expect("instantiate typed_refs.wat")
}

#[test]
fn call_ref_through_a_typed_table_filled_by_its_initialiser() {
    let mut m = instance();
    assert_eq!(
        m.apply(0, 7, 5),
        Ok(12),
        "slot 0 holds the initialiser, $add"
    );
    assert_eq!(
        m.apply(1, 7, 5),
        Ok(2),
        "slot 1 was set to $sub by the segment"
    );
    assert_eq!(m.apply(2, 7, 5), Ok(12), "slot 2 holds the initialiser too");
    let trap = m.apply(3, 7, 5).unwrap_err();
    assert_eq!(trap.code(), TrapCode::TableOutOfBounds, "{trap}");
    assert_eq!(m.apply_global(40, 2), Ok(42));
}

#[test]
fn null_references_trap() {
    let mut m = instance();
    m.select(2).unwrap();
    for trap in [
        m.call_current(1, 2).unwrap_err(),
        m.as_non_null(1, 2).unwrap_err(),
        m.store_and_call(0, 1, 2).unwrap_err(),
    ] {
        assert_eq!(trap.code(), TrapCode::NullReference, "{trap}");
    }
    // The instance stays usable.
    m.select(1).unwrap();
    assert_eq!(m.call_current(9, 4), Ok(5));
    assert_eq!(m.as_non_null(9, 4), Ok(5));
    assert_eq!(m.store_and_call(1, 9, 4), Ok(5));
}

#[test]
fn br_on_null_and_br_on_non_null_branch_on_the_reference() {
    let mut m = instance();
    m.select(2).unwrap();
    assert_eq!(m.or_minus_one(3, 4), Ok(-1));
    assert_eq!(m.or_minus_two(3, 4), Ok(-2));
    m.select(0).unwrap();
    assert_eq!(m.or_minus_one(3, 4), Ok(7));
    assert_eq!(m.or_minus_two(3, 4), Ok(7));
    m.select(1).unwrap();
    assert_eq!(m.or_minus_one(3, 4), Ok(-1), "$sub: 3 - 4");
    assert_eq!(m.or_minus_two(3, 4), Ok(-1));
}

#[test]
fn return_call_ref_runs_in_constant_stack() {
    // A frame per call (at least 16 bytes) would overflow the 8 MiB the
    // runtime gives wasm code.
    const DEEP: i64 = 10_000_000;
    let mut m = instance();
    assert_eq!(m.count(DEEP), Ok(DEEP * (DEEP + 1) / 2));
    assert_eq!(m.count_via_table(DEEP), Ok(DEEP * (DEEP + 1) / 2));
}

mod bindings {
    //! `wasm/typed_refs_bindings.wat` through `include_wasm!`: typed
    //! references are `Option<FuncRef>` in Rust; a parameter of a typed
    //! reference type is checked on every call.

    use wasmlite_rt::{FuncRef, TrapCode, ValType};

    wasmlite_rt::include_wasm!("wasm/typed_refs_bindings.wat");

    /// Records what the module handed to `host.inspect`.
    #[derive(Default)]
    struct Host {
        seen: Option<FuncRef>,
    }

    impl typed_refs_bindings::Imports for Host {
        fn host_inspect(&mut self, f: Option<FuncRef>) -> i32 {
            let arity = f.as_ref().map_or(-1, |f| f.ty().params.len() as i32);
            self.seen = f;
            arity
        }
    }

    #[test]
    fn typed_references_cross_the_bindings_both_ways() {
        let mut m = typed_refs_bindings::TypedRefsBindings::new(Host::default()).unwrap();
        let mul = m
            .get_mul()
            .unwrap()
            .expect("a (ref $binop) result is never null");
        assert_eq!(mul.ty().params, [ValType::I32, ValType::I32]);
        assert_eq!(m.apply(Some(mul.clone()), 6, 7), Ok(42));
        assert_eq!(m.apply_nullable(Some(mul.clone()), 6, 7), Ok(42));
        assert_eq!(
            m.mul_ref(),
            Some(mul.clone()),
            "the typed global holds the same function"
        );
        assert_eq!(m.show_host(), Ok(2));
        assert_eq!(m.host().seen, Some(mul));
    }

    #[test]
    fn typed_reference_parameters_are_checked_on_every_call() {
        let mut m = typed_refs_bindings::TypedRefsBindings::new(Host::default()).unwrap();
        let trap = m.apply(None, 1, 2).unwrap_err();
        assert_eq!(trap.code(), TrapCode::NullReference, "{trap}");
        let other = m.get_other().unwrap();
        let trap = m.apply(other.clone(), 1, 2).unwrap_err();
        assert_eq!(trap.code(), TrapCode::BadSignature, "{trap}");
        let trap = m.apply_nullable(other, 1, 2).unwrap_err();
        assert_eq!(trap.code(), TrapCode::BadSignature, "{trap}");
        let handle = wasmlite_rt::ExternRef::new(std::num::NonZeroUsize::new(7).unwrap());
        assert_eq!(m.is_extern(Some(handle)), Ok(1));
        let trap = m.is_extern(None).unwrap_err();
        assert_eq!(trap.code(), TrapCode::NullReference, "{trap}");
        // A null for a nullable parameter is passed; call_ref traps on it.
        let trap = m.apply_nullable(None, 1, 2).unwrap_err();
        assert_eq!(trap.code(), TrapCode::NullReference, "{trap}");
    }

    #[test]
    fn the_dynamic_api_checks_typed_references() {
        use wasmlite_rt::{CallError, Val};
        let mut m = typed_refs_bindings::TypedRefsBindings::new(Host::default()).unwrap();
        let mul = m.get_mul().unwrap();
        let other = m.get_other().unwrap();
        let instance = m.instance_mut();
        let args = |f| [Val::FuncRef(f), Val::I32(3), Val::I32(5)];
        assert_eq!(
            instance.call("apply", &args(mul.clone())),
            Ok(vec![Val::I32(15)])
        );
        for refused in [None, other.clone()] {
            let error = instance.call("apply", &args(refused)).unwrap_err();
            assert!(
                matches!(error, CallError::ArgumentType { index: 0, .. }),
                "{error}"
            );
        }
        assert!(matches!(
            instance.call("apply_nullable", &args(other)),
            Err(CallError::ArgumentType { index: 0, .. })
        ));
        let result = instance.call("get_mul", &[]).unwrap();
        assert_eq!(result, [Val::FuncRef(mul)]);
    }

    #[test]
    fn typed_global_imports_are_checked_by_subtyping() {
        use wasmlite_rt::{Extern, Global, GlobalType, InstantiationError, Val};
        wasmlite_rt::include_wasm!("wasm/typed_import.wat");
        let provider = typed_refs_bindings::TypedRefsBindings::new(Host::default()).unwrap();
        let Some(Extern::Global(mul_ref)) = provider.instance().get_export("mul_ref") else {
            panic!("mul_ref is an exported global")
        };
        // (ref $binop) of another module is a subtype of (ref null $binop).
        let mut m =
            typed_import::TypedImport::new((), typed_import::Externs { env_op: mul_ref }).unwrap();
        assert_eq!(m.run(6, 7), Ok(42));
        // funcref is not.
        let funcref = Global::new(
            GlobalType {
                content: ValType::FUNCREF,
                mutable: false,
            },
            Val::FuncRef(None),
        )
        .unwrap();
        let error = typed_import::TypedImport::new((), typed_import::Externs { env_op: funcref })
            .err()
            .unwrap();
        assert!(
            matches!(error, InstantiationError::ImportMismatch { .. }),
            "{error}"
        );
    }

    #[test]
    fn call_indirect_compares_canonical_types_across_modules() {
        use wasmlite_rt::Extern;
        wasmlite_rt::include_wasm!("wasm/typed_indirect.wat");
        let provider = typed_refs_bindings::TypedRefsBindings::new(Host::default()).unwrap();
        let Some(Extern::Table(takers)) = provider.instance().get_export("takers") else {
            panic!("takers is an exported table")
        };
        let externs = typed_indirect::Externs { env_takers: takers };
        let mut m = typed_indirect::TypedIndirect::new((), externs).unwrap();
        assert_eq!(m.run(), Ok(18), "same type at other indices");
        let trap = m.run_wrong().unwrap_err();
        assert_eq!(trap.code(), TrapCode::BadSignature, "(ref null $binop) is another type: {trap}");
    }
}
