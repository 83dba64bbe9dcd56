//! Example 19.2: a lost update between threads, then the fix with a lock.
//!
//! Read it beside the Python: `// line N` marks the line of the code notes it mirrors.

use std::thread; // line 1
// line 2: no import: Python's `time.sleep(0)` becomes `thread::yield_now()` (line 10)

// parking_lot's `Mutex` (Python's `threading.Lock`, line 16) and std's atomics: lib.rs swaps
// in loom's to model-check the counters, hence their `pub(crate)`. Why not a plain `usize`:
// safe Rust lets threads share one only for reading (see the crate docs in lib.rs).
use ex19_2_race::sync::{AtomicUsize, Mutex, Ordering};

/// ⚠️ Deliberately broken: an increment is a read, a yield and a write, and
/// another thread can write in between. No data race (each load and store is
/// atomic), but a race condition: updates get lost.
// line 4
pub(crate) struct UnsafeCounter {
    pub(crate) count: AtomicUsize,
}

impl UnsafeCounter {
    /// Python's `__init__`.
    // line 5
    pub(crate) fn new() -> Self {
        Self {
            count: AtomicUsize::new(0), // line 6
        }
    }

    /// Adds one, unless another thread wrote between our read and our write.
    // line 8
    pub(crate) fn increment(&self) {
        let current_value = self.count.load(Ordering::Relaxed); // line 9
        // `sleep(Duration::ZERO)` returns without entering the kernel, so Rust's stand-in
        // for `time.sleep(0)` is `yield_now`: it offers the core to another thread.
        thread::yield_now(); // line 10
        self.count.store(current_value + 1, Ordering::Relaxed); // line 11 ⚠️ loses updates
    }
}

/// The fix: the `Mutex` owns the count, so the count cannot be touched without the lock.
// line 13
pub(crate) struct SafeCounter {
    pub(crate) count: Mutex<usize>,
}

impl SafeCounter {
    /// Python's `__init__`.
    // line 14
    pub(crate) fn new() -> Self {
        Self {
            count: Mutex::new(0), // line 15
        }
        // line 16: no separate lock: the Mutex of line 15 is the lock, and it owns the count
    }

    /// Adds one while holding the lock, so no increment is lost.
    // line 18
    pub(crate) fn increment(&self) {
        let mut count = self.count.lock(); // line 19
        *count += 1; // line 20
    } // `count`, the guard, drops here and unlocks: the end of Python's `with` block
}

const THREAD_COUNT: usize = 100; // line 22

fn main() {
    let unsafe_counter = UnsafeCounter::new(); // line 24
    // Threads may borrow the counter only if none outlives it: `thread::scope` joins
    // them all before it returns (plain `thread::spawn` would need an `Arc`).
    thread::scope(|scope| {
        // line 25
        for _ in 0..THREAD_COUNT {
            scope.spawn(|| unsafe_counter.increment()); // line 26: `spawn` also starts it
        }
    }); // line 27: the scope joins every thread (and re-raises a panic from one)
    // The joins order every store before this read, so Relaxed sees them all.
    let unsafe_count = unsafe_counter.count.load(Ordering::Relaxed);
    println!("Unsafe counter (expected 100): {unsafe_count}"); // line 28

    let safe_counter = SafeCounter::new(); // line 30
    thread::scope(|scope| {
        // line 31
        for _ in 0..THREAD_COUNT {
            scope.spawn(|| safe_counter.increment()); // line 32
        }
    }); // line 33
    println!("Safe counter (expected 100): {}", safe_counter.count.lock()); // line 34
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc;
    use std::time::Duration;

    const RUNS: usize = 20;
    const LIMIT: Duration = Duration::from_secs(60);

    /// Runs `body` on its own thread and fails the test if it takes longer than `LIMIT`.
    fn within_limit<T: Send + 'static>(body: impl FnOnce() -> T + Send + 'static) -> T {
        let (done, result) = mpsc::channel();
        thread::spawn(move || done.send(body()));
        match result.recv_timeout(LIMIT) {
            Ok(value) => value,
            Err(mpsc::RecvTimeoutError::Timeout) => panic!("timed out after {LIMIT:?}"),
            Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the test body panicked"),
        }
    }

    /// One run of the lecture's pattern: `THREAD_COUNT` threads call `increment` once each.
    fn increment_from_threads(increment: impl Fn() + Sync) {
        thread::scope(|scope| {
            for _ in 0..THREAD_COUNT {
                scope.spawn(&increment);
            }
        });
    }

    /// The final count of each of `RUNS` runs with a fresh `UnsafeCounter`.
    fn unsafe_counts() -> Vec<usize> {
        within_limit(|| {
            let run = || {
                let counter = UnsafeCounter::new();
                increment_from_threads(|| counter.increment());
                counter.count.load(Ordering::Relaxed)
            };
            (0..RUNS).map(|_| run()).collect()
        })
    }

    /// The final count of each of `RUNS` runs with a fresh `SafeCounter`.
    fn safe_counts() -> Vec<usize> {
        within_limit(|| {
            let run = || {
                let counter = SafeCounter::new();
                increment_from_threads(|| counter.increment());
                *counter.count.lock()
            };
            (0..RUNS).map(|_| run()).collect()
        })
    }

    #[test]
    fn safe_counter_counts_every_increment() {
        assert_eq!(safe_counts(), vec![THREAD_COUNT; RUNS]);
    }

    #[test]
    fn unsafe_counter_never_counts_more_than_it_was_asked_to() {
        let counts = unsafe_counts();
        assert!(counts.iter().all(|&c| c <= THREAD_COUNT), "{counts:?}");
    }

    #[test]
    fn unsafe_counter_loses_updates() {
        // Measured: each of 1,300 runs of 100 threads lost updates, on 2 cores and on one
        // (`taskset -c 0`), so "at least once in 20 runs" is essentially never flaky.
        let counts = unsafe_counts();
        assert!(
            counts.iter().any(|&c| c < THREAD_COUNT),
            "none lost: {counts:?}"
        );
    }
}
