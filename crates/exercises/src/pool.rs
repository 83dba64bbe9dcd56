//! [`ThreadPoolExecutor`]: Example 19.1's pool, which notes in a [`Log`] what it ran, and
//! [`record`], which gives the tests that log.

use std::cell::RefCell;
use std::ops::Deref;
use std::sync::{Arc, Mutex};
use std::time::Instant;

use ex19_1_fetch::executor::{self, ExecutorError, MapResults, TaskHandle};

use crate::lock;

/// `ex19_1_fetch::executor::ThreadPoolExecutor` (Python's `ThreadPoolExecutor`), which it
/// derefs to, with the same `new`, `submit` and `map`. Made inside [`record`], it notes
/// when it was made and when each of its tasks was submitted, started and finished;
/// elsewhere it is simply the pool.
pub struct ThreadPoolExecutor {
    pool: executor::ThreadPoolExecutor,
    /// Where this pool notes its tasks, and its number there.
    log: Option<(Log, usize)>,
}

impl ThreadPoolExecutor {
    /// `ThreadPoolExecutor(max_workers=n)`: a pool that runs at most `max_workers` tasks at
    /// once.
    ///
    /// # Errors
    /// As the pool's: `max_workers` is 0.
    pub fn new(max_workers: usize) -> Result<Self, ExecutorError> {
        let pool = executor::ThreadPoolExecutor::new(max_workers)?;
        let log = RECORDING.with_borrow(Option::clone).map(|log| {
            let number = log.note(|pools, _| Event::Pool {
                pool: pools,
                max_workers,
            });
            (log, number)
        });
        Ok(Self { pool, log })
    }

    /// `executor.submit(fn)`: runs `task` on a worker and returns its handle at once.
    ///
    /// # Errors
    /// As the pool's: the pool was shut down, or no thread could be started.
    pub fn submit<T, F>(&self, task: F) -> Result<TaskHandle<T>, ExecutorError>
    where
        F: FnOnce() -> T + Send + 'static,
        T: Send + 'static,
    {
        let Some((log, pool)) = &self.log else {
            return self.pool.submit(task);
        };
        let (log, pool) = (log.clone(), *pool);
        let task_number = log.note(|_, tasks| Event::Submitted {
            pool,
            task: tasks,
            at: Instant::now(),
        });
        self.pool.submit(move || {
            log.note(|_, _| Event::Started {
                task: task_number,
                at: Instant::now(),
            });
            let value = task();
            log.note(|_, _| Event::Finished {
                task: task_number,
                at: Instant::now(),
            });
            value
        })
    }

    /// `executor.map(fn, items)`: submits `f` for every item, and returns the results in
    /// the order of the items.
    ///
    /// # Errors
    /// As the pool's `map`.
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
        let Some((log, pool)) = &self.log else {
            return self.pool.map(f, items);
        };
        let (log, pool) = (log.clone(), *pool);
        // The pool's `map` submits each item as it takes it from the iterator.
        let items = items.into_iter().map({
            let log = log.clone();
            move |item| {
                let task = log.note(|_, tasks| Event::Submitted {
                    pool,
                    task: tasks,
                    at: Instant::now(),
                });
                (task, item)
            }
        });
        let f = move |(task, item)| {
            log.note(|_, _| Event::Started {
                task,
                at: Instant::now(),
            });
            let value = f(item);
            log.note(|_, _| Event::Finished {
                task,
                at: Instant::now(),
            });
            value
        };
        self.pool.map(f, items)
    }
}

impl Deref for ThreadPoolExecutor {
    type Target = executor::ThreadPoolExecutor;

    fn deref(&self) -> &Self::Target {
        &self.pool
    }
}

impl std::fmt::Debug for ThreadPoolExecutor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.pool.fmt(f)
    }
}

thread_local! {
    /// The log that pools made on this thread note into, while [`record`] runs.
    static RECORDING: RefCell<Option<Log>> = const { RefCell::new(None) };
}

/// Runs `work` and returns what it returned, with the log of every [`ThreadPoolExecutor`]
/// made on this thread meanwhile.
pub fn record<R>(work: impl FnOnce() -> R) -> (R, Log) {
    let log = Log::default();
    let outer = RECORDING.replace(Some(log.clone()));
    let value = work();
    RECORDING.set(outer);
    (value, log)
}

/// What the pools made inside [`record`] did, in the order it happened. Clones share it.
#[derive(Debug, Default, Clone)]
pub struct Log {
    events: Arc<Mutex<Vec<Event>>>,
}

/// One thing a pool did. Pools and tasks are numbered from 0 in the order they were made
/// and submitted, across the pools of one [`Log`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Event {
    /// A pool was made.
    Pool { pool: usize, max_workers: usize },
    /// A task was submitted to a pool.
    Submitted {
        pool: usize,
        task: usize,
        at: Instant,
    },
    /// A worker started the task.
    Started { task: usize, at: Instant },
    /// The task returned (a task that panicked has no `Finished`).
    Finished { task: usize, at: Instant },
}

impl Log {
    /// Appends the event that `event` makes of the numbers of pools and of tasks so far;
    /// returns the number of the new pool or task.
    fn note(&self, event: impl FnOnce(usize, usize) -> Event) -> usize {
        let mut events = lock(&self.events);
        let pools = events
            .iter()
            .filter(|e| matches!(e, Event::Pool { .. }))
            .count();
        let tasks = events
            .iter()
            .filter(|e| matches!(e, Event::Submitted { .. }))
            .count();
        let event = event(pools, tasks);
        events.push(event);
        match event {
            Event::Pool { .. } => pools,
            _ => tasks,
        }
    }

    /// Every event so far, in order.
    pub fn events(&self) -> Vec<Event> {
        lock(&self.events).clone()
    }

    /// When each task finished, earliest first.
    pub fn finish_times(&self) -> Vec<Instant> {
        let events = self.events();
        let finished = events.iter().filter_map(|event| match event {
            Event::Finished { at, .. } => Some(*at),
            _ => None,
        });
        let mut finished: Vec<Instant> = finished.collect();
        finished.sort_unstable();
        finished
    }

    /// Why `requests` requests, each waiting long enough to be seen waiting, did not wait
    /// side by side on one pool, if the log shows why: no task submitted, a pool per
    /// request, too few workers, or each result awaited before the next submit. `None`
    /// when the log shows none of these.
    pub fn why_not_side_by_side(&self, requests: usize) -> Option<String> {
        let events = self.events();
        let submitted = events
            .iter()
            .filter(|e| matches!(e, Event::Submitted { .. }));
        let pools = events.iter().filter_map(|event| match event {
            Event::Pool { max_workers, .. } => Some(*max_workers),
            _ => None,
        });
        let pools: Vec<usize> = pools.collect();
        let one_at_a_time = one_after_another(&events);
        if submitted.count() == 0 {
            return Some(format!(
                "nothing was submitted to the pool: the {requests} requests ran one after \
                 another, on the calling thread. Submit each URL to the pool \
                 (executor.submit) and wait for the results afterwards."
            ));
        }
        if pools.len() > 1 && one_at_a_time {
            return Some(format!(
                "a pool per URL: {} pools were made, each with its one task, and each was \
                 dropped at the end of its loop turn, which waits for its task, before the \
                 next URL was submitted. The {requests} requests ran one after another. Make \
                 one pool before the loop and submit every URL to it.",
                pools.len()
            ));
        }
        let workers = pools.iter().copied().max().unwrap_or(0);
        if workers < requests {
            let (workers, ran) = match workers {
                1 => ("one worker".to_owned(), "one after another".to_owned()),
                n => (format!("{n} workers"), format!("{n} at a time")),
            };
            return Some(format!(
                "{workers}: the {requests} requests ran {ran} — the pool needs {requests} \
                 workers, one per request, for all of them to wait at the same time \
                 (ThreadPoolExecutor::new({requests}))."
            ));
        }
        if one_at_a_time {
            return Some(format!(
                "result() right after submit: each URL was submitted only once the request \
                 before it had finished, so the {requests} requests ran one after another, \
                 each on a worker of its own. Submit every URL first, keep the handles, and \
                 only then wait for the results."
            ));
        }
        None
    }
}

/// Whether every task was submitted only after the one before it had finished.
fn one_after_another(events: &[Event]) -> bool {
    let mut finished = Vec::new();
    let mut submits = 0;
    for event in events {
        match event {
            Event::Submitted { task, .. } => {
                if *task > 0 && !finished.contains(&(task - 1)) {
                    return false;
                }
                submits += 1;
            }
            Event::Finished { task, .. } => finished.push(*task),
            _ => {}
        }
    }
    submits > 1
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::thread;
    use std::time::Duration;

    const NAP: Duration = Duration::from_millis(15);

    fn nap() {
        thread::sleep(NAP);
    }

    #[test]
    fn submitting_everything_first_to_enough_workers_is_side_by_side() {
        let ((), log) = record(|| {
            let pool = ThreadPoolExecutor::new(3).unwrap();
            let handles: Vec<_> = (0..3).map(|_| pool.submit(nap).unwrap()).collect();
            handles.iter().for_each(|handle| handle.result().unwrap());
        });
        assert_eq!(log.why_not_side_by_side(3), None);
        let ((), log) = record(|| {
            let pool = ThreadPoolExecutor::new(3).unwrap();
            pool.map(|()| nap(), [(), (), ()]).unwrap().for_each(drop);
        });
        assert_eq!(log.why_not_side_by_side(3), None);
    }

    #[test]
    fn each_way_of_running_one_after_another_is_named() {
        let why = |work: fn()| record(work).1.why_not_side_by_side(3).unwrap();
        let nothing = why(|| drop(ThreadPoolExecutor::new(3).unwrap()));
        assert!(nothing.starts_with("nothing was submitted"), "{nothing}");
        let pool_per_url = why(|| {
            for _ in 0..3 {
                let pool = ThreadPoolExecutor::new(3).unwrap();
                pool.submit(nap).unwrap();
            }
        });
        assert!(
            pool_per_url.starts_with("a pool per URL: 3 pools"),
            "{pool_per_url}"
        );
        let one_worker = why(|| {
            let pool = ThreadPoolExecutor::new(1).unwrap();
            let handles: Vec<_> = (0..3).map(|_| pool.submit(nap).unwrap()).collect();
            handles.iter().for_each(|handle| handle.result().unwrap());
        });
        assert!(
            one_worker.starts_with("one worker: the 3 requests"),
            "{one_worker}"
        );
        let result_after_submit = why(|| {
            let pool = ThreadPoolExecutor::new(3).unwrap();
            for _ in 0..3 {
                pool.submit(nap).unwrap().result().unwrap();
            }
        });
        assert!(
            result_after_submit.starts_with("result() right after submit"),
            "{result_after_submit}"
        );
    }

    #[test]
    fn outside_record_nothing_is_noted() {
        let pool = ThreadPoolExecutor::new(1).unwrap();
        assert!(pool.log.is_none());
        assert_eq!(pool.submit(|| 7).unwrap().result().unwrap(), 7);
    }
}
