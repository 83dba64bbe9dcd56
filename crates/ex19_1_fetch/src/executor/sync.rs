//! What the executor is built from: std's `Arc`, atomics and threads, and
//! parking_lot's `Mutex` and `Condvar`.
//!
//! When this crate's own unit tests are built with `RUSTFLAGS="--cfg loom"`,
//! loom's stand in for them, so that the models in `loom_models.rs` run the
//! executor's own code under every interleaving of its threads. That is also
//! why the executor has no channel inside: loom cannot look into crossbeam's
//! lock-free one, so the queues are a `VecDeque` behind a mutex with a
//! condition variable (see `queue.rs`), and loom sees every step of them.
//! `cfg(loom)` alone changes nothing: only the lib's tests see loom.

#[cfg(not(all(test, loom)))]
pub(super) use parking_lot::{Condvar, Mutex, MutexGuard};
#[cfg(not(all(test, loom)))]
pub(super) use std::sync::Arc;
#[cfg(not(all(test, loom)))]
pub(super) use std::sync::atomic::AtomicUsize;
#[cfg(not(all(test, loom)))]
pub(super) use std::thread;

#[cfg(all(test, loom))]
pub(super) use loom::sync::Arc;
#[cfg(all(test, loom))]
pub(super) use loom::sync::atomic::AtomicUsize;
#[cfg(all(test, loom))]
pub(super) use loom::thread;
#[cfg(all(test, loom))]
pub(super) use loom_model::{Condvar, Mutex, MutexGuard};

#[cfg(all(test, loom))]
mod loom_model {
    use std::ops::{Deref, DerefMut};
    use std::sync::PoisonError;
    use std::time::Instant;

    /// loom's mutex with parking_lot's `lock()`, which returns the guard itself.
    pub(crate) struct Mutex<T>(loom::sync::Mutex<T>);

    /// Access to the value while the lock is held; dropping it unlocks.
    ///
    /// The `Option` lets [`Condvar::wait_while`] hand the guard to loom's
    /// `wait`, which takes it by value, behind parking_lot's `&mut` signature.
    pub(crate) struct MutexGuard<'a, T>(Option<loom::sync::MutexGuard<'a, T>>);

    impl<T> Mutex<T> {
        pub(crate) fn new(value: T) -> Self {
            Self(loom::sync::Mutex::new(value))
        }

        /// Waits for the lock; parking_lot has no poisoning, so neither has this.
        pub(crate) fn lock(&self) -> MutexGuard<'_, T> {
            MutexGuard(Some(self.0.lock().unwrap_or_else(PoisonError::into_inner)))
        }
    }

    impl<T> Deref for MutexGuard<'_, T> {
        type Target = T;
        fn deref(&self) -> &T {
            self.0
                .as_ref()
                .expect("only wait_while takes the guard out, and puts it back")
        }
    }

    impl<T> DerefMut for MutexGuard<'_, T> {
        fn deref_mut(&mut self) -> &mut T {
            self.0
                .as_mut()
                .expect("only wait_while takes the guard out, and puts it back")
        }
    }

    /// loom's condition variable with parking_lot's `wait_while` and `wait_while_until`.
    pub(crate) struct Condvar(loom::sync::Condvar);

    impl Condvar {
        pub(crate) fn new() -> Self {
            Self(loom::sync::Condvar::new())
        }

        pub(crate) fn wait_while<T>(
            &self,
            guard: &mut MutexGuard<'_, T>,
            mut condition: impl FnMut(&mut T) -> bool,
        ) {
            while condition(guard) {
                let inner = guard.0.take().expect("the guard is back after every wait");
                guard.0 = Some(self.0.wait(inner).unwrap_or_else(PoisonError::into_inner));
            }
        }

        /// loom has no clock, so this is the wait whose deadline has already
        /// passed: it returns at once. The models wait without deadlines.
        pub(crate) fn wait_while_until<T>(
            &self,
            _guard: &mut MutexGuard<'_, T>,
            _condition: impl FnMut(&mut T) -> bool,
            _deadline: Instant,
        ) {
        }

        pub(crate) fn notify_one(&self) {
            self.0.notify_one();
        }

        pub(crate) fn notify_all(&self) {
            self.0.notify_all();
        }
    }
}
