//! Example 19.3 of Lecture 19: a producer and consumers on a bounded queue.
//!
//! The program (`src/main.rs`, to be read beside the Python) starts one producer
//! thread and three consumer threads that share a queue holding at most 10
//! items. The producer puts tasks 0 to 4, printing each, then one `None`: the
//! sentinel that means "no more work". Each consumer takes tasks, works on each
//! for a random 10 to 50 ms, appends a line to a shared results list and marks
//! the task done; when it takes the sentinel it puts it back for the next
//! consumer and stops. The program prints
//!
//! ```text
//! Produced task 0
//! Produced task 1
//! Produced task 2
//! Produced task 3
//! Produced task 4
//! Processed 5 tasks
//! ```
//!
//! Python's `queue.Queue` is [`TaskQueue`] here: a bounded crossbeam channel for
//! the items, plus the count of unfinished tasks that `task_done` and `join`
//! work with. In the Rust program the sentinel is the `None` of an
//! `Option<u32>`, so a task can never be mistaken for it.
//!
//! With `--timeline` the program then draws what each thread did in that run, and
//! `--items N` and `--consumers N` change the lecture's 5 tasks and 3 consumers
//! ([`cli`]): the queue notes every call ([`recording`]) and [`view`] draws them with
//! the workspace's shared `timeline` crate.
//!
//! The producer, the consumer, the queue and the results are defined once, in
//! `src/main.rs`. This library compiles that file a second time, as a private
//! module, and re-exports them, so the tests run the example's own functions.
//!
//! # Model checking with loom
//!
//! Built with `--cfg loom`, this crate's unit tests build [`TaskQueue`] from
//! loom's mutex and condition variables and a loom model of the channel, and
//! check it under every interleaving of a few threads: `join` returns only
//! after every `task_done`, and the lecture's sentinel fan-out (2 consumers,
//! capacity 1) processes every task exactly once and stops every consumer.
//!
//! ```text
//! RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom \
//!     cargo test -p ex19_3_queue --release --lib loom
//! ```

pub mod cli;
pub mod recording;
mod sync;
mod task_queue;
pub mod view;

// `main.rs` imports from `ex19_3_queue`, so the crate answers to that name
// when it compiles `main.rs` as its own module.
extern crate self as ex19_3_queue;

#[path = "main.rs"]
#[allow(
    dead_code,
    reason = "the library uses the producer and the consumer, not `main`"
)]
mod mirror;

pub use mirror::{RESULTS, TASK_QUEUE, consumer, producer};

#[cfg(all(test, loom))]
mod loom_models;

pub use task_queue::{TaskDoneError, TaskQueue};
