//! Per-module LLVM state: types, intrinsics and the LLVM function of every
//! defined wasm function, declared once and shared by all translators.

use crate::target::TargetFacts;
use crate::alias::AliasTags;
use crate::conventions::Conventions;
use crate::BoundsChecks;
use inkwell::context::Context;
use inkwell::intrinsics::Intrinsic;
use inkwell::module::{Linkage, Module};
use inkwell::GlobalVisibility;
use inkwell::types::{BasicMetadataTypeEnum, BasicType, BasicTypeEnum, FunctionType, VectorType};
use inkwell::values::FunctionValue;
use inkwell::AddressSpace;
use wasmlite_abi::{AbiType, FuncType, Libcall, ModuleInfo, VMOffsets, ValType};

/// Which functions one LLVM module defines.
pub(crate) enum Partition {
    /// All of them, in one object; functions are internal.
    Whole,
    /// Those with index in `defined` (one object of several); every
    /// function is a hidden external symbol named `<symbol_prefix>_f<index>`.
    Part { symbol_prefix: String, defined: std::ops::Range<u32> },
}

impl Partition {
    /// The prefix of the hidden function symbols of a split module.
    pub(crate) fn symbol_prefix(&self) -> Option<&str> {
        match self {
            Partition::Whole => None,
            Partition::Part { symbol_prefix, .. } => Some(symbol_prefix),
        }
    }
}

/// LLVM types used everywhere.
pub(crate) struct Types<'ctx> {
    pub ptr: inkwell::types::PointerType<'ctx>,
    pub i8: inkwell::types::IntType<'ctx>,
    pub i32: inkwell::types::IntType<'ctx>,
    pub i64: inkwell::types::IntType<'ctx>,
    pub i128: inkwell::types::IntType<'ctx>,
    pub f32: inkwell::types::FloatType<'ctx>,
    pub f64: inkwell::types::FloatType<'ctx>,
    /// `v128` values are `<2 x i64>` at function boundaries and on the stack.
    pub v128: VectorType<'ctx>,
}

impl<'ctx> Types<'ctx> {
    fn new(context: &'ctx Context) -> Self {
        Types {
            ptr: context.ptr_type(AddressSpace::default()),
            i8: context.i8_type(),
            i32: context.i32_type(),
            i64: context.i64_type(),
            i128: context.i128_type(),
            f32: context.f32_type(),
            f64: context.f64_type(),
            v128: context.i64_type().vec_type(2),
        }
    }

    /// The LLVM type of a wasm value type.
    pub fn val(&self, ty: ValType) -> BasicTypeEnum<'ctx> {
        match ty {
            ValType::I32 => self.i32.into(),
            ValType::I64 => self.i64.into(),
            ValType::F32 => self.f32.into(),
            ValType::F64 => self.f64.into(),
            ValType::V128 => self.v128.into(),
            ValType::Ref(_) => self.ptr.into(),
        }
    }

    fn abi(&self, ty: AbiType) -> BasicTypeEnum<'ctx> {
        match ty {
            AbiType::Ptr => self.ptr.into(),
            AbiType::I32 => self.i32.into(),
            AbiType::I64 => self.i64.into(),
        }
    }
}

/// Everything a function translator needs from its module.
pub(crate) struct ModuleCx<'ctx, 'a> {
    pub context: &'ctx Context,
    pub module: Module<'ctx>,
    pub info: &'a ModuleInfo,
    pub offsets: VMOffsets,
    pub types: Types<'ctx>,
    /// LLVM function of each function index; `None` for imported functions.
    pub functions: Vec<Option<FunctionValue<'ctx>>>,
    /// Each function's calling convention.
    pub conventions: &'a Conventions,
    /// Native signature of each type index.
    pub signatures: Vec<FunctionType<'ctx>>,
    /// Register name of the stack pointer (`llvm.read_register`).
    pub stack_pointer: &'static str,
    /// Target instructions some wasm instructions depend on (relaxed SIMD).
    pub target: TargetFacts,
    /// How memory accesses are bounds-checked.
    pub bounds_checks: BoundsChecks,
    /// TBAA tags separating linear memory from VM fields.
    pub alias: AliasTags<'ctx>,
}

impl<'ctx, 'a> ModuleCx<'ctx, 'a> {
    /// Declare the module's types and defined functions.
    pub fn new(
        context: &'ctx Context,
        info: &'a ModuleInfo,
        name: &str,
        stack_pointer: &'static str,
        target: TargetFacts,
        partition: &Partition,
        bounds_checks: BoundsChecks,
        conventions: &'a Conventions,
    ) -> Self {
        let module = context.create_module(name);
        let types = Types::new(context);
        let signatures = info.types.iter().map(|t| native_signature(&types, t)).collect::<Vec<_>>();
        let mut functions = Vec::with_capacity(info.functions.len());
        for (index, &type_index) in info.functions.iter().enumerate() {
            let index = index as u32;
            if index < info.num_imported_functions {
                functions.push(None);
                continue;
            }
            let signature = signatures[type_index as usize];
            let name = function_symbol(info, partition.symbol_prefix(), index);
            let function = match partition {
                Partition::Whole => module.add_function(&name, signature, Some(Linkage::Internal)),
                Partition::Part { .. } => {
                    // Split across objects: functions reach each other through
                    // hidden symbols unique to this module.
                    let function = module.add_function(&name, signature, Some(Linkage::External));
                    function.as_global_value().set_visibility(GlobalVisibility::Hidden);
                    function
                }
            };
            function.set_call_conventions(conventions.llvm(index));
            functions.push(Some(function));
        }
        ModuleCx {
            context,
            module,
            info,
            offsets: info.offsets(),
            types,
            functions,
            conventions,
            signatures,
            stack_pointer,
            target,
            bounds_checks,
            alias: AliasTags::new(context),
        }
    }

    /// The declaration of an LLVM intrinsic, overloaded on `types`.
    pub fn intrinsic(&self, name: &str, types: &[BasicTypeEnum<'ctx>]) -> FunctionValue<'ctx> {
        let intrinsic = Intrinsic::find(name).unwrap_or_else(|| panic!("LLVM 19 has intrinsic {name}"));
        intrinsic
            .get_declaration(&self.module, types)
            .unwrap_or_else(|| panic!("intrinsic {name} accepts the types given"))
    }

    /// The `VMContext` offset of function `index`'s `VMFuncRef`. Only
    /// imported functions and referenced ones have one; validation lets
    /// code reach no other function by reference (`ref.func` names only
    /// functions declared outside function bodies).
    pub fn funcref_offset(&self, index: u32) -> u32 {
        let slot = self
            .info
            .funcref_slot(index)
            .unwrap_or_else(|| panic!("function {index} is imported or referenced"));
        self.offsets.funcref(slot)
    }

    /// The LLVM type of a libcall.
    pub fn libcall_type(&self, libcall: Libcall) -> FunctionType<'ctx> {
        let params: Vec<BasicMetadataTypeEnum> =
            libcall.params().iter().map(|t| self.types.abi(*t).into()).collect();
        match libcall.result() {
            Some(t) => self.types.abi(t).fn_type(&params, false),
            None => self.context.void_type().fn_type(&params, false),
        }
    }
}

/// The native signature of a wasm function type (see
/// `wasmlite_abi::calling_convention`).
pub(crate) fn native_signature<'ctx>(types: &Types<'ctx>, ty: &FuncType) -> FunctionType<'ctx> {
    let mut params: Vec<BasicMetadataTypeEnum> = vec![types.ptr.into()];
    if ty.results.len() > 1 {
        params.push(types.ptr.into());
    }
    params.extend(ty.params.iter().map(|p| BasicMetadataTypeEnum::from(types.val(*p))));
    match ty.results.as_slice() {
        [] => types.ptr.get_context().void_type().fn_type(&params, false),
        [one] => types.val(*one).fn_type(&params, false),
        _ => types.ptr.get_context().void_type().fn_type(&params, false),
    }
}

/// The symbol of defined function `index`: in a whole module a local
/// name readable in debuggers and profilers, e.g. `wasm[3]::add`; in a
/// split module (`split_prefix` given) the hidden `<prefix>_f<index>`.
pub(crate) fn function_symbol(info: &ModuleInfo, split_prefix: Option<&str>, index: u32) -> String {
    match (split_prefix, info.function_name(index)) {
        (Some(prefix), _) => format!("{prefix}_f{index}"),
        // An ELF symbol name ends at NUL; the code-size patcher finds
        // functions by name, so the name must survive the symbol table.
        (None, Some(name)) => format!("wasm[{index}]::{}", name.replace('\0', "?")),
        (None, None) => format!("wasm[{index}]"),
    }
}
