//! Claims about what a thread costs (Concepts 1.1 and 1.2), and what a pool saves.
//!
//! - Claim 2: creating a thread costs 50–100 µs.
//! - Claim 3: a thread costs roughly 1 MB of stack.
//! - Claim 4: the default I/O pool size is `min(32, cpu + 4)`.
//! - Goal G3: the pool adds less than 20 µs per task, submit to result.

use std::fs;
use std::sync::Barrier;
use std::thread;
use std::time::{Duration, Instant};

use crossbeam_channel::bounded;
use ex19_1_fetch::executor::ThreadPoolExecutor;
use serde_json::Value;

use super::python::{number, numbers};
use super::stats::{Summary, seconds};
use super::table::Row;
use super::{Context, Findings, micros, progress};

/// Idle threads started to see what their stacks cost in memory.
const IDLE_THREADS: usize = 1000;
/// Rust's documented default stack for spawned threads (`std::thread`, "Stack size").
const RUST_DEFAULT_STACK: usize = 2 * 1024 * 1024;
/// Tasks run before timing the pool, so that its workers exist and are warm.
const POOL_WARMUP: usize = 200;

/// The time of `thread::spawn` alone, and of spawn plus join, for `count` empty threads.
fn spawn_times(count: usize) -> Result<(Vec<Duration>, Vec<Duration>), String> {
    let mut spawn = Vec::with_capacity(count);
    let mut spawn_join = Vec::with_capacity(count);
    for _ in 0..count {
        let start = Instant::now();
        let handle = thread::Builder::new()
            .spawn(|| {})
            .map_err(|e| format!("cannot spawn a thread: {e}"))?;
        spawn.push(start.elapsed());
        handle.join().map_err(|_| "an empty thread panicked")?;
        spawn_join.push(start.elapsed());
    }
    Ok((spawn, spawn_join))
}

/// One field of `/proc/self/status` in KiB (`VmRSS`, `VmSize`); Linux only.
fn status_kib(field: &str) -> Result<u64, String> {
    let status = fs::read_to_string("/proc/self/status")
        .map_err(|e| format!("no /proc/self/status on this system ({e})"))?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|rest| rest.split_whitespace().next()?.parse().ok())
        .ok_or_else(|| format!("/proc/self/status has no {field}"))
}

/// Resident and virtual memory, in KiB, before and while `count` threads sit idle.
#[derive(Debug, Clone, Copy, PartialEq)]
struct IdleMemory {
    rss_before: u64,
    rss_during: u64,
    virtual_before: u64,
    virtual_during: u64,
    count: usize,
}

impl IdleMemory {
    fn rss_per_thread_kib(&self) -> f64 {
        self.rss_during.saturating_sub(self.rss_before) as f64 / self.count as f64
    }

    fn virtual_per_thread_kib(&self) -> f64 {
        self.virtual_during.saturating_sub(self.virtual_before) as f64 / self.count as f64
    }
}

/// Starts `count` threads that wait on a channel, reads the process's memory while they
/// all wait, then lets them go.
fn idle_memory(count: usize) -> Result<IdleMemory, String> {
    let rss_before = status_kib("VmRSS")?;
    let virtual_before = status_kib("VmSize")?;
    let (release, released) = bounded::<()>(0);
    let all_started = std::sync::Arc::new(Barrier::new(count + 1));
    let mut handles = Vec::with_capacity(count);
    for _ in 0..count {
        let (released, all_started) = (released.clone(), std::sync::Arc::clone(&all_started));
        let spawned = thread::Builder::new().spawn(move || {
            all_started.wait();
            // Parked until the sender is dropped: recv then fails and the thread ends.
            let _ = released.recv();
        });
        match spawned {
            Ok(handle) => handles.push(handle),
            Err(e) => {
                drop(release);
                return Err(format!(
                    "thread {} of {count} would not start: {e}",
                    handles.len() + 1
                ));
            }
        }
    }
    all_started.wait();
    // A moment for the last threads to get from the barrier into `recv`.
    thread::sleep(Duration::from_millis(50));
    let memory = IdleMemory {
        rss_before,
        rss_during: status_kib("VmRSS")?,
        virtual_before,
        virtual_during: status_kib("VmSize")?,
        count,
    };
    drop(release);
    for handle in handles {
        let _ = handle.join();
    }
    Ok(memory)
}

/// Submit to result for `count` empty tasks, one at a time, on a warmed-up default pool.
fn pool_round_trips(count: usize) -> Result<Vec<Duration>, String> {
    let executor = ThreadPoolExecutor::default();
    let round_trip = || -> Result<Duration, String> {
        let start = Instant::now();
        let handle = executor.submit(|| ()).map_err(|e| e.to_string())?;
        handle.result().map_err(|e| e.to_string())?;
        Ok(start.elapsed())
    };
    for _ in 0..POOL_WARMUP {
        round_trip()?;
    }
    (0..count).map(|_| round_trip()).collect()
}

/// Claims 2, 3 and 4 and goal G3, in Rust and in Python.
pub fn measure(context: &Context) -> Findings {
    let scale = context.scale;
    let started = progress("claims 2-4 and goal G3: threads, stacks, pool size, pool overhead");
    // Python first: its 1,000 threads then do not share the machine with ours.
    let python = context.python.run(
        "threads.py",
        &[
            "--spawns".into(),
            scale.spawns.to_string(),
            "--idle".into(),
            IDLE_THREADS.to_string(),
            "--pool-tasks".into(),
            scale.pool_tasks.to_string(),
        ],
        false,
        Duration::from_secs(120),
    );
    let spawns = spawn_times(scale.spawns);
    let idle = idle_memory(IDLE_THREADS);
    let pool = pool_round_trips(scale.pool_tasks);
    eprintln!("  {:.1} s", started.elapsed().as_secs_f64());

    let rows = vec![
        spawn_row(&spawns, &python),
        stack_row(&idle, &python),
        pool_size_row(&python),
        pool_overhead_row(&pool, &spawns, &python),
    ];
    Findings {
        rows,
        ..Findings::default()
    }
}

/// `median 21.3 µs (p5–p95 15.0–40.2 µs)` of seconds.
fn spread(values: &[f64]) -> Option<(String, Summary)> {
    let s = Summary::of(values)?;
    Some((
        format!(
            "median {} (p5–p95 {}–{})",
            micros(s.median),
            micros(s.p5).trim_end_matches(" µs"),
            micros(s.p95)
        ),
        s,
    ))
}

fn spawn_row(
    rust: &Result<(Vec<Duration>, Vec<Duration>), String>,
    python: &Result<Value, String>,
) -> Row {
    let (rust_cell, rust_median) = match rust {
        Ok((spawn, spawn_join)) => match (spread(&seconds(spawn)), spread(&seconds(spawn_join))) {
            (Some((spawn, _)), Some((both, both_summary))) => (
                format!(
                    "spawn: {spawn}; spawn + join: {both}; {} threads",
                    spawn_join_count(rust)
                ),
                Some(both_summary.median),
            ),
            _ => ("no threads".into(), None),
        },
        Err(why) => (format!("error: {why}"), None),
    };
    let python_cell = python
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|v| {
            let start = spread(&numbers(v, "/spawn/start")?).ok_or("no samples")?;
            let both = spread(&numbers(v, "/spawn/start_join")?).ok_or("no samples")?;
            Ok(format!(
                "start(): {}; start() + join(): {}",
                start.0, both.0
            ))
        })
        .unwrap_or_else(|why| format!("error: {why}"));
    let place = |median: f64| {
        if median < 50e-6 {
            "below the range"
        } else if median <= 100e-6 {
            "within the range"
        } else {
            "above the range"
        }
    };
    let python_median = python
        .as_ref()
        .ok()
        .and_then(|v| numbers(v, "/spawn/start_join").ok())
        .and_then(|samples| Summary::of(&samples))
        .map(|s| s.median);
    let verdict = match (rust_median, python_median) {
        (Some(r), Some(p)) => format!(
            "Rust {} ({}), Python {} ({}): the order of magnitude holds",
            place(r),
            micros(r),
            place(p),
            micros(p)
        ),
        (Some(r), None) => format!("Rust {} ({})", place(r), micros(r)),
        _ => "not measured".into(),
    };
    Row {
        id: "2",
        claim: "creating a thread costs 50–100 µs, so a pool reuses threads".into(),
        source: "Concept 1.1",
        lecture: "50–100 µs per thread".into(),
        rust: rust_cell,
        python: python_cell,
        verdict,
    }
}

fn spawn_join_count(rust: &Result<(Vec<Duration>, Vec<Duration>), String>) -> usize {
    rust.as_ref().map_or(0, |(_, both)| both.len())
}

fn stack_row(rust: &Result<IdleMemory, String>, python: &Result<Value, String>) -> Row {
    let min_stack = std::env::var("RUST_MIN_STACK")
        .map(|v| format!("RUST_MIN_STACK={v} overrides it here"))
        .unwrap_or_else(|_| "RUST_MIN_STACK unset".into());
    let reserved = format!(
        "stack reserved: {} MiB (std's default; {min_stack})",
        RUST_DEFAULT_STACK / (1024 * 1024)
    );
    let (rust_cell, rust_rss) = match rust {
        Ok(memory) => (
            format!(
                "{reserved}; {} idle threads: +{:.0} KiB address space and +{:.0} KiB resident each",
                memory.count,
                memory.virtual_per_thread_kib(),
                memory.rss_per_thread_kib()
            ),
            Some(memory.rss_per_thread_kib()),
        ),
        Err(why) => (
            format!("{reserved}; resident memory not measured: {why}"),
            None,
        ),
    };
    let python_cell = python
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|v| {
            let setting = number(v, "/idle/stack_size_setting")?;
            let limit_kib = number(v, "/idle/rlimit_stack_kib")?;
            let count = number(v, "/idle/count")?;
            let per = |before: &str, during: &str| -> Result<f64, String> {
                Ok((number(v, during)? - number(v, before)?) / count)
            };
            Ok(format!(
                "threading.stack_size() = {setting} (the system's default: ulimit -s = {:.0} MiB); {count} idle threads: +{:.0} KiB address space and +{:.0} KiB resident each",
                limit_kib / 1024.0,
                per("/idle/virtual_before_kib", "/idle/virtual_during_kib")?,
                per("/idle/rss_before_kib", "/idle/rss_during_kib")?
            ))
        })
        .unwrap_or_else(|why| format!("error: {why}"));
    let verdict = match rust_rss {
        Some(rss) => format!(
            "reserved, not used: a thread reserves megabytes of address space but keeps {rss:.0} KiB resident"
        ),
        None => "reserved size only".into(),
    };
    Row {
        id: "3",
        claim: "each thread costs roughly 1 MB of stack".into(),
        source: "Concept 1.2",
        lecture: "~1 MB per thread".into(),
        rust: rust_cell,
        python: python_cell,
        verdict,
    }
}

fn pool_size_row(python: &Result<Value, String>) -> Row {
    let cpus = thread::available_parallelism().map_or(0, |n| n.get());
    let rust = ThreadPoolExecutor::default_max_workers();
    let formula = (cpus + 4).min(32);
    let python_cell = python
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|v| {
            Ok(format!(
                "ThreadPoolExecutor()._max_workers = {} (os.cpu_count() = {})",
                number(v, "/pool/default_max_workers")?,
                number(v, "/pool/cpu_count")?
            ))
        })
        .unwrap_or_else(|why| format!("error: {why}"));
    Row {
        id: "4",
        claim: "the default I/O pool size is min(32, cpu_count + 4)".into(),
        source: "Concept 1.2",
        lecture: "min(32, os.cpu_count() + 4)".into(),
        rust: format!("ThreadPoolExecutor::default_max_workers() = {rust} ({cpus} CPUs)"),
        python: python_cell,
        verdict: if rust == formula {
            format!("holds: min(32, {cpus} + 4) = {formula}")
        } else {
            format!("differs: {rust}, formula gives {formula}")
        },
    }
}

fn pool_overhead_row(
    rust: &Result<Vec<Duration>, String>,
    spawns: &Result<(Vec<Duration>, Vec<Duration>), String>,
    python: &Result<Value, String>,
) -> Row {
    let goal = 20e-6;
    let (rust_cell, rust_summary) = match rust {
        Ok(times) => match spread(&seconds(times)) {
            Some((text, summary)) => (format!("{text} over {} tasks", times.len()), Some(summary)),
            None => ("no tasks".into(), None),
        },
        Err(why) => (format!("error: {why}"), None),
    };
    let python_cell = python
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|v| {
            let (text, _) = spread(&numbers(v, "/pool/round_trips")?).ok_or("no samples")?;
            Ok(format!("submit(f).result(): {text}"))
        })
        .unwrap_or_else(|why| format!("error: {why}"));
    let spawn_median = spawns
        .as_ref()
        .ok()
        .and_then(|(_, both)| Summary::of_durations(both))
        .map(|s| s.median);
    let verdict = match rust_summary {
        Some(s) if s.median < goal => format!(
            "met: median {} (goal < 20 µs){}",
            micros(s.median),
            spawn_median.map_or(String::new(), |spawn| format!(
                "; {:.1}× cheaper than a new thread",
                spawn / s.median
            ))
        ),
        Some(s) => format!("missed: median {} (goal < 20 µs)", micros(s.median)),
        None => "not measured".into(),
    };
    Row {
        id: "G3",
        claim: "the pool adds < 20 µs per task (submit to result, empty task)".into(),
        source: "goal",
        lecture: "-".into(),
        rust: rust_cell,
        python: python_cell,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::within;

    #[test]
    fn proc_status_fields_are_read_in_kib() {
        if !std::path::Path::new("/proc/self/status").exists() {
            return;
        }
        assert!(status_kib("VmRSS").unwrap() > 0);
        assert!(
            status_kib("NoSuchField")
                .unwrap_err()
                .contains("NoSuchField")
        );
    }

    #[test]
    fn idle_memory_per_thread_divides_the_growth() {
        let memory = IdleMemory {
            rss_before: 1000,
            rss_during: 1000 + 16 * 100,
            virtual_before: 0,
            virtual_during: 2052 * 100,
            count: 100,
        };
        assert_eq!(memory.rss_per_thread_kib(), 16.0);
        assert_eq!(memory.virtual_per_thread_kib(), 2052.0);
    }

    #[test]
    fn the_spawn_verdict_places_the_median_against_the_range() {
        let times = |us: u64| {
            Ok((
                vec![Duration::from_micros(us); 3],
                vec![Duration::from_micros(us); 3],
            ))
        };
        let missing = Err("python3 is not on PATH".to_owned());
        let verdict = |us: u64| spawn_row(&times(us), &missing).verdict;
        assert!(verdict(20).starts_with("Rust below the range"));
        assert!(verdict(70).starts_with("Rust within the range"));
        assert!(verdict(300).starts_with("Rust above the range"));
        let python = Ok(serde_json::json!({"spawn": {"start": [1e-4], "start_join": [1.2e-4]}}));
        let both = spawn_row(&times(20), &python).verdict;
        assert!(both.contains("Python above the range (120.0 µs)"), "{both}");
    }

    #[test]
    fn the_pool_goal_is_judged_on_the_median() {
        let missing = Err("python3 is not on PATH".to_owned());
        let no_spawns = Err("not measured".to_owned());
        let fast = Ok(vec![Duration::from_micros(8); 5]);
        let slow = Ok(vec![Duration::from_micros(30); 5]);
        assert!(
            pool_overhead_row(&fast, &no_spawns, &missing)
                .verdict
                .starts_with("met")
        );
        assert!(
            pool_overhead_row(&slow, &no_spawns, &missing)
                .verdict
                .starts_with("missed")
        );
    }

    #[test]
    fn a_few_spawns_and_round_trips_are_timed() {
        let (spawn, both) = within(30, || spawn_times(5)).unwrap();
        assert_eq!((spawn.len(), both.len()), (5, 5));
        assert!(spawn.iter().zip(&both).all(|(s, b)| s <= b));
        assert_eq!(within(30, || pool_round_trips(5)).unwrap().len(), 5);
    }
}
