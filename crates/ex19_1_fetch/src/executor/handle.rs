//! [`TaskHandle`]: a submitted task's pending result, and the state it shares
//! with the job that runs the task.

use std::fmt;
use std::hash::{Hash, Hasher};
use std::sync::atomic::{AtomicU64, Ordering::Relaxed};
use std::time::{Duration, Instant};

use super::TaskError;
use super::queue::BlockingQueue;
use super::sync::{Arc, Condvar, Mutex, MutexGuard};

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
    progress: Mutex<Progress<T>>,
    /// Notified when the task is done, for [`TaskHandle::result`].
    done: Condvar,
}

struct Progress<T> {
    stage: Stage<T>,
    /// The `as_completed` calls waiting for this task; each gets its id when it is done.
    as_completed: Vec<Arc<BlockingQueue<u64>>>,
}

/// Python's future states: PENDING, RUNNING, then FINISHED or CANCELLED.
enum Stage<T> {
    Queued,
    Running,
    /// Returned a value, panicked, or was cancelled before it started.
    Done(Result<T, TaskError>),
}

impl<T> TaskState<T> {
    /// Marks the task as running, unless it was cancelled first: Python's
    /// `set_running_or_notify_cancel`. `false` means "do not run it".
    pub(super) fn start(&self) -> bool {
        let mut progress = self.progress.lock();
        match progress.stage {
            Stage::Queued => {
                progress.stage = Stage::Running;
                true
            }
            Stage::Running | Stage::Done(_) => false,
        }
    }

    /// Stores what the task returned, or its panic.
    pub(super) fn finish(&self, result: Result<T, TaskError>) {
        self.settle(self.progress.lock(), result);
    }

    /// Python's `future.cancel()`: see [`TaskHandle::cancel`].
    pub(super) fn cancel(&self) -> bool {
        let progress = self.progress.lock();
        match progress.stage {
            Stage::Queued => {
                self.settle(progress, Err(TaskError::Cancelled));
                true
            }
            Stage::Done(Err(TaskError::Cancelled)) => true,
            Stage::Running | Stage::Done(_) => false,
        }
    }

    /// Makes the task done with `result`, then tells everyone who waits for it.
    fn settle(&self, mut progress: MutexGuard<'_, Progress<T>>, result: Result<T, TaskError>) {
        progress.stage = Stage::Done(result);
        let as_completed = std::mem::take(&mut progress.as_completed);
        drop(progress);
        self.done.notify_all();
        for finished in as_completed {
            finished.push(self.id);
        }
    }

    /// Puts this task's id on `finished` when the task is done, or now if it
    /// is. Both happen under the lock, so it cannot be done in between unseen.
    pub(super) fn notify_when_done(&self, finished: &Arc<BlockingQueue<u64>>) {
        let mut progress = self.progress.lock();
        match progress.stage {
            Stage::Done(_) => finished.push(self.id),
            Stage::Queued | Stage::Running => progress.as_completed.push(Arc::clone(finished)),
        }
    }
}

impl<T> TaskHandle<T> {
    pub(super) fn new() -> Self {
        let state = TaskState {
            id: NEXT_TASK_ID.fetch_add(1, Relaxed),
            progress: Mutex::new(Progress {
                stage: Stage::Queued,
                as_completed: Vec::new(),
            }),
            done: Condvar::new(),
        };
        Self {
            state: Arc::new(state),
        }
    }

    /// Whether the task is done: it returned, panicked, or was cancelled.
    /// Python's `future.done()`. Never blocks.
    pub fn done(&self) -> bool {
        matches!(self.state.progress.lock().stage, Stage::Done(_))
    }

    /// Whether a worker is running the task now: Python's `future.running()`.
    pub fn running(&self) -> bool {
        matches!(self.state.progress.lock().stage, Stage::Running)
    }

    /// Whether the task was cancelled before it started: Python's `future.cancelled()`.
    pub fn cancelled(&self) -> bool {
        matches!(
            self.state.progress.lock().stage,
            Stage::Done(Err(TaskError::Cancelled))
        )
    }

    /// Cancels the task if it has not started: Python's `future.cancel()`.
    ///
    /// `true` if the task is cancelled (now or before): it will never run, and
    /// [`result`](Self::result) gives [`TaskError::Cancelled`]. `false` if a
    /// worker is running it or it has finished; then nothing changes.
    pub fn cancel(&self) -> bool {
        self.state.cancel()
    }

    /// Blocks until the task is done and returns a clone of its value:
    /// Python's `future.result()`.
    ///
    /// Python gives every caller the same result object; Rust clones it, so
    /// `result` can be called any number of times, from any clone of the
    /// handle. (Wrap a large or non-`Clone` value in an [`Arc`](std::sync::Arc).)
    ///
    /// # Errors
    /// [`TaskError::Panicked`] with the panic's message if the task panicked,
    /// where Python re-raises the worker's exception;
    /// [`TaskError::Cancelled`] if it was cancelled (Python raises `CancelledError`).
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
    /// [`TaskError::TimedOut`] if the task is not done within `timeout`
    /// (Python raises `TimeoutError`); the others as for `result`.
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
        let mut progress = self.state.progress.lock();
        let not_done = |progress: &mut Progress<T>| !matches!(progress.stage, Stage::Done(_));
        match deadline {
            None => self.state.done.wait_while(&mut progress, not_done),
            Some(deadline) => {
                self.state
                    .done
                    .wait_while_until(&mut progress, not_done, deadline);
            }
        }
        match &progress.stage {
            Stage::Done(result) => result.clone(),
            Stage::Queued | Stage::Running => Err(TaskError::TimedOut),
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
        let state = match &self.state.progress.lock().stage {
            Stage::Queued => "pending",
            Stage::Running => "running",
            Stage::Done(Err(TaskError::Cancelled)) => "cancelled",
            Stage::Done(_) => "finished",
        };
        // Python's repr: `<Future at 0x7f... state=running>`.
        f.debug_struct("TaskHandle")
            .field("id", &self.state.id)
            .field("state", &state)
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::test_support::within;
    use crate::executor::{ThreadPoolExecutor, as_completed};
    use crossbeam_channel::bounded;
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

    #[test]
    fn cancel_works_only_before_the_task_starts_like_python() {
        within(20, || {
            let executor = ThreadPoolExecutor::new(1).unwrap();
            let (open_gate, gate) = bounded::<()>(0);
            let (started, starts) = bounded(2);
            let running = executor
                .submit({
                    let started = started.clone();
                    move || {
                        started.send("running").unwrap();
                        let _ = gate.recv();
                    }
                })
                .unwrap();
            let queued = executor
                .submit(move || started.send("queued").unwrap())
                .unwrap();
            assert_eq!(starts.recv(), Ok("running"));
            assert!(running.running() && !queued.running());
            assert_eq!(
                format!("{queued:?}"),
                format!(
                    "TaskHandle {{ id: {}, state: \"pending\" }}",
                    queued.state.id
                )
            );

            assert!(!running.cancel(), "a running task cannot be cancelled");
            assert!(queued.cancel());
            assert!(queued.cancel(), "cancelling again still says cancelled");
            assert!(queued.cancelled() && queued.done() && !running.cancelled());
            assert!(format!("{queued:?}").contains("cancelled"));
            let cancelled = queued.result().unwrap_err();
            assert_eq!(cancelled, TaskError::Cancelled);
            assert_eq!(
                cancelled.to_string(),
                "the task was cancelled before it started"
            );

            drop(open_gate);
            assert_eq!(running.result(), Ok(()));
            assert!(!running.cancel(), "a finished task cannot be cancelled");
            assert!(!running.cancelled() && format!("{running:?}").contains("finished"));
            executor.shutdown(true);
            assert!(starts.try_recv().is_err(), "the cancelled task ran");
        });
    }

    #[test]
    fn as_completed_yields_a_cancelled_task_as_done() {
        within(20, || {
            let executor = ThreadPoolExecutor::new(1).unwrap();
            let (open_gate, gate) = bounded::<()>(0);
            let blocking = executor.submit(move || gate.recv().is_ok()).unwrap();
            let queued = executor.submit(|| true).unwrap();
            let mut completed = as_completed([&queued]);
            assert!(queued.cancel());
            assert_eq!(completed.next(), Some(queued.clone()));
            assert_eq!(completed.next(), None);
            drop(open_gate);
            assert_eq!(blocking.result(), Ok(false));
        });
    }
}
