//! Example 19.1: five URLs through a pool, printed in completion order.

use std::time::Duration;

use super::Example;
use crate::check::Check;
use crate::process::Run;

/// The lecture's URLs, in submission order.
const URLS: [&str; 5] = [
    "http://httpbin.org/delay/0",
    "http://httpbin.org/uuid",
    "http://httpbin.org/ip",
    "http://httpbin.org/headers",
    "http://httpbin.org/get",
];

/// Printed times have two decimals, and requests start a few microseconds apart.
const ORDER_TOLERANCE: f64 = 0.02;
/// What the pool, the prints and the joins may add to the slowest request.
const TOTAL_MARGIN: f64 = 0.10;

pub fn example() -> Example {
    Example {
        package: "ex19_1_fetch",
        binary: "ex19_1_fetch",
        snapshot: "ex19_1_fetch",
        args: &[],
        runs: 3,
        deadline: Duration::from_secs(30),
        filters: &[
            (r"in \d+\.\d\ds", "in [time]s"),
            (r"127\.0\.0\.1:\d+", "127.0.0.1:[port]"),
        ],
        snapshot_text: completion_order_removed,
        properties,
    }
}

/// One printed result line: `{url}: {size} bytes in {elapsed}s`.
struct Fetched<'a> {
    url: &'a str,
    elapsed: f64,
}

/// The per-URL lines and the total, or why the output is not the lecture's.
fn parse(run: &Run) -> Result<(Vec<Fetched<'_>>, f64), String> {
    let lines = run.lines();
    let Some((last, results)) = lines.split_last() else {
        return Err("printed nothing".into());
    };
    let total = last
        .strip_prefix("All done in ")
        .and_then(|t| t.strip_suffix('s'))
        .and_then(|t| t.parse().ok())
        .ok_or_else(|| format!("last line is not `All done in N.NNs`: {last:?}"))?;
    let fetched = results
        .iter()
        .map(|line| {
            let (url, rest) = line
                .split_once(": ")
                .ok_or_else(|| format!("not `url: N bytes in N.NNs`: {line:?}"))?;
            let (_size, elapsed) = rest
                .strip_suffix('s')
                .and_then(|r| r.split_once(" bytes in "))
                .ok_or_else(|| format!("not `url: N bytes in N.NNs`: {line:?}"))?;
            let elapsed = elapsed
                .parse()
                .map_err(|_| format!("time is not a number: {line:?}"))?;
            Ok(Fetched { url, elapsed })
        })
        .collect::<Result<_, String>>()?;
    Ok((fetched, total))
}

/// The run with its result lines sorted: completion order varies, so it is checked
/// as a property instead of being frozen into the snapshot.
fn completion_order_removed(run: &Run) -> String {
    let lines = run.lines();
    let sorted = match lines.split_last() {
        Some((last, results)) => {
            let mut results = results.to_vec();
            results.sort_unstable();
            results.push(last);
            results.join("\n") + "\n"
        }
        None => String::new(),
    };
    let run = Run {
        stdout: sorted,
        ..run.clone()
    };
    super::labelled_text(
        &run,
        "stdout, result lines sorted (their order is checked apart)",
    )
}

fn properties(name: &str, runs: &[Run]) -> Vec<Check> {
    let parsed: Result<Vec<_>, String> = runs.iter().map(parse).collect();
    let parsed = match parsed {
        Ok(parsed) => parsed,
        Err(why) => {
            return vec![Check::new(
                name,
                "prints `url: N bytes in N.NNs` per URL, then `All done in N.NNs`",
                "code notes, lines 26 and 28",
                Err(why),
            )];
        }
    };
    let each_once = parsed.iter().try_for_each(|(fetched, _)| {
        let mut urls: Vec<&str> = fetched.iter().map(|f| f.url).collect();
        urls.sort_unstable();
        let mut expected = URLS.to_vec();
        expected.sort_unstable();
        (urls == expected)
            .then_some(())
            .ok_or_else(|| format!("printed URLs were {urls:?}"))
    });
    let completion_order = parsed.iter().try_for_each(|(fetched, _)| {
        let times: Vec<f64> = fetched.iter().map(|f| f.elapsed).collect();
        times
            .windows(2)
            .all(|pair| pair[1] >= pair[0] - ORDER_TOLERANCE)
            .then_some(())
            .ok_or_else(|| format!("times in printed order were {times:?}"))
    });
    let totals: Vec<String> = parsed
        .iter()
        .map(|(fetched, total)| {
            let slowest = fetched.iter().map(|f| f.elapsed).fold(0.0, f64::max);
            let sum: f64 = fetched.iter().map(|f| f.elapsed).sum();
            format!("total {total:.2}s, slowest {slowest:.2}s, sum {sum:.2}s")
        })
        .collect();
    let close_to_slowest =
        parsed
            .iter()
            .zip(&totals)
            .try_for_each(|((fetched, total), summary)| {
                let slowest = fetched.iter().map(|f| f.elapsed).fold(0.0, f64::max);
                let sum: f64 = fetched.iter().map(|f| f.elapsed).sum();
                (*total <= slowest + TOTAL_MARGIN && *total < sum)
                    .then_some(())
                    .ok_or_else(|| summary.clone())
            });

    vec![
        Check::new(
            name,
            "each of the five URLs printed exactly once",
            "code notes, lines 5-11 and 24-26",
            each_once.map(|()| format!("in {0} of {0} runs", runs.len())),
        ),
        Check::new(
            name,
            "lines printed in completion order (times non-decreasing)",
            "narration of 19.1: \"not in submission order, but in completion order\"",
            completion_order.map(|()| {
                let orders: Vec<String> = parsed
                    .iter()
                    .map(|(fetched, _)| order_of(fetched))
                    .collect();
                format!("orders seen: {}", orders.join(", "))
            }),
        ),
        Check::new(
            name,
            "total at most the slowest + 0.10s, and less than the sum",
            "narration of 19.1; notes lines 27-28",
            close_to_slowest.map(|()| totals.join("; ")),
        ),
    ]
}

/// The completion order as submission indices, e.g. `24013`.
fn order_of(fetched: &[Fetched<'_>]) -> String {
    fetched
        .iter()
        .filter_map(|f| URLS.iter().position(|u| *u == f.url))
        .map(|i| char::from(b'0' + i as u8))
        .collect()
}
