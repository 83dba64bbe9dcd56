//! [`ThreadPoolExecutor`]: the pool, the workers it starts as work arrives,
//! and shutdown.

use std::fmt;
use std::sync::atomic::Ordering::Relaxed;

use super::queue::BlockingQueue;
use super::sync::thread::{self, JoinHandle, ThreadId};
use super::sync::{Arc, AtomicUsize, Condvar, Mutex};
use super::worker::{Job, into_job, run_worker};
use super::{ExecutorError, TaskHandle};

/// Numbers pools in thread names, like Python's class-wide counter (`ThreadPoolExecutor-0_1`).
static NEXT_POOL_ID: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// A pool of worker threads that runs submitted closures: Python's
/// `concurrent.futures.ThreadPoolExecutor`.
///
/// Dropping it is leaving Python's `with` block: it calls
/// [`shutdown(true)`](Self::shutdown), which waits for every submitted task.
/// The executor is `Sync`, so tasks can be submitted from several threads.
pub struct ThreadPoolExecutor {
    max_workers: usize,
    pool_id: usize,
    /// Python's `_shutdown` with its `_shutdown_lock`. `submit` holds the lock
    /// until its job is queued, so a concurrent `shutdown` cannot slip in
    /// between the check and the queueing.
    shut_down: Mutex<bool>,
    shared: Arc<Shared>,
}

/// What the pool shares with its worker threads.
pub(super) struct Shared {
    pub(super) jobs: BlockingQueue<Box<dyn Job>>,
    /// Python's `_idle_semaphore`: how many workers finished a job and have
    /// not yet been counted on by a `submit`.
    pub(super) idle_workers: AtomicUsize,
    workers: Mutex<Workers>,
    /// Notified when a worker exits, or starts waiting in `shutdown(true)`.
    workers_changed: Condvar,
}

struct Workers {
    /// Threads not yet joined: `shutdown(true)` called from outside the pool
    /// takes them and joins them.
    handles: Vec<JoinHandle<()>>,
    /// Every worker ever started, to tell a call from one of the pool's own tasks.
    ids: Vec<ThreadId>,
    /// Workers that have not yet left their loop.
    running: usize,
    /// How many of those are inside `shutdown(true)`, called by their own task.
    waiting_in_shutdown: usize,
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
        Self {
            max_workers,
            pool_id: NEXT_POOL_ID.fetch_add(1, Relaxed),
            shut_down: Mutex::new(false),
            shared: Arc::new(Shared {
                // Unbounded like Python's `queue.SimpleQueue`: `submit` never blocks.
                // `max_workers` caps the threads, not the work waiting for them.
                jobs: BlockingQueue::new(),
                idle_workers: AtomicUsize::new(0),
                workers: Mutex::new(Workers {
                    handles: Vec::new(),
                    ids: Vec::new(),
                    running: 0,
                    waiting_in_shutdown: 0,
                }),
                workers_changed: Condvar::new(),
            }),
        }
    }

    /// The pool size Python picks when `max_workers` is not given:
    /// `min(32, n + 4)`, where `n` is the number of CPUs this process may use,
    /// as Python 3.13 counts them (`os.process_cpu_count()`; 3.8 to 3.12 use
    /// `os.cpu_count()`, every CPU of the machine).
    ///
    /// `n` comes from [`std::thread::available_parallelism`], which honours
    /// CPU affinity as 3.13 does, and also cgroup CPU quotas, which Python
    /// ignores. If it is unknown, `n` is 1, as in Python.
    pub fn default_max_workers() -> usize {
        let cpus = std::thread::available_parallelism().map_or(1, |n| n.get());
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
        let shut_down = self.shut_down.lock();
        if *shut_down {
            return Err(ExecutorError::Shutdown);
        }
        self.make_sure_a_worker_will_come()?;

        let handle = TaskHandle::new();
        self.shared
            .jobs
            .push(into_job(task, Arc::clone(&handle.state)));
        Ok(handle)
    }

    /// Python's `_adjust_thread_count`, run before each job is queued.
    fn make_sure_a_worker_will_come(&self) -> Result<(), ExecutorError> {
        // Like Python's `_idle_semaphore.acquire(timeout=0)`: take one idle
        // worker for this job, so the next `submit` does not count on it too.
        // Relaxed is enough: the count only decides whether to start a thread,
        // and the queue's lock itself hands the job over safely.
        let claimed_idle_worker = self
            .shared
            .idle_workers
            .fetch_update(Relaxed, Relaxed, |idle| idle.checked_sub(1))
            .is_ok();
        if claimed_idle_worker {
            return Ok(());
        }
        let mut workers = self.shared.workers.lock();
        if workers.ids.len() < self.max_workers {
            let shared = Arc::clone(&self.shared);
            let worker = thread::Builder::new()
                .name(format!(
                    "ThreadPoolExecutor-{}_{}",
                    self.pool_id,
                    workers.ids.len()
                ))
                .spawn(move || run_worker(&shared))
                .map_err(|error| ExecutorError::SpawnFailed(error.to_string()))?;
            workers.ids.push(worker.thread().id());
            workers.handles.push(worker);
            workers.running += 1;
        }
        Ok(())
    }

    /// Stops accepting tasks; with `wait`, also waits until every submitted
    /// task is done and every worker thread has exited:
    /// Python's `executor.shutdown(wait)`.
    ///
    /// Tasks already submitted still run either way, as in Python (see
    /// [`shutdown_cancel_futures`](Self::shutdown_cancel_futures) for the
    /// other choice). Calling it again is harmless, from any thread: every
    /// `shutdown(true)` waits, not only the first.
    ///
    /// One of the pool's own tasks may call it too, for example by dropping the
    /// last `Arc` of its pool. A task cannot wait for itself (in Python its
    /// worker's `join` of its own thread raises `RuntimeError: cannot join
    /// current thread`), so from a task `shutdown(true)` waits for the *other*
    /// workers to exit, except those whose tasks are waiting in `shutdown(true)`
    /// too, then returns; the task and its worker finish after it. A
    /// `shutdown(true)` outside the pool still waits for all of them.
    pub fn shutdown(&self, wait: bool) {
        self.shut_down_and(wait, false);
    }

    /// [`shutdown`](Self::shutdown), and first cancels every task still in the
    /// queue: Python's `executor.shutdown(wait, cancel_futures=True)`.
    ///
    /// Tasks already running finish; the cancelled ones never run, and their
    /// [`result`](TaskHandle::result) is [`TaskError::Cancelled`](super::TaskError::Cancelled).
    pub fn shutdown_cancel_futures(&self, wait: bool) {
        self.shut_down_and(wait, true);
    }

    fn shut_down_and(&self, wait: bool, cancel_futures: bool) {
        let cancelled = {
            let mut shut_down = self.shut_down.lock();
            *shut_down = true;
            let cancelled = if cancel_futures {
                self.shared.jobs.take_all()
            } else {
                Default::default()
            };
            // The workers finish what is queued; then `pop` gives `None` and they exit.
            self.shared.jobs.close();
            cancelled
        };
        // Outside the lock: a cancelled task's captures are dropped here, and
        // one of them may be the last `Arc` of this very pool.
        for job in cancelled {
            job.cancel();
        }
        if wait {
            self.shared.wait_for_workers();
        }
    }
}

impl Shared {
    /// Waits in `shutdown(true)` until the workers have exited (see
    /// [`ThreadPoolExecutor::shutdown`] for a call from the pool's own task).
    fn wait_for_workers(&self) {
        let current = thread::current().id();
        let mut workers = self.workers.lock();
        if workers.ids.contains(&current) {
            workers.waiting_in_shutdown += 1;
            self.workers_changed.notify_all();
            self.workers_changed
                .wait_while(&mut workers, |w| w.running > w.waiting_in_shutdown);
            workers.waiting_in_shutdown -= 1;
            return;
        }
        // The condition variable lets go of the lock while waiting, so a task
        // can still take it (for `{:?}` or `shutdown` on its own pool).
        self.workers_changed
            .wait_while(&mut workers, |w| w.running > 0);
        let handles = std::mem::take(&mut workers.handles);
        drop(workers);
        for worker in handles {
            // A worker never panics (tasks' panics are caught), so there is
            // no error to report; it has left its loop, so this is quick.
            let _ = worker.join();
        }
    }

    /// The last thing a worker does.
    pub(super) fn worker_exits(&self) {
        self.workers.lock().running -= 1;
        self.workers_changed.notify_all();
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
        // One lock at a time: `submit` takes `shut_down` then `workers`, so
        // holding `workers` while waiting for `shut_down` could deadlock.
        let workers_started = self.shared.workers.lock().ids.len();
        let shut_down = *self.shut_down.lock();
        f.debug_struct("ThreadPoolExecutor")
            .field("max_workers", &self.max_workers)
            .field("workers_started", &workers_started)
            .field("shut_down", &shut_down)
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
    // std's even under `--cfg loom`, where these tests are built but not run.
    use std::thread;
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
            assert_eq!(executor.shared.workers.lock().ids.len(), 1);
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
                while executor.shared.idle_workers.load(Relaxed) == 0 {
                    thread::yield_now();
                }
            }
            assert_eq!(
                executor.shared.workers.lock().ids.len(),
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
                Arc::strong_count(&executor.shared),
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

    /// A task that waits for `gate`, then runs `body` on its own pool, submitted to a
    /// pool that another thread is shutting down with `wait`: `body`'s output and
    /// whether that thread's `shutdown(true)` returned.
    fn while_another_thread_waits_in_shutdown<R: Clone + Send + 'static>(
        body: fn(&ThreadPoolExecutor) -> R,
    ) -> R {
        let executor = Arc::new(ThreadPoolExecutor::new(2).unwrap());
        let (open_gate, gate) = bounded::<()>(0);
        let own_pool = Arc::clone(&executor);
        let handle = executor
            .submit(move || {
                let _ = gate.recv();
                body(&own_pool)
            })
            .unwrap();
        let shutting_down = thread::spawn({
            let executor = Arc::clone(&executor);
            move || executor.shutdown(true)
        });
        // Not needed for the test to pass: it gives `shutting_down` the time to be
        // waiting inside `shutdown(true)` when the task goes on, the case that hung.
        thread::sleep(Duration::from_millis(100));
        drop(open_gate);
        shutting_down.join().unwrap();
        assert!(
            handle.done(),
            "shutdown(true) returned before the task finished"
        );
        handle.result().unwrap()
    }

    #[test]
    fn a_task_may_shut_down_its_own_pool_while_another_thread_waits_in_shutdown() {
        within(20, || {
            while_another_thread_waits_in_shutdown(|own_pool| own_pool.shutdown(true));
        });
    }

    #[test]
    fn a_task_may_format_its_own_pool_while_another_thread_waits_in_shutdown() {
        let shown = within(20, || {
            while_another_thread_waits_in_shutdown(|own_pool| format!("{own_pool:?}"))
        });
        assert!(shown.contains("shut_down: true"), "{shown}");
    }

    #[test]
    fn tasks_of_two_workers_may_both_shut_down_their_pool() {
        within(20, || {
            let executor = Arc::new(ThreadPoolExecutor::new(2).unwrap());
            let both_running = Arc::new(std::sync::Barrier::new(2));
            let tasks: Vec<_> = (0..2)
                .map(|_| {
                    let (own_pool, both_running) =
                        (Arc::clone(&executor), Arc::clone(&both_running));
                    executor
                        .submit(move || {
                            both_running.wait();
                            own_pool.shutdown(true);
                        })
                        .unwrap()
                })
                .collect();
            executor.shutdown(true);
            assert!(tasks.iter().all(TaskHandle::done));
        });
    }

    #[test]
    fn shutdown_true_in_a_task_waits_for_the_other_workers() {
        within(20, || {
            let executor = Arc::new(ThreadPoolExecutor::new(2).unwrap());
            let (open_gate, gate) = bounded::<()>(0);
            let other = executor.submit(move || gate.recv().is_ok()).unwrap();
            let own_pool = Arc::clone(&executor);
            let other_in_task = other.clone();
            let shutting_down = executor
                .submit(move || {
                    own_pool.shutdown(true);
                    other_in_task.done()
                })
                .unwrap();
            thread::sleep(Duration::from_millis(50));
            assert!(
                !shutting_down.done(),
                "shutdown(true) in a task did not wait"
            );
            drop(open_gate);
            assert_eq!(shutting_down.result(), Ok(true));
        });
    }

    #[test]
    fn shutdown_cancel_futures_cancels_what_is_queued_and_lets_the_running_task_finish() {
        within(20, || {
            let executor = ThreadPoolExecutor::new(1).unwrap();
            let (open_gate, gate) = bounded::<()>(0);
            let (started, starts) = bounded(3);
            let handles: Vec<_> = (0..3)
                .map(|i| {
                    let (gate, started) = (gate.clone(), started.clone());
                    executor
                        .submit(move || {
                            started.send(i).unwrap();
                            gate.recv().is_err()
                        })
                        .unwrap()
                })
                .collect();
            assert_eq!(starts.recv(), Ok(0));
            executor.shutdown_cancel_futures(false);
            assert!(handles[1].cancelled() && handles[2].cancelled());
            assert_eq!(
                executor.submit(|| true).unwrap_err(),
                ExecutorError::Shutdown
            );

            drop(open_gate);
            executor.shutdown(true);
            let results: Vec<_> = handles.iter().map(TaskHandle::result).collect();
            assert_eq!(
                results,
                [
                    Ok(true),
                    Err(TaskError::Cancelled),
                    Err(TaskError::Cancelled)
                ]
            );
            assert!(starts.try_recv().is_err(), "a cancelled task ran");
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
