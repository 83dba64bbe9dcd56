// Example 19.1, exercise 1: overlap the waits on a pool of threads.
// Lecture lines: notes 21-23 and 27-28 (narration 16-18 and 22-23).
//
// `fetch_all` fetches the URLs one after another: each request starts only when the one
// before it has answered, so the total time is the sum of all the waits. The lecture hands
// every URL to a pool of 5 threads first, and only then waits for the results, so that the
// five waits overlap and the total is close to the slowest request alone.
//
// httpbin.org is answered by this workspace's offline stand-in on 127.0.0.1, which waits a
// while before each answer, as a server across the internet would.

use std::time::Instant;

use ex19_1_fetch::network::{Httpbin, Network};
use ex19_1_fetch::{URLS, fetch_page};
use httpbin_standin::Latency;
// Example 19.1's pool, which also notes, for the tests, when each task was submitted,
// started and finished.
use lecture19_exercises::ThreadPoolExecutor;

/// Fetches every URL and returns each one with its size in bytes and the seconds it took,
/// in any order.
fn fetch_all(network: &Network, urls: &[&'static str]) -> Vec<(&'static str, usize, f64)> {
    // TODO: Submit every URL to the pool below first (name it `executor`), and keep the
    // handles that `submit` returns. Only then wait for each result with `result()`.
    // A task may outlive the loop that submits it, so give each one its own agent:
    // `network.agent().clone()`.
    let _executor = ThreadPoolExecutor::new(5).expect("5 workers is a valid pool");
    let mut pages = Vec::new();
    for &url in urls {
        let page = fetch_page(network.agent(), url).expect("the stand-in answers");
        pages.push(page);
    }
    pages
}

fn main() {
    let network = Network::start(Httpbin::StandIn(Latency::default()), false)
        .expect("the stand-in starts on 127.0.0.1");
    let start = Instant::now();
    for (url, size, elapsed) in fetch_all(&network, &URLS) {
        println!("{url}: {size} bytes in {elapsed:.2}s");
    }
    println!("All done in {:.2}s", start.elapsed().as_secs_f64());
}

#[cfg(test)]
mod tests {
    use super::*;
    use lecture19_exercises::Log;
    use std::sync::mpsc::{self, RecvTimeoutError};
    use std::thread;
    use std::time::Duration;

    /// Five requests of known length: the stand-in's `/delay/N` answers after N seconds.
    /// One after another they take 1 s; side by side, about 0.3 s, the slowest.
    const TIMED: [&str; 5] = [
        "http://httpbin.org/delay/0.2",
        "http://httpbin.org/delay/0.1",
        "http://httpbin.org/delay/0.3",
        "http://httpbin.org/delay/0.15",
        "http://httpbin.org/delay/0.25",
    ];

    /// Runs `work` on a thread of its own and fails the test if it is still running after
    /// `limit`, so that a wrong answer fails instead of hanging.
    fn within<T: Send + 'static>(limit: Duration, work: impl FnOnce() -> T + Send + 'static) -> T {
        let (done, result) = mpsc::channel();
        thread::spawn(move || done.send(work()));
        match result.recv_timeout(limit) {
            Ok(value) => value,
            Err(RecvTimeoutError::Timeout) => panic!("fetch_all was still running after {limit:?}"),
            Err(RecvTimeoutError::Disconnected) => panic!("fetch_all panicked (message above)"),
        }
    }

    /// Fetches `urls` with no simulated latency, so that only the `/delay/N` waits count;
    /// returns the pages, the total time in seconds, and the log of the pool.
    fn fetch_timed(urls: &'static [&'static str]) -> (Vec<(&'static str, usize, f64)>, f64, Log) {
        within(Duration::from_secs(5), move || {
            let network = Network::start(Httpbin::StandIn(Latency::OFF), false).unwrap();
            let start = Instant::now();
            let (pages, log) = lecture19_exercises::record(|| fetch_all(&network, urls));
            (pages, start.elapsed().as_secs_f64(), log)
        })
    }

    #[test]
    fn every_url_is_fetched_once() {
        let (pages, _, _) = fetch_timed(&URLS);
        let mut fetched: Vec<_> = pages.iter().map(|(url, _, _)| *url).collect();
        fetched.sort_unstable();
        let mut expected = URLS.to_vec();
        expected.sort_unstable();
        assert_eq!(
            fetched, expected,
            "each of the five URLs should be fetched once"
        );
        assert!(
            pages.iter().all(|(_, size, _)| *size > 0),
            "every page has a body"
        );
    }

    #[test]
    fn the_total_is_close_to_the_slowest_request_not_the_sum() {
        let (pages, total, log) = fetch_timed(&TIMED);
        // Each request waits long enough for the log to show how they ran.
        if let Some(why) = log.why_not_side_by_side(TIMED.len()) {
            panic!("{why} See notes 22-23 and 27-28.");
        }
        assert_eq!(pages.len(), TIMED.len(), "each URL should be fetched once");
        let sum: f64 = pages.iter().map(|(_, _, elapsed)| elapsed).sum();
        let slowest = pages
            .iter()
            .map(|(_, _, elapsed)| *elapsed)
            .fold(0.0, f64::max);
        assert!(
            total < slowest + 0.1 && total < sum,
            "All done in {total:.2}s, but the slowest request took {slowest:.2}s and the five \
             together {sum:.2}s: the requests waited one after another. The lecture expects \
             the total close to the slowest request and below the sum (notes 27-28). Submit \
             every URL to the pool before you wait for any result."
        );
    }
}
