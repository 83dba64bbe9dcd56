// Example 19.1, exercise 4: one URL fails, and the others still arrive.
// Lecture lines: notes 23 and 25 (narration 18 and 20).
//
// `future.result()` hands back what the task returned, or the error it ended with (Python
// re-raises the exception). Below, the first failed fetch stops the whole loop with a
// panic, and the pages still in flight are lost. Keep going instead: note the failure with
// its URL, which the map from handle to URL (the lecture's `futureToUrl`) gives, and go on
// with the other pages.

use std::collections::HashMap;

use ex19_1_fetch::executor::{ThreadPoolExecutor, as_completed};
use ex19_1_fetch::network::{Httpbin, Network};
use ex19_1_fetch::{URLS, fetch_page};
use httpbin_standin::Latency;

/// What a run fetched, and what failed.
#[derive(Debug, Default)]
struct Report {
    /// Each page that arrived: its URL and its size in bytes.
    pages: Vec<(&'static str, usize)>,
    /// Each URL that failed, and why (the error's message).
    failures: Vec<(&'static str, String)>,
}

/// Fetches every URL on a pool of 5 threads and reports each page and each failure.
fn fetch_all(network: &Network, urls: &[&'static str]) -> Report {
    let executor = ThreadPoolExecutor::new(5).expect("5 workers is a valid pool");
    let future_to_url: HashMap<_, _> = urls
        .iter()
        .map(|&url| {
            let agent = network.agent().clone();
            let future = executor.submit(move || fetch_page(&agent, url));
            (future.expect("the pool is open"), url)
        })
        .collect();
    let mut report = Report::default();
    for future in as_completed(future_to_url.keys()) {
        // TODO: `expect` panics at the first failure. `future.result()` is a `Result`
        // (did the task panic?) around the fetch's own `Result` (did the fetch fail?).
        // Match on both: push a page, or push `(url, error.to_string())` into
        // `report.failures`, with the URL from `future_to_url[&future]`, and go on.
        let page = future.result().expect("the task did not panic");
        let (url, size, _) = page.expect("the fetch succeeded");
        report.pages.push((url, size));
    }
    report
}

fn main() {
    let network = Network::start(Httpbin::StandIn(Latency::default()), false)
        .expect("the stand-in starts on 127.0.0.1");
    // The stand-in answers 404 Not Found to a path that httpbin does not have.
    let mut urls = URLS.to_vec();
    urls.insert(2, "http://httpbin.org/no-such-page");
    let report = fetch_all(&network, &urls);
    for (url, size) in report.pages {
        println!("{url}: {size} bytes");
    }
    for (url, why) in report.failures {
        println!("{url}: failed: {why}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::{self, RecvTimeoutError};
    use std::thread;
    use std::time::Duration;

    /// Four pages that arrive after 0.1 s or more, and two that fail at once: an unknown
    /// path (404) and a delay that is no number (500). The failures come back first.
    const SOME_FAIL: [&str; 6] = [
        "http://httpbin.org/delay/0.1",
        "http://httpbin.org/no-such-page",
        "http://httpbin.org/delay/0.15",
        "http://httpbin.org/delay/0.2",
        "http://httpbin.org/delay/soon",
        "http://httpbin.org/delay/0.12",
    ];

    /// The URLs of [`SOME_FAIL`] that fail.
    const FAILING: [&str; 2] = [SOME_FAIL[1], SOME_FAIL[4]];

    /// What is wrong with `urls` reported as pages, or as failures (`failures` set), given
    /// the whole report; `None` if nothing the tests know of.
    fn mistake(report: &Report, failures: bool) -> Option<&'static str> {
        let urls: Vec<&str> = match failures {
            false => report.pages.iter().map(|(url, _)| *url).collect(),
            true => report.failures.iter().map(|(url, _)| *url).collect(),
        };
        let reported = report.pages.len() + report.failures.len();
        if urls.iter().any(|url| FAILING.contains(url) != failures) {
            Some(
                "a result was reported under the URL of another: the URL of a handle comes \
                 from the map from handle to URL, future_to_url[&future] (notes 23), not \
                 from the order the results come in",
            )
        } else if reported < SOME_FAIL.len() && !report.failures.is_empty() {
            Some(
                "the loop stopped at the first failure (a break or a return): the failures \
                 come back first, and the pages still on their way were never reported",
            )
        } else if failures && report.failures.is_empty() && report.pages.len() == 4 {
            Some(
                "no failure was reported: a failed fetch was dropped. Push each one into \
                 report.failures, with its URL and the error's message",
            )
        } else {
            None
        }
    }

    /// Runs `work` on a thread of its own and fails the test if it is still running after
    /// `limit`, so that a wrong answer fails instead of hanging.
    fn within<T: Send + 'static>(limit: Duration, work: impl FnOnce() -> T + Send + 'static) -> T {
        let (done, result) = mpsc::channel();
        thread::spawn(move || done.send(work()));
        match result.recv_timeout(limit) {
            Ok(value) => value,
            Err(RecvTimeoutError::Timeout) => panic!("fetch_all was still running after {limit:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!(
                "fetch_all panicked (message above): one failed URL stopped the whole report"
            ),
        }
    }

    fn report() -> Report {
        within(Duration::from_secs(5), || {
            let network = Network::start(Httpbin::StandIn(Latency::OFF), false).unwrap();
            fetch_all(&network, &SOME_FAIL)
        })
    }

    #[test]
    fn the_other_pages_still_arrive() {
        let report = report();
        if let Some(mistake) = mistake(&report, false) {
            panic!("{mistake}. The pages: {:?}", report.pages);
        }
        let mut arrived: Vec<_> = report.pages.iter().map(|(url, _)| *url).collect();
        arrived.sort_unstable();
        let mut expected = [SOME_FAIL[0], SOME_FAIL[2], SOME_FAIL[3], SOME_FAIL[5]];
        expected.sort_unstable();
        assert_eq!(
            arrived, expected,
            "every URL that did not fail should be reported as a page, once"
        );
    }

    #[test]
    fn each_failure_names_its_url_and_why() {
        let report = report();
        if let Some(mistake) = mistake(&report, true) {
            panic!("{mistake}. The failures: {:?}", report.failures);
        }
        let mut failures = report.failures;
        failures.sort_unstable();
        let expected = [
            (SOME_FAIL[4], "HTTP error 500".to_owned()),
            (SOME_FAIL[1], "HTTP error 404".to_owned()),
        ];
        assert_eq!(
            failures, expected,
            "each failed URL should be reported once, with the error's message; the map from \
             handle to URL (notes 23) says which URL a failed handle belongs to"
        );
    }
}
