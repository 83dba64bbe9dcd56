//! Example 19.2 with an atomic instead of a lock: `AtomicUsize::fetch_add`.
//!
//! The mirror (`src/main.rs`) fixes the race as the lecture does, with a lock around
//! the read and the write. For one counter a Rust engineer reaches for
//! [`AtomicUsize::fetch_add`] instead: the processor does the read, the add and the
//! write as one indivisible step, so there is no gap for another thread to write in,
//! and no lock to take. The unsafe half is the mirror's `UnsafeCounter`, reduced to a
//! closure, so the two lines print side by side as in the mirror.

use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::thread;

const THREAD_COUNT: usize = 100;

/// Starts `THREAD_COUNT` threads that each call `increment` once on a shared count,
/// and returns the count once all have finished.
fn count_from_threads(increment: impl Fn(&AtomicUsize) + Sync) -> usize {
    let count = AtomicUsize::new(0);
    thread::scope(|scope| {
        for _ in 0..THREAD_COUNT {
            scope.spawn(|| increment(&count));
        }
    });
    count.into_inner()
}

/// What `--help` says under the usage line.
const ABOUT: &str = "Example 19.2 with an atomic instead of a lock: the safe counter counts with\n\
         AtomicUsize::fetch_add. Takes no flags; --trace is the mirror's (cargo run -p ex19_2_race\n\
         -- --trace).";

fn main() {
    // The variant takes no flags: anything but --help stops it, with exit code 2.
    ex19_2_race::cli::none_or_exit("fetch_add", ABOUT);
    // ⚠️ Load, yield, store: another thread can store between our load and our store.
    let unsafe_count = count_from_threads(|count| {
        let current_value = count.load(Relaxed);
        thread::yield_now();
        count.store(current_value + 1, Relaxed);
    });
    println!("Unsafe counter (expected 100): {unsafe_count}");

    let safe_count = count_from_threads(|count| {
        // The same invitation to switch threads, but fetch_add has no gap for it to open.
        thread::yield_now();
        count.fetch_add(1, Relaxed);
    });
    assert_eq!(safe_count, THREAD_COUNT);
    println!("Safe counter (expected 100): {safe_count}");
}
