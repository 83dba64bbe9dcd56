// Wrong solution of race1_lost_update: the yield before the read: the read and the write
// still follow each other at once.
// Rejected by: chance, made negligible: with no gap between the read and the write, a run
// loses an update only if the scheduler stops a thread within those nanoseconds, and the
// tests want losses in 7 of 10 runs.
// Rejected with: nothing let another thread run between the read and the write

use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;

use ex19_2_race::THREAD_COUNT;

/// A counter whose increment is a read and a separate write: the lecture's `UnsafeCounter`.
struct UnsafeCounter {
    count: AtomicUsize,
}

impl UnsafeCounter {
    fn new() -> Self {
        Self {
            count: AtomicUsize::new(0),
        }
    }

    fn increment(&self) {
        thread::yield_now();
        let current_value = self.count.load(Ordering::Relaxed);
        self.count.store(current_value + 1, Ordering::Relaxed);
    }
}

/// Starts `THREAD_COUNT` threads that each call `increment` once on a new counter, waits
/// for all of them, and returns the count.
fn count_with_threads() -> usize {
    let counter = UnsafeCounter::new();
    thread::scope(|scope| {
        for _ in 0..THREAD_COUNT {
            scope.spawn(|| counter.increment());
        }
    });
    counter.count.load(Ordering::Relaxed)
}

fn main() {
    for _ in 0..5 {
        println!("Unsafe counter (expected 100): {}", count_with_threads());
    }
}
