//! The measurement lab: `claims [--quick]` measures the lecture's quantitative claims on
//! this machine, in Rust and in Python, and reports them beside the lecture's figures.
//! `cargo xtask claims [--quick]` runs it as `cargo run --release -p lab --bin claims`,
//! so the timings come from an optimized build.
//!
//! Everything runs on loopback against the offline httpbin stand-in (`httpbin_standin`),
//! so the figures do not depend on a network. The output is a table on stdout, and under
//! `claims/` in Cargo's target directory: `report.md` with the same table and three
//! pictures (`speedup.svg`, `timeline.svg`, `race_histogram.svg`). `docs/claims.md`
//! explains each claim and how it is measured.
//!
//! One module per group of claims: [`fetch`] (sequential against pooled fetching,
//! `as_completed` against `map`), [`threads`] (the cost of a thread, of a pool's task, the
//! default pool size), [`race`] (the unsafe and the safe counter, the cost of a lock) and
//! [`queue`] (backpressure).

mod fetch;
mod process;
mod python;
mod queue;
mod race;
mod report;
mod stats;
mod svg;
mod table;
mod threads;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::{Duration, Instant};

use anyhow::Result;
use lexopt::prelude::*;

use python::Python;
use table::Row;

/// What `claims --help` prints.
const USAGE: &str = "\
usage: cargo xtask claims [--quick]
   or: cargo run --release -p lab --bin claims -- [--quick]

Measures the lecture's quantitative claims on this machine, in Rust and (where python3
is on PATH) in Python, and prints them beside the lecture's figures. Writes report.md
and three SVG pictures to claims/ in Cargo's target directory ($CARGO_TARGET_DIR, or the
workspace's target/).

  --quick   smaller workloads (well under a minute); the full run takes a few minutes";

/// How big the workloads are: `--quick` or the full run.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Scale {
    /// Whether this is the `--quick` run.
    pub quick: bool,
    /// URLs per batch in claim 1.
    pub urls: usize,
    /// The `/delay/{d}` of claim 1's sequential run and worker sweep, in seconds.
    pub sweep_delay: f64,
    /// How often the 10-worker goal run is repeated.
    pub goal_repeats: usize,
    /// Threads spawned (and joined) one at a time for claim 2.
    pub spawns: usize,
    /// Tasks sent through the pool one at a time for the overhead goal.
    pub pool_tasks: usize,
    /// Runs of 100 threads for each counter variant (claims 5 and 6).
    pub counter_runs: usize,
    /// Increments per thread when timing locks and atomics.
    pub increments: usize,
}

impl Scale {
    const QUICK: Scale = Scale {
        quick: true,
        urls: 100,
        sweep_delay: 0.02,
        goal_repeats: 2,
        spawns: 2000,
        pool_tasks: 5000,
        counter_runs: 100,
        increments: 200_000,
    };
    const FULL: Scale = Scale {
        quick: false,
        urls: 100,
        sweep_delay: 0.1,
        goal_repeats: 5,
        spawns: 5000,
        pool_tasks: 20_000,
        counter_runs: 500,
        increments: 1_000_000,
    };
}

/// What every group of claims measures with.
pub struct Context {
    /// The workload sizes.
    pub scale: Scale,
    /// The Python interpreter, if there is one.
    pub python: Python,
}

/// A picture for the report: its file name under `target/claims/` and its SVG text.
pub struct Picture {
    /// `speedup.svg` and the like.
    pub file_name: &'static str,
    /// What the picture shows, for the link in the report.
    pub caption: &'static str,
    /// The SVG document.
    pub svg: String,
}

/// What one group of claims produced.
#[derive(Default)]
pub struct Findings {
    /// Rows of the claims table.
    pub rows: Vec<Row>,
    /// Pictures for the report.
    pub pictures: Vec<Picture>,
    /// Markdown sections with the details behind the rows (sweeps, distributions).
    pub details: Vec<String>,
}

impl Findings {
    fn extend(&mut self, other: Findings) {
        self.rows.extend(other.rows);
        self.pictures.extend(other.pictures);
        self.details.extend(other.details);
    }
}

/// What the command line asks for.
#[derive(Debug, PartialEq)]
enum Task {
    /// Measure every claim at this scale.
    Measure(Scale),
    /// Print the usage.
    Help,
    /// Hidden: one batch of unsafe-counter runs, printed as JSON, for a re-run under
    /// `taskset -c 0` (`--race-probe yield|plain RUNS`).
    Probe(race::Step, usize),
}

fn parse(mut parser: lexopt::Parser) -> Result<Task, lexopt::Error> {
    let mut scale = Scale::FULL;
    while let Some(arg) = parser.next()? {
        match arg {
            Long("quick") => scale = Scale::QUICK,
            Short('h') | Long("help") => return Ok(Task::Help),
            Long(race::PROBE) => {
                let step = parser.value()?.string()?;
                let step = race::Step::from_name(&step).ok_or_else(|| {
                    format!(
                        "--{}: the step is yield or plain, not {step:?}",
                        race::PROBE
                    )
                })?;
                return Ok(Task::Probe(step, parser.value()?.parse()?));
            }
            _ => return Err(arg.unexpected()),
        }
    }
    Ok(Task::Measure(scale))
}

fn main() -> ExitCode {
    let task = match parse(lexopt::Parser::from_env()) {
        Ok(task) => task,
        Err(error) => {
            eprintln!("claims: {error}; see --help");
            return ExitCode::from(2);
        }
    };
    let outcome = match task {
        Task::Help => {
            println!("{USAGE}");
            Ok(())
        }
        Task::Measure(scale) => measure(scale),
        Task::Probe(step, runs) => race::probe(step, runs),
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("claims: {error:#}");
            ExitCode::FAILURE
        }
    }
}

fn measure(scale: Scale) -> Result<()> {
    let started = Instant::now();
    let begun = std::time::SystemTime::now();
    let context = Context {
        scale,
        python: Python::detect(),
    };
    let machine = machine_description(&context.python);
    let load_before = load_average();
    eprintln!("claims: {machine}; load average {load_before}");

    let mut findings = Findings::default();
    findings.extend(fetch::measure(&context));
    findings.extend(threads::measure(&context));
    findings.extend(race::measure(&context));
    findings.extend(queue::measure(&context));
    findings.rows.sort_by_key(|row| report::order(row.id));
    if !context.python.is_available() {
        // One reason in every Python cell, rather than each workload's own failure.
        for row in &mut findings.rows {
            row.python = context.python.describe().to_owned();
        }
    }

    // Other programs on the machine slow every timing down; the load says how busy it was.
    let machine = format!(
        "{machine}; load average (1 min) {load_before} at the start, {} at the end",
        load_average()
    );
    let out_dir = out_dir();
    let run = report::run_name(scale, begun);
    let report = report::write(&out_dir, &findings, &machine, &run, started.elapsed())?;
    println!("{}", table::text(&findings.rows));
    println!(
        "measured in {:.1} s; report: {}",
        started.elapsed().as_secs_f64(),
        report.display()
    );
    Ok(())
}

/// `claims/` in Cargo's target directory: `$CARGO_TARGET_DIR` if set, else this
/// workspace's `target/` (two levels above this crate).
fn out_dir() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR").map_or_else(
        || {
            let lab = Path::new(env!("CARGO_MANIFEST_DIR"));
            lab.ancestors().nth(2).unwrap_or(lab).join("target")
        },
        PathBuf::from,
    );
    target.join("claims")
}

/// CPUs, OS and Python version, for the report's header.
fn machine_description(python: &Python) -> String {
    let cpus = std::thread::available_parallelism().map_or(0, |n| n.get());
    let kernel = Command::new("uname")
        .args(["-sr"])
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| std::env::consts::OS.to_owned());
    format!("{cpus} CPUs, {kernel}, {}", python.describe())
}

/// The 1-minute load average from `/proc/loadavg`, or `unknown` where there is none.
fn load_average() -> String {
    std::fs::read_to_string("/proc/loadavg")
        .ok()
        .and_then(|text| text.split_whitespace().next().map(str::to_owned))
        .unwrap_or_else(|| "unknown".to_owned())
}

/// Whether `taskset -c 0` works here: absent on macOS and Windows, refused in some
/// containers.
pub fn taskset_works() -> Result<(), String> {
    match Command::new("taskset").args(["-c", "0", "true"]).output() {
        Ok(output) if output.status.success() => Ok(()),
        Ok(output) => Err(format!(
            "taskset -c 0 refused: {}",
            String::from_utf8_lossy(&output.stderr).trim()
        )),
        Err(_) => Err("taskset is not on PATH".to_owned()),
    }
}

/// `1.012 s`
pub fn secs(seconds: f64) -> String {
    format!("{seconds:.3} s")
}

/// `12.3 ms`
pub fn millis(seconds: f64) -> String {
    format!("{:.1} ms", seconds * 1e3)
}

/// `15.2 µs`
pub fn micros(seconds: f64) -> String {
    format!("{:.1} µs", seconds * 1e6)
}

/// A timer for the progress lines on stderr.
pub fn progress(what: &str) -> Instant {
    eprintln!("claims: measuring {what}");
    Instant::now()
}

/// Seconds as a [`Duration`], for JSON numbers from Python.
pub fn duration(seconds: f64) -> Duration {
    Duration::from_secs_f64(seconds.max(0.0))
}

/// Runs `work` on its own thread and returns what it returns, failing the test if that
/// takes more than `seconds`: tests that wait on threads must not hang.
#[cfg(test)]
fn within<T: Send + 'static>(seconds: u64, work: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, outcome) = crossbeam_channel::bounded(1);
    std::thread::spawn(move || {
        let _ = done.send(work());
    });
    outcome
        .recv_timeout(Duration::from_secs(seconds))
        .unwrap_or_else(|_| panic!("not done within {seconds} s"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flags_are_parsed_and_bad_ones_refused() {
        let parse_args = |args: &[&str]| parse(lexopt::Parser::from_args(args.iter().copied()));
        assert_eq!(parse_args(&[]).unwrap(), Task::Measure(Scale::FULL));
        assert_eq!(
            parse_args(&["--quick"]).unwrap(),
            Task::Measure(Scale::QUICK)
        );
        assert_eq!(parse_args(&["--quick", "-h"]).unwrap(), Task::Help);
        assert!(
            parse_args(&["--fast"])
                .unwrap_err()
                .to_string()
                .contains("--fast")
        );
        assert!(parse_args(&["--quick", "extra"]).is_err());
    }

    #[test]
    fn the_probe_takes_a_step_and_a_number_of_runs() {
        let parse_args = |args: &[&str]| parse(lexopt::Parser::from_args(args.iter().copied()));
        assert_eq!(
            parse_args(&["--race-probe", "plain", "7"]).unwrap(),
            Task::Probe(race::Step::Plain, 7)
        );
        let sideways = parse_args(&["--race-probe", "sideways", "10"]).unwrap_err();
        assert!(
            sideways.to_string().contains("yield or plain"),
            "{sideways}"
        );
        assert!(parse_args(&["--race-probe", "yield", "ten"]).is_err());
        assert!(parse_args(&["--race-probe", "yield"]).is_err());
    }

    #[test]
    fn figures_are_formatted_in_their_units() {
        assert_eq!(secs(1.0124), "1.012 s");
        assert_eq!(millis(0.0123), "12.3 ms");
        assert_eq!(micros(0.000_015_24), "15.2 µs");
    }

    #[test]
    fn the_quick_run_is_smaller_and_still_has_100_runs_per_counter() {
        let (quick, full) = (Scale::QUICK, Scale::FULL);
        assert!(quick.sweep_delay < full.sweep_delay);
        assert!(quick.counter_runs >= 100 && full.counter_runs >= 100);
        assert!(quick.spawns >= 2000);
    }
}
