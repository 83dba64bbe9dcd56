// Example 19.1, exercise 2: results in submission order, with `map`.
// Lecture lines: notes 23-24 (narration 18-19), and `executor.map()` in the lecture's
// concepts and in the explanation of line 24.
//
// `as_completed` hands out the results in the order the requests finish, which changes
// from run to run. This report must list the pages in the order of `urls`, the order they
// were submitted in, and still fetch them side by side on the pool. That is what the
// lecture's `executor.map()` does: it submits every item, then yields each result in
// input order, waiting for the next one when it is not finished yet.

use std::time::Instant;

use ex19_1_fetch::network::{Httpbin, Network};
use ex19_1_fetch::{URLS, fetch_page};
use httpbin_standin::Latency;
// Example 19.1's pool, which also notes, for the tests, when each task was submitted,
// started and finished.
use lecture19_exercises::ThreadPoolExecutor;

/// Fetches every URL on a pool of 5 threads and returns each URL with its size in bytes
/// and the seconds it took, in the order of `urls`.
fn fetch_in_order(network: &Network, urls: &[&'static str]) -> Vec<(&'static str, usize, f64)> {
    let executor = ThreadPoolExecutor::new(5).expect("5 workers is a valid pool");
    let agent = network.agent().clone();
    // `map` submits every URL at once, then waits for the results in the order of `urls`.
    let pages = executor
        .map(move |url| fetch_page(&agent, url), urls.to_vec())
        .expect("the pool is open");
    pages
        .map(|page| {
            let page = page.expect("the task did not panic");
            page.expect("the stand-in answers")
        })
        .collect()
}

fn main() {
    let network = Network::start(Httpbin::StandIn(Latency::default()), false)
        .expect("the stand-in starts on 127.0.0.1");
    let start = Instant::now();
    for (url, size, elapsed) in fetch_in_order(&network, &URLS) {
        println!("{url}: {size} bytes in {elapsed:.2}s");
    }
    println!("All done in {:.2}s", start.elapsed().as_secs_f64());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::{self, RecvTimeoutError};
    use std::thread;
    use std::time::Duration;

    /// Requests of known length (`/delay/N` answers after N seconds, `/uuid` at once),
    /// submitted in another order than they finish in, and than their URLs sort in.
    const TIMED: [&str; 3] = [
        "http://httpbin.org/delay/0.3",
        "http://httpbin.org/uuid",
        "http://httpbin.org/delay/0.2",
    ];

    /// Runs `work` on a thread of its own and fails the test if it is still running after
    /// `limit`, so that a wrong answer fails instead of hanging.
    fn within<T: Send + 'static>(limit: Duration, work: impl FnOnce() -> T + Send + 'static) -> T {
        let (done, result) = mpsc::channel();
        thread::spawn(move || done.send(work()));
        match result.recv_timeout(limit) {
            Ok(value) => value,
            Err(RecvTimeoutError::Timeout) => {
                panic!("fetch_in_order was still running after {limit:?}")
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("fetch_in_order panicked (message above)")
            }
        }
    }

    /// Fetches [`TIMED`] with no simulated latency; returns the URLs in the order they came
    /// back, and the total time in seconds. Fails the test, naming the mistake, if the
    /// pool's log shows that the requests did not wait side by side.
    fn fetch_timed() -> (Vec<&'static str>, f64) {
        let (urls, total, log) = within(Duration::from_secs(5), || {
            let network = Network::start(Httpbin::StandIn(Latency::OFF), false).unwrap();
            let start = Instant::now();
            let (pages, log) = lecture19_exercises::record(|| fetch_in_order(&network, &TIMED));
            let urls: Vec<_> = pages.iter().map(|(url, _, _)| *url).collect();
            (urls, start.elapsed().as_secs_f64(), log)
        });
        if let Some(why) = log.why_not_side_by_side(TIMED.len()) {
            panic!("{why} executor.map() submits every item first (notes 23-24).");
        }
        (urls, total)
    }

    #[test]
    fn the_results_come_in_submission_order() {
        let (urls, _) = fetch_timed();
        let mut sorted = TIMED;
        sorted.sort_unstable();
        let why = if urls == [TIMED[1], TIMED[2], TIMED[0]] {
            "the pages came back in the order the requests finished"
        } else if urls == sorted {
            "the pages came back sorted by URL, which is not the order they were submitted in"
        } else {
            "the pages came back in another order than `urls`"
        };
        assert_eq!(
            urls, TIMED,
            "{why}. The lecture's executor.map() returns them in submission order, whichever \
             finishes first (notes 24): the order of `urls`, as it is."
        );
    }

    #[test]
    fn the_requests_still_overlap() {
        let (_, total) = fetch_timed();
        assert!(
            total < 0.4,
            "All done in {total:.2}s: the requests (0.3 s, at once and 0.2 s) waited one after \
             another. With executor.map() every URL is submitted first, so the total is \
             close to the slowest request, 0.3 s (notes 27-28)."
        );
    }
}
