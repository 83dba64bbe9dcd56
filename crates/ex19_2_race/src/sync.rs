//! The synchronisation types of the counters in `main.rs`.
//!
//! Normally these are std's atomics and parking_lot's [`Mutex`], re-exported as
//! they are. Only when this crate's own unit tests are built with
//! `RUSTFLAGS="--cfg loom"` are they loom's instead, so that loom can run the
//! counters under every interleaving of their threads (see the crate docs).

#[cfg(not(all(test, loom)))]
pub use parking_lot::Mutex;
#[cfg(not(all(test, loom)))]
pub use std::sync::atomic::{AtomicUsize, Ordering};

#[cfg(all(test, loom))]
pub use loom::sync::atomic::{AtomicUsize, Ordering};
#[cfg(all(test, loom))]
pub use loom_mutex::Mutex;

#[cfg(all(test, loom))]
mod loom_mutex {
    use std::fmt;
    use std::ops::{Deref, DerefMut};
    use std::sync::PoisonError;

    /// loom's mutex with parking_lot's `lock()`, which returns the guard itself.
    pub struct Mutex<T>(loom::sync::Mutex<T>);

    impl<T> Mutex<T> {
        /// A mutex that owns `value`.
        pub fn new(value: T) -> Self {
            Self(loom::sync::Mutex::new(value))
        }

        /// Waits for the lock; parking_lot has no poisoning, so neither has this.
        pub fn lock(&self) -> MutexGuard<'_, T> {
            MutexGuard(self.0.lock().unwrap_or_else(PoisonError::into_inner))
        }
    }

    /// Access to the value while the lock is held; dropping it unlocks.
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

    impl<T: fmt::Display> fmt::Display for MutexGuard<'_, T> {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            (**self).fmt(f)
        }
    }
}
