//! Micro-benchmarks behind the lecture's claims about cost: `cargo bench -p ex19_1_fetch`.
//!
//! - creating a thread (Concept 1.1 says 50–100 µs), and handing a task to a running pool
//!   instead (why a pool reuses its threads);
//! - one increment of a shared counter under a lock or as an atomic, with 1, 2 and 4
//!   threads incrementing at once (Concept 2.1: keep the critical section small).
//!
//! `cargo xtask claims` measures the same things inside a full report; these are the
//! statistically careful versions of its numbers.

use std::sync::Mutex as StdMutex;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::thread;

use divan::Bencher;
use ex19_1_fetch::executor::ThreadPoolExecutor;
use parking_lot::Mutex;

fn main() {
    divan::main();
}

/// A new OS thread that does nothing, and waiting for it to end.
#[divan::bench]
fn thread_spawn_join() {
    thread::spawn(|| {})
        .join()
        .expect("an empty thread does not panic");
}

/// An empty task through a warm pool: `submit`, then `result`.
#[divan::bench]
fn pool_submit_result(bencher: Bencher) {
    let executor = ThreadPoolExecutor::default();
    bencher.bench_local(|| {
        executor
            .submit(|| ())
            .expect("the pool is open")
            .result()
            .expect("an empty task does not panic")
    });
}

static PARKING_LOT_COUNT: Mutex<usize> = Mutex::new(0);
static STD_COUNT: StdMutex<usize> = StdMutex::new(0);
static ATOMIC_COUNT: AtomicUsize = AtomicUsize::new(0);

/// `SafeCounter::increment` of Example 19.2, with this many threads incrementing at once.
#[divan::bench(threads = [1, 2, 4])]
fn parking_lot_mutex_increment() {
    *PARKING_LOT_COUNT.lock() += 1;
}

/// The same with the standard library's mutex.
#[divan::bench(threads = [1, 2, 4])]
fn std_mutex_increment() {
    *STD_COUNT
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner()) += 1;
}

/// The lock-free alternative: the read and the write as one atomic instruction.
#[divan::bench(threads = [1, 2, 4])]
fn atomic_fetch_add() {
    ATOMIC_COUNT.fetch_add(1, Relaxed);
}
