//! Link groups: who keeps an instance's data alive.
//!
//! A `funcref` is a raw pointer into some instance's `VMContext`, and wasm
//! code can store it anywhere it can write: its tables, its globals, tables
//! and globals of other instances it imports, or pass it to functions of
//! other instances. So once instances are linked (one imports a function,
//! table or funcref global of another, or the host passes one's funcref to
//! another), any of them may hold pointers into any other.
//!
//! The runtime therefore keeps linked instances' data together in a group,
//! and frees it only when nothing refers to the group any more: no
//! [`crate::Instance`], and no handle ([`crate::FuncRef`], [`crate::Table`],
//! [`crate::Global`]) from it. An instance that was never linked is alone in
//! its group and freed when it is dropped. Linking instances of two groups
//! merges the groups (union by size: the smaller root forwards to the
//! larger, and hands its members over).
//!
//! Each group belongs to an exclusion [`Domain`], which says which thread
//! may run its instances; merging groups merges their domains. (Domains
//! also merge when instances merely share a memory or a global, which does
//! not tie their lifetimes together.)

use crate::domain::Domain;
use crate::instance_data::InstanceData;
use std::ptr::NonNull;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// A set of instances freed together.
pub(crate) struct Group {
    state: Mutex<State>,
    /// The domain the group's instances run in (merged when groups merge).
    domain: Arc<Domain>,
}

#[derive(Default)]
struct State {
    /// Instance data owned by this group (empty once it forwards). Boxed:
    /// `VMContext`s point to it, so it must not move when the vector grows.
    #[allow(clippy::vec_box)]
    members: Vec<Box<InstanceData>>,
    /// The group this one was merged into.
    forward: Option<Arc<Group>>,
}

/// Serializes merges, so two merges cannot interleave their root lookups.
static MERGE: Mutex<()> = Mutex::new(());

fn lock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    // Every critical section leaves the state consistent.
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Group {
    /// A new, empty group.
    pub(crate) fn new() -> Arc<Group> {
        Arc::new(Group {
            state: Mutex::new(State::default()),
            domain: Domain::new(),
        })
    }

    /// The exclusion domain of the group's instances.
    pub(crate) fn domain(&self) -> &Arc<Domain> {
        &self.domain
    }

    /// The group `group` currently forwards to (itself if it was never merged).
    /// Callers hold `MERGE`, so the chain cannot change under them.
    fn root(group: &Arc<Group>) -> Arc<Group> {
        let mut current = group.clone();
        loop {
            let next = lock(&current.state).forward.clone();
            match next {
                Some(next) => current = next,
                None => return current,
            }
        }
    }

    /// Merges all `groups` into one and returns its root; a new group if
    /// `groups` is empty.
    pub(crate) fn merge_all(groups: &[Arc<Group>]) -> Arc<Group> {
        let Some((first, rest)) = groups.split_first() else {
            return Group::new();
        };
        rest.iter().for_each(|g| Group::merge(first, g));
        let _merging = lock(&MERGE);
        Group::root(first)
    }

    /// Makes `a` and `b` one group, and their domains one domain (which
    /// may wait for other threads using them: see [`Domain::merge`]).
    pub(crate) fn merge(a: &Arc<Group>, b: &Arc<Group>) {
        if Arc::ptr_eq(a, b) {
            return;
        }
        Domain::merge(&a.domain, &b.domain);
        let _merging = lock(&MERGE);
        let (ra, rb) = (Group::root(a), Group::root(b));
        if Arc::ptr_eq(&ra, &rb) {
            return;
        }
        let size = |g: &Arc<Group>| lock(&g.state).members.len();
        let (into, from) = if size(&ra) >= size(&rb) {
            (ra, rb)
        } else {
            (rb, ra)
        };
        let moved = std::mem::take(&mut lock(&from.state).members);
        moved.iter().for_each(|data| data.set_group(&into));
        lock(&into.state).members.extend(moved);
        lock(&from.state).forward = Some(into);
    }

    /// Adds `data` to the group (its root) and returns a pointer to it,
    /// valid while the group lives.
    pub(crate) fn adopt(group: &Arc<Group>, data: Box<InstanceData>) -> NonNull<InstanceData> {
        let _merging = lock(&MERGE);
        let root = Group::root(group);
        let ptr = NonNull::from(&*data);
        data.set_group(&root);
        lock(&root.state).members.push(data);
        ptr
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_root(a: &Arc<Group>, b: &Arc<Group>) -> bool {
        let _merging = lock(&MERGE);
        Arc::ptr_eq(&Group::root(a), &Group::root(b))
    }

    #[test]
    fn merging_is_transitive_and_idempotent() {
        let (a, b, c, d) = (Group::new(), Group::new(), Group::new(), Group::new());
        Group::merge(&a, &b);
        Group::merge(&c, &d);
        assert!(same_root(&a, &b));
        assert!(!same_root(&a, &c));
        Group::merge(&b, &d);
        Group::merge(&a, &c);
        for g in [&b, &c, &d] {
            assert!(same_root(&a, g));
        }
        let root = Group::merge_all(&[d.clone(), a.clone()]);
        assert!(same_root(&root, &c));
    }

    #[test]
    fn forwarded_groups_keep_their_root_alive() {
        let (a, b) = (Group::new(), Group::new());
        Group::merge(&a, &b);
        let root = Group::merge_all(std::slice::from_ref(&a));
        let weak = Arc::downgrade(&root);
        drop((root, a));
        assert!(weak.upgrade().is_some(), "b still refers to the root");
        drop(b);
        assert!(weak.upgrade().is_none());
    }
}
