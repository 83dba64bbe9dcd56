//! A thread pool with the API of Python's `concurrent.futures.ThreadPoolExecutor`.
//!
//! | Python (`concurrent.futures`)                 | Rust (this module)                                  |
//! |-----------------------------------------------|-----------------------------------------------------|
//! | `ThreadPoolExecutor(max_workers=5)`           | [`ThreadPoolExecutor::new`]`(5)?`                   |
//! | leaving `with ThreadPoolExecutor() as ex:`    | dropping the [`ThreadPoolExecutor`]                 |
//! | `executor.submit(fn, arg)`                    | [`ThreadPoolExecutor::submit`]`(move \|\| fn(arg))` |
//! | `Future`                                      | [`TaskHandle`]                                      |
//! | `future.result()`, `future.result(timeout)`   | [`TaskHandle::result`], [`TaskHandle::result_timeout`] |
//! | `future.done()`                               | [`TaskHandle::done`]                                |
//! | `as_completed(fs)`, `as_completed(fs, t)`     | [`as_completed`], [`as_completed_timeout`]          |
//! | `executor.map(fn, items)`                     | [`ThreadPoolExecutor::map`]                         |
//! | `executor.shutdown(wait)`                     | [`ThreadPoolExecutor::shutdown`]                    |
//!
//! # How the pool works
//!
//! - **One job queue.** `submit` boxes the task into a job and sends it on a
//!   crossbeam channel that every worker receives from. Whichever worker is
//!   free takes the next job.
//! - **Lazy workers.** A thread is started only when a job arrives, no worker
//!   is idle and fewer than `max_workers` exist. Afterwards workers loop,
//!   taking job after job, so threads are reused instead of created per task.
//! - **Panics stay in the task.** A worker runs each task under
//!   [`std::panic::catch_unwind`] and stores the panic message as the task's
//!   error, the way Python stores the exception in the future. The worker
//!   lives on.
//! - **Completion is announced on channels.** Anyone who wants to wait for a
//!   task hands it a [`Sender`]; the worker sends the task's id when the task
//!   finishes. [`TaskHandle::result`] waits on a channel of its own;
//!   [`as_completed`] gives *one* channel to every task it watches, so task
//!   ids arrive in the order the tasks finish.
//! - **Shutdown closes the queue.** Dropping the sending end lets the workers
//!   finish what is queued; then their `recv` fails and they exit, and
//!   `shutdown(true)` joins them.
//!
//! # Example
//!
//! Three tasks submitted in one order finish, and are reported, in another:
//!
//! ```
//! use ex19_1_fetch::executor::{ThreadPoolExecutor, as_completed};
//! use std::{thread, time::Duration};
//!
//! let executor = ThreadPoolExecutor::new(3)?;
//! let handles = [300, 100, 200]
//!     .into_iter()
//!     .map(|ms| {
//!         executor.submit(move || {
//!             thread::sleep(Duration::from_millis(ms));
//!             ms
//!         })
//!     })
//!     .collect::<Result<Vec<_>, _>>()?;
//!
//! let mut finished = Vec::new();
//! for handle in as_completed(handles) {
//!     finished.push(handle.result()?);
//! }
//! assert_eq!(finished, [100, 200, 300]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use std::borrow::Borrow;
use std::collections::HashMap;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering::Relaxed};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, Sender, bounded, unbounded};
use parking_lot::Mutex;

/// Numbers pools in thread names, like Python's class-wide counter (`ThreadPoolExecutor-0_1`).
static NEXT_POOL_ID: AtomicUsize = AtomicUsize::new(0);
/// Numbers tasks across all pools, so handles from different pools never compare equal.
static NEXT_TASK_ID: AtomicU64 = AtomicU64::new(0);

/// A task, boxed so that tasks returning different types share one queue.
type Job = Box<dyn FnOnce() + Send>;

/// A pool of worker threads that runs submitted closures: Python's
/// `concurrent.futures.ThreadPoolExecutor`.
///
/// Dropping it is leaving Python's `with` block: it calls
/// [`shutdown(true)`](Self::shutdown), which waits for every submitted task.
/// The executor is `Sync`, so tasks can be submitted from several threads.
pub struct ThreadPoolExecutor {
    max_workers: usize,
    pool_id: usize,
    /// The sending end of the job queue; `None` once the pool is shut down.
    /// `submit` holds this lock until its job is queued, so a concurrent
    /// `shutdown` cannot slip in between the check and the send.
    jobs: Mutex<Option<Sender<Job>>>,
    /// Kept to hand a receiving end to each worker started later.
    job_queue: Receiver<Job>,
    workers: Mutex<Vec<JoinHandle<()>>>,
    /// Python's `_idle_semaphore`: how many workers finished a job and have
    /// not yet been counted on by a `submit`.
    idle_workers: Arc<AtomicUsize>,
}

impl ThreadPoolExecutor {
    /// Creates a pool that runs at most `max_workers` tasks at once:
    /// Python's `ThreadPoolExecutor(max_workers=n)`.
    ///
    /// No thread starts here; see [`submit`](Self::submit).
    ///
    /// # Errors
    /// [`ExecutorError::ZeroWorkers`] when `max_workers` is 0 (Python raises `ValueError`).
    pub fn new(max_workers: usize) -> Result<Self, ExecutorError> {
        if max_workers == 0 {
            return Err(ExecutorError::ZeroWorkers);
        }
        Ok(Self::with_workers(max_workers))
    }

    /// `new` without the check, for a `max_workers` known to be at least 1.
    fn with_workers(max_workers: usize) -> Self {
        // Unbounded like Python's `queue.SimpleQueue`: `submit` never blocks.
        // `max_workers` caps the threads, not the work waiting for them.
        let (jobs, job_queue) = unbounded();
        Self {
            max_workers,
            pool_id: NEXT_POOL_ID.fetch_add(1, Relaxed),
            jobs: Mutex::new(Some(jobs)),
            job_queue,
            workers: Mutex::new(Vec::new()),
            idle_workers: Arc::new(AtomicUsize::new(0)),
        }
    }

    /// The pool size Python (3.8 to 3.12) picks when `max_workers` is not
    /// given: `min(32, os.cpu_count() + 4)`, here with
    /// [`std::thread::available_parallelism`] (1 if it is unknown, as
    /// Python falls back to 1).
    pub fn default_max_workers() -> usize {
        let cpus = thread::available_parallelism().map_or(1, |n| n.get());
        (cpus + 4).min(32)
    }

    /// The most tasks this pool runs at once (Python keeps it in `_max_workers`).
    pub fn max_workers(&self) -> usize {
        self.max_workers
    }

    /// Schedules `task` to run on a worker thread and returns its handle at
    /// once: Python's `executor.submit(fn, *args)`, with the arguments
    /// captured by the closure.
    ///
    /// Starts a new worker if no worker is idle and fewer than `max_workers`
    /// exist; otherwise the task waits in the queue for the next free worker.
    ///
    /// # Errors
    /// [`ExecutorError::Shutdown`] after [`shutdown`](Self::shutdown) (Python
    /// raises `RuntimeError`); [`ExecutorError::SpawnFailed`] if the OS
    /// refuses a new thread, in which case the task is not queued.
    pub fn submit<T, F>(&self, task: F) -> Result<TaskHandle<T>, ExecutorError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let jobs = self.jobs.lock();
        let Some(jobs) = jobs.as_ref() else {
            return Err(ExecutorError::Shutdown);
        };
        self.make_sure_a_worker_will_come()?;

        let handle = TaskHandle::new();
        let state = Arc::clone(&handle.state);
        let job: Job = Box::new(move || {
            // AssertUnwindSafe: after a panic nothing looks at the task's
            // captures again; only the message is kept.
            let outcome = panic::catch_unwind(AssertUnwindSafe(task))
                .map_err(|payload| TaskError::Panicked(panic_message(payload.as_ref())));
            state.complete(outcome);
        });
        // Cannot fail: `self.job_queue` keeps the channel's receiving end open.
        jobs.send(job).map_err(|_| ExecutorError::Shutdown)?;
        Ok(handle)
    }

    /// Python's `_adjust_thread_count`, run before each job is queued.
    fn make_sure_a_worker_will_come(&self) -> Result<(), ExecutorError> {
        // Like Python's `_idle_semaphore.acquire(timeout=0)`: take one idle
        // worker for this job, so the next `submit` does not count on it too.
        // Relaxed is enough: the count only decides whether to start a thread,
        // and the channel itself hands the job over safely.
        let claimed_idle_worker = self
            .idle_workers
            .fetch_update(Relaxed, Relaxed, |idle| idle.checked_sub(1))
            .is_ok();
        if claimed_idle_worker {
            return Ok(());
        }
        let mut workers = self.workers.lock();
        if workers.len() < self.max_workers {
            let jobs = self.job_queue.clone();
            let idle_workers = Arc::clone(&self.idle_workers);
            let worker = thread::Builder::new()
                .name(format!(
                    "ThreadPoolExecutor-{}_{}",
                    self.pool_id,
                    workers.len()
                ))
                .spawn(move || run_worker(&jobs, &idle_workers))
                .map_err(|error| ExecutorError::SpawnFailed(error.to_string()))?;
            workers.push(worker);
        }
        Ok(())
    }

    /// Runs `f` on every item and returns the results in input order:
    /// Python's `executor.map(fn, items)`.
    ///
    /// Like Python, it submits every item before returning; the iterator then
    /// waits for each result in turn. Unlike Python, a task that panicked
    /// yields an `Err` for its item and the iteration goes on.
    ///
    /// # Errors
    /// The first error from [`submit`](Self::submit); items already submitted still run.
    pub fn map<A, T, F>(
        &self,
        f: F,
        items: impl IntoIterator<Item = A>,
    ) -> Result<MapResults<T>, ExecutorError>
    where
        F: Fn(A) -> T + Send + Sync + 'static,
        A: Send + 'static,
        T: Send + 'static,
    {
        // Every job needs to own `f` (jobs are 'static), so they share it.
        let f = Arc::new(f);
        let handles = items
            .into_iter()
            .map(|item| {
                let f = Arc::clone(&f);
                self.submit(move || f(item))
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(MapResults {
            handles: handles.into_iter(),
        })
    }

    /// Stops accepting tasks; with `wait`, also waits for every submitted
    /// task to finish and joins every worker thread: Python's
    /// `executor.shutdown(wait=True)`.
    ///
    /// Tasks already submitted still run either way, as in Python. Calling it
    /// again is harmless; a later `wait = true` call still joins the workers.
    /// Called from one of the pool's own tasks, it waits for the other workers.
    pub fn shutdown(&self, wait: bool) {
        // The workers drain the queue, then `recv` fails and they return.
        self.jobs.lock().take();
        if wait {
            // Held while joining, so a concurrent `shutdown(true)` also waits.
            let mut workers = self.workers.lock();
            let current = thread::current().id();
            for worker in workers.drain(..) {
                // A task can shut down (or drop the last `Arc` of) its own
                // pool; a thread cannot join itself, and this one exits by
                // itself once the queue is empty.
                if worker.thread().id() != current {
                    // A worker never panics (tasks' panics are caught), so
                    // there is no error to report.
                    let _ = worker.join();
                }
            }
        }
    }
}

/// The loop every worker thread runs.
fn run_worker(jobs: &Receiver<Job>, idle_workers: &AtomicUsize) {
    // `recv` fails only once shutdown has dropped the sender *and* the queue
    // is empty: every job submitted before shutdown still runs.
    while let Ok(job) = jobs.recv() {
        job();
        // Python's `_idle_semaphore.release()`. A new worker starts out not
        // counted: it was started for the job its `submit` queued.
        idle_workers.fetch_add(1, Relaxed);
    }
}

/// The text a panic was raised with (`panic!("...")` gives a `&str` or a `String`).
fn panic_message(payload: &(dyn std::any::Any + Send)) -> String {
    if let Some(message) = payload.downcast_ref::<&str>() {
        (*message).to_owned()
    } else if let Some(message) = payload.downcast_ref::<String>() {
        message.clone()
    } else {
        "panic with a non-text payload".to_owned()
    }
}

impl Default for ThreadPoolExecutor {
    /// A pool of [`default_max_workers`](Self::default_max_workers) workers:
    /// Python's `ThreadPoolExecutor()` with no arguments.
    fn default() -> Self {
        Self::with_workers(Self::default_max_workers())
    }
}

impl Drop for ThreadPoolExecutor {
    /// Leaving Python's `with` block: `shutdown(wait=True)`.
    fn drop(&mut self) {
        self.shutdown(true);
    }
}

impl fmt::Debug for ThreadPoolExecutor {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ThreadPoolExecutor")
            .field("max_workers", &self.max_workers)
            .field("workers_started", &self.workers.lock().len())
            .field("shut_down", &self.jobs.lock().is_none())
            .finish()
    }
}

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
    state: Arc<TaskState<T>>,
}

/// What a task's handles and its job share.
struct TaskState<T> {
    id: u64,
    outcome: Mutex<Outcome<T>>,
}

enum Outcome<T> {
    /// Queued or running; holds a sender for each waiter to tell when done.
    Pending(Vec<Sender<u64>>),
    /// Returned a value, or panicked.
    Done(Result<T, TaskError>),
}

impl<T> TaskState<T> {
    fn complete(&self, result: Result<T, TaskError>) {
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
    fn notify_when_done(&self, waiter: Sender<u64>) {
        match &mut *self.outcome.lock() {
            Outcome::Pending(waiters) => waiters.push(waiter),
            Outcome::Done(_) => {
                let _ = waiter.send(self.id);
            }
        }
    }
}

impl<T> TaskHandle<T> {
    fn new() -> Self {
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
fn deadline_after(timeout: Duration) -> Option<Instant> {
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

/// Yields the given handles as their tasks finish, already-finished ones
/// first: Python's `concurrent.futures.as_completed(fs)`.
///
/// Takes any collection of handles, owned or borrowed: a `Vec<TaskHandle<T>>`,
/// `&handles`, or `map.keys()` of a `HashMap<TaskHandle<T>, V>` (as Python
/// iterates a dict's keys). A handle given twice is yielded once.
///
/// How: one channel is shared by all the tasks. Each task sends its id on it
/// when it finishes (at once if it already has), so ids arrive in completion
/// order and the iterator looks each id up among the handles still pending.
pub fn as_completed<T, H>(handles: impl IntoIterator<Item = H>) -> AsCompleted<T>
where
    H: Borrow<TaskHandle<T>>,
{
    let (waiter, finished) = unbounded();
    let mut pending = HashMap::new();
    for handle in handles {
        let handle = handle.borrow();
        if pending.insert(handle.state.id, handle.clone()).is_none() {
            handle.state.notify_when_done(waiter.clone());
        }
    }
    AsCompleted { pending, finished }
}

/// Like [`as_completed`], but gives up `timeout` after the call: Python's
/// `as_completed(fs, timeout)`.
///
/// Yields `Ok(handle)` as tasks finish; if the time runs out first, yields
/// one [`TimeoutError`] naming how many tasks are unfinished, then ends.
pub fn as_completed_timeout<T, H>(
    handles: impl IntoIterator<Item = H>,
    timeout: Duration,
) -> AsCompletedTimeout<T>
where
    H: Borrow<TaskHandle<T>>,
{
    let deadline = deadline_after(timeout);
    let inner = as_completed(handles);
    let total = inner.pending.len();
    AsCompletedTimeout {
        inner,
        deadline,
        total,
        timed_out: false,
    }
}

/// The iterator returned by [`as_completed`]: yields each [`TaskHandle`] once
/// its task has finished, blocking until the next one does.
#[derive(Debug)]
pub struct AsCompleted<T> {
    pending: HashMap<u64, TaskHandle<T>>,
    /// Receives task ids in completion order.
    finished: Receiver<u64>,
}

impl<T> Iterator for AsCompleted<T> {
    type Item = TaskHandle<T>;

    fn next(&mut self) -> Option<TaskHandle<T>> {
        if self.pending.is_empty() {
            return None;
        }
        // Every pending task holds a sender until it has sent, so this
        // `recv` returns a message rather than an error.
        let id = self.finished.recv().ok()?;
        self.pending.remove(&id)
    }
}

/// The iterator returned by [`as_completed_timeout`].
#[derive(Debug)]
pub struct AsCompletedTimeout<T> {
    inner: AsCompleted<T>,
    /// `None`: the timeout was too long to represent, so there is no deadline.
    deadline: Option<Instant>,
    total: usize,
    timed_out: bool,
}

impl<T> Iterator for AsCompletedTimeout<T> {
    type Item = Result<TaskHandle<T>, TimeoutError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.timed_out || self.inner.pending.is_empty() {
            return None;
        }
        let Some(deadline) = self.deadline else {
            return self.inner.next().map(Ok);
        };
        match self.inner.finished.recv_deadline(deadline) {
            Ok(id) => self.inner.pending.remove(&id).map(Ok),
            Err(_) => {
                self.timed_out = true;
                Some(Err(TimeoutError {
                    unfinished: self.inner.pending.len(),
                    total: self.total,
                }))
            }
        }
    }
}

/// The iterator returned by [`ThreadPoolExecutor::map`]: each task's result,
/// in input order, waiting for each in turn (Python's `map` returns a generator).
#[derive(Debug)]
pub struct MapResults<T> {
    handles: std::vec::IntoIter<TaskHandle<T>>,
}

impl<T: Clone> Iterator for MapResults<T> {
    type Item = Result<T, TaskError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.handles.next().map(|handle| handle.result())
    }
}

/// Why the executor could not be created or could not take a task
/// (Python raises `ValueError` or `RuntimeError`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ExecutorError {
    /// `max_workers` was 0 (Python: `ValueError`).
    ZeroWorkers,
    /// `submit` after `shutdown` (Python: `RuntimeError`).
    Shutdown,
    /// The OS would not start another worker thread; holds its reason.
    SpawnFailed(String),
}

impl fmt::Display for ExecutorError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::ZeroWorkers => f.write_str("max_workers must be greater than 0"),
            Self::Shutdown => f.write_str("cannot schedule new futures after shutdown"),
            Self::SpawnFailed(reason) => write!(f, "can't start new worker thread: {reason}"),
        }
    }
}

impl std::error::Error for ExecutorError {}

/// Why a task has no value to give (Python: the exception `future.result()` raises).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TaskError {
    /// The task panicked; holds the panic's message (Python re-raises the
    /// task's exception).
    Panicked(String),
    /// [`TaskHandle::result_timeout`] ran out of time (Python: `TimeoutError`).
    TimedOut,
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Panicked(message) => write!(f, "task panicked: {message}"),
            Self::TimedOut => f.write_str("timed out waiting for the task's result"),
        }
    }
}

impl std::error::Error for TaskError {}

/// [`as_completed_timeout`] ran out of time: Python's
/// `TimeoutError: 3 (of 5) futures unfinished`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TimeoutError {
    /// Tasks not yet finished when time ran out.
    pub unfinished: usize,
    /// Distinct tasks given to `as_completed_timeout`.
    pub total: usize,
}

impl fmt::Display for TimeoutError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "as_completed timed out: {} (of {}) futures unfinished",
            self.unfinished, self.total
        )
    }
}

impl std::error::Error for TimeoutError {}

#[cfg(test)]
mod tests {
    use super::*;
    use crossbeam_channel::RecvTimeoutError;
    use std::collections::HashSet;

    /// Runs `body` on its own thread and fails the test if it takes longer
    /// than `seconds`, so a deadlock fails instead of hanging.
    fn within<R: Send + 'static>(seconds: u64, body: impl FnOnce() -> R + Send + 'static) -> R {
        let (done, outcome) = bounded(1);
        let runner = thread::spawn(move || {
            let _ = done.send(body());
        });
        match outcome.recv_timeout(Duration::from_secs(seconds)) {
            Ok(result) => result,
            Err(RecvTimeoutError::Timeout) => panic!("not finished within {seconds}s: deadlock?"),
            Err(RecvTimeoutError::Disconnected) => match runner.join() {
                Err(test_panic) => panic::resume_unwind(test_panic),
                Ok(()) => unreachable!("the body returned without sending"),
            },
        }
    }

    fn sleep_then_return(ms: u64) -> u64 {
        thread::sleep(Duration::from_millis(ms));
        ms
    }

    #[test]
    fn as_completed_follows_completion_order_and_map_input_order() {
        within(20, || {
            let executor = ThreadPoolExecutor::new(3).unwrap();
            let durations = [300, 100, 200];
            let handles: Vec<_> = durations
                .iter()
                .map(|&ms| executor.submit(move || sleep_then_return(ms)).unwrap())
                .collect();
            let completed: Vec<u64> = as_completed(&handles)
                .map(|handle| handle.result().unwrap())
                .collect();
            assert_eq!(completed, [100, 200, 300]);

            let mapped: Vec<u64> = executor
                .map(sleep_then_return, durations)
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert_eq!(mapped, durations);
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
    fn a_panic_is_reported_by_result_and_the_worker_lives_on() {
        within(20, || {
            let executor = ThreadPoolExecutor::new(1).unwrap();
            let worker_before = executor.submit(|| thread::current().id()).unwrap();
            let formatted = executor.submit(|| -> u32 { panic!("boom {}", 7) }).unwrap();
            let literal = executor.submit(|| -> u32 { panic!("plain boom") }).unwrap();
            let worker_after = executor.submit(|| thread::current().id()).unwrap();

            assert_eq!(
                formatted.result(),
                Err(TaskError::Panicked("boom 7".into()))
            );
            assert_eq!(
                literal.result(),
                Err(TaskError::Panicked("plain boom".into()))
            );
            assert_eq!(
                literal.result().unwrap_err().to_string(),
                "task panicked: plain boom"
            );
            assert_eq!(worker_before.result(), worker_after.result());
            assert_eq!(executor.workers.lock().len(), 1);
        });
    }

    #[test]
    fn never_more_than_max_workers_tasks_run_at_once() {
        within(30, || {
            let executor = ThreadPoolExecutor::new(3).unwrap();
            let running = Arc::new(AtomicUsize::new(0));
            let high_water = Arc::new(AtomicUsize::new(0));
            let (running_in_task, high_in_task) = (Arc::clone(&running), Arc::clone(&high_water));
            let results = executor
                .map(
                    move |_| {
                        let now = running_in_task.fetch_add(1, Relaxed) + 1;
                        high_in_task.fetch_max(now, Relaxed);
                        thread::sleep(Duration::from_millis(20));
                        running_in_task.fetch_sub(1, Relaxed);
                    },
                    0..30,
                )
                .unwrap();
            assert_eq!(results.filter(Result::is_ok).count(), 30);
            let high = high_water.load(Relaxed);
            assert!(
                (2..=3).contains(&high),
                "{high} tasks ran at once, cap is 3"
            );
        });
    }

    #[test]
    fn workers_start_lazily_are_reused_and_named_like_python() {
        within(20, || {
            let executor = ThreadPoolExecutor::new(8).unwrap();
            for _ in 0..5 {
                executor.submit(|| ()).unwrap().result().unwrap();
                // The worker marks itself idle just after the result is out.
                while executor.idle_workers.load(Relaxed) == 0 {
                    thread::yield_now();
                }
            }
            assert_eq!(
                executor.workers.lock().len(),
                1,
                "one task at a time, one thread"
            );

            let executor = ThreadPoolExecutor::new(3).unwrap();
            let seen: Vec<_> = executor
                .map(
                    |_| {
                        thread::sleep(Duration::from_millis(2));
                        let me = thread::current();
                        (me.id(), me.name().unwrap_or_default().to_owned())
                    },
                    0..50,
                )
                .unwrap()
                .map(Result::unwrap)
                .collect();
            let thread_ids: HashSet<_> = seen.iter().map(|(id, _)| *id).collect();
            assert!(
                thread_ids.len() <= 3,
                "{} threads for 3 workers",
                thread_ids.len()
            );
            let prefix = format!("ThreadPoolExecutor-{}_", executor.pool_id);
            for (_, name) in &seen {
                let index = name.strip_prefix(&prefix).expect("a pool thread name");
                assert!(["0", "1", "2"].contains(&index), "unexpected name {name}");
            }
        });
    }

    #[test]
    fn shutdown_and_drop_wait_for_every_task() {
        within(20, || {
            let finished = Arc::new(AtomicUsize::new(0));
            let executor = ThreadPoolExecutor::new(2).unwrap();
            for _ in 0..4 {
                let finished = Arc::clone(&finished);
                executor
                    .submit(move || {
                        thread::sleep(Duration::from_millis(100));
                        finished.fetch_add(1, Relaxed);
                    })
                    .unwrap();
            }
            executor.shutdown(true);
            assert_eq!(finished.load(Relaxed), 4, "shutdown(true) returned early");

            let executor = ThreadPoolExecutor::new(2).unwrap();
            for _ in 0..4 {
                let finished = Arc::clone(&finished);
                executor
                    .submit(move || {
                        thread::sleep(Duration::from_millis(100));
                        finished.fetch_add(1, Relaxed);
                    })
                    .unwrap();
            }
            drop(executor);
            assert_eq!(finished.load(Relaxed), 8, "drop returned early");
        });
    }

    #[test]
    fn submit_after_shutdown_is_an_error_and_queued_tasks_still_run() {
        within(20, || {
            let executor = ThreadPoolExecutor::new(1).unwrap();
            let (open_gate, gate) = bounded::<()>(0);
            let queued: Vec<_> = (0..2)
                .map(|i| {
                    let gate = gate.clone();
                    executor
                        .submit(move || {
                            let _ = gate.recv();
                            i
                        })
                        .unwrap()
                })
                .collect();
            executor.shutdown(false);
            let refused = executor.submit(|| 0).unwrap_err();
            assert_eq!(refused, ExecutorError::Shutdown);
            assert_eq!(
                refused.to_string(),
                "cannot schedule new futures after shutdown"
            );

            drop(open_gate);
            let results: Vec<_> = queued.iter().map(TaskHandle::result).collect();
            assert_eq!(results, [Ok(0), Ok(1)]);
        });
    }

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
    fn as_completed_timeout_names_the_unfinished_tasks() {
        within(20, || {
            let executor = ThreadPoolExecutor::new(5).unwrap();
            let (open_gate, gate) = bounded::<()>(0);
            let handles: Vec<_> = (0..5)
                .map(|i| {
                    let gate = gate.clone();
                    executor
                        .submit(move || {
                            if i >= 2 {
                                let _ = gate.recv();
                            }
                            i
                        })
                        .unwrap()
                })
                .collect();
            let outcomes: Vec<_> =
                as_completed_timeout(&handles, Duration::from_millis(500)).collect();
            drop(open_gate);

            assert_eq!(
                outcomes.len(),
                3,
                "two handles, then one error: {outcomes:?}"
            );
            let mut quick: Vec<_> = outcomes[..2]
                .iter()
                .map(|outcome| outcome.as_ref().unwrap().result().unwrap())
                .collect();
            quick.sort_unstable();
            assert_eq!(quick, [0, 1]);
            let timeout = outcomes[2].as_ref().unwrap_err();
            assert_eq!(
                *timeout,
                TimeoutError {
                    unfinished: 3,
                    total: 5
                }
            );
            assert_eq!(
                timeout.to_string(),
                "as_completed timed out: 3 (of 5) futures unfinished"
            );
        });
    }

    #[test]
    fn ten_thousand_tiny_tasks_all_complete() {
        within(60, || {
            let executor = ThreadPoolExecutor::default();
            let doubled: Vec<u64> = executor
                .map(|i: u64| i * 2, 0..10_000)
                .unwrap()
                .map(Result::unwrap)
                .collect();
            assert_eq!(doubled, (0..10_000).map(|i| i * 2).collect::<Vec<_>>());

            let handles: Vec<_> = (0..10_000_u64)
                .map(|i| executor.submit(move || i).unwrap())
                .collect();
            let sum: u64 = as_completed(handles).map(|h| h.result().unwrap()).sum();
            assert_eq!(sum, (0..10_000_u64).sum::<u64>());
        });
    }

    #[test]
    fn shutdown_while_a_task_panics_and_others_run_joins_every_worker() {
        within(20, || {
            let executor = ThreadPoolExecutor::new(4).unwrap();
            let panicking = executor
                .submit(|| -> u32 {
                    thread::sleep(Duration::from_millis(50));
                    panic!("failure during shutdown")
                })
                .unwrap();
            let sleeping: Vec<_> = (0..6)
                .map(|i| executor.submit(move || sleep_then_return(100 + i)).unwrap())
                .collect();
            executor.shutdown(true);

            assert!(panicking.done() && sleeping.iter().all(TaskHandle::done));
            assert_eq!(
                panicking.result(),
                Err(TaskError::Panicked("failure during shutdown".into()))
            );
            // Each worker thread owns a clone of this Arc until it exits.
            assert_eq!(
                Arc::strong_count(&executor.idle_workers),
                1,
                "a worker still runs"
            );
        });
    }

    #[test]
    fn a_task_may_drop_the_last_owner_of_its_own_pool() {
        within(20, || {
            let (open_gate, gate) = bounded::<()>(0);
            let executor = Arc::new(ThreadPoolExecutor::new(2).unwrap());
            let last_owner = Arc::clone(&executor);
            let handle = executor
                .submit(move || {
                    let _ = gate.recv();
                    drop(last_owner); // runs the executor's Drop on its own worker
                    7
                })
                .unwrap();
            drop(executor);
            drop(open_gate);
            assert_eq!(handle.result(), Ok(7));
        });
    }

    #[test]
    fn bad_sizes_are_errors_and_the_default_follows_python() {
        assert_eq!(
            ThreadPoolExecutor::new(0).unwrap_err(),
            ExecutorError::ZeroWorkers
        );
        assert_eq!(
            ExecutorError::ZeroWorkers.to_string(),
            "max_workers must be greater than 0"
        );
        let default = ThreadPoolExecutor::default_max_workers();
        assert!((5..=32).contains(&default));
        assert_eq!(ThreadPoolExecutor::default().max_workers(), default);
    }
}
