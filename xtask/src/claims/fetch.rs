//! Claims about fetching URLs (Concept 1.1, Concept 1.2, Example 19.1).
//!
//! - Claim 1: 100 URLs one after another take 100 × the wait; 10 threads take a tenth.
//! - Claim 1b: the speedup for 1 to 100 workers, against the ideal.
//! - Claim 8: `as_completed` gives the first result when it is ready; `map` waits for the
//!   first input's.
//! - Example 19.1: the five fetches overlap, so the run takes about as long as the slowest.
//! - Goals G1 (10 workers within 5% of the limit) and G2 (the stand-in adds < 2 ms).
//!
//! Every request goes to the offline stand-in on 127.0.0.1 with its simulated latency off,
//! so `/delay/{d}` is the only wait, and the limit `ceil(N / W) × d` is exact.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::thread;
use std::time::{Duration, Instant};

use ex19_1_fetch::args::Options;
use ex19_1_fetch::executor::{ThreadPoolExecutor, as_completed};
use ex19_1_fetch::httpbin::{Config, Latency, Server};
use ex19_1_fetch::network::{Httpbin, Network};
use ex19_1_fetch::timeline;
use serde_json::Value;
use ureq::Agent;

use super::python::{number, numbers};
use super::stats::{Summary, seconds};
use super::svg::{self, GanttPanel, LogLogChart, Series};
use super::table::Row;
use super::{Context, Findings, Picture, duration, millis, progress, secs};

/// The worker counts of the speedup sweep.
const WORKERS: [usize; 7] = [1, 2, 5, 10, 20, 50, 100];
/// The lecture's own wait scaled down a hundredfold, so that 100 of them take 10 s.
const GOAL_DELAY: f64 = 0.1;
/// The pool size of the lecture's scraper example.
const GOAL_WORKERS: usize = 10;
/// Goal G2's gap between submissions. All 100 requests are still in flight together (each
/// lasts 100 ms), but 200 threads (clients and server) do not wake in the same millisecond
/// on two cores, which would measure the cores rather than the stand-in.
const STAGGER: Duration = Duration::from_micros(100);
/// Claim 8: one slow request first, then quick ones, on a pool of five.
const SLOW_FIRST: [f64; 5] = [0.5, 0.05, 0.05, 0.05, 0.05];
/// The lecture's five URLs (Example 19.1), answered by the stand-in.
const LECTURE_URLS: [&str; 5] = [
    "http://httpbin.org/delay/0",
    "http://httpbin.org/uuid",
    "http://httpbin.org/ip",
    "http://httpbin.org/headers",
    "http://httpbin.org/get",
];

/// One batch of fetches: sequential (`workers == 0`) or through a pool.
#[derive(Debug, Clone)]
struct Batch {
    workers: usize,
    /// From before the pool was created to after it was shut down, as the lecture times it.
    wall: Duration,
    /// Each request's own time, measured inside its task.
    per_request: Vec<Duration>,
    /// The most requests that were waiting for an answer at the same time.
    peak_in_flight: usize,
}

impl Batch {
    fn from_json(run: &Value) -> Result<Batch, String> {
        Ok(Batch {
            workers: number(run, "/workers")? as usize,
            wall: duration(number(run, "/wall")?),
            per_request: numbers(run, "/per_request")?
                .into_iter()
                .map(duration)
                .collect(),
            peak_in_flight: number(run, "/peak_in_flight")? as usize,
        })
    }
}

/// The physical limit: `ceil(n / workers)` waits one after another.
fn limit(n: usize, workers: usize, delay: f64) -> f64 {
    n.div_ceil(workers.max(1)) as f64 * delay
}

/// An agent that talks straight to 127.0.0.1: no proxy from the environment.
///
/// Its timeouts are per phase, not global: with a global timeout, ureq's default resolver
/// starts a thread for every lookup (so that the lookup can be abandoned), which would add
/// a thread per request to what is measured.
fn agent() -> Agent {
    let config = Agent::config_builder()
        .proxy(None)
        .timeout_connect(Some(Duration::from_secs(5)))
        .timeout_recv_response(Some(Duration::from_secs(30)))
        .timeout_recv_body(Some(Duration::from_secs(30)))
        .build();
    Agent::new_with_config(config)
}

/// Fetches `url` and reads the whole body; the body's size, or why not.
fn fetch(agent: &Agent, url: &str) -> Result<usize, String> {
    let mut response = agent.get(url).call().map_err(|e| format!("{url}: {e}"))?;
    let body = response
        .body_mut()
        .read_to_vec()
        .map_err(|e| format!("{url}: {e}"))?;
    Ok(body.len())
}

/// Counts the requests in flight and remembers the most at once.
#[derive(Default)]
struct InFlight {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl InFlight {
    fn timed(&self, request: impl FnOnce() -> Result<usize, String>) -> Result<Duration, String> {
        let now = self.now.fetch_add(1, Relaxed) + 1;
        self.peak.fetch_max(now, Relaxed);
        let start = Instant::now();
        let outcome = request();
        let elapsed = start.elapsed();
        self.now.fetch_sub(1, Relaxed);
        outcome.map(|_| elapsed)
    }
}

/// Fetches `urls` one after another (`workers == 0`) or through a pool of `workers`, with
/// `stagger` between submissions.
fn run_batch(
    agent: &Agent,
    urls: &[String],
    workers: usize,
    stagger: Duration,
) -> Result<Batch, String> {
    let in_flight = Arc::new(InFlight::default());
    let start = Instant::now();
    let per_request = if workers == 0 {
        urls.iter()
            .map(|url| in_flight.timed(|| fetch(agent, url)))
            .collect::<Result<Vec<_>, _>>()?
    } else {
        let executor = ThreadPoolExecutor::new(workers).map_err(|e| e.to_string())?;
        let handles = urls
            .iter()
            .map(|url| {
                let (agent, url, in_flight) = (agent.clone(), url.clone(), Arc::clone(&in_flight));
                let submitted = executor.submit(move || in_flight.timed(|| fetch(&agent, &url)));
                if !stagger.is_zero() {
                    thread::sleep(stagger);
                }
                submitted
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        let times = handles
            .iter()
            .map(|handle| handle.result().map_err(|e| e.to_string())?)
            .collect::<Result<Vec<_>, _>>()?;
        drop(executor);
        times
    };
    Ok(Batch {
        workers,
        wall: start.elapsed(),
        per_request,
        peak_in_flight: in_flight.peak.load(Relaxed),
    })
}

fn delay_urls(base: &str, n: usize, delay: f64) -> Vec<String> {
    (0..n).map(|_| format!("{base}/delay/{delay}")).collect()
}

/// Runs the same batches in Python, or says why not.
fn python_batches(
    context: &Context,
    base: &str,
    n: usize,
    delay: f64,
    workers: &[usize],
    repeats: usize,
    stagger: Duration,
) -> Result<Vec<Batch>, String> {
    let workers: Vec<String> = workers.iter().map(usize::to_string).collect();
    let expected = (n as f64 * delay) * repeats as f64 * workers.len() as f64;
    let value = context.python.run(
        "fetch.py",
        &[
            "batch".into(),
            "--base".into(),
            base.into(),
            "--n".into(),
            n.to_string(),
            "--delay".into(),
            delay.to_string(),
            "--workers".into(),
            workers.join(","),
            "--repeats".into(),
            repeats.to_string(),
            "--stagger".into(),
            stagger.as_secs_f64().to_string(),
        ],
        false,
        Duration::from_secs_f64(60.0 + 3.0 * expected),
    )?;
    value
        .pointer("/runs")
        .and_then(Value::as_array)
        .ok_or("the Python output has no runs")?
        .iter()
        .map(Batch::from_json)
        .collect()
}

/// Claims 1 and 1b, goals G1 and G2 (Rust and Python), claim 8 and the 19.1 timeline.
pub fn measure(context: &Context) -> Findings {
    let mut findings = Findings::default();
    let server = match Server::start(Config::default().latency(Latency::OFF)) {
        Ok(server) => server,
        Err(e) => {
            findings.rows.push(Row {
                id: "1",
                claim: "the httpbin stand-in".into(),
                source: "-",
                lecture: "-".into(),
                rust: format!("cannot start the stand-in: {e}"),
                python: "-".into(),
                verdict: "not measured".into(),
            });
            return findings;
        }
    };
    let base = format!("http://{}", server.addr());
    let agent = agent();
    let scale = context.scale;

    let started = progress("claim 1: sequential against pooled fetching, and the worker sweep");
    let mut sweep_workers = vec![0];
    sweep_workers.extend(WORKERS);
    let urls = delay_urls(&base, scale.urls, scale.sweep_delay);
    let rust_sweep: Result<Vec<Batch>, String> = sweep_workers
        .iter()
        .map(|&w| run_batch(&agent, &urls, w, Duration::ZERO))
        .collect();
    let python_sweep = python_batches(
        context,
        &base,
        scale.urls,
        scale.sweep_delay,
        &sweep_workers,
        1,
        Duration::ZERO,
    );
    eprintln!("  {:.1} s", started.elapsed().as_secs_f64());

    let started = progress("goals G1 and G2: 100 × /delay/0.1 on 10 and on 100 workers");
    let goal_urls = delay_urls(&base, scale.urls, GOAL_DELAY);
    let rust_goal: Result<Vec<Batch>, String> = (0..scale.goal_repeats)
        .map(|_| run_batch(&agent, &goal_urls, GOAL_WORKERS, Duration::ZERO))
        .collect();
    let rust_wide = Wide {
        staggered: Some(run_batch(&agent, &goal_urls, scale.urls, STAGGER)),
        at_once: run_batch(&agent, &goal_urls, scale.urls, Duration::ZERO),
    };
    let python_goal = python_batches(
        context,
        &base,
        scale.urls,
        GOAL_DELAY,
        &[GOAL_WORKERS],
        scale.goal_repeats,
        Duration::ZERO,
    );
    // Python's pool starts each thread as it submits, which spaces the requests by itself.
    let python_wide = Wide {
        staggered: None,
        at_once: python_batches(
            context,
            &base,
            scale.urls,
            GOAL_DELAY,
            &[scale.urls],
            1,
            Duration::ZERO,
        )
        .and_then(|mut runs| runs.pop().ok_or_else(|| "no run".to_owned())),
    };
    eprintln!("  {:.1} s", started.elapsed().as_secs_f64());

    findings.rows.push(claim_1_row(
        scale.urls,
        scale.sweep_delay,
        &rust_sweep,
        &python_sweep,
    ));
    findings.rows.push(claim_1b_row(
        scale.urls,
        scale.sweep_delay,
        &rust_sweep,
        &python_sweep,
    ));
    findings
        .rows
        .push(goal_1_row(scale.urls, &rust_goal, &python_goal));
    findings.rows.push(goal_2_row(
        (&rust_wide, &rust_sweep),
        (&python_wide, &python_sweep),
        scale.sweep_delay,
    ));
    if let Some(picture) =
        speedup_picture(scale.urls, scale.sweep_delay, &rust_sweep, &python_sweep)
    {
        findings.pictures.push(picture);
    }
    findings.details.push(sweep_details(
        scale.urls,
        scale.sweep_delay,
        &rust_sweep,
        &python_sweep,
    ));

    let started = progress("claim 8: time to the first result, as_completed against map");
    let slow_first: Vec<String> = SLOW_FIRST
        .iter()
        .map(|d| format!("{base}/delay/{d}"))
        .collect();
    let rust_first = first_results(&agent, &slow_first);
    let python_first = context.python.run(
        "fetch.py",
        &[
            "first-result".into(),
            "--base".into(),
            base.clone(),
            "--delays".into(),
            SLOW_FIRST.map(|d| d.to_string()).join(","),
        ],
        false,
        Duration::from_secs(60),
    );
    findings.rows.push(claim_8_row(&rust_first, &python_first));
    eprintln!("  {:.1} s", started.elapsed().as_secs_f64());
    drop(server);

    let started = progress("Example 19.1: the lecture's five URLs, pooled and one by one");
    let (row, picture) = lecture_run(context);
    findings.rows.push(row);
    findings.pictures.extend(picture);
    eprintln!("  {:.1} s", started.elapsed().as_secs_f64());
    findings
}

/// `{wall} ({speedup}×)` for a batch against the sequential one.
fn speedups(sweep: &[Batch]) -> Vec<(usize, f64)> {
    let Some(sequential) = sweep.iter().find(|b| b.workers == 0) else {
        return Vec::new();
    };
    sweep
        .iter()
        .filter(|b| b.workers > 0)
        .map(|b| {
            (
                b.workers,
                sequential.wall.as_secs_f64() / b.wall.as_secs_f64(),
            )
        })
        .collect()
}

fn wall_of(sweep: &[Batch], workers: usize) -> Option<f64> {
    sweep
        .iter()
        .find(|b| b.workers == workers)
        .map(|b| b.wall.as_secs_f64())
}

fn claim_1_cell(n: usize, delay: f64, sweep: &Result<Vec<Batch>, String>) -> (String, Option<f64>) {
    let sweep = match sweep {
        Ok(sweep) => sweep,
        Err(why) => return (format!("error: {why}"), None),
    };
    match (wall_of(sweep, 0), wall_of(sweep, GOAL_WORKERS)) {
        (Some(one_by_one), Some(pooled)) => (
            format!(
                "{n} × /delay/{delay}: one by one {} (limit {}), 10 workers {} (limit {}): {:.1}× faster",
                secs(one_by_one),
                secs(limit(n, 1, delay)),
                secs(pooled),
                secs(limit(n, GOAL_WORKERS, delay)),
                one_by_one / pooled
            ),
            Some(one_by_one / pooled),
        ),
        _ => ("error: a batch is missing".into(), None),
    }
}

fn claim_1_row(
    n: usize,
    delay: f64,
    rust: &Result<Vec<Batch>, String>,
    python: &Result<Vec<Batch>, String>,
) -> Row {
    let (rust_cell, rust_speedup) = claim_1_cell(n, delay, rust);
    let (python_cell, python_speedup) = claim_1_cell(n, delay, python);
    let ideal = n as f64 / n.div_ceil(GOAL_WORKERS) as f64;
    let python = python_speedup.map_or(String::new(), |p| format!(" ({p:.1}× in Python)"));
    let verdict = match rust_speedup {
        // Above the ideal: the one-by-one run pays each request's own overhead 100 times,
        // the pool about 10 times.
        Some(s) if s > 1.02 * ideal => format!(
            "holds: {s:.1}×{python}, above the ideal {ideal:.0}× as the one-by-one run pays \
             each request's overhead {n} times"
        ),
        Some(s) if s >= 0.9 * ideal => format!("holds: {s:.1}× of an ideal {ideal:.0}×{python}"),
        Some(s) => format!("partly: {s:.1}×, ideal {ideal:.0}×"),
        None => "not measured".into(),
    };
    Row {
        id: "1",
        claim: "100 URLs at 1 s each: 100 s sequentially, about 10 s with 10 threads".into(),
        source: "Concept 1.1",
        lecture: "100 s → about 10 s (10×)".into(),
        rust: rust_cell,
        python: python_cell,
        verdict,
    }
}

fn claim_1b_cell(
    n: usize,
    delay: f64,
    sweep: &Result<Vec<Batch>, String>,
) -> (String, Option<(usize, f64)>) {
    let sweep = match sweep {
        Ok(sweep) => sweep,
        Err(why) => return (format!("error: {why}"), None),
    };
    let listed: Vec<String> = speedups(sweep)
        .iter()
        .map(|(w, s)| format!("{w}: {s:.1}×"))
        .collect();
    let widest = sweep
        .iter()
        .filter(|b| b.workers > 0)
        .max_by_key(|b| b.workers);
    let widest = widest.map_or(String::new(), |b| {
        format!(
            "; {} workers: {} against a limit of {}",
            b.workers,
            secs(b.wall.as_secs_f64()),
            secs(limit(n, b.workers, delay))
        )
    });
    (
        format!("speedup by workers: {}{widest}", listed.join(", ")),
        efficient_up_to(n, delay, sweep),
    )
}

/// The largest worker count up to which every pool ran at 80% or more of its limit's
/// speed (limit / time ≥ 0.8), and that share at the largest worker count of all.
fn efficient_up_to(n: usize, delay: f64, sweep: &[Batch]) -> Option<(usize, f64)> {
    let mut pools: Vec<&Batch> = sweep.iter().filter(|b| b.workers > 0).collect();
    pools.sort_by_key(|b| b.workers);
    let share = |b: &Batch| limit(n, b.workers, delay) / b.wall.as_secs_f64();
    let up_to = pools
        .iter()
        .take_while(|b| share(b) >= 0.8)
        .last()
        .map_or(0, |b| b.workers);
    Some((up_to, share(pools.last()?)))
}

fn claim_1b_row(
    n: usize,
    delay: f64,
    rust: &Result<Vec<Batch>, String>,
    python: &Result<Vec<Batch>, String>,
) -> Row {
    let (rust_cell, rust_efficiency) = claim_1b_cell(n, delay, rust);
    let (python_cell, _) = claim_1b_cell(n, delay, python);
    let widest = WORKERS[WORKERS.len() - 1];
    let verdict = match rust_efficiency {
        Some((up_to, _)) if up_to == widest => {
            format!("holds: at 80% or more of the limit up to {widest} workers")
        }
        Some((0, last)) => format!(
            "does not hold: under 80% of the limit already at 1 worker ({:.0}% at {widest})",
            last * 100.0
        ),
        Some((up_to, last)) => format!(
            "holds up to {up_to} workers (80% of the limit or more); at {widest}, {:.0}%: \
             starting threads and connections outweighs a {delay} s wait",
            last * 100.0
        ),
        None => "not measured".into(),
    };
    Row {
        id: "1b",
        claim: "threads stack the waits: speedup grows with the worker count (1 to 100)".into(),
        source: "Concept 1.1",
        lecture: "waits stacked \"on top of each other\"; limit ceil(N/W)·d".into(),
        rust: rust_cell,
        python: python_cell,
        verdict,
    }
}

fn goal_1_cell(n: usize, runs: &Result<Vec<Batch>, String>) -> (String, Option<f64>) {
    let runs = match runs {
        Ok(runs) if !runs.is_empty() => runs,
        Ok(_) => return ("no run".into(), None),
        Err(why) => return (format!("error: {why}"), None),
    };
    let limit = limit(n, GOAL_WORKERS, GOAL_DELAY);
    let walls: Vec<f64> = runs.iter().map(|b| b.wall.as_secs_f64()).collect();
    let summary = Summary::of(&walls).expect("at least one run");
    (
        format!(
            "median {} ({:+.1}% over {}), slowest {} in {} runs",
            secs(summary.median),
            (summary.median / limit - 1.0) * 100.0,
            secs(limit),
            secs(summary.max),
            runs.len()
        ),
        Some(summary.median / limit - 1.0),
    )
}

fn goal_1_row(
    n: usize,
    rust: &Result<Vec<Batch>, String>,
    python: &Result<Vec<Batch>, String>,
) -> Row {
    let (rust_cell, rust_excess) = goal_1_cell(n, rust);
    let (python_cell, _) = goal_1_cell(n, python);
    let verdict = match rust_excess {
        Some(e) if e <= 0.05 => format!("met: {:+.1}% (goal ≤ +5%)", e * 100.0),
        Some(e) => format!("missed: {:+.1}% (goal ≤ +5%)", e * 100.0),
        None => "not measured".into(),
    };
    Row {
        id: "G1",
        claim: "10 workers fetch 100 × /delay/0.1 within 5% of the 1.0 s limit".into(),
        source: "goal",
        lecture: "-".into(),
        rust: rust_cell,
        python: python_cell,
        verdict,
    }
}

/// What each request of `batch` took beyond its `delay`.
fn excess(batch: &Batch, delay: f64) -> Option<Summary> {
    let extra: Vec<f64> = seconds(&batch.per_request)
        .into_iter()
        .map(|t| t - delay)
        .collect();
    Summary::of(&extra)
}

/// Goal G2's batches of 100 requests on 100 workers.
struct Wide {
    /// Submitted [`STAGGER`] apart, where that is needed: what the goal is judged on.
    staggered: Option<Result<Batch, String>>,
    /// Submitted as fast as the loop goes, as in the sweep.
    at_once: Result<Batch, String>,
}

/// `100 in flight, submitted at once: median +1.2 ms, p95 +2.0 ms, max +3.1 ms`
fn describe_excess(batch: &Batch, how: &str) -> Option<(String, Summary)> {
    let s = excess(batch, GOAL_DELAY)?;
    Some((
        format!(
            "{} in flight, submitted {how}: median +{}, p95 +{}, max +{}",
            batch.peak_in_flight,
            millis(s.median),
            millis(s.p95),
            millis(s.max)
        ),
        s,
    ))
}

/// The excess with 100 in flight (staggered if there is such a batch, then at once), and
/// with 1 in flight (the sweep's sequential batch) for reference. The summary returned is
/// the first one's.
fn goal_2_cell(
    wide: &Wide,
    sweep: &Result<Vec<Batch>, String>,
    sweep_delay: f64,
) -> (String, Option<Summary>) {
    let stagger = format!("{} µs apart", STAGGER.as_micros());
    let batches = wide
        .staggered
        .iter()
        .map(|batch| (batch, stagger.as_str()))
        .chain([(&wide.at_once, "at once")]);
    let mut parts = Vec::new();
    let mut judged = None;
    for (batch, how) in batches {
        match batch.as_ref().map(|b| describe_excess(b, how)) {
            Ok(Some((text, summary))) => {
                judged.get_or_insert(summary);
                parts.push(text);
            }
            Ok(None) => parts.push(format!("submitted {how}: no requests")),
            Err(why) => parts.push(format!("submitted {how}: error: {why}")),
        }
    }
    let alone = sweep
        .as_ref()
        .ok()
        .and_then(|sweep| sweep.iter().find(|b| b.workers == 0))
        .and_then(|sequential| excess(sequential, sweep_delay));
    if let Some(s) = alone {
        parts.push(format!("1 in flight: median +{}", millis(s.median)));
    }
    (parts.join("; "), judged)
}

fn goal_2_row(
    (rust, rust_sweep): (&Wide, &Result<Vec<Batch>, String>),
    (python, python_sweep): (&Wide, &Result<Vec<Batch>, String>),
    sweep_delay: f64,
) -> Row {
    let (rust_cell, rust_summary) = goal_2_cell(rust, rust_sweep, sweep_delay);
    let (python_cell, _) = goal_2_cell(python, python_sweep, sweep_delay);
    let goal = 2e-3;
    let verdict = match rust_summary {
        Some(s) if s.p95 < goal => format!(
            "met: median +{}, p95 +{} (goal < 2 ms)",
            millis(s.median),
            millis(s.p95)
        ),
        Some(s) if s.median < goal => format!(
            "met on the median (+{}), not at p95 (+{}) (goal < 2 ms)",
            millis(s.median),
            millis(s.p95)
        ),
        Some(s) => format!("missed: median +{} (goal < 2 ms)", millis(s.median)),
        None => "not measured".into(),
    };
    Row {
        id: "G2",
        claim: "the stand-in adds < 2 ms per request over /delay/0.1, with 100 requests in flight"
            .into(),
        source: "goal",
        lecture: "-".into(),
        rust: rust_cell,
        python: format!("{python_cell} (urllib client)"),
        verdict,
    }
}

/// Seconds to the first result and to the last, through `as_completed` and through `map`.
#[derive(Debug)]
struct FirstResults {
    as_completed: (f64, f64),
    map: (f64, f64),
}

fn first_results(agent: &Agent, urls: &[String]) -> Result<FirstResults, String> {
    let as_completed_times = {
        let executor = ThreadPoolExecutor::new(urls.len()).map_err(|e| e.to_string())?;
        let start = Instant::now();
        let handles = urls
            .iter()
            .map(|url| {
                let (agent, url) = (agent.clone(), url.clone());
                executor.submit(move || fetch(&agent, &url))
            })
            .collect::<Result<Vec<_>, _>>()
            .map_err(|e| e.to_string())?;
        let mut first = None;
        for handle in as_completed(&handles) {
            handle.result().map_err(|e| e.to_string())??;
            first.get_or_insert(start.elapsed().as_secs_f64());
        }
        (first.unwrap_or_default(), start.elapsed().as_secs_f64())
    };
    let map_times = {
        let executor = ThreadPoolExecutor::new(urls.len()).map_err(|e| e.to_string())?;
        let start = Instant::now();
        let task_agent = agent.clone();
        let results = executor
            .map(move |url: String| fetch(&task_agent, &url), urls.to_vec())
            .map_err(|e| e.to_string())?;
        let mut first = None;
        for result in results {
            result.map_err(|e| e.to_string())??;
            first.get_or_insert(start.elapsed().as_secs_f64());
        }
        (first.unwrap_or_default(), start.elapsed().as_secs_f64())
    };
    Ok(FirstResults {
        as_completed: as_completed_times,
        map: map_times,
    })
}

fn claim_8_cell(first: Result<(f64, f64), String>) -> (String, Option<(f64, f64)>) {
    match first {
        Ok((as_completed, map)) => (
            format!(
                "first result: as_completed {}, map {} ({:.0}× later)",
                secs(as_completed),
                secs(map),
                map / as_completed
            ),
            Some((as_completed, map)),
        ),
        Err(why) => (format!("error: {why}"), None),
    }
}

fn claim_8_row(rust: &Result<FirstResults, String>, python: &Result<Value, String>) -> Row {
    let (rust_cell, rust_times) = claim_8_cell(
        rust.as_ref()
            .map(|f| (f.as_completed.0, f.map.0))
            .map_err(Clone::clone),
    );
    let (python_cell, _) = claim_8_cell(
        python
            .as_ref()
            .map_err(Clone::clone)
            .and_then(|v| Ok((number(v, "/as_completed/first")?, number(v, "/map/first")?))),
    );
    let (slow, quick) = (SLOW_FIRST[0], SLOW_FIRST[1]);
    let verdict = match rust_times {
        Some((a, m)) if a < 2.0 * quick + 0.05 && m >= slow => {
            "holds: as_completed does not wait for the slow first URL; map does".to_owned()
        }
        Some(_) => "does not hold here".to_owned(),
        None => "not measured".into(),
    };
    Row {
        id: "8",
        claim: format!(
            "as_completed yields results as they finish; map in input order (first URL /delay/{slow}, four /delay/{quick})"
        ),
        source: "Concept 1.2",
        lecture: format!("as_completed: first result after ~{quick} s; map: after ~{slow} s"),
        rust: rust_cell,
        python: python_cell,
        verdict,
    }
}

/// `(label, start, end)` in seconds since the batch started.
type Spans = Vec<(String, f64, f64)>;

/// The lecture's five URLs, through a pool of five (as Example 19.1) and one after
/// another, with the stand-in's default simulated latency so that the times look like a
/// network's. Returns the row for the narration's claim and the timeline picture.
fn lecture_run(context: &Context) -> (Row, Option<Picture>) {
    let row = |rust: String, python: String, verdict: String| Row {
        id: "19.1",
        claim: "the five fetches overlap: the total is close to the slowest request, not the sum"
            .into(),
        source: "Example 19.1 narration; notes lines 27-28",
        lecture: "total ≈ slowest request".into(),
        rust,
        python,
        verdict,
    };
    let options = Options {
        httpbin: Httpbin::StandIn(Latency::default()),
        timeline: false,
    };
    let network = match Network::start(options) {
        Ok(network) => network,
        Err(e) => {
            let why = format!("cannot start the stand-in: {e}");
            return (row(why.clone(), why, "not measured".into()), None);
        }
    };
    let agent = network.agent().clone();
    let urls: Vec<String> = LECTURE_URLS.iter().map(|&u| u.to_owned()).collect();
    let rust = lecture_spans(&agent, &urls, true).and_then(|pooled| {
        lecture_spans(&agent, &urls, false).map(|sequential| (pooled, sequential))
    });
    let python = match network.stand_in_addr() {
        Some(addr) => context
            .python
            .run(
                "fetch.py",
                &["lecture".into(), "--base".into(), format!("http://{addr}")],
                false,
                Duration::from_secs(60),
            )
            .and_then(|v| {
                Ok((
                    spans_from_json(&v, "/pool")?,
                    spans_from_json(&v, "/sequential")?,
                ))
            }),
        None => Err("no stand-in address".into()),
    };

    let cell = |spans: &Result<(Spans, Spans), String>| -> (String, Option<(f64, f64)>) {
        match spans {
            Ok((pooled, sequential)) => {
                let total = end_of(pooled);
                let slowest = pooled.iter().map(|s| s.2 - s.1).fold(0.0, f64::max);
                let sum: f64 = pooled.iter().map(|s| s.2 - s.1).sum();
                (
                    format!(
                        "pool of 5: total {}, slowest request {}, sum of requests {}; one by one: {}",
                        secs(total),
                        secs(slowest),
                        secs(sum),
                        secs(end_of(sequential))
                    ),
                    Some((total, slowest)),
                )
            }
            Err(why) => (format!("error: {why}"), None),
        }
    };
    let (rust_cell, rust_figures) = cell(&rust);
    let (python_cell, _) = cell(&python);
    let verdict = match rust_figures {
        Some((total, slowest)) if total - slowest < 0.02 => format!(
            "holds: the total is {} more than the slowest",
            millis(total - slowest)
        ),
        Some((total, slowest)) => format!("partly: {} over the slowest", millis(total - slowest)),
        None => "not measured".into(),
    };

    let picture = rust.as_ref().ok().map(|(pooled, sequential)| {
        print_text_timelines(pooled, sequential);
        let mut panels = vec![
            panel("Rust: a pool of 5 workers (Example 19.1)", svg::RUST, pooled),
            panel("Rust: one after another", svg::RUST, sequential),
        ];
        if let Ok((pooled, sequential)) = &python {
            panels.push(panel("Python: ThreadPoolExecutor(max_workers=5)", svg::PYTHON, pooled));
            panels.push(panel("Python: one after another", svg::PYTHON, sequential));
        }
        Picture {
            file_name: "timeline.svg",
            caption: "Example 19.1's five requests: overlapping in a pool, one after another without",
            svg: svg::gantt(
                "Example 19.1: five requests, pooled and one after another",
                "offline stand-in for httpbin.org, simulated latency 20-120 ms per request",
                &panels,
            ),
        }
    });
    (row(rust_cell, python_cell, verdict), picture)
}

fn panel(title: &str, color: &'static str, spans: &Spans) -> GanttPanel {
    GanttPanel {
        title: format!("{title}: all done in {}", secs(end_of(spans))),
        color,
        rows: spans
            .iter()
            .map(|(url, start, end)| (url.trim_start_matches("http://").to_owned(), *start, *end))
            .collect(),
    }
}

fn end_of(spans: &Spans) -> f64 {
    spans.iter().map(|s| s.2).fold(0.0, f64::max)
}

/// Fetches the URLs on a pool of their number, or one by one, and records when each ran.
fn lecture_spans(agent: &Agent, urls: &[String], pooled: bool) -> Result<Spans, String> {
    let start = Instant::now();
    let span = move |agent: &Agent, url: &str| -> Result<(String, f64, f64), String> {
        let begun = start.elapsed().as_secs_f64();
        fetch(agent, url)?;
        Ok((url.to_owned(), begun, start.elapsed().as_secs_f64()))
    };
    if !pooled {
        return urls.iter().map(|url| span(agent, url)).collect();
    }
    let executor = ThreadPoolExecutor::new(urls.len()).map_err(|e| e.to_string())?;
    let handles = urls
        .iter()
        .map(|url| {
            let (agent, url) = (agent.clone(), url.clone());
            executor.submit(move || span(&agent, &url))
        })
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| e.to_string())?;
    handles
        .iter()
        .map(|h| h.result().map_err(|e| e.to_string())?)
        .collect()
}

fn spans_from_json(value: &Value, pointer: &str) -> Result<Spans, String> {
    let missing = || format!("the Python output has no spans at {pointer}");
    value
        .pointer(pointer)
        .and_then(Value::as_array)
        .ok_or_else(missing)?
        .iter()
        .map(|span| {
            Some((
                span.get(0)?.as_str()?.to_owned(),
                span.get(1)?.as_f64()?,
                span.get(2)?.as_f64()?,
            ))
        })
        .collect::<Option<Spans>>()
        .ok_or_else(missing)
}

/// The same two runs as text, as `ex19_1_fetch --timeline` draws them.
fn print_text_timelines(pooled: &Spans, sequential: &Spans) {
    let as_durations = |spans: &Spans| -> Vec<(String, Duration, Duration)> {
        spans
            .iter()
            .map(|(label, s, e)| (label.clone(), duration(*s), duration(*e)))
            .collect()
    };
    eprintln!("  pool of 5:");
    eprint!("{}", timeline::draw(&as_durations(pooled), 50));
    eprintln!("  one after another:");
    eprint!("{}", timeline::draw(&as_durations(sequential), 50));
}

fn speedup_picture(
    n: usize,
    delay: f64,
    rust: &Result<Vec<Batch>, String>,
    python: &Result<Vec<Batch>, String>,
) -> Option<Picture> {
    let rust = rust.as_ref().ok()?;
    let ideal: Vec<(f64, f64)> = WORKERS
        .iter()
        .map(|&w| (w as f64, limit(n, 1, delay) / limit(n, w, delay)))
        .collect();
    let as_points = |sweep: &[Batch]| -> Vec<(f64, f64)> {
        speedups(sweep)
            .into_iter()
            .map(|(w, s)| (w as f64, s))
            .collect()
    };
    let mut series = vec![
        Series {
            name: "ideal: N / ceil(N/W)".into(),
            color: svg::REFERENCE,
            points: ideal,
            reference: true,
        },
        Series {
            name: "Rust (ex19_1_fetch)".into(),
            color: svg::RUST,
            points: as_points(rust),
            reference: false,
        },
    ];
    if let Ok(python) = python {
        series.push(Series {
            name: "Python (concurrent.futures)".into(),
            color: svg::PYTHON,
            points: as_points(python),
            reference: false,
        });
    }
    Some(Picture {
        file_name: "speedup.svg",
        caption: "Speedup of the pooled fetch over the sequential one, against the worker count",
        svg: svg::log_log_chart(&LogLogChart {
            title: format!("Speedup of {n} × /delay/{delay} against the number of workers"),
            subtitle: format!(
                "sequential time / pooled time, on this machine ({} CPUs), loopback stand-in",
                thread::available_parallelism().map_or(0, |n| n.get())
            ),
            x_label: "workers W (log scale)".into(),
            y_label: "speedup over one by one (log scale)".into(),
            series,
        }),
    })
}

/// The sweep as a Markdown table, for the report.
fn sweep_details(
    n: usize,
    delay: f64,
    rust: &Result<Vec<Batch>, String>,
    python: &Result<Vec<Batch>, String>,
) -> String {
    let mut out = format!(
        "### Claim 1: {n} × /delay/{delay} by worker count\n\n\
         | workers | limit | Rust | Python |\n|---|---|---|---|\n"
    );
    let cell = |sweep: &Result<Vec<Batch>, String>, w: usize| match sweep {
        Ok(sweep) => wall_of(sweep, w).map_or("-".into(), secs),
        Err(_) => "-".into(),
    };
    for w in std::iter::once(0).chain(WORKERS) {
        let name = if w == 0 {
            "one by one".to_owned()
        } else {
            w.to_string()
        };
        out.push_str(&format!(
            "| {name} | {} | {} | {} |\n",
            secs(limit(n, w.max(1), delay)),
            cell(rust, w),
            cell(python, w)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn batch(workers: usize, wall: f64) -> Batch {
        Batch {
            workers,
            wall: duration(wall),
            per_request: vec![duration(0.1); 4],
            peak_in_flight: workers,
        }
    }

    #[test]
    fn the_limit_counts_rounds_of_waits() {
        assert_eq!(limit(100, 10, 0.1), 1.0);
        assert!((limit(100, 1, 0.1) - 10.0).abs() < 1e-9);
        assert!(
            (limit(100, 30, 0.1) - 0.4).abs() < 1e-9,
            "4 rounds for 100 on 30"
        );
        assert!(
            (limit(5, 0, 0.1) - 0.5).abs() < 1e-9,
            "0 workers counts as 1"
        );
    }

    #[test]
    fn speedups_are_against_the_sequential_batch() {
        let sweep = [batch(0, 10.0), batch(1, 10.0), batch(10, 1.25)];
        assert_eq!(speedups(&sweep), [(1, 1.0), (10, 8.0)]);
        assert!(speedups(&[batch(10, 1.0)]).is_empty());
    }

    #[test]
    fn claim_1_holds_only_near_the_ideal() {
        let good = Ok(vec![batch(0, 10.0), batch(10, 1.02)]);
        let poor = Ok(vec![batch(0, 10.0), batch(10, 2.5)]);
        let missing = Err("python3 is not on PATH".to_owned());
        let row = claim_1_row(100, 0.1, &good, &missing);
        assert!(row.verdict.starts_with("holds: 9.8×"), "{}", row.verdict);
        let above = Ok(vec![batch(0, 11.0), batch(10, 1.0)]);
        let row = claim_1_row(100, 0.1, &above, &missing);
        assert!(row.verdict.contains("above the ideal"), "{}", row.verdict);
        assert!(row.python.contains("python3 is not on PATH"));
        assert!(
            claim_1_row(100, 0.1, &poor, &good)
                .verdict
                .starts_with("partly")
        );
    }

    #[test]
    fn goal_1_is_met_within_five_percent() {
        let met = goal_1_row(100, &Ok(vec![batch(10, 1.03)]), &Ok(vec![]));
        assert!(met.verdict.starts_with("met: +3.0%"), "{}", met.verdict);
        let missed = goal_1_row(100, &Ok(vec![batch(10, 1.2), batch(10, 1.1)]), &Ok(vec![]));
        assert!(
            missed.verdict.starts_with("missed: +15.0%"),
            "{}",
            missed.verdict
        );
    }

    #[test]
    fn python_batches_are_read_from_json() {
        let value = serde_json::json!({"workers": 10, "wall": 1.01, "per_request": [0.1, 0.101], "peak_in_flight": 10});
        let batch = Batch::from_json(&value).unwrap();
        assert_eq!(
            (batch.workers, batch.per_request.len(), batch.peak_in_flight),
            (10, 2, 10)
        );
        assert!(Batch::from_json(&serde_json::json!({"workers": 1})).is_err());
    }

    #[test]
    fn goal_2_is_judged_on_the_staggered_batch() {
        let with_excess = |ms: &[f64]| Batch {
            workers: 100,
            wall: duration(0.2),
            per_request: ms
                .iter()
                .map(|ms| duration(GOAL_DELAY + ms / 1e3))
                .collect(),
            peak_in_flight: 100,
        };
        let wide = |staggered: &[f64], at_once: &[f64]| Wide {
            staggered: Some(Ok(with_excess(staggered))),
            at_once: Ok(with_excess(at_once)),
        };
        let no_sweep = Err("not run".to_owned());
        let python = Wide {
            staggered: None,
            at_once: Err("python3 is not on PATH".into()),
        };
        let verdict = |w: &Wide| goal_2_row((w, &no_sweep), (&python, &no_sweep), 0.02).verdict;
        assert!(verdict(&wide(&[1.0; 20], &[15.0; 20])).starts_with("met: median +1.0 ms"));
        let mut tail = vec![1.0; 20];
        tail[18..].fill(9.0);
        assert!(verdict(&wide(&tail, &[1.0; 20])).starts_with("met on the median"));
        assert!(verdict(&wide(&[3.0; 20], &[1.0; 20])).starts_with("missed"));
        let (cell, _) = goal_2_cell(&wide(&[1.0; 4], &[15.0; 4]), &no_sweep, 0.02);
        assert!(cell.contains("100 µs apart: median +1.0 ms"), "{cell}");
        assert!(cell.contains("at once: median +15.0 ms"), "{cell}");
    }

    #[test]
    fn a_batch_against_the_stand_in_fetches_every_url() {
        let (done, outcome) = crossbeam_channel::bounded(1);
        thread::spawn(move || {
            let server = Server::start(Config::default().latency(Latency::OFF)).unwrap();
            let urls = delay_urls(&format!("http://{}", server.addr()), 6, 0.05);
            let _ = done.send(run_batch(&agent(), &urls, 6, Duration::ZERO));
        });
        let pooled = outcome
            .recv_timeout(Duration::from_secs(30))
            .expect("the batch finishes within 30 s")
            .unwrap();
        assert_eq!(pooled.per_request.len(), 6);
        assert!(
            pooled
                .per_request
                .iter()
                .all(|t| *t >= Duration::from_millis(50))
        );
        assert!(pooled.peak_in_flight >= 2, "{pooled:?}");
        // Generous: six 50 ms waits in parallel, far from the 300 ms one by one.
        assert!(pooled.wall < Duration::from_millis(250), "{pooled:?}");
    }
}
