//! What a worker thread runs: the loop that takes job after job, and the
//! job that keeps a task's panic inside the task.

use std::panic::{self, AssertUnwindSafe};
use std::sync::atomic::Ordering::Relaxed;

use super::TaskError;
use super::handle::TaskState;
use super::pool::Shared;
use super::sync::Arc;

/// A submitted task on its way to a worker: Python's `_WorkItem`. A trait
/// object, so that tasks returning different types share one queue.
pub(super) trait Job: Send {
    /// Runs the task, unless it was cancelled first, and stores its outcome.
    fn run(self: Box<Self>);
    /// Cancels the task without running it (shutdown with `cancel_futures`).
    fn cancel(self: Box<Self>);
}

struct Task<T, F> {
    task: F,
    state: Arc<TaskState<T>>,
}

/// Wraps `task` into a job that stores its outcome in `state`: the value it
/// returns, or the message it panicked with, as Python stores the exception
/// in the future.
pub(super) fn into_job<T, F>(task: F, state: Arc<TaskState<T>>) -> Box<dyn Job>
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    Box::new(Task { task, state })
}

impl<T: Send, F: FnOnce() -> T + Send> Job for Task<T, F> {
    fn run(self: Box<Self>) {
        let Self { task, state } = *self;
        if !state.start() {
            return;
        }
        // AssertUnwindSafe: after a panic nothing looks at the task's
        // captures again; only the message is kept.
        let outcome = panic::catch_unwind(AssertUnwindSafe(task))
            .map_err(|payload| TaskError::Panicked(panic_message(payload.as_ref())));
        state.finish(outcome);
    }

    fn cancel(self: Box<Self>) {
        self.state.cancel();
    }
}

/// The loop every worker thread runs.
pub(super) fn run_worker(pool: &Shared) {
    // `pop` gives `None` only once shutdown has closed the queue *and* it is
    // empty: every job submitted before shutdown still runs.
    while let Some(job) = pool.jobs.pop(None) {
        job.run();
        // Python's `_idle_semaphore.release()`. A new worker starts out not
        // counted: it was started for the job its `submit` queued.
        pool.idle_workers.fetch_add(1, Relaxed);
    }
    pool.worker_exits();
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
