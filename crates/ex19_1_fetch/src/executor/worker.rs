//! What a worker thread runs: the loop that takes job after job, and the
//! wrapper that keeps a task's panic inside the task.

use std::panic::{self, AssertUnwindSafe};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};

use crossbeam_channel::Receiver;

use super::TaskError;
use super::handle::TaskState;

/// A task, boxed so that tasks returning different types share one queue.
pub(super) type Job = Box<dyn FnOnce() + Send>;

/// Wraps `task` into a job that stores its outcome in `state`: the value it
/// returns, or the message it panicked with, as Python stores the exception
/// in the future.
pub(super) fn into_job<T, F>(task: F, state: Arc<TaskState<T>>) -> Job
where
    F: FnOnce() -> T + Send + 'static,
    T: Send + 'static,
{
    Box::new(move || {
        // AssertUnwindSafe: after a panic nothing looks at the task's
        // captures again; only the message is kept.
        let outcome = panic::catch_unwind(AssertUnwindSafe(task))
            .map_err(|payload| TaskError::Panicked(panic_message(payload.as_ref())));
        state.complete(outcome);
    })
}

/// The loop every worker thread runs.
pub(super) fn run_worker(jobs: &Receiver<Job>, idle_workers: &AtomicUsize) {
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
