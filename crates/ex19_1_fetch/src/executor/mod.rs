//! A thread pool with the API of Python's `concurrent.futures.ThreadPoolExecutor`.
//!
//! | Python (`concurrent.futures`)                 | Rust (this module)                                  |
//! |-----------------------------------------------|-----------------------------------------------------|
//! | `ThreadPoolExecutor(max_workers=5)`           | [`ThreadPoolExecutor::new`]`(5)?`                   |
//! | leaving `with ThreadPoolExecutor() as ex:`    | dropping the [`ThreadPoolExecutor`]                 |
//! | `executor.submit(fn, arg)`                    | [`ThreadPoolExecutor::submit`]`(move \|\| fn(arg))` |
//! | `Future`                                      | [`TaskHandle`]                                      |
//! | `future.result()`, `future.result(timeout)`   | [`TaskHandle::result`], [`TaskHandle::result_timeout`] |
//! | `future.done()`                               | [`TaskHandle::done`]                                |
//! | `as_completed(fs)`, `as_completed(fs, t)`     | [`as_completed`], [`as_completed_timeout`]          |
//! | `executor.map(fn, items)`                     | [`ThreadPoolExecutor::map`]                         |
//! | `executor.shutdown(wait)`                     | [`ThreadPoolExecutor::shutdown`]                    |
//!
//! # How the pool works
//!
//! - **One job queue.** `submit` boxes the task into a job and sends it on a
//!   crossbeam channel that every worker receives from. Whichever worker is
//!   free takes the next job.
//! - **Lazy workers.** A thread is started only when a job arrives, no worker
//!   is idle and fewer than `max_workers` exist. Afterwards workers loop,
//!   taking job after job, so threads are reused instead of created per task.
//! - **Panics stay in the task.** A worker runs each task under
//!   [`std::panic::catch_unwind`] and stores the panic message as the task's
//!   error, the way Python stores the exception in the future. The worker
//!   lives on.
//! - **Completion is announced on channels.** Anyone who wants to wait for a
//!   task hands it a [`Sender`](crossbeam_channel::Sender); the worker sends the task's id when the task
//!   finishes. [`TaskHandle::result`] waits on a channel of its own;
//!   [`as_completed`] gives *one* channel to every task it watches, so task
//!   ids arrive in the order the tasks finish.
//! - **Shutdown closes the queue.** Dropping the sending end lets the workers
//!   finish what is queued; then their `recv` fails and they exit, and
//!   `shutdown(true)` joins them.
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
mod map;
mod pool;
#[cfg(test)]
mod test_support;
mod worker;

pub use as_completed::{AsCompleted, AsCompletedTimeout, as_completed, as_completed_timeout};
pub use errors::{ExecutorError, TaskError, TimeoutError};
pub use handle::TaskHandle;
pub use map::MapResults;
pub use pool::ThreadPoolExecutor;
