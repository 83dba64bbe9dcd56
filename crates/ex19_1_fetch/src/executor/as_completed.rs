//! [`as_completed`]: handles in the order their tasks finish, with or without
//! a timeout.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::time::{Duration, Instant};

use super::handle::deadline_after;
use super::queue::BlockingQueue;
use super::sync::Arc;
use super::{TaskHandle, TimeoutError};

/// Yields the given handles as their tasks finish, already-finished ones
/// first: Python's `concurrent.futures.as_completed(fs)`.
///
/// Takes any collection of handles, owned or borrowed: a `Vec<TaskHandle<T>>`,
/// `&handles`, or `map.keys()` of a `HashMap<TaskHandle<T>, V>` (as Python
/// iterates a dict's keys). A handle given twice is yielded once.
///
/// How: one queue is shared by all the tasks. Each task puts its id on it
/// when it is done (at once if it already is), so ids arrive in completion
/// order and the iterator looks each id up among the handles still pending.
/// A cancelled task is done too, and is yielded like the others, as in Python.
pub fn as_completed<T, H>(handles: impl IntoIterator<Item = H>) -> AsCompleted<T>
where
    H: Borrow<TaskHandle<T>>,
{
    let finished = Arc::new(BlockingQueue::new());
    let mut pending = HashMap::new();
    for handle in handles {
        let handle = handle.borrow();
        if pending.insert(handle.state.id, handle.clone()).is_none() {
            handle.state.notify_when_done(&finished);
        }
    }
    AsCompleted { pending, finished }
}

/// Like [`as_completed`], but gives up `timeout` after the call: Python's
/// `as_completed(fs, timeout)`, whose clock starts at the first `next()`
/// instead (a generator runs nothing before it).
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
    /// Task ids, in completion order.
    finished: Arc<BlockingQueue<u64>>,
}

impl<T> Iterator for AsCompleted<T> {
    type Item = TaskHandle<T>;

    fn next(&mut self) -> Option<TaskHandle<T>> {
        if self.pending.is_empty() {
            return None;
        }
        // Every pending task will put its id on the queue, which is never
        // closed: this waits for the next one.
        let id = self.finished.pop(None)?;
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
        // Without a deadline `pop` waits until an id comes.
        match self.inner.finished.pop(self.deadline) {
            Some(id) => self.inner.pending.remove(&id).map(Ok),
            None => {
                self.timed_out = true;
                Some(Err(TimeoutError {
                    unfinished: self.inner.pending.len(),
                    total: self.total,
                }))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::ThreadPoolExecutor;
    use crate::executor::test_support::{sleep_then_return, within};
    use crossbeam_channel::bounded;

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
}
