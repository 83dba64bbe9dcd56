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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::as_completed;
    use crate::executor::test_support::within;

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
}
