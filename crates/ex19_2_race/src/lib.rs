//! Example 19.2 of Lecture 19: a race condition, then the fix with a lock.
//!
//! The program (`src/main.rs`, to be read beside the Python) starts 100 threads that
//! each increment a shared counter once, and does it twice: first with
//! `UnsafeCounter`, whose increment is a read, a yield and a write, then with
//! `SafeCounter`, whose increment holds a lock. It prints
//!
//! ```text
//! Unsafe counter (expected 100): 37
//! Safe counter (expected 100): 100
//! ```
//!
//! The first number changes from run to run: while one thread sits between its
//! read and its write, others read the same old value, and every write but the
//! last of them is overwritten. The second is always 100, because the lock lets
//! one thread at a time through the read and the write.
//!
//! # Why the Rust counter is not a word-for-word translation
//!
//! Python lets any thread assign to `self.count` whenever it likes. Safe Rust
//! does not, and the two steps below show where it stops the literal
//! translation. Each step is a pair: code that does not compile, then the same
//! code with the one change that makes it compile.
//!
//! ## Step 1: a method that only has `&self` cannot assign to a field
//!
//! Python's `self` becomes `&self`, a shared reference, and a shared reference
//! does not allow writes:
//!
//! ```compile_fail
//! struct UnsafeCounter {
//!     count: usize,
//! }
//!
//! impl UnsafeCounter {
//!     fn increment(&self) {
//!         let current_value = self.count;
//!         std::thread::yield_now();
//!         self.count = current_value + 1; // error: cannot assign, `self` is a `&` reference
//!     }
//! }
//! ```
//!
//! With `&mut self`, an exclusive reference, the same code compiles:
//!
//! ```
//! struct UnsafeCounter {
//!     count: usize,
//! }
//!
//! impl UnsafeCounter {
//!     fn increment(&mut self) {
//!         let current_value = self.count;
//!         std::thread::yield_now();
//!         self.count = current_value + 1;
//!     }
//! }
//!
//! let mut counter = UnsafeCounter { count: 0 };
//! counter.increment();
//! assert_eq!(counter.count, 1);
//! ```
//!
//! ## Step 2: an exclusive reference cannot be shared by 100 threads
//!
//! `&mut` means "nobody else uses this now", so 100 threads cannot each hold one:
//!
//! ```compile_fail
//! use std::thread;
//!
//! struct UnsafeCounter {
//!     count: usize,
//! }
//!
//! impl UnsafeCounter {
//!     fn increment(&mut self) {
//!         let current_value = self.count;
//!         thread::yield_now();
//!         self.count = current_value + 1;
//!     }
//! }
//!
//! let mut counter = UnsafeCounter { count: 0 };
//! thread::scope(|scope| {
//!     for _ in 0..100 {
//!         scope.spawn(|| counter.increment()); // error: mutable borrow, more than once
//!     }
//! });
//! ```
//!
//! An atomic count can be read and written through a shared reference, so the
//! same program compiles. This is the `UnsafeCounter` of the example:
//!
//! ```
//! use std::sync::atomic::{AtomicUsize, Ordering};
//! use std::thread;
//!
//! struct UnsafeCounter {
//!     count: AtomicUsize,
//! }
//!
//! impl UnsafeCounter {
//!     fn increment(&self) {
//!         let current_value = self.count.load(Ordering::Relaxed);
//!         thread::yield_now();
//!         self.count.store(current_value + 1, Ordering::Relaxed);
//!     }
//! }
//!
//! let counter = UnsafeCounter { count: AtomicUsize::new(0) };
//! thread::scope(|scope| {
//!     for _ in 0..100 {
//!         scope.spawn(|| counter.increment());
//!     }
//! });
//! assert!(counter.count.load(Ordering::Relaxed) <= 100);
//! ```
//!
//! # A race condition without a data race
//!
//! What the compiler rules out is a *data race*: two threads touching the same
//! memory at once, one of them writing, with nothing to order them. That is
//! undefined behaviour, and safe Rust cannot express it. What it cannot rule out
//! is a *race condition*: steps that are each safe, interleaved in an order that
//! gives a wrong answer. `UnsafeCounter` has exactly that: each load and each
//! store is indivisible, but the load, the yield and the store together are
//! not, so it compiles and still loses updates. The lock of `SafeCounter` makes
//! the three steps one; so would `AtomicUsize::fetch_add`, which does the read
//! and the write as a single atomic operation, but the lecture's subject is the
//! lock.
//!
//! The `compile_fail` tests above carry no error code (such as `E0499`): rustdoc
//! checks those codes only on nightly, and on stable it would accept a test that
//! fails for any reason at all. What proves the reason instead is each pair: the
//! compiling twin differs only in the change the lesson is about.
//!
//! # Where the counters live
//!
//! [`UnsafeCounter`] and [`SafeCounter`] are defined once, in `src/main.rs`, the
//! mirror of the lecture's program. This library compiles that file a second time,
//! as a private module, and re-exports the two counters, so the tests, the loom
//! models and the measurements use the example's very counters, not copies. The
//! mirror takes its `Mutex` and atomics from [`sync`], which is where loom's are
//! swapped in.
//!
//! # What the threads did: `--trace`
//!
//! `cargo run -p ex19_2_race -- --trace` prints the lecture's two lines, then tells that
//! same run: how many of the unsafe counter's updates were lost, which threads read the
//! same value, and one lost update step by step, in the order the lecture tells it. The
//! flag ([`cli`]) turns recording on ([`trace::start`]) before the counters are made; the
//! types of [`sync`] then log every read and write with its thread, and
//! [`trace::report`] reads the logs back. Without the flag nothing is logged.
//!
//! # Model checking with loom
//!
//! A run of the program shows one interleaving; [loom](https://docs.rs/loom)
//! tries them all. Built with `--cfg loom`, this crate's unit tests take the
//! `Mutex` and the atomics of [`sync`] from loom, and check the very counters of
//! the example with two threads: `UnsafeCounter` can end at 1 (the lost update is
//! reachable) and `SafeCounter` always ends at 2. `cargo xtask loom` runs them and
//! prints the shortest schedule that loses an update, as a table (see
//! [`trace::schedule_table`]), with how many schedules of each counter loom ran.
//!
//! ```text
//! RUSTFLAGS="--cfg loom" CARGO_TARGET_DIR=target/loom \
//!     cargo test -p ex19_2_race --release --lib loom
//! ```
//!
//! The `loom` filter matters: it leaves out the ordinary tests, which use
//! std's threads and would fail on loom's types outside a model.

pub mod cli;
pub mod sync;
pub mod trace;

// `main.rs` imports from `ex19_2_race`, so the crate answers to that name
// when it compiles `main.rs` as its own module.
extern crate self as ex19_2_race;

#[path = "main.rs"]
#[allow(dead_code, reason = "the library uses the counters, not `main`")]
mod mirror;

pub use mirror::{SafeCounter, THREAD_COUNT, UnsafeCounter};

#[cfg(all(test, loom))]
mod loom_models;
