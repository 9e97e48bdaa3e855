//! [`HostState`]: the values an instance's host functions run on.

use crate::domain::DomainGuard;
use std::any::{Any, TypeId};
use std::cell::{Ref, RefCell, RefMut};
use std::marker::PhantomData;
use std::ops::{Deref, DerefMut};

/// An instance's host state: at most one value per type, each borrowed on
/// its own (so a host function can hold the WASI context and the
/// application's state at once).
///
/// Given to [`crate::Instance::with_state`] (or [`crate::Linker::instantiate`]);
/// the instance owns it, so it lives exactly as long as any code that can
/// reach it. Host functions reach it with [`crate::Caller::state`], the
/// host with [`crate::Instance::state`] and [`crate::Instance::state_mut`].
#[derive(Default)]
pub struct HostState {
    /// Few types per instance: a linear search beats hashing.
    entries: Vec<Entry>,
}

struct Entry {
    type_id: TypeId,
    type_name: &'static str,
    /// `None` once taken out ([`crate::Instance::take_state`]).
    value: RefCell<Option<Box<dyn Any + Send>>>,
}

impl HostState {
    /// An empty state.
    pub fn new() -> HostState {
        HostState::default()
    }

    /// The state with `value` added (replacing any value of its type).
    pub fn with<T: Send + 'static>(mut self, value: T) -> HostState {
        self.insert(value);
        self
    }

    /// Adds `value`; returns the value of its type it replaces, if any.
    pub fn insert<T: Send + 'static>(&mut self, value: T) -> Option<T> {
        let boxed: Box<dyn Any + Send> = Box::new(value);
        let type_id = TypeId::of::<T>();
        match self
            .entries
            .iter_mut()
            .find(|entry| entry.type_id == type_id)
        {
            Some(entry) => {
                let old = entry.value.get_mut().replace(boxed)?;
                Some(*old.downcast::<T>().expect("entries hold their type"))
            }
            None => {
                self.entries.push(Entry {
                    type_id,
                    type_name: std::any::type_name::<T>(),
                    value: RefCell::new(Some(boxed)),
                });
                None
            }
        }
    }

    fn entry(&self, type_id: TypeId) -> Option<&Entry> {
        self.entries.iter().find(|entry| entry.type_id == type_id)
    }

    /// The value of type `T`, if any.
    ///
    /// # Panics
    /// If it is borrowed mutably.
    pub(crate) fn get<T: 'static>(&self) -> Option<Ref<'_, T>> {
        let entry = self.entry(TypeId::of::<T>())?;
        let value = entry.value.try_borrow().unwrap_or_else(|_| busy(entry));
        Ref::filter_map(value, |v| v.as_ref()?.downcast_ref::<T>()).ok()
    }

    /// The value of type `T`, mutably, if any.
    ///
    /// # Panics
    /// If it is borrowed.
    pub(crate) fn get_mut<T: 'static>(&self) -> Option<RefMut<'_, T>> {
        let entry = self.entry(TypeId::of::<T>())?;
        let value = entry.value.try_borrow_mut().unwrap_or_else(|_| busy(entry));
        RefMut::filter_map(value, |v| v.as_mut()?.downcast_mut::<T>()).ok()
    }

    /// Takes the value of type `T` out, if any.
    ///
    /// # Panics
    /// If it is borrowed.
    pub(crate) fn take<T: 'static>(&self) -> Option<T> {
        let entry = self.entry(TypeId::of::<T>())?;
        let value = entry
            .value
            .try_borrow_mut()
            .unwrap_or_else(|_| busy(entry))
            .take()?;
        Some(*value.downcast::<T>().expect("entries hold their type"))
    }

    /// The type names of the values, for debugging.
    fn type_names(&self) -> impl Iterator<Item = &'static str> + '_ {
        self.entries.iter().map(|entry| entry.type_name)
    }
}

/// A host state value borrowed from an [`crate::Instance`]
/// ([`crate::Instance::state`]). While it lives, this thread holds the
/// instance's exclusion domain, so no host function of the instance runs
/// on another thread (through linked instances) meanwhile.
pub struct StateRef<'a, T> {
    value: Ref<'a, T>,
    /// Dropped after `value`.
    _domain: DomainGuard<'a>,
    _not_send: PhantomData<*const ()>,
}

/// A host state value borrowed mutably from an [`crate::Instance`]
/// ([`crate::Instance::state_mut`]); see [`StateRef`].
pub struct StateRefMut<'a, T> {
    value: RefMut<'a, T>,
    /// Dropped after `value`.
    _domain: DomainGuard<'a>,
    _not_send: PhantomData<*const ()>,
}

impl<'a, T> StateRef<'a, T> {
    pub(crate) fn new(value: Ref<'a, T>, domain: DomainGuard<'a>) -> Self {
        StateRef {
            value,
            _domain: domain,
            _not_send: PhantomData,
        }
    }
}

impl<'a, T> StateRefMut<'a, T> {
    pub(crate) fn new(value: RefMut<'a, T>, domain: DomainGuard<'a>) -> Self {
        StateRefMut {
            value,
            _domain: domain,
            _not_send: PhantomData,
        }
    }
}

impl<T> Deref for StateRef<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> Deref for StateRefMut<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.value
    }
}

impl<T> DerefMut for StateRefMut<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.value
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for StateRef<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value.fmt(f)
    }
}

impl<T: std::fmt::Debug> std::fmt::Debug for StateRefMut<'_, T> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.value.fmt(f)
    }
}

fn busy(entry: &Entry) -> ! {
    panic!(
        "the host state of type `{}` is already borrowed",
        entry.type_name
    )
}

impl std::fmt::Debug for HostState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_set().entries(self.type_names()).finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_value_per_type_each_borrowed_separately() {
        let mut state = HostState::new().with(5u32).with(String::from("log"));
        assert_eq!(state.insert(6u32), Some(5));
        let mut number = state.get_mut::<u32>().unwrap();
        let text = state.get::<String>().unwrap();
        *number += 1;
        assert_eq!((*number, text.as_str()), (7, "log"));
        drop((number, text));
        assert!(state.get::<i64>().is_none());
        assert_eq!(state.take::<u32>(), Some(7));
        assert!(state.get::<u32>().is_none(), "taken");
        assert_eq!(format!("{state:?}"), r#"{"u32", "alloc::string::String"}"#);
    }

    #[test]
    #[should_panic(expected = "the host state of type `u32` is already borrowed")]
    fn borrowing_a_value_twice_mutably_panics() {
        let state = HostState::new().with(1u32);
        let _first = state.get_mut::<u32>();
        let _second = state.get_mut::<u32>();
    }
}
