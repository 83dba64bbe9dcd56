//! Example 19.2 the Rust Book way (chapter 16): `Arc<Mutex<usize>>`, `thread::spawn`
//! and a `Vec` of `JoinHandle`s.
//!
//! The mirror (`src/main.rs`) lends its counter to scoped threads and locks a
//! `parking_lot::Mutex`. Here every thread is a plain [`thread::spawn`], which may
//! outlive `main`'s locals, so each owns a clone of an [`Arc`] that keeps the counter
//! alive; the handles are joined one by one, as Python's `t.join()` loop does. The lock
//! is [`std::sync::Mutex`], whose `lock()` returns a `Result` because a thread that
//! panics while holding it poisons it.
//!
//! The unsafe half locks too, and still loses updates: it takes the lock to read and
//! again to write, and releases it in between. A lock only helps if it covers the
//! whole read-modify-write.

use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};

const THREAD_COUNT: usize = 100;

/// ⚠️ Every access is locked, but the increment is not: another thread can write
/// between our read and our write.
fn increment_in_two_locks(counter: &Mutex<usize>) {
    let current_value = *counter.lock().unwrap(); // the guard drops at the semicolon
    thread::yield_now();
    *counter.lock().unwrap() = current_value + 1;
}

/// One guard across the read and the write: Python's `with self._lock: self.count += 1`.
fn increment_in_one_lock(counter: &Mutex<usize>) {
    let mut count = counter.lock().unwrap();
    *count += 1;
}

/// Starts `THREAD_COUNT` threads that each call `increment` once, joins them all,
/// and returns the count.
fn count_from_threads(increment: fn(&Mutex<usize>)) -> usize {
    let counter = Arc::new(Mutex::new(0));
    let mut handles: Vec<JoinHandle<()>> = Vec::new();
    for _ in 0..THREAD_COUNT {
        let counter = Arc::clone(&counter);
        handles.push(thread::spawn(move || increment(&counter)));
    }
    for handle in handles {
        handle.join().unwrap();
    }
    *counter.lock().unwrap()
}

/// What `--help` says under the usage line.
const ABOUT: &str = "Example 19.2 the Rust Book way: Arc<Mutex<usize>>, thread::spawn and JoinHandles.\n\
         Takes no flags; --trace is the mirror's (cargo run -p ex19_2_race -- --trace).";

fn main() {
    // The variant takes no flags: anything but --help stops it, with exit code 2.
    ex19_2_race::cli::none_or_exit("arc_mutex", ABOUT);
    let unsafe_count = count_from_threads(increment_in_two_locks);
    println!("Unsafe counter (expected 100): {unsafe_count}");

    let safe_count = count_from_threads(increment_in_one_lock);
    assert_eq!(safe_count, THREAD_COUNT);
    println!("Safe counter (expected 100): {safe_count}");
}
