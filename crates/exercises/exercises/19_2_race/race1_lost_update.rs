// Example 19.2, exercise 1: make the lost update appear.
// Lecture lines: notes 8-11 and 22-28 (narration 6-9 and 17-22).
//
// `increment` reads the count, then writes back what it read plus one. If another thread
// writes in between, that thread's update is overwritten: lost. Here the read and the
// write follow each other within nanoseconds, so another thread almost never gets in
// between, and 100 threads almost always count to exactly 100: the bug is there, but it
// hides. The lecture makes it show by yielding between the read and the write
// (`time.sleep(0)`, line 10), so that other threads run while this one holds a stale value.

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
        let current_value = self.count.load(Ordering::Relaxed);
        // TODO: Let other threads run here, between the read and the write, as the lecture's
        // `time.sleep(0)` does. Rust's way to offer the processor to another thread is in
        // `std::thread`.
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

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::{self, RecvTimeoutError};
    use std::time::Duration;

    /// Runs `work` on a thread of its own and fails the test if it is still running after
    /// `limit`, so that a wrong answer fails instead of hanging.
    fn within<T: Send + 'static>(limit: Duration, work: impl FnOnce() -> T + Send + 'static) -> T {
        let (done, result) = mpsc::channel();
        thread::spawn(move || done.send(work()));
        match result.recv_timeout(limit) {
            Ok(value) => value,
            Err(RecvTimeoutError::Timeout) => {
                panic!("the threads were still running after {limit:?}")
            }
            Err(RecvTimeoutError::Disconnected) => panic!("a thread panicked (message above)"),
        }
    }

    #[test]
    fn updates_are_lost_in_most_runs() {
        let counts: Vec<usize> = within(Duration::from_secs(5), || {
            (0..10).map(|_| count_with_threads()).collect()
        });
        assert!(
            counts
                .iter()
                .all(|count| (1..=THREAD_COUNT).contains(count)),
            "counts {counts:?}: 100 increments end between 1 and 100"
        );
        let runs_with_losses = counts.iter().filter(|&&count| count < THREAD_COUNT).count();
        assert!(
            runs_with_losses >= 7,
            "the counts of 10 runs were {counts:?}: updates were lost in only \
             {runs_with_losses} of them, so nothing let another thread run between the read \
             and the write. The lecture's unsafe counter is almost always below 100 (notes \
             22-28): yield between the read and the write (notes 10). A yield before the \
             read or after the write leaves no gap, and sleep(Duration::ZERO) returns at \
             once, without yielding."
        );
    }

    #[test]
    fn one_thread_alone_loses_nothing() {
        let count = within(Duration::from_secs(5), || {
            let counter = UnsafeCounter::new();
            for _ in 0..THREAD_COUNT {
                counter.increment();
            }
            counter.count.load(Ordering::Relaxed)
        });
        assert_eq!(
            count, THREAD_COUNT,
            "one thread that calls increment 100 times counts to 100: each call adds one"
        );
    }
}
