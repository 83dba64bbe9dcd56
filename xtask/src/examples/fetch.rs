//! Example 19.1: five URLs through a pool, printed in completion order.

use std::time::Duration;

use anyhow::{Context, Result};

use super::{Example, holds, in_every_run, labelled_text, masked};
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
        runs: 3,
        deadline: Duration::from_secs(30),
        snapshot_text,
        properties,
    }
}

/// What a run printed: each URL with its time, in printed order, and the total time.
type Printed<'a> = (Vec<(&'a str, f64)>, f64);

/// The per-URL lines and the total, or why the output is not the lecture's.
fn parse(run: &Run) -> Result<Printed<'_>> {
    let lines = run.lines();
    let (last, results) = lines.split_last().context("printed nothing")?;
    let seconds = |t: &str| t.strip_suffix('s')?.parse().ok();
    let total = (last.strip_prefix("All done in ").and_then(seconds))
        .with_context(|| format!("last line is not `All done in N.NNs`: {last:?}"))?;
    let fetched = results.iter().map(|line| {
        let (url, rest) = line.split_once(": ").unzip();
        let time = rest.and_then(|r| seconds(r.split_once(" bytes in ")?.1));
        url.zip(time).with_context(|| format!("not `url: N bytes in N.NNs`: {line:?}"))
    });
    Ok((fetched.collect::<Result<_>>()?, total))
}

/// The run with its times and port masked and its result lines sorted: completion order
/// varies, so it is checked as a property instead of being frozen into the snapshot.
fn snapshot_text(run: &Run) -> String {
    let mut lines = run.lines();
    let last = lines.pop();
    lines.sort_unstable();
    let stdout = lines.iter().chain(&last).map(|l| format!("{l}\n")).collect();
    let label = "stdout, result lines sorted (their order is checked apart)";
    let text = labelled_text(&Run { stdout, ..run.clone() }, label);
    masked(&masked(&text, " in ", "[time]"), "127.0.0.1:", "[port]")
}

fn properties(name: &str, runs: &[Run]) -> Vec<Check> {
    let parsed = match runs.iter().map(parse).collect::<Result<Vec<_>>>() {
        Ok(parsed) => parsed,
        Err(why) => {
            let expectation = "prints `url: N bytes in N.NNs` lines, then `All done in N.NNs`";
            return vec![Check::new(name, format!("{expectation} (notes 26, 28)"), Err(why))];
        }
    };
    let mut expected = URLS.to_vec();
    expected.sort_unstable();
    let each_once = in_every_run(&parsed, |(fetched, _)| {
        let mut urls: Vec<&str> = fetched.iter().map(|f| f.0).collect();
        urls.sort_unstable();
        holds(urls == expected, || format!("printed URLs were {urls:?}"))
    });
    let completion_order = in_every_run(&parsed, |(fetched, _)| {
        let times: Vec<f64> = fetched.iter().map(|f| f.1).collect();
        let ordered = times.windows(2).all(|t| t[1] >= t[0] - ORDER_TOLERANCE);
        holds(ordered, || format!("times in printed order were {times:?}"))
    });
    let close_to_slowest = in_every_run(&parsed, |(fetched, total)| {
        let slowest = fetched.iter().map(|f| f.1).fold(0.0, f64::max);
        let sum: f64 = fetched.iter().map(|f| f.1).sum();
        holds(*total <= slowest + TOTAL_MARGIN && *total < sum, || {
            format!("total {total:.2}s, slowest {slowest:.2}s, sum {sum:.2}s")
        })
    });
    Check::each(
        name,
        [
            "each of the five URLs printed once (notes 5-11, 24-26)",
            "lines in completion order, times non-decreasing (narration 19.1)",
            "total within 0.10s of the slowest, below the sum (narration 19.1; notes 27-28)",
        ],
        [each_once, completion_order, close_to_slowest],
    )
}

#[cfg(test)]
pub mod tests {
    use super::*;
    use crate::process::tests::printing;

    /// The lecture's output, as a run prints it.
    pub const SAMPLE: &str = "\
http://httpbin.org/uuid: 53 bytes in 0.03s
http://httpbin.org/ip: 28 bytes in 0.06s
http://httpbin.org/delay/0: 223 bytes in 0.07s
http://httpbin.org/get: 176 bytes in 0.09s
http://httpbin.org/headers: 102 bytes in 0.11s
All done in 0.11s
";

    #[test]
    fn the_lecture_output_holds_every_property() {
        let checks = properties("x", &[printing(SAMPLE)]);
        assert_eq!(checks.len(), 3);
        assert!(checks.iter().all(Check::passed), "{checks:?}");
        let stderr = "stand-in on 127.0.0.1:4242 (latency)\n".to_owned();
        let text = snapshot_text(&Run { stderr, ..printing(SAMPLE) });
        assert!(text.contains("\nhttp://httpbin.org/delay/0: 223 bytes in [time]s\n"));
        assert!(text.contains("All done in [time]s\n--- stderr\nstand-in on 127.0.0.1:[port] ("));
    }

    #[test]
    fn submission_order_a_missing_url_and_a_slow_total_fail() {
        let failed = |stdout: &str| -> Vec<bool> {
            properties("x", &[printing(stdout)]).iter().map(|c| !c.passed()).collect()
        };
        assert_eq!(failed(&SAMPLE.replace("0.03s", "0.10s")), [false, true, false]);
        assert_eq!(failed(&SAMPLE.replace("uuid", "ip")), [true, false, false]);
        assert_eq!(failed(&SAMPLE.replace("done in 0.11s", "done in 0.40s")), [false, false, true]);
    }
}
