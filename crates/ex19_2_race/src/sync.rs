//! The synchronisation types of the counters in `main.rs`, which can record what the
//! threads do with them.
//!
//! [`AtomicUsize`] is std's atomic and [`Mutex`] is parking_lot's, each with just the
//! methods the counters call. A value made after [`trace::start`]
//! keeps a log of every read and write of it and of the thread that made it (`--trace`
//! turns this on). A value made before, as in every run without `--trace`, has no log:
//! each access then only finds that out, and records nothing.
//!
//! Only when this crate's own unit tests are built with `RUSTFLAGS="--cfg loom"` do the
//! atomic and the mutex inside come from loom instead, so that loom can run the counters
//! under every interleaving of their threads (see the crate docs).

use std::fmt;
use std::ops::{Deref, DerefMut};

use crate::trace::{self, Access, Log, Step};

#[cfg(not(all(test, loom)))]
pub use std::sync::atomic::Ordering;

#[cfg(all(test, loom))]
pub use loom::sync::atomic::Ordering;

/// An atomic count: Python's `self.count` in `UnsafeCounter`.
pub struct AtomicUsize {
    value: inner::AtomicUsize,
    log: Option<Log>,
}

impl AtomicUsize {
    /// A count that starts at `value`, with a log if recording is on.
    pub fn new(value: usize) -> Self {
        Self {
            value: inner::AtomicUsize::new(value),
            log: trace::new_log(),
        }
    }

    /// Reads the count.
    pub fn load(&self, order: Ordering) -> usize {
        let Some(log) = &self.log else {
            return self.value.load(order);
        };
        log.around(|| {
            let value = self.value.load(order);
            (value, Step::Read(value))
        })
    }

    /// Writes the count.
    pub fn store(&self, value: usize, order: Ordering) {
        let Some(log) = &self.log else {
            return self.value.store(value, order);
        };
        log.around(|| (self.value.store(value, order), Step::Write(value)));
    }

    /// Every read and write of the count, in the order they happened; `None` if it was
    /// made while recording was off.
    pub fn accesses(&self) -> Option<Vec<Access>> {
        self.log.as_ref().map(Log::accesses)
    }
}

/// A lock that owns a count: Python's `self.count` and `self._lock` in `SafeCounter`.
pub struct Mutex<T> {
    value: inner::Mutex<T>,
    log: Option<Log>,
}

impl Mutex<usize> {
    /// A lock around `value`, with a log if recording is on.
    pub fn new(value: usize) -> Self {
        Self {
            value: inner::Mutex::new(value),
            log: trace::new_log(),
        }
    }

    /// Waits for the lock. What the count holds then is logged as a read; if the count is
    /// changed through the guard, what it holds when the guard unlocks is logged as a write.
    pub fn lock(&self) -> MutexGuard<'_> {
        let guard = self.value.lock();
        // The lock is held, so no other thread can log a step of this count in between.
        if let Some(log) = &self.log {
            log.push(Step::Read(*guard));
        }
        MutexGuard {
            guard,
            log: self.log.as_ref(),
            wrote: false,
        }
    }

    /// The count, once no thread can lock it any more.
    pub fn into_inner(self) -> usize {
        self.value.into_inner()
    }

    /// Every read and write of the count, in the order they happened; `None` if it was
    /// made while recording was off.
    pub fn accesses(&self) -> Option<Vec<Access>> {
        self.log.as_ref().map(Log::accesses)
    }
}

/// Access to the count while the lock is held; dropping it unlocks.
pub struct MutexGuard<'a> {
    guard: inner::MutexGuard<'a, usize>,
    log: Option<&'a Log>,
    /// Whether the count was reached mutably, so that unlocking logs a write.
    wrote: bool,
}

impl Deref for MutexGuard<'_> {
    type Target = usize;
    fn deref(&self) -> &usize {
        &self.guard
    }
}

impl DerefMut for MutexGuard<'_> {
    fn deref_mut(&mut self) -> &mut usize {
        self.wrote = true;
        &mut self.guard
    }
}

impl Drop for MutexGuard<'_> {
    fn drop(&mut self) {
        // Runs before the fields drop, so the lock is still held while the write is logged.
        if let (Some(log), true) = (self.log, self.wrote) {
            log.push(Step::Write(*self.guard));
        }
    }
}

impl fmt::Display for MutexGuard<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        (**self).fmt(f)
    }
}

/// Which thread is running, as the log records it.
pub(crate) fn current_thread() -> inner::ThreadId {
    inner::current_thread()
}

pub(crate) use inner::ThreadId;

#[cfg(not(all(test, loom)))]
mod inner {
    pub use parking_lot::{Mutex, MutexGuard};
    pub use std::sync::atomic::AtomicUsize;
    pub use std::thread::ThreadId;

    pub fn current_thread() -> ThreadId {
        std::thread::current().id()
    }
}

#[cfg(all(test, loom))]
mod inner {
    use std::ops::{Deref, DerefMut};
    use std::sync::PoisonError;

    pub use loom::sync::atomic::AtomicUsize;
    pub use loom::thread::ThreadId;

    /// loom's threads all run on one OS thread: only loom tells them apart.
    pub fn current_thread() -> ThreadId {
        loom::thread::current().id()
    }

    /// loom's mutex with parking_lot's `lock()`, which returns the guard itself.
    pub struct Mutex<T>(loom::sync::Mutex<T>);

    impl<T> Mutex<T> {
        pub fn new(value: T) -> Self {
            Self(loom::sync::Mutex::new(value))
        }

        /// Waits for the lock; parking_lot has no poisoning, so neither has this.
        pub fn lock(&self) -> MutexGuard<'_, T> {
            MutexGuard(self.0.lock().unwrap_or_else(PoisonError::into_inner))
        }

        pub fn into_inner(self) -> T {
            self.0.into_inner().unwrap_or_else(PoisonError::into_inner)
        }
    }

    pub struct MutexGuard<'a, T>(loom::sync::MutexGuard<'a, T>);

    impl<T> Deref for MutexGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            &self.0
        }
    }

    impl<T> DerefMut for MutexGuard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            &mut self.0
        }
    }
}
