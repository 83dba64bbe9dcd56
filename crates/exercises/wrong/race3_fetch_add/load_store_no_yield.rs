// Wrong solution of race3_fetch_add: the load and the store kept, with the yield between
// them removed: the gap is then too short for another thread to get in by chance.
// Rejected by: the stress AtomicUsize: after a load, the thread's next operation waits
// until another thread has done one.
// Rejected with: The read and the write were separate steps

use std::sync::atomic::Ordering;
use std::thread;

use ex19_2_race::THREAD_COUNT;
// std's `AtomicUsize` in a stress mode: after a thread's `load`, its next operation on
// the same atomic waits until another thread has done one. A gap between a read and a
// write then loses an update in every run, not once in a while.
use lecture19_exercises::AtomicUsize;

/// A counter that many threads add to through a shared reference.
struct Counter {
    count: AtomicUsize,
}

impl Counter {
    fn new() -> Self {
        Self {
            count: AtomicUsize::new(0),
        }
    }

    /// Adds one and returns the count as it was just before.
    fn increment(&self) -> usize {
        let current_value = self.count.load(Ordering::Relaxed);
        self.count.store(current_value + 1, Ordering::Relaxed);
        current_value
    }
}

/// Starts `THREAD_COUNT` threads that each call `increment` once on a new counter, waits
/// for all of them, and returns the final count and the count each thread found.
fn count_with_threads() -> (usize, Vec<usize>) {
    let counter = Counter::new();
    let mut found = thread::scope(|scope| {
        let threads: Vec<_> = (0..THREAD_COUNT)
            .map(|_| scope.spawn(|| counter.increment()))
            .collect();
        let found: Vec<usize> = threads.into_iter().map(|t| t.join().unwrap()).collect();
        found
    });
    found.sort_unstable();
    (counter.count.into_inner(), found)
}

fn main() {
    let (count, _) = count_with_threads();
    println!("Counter with fetch_add (expected 100): {count}");
}
