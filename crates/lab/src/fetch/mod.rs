//! Claims about fetching URLs (Concept 1.1, Concept 1.2, Example 19.1).
//!
//! - Claim 1: 100 URLs one after another take 100 × the wait; 10 threads take a tenth.
//! - Claim 1b: the speedup for 1 to 100 workers, against the ideal.
//! - Claim 8: `as_completed` gives the first result when it is ready; `map` waits for the
//!   first input's.
//! - Example 19.1: the five fetches overlap, so the run takes about as long as the slowest.
//! - Goals G1 (10 workers within 5% of the limit) and G2 (the stand-in adds < 2 ms).
//!
//! Every request is the mirror's `fetch_page` of an `http://httpbin.org/...` URL, sent by
//! `ex19_1_fetch::network` to the offline stand-in on 127.0.0.1 with its simulated latency
//! off, so `/delay/{d}` is the only wait, and the limit `ceil(N / W) × d` is exact.
//!
//! This module runs the measurements in order; [`batch`] fetches and times a batch,
//! [`speedup`] judges claims 1 and 1b and goal G1, [`sweep_report`] draws the sweep,
//! [`stand_in_overhead`] judges goal G2, [`first_result`] measures claim 8 and
//! [`example_19_1`] the lecture's own run.

mod batch;
mod example_19_1;
mod first_result;
mod speedup;
mod stand_in_overhead;
mod sweep_report;

use std::io;
use std::time::Duration;

use ex19_1_fetch::network::{Httpbin, Network};
use httpbin_standin::{Config, Latency, Server};

use super::table::Row;
use super::{Context, Findings, progress};
use batch::{Batch, delay_urls, python_batches, run_batch};
use speedup::{WORKERS, claim_1_row, claim_1b_row, goal_1_row};
use stand_in_overhead::{STAGGER, Wide, goal_2_row};
use sweep_report::{speedup_picture, sweep_details};

/// The lecture's own wait scaled down a hundredfold, so that 100 of them take 10 s.
const GOAL_DELAY: f64 = 0.1;
/// The pool size of the lecture's scraper example.
const GOAL_WORKERS: usize = 10;

/// The stand-in with `latency`, and the network that sends httpbin.org to it. The
/// server's address is for the Python scripts, which fetch from it directly.
fn stand_in(latency: Latency) -> io::Result<(Server, Network)> {
    let server = Server::start(Config::default().latency(latency))?;
    let network = Network::start(Httpbin::At(server.addr()), false)?;
    Ok((server, network))
}

/// Claims 1 and 1b, goals G1 and G2 (Rust and Python), claim 8 and the 19.1 timeline.
pub fn measure(context: &Context) -> Findings {
    let mut findings = Findings::default();
    let (server, network) = match stand_in(Latency::OFF) {
        Ok(started) => started,
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
    let agent = network.agent();
    let scale = context.scale;

    let started = progress("claim 1: sequential against pooled fetching, and the worker sweep");
    let mut sweep_workers = vec![0];
    sweep_workers.extend(WORKERS);
    let urls = delay_urls(scale.urls, scale.sweep_delay);
    let rust_sweep: Result<Vec<Batch>, String> = sweep_workers
        .iter()
        .map(|&w| run_batch(agent, &urls, w, Duration::ZERO))
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
    let goal_urls = delay_urls(scale.urls, GOAL_DELAY);
    let rust_goal: Result<Vec<Batch>, String> = (0..scale.goal_repeats)
        .map(|_| run_batch(agent, &goal_urls, GOAL_WORKERS, Duration::ZERO))
        .collect();
    let rust_wide = Wide {
        staggered: Some(run_batch(agent, &goal_urls, scale.urls, STAGGER)),
        at_once: run_batch(agent, &goal_urls, scale.urls, Duration::ZERO),
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

    findings
        .rows
        .push(first_result::measure(context, agent, &base));
    drop((network, server));

    let started = progress("Example 19.1: the lecture's five URLs, pooled and one by one");
    let (row, picture) = example_19_1::measure(context);
    findings.rows.push(row);
    findings.pictures.extend(picture);
    eprintln!("  {:.1} s", started.elapsed().as_secs_f64());
    findings
}
