//! `cargo xtask claims [--quick]`: measures the lecture's quantitative claims on this
//! machine, in Rust and in Python, and reports them beside the lecture's figures.
//!
//! Everything runs on loopback against the offline httpbin stand-in
//! (`ex19_1_fetch::httpbin`), so the figures do not depend on a network. The output is a
//! table on stdout, and under `target/claims/`: `report.md` with the same table and three
//! pictures (`speedup.svg`, `timeline.svg`, `race_histogram.svg`). `docs/claims.md`
//! explains each claim and how it is measured.
//!
//! One module per group of claims: [`fetch`] (sequential against pooled fetching,
//! `as_completed` against `map`), [`threads`] (the cost of a thread, of a pool's task, the
//! default pool size), [`race`] (the unsafe and the safe counter, the cost of a lock) and
//! [`queue`] (backpressure).

mod fetch;
mod python;
mod queue;
mod race;
mod report;
mod stats;
mod svg;
mod table;
mod threads;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use python::Python;
use table::Row;

/// What `cargo xtask claims --help` prints.
const USAGE: &str = "\
usage: cargo xtask claims [--quick]

Measures the lecture's quantitative claims on this machine, in Rust and (where python3
is on PATH) in Python, and prints them beside the lecture's figures. Writes
target/claims/report.md and three SVG pictures beside it.

  --quick   smaller workloads (well under a minute); the full run takes a few minutes";

/// How big the workloads are: `--quick` or the full run.
#[derive(Debug, Clone, Copy)]
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

/// The `claims` command: `args` are the words after `claims`.
pub fn run(args: &[String]) -> Result<(), String> {
    let words: Vec<&str> = args.iter().map(String::as_str).collect();
    match words.as_slice() {
        [] => measure(Scale::FULL),
        ["--quick"] => measure(Scale::QUICK),
        ["-h" | "--help"] => {
            println!("{USAGE}");
            Ok(())
        }
        // Hidden: one batch of counter runs, printed as JSON, for a re-run under taskset.
        [race::PROBE, variant, runs] => race::probe(variant, runs),
        _ => Err(format!(
            "claims: unexpected arguments {:?}\n\n{USAGE}",
            args.join(" ")
        )),
    }
}

fn measure(scale: Scale) -> Result<(), String> {
    // Timings of locks, pools and parsers in an unoptimized build say little about
    // either language, so a debug build hands the measuring to an optimized one.
    if cfg!(debug_assertions) && std::env::var_os(REEXEC_GUARD).is_none() {
        return rerun_optimized(scale);
    }
    let started = Instant::now();
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
    let report = report::write(&out_dir, &findings, &machine, scale, started.elapsed())?;
    println!("{}", table::text(&findings.rows));
    println!(
        "measured in {:.1} s; report: {}",
        started.elapsed().as_secs_f64(),
        report.display()
    );
    Ok(())
}

/// Set when a debug build re-runs the claims in a release build, so that it happens once.
const REEXEC_GUARD: &str = "XTASK_CLAIMS_OPTIMIZED";

fn rerun_optimized(scale: Scale) -> Result<(), String> {
    eprintln!("claims: building an optimized xtask to measure with (cargo run --release)");
    let mut command = crate::cargo::cargo();
    command.args([
        "run",
        "--quiet",
        "--release",
        "--package",
        "xtask",
        "--",
        "claims",
    ]);
    if scale.quick {
        command.arg("--quick");
    }
    let status = command
        .env(REEXEC_GUARD, "1")
        .status()
        .map_err(|e| format!("could not start cargo run --release: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!("the optimized claims run failed ({status})"))
    }
}

/// `target/claims/` of this workspace (xtask's parent folder).
fn out_dir() -> PathBuf {
    let xtask = Path::new(env!("CARGO_MANIFEST_DIR"));
    xtask
        .parent()
        .unwrap_or(xtask)
        .join("target")
        .join("claims")
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_arguments_are_refused_with_the_usage() {
        let refused = run(&["--fast".to_owned()]).unwrap_err();
        assert!(refused.contains("unexpected arguments") && refused.contains("--quick"));
        assert!(run(&["--quick".into(), "extra".into()]).is_err());
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
