//! [`Instance`]: an instantiated module.

use crate::error::{AccessError, CallError, InstantiationError};
use crate::externs::Extern;
use crate::global::{self, Global};
use crate::group::Group;
use crate::host_func::WasmResults;
use crate::host_state::{HostState, StateRef, StateRefMut};
use crate::instance_data::InstanceData;
use crate::memory::Memory;
use crate::memory_view::{MemoryView, MemoryViewMut};
use crate::module::Module;
use crate::table::Table;
use crate::trap::Trap;
use crate::typed_func::{TypedFunc, WasmParams};
use crate::val::{FuncRef, Val};
use crate::{entry, instantiate};
use std::ptr::NonNull;
use std::sync::Arc;
use wasmlite_abi::{ExportKind, VMContext, ValRaw};

/// An instance of a [`Module`]: its memories, tables, globals and
/// functions, ready to be called.
///
/// `Send` but not `Sync`: calls need `&mut self`. Dropping the instance
/// frees everything it owns, unless it is linked with other instances that
/// are still alive (see the crate docs).
pub struct Instance {
    data: NonNull<InstanceData>,
    group: Arc<Group>,
}

// SAFETY: `data` is owned by `group`, which keeps it alive and never touches
// it otherwise; nothing in it is tied to a thread. Code reaching state shared
// with other instances runs only inside the group's exclusion domain, which
// one thread at a time may enter (`domain.rs`).
unsafe impl Send for Instance {}

impl Instance {
    /// Instantiates `module` with `imports` (one per import, in order) and
    /// no host state. Applies the active segments, then runs the start
    /// function.
    pub fn new(module: Arc<Module>, imports: &[Extern]) -> Result<Instance, InstantiationError> {
        Instance::with_state(module, imports, HostState::new())
    }

    /// Like [`Instance::new`], with `state` as the host state its host
    /// functions run on ([`crate::Caller::state`]). The instance owns it:
    /// it is dropped with the instance's data.
    pub fn with_state(
        module: Arc<Module>,
        imports: &[Extern],
        state: HostState,
    ) -> Result<Instance, InstantiationError> {
        instantiate::instantiate(module, imports, state)
    }

    /// [`Instance::with_state`] with a state holding only `host`.
    pub fn with_host<H: Send + 'static>(
        module: Arc<Module>,
        imports: &[Extern],
        host: H,
    ) -> Result<Instance, InstantiationError> {
        Instance::with_state(module, imports, HostState::new().with(host))
    }

    /// The host state of type `T`, if any. While the guard lives, this
    /// thread holds the instance's exclusion domain (other threads wait to
    /// run linked instances).
    ///
    /// # Panics
    /// If a host function is using it right now (possible only through
    /// instances linked with this one).
    pub fn state<T: 'static>(&self) -> Option<StateRef<'_, T>> {
        let domain = self.group.domain().enter();
        Some(StateRef::new(self.data().state.get::<T>()?, domain))
    }

    /// The host state of type `T`, mutably, if any. Panics like
    /// [`Instance::state`].
    pub fn state_mut<T: 'static>(&mut self) -> Option<StateRefMut<'_, T>> {
        let domain = self.group.domain().enter();
        Some(StateRefMut::new(self.data().state.get_mut::<T>()?, domain))
    }

    /// Takes the host state of type `T` out, if any; host functions
    /// looking for it afterwards (through linked instances) find none.
    /// Panics like [`Instance::state`].
    pub fn take_state<T: 'static>(&mut self) -> Option<T> {
        let _domain = self.group.domain().enter();
        self.data().state.take::<T>()
    }

    /// Shorthand for [`Instance::state`].
    pub fn host<H: 'static>(&self) -> Option<StateRef<'_, H>> {
        self.state::<H>()
    }

    /// Shorthand for [`Instance::state_mut`].
    pub fn host_mut<H: 'static>(&mut self) -> Option<StateRefMut<'_, H>> {
        self.state_mut::<H>()
    }

    /// Shorthand for [`Instance::take_state`].
    pub fn take_host<H: 'static>(&mut self) -> Option<H> {
        self.take_state::<H>()
    }

    /// # Safety
    /// `data` must be owned by `group`.
    pub(crate) unsafe fn from_parts(data: NonNull<InstanceData>, group: Arc<Group>) -> Instance {
        Instance { data, group }
    }

    /// The group keeping the instance alive; its domain says which thread
    /// may run it.
    pub(crate) fn group(&self) -> &Arc<Group> {
        &self.group
    }

    pub(crate) fn data(&self) -> &InstanceData {
        // SAFETY: the group keeps the data alive as long as `self`.
        unsafe { self.data.as_ref() }
    }

    /// The instance's module.
    pub fn module(&self) -> &Arc<Module> {
        &self.data().module
    }

    /// The instance's `VMContext`, as compiled code receives it
    /// (dereferencing it is up to unsafe code that knows the ABI).
    pub fn vmctx(&self) -> *mut VMContext {
        self.data().vmctx_ptr()
    }

    /// Calls export `export_index` through its array-call wrapper: the
    /// parameters are read from `values` and the results written back.
    ///
    /// # Safety
    /// The export must be a function, `values.len()` at least the larger of
    /// its parameter and result counts, and the parameters of its types.
    pub unsafe fn call_export_raw(
        &mut self,
        export_index: u32,
        values: &mut [ValRaw],
    ) -> Result<(), Trap> {
        let data = self.data();
        let wrapper = data
            .module
            .export_wrapper(export_index)
            .unwrap_or_else(|| panic!("export {export_index} is not a function"));
        let vmctx = data.vmctx_ptr();
        let values = values.as_mut_ptr();
        // SAFETY: the wrapper belongs to this instance's module; the caller
        // guarantees the values.
        unsafe { entry::enter_wasm(&self.group, vmctx, move || wrapper(vmctx, values)) }
    }

    /// The export index and function index of the exported function `name`.
    fn export_func(&self, name: &str) -> Result<(u32, u32), CallError> {
        let module = self.module();
        let export_index = module
            .export_index(name)
            .ok_or_else(|| CallError::UnknownExport(name.into()))?;
        let ExportKind::Func(func) = module.info().exports[export_index as usize].kind else {
            return Err(CallError::NotAFunction(name.into()));
        };
        Ok((export_index, func))
    }

    /// The exported function `name`, to be called with Rust values of types
    /// `Params` and returning `Results` (see [`TypedFunc`]). Fails with
    /// [`CallError::UnknownExport`], [`CallError::NotAFunction`] or
    /// [`CallError::FuncTypeMismatch`]; the type is checked here, once.
    ///
    /// ```no_run
    /// # fn f(mut instance: wasmlite_rt::Instance) -> Result<(), Box<dyn std::error::Error>> {
    /// let add = instance.typed_func::<(i32, i32), i32>("add")?;
    /// let sum = add.call(&mut instance, (2, 3))?;
    /// # Ok(()) }
    /// ```
    pub fn typed_func<Params: WasmParams, Results: WasmResults>(
        &self,
        name: &str,
    ) -> Result<TypedFunc<Params, Results>, CallError> {
        let (export_index, func) = self.export_func(name)?;
        let module = self.module();
        let canonical = crate::type_registry::lookup(module.func_type_id(func)).expect("module types are registered");
        TypedFunc::new(module, export_index, name, &canonical)
    }

    /// Calls the exported function `name` with `args`, checking their types.
    pub fn call(&mut self, name: &str, args: &[Val]) -> Result<Vec<Val>, CallError> {
        let (export_index, func) = self.export_func(name)?;
        let module = self.module().clone();
        let ty = module.func_type(func);
        if args.len() != ty.params.len() {
            return Err(CallError::ArgumentCount {
                expected: ty.params.len(),
                given: args.len(),
            });
        }
        let mut values = vec![ValRaw::default(); ty.params.len().max(ty.results.len())];
        for (index, (arg, &expected)) in args.iter().zip(&ty.params).enumerate() {
            // Typed references must also be non-null or of the right
            // function type: compiled code relies on it.
            if !arg.matches(module.canonical_val(expected)) {
                return Err(CallError::ArgumentType {
                    index,
                    expected,
                    found: arg.ty(),
                });
            }
            values[index] = arg.to_raw_in(&self.group);
        }
        // SAFETY: the export is a function and the arguments have its types.
        unsafe { self.call_export_raw(export_index, &mut values) }?;
        let results = ty.results.iter().zip(values);
        // SAFETY: funcref results point into instances of this group.
        Ok(results
            .map(|(&ty, raw)| unsafe { Val::from_raw(raw, ty, &self.group) })
            .collect())
    }

    /// A view of memory `index` (see [`Memory::view`]: the memory may be
    /// shared through handles or with other instances).
    ///
    /// # Panics
    /// If the instance has no memory `index`, or a writable view of it is
    /// alive.
    pub fn memory(&self, index: u32) -> MemoryView<'_> {
        MemoryView::new(&self.data().memories[index as usize], self.group.domain())
    }

    /// A writable view of memory `index`.
    ///
    /// # Panics
    /// If the instance has no memory `index`, or another view of it is
    /// alive.
    pub fn memory_mut(&mut self, index: u32) -> MemoryViewMut<'_> {
        MemoryViewMut::new(&self.data().memories[index as usize], self.group.domain())
    }

    /// The size of memory `index` in pages.
    ///
    /// # Panics
    /// If the instance has no memory `index`.
    pub fn memory_size(&self, index: u32) -> u64 {
        let _using = self.group.domain().enter();
        self.data().memories[index as usize].pages()
    }

    /// The value of global `index`.
    ///
    /// # Panics
    /// If the instance has no global `index`.
    pub fn global_get(&self, index: u32) -> Val {
        global::get_val(&self.data().globals[index as usize], &self.group)
    }

    /// Sets global `index`, which must be mutable, to `value`.
    ///
    /// # Panics
    /// If the instance has no global `index`.
    pub fn global_set(&mut self, index: u32, value: Val) -> Result<(), AccessError> {
        global::set_val(&self.data().globals[index as usize], &self.group, &value)
    }

    /// The export called `name`.
    pub fn get_export(&self, name: &str) -> Option<Extern> {
        let index = self.module().export_index(name)?;
        Some(self.export(self.module().info().exports[index as usize].kind))
    }

    /// Every export, in order, with its name.
    pub fn exports(&self) -> impl Iterator<Item = (&str, Extern)> + '_ {
        self.module()
            .info()
            .exports
            .iter()
            .map(|e| (e.name.as_str(), self.export(e.kind)))
    }

    fn export(&self, kind: ExportKind) -> Extern {
        let data = self.data();
        let group = self.group.clone();
        match kind {
            ExportKind::Func(i) => {
                let funcref = NonNull::new(data.funcref(i)).expect("VMContext slots are not null");
                // SAFETY: the funcref lives in this instance's VMContext.
                Extern::Func(unsafe { FuncRef::new(funcref, group) })
            }
            ExportKind::Memory(i) => {
                let cell = data.memories[i as usize].clone();
                Extern::Memory(Memory::from_cell(cell, group.domain().clone()))
            }
            ExportKind::Table(i) => {
                Extern::Table(Table::from_cell(data.tables[i as usize].clone(), group))
            }
            ExportKind::Global(i) => {
                Extern::Global(Global::from_cell(data.globals[i as usize].clone(), group))
            }
        }
    }
}

impl std::fmt::Debug for Instance {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Instance")
            .field("module", self.module())
            .field("vmctx", &self.vmctx())
            .finish()
    }
}
