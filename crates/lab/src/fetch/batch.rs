//! One batch of fetches, one after another or through a pool, timed request by request, in
//! Rust and in Python; and the limit such a batch cannot beat.

use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering::Relaxed};
use std::thread;
use std::time::{Duration, Instant};

use ex19_1_fetch::executor::ThreadPoolExecutor;
use ex19_1_fetch::fetch_page;
use serde_json::Value;
use ureq::Agent;

use crate::python::{number, numbers};
use crate::{Context, duration};

/// One batch of fetches: sequential (`workers == 0`) or through a pool.
#[derive(Debug, Clone)]
pub struct Batch {
    /// The pool's size, or 0 for one after another.
    pub workers: usize,
    /// From before the pool was created to after it was shut down, as the lecture times it.
    pub wall: Duration,
    /// Each request's own time, measured inside its task.
    pub per_request: Vec<Duration>,
    /// The most requests that were waiting for an answer at the same time.
    pub peak_in_flight: usize,
}

impl Batch {
    /// A batch as `fetch.py batch` prints it.
    pub fn from_json(run: &Value) -> Result<Batch, String> {
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
pub fn limit(n: usize, workers: usize, delay: f64) -> f64 {
    n.div_ceil(workers.max(1)) as f64 * delay
}

/// The mirror's `fetch_page`: the time it measured, or why it failed, naming the URL.
pub fn fetch(agent: &Agent, url: &'static str) -> Result<Duration, String> {
    let (_, _, seconds) = fetch_page(agent, url).map_err(|e| format!("{url}: {e}"))?;
    Ok(duration(seconds))
}

/// Counts the requests in flight and remembers the most at once.
#[derive(Default)]
struct InFlight {
    now: AtomicUsize,
    peak: AtomicUsize,
}

impl InFlight {
    fn fetch(&self, agent: &Agent, url: &'static str) -> Result<Duration, String> {
        let now = self.now.fetch_add(1, Relaxed) + 1;
        self.peak.fetch_max(now, Relaxed);
        let outcome = fetch(agent, url);
        self.now.fetch_sub(1, Relaxed);
        outcome
    }
}

/// Fetches `urls` one after another (`workers == 0`) or through a pool of `workers`, with
/// `stagger` between submissions.
pub fn run_batch(
    agent: &Agent,
    urls: &[&'static str],
    workers: usize,
    stagger: Duration,
) -> Result<Batch, String> {
    let in_flight = Arc::new(InFlight::default());
    let start = Instant::now();
    let per_request = if workers == 0 {
        urls.iter()
            .map(|url| in_flight.fetch(agent, url))
            .collect::<Result<Vec<_>, _>>()?
    } else {
        let executor = ThreadPoolExecutor::new(workers).map_err(|e| e.to_string())?;
        let handles = urls
            .iter()
            .map(|url| {
                let (agent, url, in_flight) = (agent.clone(), *url, Arc::clone(&in_flight));
                let submitted = executor.submit(move || in_flight.fetch(&agent, url));
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

/// `n` times `http://httpbin.org/delay/{delay}`. The mirror's `fetch_page` takes a
/// `&'static str`, as the lecture's URLs are; this one is leaked once per call.
pub fn delay_urls(n: usize, delay: f64) -> Vec<&'static str> {
    vec![format!("http://httpbin.org/delay/{delay}").leak(); n]
}

/// Runs the same batches in Python, or says why not.
pub fn python_batches(
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

/// A batch of four 0.1 s requests that took `wall` in all, for the verdicts' tests.
#[cfg(test)]
pub fn batch(workers: usize, wall: f64) -> Batch {
    Batch {
        workers,
        wall: duration(wall),
        per_request: vec![duration(0.1); 4],
        peak_in_flight: workers,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fetch::stand_in;
    use crate::within;
    use httpbin_standin::Latency;

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
    fn a_batch_against_the_stand_in_fetches_every_url() {
        let pooled = within(30, || {
            let (_server, network) = stand_in(Latency::OFF).unwrap();
            run_batch(network.agent(), &delay_urls(6, 0.05), 6, Duration::ZERO)
        })
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
