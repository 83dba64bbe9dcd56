// Example 19.2, exercise 2: the fix with a lock, held for the whole increment.
// Lecture lines: notes 13-20 and 30-34 (narration 10-16 and 23-27).
//
// The count lives inside a `Mutex`, so no thread can touch it without the lock. And yet
// updates are lost: `increment` locks once to read and once again to write, and between
// the two the lock is free, so another thread can read the same old value. The lecture
// holds the lock across the whole read-modify-write (`with self._lock: self.count += 1`).
// In Rust the lock is held for as long as the guard that `lock()` returns is alive.

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use ex19_2_race::THREAD_COUNT;
// std's `Mutex` in a stress mode: a thread that takes the lock again after releasing it
// waits until another thread has had it. A gap between two locks then loses an update in
// every run, not once in a while.
use lecture19_exercises::Mutex;

/// The lecture's `SafeCounter`: the `Mutex` owns the count.
struct SafeCounter {
    count: Mutex<usize>,
}

impl SafeCounter {
    fn new() -> Self {
        Self {
            count: Mutex::new(0),
        }
    }

    fn increment(&self) {
        // TODO: Each `lock()` below makes a guard that is dropped at the end of its
        // statement, which unlocks. Take one guard and keep it until the write is done:
        // `let mut count = self.count.lock().unwrap();`, then read and write through it.
        let current_value = *self.count.lock().unwrap();
        thread::yield_now();
        *self.count.lock().unwrap() = current_value + 1;
    }
}

/// Starts `THREAD_COUNT` threads that each call `increment` once on a new counter, waits
/// for all of them, and returns the count.
fn count_with_threads() -> usize {
    let counter = SafeCounter::new();
    thread::scope(|scope| {
        for _ in 0..THREAD_COUNT {
            scope.spawn(|| counter.increment());
        }
    });
    counter.count.into_inner().unwrap()
}

fn main() {
    // On a thread of its own, so that a deadlock ends the program instead of hanging it.
    let (done, counted) = mpsc::channel();
    thread::spawn(move || done.send(count_with_threads()));
    match counted.recv_timeout(Duration::from_secs(5)) {
        Ok(count) => println!("Safe counter (expected 100): {count}"),
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
                "run {} of 20 counted {count}: {} updates were lost. The lock was free \
                 between the read and the write: taken once to read and again to write, it \
                 let other threads read the same old count in between. The lecture's safe \
                 counter is exactly 100 in every run (notes 30-34): hold one guard from the \
                 read to the write (notes 19-20).",
                run + 1,
                THREAD_COUNT - count
            );
        }
    }
}
