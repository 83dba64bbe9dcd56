// Example 19.2, exercise 3: the fix without a lock, with `fetch_add`.
// Lecture lines: notes 9-11 (narration 7-9), fixed another way than notes 18-20.
//
// This is the unsafe counter again: a load, a yield and a store, so updates get lost. A
// lock is one fix. For a single number there is a smaller one: an atomic read-add-write,
// which the processor does as one indivisible step, so no other thread can get in between.
// `increment` also returns the count it found, before its own update.

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
        // TODO: Replace the load, the yield and the store with one call that reads, adds and
        // writes at once, with no lock: `AtomicUsize` has one for adding, and it returns
        // the value it found. (Keep a `thread::yield_now()` before it if you like: it can no
        // longer split anything.)
        let current_value = self.count.load(Ordering::Relaxed);
        thread::yield_now();
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
    fn exactly_100_in_every_run() {
        let counts = within(Duration::from_secs(5), || {
            let mut counts = Vec::new();
            // Up to the first run that loses updates: that one says enough.
            while counts.len() < 20 && counts.iter().all(|&count| count == THREAD_COUNT) {
                counts.push(count_with_threads().0);
            }
            counts
        });
        for (run, count) in counts.iter().enumerate() {
            assert_eq!(
                *count,
                THREAD_COUNT,
                "run {} of 20 counted {count}: {} updates were lost. The read and the write \
                 were separate steps (a load, then a store, or a compare_exchange that is \
                 not tried again when it fails), and other threads wrote in between. Like \
                 the lecture's safe counter, this one must reach exactly 100 in every run \
                 (notes 30-34): make the read, the add and the write one atomic step.",
                run + 1,
                THREAD_COUNT - count
            );
        }
    }

    #[test]
    fn every_thread_finds_a_different_count() {
        let (count, found) = within(Duration::from_secs(5), count_with_threads);
        let expected: Vec<usize> = (0..THREAD_COUNT).collect();
        assert!(
            found != (1..=THREAD_COUNT).collect::<Vec<_>>(),
            "the threads found 1, 2, ... 100: each returned the count after its own add. \
             fetch_add returns the count it found, before the add: return that, not that \
             plus one."
        );
        let mut repeated: Vec<_> = found
            .windows(2)
            .filter(|w| w[0] == w[1])
            .map(|w| w[0])
            .collect();
        repeated.dedup();
        let example = &repeated[..repeated.len().min(5)];
        assert!(
            count != THREAD_COUNT || found == expected,
            "no update was lost, but several threads returned the same count (for example \
             {example:?}): the count returned was read by a separate load, and other threads \
             added in between. Return what fetch_add returns: the count it found when it \
             added."
        );
        assert!(
            found == expected,
            "several threads found the same count (for example {example:?}), so each wrote \
             the same next value and all but one update were lost. With one indivisible \
             read-add-write, the threads find 0, 1, 2, ... 99, each once."
        );
    }
}
