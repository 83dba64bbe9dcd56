// Wrong solution of race4_plain_integer: a Mutex, locked once to read and again to write.
// Rejected by: the stress Mutex: a thread that takes the lock again waits until another
// thread has taken it.
// Rejected with: the increment still reads and writes in separate

use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use ex19_2_race::THREAD_COUNT;
// The two types that let threads change a number through `&self`: std's `Mutex` and
// `AtomicUsize`, in a stress mode that makes a gap between a read and a write lose an
// update in every run, not once in a while. The tests want the count to be one of these.
use lecture19_exercises::Mutex;

// The `Mutex` owns the count: a shared reference reaches it only through the lock.
struct Counter {
    count: Mutex<usize>,
}

impl Counter {
    fn new() -> Self {
        Self {
            count: Mutex::new(0),
        }
    }

    fn increment(&self) {
        let current_value = *self.count.lock().unwrap();
        thread::yield_now();
        *self.count.lock().unwrap() = current_value + 1;
    }

    fn value(&self) -> usize {
        *self.count.lock().unwrap()
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
