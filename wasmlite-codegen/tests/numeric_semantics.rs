//! Compiled numeric operators compute what the wasm specification says,
//! traps included: each operator runs (through `wasmlite-rt`) on
//! combinations of edge-case operands and is compared with the reference
//! model in `support/reference.rs`, at O0 and O2. Operands are passed at
//! run time, written as constants the optimiser folds, or mixed (one
//! constant, one parameter: where LLVM simplifies `x * 1.0` and the like).

mod support;

use support::operators::{self, Case, Op, Ty};
use support::reference;
use support::values::{self, Value};
use wasmlite_abi::TrapCode;
use wasmlite_codegen::OptLevel;

/// An operator with some operands fixed as constants (`None`: a
/// parameter, given every edge-case value at run time).
struct Check<'a> {
    op: &'a Op,
    constants: Vec<Option<Value>>,
}

impl Check<'_> {
    fn parameter_types(&self) -> Vec<Ty> {
        self.op
            .params
            .iter()
            .zip(&self.constants)
            .filter(|(_, c)| c.is_none())
            .map(|(t, _)| *t)
            .collect()
    }

    /// All operands: the constants with `params` filled in.
    fn operands(&self, params: &[Value]) -> Vec<Value> {
        let mut params = params.iter();
        self.constants
            .iter()
            .map(|c| c.unwrap_or_else(|| *params.next().expect("one per parameter")))
            .collect()
    }
}

/// Run every check at O0 and O2; fail listing the first mismatches.
fn run(checks: &[Check<'_>]) {
    let cases: Vec<Case> = checks
        .iter()
        .enumerate()
        .map(|(k, c)| Case {
            export: k.to_string(),
            op: c.op,
            operands: c.constants.iter().map(|v| v.map(Value::text)).collect(),
        })
        .collect();
    let text = operators::module(&cases);
    for level in [OptLevel::O0, OptLevel::O2] {
        let mut instance = support::instantiate_wat(&text, level);
        let mut mismatches = Vec::new();
        let mut calls = 0;
        for (k, check) in checks.iter().enumerate() {
            for params in values::product(&check.parameter_types(), values::edges) {
                let operands = check.operands(&params);
                let expected = reference::eval(&check.op.name, &operands);
                let actual = support::call(&mut instance, &k.to_string(), &params);
                calls += 1;
                if !expected.accepts(actual) {
                    mismatches.push(format!(
                        "{} {operands:?}: expected {expected:?}, got {actual:?}",
                        check.op.name
                    ));
                }
            }
        }
        let shown: Vec<&String> = mismatches.iter().take(40).collect();
        assert!(
            mismatches.is_empty(),
            "{} of {calls} calls wrong at {level:?}:\n{shown:#?}",
            mismatches.len()
        );
    }
}

#[test]
fn operators_on_runtime_operands_match_the_reference() {
    let ops = operators::all();
    let checks: Vec<Check> = ops
        .iter()
        .map(|op| Check {
            op,
            constants: vec![None; op.params.len()],
        })
        .collect();
    run(&checks);
}

#[test]
fn operators_on_constant_operands_match_the_reference() {
    let ops = operators::all();
    let checks: Vec<Check> = ops
        .iter()
        .flat_map(|op| {
            values::product(&op.params, values::few)
                .into_iter()
                .map(move |operands| Check {
                    op,
                    constants: operands.into_iter().map(Some).collect(),
                })
        })
        .collect();
    run(&checks);
}

#[test]
fn operators_on_one_constant_operand_match_the_reference() {
    let ops = operators::all();
    let mut checks = Vec::new();
    for op in ops.iter().filter(|op| op.params.len() == 2) {
        for constant in values::few(op.params[0]) {
            checks.push(Check {
                op,
                constants: vec![Some(constant), None],
            });
            checks.push(Check {
                op,
                constants: vec![None, Some(constant)],
            });
        }
    }
    run(&checks);
}

#[test]
fn constants_keep_every_bit() {
    let all: Vec<Value> = [Ty::I32, Ty::I64, Ty::F32, Ty::F64]
        .into_iter()
        .flat_map(values::edges)
        .collect();
    let mut text = String::from("(module\n");
    for (k, v) in all.iter().enumerate() {
        let t = v.ty().name();
        text.push_str(&format!(
            "(func (export \"c{k}\") (result {t}) {t}.const {})\n",
            v.text()
        ));
    }
    text.push(')');
    for level in [OptLevel::O0, OptLevel::O2] {
        let mut instance = support::instantiate_wat(&text, level);
        for (k, v) in all.iter().enumerate() {
            assert_eq!(
                support::call(&mut instance, &format!("c{k}"), &[]),
                Ok(*v),
                "{v:?} at {level:?}"
            );
        }
    }
}

/// Expressions LLVM simplifies to an operand (`min(x, x)` → `x`,
/// `demote(promote(x))` → `x`, `x * 1.0` → `x`) still turn a signalling NaN
/// into a quiet one, and are exact otherwise — also when the `1.0` only
/// becomes a constant inside LLVM (here through a local; `nan_quieting.rs`
/// has the other shapes).
#[test]
fn simplified_expressions_still_quiet_nans() {
    let text = r#"(module
        (func (export "f32.min_self") (param f32) (result f32) local.get 0 local.get 0 f32.min)
        (func (export "f32.max_self") (param f32) (result f32) local.get 0 local.get 0 f32.max)
        (func (export "f64.min_self") (param f64) (result f64) local.get 0 local.get 0 f64.min)
        (func (export "f64.max_self") (param f64) (result f64) local.get 0 local.get 0 f64.max)
        (func (export "f32.round_trip") (param f32) (result f32) local.get 0 f64.promote_f32 f32.demote_f64)
        (func (export "f64.round_trip") (param f64) (result f64) local.get 0 f32.demote_f64 f64.promote_f32)
        (func (export "f32.mul_one") (param f32) (result f32) local.get 0 f32.const 1 f32.mul)
        (func (export "f32.mul_one_local") (param f32) (result f32) (local f32)
            f32.const 1 local.set 1 local.get 0 local.get 1 f32.mul))"#;
    for level in [OptLevel::O0, OptLevel::O2] {
        let mut instance = support::instantiate_wat(text, level);
        for name in [
            "f32.min_self",
            "f32.max_self",
            "f32.round_trip",
            "f32.mul_one",
            "f32.mul_one_local",
        ] {
            let quiet = support::call(&mut instance, name, &[Value::F32(0x7fa0_0000)]);
            assert!(
                matches!(quiet, Ok(Value::F32(b)) if b & 0x7fc0_0000 == 0x7fc0_0000),
                "{name} at {level:?}: {quiet:?}"
            );
            let exact = support::call(&mut instance, name, &[Value::F32(1.5f32.to_bits())]);
            assert_eq!(
                exact,
                Ok(Value::F32(1.5f32.to_bits())),
                "{name} at {level:?}"
            );
        }
        for name in ["f64.min_self", "f64.max_self", "f64.round_trip"] {
            let quiet = support::call(&mut instance, name, &[Value::F64(0x7ff4_0000_0000_0000)]);
            let is_quiet = matches!(quiet, Ok(Value::F64(b)) if b & 0x7ff8_0000_0000_0000 == 0x7ff8_0000_0000_0000);
            assert!(is_quiet, "{name} at {level:?}: {quiet:?}");
            let exact = support::call(&mut instance, name, &[Value::F64(1.5f64.to_bits())]);
            assert_eq!(
                exact,
                Ok(Value::F64(1.5f64.to_bits())),
                "{name} at {level:?}"
            );
        }
    }
}

/// The cases the task singles out, spelled out (they are also among the
/// edge-case combinations above).
#[test]
fn named_edge_cases() {
    use TrapCode::*;
    let text = operators::module_with_params(&operators::all());
    let mut instance = support::instantiate_wat(&text, OptLevel::O2);
    let f32 = |x: f32| Value::F32(x.to_bits());
    let f64 = |x: f64| Value::F64(x.to_bits());
    let cases: &[(&str, &[Value], Result<Value, TrapCode>)] = &[
        (
            "i32.div_s",
            &[Value::I32(i32::MIN), Value::I32(-1)],
            Err(IntegerOverflow),
        ),
        (
            "i64.div_s",
            &[Value::I64(i64::MIN), Value::I64(-1)],
            Err(IntegerOverflow),
        ),
        (
            "i32.div_u",
            &[Value::I32(1), Value::I32(0)],
            Err(IntegerDivisionByZero),
        ),
        (
            "i64.rem_s",
            &[Value::I64(5), Value::I64(0)],
            Err(IntegerDivisionByZero),
        ),
        (
            "i32.rem_s",
            &[Value::I32(i32::MIN), Value::I32(-1)],
            Ok(Value::I32(0)),
        ),
        (
            "i64.rem_s",
            &[Value::I64(-7), Value::I64(-1)],
            Ok(Value::I64(0)),
        ),
        (
            "i32.shl",
            &[Value::I32(1), Value::I32(33)],
            Ok(Value::I32(2)),
        ),
        (
            "i64.rotr",
            &[Value::I64(1), Value::I64(65)],
            Ok(Value::I64(i64::MIN)),
        ),
        (
            "i32.trunc_f32_s",
            &[f32(-2147483648.0)],
            Ok(Value::I32(i32::MIN)),
        ),
        (
            "i32.trunc_f32_s",
            &[f32(2147483648.0)],
            Err(IntegerOverflow),
        ),
        (
            "i32.trunc_f64_s",
            &[f64(-2147483648.9)],
            Ok(Value::I32(i32::MIN)),
        ),
        (
            "i32.trunc_f64_s",
            &[f64(-2147483649.0)],
            Err(IntegerOverflow),
        ),
        ("i32.trunc_f32_u", &[f32(-0.9)], Ok(Value::I32(0))),
        ("i32.trunc_f32_u", &[f32(-1.0)], Err(IntegerOverflow)),
        (
            "i64.trunc_f64_u",
            &[f64(f64::NAN)],
            Err(BadConversionToInteger),
        ),
        ("i64.trunc_sat_f64_u", &[f64(-1.0)], Ok(Value::I64(0))),
        ("i32.trunc_sat_f32_s", &[f32(f32::NAN)], Ok(Value::I32(0))),
        ("i32.trunc_sat_f32_s", &[f32(3e9)], Ok(Value::I32(i32::MAX))),
        ("f32.nearest", &[f32(-0.5)], Ok(f32(-0.0))),
        ("f64.nearest", &[f64(2.5)], Ok(f64(2.0))),
        ("f32.ceil", &[f32(-0.7)], Ok(f32(-0.0))),
        ("f64.min", &[f64(0.0), f64(-0.0)], Ok(f64(-0.0))),
        ("f32.max", &[f32(-0.0), f32(0.0)], Ok(f32(0.0))),
        (
            "f32.neg",
            &[Value::F32(0x7fa0_0000)],
            Ok(Value::F32(0xffa0_0000)),
        ),
        (
            "f64.convert_i64_u",
            &[Value::I64(-1)],
            Ok(f64(18446744073709551616.0)),
        ),
    ];
    for (name, args, expected) in cases {
        assert_eq!(
            support::call(&mut instance, name, args),
            *expected,
            "{name} {args:?}"
        );
    }
}
