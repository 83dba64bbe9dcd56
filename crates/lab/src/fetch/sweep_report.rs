//! The worker sweep in the report: the speedup chart and the table of times.

use std::thread;

use crate::svg::{self, LogLogChart, Series};
use crate::{Picture, secs};

use super::batch::{Batch, limit};
use super::speedup::{WORKERS, speedups, wall_of};

/// The sweep's speedups against the worker count, beside the ideal, as a log-log chart.
pub fn speedup_picture(
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
pub fn sweep_details(
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
