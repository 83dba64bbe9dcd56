//! A thread pool with the API of Python's `concurrent.futures.ThreadPoolExecutor`.
//!
//! | Python (`concurrent.futures`)                 | Rust (this module)                                  |
//! |-----------------------------------------------|-----------------------------------------------------|
//! | `ThreadPoolExecutor(max_workers=5)`           | [`ThreadPoolExecutor::new`]`(5)?`                   |
//! | `ThreadPoolExecutor()`                        | [`ThreadPoolExecutor::default`]`()`, sized by [`ThreadPoolExecutor::default_max_workers`] |
//! | leaving `with ThreadPoolExecutor() as ex:`    | dropping the [`ThreadPoolExecutor`]                 |
//! | `executor.submit(fn, arg)`                    | [`ThreadPoolExecutor::submit`]`(move \|\| fn(arg))` |
//! | `Future`                                      | [`TaskHandle`]                                      |
//! | `future.result()`, `future.result(timeout)`   | [`TaskHandle::result`], [`TaskHandle::result_timeout`] |
//! | `future.done()`, `future.running()`           | [`TaskHandle::done`], [`TaskHandle::running`]       |
//! | `future.cancel()`, `future.cancelled()`       | [`TaskHandle::cancel`], [`TaskHandle::cancelled`]   |
//! | `CancelledError` from `future.result()`       | `Err(`[`TaskError::Cancelled`]`)`                   |
//! | `as_completed(fs)`, `as_completed(fs, t)`     | [`as_completed`], [`as_completed_timeout`]          |
//! | `executor.map(fn, items)`                     | [`ThreadPoolExecutor::map`]                         |
//! | closing `map`'s generator early (`break`)     | dropping its [`MapResults`]: the tasks not started are cancelled |
//! | `executor.shutdown(wait)`                     | [`ThreadPoolExecutor::shutdown`]`(wait)`            |
//! | `executor.shutdown(wait, cancel_futures=True)` | [`ThreadPoolExecutor::shutdown_cancel_futures`]`(wait)` |
//!
//! Python's `cancel_futures` is a keyword-only argument that defaults to
//! `False`, so a Python call never passes it as a bare `True`; a method of its
//! own keeps the Rust call as readable, and `shutdown(wait)` is unchanged.
//!
//! # Where it still differs from CPython
//!
//! - [`as_completed_timeout`]'s clock starts at the call; CPython's starts at
//!   the first `next()`, because a generator runs nothing before it.
//! - [`ThreadPoolExecutor::default_max_workers`] counts the CPUs this process
//!   may use, as Python 3.13's `os.process_cpu_count()` does; 3.8 to 3.12
//!   count every CPU of the machine (`os.cpu_count()`).
//! - A pool kept in a `static` is never dropped, so nothing waits for its
//!   tasks: they die with `main`. Python joins every pool's workers at exit.
//! - A task that panicked gives `Err` for its item in `map`, and the loop goes
//!   on; in Python, the exception ends the loop (and cancels the rest).
//!
//! # How the pool works
//!
//! - **One job queue.** `submit` boxes the task into a job and pushes it on a
//!   queue that every worker pops from. Whichever worker is free takes the
//!   next job.
//! - **Lazy workers.** A thread is started only when a job arrives, no worker
//!   is idle and fewer than `max_workers` exist. Afterwards workers loop,
//!   taking job after job, so threads are reused instead of created per task.
//! - **Panics stay in the task.** A worker runs each task under
//!   [`std::panic::catch_unwind`] and stores the panic message as the task's
//!   error, the way Python stores the exception in the future. The worker
//!   lives on.
//! - **A task starts, or is cancelled, once.** Its state goes from pending to
//!   running when a worker takes it, or to cancelled by
//!   [`TaskHandle::cancel`]; whichever comes first wins, under the task's lock,
//!   and a worker that takes a cancelled job drops it.
//! - **Completion is announced on queues.** [`TaskHandle::result`] waits on the
//!   task's condition variable; [`as_completed`] gives *one* queue to every
//!   task it watches, and each task puts its id on it when it is done, so the
//!   ids arrive in the order the tasks finish.
//! - **Shutdown closes the queue.** The workers finish what is queued; then
//!   `pop` gives `None` and they exit. `shutdown(true)` waits on a condition
//!   variable until they have, so it holds no lock while it waits, and a task
//!   may still format its pool or shut it down.
//!
//! # Model checking with loom
//!
//! The pool is built from the primitives of a `sync` module: std's and
//! parking_lot's normally, loom's when this crate's unit tests are built with
//! `--cfg loom`. The models in `loom_models.rs` then run the executor's own
//! code under every interleaving of its threads, or, where two workers run,
//! every one with at most three preemptions (`cargo xtask loom` runs them):
//!
//! ```text
//! RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom \
//!     cargo test -p ex19_1_fetch --release --lib loom
//! ```
//!
//! # Example
//!
//! Three tasks submitted in one order finish, and are reported, in another:
//!
//! ```
//! use ex19_1_fetch::executor::{ThreadPoolExecutor, as_completed};
//! use std::{thread, time::Duration};
//!
//! let executor = ThreadPoolExecutor::new(3)?;
//! let handles = [300, 100, 200]
//!     .into_iter()
//!     .map(|ms| {
//!         executor.submit(move || {
//!             thread::sleep(Duration::from_millis(ms));
//!             ms
//!         })
//!     })
//!     .collect::<Result<Vec<_>, _>>()?;
//!
//! let mut finished = Vec::new();
//! for handle in as_completed(handles) {
//!     finished.push(handle.result()?);
//! }
//! assert_eq!(finished, [100, 200, 300]);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod as_completed;
mod errors;
mod handle;
#[cfg(all(test, loom))]
mod loom_models;
mod map;
mod pool;
mod queue;
mod sync;
#[cfg(test)]
mod test_support;
mod worker;

pub use as_completed::{AsCompleted, AsCompletedTimeout, as_completed, as_completed_timeout};
pub use errors::{ExecutorError, TaskError, TimeoutError};
pub use handle::TaskHandle;
pub use map::MapResults;
pub use pool::ThreadPoolExecutor;
