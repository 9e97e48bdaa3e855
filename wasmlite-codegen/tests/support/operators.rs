//! The numeric operators under test, with their signatures, and wasm text
//! for modules exercising them.

use std::fmt::Write;

/// A wasm number type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Ty {
    I32,
    I64,
    F32,
    F64,
}

impl Ty {
    /// The type's name in wasm text.
    pub fn name(self) -> &'static str {
        match self {
            Ty::I32 => "i32",
            Ty::I64 => "i64",
            Ty::F32 => "f32",
            Ty::F64 => "f64",
        }
    }
}

/// A numeric operator: its text name (`i32.add`) and signature.
#[derive(Clone, Debug)]
pub struct Op {
    pub name: String,
    pub params: Vec<Ty>,
    pub result: Ty,
}

impl Op {
    fn new(name: String, params: &[Ty], result: Ty) -> Op {
        Op {
            name,
            params: params.to_vec(),
            result,
        }
    }
}

const INT_COMPARE: &[&str] = &[
    "eq", "ne", "lt_s", "lt_u", "gt_s", "gt_u", "le_s", "le_u", "ge_s", "ge_u",
];
const INT_UNARY: &[&str] = &["clz", "ctz", "popcnt", "extend8_s", "extend16_s"];
const INT_BINARY: &[&str] = &[
    "add", "sub", "mul", "div_s", "div_u", "rem_s", "rem_u", "and", "or", "xor", "shl", "shr_s",
    "shr_u", "rotl", "rotr",
];
const FLOAT_COMPARE: &[&str] = &["eq", "ne", "lt", "gt", "le", "ge"];
const FLOAT_UNARY: &[&str] = &["abs", "neg", "ceil", "floor", "trunc", "nearest", "sqrt"];
const FLOAT_BINARY: &[&str] = &["add", "sub", "mul", "div", "min", "max", "copysign"];

/// Every numeric operator of wasm 1.0, sign extension and non-trapping
/// float-to-int conversion (`const` excepted).
pub fn all() -> Vec<Op> {
    use Ty::*;
    let mut ops = Vec::new();
    for ty in [I32, I64] {
        let t = ty.name();
        ops.push(Op::new(format!("{t}.eqz"), &[ty], I32));
        ops.extend(
            INT_COMPARE
                .iter()
                .map(|n| Op::new(format!("{t}.{n}"), &[ty, ty], I32)),
        );
        ops.extend(
            INT_UNARY
                .iter()
                .map(|n| Op::new(format!("{t}.{n}"), &[ty], ty)),
        );
        ops.extend(
            INT_BINARY
                .iter()
                .map(|n| Op::new(format!("{t}.{n}"), &[ty, ty], ty)),
        );
    }
    ops.push(Op::new("i64.extend32_s".into(), &[I64], I64));
    for ty in [F32, F64] {
        let t = ty.name();
        ops.extend(
            FLOAT_COMPARE
                .iter()
                .map(|n| Op::new(format!("{t}.{n}"), &[ty, ty], I32)),
        );
        ops.extend(
            FLOAT_UNARY
                .iter()
                .map(|n| Op::new(format!("{t}.{n}"), &[ty], ty)),
        );
        ops.extend(
            FLOAT_BINARY
                .iter()
                .map(|n| Op::new(format!("{t}.{n}"), &[ty, ty], ty)),
        );
    }
    ops.push(Op::new("i32.wrap_i64".into(), &[I64], I32));
    ops.push(Op::new("i64.extend_i32_s".into(), &[I32], I64));
    ops.push(Op::new("i64.extend_i32_u".into(), &[I32], I64));
    for (int, float) in [(I32, F32), (I32, F64), (I64, F32), (I64, F64)] {
        let (i, f) = (int.name(), float.name());
        for sign in ["s", "u"] {
            ops.push(Op::new(format!("{i}.trunc_{f}_{sign}"), &[float], int));
            ops.push(Op::new(format!("{i}.trunc_sat_{f}_{sign}"), &[float], int));
            ops.push(Op::new(format!("{f}.convert_{i}_{sign}"), &[int], float));
        }
    }
    ops.push(Op::new("f32.demote_f64".into(), &[F64], F32));
    ops.push(Op::new("f64.promote_f32".into(), &[F32], F64));
    ops.push(Op::new("i32.reinterpret_f32".into(), &[F32], I32));
    ops.push(Op::new("i64.reinterpret_f64".into(), &[F64], I64));
    ops.push(Op::new("f32.reinterpret_i32".into(), &[I32], F32));
    ops.push(Op::new("f64.reinterpret_i64".into(), &[I64], F64));
    ops
}

/// One exported function: `op` applied to `operands`, each either a
/// constant (its wasm text) or, for `None`, the function's next parameter.
pub struct Case<'a> {
    pub export: String,
    pub op: &'a Op,
    pub operands: Vec<Option<String>>,
}

/// A module exporting one function per case.
pub fn module(cases: &[Case<'_>]) -> String {
    let mut text = String::from("(module\n");
    for case in cases {
        let mut params = String::new();
        let mut body = String::new();
        let mut next_param = 0;
        for (ty, operand) in case.op.params.iter().zip(&case.operands) {
            let t = ty.name();
            match operand {
                Some(constant) => body.push_str(&format!("{t}.const {constant} ")),
                None => {
                    params.push_str(&format!("(param {t}) "));
                    body.push_str(&format!("local.get {next_param} "));
                    next_param += 1;
                }
            }
        }
        let (export, result, name) = (&case.export, case.op.result.name(), &case.op.name);
        writeln!(
            text,
            "  (func (export \"{export}\") {params}(result {result}) {body}{name})"
        )
        .expect("writing to a String");
    }
    text.push(')');
    text
}

/// A module exporting, for each operator, a function named after it that
/// applies it to its parameters.
pub fn module_with_params(ops: &[Op]) -> String {
    let cases: Vec<Case> = ops
        .iter()
        .map(|op| Case {
            export: op.name.clone(),
            op,
            operands: vec![None; op.params.len()],
        })
        .collect();
    module(&cases)
}
