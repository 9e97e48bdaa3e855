//! Exclusion domains: one thread at a time runs instances that share state.
//!
//! Instances that share anything mutable — one calls a function of another
//! (and so runs on the other's memories, tables and globals), or they import
//! the same memory, table or global — belong to one domain, and so do the
//! handles ([`crate::Memory`], [`crate::Table`], [`crate::Global`],
//! [`crate::FuncRef`]) through which the host reaches that state.
//! [`crate::Instance`] is `Send`, so two instances of a domain can be moved
//! to two threads; running them at once would race on what they share. So
//! every call from the host into wasm, every instantiation and every host
//! access through a handle first *enters* the instance's domain, and leaves
//! it when done. A domain is re-entrant: a host import called by wasm code
//! may call into any instance of the domain again.
//!
//! A thread that finds the domain in use by another thread **waits** until
//! it is free (instances are not `Sync`, so this is what the caller asked
//! for: exclusive use, not a failure). Waiting could deadlock only if the
//! waiting thread itself holds a domain — it is inside a host import, or
//! linking two domains — that the other thread (or a thread it waits for)
//! is waiting for. Every thread about to sleep therefore follows the chain
//! "owner of the domain I want → the domain that owner waits for → its
//! owner → …" while holding the lock of the waiter list; if the chain comes
//! back to itself, sleeping would close a cycle, and it panics with
//! [`DEADLOCK_MESSAGE`] instead. A panic in a host import reaches the
//! host's caller like any other. The thread closing the cycle is the one
//! that fails, so cycles never form; a thread that holds no domain (plain
//! host code) can never close one, so it never fails.
//!
//! Domains merge when instances link (union by rank: a merged domain
//! forwards to the other, which keeps the state). Merging enters both
//! domains first, so nobody runs in either while it happens.
//!
//! Cost: entering a free domain is one compare-and-swap, leaving it one
//! swap; re-entering is a load and a store. Calling an instance that was
//! never linked nor shared ([`enter_group`] finds that nothing else refers
//! to its group and domain, so no other thread can reach them) needs no
//! atomic read-modify-write at all: plain stores mark the owner.

use crate::group::Group;
use std::sync::atomic::{AtomicU32, AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, OnceLock, PoisonError};

/// Set in [`Domain::word`] while some thread sleeps waiting for the domain.
const WAITING: usize = 1;

/// What the panic says when waiting for a domain would deadlock.
pub(crate) const DEADLOCK_MESSAGE: &str = "wasmlite: waiting for instances another thread is \
    running would deadlock: that thread is waiting for instances this thread is running \
    (linked instances on two threads called into each other's link domain)";

/// A set of instances, memories, tables and globals that one thread at a
/// time may use.
pub(crate) struct Domain {
    /// 0 when free, else the owning thread's [`token`], with [`WAITING`]
    /// set while another thread sleeps until it is free.
    word: AtomicUsize,
    /// How many times the owner entered without leaving; only the owner
    /// touches it.
    depth: AtomicUsize,
    /// Union-by-rank rank; only a thread owning the domain changes it.
    rank: AtomicU32,
    /// The domain this one was merged into; set once, while owned.
    forward: OnceLock<Arc<Domain>>,
    /// How many views of the domain's memories are alive
    /// (`memory_view.rs`); only the owner touches it. Wasm code of the
    /// domain runs only while it is 0.
    views: AtomicUsize,
}

/// Proof that the current thread is in a domain; leaves it when dropped.
#[must_use = "the domain is left when the guard is dropped"]
pub(crate) struct DomainGuard<'a> {
    domain: &'a Domain,
    /// The group entered through [`enter_group`], if so.
    group: Option<&'a Arc<Group>>,
}

thread_local! {
    /// Its address identifies the thread (const-initialized, no destructor:
    /// a plain TLS access). Aligned, so [`WAITING`] never collides with it.
    static TOKEN: usize = const { 0 };
}

/// The current thread's identity: unique among live threads, never 0.
fn token() -> usize {
    TOKEN.with(|t| t as *const usize as usize)
}

/// Threads sleeping until a domain is free: `(token, domain address)`.
/// Each domain address stays valid while its thread sleeps (it holds a
/// reference).
static WAITERS: Mutex<Vec<(usize, usize)>> = Mutex::new(Vec::new());
/// Signalled when a domain with [`WAITING`] set becomes free.
static WAKE: Condvar = Condvar::new();

fn lock_waiters() -> MutexGuard<'static, Vec<(usize, usize)>> {
    // Every critical section leaves the list consistent.
    WAITERS.lock().unwrap_or_else(PoisonError::into_inner)
}

impl Domain {
    /// A new domain, free.
    pub(crate) fn new() -> Arc<Domain> {
        Arc::new(Domain {
            word: AtomicUsize::new(0),
            depth: AtomicUsize::new(0),
            rank: AtomicU32::new(0),
            forward: OnceLock::new(),
            views: AtomicUsize::new(0),
        })
    }

    /// The domain this one currently forwards to (itself if never merged).
    fn root(&self) -> &Domain {
        let mut domain = self;
        while let Some(next) = domain.forward.get() {
            domain = next;
        }
        domain
    }

    /// The root, as an `Arc`.
    fn root_arc(self: &Arc<Domain>) -> Arc<Domain> {
        let mut domain = self;
        while let Some(next) = domain.forward.get() {
            domain = next;
        }
        domain.clone()
    }

    /// Enters the domain, waiting while another thread is in it.
    ///
    /// # Panics
    /// With [`DEADLOCK_MESSAGE`] if waiting would deadlock (see the module
    /// docs).
    #[inline]
    pub(crate) fn enter(&self) -> DomainGuard<'_> {
        let me = token();
        match self.try_enter_as(me) {
            Some(guard) => guard,
            None => self.enter_after_waiting(me),
        }
    }

    #[cold]
    #[inline(never)]
    fn enter_after_waiting(&self, me: usize) -> DomainGuard<'_> {
        loop {
            if self.root().wait(me).is_err() {
                panic!("{DEADLOCK_MESSAGE}");
            }
            if let Some(guard) = self.try_enter_as(me) {
                return guard;
            }
        }
    }

    /// Enters the domain if no other thread is in it.
    pub(crate) fn try_enter(&self) -> Option<DomainGuard<'_>> {
        self.try_enter_as(token())
    }

    #[inline]
    fn try_enter_as(&self, me: usize) -> Option<DomainGuard<'_>> {
        loop {
            let root = self.root();
            let word = root.word.load(Ordering::Relaxed);
            if word & !WAITING == me {
                // Only this thread stores its token, and a domain it owns
                // cannot be merged away by another thread.
                root.depth
                    .store(root.depth.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
                return Some(DomainGuard::new(self));
            }
            if word != 0 {
                return None;
            }
            if root
                .word
                .compare_exchange(0, me, Ordering::Acquire, Ordering::Relaxed)
                .is_err()
            {
                continue;
            }
            if root.forward.get().is_none() {
                root.depth.store(1, Ordering::Relaxed);
                return Some(DomainGuard::new(self));
            }
            // Merged into another domain just before: enter that one.
            root.release();
        }
    }

    /// Marks the domain free and wakes the threads waiting for it.
    #[inline]
    fn release(&self) {
        if self.word.swap(0, Ordering::Release) & WAITING != 0 {
            wake_waiters();
        }
    }

    /// Sleeps until this root is free or forwarded, unless sleeping would
    /// deadlock.
    fn wait(&self, me: usize) -> Result<(), WouldDeadlock> {
        let mut waiters = lock_waiters();
        waiters.push((me, self as *const Domain as usize));
        let result = loop {
            let word = self.word.load(Ordering::Acquire);
            if word == 0 || self.forward.get().is_some() {
                break Ok(());
            }
            if word & WAITING == 0
                && self
                    .word
                    .compare_exchange(word, word | WAITING, Ordering::Relaxed, Ordering::Relaxed)
                    .is_err()
            {
                continue;
            }
            if would_deadlock(&waiters, me, self) {
                break Err(WouldDeadlock);
            }
            waiters = WAKE.wait(waiters).unwrap_or_else(PoisonError::into_inner);
        };
        waiters.retain(|&(token, _)| token != me);
        result
    }

    /// Makes `a` and `b` one domain. Enters both first (waiting like
    /// [`Domain::enter`], but never while holding one of them, so merging
    /// from plain host code cannot deadlock).
    pub(crate) fn merge(a: &Arc<Domain>, b: &Arc<Domain>) {
        if Arc::ptr_eq(&a.root_arc(), &b.root_arc()) {
            return;
        }
        let (_a, _b) = enter_both(a, b);
        let (ra, rb) = (a.root_arc(), b.root_arc());
        if Arc::ptr_eq(&ra, &rb) {
            return;
        }
        let (rank_a, rank_b) = (
            ra.rank.load(Ordering::Relaxed),
            rb.rank.load(Ordering::Relaxed),
        );
        let (into, from) = if rank_a >= rank_b { (ra, rb) } else { (rb, ra) };
        if rank_a == rank_b {
            into.rank.store(rank_a + 1, Ordering::Relaxed);
        }
        // This thread owns both: `into` takes over `from`'s entries, so the
        // guards of `from` leave `into` (they follow the forward).
        let depth = from.depth.swap(0, Ordering::Relaxed);
        into.depth.fetch_add(depth, Ordering::Relaxed);
        let views = from.views.swap(0, Ordering::Relaxed);
        into.views.fetch_add(views, Ordering::Relaxed);
        if from.forward.set(into).is_err() {
            unreachable!("only roots are merged, and a root does not forward");
        }
        from.release();
    }

    /// Whether the current thread is in this domain.
    pub(crate) fn is_entered(&self) -> bool {
        self.root().word.load(Ordering::Relaxed) & !WAITING == token()
    }

    /// Counts a new view of one of the domain's memories. The current
    /// thread must be in the domain (the view holds a guard).
    pub(crate) fn add_view(&self) {
        let root = self.root();
        debug_assert!(root.is_entered());
        root.views
            .store(root.views.load(Ordering::Relaxed) + 1, Ordering::Relaxed);
    }

    /// Counts a view dropped; the current thread must be in the domain.
    pub(crate) fn remove_view(&self) {
        let root = self.root();
        debug_assert!(root.is_entered());
        root.views
            .store(root.views.load(Ordering::Relaxed) - 1, Ordering::Relaxed);
    }

    /// Whether a view of one of the domain's memories is alive (then no
    /// wasm code of the domain may run: it could write the viewed bytes).
    /// Meaningful for the thread in the domain.
    pub(crate) fn has_views(&self) -> bool {
        self.root().views.load(Ordering::Relaxed) != 0
    }
}

/// Enters the domain of `group`, on behalf of a holder of `group` (an
/// instance), like [`Domain::enter`] but cheaper when the group is unshared.
///
/// # Panics
/// Like [`Domain::enter`].
#[inline]
pub(crate) fn enter_group(group: &Arc<Group>) -> DomainGuard<'_> {
    let domain = &**group.domain();
    if unshared(group) && domain.word.load(Ordering::Acquire) == 0 {
        // No other thread can reach the domain (see `unshared`), so nobody
        // else reads or writes its word meanwhile.
        domain.word.store(token(), Ordering::Relaxed);
        domain.depth.store(1, Ordering::Relaxed);
        return DomainGuard {
            domain,
            group: Some(group),
        };
    }
    let mut guard = domain.enter();
    guard.group = Some(group);
    guard
}

/// Whether the caller's `group` is the only reference to the group, and the
/// group the only one to its domain, which was never merged. Then nothing
/// another thread holds (an instance, a handle, a linked group) reaches the
/// domain, and no new reference can appear except by cloning the caller's:
/// no other thread can be in the domain, waiting for it, or about to enter it.
fn unshared(group: &Arc<Group>) -> bool {
    let domain = group.domain();
    Arc::strong_count(group) == 1
        && Arc::strong_count(domain) == 1
        && domain.forward.get().is_none()
}

/// Enters `a` and `b`. Holding one while waiting for the other could
/// deadlock with a thread doing the opposite, so on finding the second busy
/// it leaves the first and waits for the second alone, then starts over.
fn enter_both<'a>(a: &'a Domain, b: &'a Domain) -> (DomainGuard<'a>, DomainGuard<'a>) {
    loop {
        let first = a.enter();
        if let Some(second) = b.try_enter() {
            return (first, second);
        }
        drop(first);
        drop(b.enter());
    }
}

/// Wakes every thread waiting for a domain (they check which is free).
#[cold]
#[inline(never)]
fn wake_waiters() {
    // Taking the lock orders this wake-up after the waiters' checks.
    let _waiters = lock_waiters();
    WAKE.notify_all();
}

/// Waiting would close a cycle of threads waiting for each other.
#[derive(Debug)]
struct WouldDeadlock;

/// Whether thread `me` waiting for `wanted` closes a cycle: following
/// "owner of the domain → the domain that owner waits for" leads back to
/// `me`. Called with the waiter list locked, so the threads in it stay
/// asleep (and their domains alive) meanwhile.
fn would_deadlock(waiters: &[(usize, usize)], me: usize, wanted: &Domain) -> bool {
    let mut domain = wanted;
    for _ in 0..waiters.len() {
        let owner = domain.root().word.load(Ordering::Acquire) & !WAITING;
        if owner == me {
            return true;
        }
        match waiters.iter().find(|&&(token, _)| token == owner) {
            // SAFETY: a sleeping waiter keeps the domain it waits for alive.
            Some(&(_, next)) => domain = unsafe { &*(next as *const Domain) },
            None => return false,
        }
    }
    false
}

impl<'a> DomainGuard<'a> {
    fn new(domain: &'a Domain) -> Self {
        DomainGuard {
            domain,
            group: None,
        }
    }

    /// The domain entered.
    pub(crate) fn domain(&self) -> &'a Domain {
        self.domain
    }
}

impl Drop for DomainGuard<'_> {
    #[inline]
    fn drop(&mut self) {
        let root = self.domain.root();
        debug_assert!(
            root.is_entered(),
            "a guard leaves a domain its thread is in"
        );
        let depth = root.depth.load(Ordering::Relaxed) - 1;
        root.depth.store(depth, Ordering::Relaxed);
        if depth > 0 {
            return;
        }
        if self.group.is_some_and(unshared) {
            // No other thread can be waiting: it would hold a reference.
            root.word.store(0, Ordering::Release);
        } else {
            root.release();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    #[test]
    fn entering_is_reentrant_and_exclusive() {
        let domain = Domain::new();
        let outer = domain.enter();
        let inner = domain.enter();
        assert!(domain.is_entered());
        let other = domain.clone();
        let busy = std::thread::spawn(move || other.try_enter().is_none());
        assert!(busy.join().unwrap(), "another thread finds it busy");
        drop(inner);
        assert!(domain.is_entered(), "still entered once");
        drop(outer);
        assert!(!domain.is_entered());
        let other = domain.clone();
        let free = std::thread::spawn(move || other.try_enter().is_some());
        assert!(free.join().unwrap());
    }

    #[test]
    fn a_busy_domain_makes_other_threads_wait() {
        let domain = Domain::new();
        let guard = domain.enter();
        let (send, receive) = mpsc::channel();
        let other = domain.clone();
        let waiter = std::thread::spawn(move || {
            let _guard = other.enter();
            send.send(()).unwrap();
        });
        assert!(receive.recv_timeout(Duration::from_millis(100)).is_err());
        drop(guard);
        receive.recv_timeout(Duration::from_secs(10)).unwrap();
        waiter.join().unwrap();
    }

    #[test]
    fn merged_domains_share_owner_and_depth() {
        let (a, b, c) = (Domain::new(), Domain::new(), Domain::new());
        let in_a = a.enter();
        Domain::merge(&a, &b);
        Domain::merge(&c, &b);
        assert!(Arc::ptr_eq(&a.root_arc(), &c.root_arc()));
        assert!(
            b.is_entered() && c.is_entered(),
            "entering a entered its merged domain"
        );
        let other = c.clone();
        assert!(std::thread::spawn(move || other.try_enter().is_none())
            .join()
            .unwrap());
        drop(in_a);
        assert!(!c.is_entered());
        let other = b.clone();
        assert!(std::thread::spawn(move || other.try_enter().is_some())
            .join()
            .unwrap());
    }

    #[test]
    fn merging_waits_for_a_busy_domain() {
        let (a, b) = (Domain::new(), Domain::new());
        let in_b = b.enter();
        let (a2, b2) = (a.clone(), b.clone());
        let merger = std::thread::spawn(move || Domain::merge(&a2, &b2));
        std::thread::sleep(Duration::from_millis(50));
        assert!(!merger.is_finished(), "the merge waits for b");
        assert!(a.try_enter().is_some(), "and holds no domain while waiting");
        drop(in_b);
        merger.join().unwrap();
        assert!(Arc::ptr_eq(&a.root_arc(), &b.root_arc()));
    }

    #[test]
    fn threads_entering_and_merging_at_random_never_overlap() {
        use std::sync::atomic::AtomicU64;
        const DOMAINS: usize = 8;
        const THREADS: u64 = 4;
        const OPS: u64 = 20_000;
        let domains: Arc<Vec<Arc<Domain>>> =
            Arc::new((0..DOMAINS).map(|_| Domain::new()).collect());
        // One counter per domain, incremented by a load and a separate
        // store: increments are lost if two threads are ever inside one
        // (merged) domain at once.
        let counters: Arc<Vec<AtomicU64>> =
            Arc::new((0..DOMAINS).map(|_| AtomicU64::new(0)).collect());
        let workers: Vec<_> = (0..THREADS)
            .map(|t| {
                let (domains, counters) = (domains.clone(), counters.clone());
                std::thread::spawn(move || {
                    let mut state = 0x9e37_79b9_7f4a_7c15u64 ^ t;
                    let mut next = move || {
                        state ^= state << 13;
                        state ^= state >> 7;
                        state ^= state << 17;
                        (state % DOMAINS as u64) as usize
                    };
                    for op in 0..OPS {
                        let d = next();
                        if op % 500 == 0 {
                            Domain::merge(&domains[d], &domains[next()]);
                        }
                        let _in = domains[d].enter();
                        let value = counters[d].load(Ordering::Relaxed);
                        std::hint::spin_loop();
                        counters[d].store(value + 1, Ordering::Relaxed);
                    }
                })
            })
            .collect();
        for worker in workers {
            worker.join().unwrap();
        }
        let total: u64 = counters.iter().map(|c| c.load(Ordering::Relaxed)).sum();
        assert_eq!(total, THREADS * OPS);
    }

    #[test]
    fn waiting_that_would_deadlock_panics_instead() {
        let (a, b) = (Domain::new(), Domain::new());
        let (entered_b, b_entered) = mpsc::channel();
        let (a2, b2) = (a.clone(), b.clone());
        let in_a = a.enter();
        let other = std::thread::spawn(move || {
            let _in_b = b2.enter();
            entered_b.send(()).unwrap();
            // Waits for a, which the test thread holds.
            let _in_a = a2.enter();
        });
        b_entered.recv().unwrap();
        // Wait until the other thread sleeps on `a`.
        while a.root().word.load(Ordering::Relaxed) & WAITING == 0 {
            std::thread::yield_now();
        }
        let panic = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            let _in_b = b.enter();
        }))
        .unwrap_err();
        assert_eq!(panic.downcast_ref::<String>().unwrap(), DEADLOCK_MESSAGE);
        drop(in_a);
        other.join().unwrap();
    }
}
