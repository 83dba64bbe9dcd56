//! What the exercises use besides std and the lecture's three examples: the same
//! primitives, made so that a wrong answer fails its tests in every run, not now and then.
//!
//! A race hides: a thread that reads, lets go and writes again loses an update only if
//! another thread gets in between, and in a test that happens once in a while. Each type
//! here behaves exactly like the one it stands for, with one difference: at the moment a
//! wrong solution leaves a gap, it makes another thread go first. A right solution leaves
//! no gap, so it sees no difference.
//!
//! | here | stands for | what it does differently |
//! |---|---|---|
//! | [`Mutex`] | `std::sync::Mutex` | a thread that takes the lock again waits until another thread has had it; a thread that takes the lock it holds panics instead of waiting for itself forever |
//! | [`AtomicUsize`] | `std::sync::atomic::AtomicUsize` | after a thread's `load`, its next operation on the same atomic waits until another thread has done one |
//! | [`TaskQueue`] | `ex19_3_queue::TaskQueue` | the `task_done` that finishes the last task returns only once `join` has returned and its thread has used the queue again; `task_done` twice for one task panics |
//! | [`ThreadPoolExecutor`] | `ex19_1_fetch::executor::ThreadPoolExecutor` | inside [`record`], it notes when each pool is made and each task is submitted, started and finished, for the tests to read |
//!
//! The waits are short ([`HANDOFF`], [`HOLD`]): when no other thread comes, the waiting
//! thread goes on.

mod atomic;
mod mutex;
mod pool;
mod queue;

use std::sync::{self, Condvar, PoisonError};
use std::time::Duration;

pub use atomic::AtomicUsize;
pub use mutex::{Mutex, MutexGuard};
pub use pool::{Event, Log, ThreadPoolExecutor, record};
pub use queue::TaskQueue;

/// How long a [`Mutex`] or an [`AtomicUsize`] makes a thread wait for another one to go
/// first. It waits this long only when no other thread comes: with two threads or more at
/// work, the other thread arrives within microseconds.
pub const HANDOFF: Duration = Duration::from_millis(50);

/// How long the last `task_done` of a [`TaskQueue`] waits for `join` to return and its
/// thread to use the queue again, when nobody joins.
pub const HOLD: Duration = Duration::from_millis(500);

/// Locks `mutex`, ignoring poisoning: the bookkeeping stays valid when a student's thread
/// panics while it is held, and the panic is reported by the test anyway.
fn lock<T>(mutex: &sync::Mutex<T>) -> sync::MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(PoisonError::into_inner)
}

/// Waits on `condvar` while `condition` holds, for `limit` at most, ignoring poisoning.
fn wait_while<'a, T>(
    condvar: &Condvar,
    guard: sync::MutexGuard<'a, T>,
    limit: Duration,
    condition: impl FnMut(&mut T) -> bool,
) -> sync::MutexGuard<'a, T> {
    let waited = condvar.wait_timeout_while(guard, limit, condition);
    waited.map_or_else(|poisoned| poisoned.into_inner().0, |(guard, _)| guard)
}

/// The types here that stand for std's and have a stress mode. The exercises whose count
/// is yours to choose check with [`has_stress_mode`] that it is one of them: with std's
/// own, a wrong increment would pass its tests now and then.
#[diagnostic::on_unimplemented(
    message = "`{Self}` has no stress mode: the count must be a `Mutex` or an `AtomicUsize` \
               imported from lecture19_exercises, at the top of the file",
    label = "not one of the types imported at the top of the file",
    note = "they are std's types, made so that a read and a write with a gap between them \
            lose an update in every run of the tests, not once in a while"
)]
pub trait StressMode {}

impl<T> StressMode for Mutex<T> {}

impl StressMode for AtomicUsize {}

/// Compiles only if `_value` is of a type with a stress mode (see [`StressMode`]).
pub fn has_stress_mode<T: StressMode>(_value: &T) {}
