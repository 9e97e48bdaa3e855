//! The specification's NaN rules, checked inside the generated module.
//!
//! A float operation with a NaN result (`add` … `max`, `sqrt`, rounding,
//! `demote`, `promote`) must return a *canonical* NaN (payload
//! `0x400000`/`0x8000000000000`, either sign) when every NaN operand is
//! canonical, and otherwise an *arithmetic* NaN (quiet bit set); payload
//! and sign are otherwise open, so two correct engines may differ. Which
//! rule applies depends on the operands, which are gone once the result
//! reaches a comparison. So the check happens where the operands are
//! known: [`instrument`] replaces every such operation by a call to a
//! helper that performs it, checks the rule against its own operands
//! (`unreachable` if broken), and returns the canonical NaN for any NaN.
//! Both engines run the same helpers, so after them every value is
//! determined bit for bit, and results, globals and memories are compared
//! exactly ([`crate::value`]); a broken rule shows up as a trap one engine
//! has and the other has not. The helpers are small, so wasmlite inlines
//! them, and LLVM still sees (and folds) the operation with its real
//! operands.
//!
//! The rule only bites when signalling NaNs meet operations LLVM can fold
//! (`x * 1`, `x - 0`, `min(x, x)`, …), which random constants rarely give.
//! So [`instrument`] also rewrites half the float constants in place: the
//! right operand of an arithmetic operation to its identity (`±0`, `±1`),
//! others mostly to signalling NaNs; and replaces some constants by a call
//! to a helper producing a signalling NaN with `reinterpret` (a value LLVM
//! only learns after inlining); makes one arithmetic operation in eight
//! an identity operation (`x * 1`, `x + -0`, …) on whatever its left
//! operand is: a parameter, a load, a global, a local; and starts
//! functions with such operations on their float parameters (`min(p, p)`,
//! `demote(promote(p))` too). The argument generator passes signalling
//! NaNs (`crate::args`).

use crate::instrument::{insert_calls, Call, Helper, Piece};
use crate::rng::Rng;
use crate::sections::{split_sections, MalformedModule};
use std::cell::RefCell;
use std::mem::discriminant;
use wasm_encoder::{BlockType, Function, Instruction, ValType};
use wasmparser::{BinaryReader, CodeSectionReader, Operator};

/// A float width and its NaN bit patterns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Float {
    F32,
    F64,
}

use Float::{F32, F64};

impl Float {
    fn val_type(self) -> ValType {
        match self {
            F32 => ValType::F32,
            F64 => ValType::F64,
        }
    }

    /// The positive canonical NaN.
    fn canonical(self) -> u64 {
        match self {
            F32 => 0x7fc0_0000,
            F64 => 0x7ff8_0000_0000_0000,
        }
    }

    /// Every bit but the sign.
    fn magnitude(self) -> u64 {
        match self {
            F32 => 0x7fff_ffff,
            F64 => 0x7fff_ffff_ffff_ffff,
        }
    }

    /// The quiet bit.
    fn quiet(self) -> u64 {
        match self {
            F32 => 0x0040_0000,
            F64 => 0x0008_0000_0000_0000,
        }
    }

    fn constant(self, bits: u64) -> Instruction<'static> {
        match self {
            F32 => Instruction::F32Const(wasm_encoder::Ieee32::new(bits as u32)),
            F64 => Instruction::F64Const(wasm_encoder::Ieee64::new(bits)),
        }
    }

    fn eq(self) -> Instruction<'static> {
        match self {
            F32 => Instruction::F32Eq,
            F64 => Instruction::F64Eq,
        }
    }

    fn bits_of(self) -> Instruction<'static> {
        match self {
            F32 => Instruction::I32ReinterpretF32,
            F64 => Instruction::I64ReinterpretF64,
        }
    }

    fn int_constant(self, bits: u64) -> Instruction<'static> {
        match self {
            F32 => Instruction::I32Const(bits as u32 as i32),
            F64 => Instruction::I64Const(bits as i64),
        }
    }

    fn int_and(self) -> Instruction<'static> {
        match self {
            F32 => Instruction::I32And,
            F64 => Instruction::I64And,
        }
    }

    fn int_eq(self) -> Instruction<'static> {
        match self {
            F32 => Instruction::I32Eq,
            F64 => Instruction::I64Eq,
        }
    }

    fn int_ne(self) -> Instruction<'static> {
        match self {
            F32 => Instruction::I32Ne,
            F64 => Instruction::I64Ne,
        }
    }

    /// Interesting bit patterns for a constant: mostly signalling NaNs
    /// (several payloads, both signs), then canonical and other quiet NaNs
    /// and the identities of `add`/`sub` (`±0`) and `mul`/`div` (`±1`).
    fn interesting(self) -> &'static [u64] {
        match self {
            F32 => &[
                0x7fa0_0000, 0xffa0_0000, 0x7f80_0001, 0x7fbf_ffff, 0x7fa0_0000, 0xff80_0001,
                0x7fc0_0000, 0x7fc0_0001, 0x3f80_0000, 0xbf80_0000, 0x0000_0000, 0x8000_0000,
            ],
            F64 => &[
                0x7ff4_0000_0000_0000, 0xfff4_0000_0000_0000, 0x7ff0_0000_0000_0001,
                0x7ff7_ffff_ffff_ffff, 0x7ff4_0000_0000_0000, 0xfff0_0000_0000_0001,
                0x7ff8_0000_0000_0000, 0x7ff8_0000_0000_0001, 0x3ff0_0000_0000_0000,
                0xbff0_0000_0000_0000, 0, 0x8000_0000_0000_0000,
            ],
        }
    }

    /// The identities of `add` and `sub` (`±0`) or of `mul` and `div`
    /// (`±1`): a right operand that lets LLVM fold the operation away.
    fn identities(self, multiplicative: bool) -> &'static [u64] {
        match (self, multiplicative) {
            (F32, false) => &[0x0000_0000, 0x8000_0000],
            (F32, true) => &[0x3f80_0000, 0xbf80_0000],
            (F64, false) => &[0, 0x8000_0000_0000_0000],
            (F64, true) => &[0x3ff0_0000_0000_0000, 0xbff0_0000_0000_0000],
        }
    }

    /// A signalling NaN.
    fn signalling(self) -> u64 {
        self.interesting()[0]
    }
}

/// Every operation whose NaN result the rules constrain.
const CHECKED: [Operator<'static>; 24] = {
    use Operator::*;
    [
        F32Add, F32Sub, F32Mul, F32Div, F32Min, F32Max, F32Sqrt, F32Ceil, F32Floor, F32Trunc,
        F32Nearest, F64Add, F64Sub, F64Mul, F64Div, F64Min, F64Max, F64Sqrt, F64Ceil, F64Floor,
        F64Trunc, F64Nearest, F32DemoteF64, F64PromoteF32,
    ]
};

/// An operation of [`CHECKED`]: operand types, result type, instruction.
fn signature(op: &Operator<'_>) -> (&'static [Float], Float, Instruction<'static>) {
    use Instruction as I;
    use Operator as O;
    match op {
        O::F32Add => (&[F32, F32], F32, I::F32Add),
        O::F32Sub => (&[F32, F32], F32, I::F32Sub),
        O::F32Mul => (&[F32, F32], F32, I::F32Mul),
        O::F32Div => (&[F32, F32], F32, I::F32Div),
        O::F32Min => (&[F32, F32], F32, I::F32Min),
        O::F32Max => (&[F32, F32], F32, I::F32Max),
        O::F32Sqrt => (&[F32], F32, I::F32Sqrt),
        O::F32Ceil => (&[F32], F32, I::F32Ceil),
        O::F32Floor => (&[F32], F32, I::F32Floor),
        O::F32Trunc => (&[F32], F32, I::F32Trunc),
        O::F32Nearest => (&[F32], F32, I::F32Nearest),
        O::F64Add => (&[F64, F64], F64, I::F64Add),
        O::F64Sub => (&[F64, F64], F64, I::F64Sub),
        O::F64Mul => (&[F64, F64], F64, I::F64Mul),
        O::F64Div => (&[F64, F64], F64, I::F64Div),
        O::F64Min => (&[F64, F64], F64, I::F64Min),
        O::F64Max => (&[F64, F64], F64, I::F64Max),
        O::F64Sqrt => (&[F64], F64, I::F64Sqrt),
        O::F64Ceil => (&[F64], F64, I::F64Ceil),
        O::F64Floor => (&[F64], F64, I::F64Floor),
        O::F64Trunc => (&[F64], F64, I::F64Trunc),
        O::F64Nearest => (&[F64], F64, I::F64Nearest),
        O::F32DemoteF64 => (&[F64], F32, I::F32DemoteF64),
        O::F64PromoteF32 => (&[F32], F64, I::F64PromoteF32),
        other => unreachable!("{other:?} is not a checked operation"),
    }
}

/// The encoded function type `(params) -> (result)`.
fn function_type(params: &[Float], result: Float) -> Vec<u8> {
    let code = |f: Float| if f == F32 { 0x7d } else { 0x7c };
    let mut ty = vec![0x60, params.len() as u8];
    ty.extend(params.iter().map(|&p| code(p)));
    ty.extend([1, code(result)]);
    ty
}

/// The helper performing `op`: checks the rules, returns the canonical
/// NaN for any NaN (see the module documentation).
fn checking_helper(op: &Operator<'_>) -> Helper {
    let (inputs, output, instruction) = signature(op);
    let result = inputs.len() as u32;
    let mut f = Function::new_with_locals_types([output.val_type()]);
    for i in 0..result {
        f.instruction(&Instruction::LocalGet(i));
    }
    f.instruction(&instruction)
        .instruction(&Instruction::LocalTee(result))
        .instruction(&Instruction::LocalGet(result))
        .instruction(&output.eq())
        .instruction(&Instruction::If(BlockType::Result(output.val_type())))
        .instruction(&Instruction::LocalGet(result))
        .instruction(&Instruction::Else);
    // Are all NaN operands canonical?
    for (i, &input) in inputs.iter().enumerate() {
        let i = i as u32;
        f.instruction(&Instruction::LocalGet(i))
            .instruction(&Instruction::LocalGet(i))
            .instruction(&input.eq());
        is_canonical(&mut f, i, input);
        f.instruction(&Instruction::I32Or);
        if i > 0 {
            f.instruction(&Instruction::I32And);
        }
    }
    f.instruction(&Instruction::If(BlockType::Result(ValType::I32)));
    is_canonical(&mut f, result, output);
    f.instruction(&Instruction::Else)
        .instruction(&Instruction::LocalGet(result))
        .instruction(&output.bits_of())
        .instruction(&output.int_constant(output.quiet()))
        .instruction(&output.int_and())
        .instruction(&output.int_constant(0))
        .instruction(&output.int_ne())
        .instruction(&Instruction::End)
        .instruction(&Instruction::I32Eqz)
        .instruction(&Instruction::If(BlockType::Empty))
        .instruction(&Instruction::Unreachable)
        .instruction(&Instruction::End)
        .instruction(&output.constant(output.canonical()))
        .instruction(&Instruction::End)
        .instruction(&Instruction::End);
    Helper {
        ty: function_type(inputs, output),
        body: f.into_raw_body(),
    }
}

/// Push whether local `local` (of type `ty`) is a canonical NaN.
fn is_canonical(f: &mut Function, local: u32, ty: Float) {
    f.instruction(&Instruction::LocalGet(local))
        .instruction(&ty.bits_of())
        .instruction(&ty.int_constant(ty.magnitude()))
        .instruction(&ty.int_and())
        .instruction(&ty.int_constant(ty.canonical()))
        .instruction(&ty.int_eq());
}

/// The helper returning a signalling NaN of `ty` made by `reinterpret`.
fn signalling_helper(ty: Float) -> Helper {
    let mut f = Function::new([]);
    f.instruction(&ty.int_constant(ty.signalling()))
        .instruction(&match ty {
            F32 => Instruction::F32ReinterpretI32,
            F64 => Instruction::F64ReinterpretI64,
        })
        .instruction(&Instruction::End);
    Helper {
        ty: function_type(&[], ty),
        body: f.into_raw_body(),
    }
}

/// `wasm` with every operation of [`CHECKED`] replaced by its checking
/// helper (one `add`/`sub`/`mul`/`div` in eight with its right operand
/// replaced by an identity), half of the float constants rewritten in
/// place to an interesting value and about one in eight replaced by a call
/// returning a signalling NaN (`rng` decides which).
pub fn instrument(wasm: &[u8], rng: &mut Rng) -> Result<Vec<u8>, MalformedModule> {
    let wasm = rewrite_constants(wasm, rng)?;
    replace_operations(&wasm, Some(rng))
}

/// `wasm` with every operation of [`CHECKED`] replaced by its checking
/// helper, and nothing else changed.
pub fn check_nan_rules(wasm: &[u8]) -> Result<Vec<u8>, MalformedModule> {
    replace_operations(wasm, None)
}

/// `wasm` with every operation of [`CHECKED`] replaced by its checking
/// helper and, if `rng` is given, some arithmetic made an identity
/// operation ([`identity_operand`]) and about one float constant in eight
/// replaced by a call returning a signalling NaN; unchanged if there is
/// nothing to replace.
fn replace_operations(wasm: &[u8], rng: Option<&mut Rng>) -> Result<Vec<u8>, MalformedModule> {
    let mut helpers: Vec<Helper> = CHECKED.iter().map(checking_helper).collect();
    let signalling = helpers.len();
    helpers.push(signalling_helper(F32));
    helpers.push(signalling_helper(F64));
    let params = match rng {
        Some(_) => float_params(wasm)?,
        None => Vec::new(),
    };
    let rng = RefCell::new(rng);
    let prologue = |function: usize| {
        let mut rng = rng.borrow_mut();
        match (rng.as_mut(), params.get(function)) {
            (Some(rng), Some(params)) => folding_prologue(params, rng),
            _ => Vec::new(),
        }
    };
    let patched = insert_calls(wasm, &helpers, prologue, |op| {
        let mut rng = rng.borrow_mut();
        if let Some(k) = CHECKED.iter().position(|c| discriminant(c) == discriminant(op)) {
            return Some(match rng.as_mut().and_then(|r| identity_operand(op, r)) {
                Some(code) => Call::InsteadWith(code, k),
                None => Call::Instead(k),
            });
        }
        let ty = match op {
            Operator::F32Const { .. } => 0,
            Operator::F64Const { .. } => 1,
            _ => return None,
        };
        let replace = rng.as_mut().is_some_and(|r| r.chance(1, 8));
        replace.then_some(Call::Instead(signalling + ty))
    })?;
    Ok(patched.unwrap_or_else(|| wasm.to_vec()))
}

/// The index in [`CHECKED`] (and of the helper) of `op`.
fn checked(op: Operator<'static>) -> usize {
    CHECKED
        .iter()
        .position(|c| discriminant(c) == discriminant(&op))
        .expect("a checked operation")
}

/// The float parameters (index, width) of every defined function.
fn float_params(wasm: &[u8]) -> Result<Vec<Vec<(u32, Float)>>, MalformedModule> {
    let bad = |_| MalformedModule("type or function section");
    let mut types = Vec::new();
    let mut functions = Vec::new();
    for payload in wasmparser::Parser::new(0).parse_all(wasm) {
        match payload.map_err(bad)? {
            wasmparser::Payload::TypeSection(reader) => {
                for group in reader {
                    for ty in group.map_err(bad)?.into_types() {
                        let params = match &ty.composite_type.inner {
                            wasmparser::CompositeInnerType::Func(f) => f.params().to_vec(),
                            _ => Vec::new(),
                        };
                        types.push(params);
                    }
                }
            }
            wasmparser::Payload::FunctionSection(reader) => {
                for ty in reader {
                    let params = types.get(ty.map_err(bad)? as usize).cloned().unwrap_or_default();
                    let floats = params
                        .iter()
                        .enumerate()
                        .filter_map(|(i, p)| match p {
                            wasmparser::ValType::F32 => Some((i as u32, F32)),
                            wasmparser::ValType::F64 => Some((i as u32, F64)),
                            _ => None,
                        })
                        .collect();
                    functions.push(floats);
                }
            }
            _ => {}
        }
    }
    Ok(functions)
}

/// Code for the start of a function with float parameters `params`: for
/// each, an operation LLVM folds to the parameter once the helper is
/// inlined — `p op identity` (half the time), `min(p, p)`, `max(p, p)` or
/// `demote(promote(p))` — its result dropped (the helper's check still
/// runs). Arguments are often signalling NaNs (`crate::args`).
fn folding_prologue(params: &[(u32, Float)], rng: &mut Rng) -> Vec<Piece> {
    use Operator::*;
    let mut pieces = Vec::new();
    for &(local, ty) in params {
        let mut get = vec![0x20];
        crate::sections::write_leb(&mut get, local as u64);
        pieces.push(Piece::Code(get.clone()));
        let f32 = ty == F32;
        match rng.below(8) {
            0..4 => {
                let ops = if f32 { [F32Add, F32Sub, F32Mul, F32Div] } else { [F64Add, F64Sub, F64Mul, F64Div] };
                let k = rng.below(4) as usize;
                let op = ops[k].clone();
                let bits = *rng.pick(ty.identities(k >= 2));
                let constant = match ty {
                    F32 => [&[0x43][..], &(bits as u32).to_le_bytes()].concat(),
                    F64 => [&[0x44][..], &bits.to_le_bytes()].concat(),
                };
                pieces.push(Piece::Code(constant));
                pieces.push(Piece::Call(checked(op)));
            }
            4 => {
                pieces.push(Piece::Code(get));
                pieces.push(Piece::Call(checked(if f32 { F32Min } else { F64Min })));
            }
            5 => {
                pieces.push(Piece::Code(get));
                pieces.push(Piece::Call(checked(if f32 { F32Max } else { F64Max })));
            }
            _ => {
                let (there, back) = if f32 { (F64PromoteF32, F32DemoteF64) } else { (F32DemoteF64, F64PromoteF32) };
                pieces.push(Piece::Call(checked(there)));
                pieces.push(Piece::Call(checked(back)));
            }
        }
        const DROP: u8 = 0x1a;
        pieces.push(Piece::Code(vec![DROP]));
    }
    pieces
}

/// For about one `add`, `sub`, `mul` or `div` in eight: code that drops
/// its right operand and pushes an identity of the operation instead
/// (`x * 1`, `x - -0`, …), so it computes its left operand, quieted.
fn identity_operand(op: &Operator<'_>, rng: &mut Rng) -> Option<Vec<u8>> {
    use Operator::*;
    let (ty, multiplicative) = match op {
        F32Add | F32Sub => (F32, false),
        F32Mul | F32Div => (F32, true),
        F64Add | F64Sub => (F64, false),
        F64Mul | F64Div => (F64, true),
        _ => return None,
    };
    if !rng.chance(1, 8) {
        return None;
    }
    let bits = *rng.pick(ty.identities(multiplicative));
    const DROP: u8 = 0x1a;
    let mut code = vec![DROP];
    match ty {
        F32 => {
            code.push(0x43);
            code.extend_from_slice(&(bits as u32).to_le_bytes());
        }
        F64 => {
            code.push(0x44);
            code.extend_from_slice(&bits.to_le_bytes());
        }
    }
    Some(code)
}

/// `wasm` with about half of its `f32.const`/`f64.const` immediates
/// replaced, in place: the right operand of an `add`, `sub`, `mul` or
/// `div` by an identity of the operation ([`Float::identities`]), any
/// other by one of [`Float::interesting`].
fn rewrite_constants(wasm: &[u8], rng: &mut Rng) -> Result<Vec<u8>, MalformedModule> {
    use Operator::*;
    let bad = |_| MalformedModule("code section");
    let mut out = wasm.to_vec();
    let Some(&(_, code)) = split_sections(wasm)?.iter().find(|s| s.0 == 10) else {
        return Ok(out);
    };
    let base = code.as_ptr() as usize - wasm.as_ptr() as usize;
    let reader = CodeSectionReader::new(BinaryReader::new(code, 0)).map_err(bad)?;
    for function in reader {
        let mut reader = function.map_err(bad)?.get_operators_reader().map_err(bad)?;
        let mut ops = Vec::new();
        while !reader.eof() {
            ops.push(reader.read_with_offset().map_err(bad)?);
        }
        for (k, (op, offset)) in ops.iter().enumerate() {
            let (ty, width) = match op {
                F32Const { .. } => (F32, 4),
                F64Const { .. } => (F64, 8),
                _ => continue,
            };
            if !rng.chance(1, 2) {
                continue;
            }
            let pool = match ops.get(k + 1).map(|(next, _)| next) {
                Some(F32Add | F32Sub | F64Add | F64Sub) => ty.identities(false),
                Some(F32Mul | F32Div | F64Mul | F64Div) => ty.identities(true),
                _ => ty.interesting(),
            };
            let bits = *rng.pick(pool);
            // The immediate follows the one-byte opcode.
            let at = base + *offset as usize + 1;
            out[at..at + width].copy_from_slice(&bits.to_le_bytes()[..width]);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(wat: &str, export: &str, args: &[wasmi::Val]) -> Result<wasmi::Val, wasmi::Error> {
        let wasm = wat::parse_str(wat).expect("parses");
        let mut rng = Rng::new(1, 1);
        let wasm = instrument(&wasm, &mut rng).expect("instruments");
        wasmparser::Validator::new().validate_all(&wasm).expect("valid");
        let engine = wasmi::Engine::default();
        let module = wasmi::Module::new(&engine, &wasm[..]).expect("loads");
        let mut store = wasmi::Store::new(&engine, ());
        let instance = wasmi::Linker::<()>::new(&engine)
            .instantiate_and_start(&mut store, &module)
            .expect("instantiates");
        let f = instance.get_func(&store, export).expect("export");
        let mut out = [wasmi::Val::I32(0)];
        f.call(&mut store, args, &mut out)?;
        Ok(out[0].clone())
    }

    const MUL: &str = r#"(module (func (export "mul") (param f32 f32) (result f32)
        local.get 0 local.get 1 f32.mul))"#;

    fn f32_bits(v: wasmi::Val) -> u32 {
        match v {
            wasmi::Val::F32(x) => x.to_bits(),
            other => panic!("not f32: {other:?}"),
        }
    }

    #[test]
    fn results_are_checked_and_canonicalised() {
        let f = |bits: u32| wasmi::Val::F32(wasmi::F32::from_bits(bits));
        let ok = run(MUL, "mul", &[f(0x7fa0_0000), f(0x3f80_0000)]).expect("arithmetic NaN is fine");
        assert_eq!(f32_bits(ok), 0x7fc0_0000);
        let exact = run(MUL, "mul", &[f(0x3fc0_0000), f(0x4000_0000)]).expect("runs");
        assert_eq!(f32_bits(exact), 0x4040_0000);
    }

    #[test]
    fn the_checks_reject_what_the_rules_forbid() {
        // A helper whose operation is a bit copy stands in for a compiler
        // that folded `x * 1` to `x`: `f32.copysign x x` passes x through.
        let (inputs, output, _) = signature(&Operator::F32Mul);
        let mut helper = checking_helper(&Operator::F32Mul);
        let position = helper
            .body
            .iter()
            .position(|&b| b == 0x94)
            .expect("the mul opcode");
        helper.body[position] = 0x98; // f32.copysign
        assert_eq!((inputs.len(), output), (2, F32));
        let wasm = wat::parse_str(r#"(module (type (func (param f32 f32) (result f32))) (func (type 0) unreachable) (export "mul" (func 0)))"#)
            .expect("parses");
        let mut sections = split_sections(&wasm).expect("splits");
        let mut code = vec![1];
        crate::sections::write_leb(&mut code, helper.body.len() as u64);
        code.extend_from_slice(&helper.body);
        let position = sections.iter().position(|s| s.0 == 10).expect("code");
        sections[position].1 = &code;
        let mut patched = wasm[..8].to_vec();
        for (id, body) in sections {
            crate::sections::push_section(&mut patched, id, body);
        }
        let engine = wasmi::Engine::default();
        let module = wasmi::Module::new(&engine, &patched[..]).expect("loads");
        let mut store = wasmi::Store::new(&engine, ());
        let instance = wasmi::Linker::<()>::new(&engine)
            .instantiate_and_start(&mut store, &module)
            .expect("instantiates");
        let mul = instance.get_func(&store, "mul").expect("export");
        let f = |bits: u32| wasmi::Val::F32(wasmi::F32::from_bits(bits));
        let mut out = [wasmi::Val::I32(0)];
        assert!(
            mul.call(&mut store, &[f(0x7fa0_0000), f(0x3f80_0000)], &mut out).is_err(),
            "a signalling NaN passed through must trap"
        );
        assert!(
            mul.call(&mut store, &[f(0x7fc0_0001), f(0x3f80_0000)], &mut out).is_ok(),
            "a quiet non-canonical operand may pass through"
        );
        assert!(
            mul.call(&mut store, &[f(0x7fc0_0000), f(0x3f80_0000)], &mut out).is_ok(),
            "a canonical operand may pass through"
        );
    }

    #[test]
    fn constants_are_rewritten_in_place() {
        let wat = r#"(module (func (export "c") (result f32)
            f32.const 2 f32.const 3 f32.const 4 f32.const 5 f32.const 6 f32.const 7
            f32.const 8 f32.const 9 f32.const 10 f32.const 11 f32.const 12 f32.const 13
            drop drop drop drop drop drop drop drop drop drop drop))"#;
        let wasm = wat::parse_str(wat).expect("parses");
        let mut rng = Rng::new(5, 0);
        let rewritten = rewrite_constants(&wasm, &mut rng).expect("rewrites");
        assert_eq!(rewritten.len(), wasm.len());
        assert_ne!(rewritten, wasm, "some constant out of twelve changes");
        wasmparser::Validator::new().validate_all(&rewritten).expect("valid");
    }
}
