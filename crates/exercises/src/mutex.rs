//! [`Mutex`]: std's `Mutex`, where a gap between two locked sections always lets another
//! thread in.

use std::collections::HashMap;
use std::fmt;
use std::ops::{Deref, DerefMut};
use std::sync::{self, Condvar, LockResult, PoisonError};
use std::thread::{self, ThreadId};

use crate::{HANDOFF, lock, wait_while};

/// What a thread that locks a `Mutex` it already holds is told, instead of waiting forever.
const TAKEN_TWICE: &str = "the lock taken twice: this thread asked for the lock while it \
    still held it, through a guard that is still alive. std's Mutex would wait here forever \
    for a lock that only this thread can release. Take one guard, and read and write \
    through it.";

/// `std::sync::Mutex` with the same methods, in a stress mode: a thread that takes the lock
/// again after releasing it waits until another thread has taken it in between (or for
/// [`HANDOFF`], if none comes). So a lock released between a read and a write always lets
/// another thread read the same old value, and an update is lost in every run, not once
/// in a while.
///
/// A thread that locks it while it still holds it panics, naming the mistake, where std's
/// `Mutex` would wait for itself forever.
pub struct Mutex<T> {
    data: sync::Mutex<T>,
    turns: sync::Mutex<Turns>,
    taken: Condvar,
}

/// Who holds the lock, and who released it when.
#[derive(Default)]
struct Turns {
    holder: Option<ThreadId>,
    /// How many times the lock has been taken so far.
    times_taken: u64,
    /// How many times a thread waited for another to take the lock first.
    handoffs: u64,
    /// Whether a thread took the lock twice: its panic is the only one that says why, and
    /// the lock is not poisoned by it (std's `Mutex` would not have panicked at all).
    taken_twice: bool,
    /// For each thread that released the lock and has not taken it again: `times_taken`
    /// when it released it.
    released_at: HashMap<ThreadId, u64>,
}

impl<T> Mutex<T> {
    /// A mutex that owns `value`, unlocked.
    pub fn new(value: T) -> Self {
        Self {
            data: sync::Mutex::new(value),
            turns: sync::Mutex::default(),
            taken: Condvar::new(),
        }
    }

    /// Waits for the lock, as std's `lock` does. A thread that released this lock last
    /// waits until another thread has taken it in between, or for [`HANDOFF`].
    ///
    /// # Errors
    /// As std's: the lock is poisoned if a thread panicked while holding it.
    ///
    /// # Panics
    /// If this thread holds the lock already: std's `Mutex` would deadlock.
    pub fn lock(&self) -> LockResult<MutexGuard<'_, T>> {
        let me = thread::current().id();
        let mut turns = lock(&self.turns);
        if turns.holder == Some(me) {
            let told = std::mem::replace(&mut turns.taken_twice, true);
            drop(turns);
            if told {
                panic!("the lock taken twice, in this thread too");
            }
            panic!("{TAKEN_TWICE}");
        }
        if let Some(&released_at) = turns.released_at.get(&me) {
            turns.handoffs += 1;
            let nobody_took_it = |turns: &mut Turns| turns.times_taken == released_at;
            turns = wait_while(&self.taken, turns, HANDOFF, nobody_took_it);
        }
        drop(turns);
        let (data, mut poisoned) = match self.data.lock() {
            Ok(data) => (data, false),
            Err(poisoned) => (poisoned.into_inner(), true),
        };
        let mut turns = lock(&self.turns);
        if poisoned && turns.taken_twice {
            self.data.clear_poison();
            poisoned = false;
        }
        turns.holder = Some(me);
        turns.times_taken += 1;
        turns.released_at.remove(&me);
        self.taken.notify_all();
        drop(turns);
        let guard = MutexGuard { data, mutex: self };
        if poisoned {
            Err(PoisonError::new(guard))
        } else {
            Ok(guard)
        }
    }

    /// The value, once no thread can lock it any more: std's `into_inner`.
    ///
    /// # Errors
    /// As std's: if the lock is poisoned.
    pub fn into_inner(self) -> LockResult<T> {
        self.data.into_inner()
    }

    /// The value, through the exclusive reference: std's `get_mut`.
    ///
    /// # Errors
    /// As std's: if the lock is poisoned.
    pub fn get_mut(&mut self) -> LockResult<&mut T> {
        self.data.get_mut()
    }
}

impl<T: Default> Default for Mutex<T> {
    fn default() -> Self {
        Self::new(T::default())
    }
}

impl<T: fmt::Debug> fmt::Debug for Mutex<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.data.fmt(f)
    }
}

/// The lock, held while this lives, as std's `MutexGuard`: the value is reached through it.
pub struct MutexGuard<'a, T> {
    data: sync::MutexGuard<'a, T>,
    mutex: &'a Mutex<T>,
}

impl<T> Drop for MutexGuard<'_, T> {
    fn drop(&mut self) {
        let mut turns = lock(&self.mutex.turns);
        turns.holder = None;
        let released_at = turns.times_taken;
        let me = thread::current().id();
        turns.released_at.insert(me, released_at);
        // `data` is dropped next, and that unlocks.
    }
}

impl<T> Deref for MutexGuard<'_, T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.data
    }
}

impl<T> DerefMut for MutexGuard<'_, T> {
    fn deref_mut(&mut self) -> &mut T {
        &mut self.data
    }
}

impl<T: fmt::Debug> fmt::Debug for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

impl<T: fmt::Display> fmt::Display for MutexGuard<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::{Duration, Instant};

    /// 50 threads that each read, unlock, lock again and write: the gap the stress mode
    /// is for.
    fn count_with_two_locks() -> usize {
        let count = Mutex::new(0);
        thread::scope(|scope| {
            for _ in 0..50 {
                scope.spawn(|| {
                    let current = *count.lock().unwrap();
                    *count.lock().unwrap() = current + 1;
                });
            }
        });
        count.into_inner().unwrap()
    }

    #[test]
    fn a_gap_between_two_locks_loses_updates_in_every_run() {
        for _ in 0..3 {
            assert!(count_with_two_locks() < 50);
        }
    }

    #[test]
    fn one_guard_for_the_read_and_the_write_loses_nothing_and_never_waits() {
        let count = Mutex::new(0);
        thread::scope(|scope| {
            for _ in 0..50 {
                scope.spawn(|| *count.lock().unwrap() += 1);
            }
        });
        assert_eq!(lock(&count.turns).handoffs, 0);
        assert_eq!(count.into_inner().unwrap(), 50);
    }

    #[test]
    fn a_lone_thread_taking_the_lock_again_waits_only_the_handoff() {
        let count = Mutex::new(0);
        *count.lock().unwrap() += 1;
        let start = Instant::now();
        *count.lock().unwrap() += 1;
        assert!(start.elapsed() >= HANDOFF);
        assert!(start.elapsed() < HANDOFF + Duration::from_secs(5));
    }

    #[test]
    fn taking_the_lock_twice_panics_naming_the_mistake() {
        let count = Mutex::new(0);
        let panicked = std::panic::catch_unwind(|| {
            let _first = count.lock().unwrap();
            let _second = count.lock();
        });
        let message = panicked.unwrap_err();
        let message = message.downcast_ref::<String>().unwrap();
        assert!(message.starts_with("the lock taken twice"), "{message}");
        let count = count
            .lock()
            .expect("not poisoned by a panic that std's would not have");
        assert_eq!(*count, 0, "the first guard unlocked when dropped");
    }
}
