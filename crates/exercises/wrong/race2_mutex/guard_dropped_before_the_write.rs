// Wrong solution of race2_mutex: one guard for the read, dropped before a yield, and a
// second one for the write.
// Rejected by: the stress Mutex: a thread that takes the lock again waits until another
// thread has taken it.
// Rejected with: The lock was free between the read and the write

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
        let count = self.count.lock().unwrap();
        let current_value = *count;
        drop(count);
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
