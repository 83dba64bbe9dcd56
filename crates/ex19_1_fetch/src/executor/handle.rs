//! [`TaskHandle`]: a submitted task's pending result, and the state it shares
//! with the job that runs the task.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use crossbeam_channel::{Sender, bounded};
use parking_lot::Mutex;

use super::TaskError;

/// Numbers tasks across all pools, so handles from different pools never compare equal.
static NEXT_TASK_ID: AtomicU64 = AtomicU64::new(0);

/// The pending result of a submitted task: Python's `concurrent.futures.Future`.
///
/// Named after [`std::thread::JoinHandle`], not "future", because it has
/// nothing to do with [`std::future::Future`]: it is not polled by an async
/// runtime, and [`result`](Self::result) simply blocks the calling thread.
///
/// Like a Python future, one task may have many handles: cloning shares the
/// task, and clones compare equal and hash alike (by task id), so a handle
/// can be a `HashMap` key, as in Python's `{executor.submit(fetch, url): url}`.
///
/// Clippy's `mutable_key_type` lint flags such a map, because the handle
/// reaches a `Mutex`. `Hash` and `Eq` read only the task id, which never
/// changes, so the lint is a false positive here: allow it where the map is
/// built, or list `ex19_1_fetch::executor::TaskHandle` under
/// `ignore-interior-mutability` in `clippy.toml`.
pub struct TaskHandle<T> {
    pub(super) state: Arc<TaskState<T>>,
}

/// What a task's handles and its job share.
pub(super) struct TaskState<T> {
    pub(super) id: u64,
    outcome: Mutex<Outcome<T>>,
}

enum Outcome<T> {
    /// Queued or running; holds a sender for each waiter to tell when done.
    Pending(Vec<Sender<u64>>),
    /// Returned a value, or panicked.
    Done(Result<T, TaskError>),
}

impl<T> TaskState<T> {
    pub(super) fn complete(&self, result: Result<T, TaskError>) {
        let Outcome::Pending(waiters) =
            std::mem::replace(&mut *self.outcome.lock(), Outcome::Done(result))
        else {
            return;
        };
        for waiter in waiters {
            // A waiter that gave up (timed out, dropped its iterator) hung up:
            // there is no one left to tell.
            let _ = waiter.send(self.id);
        }
    }

    /// Sends this task's id on `waiter` when the task finishes, or now if it
    /// has. Both happen under the lock, so a finish cannot slip in between.
    pub(super) fn notify_when_done(&self, waiter: Sender<u64>) {
        match &mut *self.outcome.lock() {
            Outcome::Pending(waiters) => waiters.push(waiter),
            Outcome::Done(_) => {
                let _ = waiter.send(self.id);
            }
        }
    }
}

impl<T> TaskHandle<T> {
    pub(super) fn new() -> Self {
        let state = TaskState {
            id: NEXT_TASK_ID.fetch_add(1, Relaxed),
            outcome: Mutex::new(Outcome::Pending(Vec::new())),
        };
        Self {
            state: Arc::new(state),
        }
    }

    /// Whether the task has finished, by returning or by panicking:
    /// Python's `future.done()`. Never blocks.
    pub fn done(&self) -> bool {
        matches!(*self.state.outcome.lock(), Outcome::Done(_))
    }

    /// Blocks until the task has finished and returns a clone of its value:
    /// Python's `future.result()`.
    ///
    /// Python gives every caller the same result object; Rust clones it, so
    /// `result` can be called any number of times, from any clone of the
    /// handle. (Wrap a large or non-`Clone` value in an [`Arc`].)
    ///
    /// # Errors
    /// [`TaskError::Panicked`] with the panic's message if the task panicked,
    /// where Python re-raises the worker's exception.
    pub fn result(&self) -> Result<T, TaskError>
    where
        T: Clone,
    {
        self.result_before(None)
    }

    /// Like [`result`](Self::result), but waits at most `timeout`:
    /// Python's `future.result(timeout)`. The task keeps running after a timeout.
    ///
    /// # Errors
    /// [`TaskError::TimedOut`] if the task has not finished within `timeout`
    /// (Python raises `TimeoutError`); [`TaskError::Panicked`] as for `result`.
    pub fn result_timeout(&self, timeout: Duration) -> Result<T, TaskError>
    where
        T: Clone,
    {
        self.result_before(deadline_after(timeout))
    }

    fn result_before(&self, deadline: Option<Instant>) -> Result<T, TaskError>
    where
        T: Clone,
    {
        let (waiter, finished) = bounded(1);
        self.state.notify_when_done(waiter);
        // Whether the wait ended by message or by deadline, the state decides.
        let _ = match deadline {
            Some(deadline) => finished.recv_deadline(deadline).ok(),
            None => finished.recv().ok(),
        };
        match &*self.state.outcome.lock() {
            Outcome::Done(result) => result.clone(),
            Outcome::Pending(_) => Err(TaskError::TimedOut),
        }
    }
}

/// `None` means "too far away to represent": wait without a deadline.
pub(super) fn deadline_after(timeout: Duration) -> Option<Instant> {
    Instant::now().checked_add(timeout)
}

impl<T> Clone for TaskHandle<T> {
    /// Another handle to the same task (Python copies the reference to a future).
    fn clone(&self) -> Self {
        Self {
            state: Arc::clone(&self.state),
        }
    }
}

impl<T> PartialEq for TaskHandle<T> {
    /// Same task, like Python's identity-based `==` on futures.
    fn eq(&self, other: &Self) -> bool {
        self.state.id == other.state.id
    }
}

impl<T> Eq for TaskHandle<T> {}

impl<T> Hash for TaskHandle<T> {
    /// By task id, like Python's identity-based `hash(future)`.
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.state.id.hash(state);
    }
}

impl<T> fmt::Debug for TaskHandle<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TaskHandle")
            .field("id", &self.state.id)
            .field("done", &self.done())
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::test_support::within;
    use crate::executor::{ThreadPoolExecutor, as_completed};
    use std::collections::HashMap;

    #[test]
    fn result_timeout_and_done_follow_the_task() {
        within(20, || {
            let executor = ThreadPoolExecutor::new(1).unwrap();
            let (open_gate, gate) = bounded::<()>(0);
            let handle = executor
                .submit(move || {
                    let _ = gate.recv();
                    42
                })
                .unwrap();
            assert!(!handle.done());
            assert_eq!(
                handle.result_timeout(Duration::from_millis(50)),
                Err(TaskError::TimedOut)
            );
            drop(open_gate);
            assert_eq!(handle.result_timeout(Duration::from_secs(10)), Ok(42));
            assert!(handle.done());
            assert_eq!(handle.clone().result(), Ok(42), "result can be asked again");
            assert_eq!(handle.result_timeout(Duration::MAX), Ok(42));
        });
    }

    #[test]
    #[allow(clippy::mutable_key_type)] // Hash and Eq read only the task id.
    fn handles_work_as_hash_map_keys_like_python_futures() {
        within(20, || {
            let executor = ThreadPoolExecutor::new(5).unwrap();
            let urls = ["/delay/0", "/uuid", "/ip", "/headers", "/get"];
            let future_to_url: HashMap<TaskHandle<usize>, &str> = urls
                .iter()
                .map(|&url| (executor.submit(move || url.len()).unwrap(), url))
                .collect();
            let mut seen = Vec::new();
            for future in as_completed(future_to_url.keys()) {
                let url = future_to_url[&future];
                assert_eq!(future.result(), Ok(url.len()));
                seen.push(url);
            }
            seen.sort_unstable();
            let mut expected = urls.to_vec();
            expected.sort_unstable();
            assert_eq!(seen, expected);
        });
    }
}
