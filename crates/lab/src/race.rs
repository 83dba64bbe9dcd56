//! Claims about shared state (Concept 2.1, Example 19.2).
//!
//! - Claim 5: a counter incremented by 100 threads "might show 87, or 93, or 100". Measured
//!   as the distribution of the final count over many runs, with the yield between the
//!   read and the write (the lecture's program) and without it, on all cores and on one.
//! - Claim 6: the counter behind a lock is 100 in every run; and what a lock costs per
//!   increment under contention, beside an atomic `fetch_add`.
//!
//! The counters are the mirror's own (`ex19_2_race::{UnsafeCounter, SafeCounter}`, from
//! `crates/ex19_2_race/src/main.rs`). The one experiment of the lab's own is
//! [`increment_without_yield`]: the mirror's read and write on the same counter, with
//! nothing between them.

use std::process::Command;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::sync::{Barrier, Mutex as StdMutex};
use std::thread;
use std::time::{Duration, Instant};

use ex19_2_race::{SafeCounter, THREAD_COUNT, UnsafeCounter};
use serde_json::{Value, json};

use super::python::number;
use super::stats::{describe_counts, histogram, median};
use super::svg::{self, HistogramPanel, Histograms};
use super::table::Row;
use super::{Context, Findings, Picture, progress, taskset_works};
use crate::process::stdout_within;

/// The hidden flag (`--race-probe yield|plain RUNS`) that runs one batch of counter runs
/// and prints it as JSON, so that the batch can be re-run under `taskset -c 0`.
pub const PROBE: &str = "race-probe";
/// Thread counts for the cost of an increment; 1 is the uncontended baseline.
const CONTENDING: [usize; 3] = [1, 2, 4];

/// How each of the 100 threads increments the mirror's `UnsafeCounter`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Step {
    /// The mirror's `increment`: read, `yield_now`, write (the lecture's program).
    Yield,
    /// The lab's [`increment_without_yield`]: read, then write at once.
    Plain,
}

impl Step {
    /// `yield` or `plain`, as the probe's argument names it.
    pub fn from_name(name: &str) -> Option<Step> {
        [Step::Yield, Step::Plain]
            .into_iter()
            .find(|step| step.name() == name)
    }

    fn name(self) -> &'static str {
        match self {
            Step::Yield => "yield",
            Step::Plain => "plain",
        }
    }
}

/// The lab's experiment, not the lecture's: the mirror counter's read and write with no
/// yield between them, to see how often updates are lost when the window is nanoseconds.
fn increment_without_yield(counter: &UnsafeCounter) {
    let current_value = counter.count.load(Relaxed);
    counter.count.store(current_value + 1, Relaxed);
}

/// The final count of each of `runs` runs of 100 threads that increment once each.
fn unsafe_counts(runs: usize, step: Step) -> Vec<usize> {
    (0..runs)
        .map(|_| {
            let counter = UnsafeCounter::new();
            thread::scope(|scope| {
                for _ in 0..THREAD_COUNT {
                    scope.spawn(|| match step {
                        Step::Yield => counter.increment(),
                        Step::Plain => increment_without_yield(&counter),
                    });
                }
            });
            counter.count.load(Relaxed)
        })
        .collect()
}

/// The same runs with the mirror's `SafeCounter`.
fn safe_counts(runs: usize) -> Vec<usize> {
    (0..runs)
        .map(|_| {
            let counter = SafeCounter::new();
            thread::scope(|scope| {
                for _ in 0..THREAD_COUNT {
                    scope.spawn(|| counter.increment());
                }
            });
            counter.count.into_inner()
        })
        .collect()
}

/// The hidden `claims --race-probe yield|plain RUNS`: prints `{"counts": [...]}`.
pub fn probe(step: Step, runs: usize) -> anyhow::Result<()> {
    println!("{}", json!({ "counts": unsafe_counts(runs, step) }));
    Ok(())
}

/// The same runs in a copy of this program pinned to CPU 0.
fn pinned_unsafe_counts(runs: usize, step: Step) -> Result<Vec<usize>, String> {
    taskset_works()?;
    let me = std::env::current_exe().map_err(|e| format!("cannot find this program: {e}"))?;
    let mut command = Command::new("taskset");
    command.args(["-c", "0"]).arg(me).args([
        format!("--{PROBE}"),
        step.name().to_owned(),
        runs.to_string(),
    ]);
    let stdout = stdout_within(&mut command, Duration::from_secs(120))
        .map_err(|why| format!("the run under taskset failed: {why}"))?;
    let value: Value = serde_json::from_str(&stdout)
        .map_err(|e| format!("the pinned run printed no JSON ({e})"))?;
    counts_at(&value, "/counts")
}

fn counts_at(value: &Value, pointer: &str) -> Result<Vec<usize>, String> {
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .and_then(|items| {
            items
                .iter()
                .map(|v| v.as_u64().and_then(|n| usize::try_from(n).ok()))
                .collect()
        })
        .ok_or_else(|| format!("no list of counts at {pointer}"))
}

/// Nanoseconds per increment when `threads` threads each add `increments` times, as
/// wall-clock time over all increments: the rate the counter sustains.
///
/// Each thread notes when it starts and ends, and the span runs from the first start to
/// the last end: the spawning thread's own clock would be wrong whenever it is not
/// scheduled again until the others have finished, which happens on a busy machine.
fn increment_cost(threads: usize, increments: usize, increment: &(dyn Fn() + Sync)) -> f64 {
    let start_line = Barrier::new(threads);
    let spans: Vec<(Instant, Instant)> = thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(|| {
                    start_line.wait();
                    let start = Instant::now();
                    for _ in 0..increments {
                        increment();
                    }
                    (start, Instant::now())
                })
            })
            .collect();
        workers
            .into_iter()
            .filter_map(|worker| worker.join().ok())
            .collect()
    });
    let first = spans.iter().map(|&(start, _)| start).min();
    let last = spans.iter().map(|&(_, end)| end).max();
    match (first, last) {
        (Some(first), Some(last)) => {
            (last - first).as_secs_f64() * 1e9 / (threads * increments) as f64
        }
        _ => f64::NAN,
    }
}

/// The median of three timings of each kind of counter at each thread count.
fn increment_costs(increments: usize) -> Vec<(&'static str, usize, f64)> {
    let safe_counter = SafeCounter::new();
    let std_mutex = StdMutex::new(0_usize);
    let atomic = AtomicUsize::new(0);
    let kinds: [(&'static str, &(dyn Fn() + Sync)); 3] = [
        // The mirror's `SafeCounter::increment`: its count behind a `parking_lot::Mutex`.
        ("parking_lot::Mutex", &|| safe_counter.increment()),
        ("std::sync::Mutex", &|| {
            *std_mutex
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner()) += 1;
        }),
        ("AtomicUsize::fetch_add", &|| {
            atomic.fetch_add(1, Relaxed);
        }),
    ];
    let mut costs = Vec::new();
    for (name, increment) in kinds {
        for threads in CONTENDING {
            let samples: Vec<f64> = (0..3)
                .map(|_| increment_cost(threads, increments, increment))
                .collect();
            costs.push((name, threads, median(&samples).unwrap_or(f64::NAN)));
        }
    }
    costs
}

/// Claims 5 and 6, in Rust and in Python, with the histogram of claim 5.
pub fn measure(context: &Context) -> Findings {
    let scale = context.scale;
    let runs = scale.counter_runs;
    let started = progress("claims 5 and 6: the unsafe and the safe counter, lock costs");
    let python_args = |increments: bool| {
        let mut args = vec!["--runs".to_owned(), runs.to_string()];
        if increments {
            args.extend([
                "--increments".to_owned(),
                (scale.increments / 4).to_string(),
            ]);
        }
        args
    };
    let timeout = Duration::from_secs(300);
    let python_all = context
        .python
        .run("race.py", &python_args(true), false, timeout);
    let python_pinned = match taskset_works() {
        Ok(()) => context
            .python
            .run("race.py", &python_args(false), true, timeout),
        Err(why) => Err(why),
    };

    let variants: Vec<Variant> = [
        (Step::Yield, false),
        (Step::Yield, true),
        (Step::Plain, false),
        (Step::Plain, true),
    ]
    .into_iter()
    .map(|(step, pinned)| {
        let rust = if pinned {
            pinned_unsafe_counts(runs, step)
        } else {
            Ok(unsafe_counts(runs, step))
        };
        let key = match step {
            Step::Yield => "/unsafe_sleep0",
            Step::Plain => "/unsafe_plain",
        };
        let python_source = if pinned { &python_pinned } else { &python_all };
        let python = python_source
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|v| counts_at(v, key));
        Variant {
            step,
            pinned,
            rust,
            python,
        }
    })
    .collect();
    let safe = safe_counts(runs);
    let python_safe = python_all
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|v| counts_at(v, "/safe"));
    let costs = increment_costs(scale.increments);
    eprintln!("  {:.1} s", started.elapsed().as_secs_f64());

    let mut rows: Vec<Row> = variants.iter().map(Variant::row).collect();
    rows.push(safe_row(&safe, &python_safe));
    rows.push(cost_row(&costs, &python_all));
    Findings {
        rows,
        pictures: vec![histogram_picture(&variants, runs)],
        details: vec![distribution_details(&variants)],
    }
}

/// One way of running the unsafe counter, and its final counts in both languages.
struct Variant {
    step: Step,
    pinned: bool,
    rust: Result<Vec<usize>, String>,
    python: Result<Vec<usize>, String>,
}

impl Variant {
    fn id(&self) -> &'static str {
        match (self.step, self.pinned) {
            (Step::Yield, false) => "5a",
            (Step::Yield, true) => "5b",
            (Step::Plain, false) => "5c",
            (Step::Plain, true) => "5d",
        }
    }

    fn describe(&self) -> String {
        let cores = if self.pinned {
            "pinned to one core (taskset -c 0)".to_owned()
        } else {
            format!(
                "on all {} cores",
                thread::available_parallelism().map_or(0, |n| n.get())
            )
        };
        let step = match self.step {
            Step::Yield => "with the yield between read and write (the lecture's program)",
            Step::Plain => "without the yield: read then write at once",
        };
        format!("unsafe counter, 100 threads, {step}, {cores}")
    }

    fn row(&self) -> Row {
        let cell = |counts: &Result<Vec<usize>, String>| match counts {
            Ok(counts) => describe_counts(counts, THREAD_COUNT),
            Err(why) => format!("not measured: {why}"),
        };
        let verdict = match &self.rust {
            Ok(counts) => verdict_for(counts),
            Err(_) => "not measured".into(),
        };
        Row {
            id: self.id(),
            claim: self.describe(),
            source: "Concept 2.1",
            lecture: "87, or 93, or 100: varies by run".into(),
            rust: cell(&self.rust),
            python: cell(&self.python),
            verdict,
        }
    }

    fn panel_title(&self, language: &str, counts: &[usize]) -> String {
        let step = match (self.step, language) {
            (Step::Yield, "Python") => "sleep(0)",
            (Step::Yield, _) => "yield_now()",
            (Step::Plain, _) => "no yield",
        };
        let cores = if self.pinned { "1 core" } else { "all cores" };
        let below = counts.iter().filter(|&&c| c < THREAD_COUNT).count();
        // The table's median, from the same counts: the picture and the table are one run.
        let as_f64: Vec<f64> = counts.iter().map(|&c| c as f64).collect();
        let median = median(&as_f64).map_or("no runs".to_owned(), |m| format!("median {m:.0}"));
        format!(
            "{language}, {step}, {cores}: {median}, {below} of {} lost updates",
            counts.len()
        )
    }
}

/// How the counts compare with the lecture's 87, 93 or 100.
fn verdict_for(counts: &[usize]) -> String {
    let as_f64: Vec<f64> = counts.iter().map(|&c| c as f64).collect();
    let Some(median) = median(&as_f64) else {
        return "no runs".into();
    };
    let lost = counts.iter().filter(|&&c| c < THREAD_COUNT).count();
    if lost == 0 {
        "no update lost here: without a pause, the window is too short to hit".into()
    } else if lost * 10 < counts.len() {
        format!(
            "rarely varies: {lost} of {} runs lost updates; the window is nanoseconds wide",
            counts.len()
        )
    } else if median < 87.0 {
        format!("varies, as said, but loses far more: median {median:.0}")
    } else {
        format!("holds: varies, median {median:.0}")
    }
}

fn safe_row(rust: &[usize], python: &Result<Vec<usize>, String>) -> Row {
    let all_100 =
        |counts: &[usize]| !counts.is_empty() && counts.iter().all(|&c| c == THREAD_COUNT);
    Row {
        id: "6",
        claim: "the counter behind a lock is exactly 100 in every run".into(),
        source: "Example 19.2 narration; notes lines 30-34",
        lecture: "always exactly 100".into(),
        rust: describe_counts(rust, THREAD_COUNT),
        python: match python {
            Ok(counts) => describe_counts(counts, THREAD_COUNT),
            Err(why) => format!("not measured: {why}"),
        },
        verdict: if all_100(rust) {
            format!("holds in all {} runs", rust.len())
        } else {
            format!("does not hold: {}", describe_counts(rust, THREAD_COUNT))
        },
    }
}

fn cost_row(costs: &[(&'static str, usize, f64)], python: &Result<Value, String>) -> Row {
    let by_kind = |kind: &str| -> String {
        let figures: Vec<String> = costs
            .iter()
            .filter(|(k, _, _)| *k == kind)
            .map(|(_, threads, ns)| format!("{threads}t {ns:.1}"))
            .collect();
        format!("{kind} {} ns", figures.join(" / "))
    };
    let kinds = [
        "parking_lot::Mutex",
        "std::sync::Mutex",
        "AtomicUsize::fetch_add",
    ];
    let rust = kinds.map(by_kind).join("; ");
    let python_cell = python
        .as_ref()
        .map_err(Clone::clone)
        .and_then(|v| {
            let figures = CONTENDING
                .iter()
                .enumerate()
                .map(|(i, threads)| {
                    Ok(format!(
                        "{threads}t {:.0}",
                        number(v, &format!("/lock/{i}/ns_per_increment"))?
                    ))
                })
                .collect::<Result<Vec<String>, String>>()?;
            Ok(format!("threading.Lock {} ns", figures.join(" / ")))
        })
        .unwrap_or_else(|why| format!("not measured: {why}"));
    let cost = |kind: &str, threads: usize| {
        costs
            .iter()
            .find(|(k, t, _)| *k == kind && *t == threads)
            .map(|(_, _, ns)| *ns)
    };
    let verdict = match (
        cost("parking_lot::Mutex", 4),
        cost("AtomicUsize::fetch_add", 4),
        cost("parking_lot::Mutex", 1),
    ) {
        (Some(lock), Some(atomic), Some(alone)) => format!(
            "no figure to check; with 4 threads a lock costs {:.1}× an uncontended one and {:.1}× an atomic",
            lock / alone,
            lock / atomic
        ),
        _ => "no figure to check".into(),
    };
    Row {
        id: "6b",
        claim: "a lock's cost grows with contention: keep the critical section small (ns per increment, wall time / increments)".into(),
        source: "Concept 2.1",
        lecture: "\"as small as possible to minimize contention\" (no figure)".into(),
        rust,
        python: python_cell,
        verdict,
    }
}

fn histogram_picture(variants: &[Variant], runs: usize) -> Picture {
    let mut panels = Vec::new();
    for variant in variants {
        for (language, counts, color) in [
            ("Rust", &variant.rust, svg::RUST),
            ("Python", &variant.python, svg::PYTHON),
        ] {
            let (title, counts) = match counts {
                Ok(counts) => (variant.panel_title(language, counts), histogram(counts)),
                Err(why) => (
                    format!("{language}: not measured ({why})"),
                    Default::default(),
                ),
            };
            panels.push(HistogramPanel {
                title,
                color,
                counts,
            });
        }
    }
    Picture {
        file_name: "race_histogram.svg",
        caption: "Final value of the unsafe counter over many runs of 100 threads",
        svg: svg::histograms(&Histograms {
            title: "Unsafe counter: final value after 100 threads increment once each".into(),
            subtitle: format!(
                "{runs} runs per panel; dashed: the lecture's \"87, or 93\"; every run below 100 lost updates"
            ),
            x_label: "final count".into(),
            x_max: THREAD_COUNT,
            marks: vec![(87, "87".into()), (93, "93".into())],
            panels,
        }),
    }
}

/// Every count seen, per variant, for the report.
fn distribution_details(variants: &[Variant]) -> String {
    let mut out = String::from(
        "### Claim 5: final counts of the unsafe counter\n\n\
         The counter is the mirror's own `UnsafeCounter` (crates/ex19_2_race/src/main.rs, notes \
         lines 4-11); without the yield, the lab's `increment_without_yield` (crates/lab/src/race.rs) \
         does its read and write. The Python is crates/lab/python/race.py. \
         `count×runs`:\n\n",
    );
    for variant in variants {
        for (language, counts) in [("Rust", &variant.rust), ("Python", &variant.python)] {
            let seen = match counts {
                Ok(counts) => histogram(counts)
                    .into_iter()
                    .map(|(value, n)| format!("{value}×{n}"))
                    .collect::<Vec<_>>()
                    .join(" "),
                Err(why) => format!("not measured: {why}"),
            };
            out.push_str(&format!("- {} {language}: {seen}\n", variant.id()));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::within;

    #[test]
    fn the_unsafe_counter_never_counts_past_100_and_the_safe_one_always_reaches_it() {
        for step in [Step::Yield, Step::Plain] {
            let counts = within(30, move || unsafe_counts(5, step));
            assert!(counts.iter().all(|&c| (1..=100).contains(&c)), "{counts:?}");
        }
        assert_eq!(within(30, || safe_counts(5)), [100; 5]);
    }

    #[test]
    fn a_lost_update_shows_in_a_single_thread_interleaving() {
        // Two increments that both read before either writes: one is lost.
        let counter = UnsafeCounter::new();
        let first_read = counter.count.load(Relaxed);
        increment_without_yield(&counter);
        counter.count.store(first_read + 1, Relaxed);
        assert_eq!(counter.count.load(Relaxed), 1);
    }

    #[test]
    fn steps_are_named_as_the_probe_takes_them() {
        for step in [Step::Yield, Step::Plain] {
            assert_eq!(Step::from_name(step.name()), Some(step));
        }
        assert_eq!(Step::from_name("sideways"), None);
    }

    #[test]
    fn a_histogram_panel_names_the_median_its_table_row_gives() {
        let counts = vec![4, 1, 27];
        let variant = Variant {
            step: Step::Yield,
            pinned: false,
            rust: Ok(counts.clone()),
            python: Err("not here".into()),
        };
        let title = variant.panel_title("Rust", &counts);
        assert_eq!(
            title,
            "Rust, yield_now(), all cores: median 4, 3 of 3 lost updates"
        );
        assert!(variant.row().rust.starts_with("median 4,"));
    }

    #[test]
    fn verdicts_follow_the_distribution() {
        assert!(verdict_for(&[100; 10]).starts_with("no update lost"));
        let mut once = vec![100; 20];
        once[3] = 98;
        assert!(verdict_for(&once).starts_with("rarely varies: 1 of 20"));
        assert!(verdict_for(&[40, 50, 60]).contains("median 50"));
        assert!(verdict_for(&[90, 95, 100]).starts_with("holds"));
    }

    #[test]
    fn increment_cost_is_positive_and_counts_every_increment() {
        let (ns, count) = within(30, || {
            let count = AtomicUsize::new(0);
            let ns = increment_cost(2, 1000, &|| {
                count.fetch_add(1, Relaxed);
            });
            (ns, count.into_inner())
        });
        assert!(ns > 0.0);
        assert_eq!(count, 2000);
    }

    #[test]
    fn counts_are_read_from_json() {
        let value = json!({"counts": [99, 100]});
        assert_eq!(counts_at(&value, "/counts"), Ok(vec![99, 100]));
        assert!(counts_at(&json!({"counts": [-1]}), "/counts").is_err());
    }
}
