//! Creating an instance, step by step, in the specification's order:
//! check imports, enter the exclusion domain they share, allocate the
//! `VMContext` and the defined memories and tables, fill the `VMContext`,
//! evaluate global initializers and element items, apply active segments,
//! run the start function.

use crate::const_expr::{self, ConstEnv};
use crate::domain::Domain;
use crate::error::InstantiationError;
use crate::externs::Extern;
use crate::global::GlobalCell;
use crate::group::Group;
use crate::host_func::HostFuncContext;
use crate::host_state::HostState;
use crate::imports::{self, ImportedFunc, ResolvedImports};
use crate::instance::Instance;
use crate::instance_data::InstanceData;
use crate::libcalls::LIBCALLS;
use crate::memory::MemoryCell;
use crate::module::Module;
use crate::table::TableCell;
use crate::vmctx::VMContextBox;
use crate::{entry, memory_view, segments};

use std::cell::{Cell, UnsafeCell};
use std::sync::{Arc, Mutex, Weak};
use wasmlite_abi::{VMFuncRef, VMLimits, ValRaw};

/// See [`Instance::new`].
pub(crate) fn instantiate(
    module: Arc<Module>,
    imports: &[Extern],
    state: HostState,
) -> Result<Instance, InstantiationError> {
    let ResolvedImports {
        funcs,
        mut memories,
        mut tables,
        globals,
        groups,
        domains,
        shared_limits,
    } = imports::resolve(&module, imports)?;
    // Everything imported is now shared with the new instance: enter the
    // one domain they form before reading any of it (globals, tables) and
    // until the start function has run.
    let group = Group::merge_all(&groups);
    domains
        .iter()
        .for_each(|domain| Domain::merge(group.domain(), domain));
    let domain = group.domain().clone();
    let _running = domain.enter();
    // Segments may write imported memories.
    memory_view::check_no_views(&domain);
    let info = module.info();
    for ty in &info.memories[info.num_imported_memories as usize..] {
        memories.push(MemoryCell::new(*ty)?);
    }
    for index in info.num_imported_tables..info.tables.len() as u32 {
        tables.push(TableCell::new(module.table_type(index), 0)?);
    }
    let own_limits = match shared_limits {
        Some(_) => None,
        None => Some(Box::new(UnsafeCell::new(VMLimits {
            stack_limit: 0,
            fuel: 0,
            epoch_deadline: 0,
        }))),
    };
    let mut data = Box::new(InstanceData {
        vmctx: VMContextBox::new(*module.offsets())?,
        module: module.clone(),
        own_limits,
        memories,
        tables,
        globals,
        elements: Vec::new(),
        data_dropped: info.data.iter().map(|_| Cell::new(false)).collect(),
        state,
        host_funcs: Vec::new(),
        group: Mutex::new(Weak::new()),
    });
    let limits = shared_limits
        .or(data.own_limits.as_ref().map(|l| l.get()))
        .expect("limits were chosen above");
    data.host_funcs = fill_vmctx(&data, limits, &funcs);
    init_globals(&mut data)?;
    init_tables(&data)?;
    data.elements = evaluate_elements(&data)?;

    let data = Group::adopt(&group, data);
    // SAFETY: `data` was just adopted by `group`, which the instance holds.
    let instance = unsafe { Instance::from_parts(data, group) };
    segments::apply(instance.data())?;
    run_start(&instance)?;
    Ok(instance)
}

/// Fills the header, type ids, memory and table slots, and the funcrefs
/// of imported and referenced functions; returns the contexts of the
/// imported host functions, which their funcrefs point to.
fn fill_vmctx(
    data: &InstanceData,
    limits: *mut VMLimits,
    imported: &[ImportedFunc],
) -> Vec<Box<HostFuncContext>> {
    let (module, vmctx) = (&data.module, &data.vmctx);
    let this = data as *const InstanceData as *mut u8;
    vmctx.set_header(limits, &LIBCALLS, this);
    for index in 0..module.info().types.len() as u32 {
        vmctx.set_type_id(index, module.type_id(index));
    }
    for (index, memory) in data.memories.iter().enumerate() {
        vmctx.set_memory(index as u32, memory.vm());
    }
    for (index, table) in data.tables.iter().enumerate() {
        vmctx.set_table(index as u32, table.vm());
    }
    let own = |code: *const u8, index: usize| VMFuncRef {
        code,
        vmctx: vmctx.as_ptr(),
        type_id: module.func_type_id(index as u32),
    };
    let mut host_funcs = Vec::new();
    let mut imported_funcref = |index: usize, func: &ImportedFunc| match func {
        ImportedFunc::Host(func) => {
            // SAFETY: the header was filled above.
            let context = unsafe { HostFuncContext::new(func, vmctx.as_ptr()) };
            // Compiled code calls every funcref in the wasm convention:
            // the module's host adapter for this import's type calls the
            // host function (see `wasmlite_abi::calling_convention`).
            let funcref = VMFuncRef {
                vmctx: context.as_vmctx(),
                ..own(module.import_adapter(index as u32), index)
            };
            host_funcs.push(context);
            funcref
        }
        ImportedFunc::Wasm(funcref) => *funcref,
    };
    let imported: Vec<VMFuncRef> = imported
        .iter()
        .enumerate()
        .map(|(index, func)| imported_funcref(index, func))
        .collect();
    // Imported functions have the first slots; referenced defined ones the
    // next, in index order (see `ModuleInfo::funcref_slot`).
    let info = module.info();
    let first = info.num_imported_functions;
    let code = module.defined_function_pointers();
    let referenced = info
        .referenced_functions
        .iter()
        .filter(|&&i| i >= first)
        .map(|&index| own(code[(index - first) as usize], index as usize));
    for (slot, funcref) in imported.iter().copied().chain(referenced).enumerate() {
        // SAFETY: there are `VMOffsets::num_funcrefs` slots, one per
        // imported and referenced defined function, so the slot is inside
        // the VMContext.
        unsafe { *vmctx.funcref_slot(slot as u32) = funcref };
    }
    host_funcs
}

/// Evaluates the defined globals' initializers (in order: each may read the
/// globals before it) and fills every global slot.
fn init_globals(data: &mut InstanceData) -> Result<(), InstantiationError> {
    let module = data.module.clone();
    let info = module.info();
    for (defined, init) in info.global_inits.iter().enumerate() {
        let value = const_expr::eval(init, &ConstEnv::of(data))
            .map_err(|e| InstantiationError::BadModuleInfo(format!("global initializer: {e}")))?;
        let ty = module.global_type(info.num_imported_globals + defined as u32);
        data.globals.push(GlobalCell::new(ty, value));
    }
    for (index, global) in data.globals.iter().enumerate() {
        data.vmctx.set_global(index as u32, global.vm());
    }
    Ok(())
}

/// Fills each defined table that has an initializer expression with its
/// value (the others were created null).
fn init_tables(data: &InstanceData) -> Result<(), InstantiationError> {
    let info = data.module.info();
    let defined = &data.tables[info.num_imported_tables as usize..];
    for (table, init) in defined.iter().zip(&info.table_inits) {
        let Some(init) = init else { continue };
        let value = const_expr::eval(init, &ConstEnv::of(data))
            .map_err(|e| InstantiationError::BadModuleInfo(format!("table initializer: {e}")))?;
        table
            .fill(0, value.get_usize(), table.len())
            .expect("filling a whole table is in bounds");
    }
    Ok(())
}

/// Evaluates the items of every element segment.
fn evaluate_elements(
    data: &InstanceData,
) -> Result<Vec<UnsafeCell<Box<[usize]>>>, InstantiationError> {
    let env = ConstEnv::of(data);
    let evaluate = |segment: &wasmlite_abi::ElementSegment| {
        segment
            .items
            .iter()
            .map(|item| const_expr::eval(item, &env).map(|value| value.get_usize()))
            .collect::<Result<Box<[usize]>, String>>()
            .map(UnsafeCell::new)
    };
    data.module
        .info()
        .elements
        .iter()
        .map(evaluate)
        .collect::<Result<_, _>>()
        .map_err(|e| InstantiationError::BadModuleInfo(format!("element segment item: {e}")))
}

/// Runs the start function, if any, through its wrapper.
fn run_start(instance: &Instance) -> Result<(), InstantiationError> {
    let data = instance.data();
    let Some((wrapper, _)) = data.module.start_wrapper() else {
        return Ok(());
    };
    let vmctx = data.vmctx_ptr();
    // The start function has type [] -> []: the wrapper touches no value
    // slot, but gets a valid one anyway.
    let mut unused = ValRaw::default();
    // SAFETY: the VMContext is live and filled; the wrapper is this
    // module's, in the array convention.
    unsafe { entry::enter_wasm(instance.group(), vmctx, || wrapper(vmctx, &mut unused)) }
        .map_err(InstantiationError::StartTrapped)
}
