//! loom models of the two counters of `main.rs`, with two threads each.
//!
//! loom runs a model once for every interleaving of its threads that can give a
//! different result, so "some run ends at 1" and "every run ends at 2" are
//! statements about all of them, not about the runs a scheduler happened to pick.

use std::collections::BTreeSet;
use std::sync::{Arc, Mutex};

use crate::sync::Ordering;
use crate::{SafeCounter, UnsafeCounter};

/// Every final count that some interleaving of two threads, each calling
/// `increment` once on a fresh counter, can end with.
fn reachable_counts<C: Send + Sync + 'static>(
    new: fn() -> C,
    increment: fn(&C),
    count: fn(&C) -> usize,
) -> BTreeSet<usize> {
    // Outside the model, so it keeps what every execution saw: std's types, not loom's.
    let seen = Arc::new(Mutex::new(BTreeSet::new()));
    let record = Arc::clone(&seen);
    loom::model(move || {
        let counter = loom::sync::Arc::new(new());
        let other = loom::thread::spawn({
            let counter = loom::sync::Arc::clone(&counter);
            move || increment(&counter)
        });
        increment(&counter);
        other.join().expect("an increment never panics");
        record.lock().expect("not poisoned").insert(count(&counter));
    });
    seen.lock().expect("not poisoned").clone()
}

#[test]
fn loom_unsafe_counter_can_lose_an_update() {
    let counts = reachable_counts(UnsafeCounter::new, UnsafeCounter::increment, |counter| {
        counter.count.load(Ordering::Relaxed)
    });
    assert_eq!(counts, BTreeSet::from([1, 2]), "1 is the lost update");
}

#[test]
fn loom_safe_counter_always_counts_both_increments() {
    let counts = reachable_counts(SafeCounter::new, SafeCounter::increment, |counter| {
        *counter.count.lock()
    });
    assert_eq!(counts, BTreeSet::from([2]));
}
