//! Claim 8: `as_completed` gives the first result when it is ready; `map` waits for the
//! first input's.

use std::time::{Duration, Instant};

use ex19_1_fetch::executor::{ThreadPoolExecutor, as_completed};
use serde_json::Value;
use ureq::Agent;

use crate::python::number;
use crate::table::Row;
use crate::{Context, progress, secs};

use super::batch::{delay_urls, fetch};

/// One slow request first, then quick ones, on a pool of five.
const SLOW_FIRST: [f64; 5] = [0.5, 0.05, 0.05, 0.05, 0.05];

/// Claim 8 in Rust (through `agent`) and in Python (against the stand-in at `base`).
pub fn measure(context: &Context, agent: &Agent, base: &str) -> Row {
    let started = progress("claim 8: time to the first result, as_completed against map");
    let slow_first: Vec<&'static str> = SLOW_FIRST
        .iter()
        .flat_map(|&delay| delay_urls(1, delay))
        .collect();
    let rust_first = first_results(agent, &slow_first);
    let python_first = context.python.run(
        "fetch.py",
        &[
            "first-result".into(),
            "--base".into(),
            base.to_owned(),
            "--delays".into(),
            SLOW_FIRST.map(|d| d.to_string()).join(","),
        ],
        false,
        Duration::from_secs(60),
    );
    let row = claim_8_row(&rust_first, &python_first);
    eprintln!("  {:.1} s", started.elapsed().as_secs_f64());
    row
}

/// Seconds to the first result and to the last, through `as_completed` and through `map`.
#[derive(Debug)]
struct FirstResults {
    as_completed: (f64, f64),
    map: (f64, f64),
}

fn first_results(agent: &Agent, urls: &[&'static str]) -> Result<FirstResults, String> {
    let as_completed_times = {
        let executor = ThreadPoolExecutor::new(urls.len()).map_err(|e| e.to_string())?;
        let start = Instant::now();
        let handles = urls
            .iter()
            .map(|url| {
                let (agent, url) = (agent.clone(), *url);
                executor.submit(move || fetch(&agent, url))
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
            .map(move |url| fetch(&task_agent, url), urls.to_vec())
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
