//! Evaluating constant expressions (global initializers, segment offsets
//! and element items).

use crate::global::GlobalCell;
use crate::instance_data::InstanceData;
use crate::vmctx::VMContextBox;
use std::sync::Arc;
use wasmlite_abi::{ConstExpr, ConstOp, ModuleInfo, ValRaw};

/// What a constant expression can refer to.
pub(crate) struct ConstEnv<'a> {
    /// The globals defined so far (imported ones first).
    pub(crate) globals: &'a [Arc<GlobalCell>],
    /// The instance's `VMContext`, whose funcrefs `ref.func` yields.
    pub(crate) vmctx: &'a VMContextBox,
    /// The module, for the funcref slot of each function.
    pub(crate) info: &'a ModuleInfo,
}

impl<'a> ConstEnv<'a> {
    /// What `instance`'s constant expressions can refer to.
    pub(crate) fn of(instance: &'a InstanceData) -> ConstEnv<'a> {
        ConstEnv {
            globals: &instance.globals,
            vmctx: &instance.vmctx,
            info: instance.module.info(),
        }
    }
}

/// Evaluates `expr`; the error describes a malformed expression.
pub(crate) fn eval(expr: &ConstExpr, env: &ConstEnv<'_>) -> Result<ValRaw, String> {
    let mut stack: Vec<ValRaw> = Vec::with_capacity(2);
    for op in &expr.0 {
        let value = match *op {
            ConstOp::I32Const(v) => ValRaw::from_i32(v),
            ConstOp::I64Const(v) => ValRaw::from_i64(v),
            ConstOp::F32Const(bits) => ValRaw::from_u32(bits),
            ConstOp::F64Const(bits) => ValRaw::from_u64(bits),
            ConstOp::V128Const(bits) => ValRaw::from_u128(bits),
            ConstOp::RefNull(_) => ValRaw::from_usize(0),
            ConstOp::GlobalGet(index) => {
                let global = env
                    .globals
                    .get(index as usize)
                    .ok_or(format!("global.get of unknown global {index}"))?;
                global.get()
            }
            ConstOp::RefFunc(index) => {
                let slot = env
                    .info
                    .funcref_slot(index)
                    .ok_or(format!("ref.func of unknown or unreferenced function {index}"))?;
                ValRaw::from_usize(env.vmctx.funcref_slot(slot) as usize)
            }
            ConstOp::I32Add => binary(&mut stack, |a, b| {
                ValRaw::from_i32(a.get_i32().wrapping_add(b.get_i32()))
            })?,
            ConstOp::I32Sub => binary(&mut stack, |a, b| {
                ValRaw::from_i32(a.get_i32().wrapping_sub(b.get_i32()))
            })?,
            ConstOp::I32Mul => binary(&mut stack, |a, b| {
                ValRaw::from_i32(a.get_i32().wrapping_mul(b.get_i32()))
            })?,
            ConstOp::I64Add => binary(&mut stack, |a, b| {
                ValRaw::from_i64(a.get_i64().wrapping_add(b.get_i64()))
            })?,
            ConstOp::I64Sub => binary(&mut stack, |a, b| {
                ValRaw::from_i64(a.get_i64().wrapping_sub(b.get_i64()))
            })?,
            ConstOp::I64Mul => binary(&mut stack, |a, b| {
                ValRaw::from_i64(a.get_i64().wrapping_mul(b.get_i64()))
            })?,
        };
        stack.push(value);
    }
    match stack[..] {
        [value] => Ok(value),
        _ => Err(format!("constant expression leaves {} values", stack.len())),
    }
}

/// Pops the two operands of a binary operation and applies `op`.
fn binary(
    stack: &mut Vec<ValRaw>,
    op: impl FnOnce(ValRaw, ValRaw) -> ValRaw,
) -> Result<ValRaw, String> {
    let b = stack.pop();
    let a = stack.pop();
    match (a, b) {
        (Some(a), Some(b)) => Ok(op(a, b)),
        _ => Err("constant expression operator without operands".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasmlite_abi::{GlobalType, RefType, VMOffsets, ValType};

    fn with_env<R>(f: impl FnOnce(&ConstEnv<'_>) -> R) -> R {
        let offsets = VMOffsets {
            num_types: 0,
            num_memories: 0,
            num_tables: 0,
            num_globals: 1,
            num_funcrefs: 2,
        };
        let info = ModuleInfo {
            functions: vec![0, 0],
            referenced_functions: vec![0, 1],
            ..ModuleInfo::default()
        };
        let vmctx = VMContextBox::new(offsets).unwrap();
        let globals = [GlobalCell::new(
            GlobalType {
                content: ValType::I32,
                mutable: false,
            },
            ValRaw::from_i32(40),
        )];
        f(&ConstEnv {
            globals: &globals,
            vmctx: &vmctx,
            info: &info,
        })
    }

    #[test]
    fn extended_constants_compute_with_wrapping() {
        let expr = ConstExpr(vec![
            ConstOp::GlobalGet(0),
            ConstOp::I32Const(2),
            ConstOp::I32Add,
        ]);
        assert_eq!(with_env(|env| eval(&expr, env)).unwrap().get_i32(), 42);
        let expr = ConstExpr(vec![
            ConstOp::I64Const(i64::MAX),
            ConstOp::I64Const(2),
            ConstOp::I64Mul,
        ]);
        assert_eq!(with_env(|env| eval(&expr, env)).unwrap().get_i64(), -2);
        let expr = ConstExpr(vec![
            ConstOp::I32Const(1),
            ConstOp::I32Const(3),
            ConstOp::I32Sub,
        ]);
        assert_eq!(with_env(|env| eval(&expr, env)).unwrap().get_i32(), -2);
    }

    #[test]
    fn references_are_funcref_addresses_or_null() {
        with_env(|env| {
            let func = eval(&ConstExpr(vec![ConstOp::RefFunc(1)]), env).unwrap();
            assert_eq!(func.get_usize(), env.vmctx.funcref_slot(1) as usize);
            let null = eval(&ConstExpr(vec![ConstOp::RefNull(RefType::FUNCREF)]), env).unwrap();
            assert_eq!(null.get_usize(), 0);
        });
    }

    #[test]
    fn malformed_expressions_are_errors() {
        with_env(|env| {
            assert!(eval(&ConstExpr(vec![ConstOp::I32Add]), env).is_err());
            assert!(eval(&ConstExpr(vec![]), env).is_err());
            assert!(eval(&ConstExpr(vec![ConstOp::GlobalGet(1)]), env).is_err());
            assert!(eval(&ConstExpr(vec![ConstOp::RefFunc(2)]), env).is_err());
        });
    }
}
