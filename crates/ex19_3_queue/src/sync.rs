//! What [`TaskQueue`](crate::TaskQueue) is built from: crossbeam's channel and
//! parking_lot's `Mutex` and `Condvar`.
//!
//! When this crate's own unit tests are built with `RUSTFLAGS="--cfg loom"`,
//! loom stands in for them: loom can only see its own primitives, and it cannot
//! look inside crossbeam's lock-free channel, so the channel is replaced by a
//! small model with the same blocking behaviour, a `VecDeque` behind a mutex
//! with two condition variables (what CPython's `queue.Queue` itself is).
//! `cfg(loom)` alone changes nothing: only the lib's tests see loom.

#[cfg(not(all(test, loom)))]
pub(crate) use crossbeam_channel::{Receiver, Sender, bounded, unbounded};
#[cfg(not(all(test, loom)))]
pub(crate) use parking_lot::{Condvar, Mutex};

#[cfg(all(test, loom))]
pub(crate) use loom_model::{Condvar, Mutex, Receiver, Sender, bounded, unbounded};

#[cfg(all(test, loom))]
mod loom_model {
    use std::collections::VecDeque;
    use std::ops::{Deref, DerefMut};
    use std::sync::PoisonError;

    use crossbeam_channel::{RecvError, SendError, TrySendError};
    use loom::sync::Arc;

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

    /// loom's condition variable with parking_lot's `wait_while`.
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

        pub(crate) fn notify_one(&self) {
            self.0.notify_one();
        }

        pub(crate) fn notify_all(&self) {
            self.0.notify_all();
        }
    }

    /// The shared state of a modelled channel: the items, and who waits for what.
    struct Channel<T> {
        items: Mutex<VecDeque<T>>,
        capacity: Option<usize>,
        not_empty: Condvar,
        not_full: Condvar,
    }

    /// The sending half, with the methods of crossbeam's that `TaskQueue` uses.
    pub(crate) struct Sender<T>(Arc<Channel<T>>);

    /// The receiving half, with the methods of crossbeam's that `TaskQueue` uses.
    pub(crate) struct Receiver<T>(Arc<Channel<T>>);

    pub(crate) fn bounded<T>(capacity: usize) -> (Sender<T>, Receiver<T>) {
        channel(Some(capacity))
    }

    pub(crate) fn unbounded<T>() -> (Sender<T>, Receiver<T>) {
        channel(None)
    }

    fn channel<T>(capacity: Option<usize>) -> (Sender<T>, Receiver<T>) {
        let channel = Arc::new(Channel {
            items: Mutex::new(VecDeque::new()),
            capacity,
            not_empty: Condvar::new(),
            not_full: Condvar::new(),
        });
        (Sender(Arc::clone(&channel)), Receiver(channel))
    }

    impl<T> Sender<T> {
        /// Never fails: `TaskQueue` holds both halves for as long as it lives.
        pub(crate) fn send(&self, item: T) -> Result<(), SendError<T>> {
            let channel = &*self.0;
            let mut items = channel.items.lock();
            channel
                .not_full
                .wait_while(&mut items, |items| Some(items.len()) == channel.capacity);
            items.push_back(item);
            channel.not_empty.notify_one();
            Ok(())
        }

        /// Sends only if there is room at once.
        pub(crate) fn try_send(&self, item: T) -> Result<(), TrySendError<T>> {
            let channel = &*self.0;
            let mut items = channel.items.lock();
            if Some(items.len()) == channel.capacity {
                return Err(TrySendError::Full(item));
            }
            items.push_back(item);
            channel.not_empty.notify_one();
            Ok(())
        }

        pub(crate) fn capacity(&self) -> Option<usize> {
            self.0.capacity
        }
    }

    impl<T> Receiver<T> {
        /// Never fails: `TaskQueue` holds both halves for as long as it lives.
        pub(crate) fn recv(&self) -> Result<T, RecvError> {
            let channel = &*self.0;
            let mut items = channel.items.lock();
            channel
                .not_empty
                .wait_while(&mut items, |items| items.is_empty());
            let item = items.pop_front().expect("waited until not empty");
            channel.not_full.notify_one();
            Ok(item)
        }

        pub(crate) fn len(&self) -> usize {
            self.0.items.lock().len()
        }

        pub(crate) fn is_empty(&self) -> bool {
            self.0.items.lock().is_empty()
        }
    }
}
