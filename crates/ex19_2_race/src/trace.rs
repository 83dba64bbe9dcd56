//! `--trace`: what the threads of one run did to each counter, recorded as it happened,
//! then told.
//!
//! Recording is off until [`start`]. A count made after it (the
//! [`AtomicUsize`](crate::sync::AtomicUsize) of an `UnsafeCounter`, the
//! [`Mutex`](crate::sync::Mutex) of a `SafeCounter`) logs each read and write of it, and
//! which thread made it, in the order they happened: the log is one sequence, not one per
//! thread. [`Increments`] reads a log back as increments (a thread's read, then its write),
//! and [`report`] tells a run of the program from its two counters' logs.
//!
//! Recording must not hide the race it records: the log takes its own lock only for the
//! instant of each read or write, never across the yield between them, so a thread still
//! gives its core away between its read and its write, and others still read the same old
//! value meanwhile.

mod increments;
mod report;
mod schedule;

use std::sync::PoisonError;
use std::sync::atomic::{self, AtomicBool};

pub use increments::{Increment, Increments};
pub use report::{print_report, report};
pub use schedule::schedule_table;

use crate::THREAD_COUNT;
use crate::sync::{self, ThreadId};

/// Whether counts made from now on keep a log. Read once per count, when it is made.
static RECORDING: AtomicBool = AtomicBool::new(false);

/// Turns recording on for every count made after this call.
pub fn start() {
    RECORDING.store(true, atomic::Ordering::Relaxed);
}

/// A log for a count being made, if recording is on.
pub(crate) fn new_log() -> Option<Log> {
    RECORDING.load(atomic::Ordering::Relaxed).then(Log::new)
}

/// One read or write of a count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step {
    /// The thread read this value.
    Read(usize),
    /// The thread wrote this value.
    Write(usize),
}

/// A step and the thread that took it. Threads are numbered from 1 in the order of their
/// first step in the log, so in a counter's log thread 1 is the first to read the count.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Access {
    /// The thread's number.
    pub thread: usize,
    /// What it did.
    pub step: Step,
}

/// The steps taken on one count, in the order they happened.
pub(crate) struct Log {
    // std's lock, even under loom: the log is the observer, not part of what is modelled.
    steps: std::sync::Mutex<Vec<(ThreadId, Step)>>,
}

impl Log {
    fn new() -> Self {
        // Room for every thread's read and write and the final look, so that recording
        // does not allocate in the middle of the race.
        let steps = Vec::with_capacity(2 * THREAD_COUNT + 2);
        Log {
            steps: std::sync::Mutex::new(steps),
        }
    }

    /// Logs `step`, which the caller has already ordered (it holds the count's own lock).
    pub(crate) fn push(&self, step: Step) {
        let thread = sync::current_thread();
        self.steps
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .push((thread, step));
    }

    /// Does `access` (one read or one write of an atomic) and logs its step, as one: no
    /// other thread's step on this count can come between them, so the log's order is the
    /// order in which the count was read and written.
    #[cfg(not(all(test, loom)))]
    pub(crate) fn around<R>(&self, access: impl FnOnce() -> (R, Step)) -> R {
        let thread = sync::current_thread();
        let mut steps = self.steps.lock().unwrap_or_else(PoisonError::into_inner);
        let (result, step) = access();
        steps.push((thread, step));
        result
    }

    /// Under loom, one thread runs at a time and switches only inside loom's operations,
    /// so nothing comes between `access` and the logging that follows it. Holding the log's
    /// (std) lock across a loom operation would instead block the one OS thread.
    #[cfg(all(test, loom))]
    pub(crate) fn around<R>(&self, access: impl FnOnce() -> (R, Step)) -> R {
        let (result, step) = access();
        self.push(step);
        result
    }

    /// The steps, their threads numbered from 1 in the order of their first step.
    pub(crate) fn accesses(&self) -> Vec<Access> {
        let steps = self.steps.lock().unwrap_or_else(PoisonError::into_inner);
        let mut seen: Vec<ThreadId> = Vec::new();
        let number = |thread: ThreadId, seen: &mut Vec<ThreadId>| {
            let known = seen.iter().position(|&t| t == thread);
            1 + known.unwrap_or_else(|| {
                seen.push(thread);
                seen.len() - 1
            })
        };
        steps
            .iter()
            .map(|&(thread, step)| Access {
                thread: number(thread, &mut seen),
                step,
            })
            .collect()
    }
}
