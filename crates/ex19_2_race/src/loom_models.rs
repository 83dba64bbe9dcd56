//! loom models of the two counters of `main.rs`, with two threads each, and the schedules
//! loom ran, as `cargo xtask loom` prints them and the guide shows them.
//!
//! loom runs a model once for every interleaving of its threads that can give a different
//! result, so "some schedule ends at 1" and "every schedule ends at 2" are statements about
//! all of them, not about the runs a scheduler happened to pick. The counts record their
//! steps as under `--trace` (see [`crate::trace`]), one log per schedule.

use std::sync::{Arc, Mutex, Once};
use std::time::Duration;
use std::{env, fs};

use crate::sync::Ordering;
use crate::trace::{self, Access, Increments};
use crate::{SafeCounter, UnsafeCounter};

/// Where `cargo xtask loom` asks for the report of [`loom_schedules`].
const REPORT_VAR: &str = "LECTURE19_LOOM_REPORT";

/// One schedule that loom ran: every step on the count, in order, and the final count.
struct Schedule {
    log: Vec<Access>,
    count: usize,
}

impl Schedule {
    /// Whether the two increments left less than 2.
    fn lost_an_update(&self) -> bool {
        self.count < 2
    }

    /// How many steps the increments took (looking at the result is not one).
    fn steps(&self) -> usize {
        2 * Increments::from_log(&self.log).all.len()
    }

    /// Whether its lost update happened in the lecture's order: A reads, B reads the same
    /// value, B writes, A writes the same value over it.
    fn told_as_the_lecture_tells_it(&self) -> bool {
        Increments::from_log(&self.log).narrated().is_some()
    }
}

/// Every schedule, in the order loom ran them, of two threads that each call `increment`
/// once on a fresh counter.
fn schedules<C: Send + Sync + 'static>(
    new: fn() -> C,
    increment: fn(&C),
    count: fn(&C) -> usize,
    log: fn(&C) -> Option<Vec<Access>>,
) -> Vec<Schedule> {
    trace::start();
    start_watchdog();
    // Outside the model, so it keeps what every execution saw: std's types, not loom's.
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = Arc::clone(&seen);
    let mut builder = loom::model::Builder::new();
    // Every schedule, whatever LOOM_* variables the environment sets: the counts printed
    // and shown in the guide must not depend on them.
    builder.preemption_bound = None;
    builder.max_permutations = None;
    builder.max_duration = None;
    builder.checkpoint_file = None;
    builder.check(move || {
        // Leaked, a few bytes per schedule, so that both threads may borrow it: an `Arc`
        // would add its own steps for loom to interleave, and schedules that differ only in them.
        let counter: &'static C = Box::leak(Box::new(new()));
        let other = loom::thread::spawn(move || increment(counter));
        increment(counter);
        other.join().expect("an increment never panics");
        let count = count(counter);
        let log = log(counter).expect("recording is on");
        record
            .lock()
            .expect("not poisoned")
            .push(Schedule { log, count });
    });
    std::mem::take(&mut *seen.lock().expect("not poisoned"))
}

/// Ends the test process if the models are still running after `LIMIT`: loom finds
/// deadlocks between its own primitives, but a model blocked on anything else would hang.
fn start_watchdog() {
    const LIMIT: Duration = Duration::from_secs(60);
    static STARTED: Once = Once::new();
    STARTED.call_once(|| {
        std::thread::spawn(|| {
            std::thread::sleep(LIMIT);
            eprintln!("the loom models of ex19_2_race were still running after {LIMIT:?}");
            std::process::exit(101);
        });
    });
}

fn unsafe_schedules() -> Vec<Schedule> {
    schedules(
        UnsafeCounter::new,
        UnsafeCounter::increment,
        |counter| counter.count.load(Ordering::Relaxed),
        |counter| counter.count.accesses(),
    )
}

fn safe_schedules() -> Vec<Schedule> {
    schedules(
        SafeCounter::new,
        SafeCounter::increment,
        |counter| *counter.count.lock(),
        |counter| counter.count.accesses(),
    )
}

#[test]
fn loom_unsafe_counter_can_lose_an_update() {
    let mut counts: Vec<usize> = unsafe_schedules().iter().map(|s| s.count).collect();
    counts.sort_unstable();
    counts.dedup();
    assert_eq!(counts, [1, 2], "1 is the lost update");
}

#[test]
fn loom_safe_counter_always_counts_both_increments() {
    let schedules = safe_schedules();
    assert!(!schedules.is_empty());
    assert!(schedules.iter().all(|s| s.count == 2));
}

/// The shortest schedule that loses an update, as a table, and how many schedules of each
/// counter loom ran and lost one: printed by `cargo xtask loom`, shown in the guide.
#[test]
fn loom_schedules() {
    let (unsafe_runs, safe_runs) = (unsafe_schedules(), safe_schedules());
    // Fewest steps first, then the lecture's order, then loom's: the same one every time.
    let story = unsafe_runs
        .iter()
        .filter(|s| s.lost_an_update())
        .min_by_key(|s| (s.steps(), !s.told_as_the_lecture_tells_it()))
        .expect("loom finds a lost update");
    assert!(story.told_as_the_lecture_tells_it());
    let table = trace::schedule_table(&story.log);
    let kinds: Vec<&str> = table
        .lines()
        .skip(2)
        .map(|row| {
            if row.contains("reads") {
                "read"
            } else {
                "write"
            }
        })
        .collect();
    assert_eq!(kinds, ["read", "read", "write", "write"], "{table}");

    let lost = |runs: &[Schedule]| match runs.iter().filter(|s| s.lost_an_update()).count() {
        0 => "none".to_owned(),
        n => n.to_string(),
    };
    let report = format!(
        "The shortest schedule that loses an update, with two threads, A and B, each\n\
         calling `UnsafeCounter::increment` once:\n\n{table}\n\
         | counter | schedules loom explored | of which lost an update |\n\
         |---|---:|---:|\n\
         | `UnsafeCounter` | {} | {} |\n\
         | `SafeCounter` | {} | {} |\n",
        unsafe_runs.len(),
        lost(&unsafe_runs),
        safe_runs.len(),
        lost(&safe_runs),
    );
    assert_eq!(lost(&safe_runs), "none");
    if let Some(path) = env::var_os(REPORT_VAR) {
        fs::write(&path, &report).expect("the report can be written");
    }
    println!("{report}");
}
