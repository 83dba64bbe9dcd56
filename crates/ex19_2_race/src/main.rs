//! Example 19.2: a lost update between threads, then the fix with a lock.
//!
//! Read it beside the Python: `// line N` marks the line of the code notes it mirrors.

use std::thread; // line 1
// line 2: no import: Python's `time.sleep(0)` becomes `thread::yield_now()` (line 10)

// `threading.Lock` (line 16) is a `Mutex`. The count is atomic because safe Rust lets
// threads share a plain `usize` only for reading (the crate docs show why).
use ex19_2_race::sync::{AtomicUsize, Mutex, Ordering};

/// ⚠️ Deliberately broken: an increment is a read, a yield and a write, and
/// another thread can write in between. No data race (each load and store is
/// atomic), but a race condition: updates get lost.
// line 4
pub struct UnsafeCounter {
    /// Python's `self.count`.
    pub count: AtomicUsize,
}

impl UnsafeCounter {
    /// Python's `__init__`.
    // line 5
    pub fn new() -> Self {
        Self {
            count: AtomicUsize::new(0), // line 6
        }
    }

    /// Adds one, unless another thread wrote between our read and our write.
    // line 8
    pub fn increment(&self) {
        let current_value = self.count.load(Ordering::Relaxed); // line 9
        // `sleep(Duration::ZERO)` returns without entering the kernel, so Rust's stand-in
        // for `time.sleep(0)` is `yield_now`: it offers the core to another thread.
        thread::yield_now(); // line 10
        self.count.store(current_value + 1, Ordering::Relaxed); // line 11 ⚠️ loses updates
    }
}

/// The fix: the `Mutex` owns the count, so the count cannot be touched without the lock.
// line 13
pub struct SafeCounter {
    /// Python's `self.count`, owned by its lock.
    pub count: Mutex<usize>,
}

impl SafeCounter {
    /// Python's `__init__`.
    // line 14
    pub fn new() -> Self {
        Self {
            count: Mutex::new(0), // line 15
        }
        // line 16: no separate lock: the Mutex of line 15 is the lock, and it owns the count
    }

    /// Adds one while holding the lock, so no increment is lost.
    // line 18
    pub fn increment(&self) {
        let mut count = self.count.lock(); // line 19
        *count += 1; // line 20
    } // `count`, the guard, drops here and unlocks: the end of Python's `with` block
}

/// How many threads increment each counter once.
pub const THREAD_COUNT: usize = 100; // line 22

fn main() {
    // Not in the lecture: `--trace` makes the counters record each read and write (see --help).
    let trace = ex19_2_race::cli::trace_or_exit();
    let unsafe_counter = UnsafeCounter::new(); // line 24
    // Threads may borrow the counter only if none outlives it: `thread::scope` joins
    // them all before it returns (plain `thread::spawn` would need an `Arc`).
    thread::scope(|scope| {
        // line 25
        for _ in 0..THREAD_COUNT {
            scope.spawn(|| unsafe_counter.increment()); // line 26: `spawn` also starts it
        }
    }); // line 27: the scope joins every thread (and re-raises a panic from one)
    // The joins order every store before this read, so Relaxed sees them all.
    let unsafe_count = unsafe_counter.count.load(Ordering::Relaxed);
    println!("Unsafe counter (expected 100): {unsafe_count}"); // line 28

    let safe_counter = SafeCounter::new(); // line 30
    thread::scope(|scope| {
        // line 31
        for _ in 0..THREAD_COUNT {
            scope.spawn(|| safe_counter.increment()); // line 32
        }
    }); // line 33
    println!("Safe counter (expected 100): {}", safe_counter.count.lock()); // line 34
    if trace {
        // Not in the lecture: with `--trace`, what the threads did, from what was recorded.
        ex19_2_race::trace::print_report(&unsafe_counter.count, &safe_counter.count);
    }
}
