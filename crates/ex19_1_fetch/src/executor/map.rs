//! [`ThreadPoolExecutor::map`]: one function over many items, with the results
//! in input order.

use std::sync::Arc;

use super::{ExecutorError, TaskError, TaskHandle, ThreadPoolExecutor};

impl ThreadPoolExecutor {
    /// Runs `f` on every item and returns the results in input order:
    /// Python's `executor.map(fn, items)`.
    ///
    /// Like Python, it submits every item before returning; the iterator then
    /// waits for each result in turn. Unlike Python, a task that panicked
    /// yields an `Err` for its item and the iteration goes on.
    ///
    /// Dropping the iterator before its end (a `break` out of the loop)
    /// cancels the tasks that have not started, as closing Python's generator
    /// does; those that are running finish.
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
}

/// The iterator returned by [`ThreadPoolExecutor::map`]: each task's result,
/// in input order, waiting for each in turn (Python's `map` returns a generator).
///
/// Dropped before its end, it cancels the tasks not yet started.
#[derive(Debug)]
pub struct MapResults<T> {
    handles: std::vec::IntoIter<TaskHandle<T>>,
}

impl<T> Drop for MapResults<T> {
    /// The `finally` of Python's `result_iterator`: `for future in fs: future.cancel()`.
    fn drop(&mut self) {
        for handle in self.handles.by_ref() {
            handle.cancel();
        }
    }
}

impl<T: Clone> Iterator for MapResults<T> {
    type Item = Result<T, TaskError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.handles.next().map(|handle| handle.result())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::as_completed;
    use crate::executor::test_support::within;
    use crossbeam_channel::bounded;

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
    fn breaking_out_of_map_cancels_the_tasks_not_started() {
        within(20, || {
            let executor = ThreadPoolExecutor::new(1).unwrap();
            let (open_gate, gate) = bounded::<()>(0);
            let (started, starts) = crossbeam_channel::unbounded();
            let mut results = executor
                .map(
                    move |i: u32| {
                        started.send(i).unwrap();
                        if i == 1 {
                            let _ = gate.recv(); // still running when the loop stops
                        }
                        i
                    },
                    0..4,
                )
                .unwrap();
            let waiting = results.handles.as_slice()[1..].to_vec();
            assert_eq!(results.next(), Some(Ok(0)));
            assert_eq!(starts.recv(), Ok(0));
            assert_eq!(starts.recv(), Ok(1), "task 1 runs, tasks 2 and 3 wait");
            drop(results);
            drop(open_gate);

            let outcomes: Vec<_> = waiting.iter().map(TaskHandle::result).collect();
            assert_eq!(
                outcomes,
                [Ok(1), Err(TaskError::Cancelled), Err(TaskError::Cancelled)]
            );
            executor.shutdown(true);
            assert_eq!(starts.try_iter().count(), 0, "a cancelled task ran");
        });
    }
}
