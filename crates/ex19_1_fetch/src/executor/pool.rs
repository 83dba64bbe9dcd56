//! [`ThreadPoolExecutor`]: the pool, the workers it starts as work arrives,
//! and shutdown.

use std::fmt;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::thread::{self, JoinHandle};

use crossbeam_channel::{Receiver, Sender, unbounded};
use parking_lot::Mutex;

use super::worker::{Job, into_job, run_worker};
use super::{ExecutorError, TaskHandle};

/// Numbers pools in thread names, like Python's class-wide counter (`ThreadPoolExecutor-0_1`).
static NEXT_POOL_ID: AtomicUsize = AtomicUsize::new(0);

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
        let job = into_job(task, Arc::clone(&handle.state));
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::executor::TaskError;
    use crate::executor::test_support::{sleep_then_return, within};
    use crossbeam_channel::bounded;
    use std::collections::HashSet;
    use std::time::Duration;

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
