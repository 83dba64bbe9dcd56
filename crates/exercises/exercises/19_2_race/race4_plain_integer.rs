// Example 19.2, exercise 4: a plain integer cannot be shared for writing.
// Lecture lines: notes 4-11 and 13-16 (narration 3-9 and 10-13): where the count lives.
//
// This is the lecture's `UnsafeCounter`, word for word, with a plain `usize` as the count.
// It does not compile. 100 threads share the counter through `&Counter`, a shared
// reference, and through a shared reference Rust lets nobody write to a plain integer,
// since another thread might be using it at the same moment. Python allows the write, and
// that is how its counter loses updates.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use ex19_2_race::THREAD_COUNT;
// The two types that let threads change a number through `&self`: std's `Mutex` and
// `AtomicUsize`, in a stress mode that makes a gap between a read and a write lose an
// update in every run, not once in a while. The tests want the count to be one of these.
#[allow(unused_imports)]
use lecture19_exercises::{AtomicUsize, Mutex};

// TODO: Give `count` a type that threads can update through `&self`, and change `new`,
// `increment` and `value` to match (the compiler says where). Then make the increment
// lose nothing, so that the count is exactly 100 in every run: the last two exercises show
// two ways. `&mut self` will not do: 100 threads cannot all hold the one exclusive
// reference.
struct Counter {
    count: usize,
}

impl Counter {
    fn new() -> Self {
        Self { count: 0 }
    }

    fn increment(&self) {
        let current_value = self.count;
        thread::yield_now();
        self.count = current_value + 1;
    }

    fn value(&self) -> usize {
        self.count
    }
}

/// Starts `THREAD_COUNT` threads that each call `increment` once on a new counter, waits
/// for all of them, and returns the count.
fn count_with_threads() -> usize {
    let counter = Counter::new();
    thread::scope(|scope| {
        for _ in 0..THREAD_COUNT {
            scope.spawn(|| counter.increment());
        }
    });
    counter.value()
}

fn main() {
    // On a thread of its own, so that a deadlock ends the program instead of hanging it.
    let (done, counted) = mpsc::channel();
    thread::spawn(move || done.send(count_with_threads()));
    match counted.recv_timeout(Duration::from_secs(5)) {
        Ok(count) => println!("Counter (expected 100): {count}"),
        Err(_) => {
            eprintln!("Still counting after 5 s: does a thread wait for a lock that it holds?");
            std::process::exit(1);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::RecvTimeoutError;

    /// Runs `work` on a thread of its own and fails the test if it is still running after
    /// `limit`, so that a wrong answer fails instead of hanging.
    fn within<T: Send + 'static>(limit: Duration, work: impl FnOnce() -> T + Send + 'static) -> T {
        let (done, result) = mpsc::channel();
        thread::spawn(move || done.send(work()));
        match result.recv_timeout(limit) {
            Ok(value) => value,
            Err(RecvTimeoutError::Timeout) => panic!(
                "the threads were still running after {limit:?}: does a thread wait for a \
                 lock that it holds itself?"
            ),
            Err(RecvTimeoutError::Disconnected) => panic!("a thread panicked (message above)"),
        }
    }

    #[test]
    fn exactly_100_in_every_run() {
        let counts = within(Duration::from_secs(5), || {
            let mut counts = Vec::new();
            // Up to the first run that loses updates: that one says enough.
            while counts.len() < 20 && counts.iter().all(|&count| count == THREAD_COUNT) {
                counts.push(count_with_threads());
            }
            counts
        });
        for (run, count) in counts.iter().enumerate() {
            assert_eq!(
                *count,
                THREAD_COUNT,
                "run {} of 20 counted {count}: {} updates were lost. The type lets threads \
                 share the count, but the increment still reads and writes in separate \
                 steps, and other threads wrote in between. Make it whole: one lock held \
                 across it (notes 19-20), or one atomic read-add-write.",
                run + 1,
                THREAD_COUNT - count
            );
        }
    }

    #[test]
    fn the_count_is_a_mutex_or_an_atomic_imported_above() {
        // Does not compile if the count is of another type, and says why.
        lecture19_exercises::has_stress_mode(&Counter::new().count);
    }
}
