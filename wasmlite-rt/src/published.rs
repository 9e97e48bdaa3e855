//! [`Published`]: an append-only, lock-free list that a signal handler may
//! read.
//!
//! The fault handler must decide whether a fault belongs to wasm without
//! taking a lock or allocating: the faulting thread may hold the lock, or
//! be inside `malloc`. Writers (outside any handler) allocate a node, leak
//! it and link it at the head with a compare-and-swap; readers follow the
//! links with acquire loads. Nodes are never freed, so a reader can never
//! see a dangling node; values that come and go (reservations) are slots
//! inside their node that are cleared and reused instead.

use std::sync::atomic::{AtomicPtr, Ordering};

/// An append-only list of leaked values.
pub(crate) struct Published<T: 'static> {
    head: AtomicPtr<Node<T>>,
}

struct Node<T: 'static> {
    value: T,
    next: *const Node<T>,
}

impl<T: Sync + 'static> Published<T> {
    /// An empty list.
    pub(crate) const fn new() -> Self {
        Published {
            head: AtomicPtr::new(std::ptr::null_mut()),
        }
    }

    /// Adds `value` (for the rest of the process) and returns it.
    pub(crate) fn push(&self, value: T) -> &'static T {
        let node: &'static mut Node<T> = Box::leak(Box::new(Node {
            value,
            next: std::ptr::null(),
        }));
        let mut head = self.head.load(Ordering::Acquire);
        loop {
            node.next = head;
            // Release: a reader that sees the node sees its contents.
            match self.head.compare_exchange_weak(
                head,
                node,
                Ordering::AcqRel,
                Ordering::Acquire,
            ) {
                Ok(_) => break,
                Err(current) => head = current,
            }
        }
        &node.value
    }

    /// Every value pushed so far, newest first. Async-signal-safe: atomic
    /// loads and reads of immutable, never-freed nodes only.
    pub(crate) fn iter(&self) -> impl Iterator<Item = &'static T> {
        let mut node = self.head.load(Ordering::Acquire).cast_const();
        std::iter::from_fn(move || {
            // SAFETY: nodes are leaked when pushed and never freed or
            // changed after being linked.
            let current: &'static Node<T> = unsafe { node.as_ref()? };
            node = current.next;
            Some(&current.value)
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_pushed_from_many_threads_are_all_seen() {
        static LIST: Published<usize> = Published::new();
        std::thread::scope(|s| {
            for t in 0..4 {
                s.spawn(move || (0..100).for_each(|i| _ = LIST.push(t * 100 + i)));
            }
        });
        let mut seen: Vec<usize> = LIST.iter().copied().collect();
        seen.sort();
        assert_eq!(seen, (0..400).collect::<Vec<_>>());
    }
}
