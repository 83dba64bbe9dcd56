//! [`AtomicUsize`]: std's `AtomicUsize`, where a gap between a `load` and the next
//! operation always lets another thread in.

use std::collections::HashMap;
use std::fmt;
use std::sync::atomic::{self, Ordering};
use std::sync::{self, Condvar};
use std::thread::{self, ThreadId};

use crate::{HANDOFF, lock, wait_while};

/// `std::sync::atomic::AtomicUsize` with the same methods, in a stress mode: after a
/// thread's `load`, that thread's next operation on this atomic waits until another thread
/// has done one in between (or for [`HANDOFF`], if none comes). So a `load` followed by a
/// `store` of what it read plus one always loses an update, and a count read by a `load`
/// before a `fetch_add` is always out of date, in every run, not once in a while.
///
/// Each operation is as atomic as std's, with the same orderings. `fetch_add`, `swap`,
/// `compare_exchange` and `fetch_update` are one operation each: only a separate `load`
/// before them leaves a gap.
pub struct AtomicUsize {
    value: atomic::AtomicUsize,
    turns: sync::Mutex<Turns>,
    done: Condvar,
}

/// How many operations were done, and which threads did a `load` last.
#[derive(Default)]
struct Turns {
    operations: u64,
    /// How many times a thread waited for another's operation.
    handoffs: u64,
    /// For each thread whose last operation was a `load`: `operations` after that load.
    loaded_at: HashMap<ThreadId, u64>,
}

impl AtomicUsize {
    /// A new atomic holding `value`.
    pub fn new(value: usize) -> Self {
        Self {
            value: atomic::AtomicUsize::new(value),
            turns: sync::Mutex::default(),
            done: Condvar::new(),
        }
    }

    /// Runs `operation` on the value as this thread's next operation, first waiting for
    /// another thread's if this thread's last one was a `load`.
    fn next<R>(&self, is_load: bool, operation: impl FnOnce(&atomic::AtomicUsize) -> R) -> R {
        let me = thread::current().id();
        let mut turns = lock(&self.turns);
        if let Some(loaded_at) = turns.loaded_at.remove(&me) {
            turns.handoffs += 1;
            let nobody_else = |turns: &mut Turns| turns.operations == loaded_at;
            turns = wait_while(&self.done, turns, HANDOFF, nobody_else);
        }
        // Done under `turns`, so that the operations are counted in the order they happen.
        let result = operation(&self.value);
        turns.operations += 1;
        if is_load {
            let operations = turns.operations;
            turns.loaded_at.insert(me, operations);
        }
        self.done.notify_all();
        result
    }

    /// std's `load`. The thread's next operation on this atomic waits for another thread's.
    pub fn load(&self, order: Ordering) -> usize {
        self.next(true, |value| value.load(order))
    }

    /// std's `store`.
    pub fn store(&self, new: usize, order: Ordering) {
        self.next(false, |value| value.store(new, order));
    }

    /// std's `swap`.
    pub fn swap(&self, new: usize, order: Ordering) -> usize {
        self.next(false, |value| value.swap(new, order))
    }

    /// std's `fetch_add`: adds and returns the value it found, in one step.
    pub fn fetch_add(&self, add: usize, order: Ordering) -> usize {
        self.next(false, |value| value.fetch_add(add, order))
    }

    /// std's `fetch_sub`.
    pub fn fetch_sub(&self, sub: usize, order: Ordering) -> usize {
        self.next(false, |value| value.fetch_sub(sub, order))
    }

    /// std's `compare_exchange`.
    ///
    /// # Errors
    /// As std's: the value found, if it was not `current`.
    pub fn compare_exchange(
        &self,
        current: usize,
        new: usize,
        success: Ordering,
        failure: Ordering,
    ) -> Result<usize, usize> {
        self.next(false, |value| {
            value.compare_exchange(current, new, success, failure)
        })
    }

    /// std's `compare_exchange_weak` (it never fails spuriously here).
    ///
    /// # Errors
    /// As std's: the value found, if it was not `current`.
    pub fn compare_exchange_weak(
        &self,
        current: usize,
        new: usize,
        success: Ordering,
        failure: Ordering,
    ) -> Result<usize, usize> {
        self.compare_exchange(current, new, success, failure)
    }

    /// std's `fetch_update`, as one operation.
    ///
    /// # Errors
    /// As std's: the value found, if `f` returned `None`.
    pub fn fetch_update(
        &self,
        set_order: Ordering,
        fetch_order: Ordering,
        f: impl FnMut(usize) -> Option<usize>,
    ) -> Result<usize, usize> {
        self.next(false, |value| value.fetch_update(set_order, fetch_order, f))
    }

    /// The value, once no other thread can reach it: std's `into_inner`.
    pub fn into_inner(self) -> usize {
        self.value.into_inner()
    }

    /// The value, through the exclusive reference: std's `get_mut`.
    pub fn get_mut(&mut self) -> &mut usize {
        self.value.get_mut()
    }
}

impl Default for AtomicUsize {
    fn default() -> Self {
        Self::new(0)
    }
}

impl fmt::Debug for AtomicUsize {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.value.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::Ordering::Relaxed;

    /// 50 threads, each with the increment that `increment` makes of `count`; the count,
    /// and how many times a thread waited for another's operation.
    fn count_with(increment: impl Fn(&AtomicUsize) + Sync) -> (usize, u64) {
        let count = AtomicUsize::new(0);
        thread::scope(|scope| {
            for _ in 0..50 {
                scope.spawn(|| increment(&count));
            }
        });
        let handoffs = lock(&count.turns).handoffs;
        (count.into_inner(), handoffs)
    }

    #[test]
    fn a_load_then_a_store_loses_updates_in_every_run() {
        for _ in 0..3 {
            let (count, _) = count_with(|count| count.store(count.load(Relaxed) + 1, Relaxed));
            assert!(count < 50);
        }
    }

    #[test]
    fn fetch_add_loses_nothing_and_never_waits() {
        assert_eq!(count_with(|count| _ = count.fetch_add(1, Relaxed)), (50, 0));
    }

    #[test]
    fn a_compare_exchange_loop_loses_nothing() {
        let increment = |count: &AtomicUsize| {
            let mut current = count.load(Relaxed);
            while let Err(found) = count.compare_exchange(current, current + 1, Relaxed, Relaxed) {
                current = found;
            }
        };
        assert_eq!(count_with(increment).0, 50);
    }
}
