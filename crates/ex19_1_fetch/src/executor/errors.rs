//! What can go wrong: creating the pool or submitting to it, waiting for a
//! task (which may have been cancelled), and waiting for many tasks with a timeout.

use std::fmt;

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
    /// [`TaskHandle::result_timeout`](super::TaskHandle::result_timeout) ran out of time (Python: `TimeoutError`).
    TimedOut,
    /// The task was cancelled before it started, so it never ran (Python: `CancelledError`).
    Cancelled,
}

impl fmt::Display for TaskError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Panicked(message) => write!(f, "task panicked: {message}"),
            Self::TimedOut => f.write_str("timed out waiting for the task's result"),
            Self::Cancelled => f.write_str("the task was cancelled before it started"),
        }
    }
}

impl std::error::Error for TaskError {}

/// [`as_completed_timeout`](super::as_completed_timeout) ran out of time: Python's
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
