//! Example 19.1: the lecture's five fetches overlap, so the run takes about as long as the
//! slowest; with the timeline picture of the run.

use std::thread;
use std::time::{Duration, Instant};

use ex19_1_fetch::URLS;
use ex19_1_fetch::executor::ThreadPoolExecutor;
use httpbin_standin::Latency;
use serde_json::Value;
use timeline::Chart;
use ureq::Agent;

use crate::svg;
use crate::table::Row;
use crate::{Context, Picture, duration, millis, secs};

use super::batch::fetch;
use super::stand_in;

/// `(url, start, end, thread)`, in seconds since the batch started; the thread's name
/// where it is known (a pool worker's).
type Spans = Vec<(String, f64, f64, Option<String>)>;

/// The lecture's five URLs, through a pool of five (as Example 19.1) and one after
/// another, with the stand-in's default simulated latency so that the times look like a
/// network's. Returns the row for the narration's claim and the timeline picture.
pub fn measure(context: &Context) -> (Row, Option<Picture>) {
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
    let (server, network) = match stand_in(Latency::default()) {
        Ok(started) => started,
        Err(e) => {
            let why = format!("cannot start the stand-in: {e}");
            return (row(why.clone(), why, "not measured".into()), None);
        }
    };
    let agent = network.agent();
    let rust = lecture_spans(agent, true)
        .and_then(|pooled| lecture_spans(agent, false).map(|sequential| (pooled, sequential)));
    let python = context
        .python
        .run(
            "fetch.py",
            &[
                "lecture".into(),
                "--base".into(),
                format!("http://{}", server.addr()),
            ],
            false,
            Duration::from_secs(60),
        )
        .and_then(|v| {
            Ok((
                spans_from_json(&v, "/pool")?,
                spans_from_json(&v, "/sequential")?,
            ))
        });

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
        let mut chart = Chart::new("its batch started");
        section(&mut chart, "Rust: a pool of 5 workers (Example 19.1)", pooled);
        section(&mut chart, "Rust: one after another", sequential);
        let mut colors = vec![svg::RUST, svg::RUST];
        if let Ok((pooled, sequential)) = &python {
            section(&mut chart, "Python: ThreadPoolExecutor(max_workers=5)", pooled);
            section(&mut chart, "Python: one after another", sequential);
            colors.extend([svg::PYTHON, svg::PYTHON]);
        }
        // The same chart as text, as `ex19_1_fetch --timeline` prints its own run.
        eprint!("{}", chart.text(100));
        Picture {
            file_name: "timeline.svg",
            caption: "Example 19.1's five requests: overlapping in a pool, one after another without",
            svg: svg::gantt(
                "Example 19.1: five requests, pooled and one after another",
                "offline stand-in for httpbin.org, simulated latency 20-120 ms per request",
                &chart,
                &colors,
            ),
        }
    });
    (row(rust_cell, python_cell, verdict), picture)
}

/// Adds `spans` to `chart` as a section under `title`, each request's time (and thread)
/// right of its bar.
fn section(chart: &mut Chart, title: &str, spans: &Spans) {
    chart.section(format!("{title}: all done in {}", secs(end_of(spans))));
    for (url, start, end, thread) in spans {
        let took = format!("{:.0} ms", (end - start) * 1e3);
        let note = thread
            .as_ref()
            .map_or(took.clone(), |name| format!("{took} on {name}"));
        let row = timeline::Row::new(url.trim_start_matches("http://"));
        chart.row(row.span(duration(*start), duration(*end), '=').note(note));
    }
}

fn end_of(spans: &Spans) -> f64 {
    spans.iter().map(|s| s.2).fold(0.0, f64::max)
}

/// Fetches the lecture's URLs on a pool of five, or one by one, and records when each ran.
fn lecture_spans(agent: &Agent, pooled: bool) -> Result<Spans, String> {
    let start = Instant::now();
    type Span = (String, f64, f64, Option<String>);
    let span = move |agent: &Agent, url: &'static str| -> Result<Span, String> {
        let begun = start.elapsed().as_secs_f64();
        fetch(agent, url)?;
        let end = start.elapsed().as_secs_f64();
        let thread = thread::current().name().map(str::to_owned);
        Ok((url.to_owned(), begun, end, thread))
    };
    if !pooled {
        return URLS.iter().map(|url| span(agent, url)).collect();
    }
    let executor = ThreadPoolExecutor::new(URLS.len()).map_err(|e| e.to_string())?;
    let handles = URLS
        .iter()
        .map(|&url| {
            let agent = agent.clone();
            executor.submit(move || span(&agent, url))
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
                None,
            ))
        })
        .collect::<Option<Spans>>()
        .ok_or_else(missing)
}
