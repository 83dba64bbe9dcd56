// Example 19.1, exercise 3: each result as soon as it arrives, with `as_completed`.
// Lecture lines: notes 24-26 (narration 19-21).
//
// The pages are fetched side by side, but reported in the order they were submitted: a
// fast page waits to be printed until every page submitted before it has arrived. The
// lecture prints each page the moment its request finishes, fastest first:
// `as_completed` yields each handle as soon as its task is done.

use std::time::Instant;

use ex19_1_fetch::executor::as_completed;
use ex19_1_fetch::network::{Httpbin, Network};
use ex19_1_fetch::{URLS, fetch_page};
use httpbin_standin::Latency;
// Example 19.1's pool, which also notes, for the tests, when each task was submitted,
// started and finished.
use lecture19_exercises::ThreadPoolExecutor;

/// Fetches every URL on a pool of 5 threads and calls `report` with each URL, its size in
/// bytes and the seconds it took, as soon as that page has arrived.
fn fetch_and_report(
    network: &Network,
    urls: &[&'static str],
    mut report: impl FnMut(&'static str, usize, f64),
) {
    let executor = ThreadPoolExecutor::new(5).expect("5 workers is a valid pool");
    let handles: Vec<_> = urls
        .iter()
        .map(|&url| {
            let agent = network.agent().clone();
            executor
                .submit(move || fetch_page(&agent, url))
                .expect("the pool is open")
        })
        .collect();
    // Each handle comes out of `as_completed` as soon as its task is done.
    for handle in as_completed(handles) {
        let page = handle.result().expect("the task did not panic");
        let (url, size, elapsed) = page.expect("the stand-in answers");
        report(url, size, elapsed);
    }
}

fn main() {
    let network = Network::start(Httpbin::StandIn(Latency::default()), false)
        .expect("the stand-in starts on 127.0.0.1");
    let start = Instant::now();
    fetch_and_report(&network, &URLS, |url, size, elapsed| {
        println!("{url}: {size} bytes in {elapsed:.2}s");
    });
    println!("All done in {:.2}s", start.elapsed().as_secs_f64());
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::mpsc::{self, RecvTimeoutError};
    use std::thread;
    use std::time::Duration;

    /// Requests of known length (`/delay/N` answers after N seconds), submitted in another
    /// order than they finish in.
    const TIMED: [&str; 3] = [
        "http://httpbin.org/delay/0.3",
        "http://httpbin.org/delay/0.1",
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
                panic!("fetch_and_report was still running after {limit:?}")
            }
            Err(RecvTimeoutError::Disconnected) => {
                panic!("fetch_and_report panicked (message above)")
            }
        }
    }

    /// One call of `report`: the URL, and when it was reported.
    type Reported = (&'static str, Instant);

    /// Fetches [`TIMED`] with no simulated latency; returns each report in order, and when
    /// each request finished, in order. Fails the test, naming the mistake, if the pool's
    /// log shows that the requests did not wait side by side.
    fn reports() -> (Vec<Reported>, Vec<Instant>) {
        let (reported, log) = within(Duration::from_secs(5), || {
            let network = Network::start(Httpbin::StandIn(Latency::OFF), false).unwrap();
            let mut reported = Vec::new();
            let ((), log) = lecture19_exercises::record(|| {
                fetch_and_report(&network, &TIMED, |url, _, _| {
                    reported.push((url, Instant::now()));
                });
            });
            (reported, log)
        });
        if let Some(why) = log.why_not_side_by_side(TIMED.len()) {
            panic!("{why} See notes 22-24.");
        }
        (reported, log.finish_times())
    }

    #[test]
    fn the_results_come_in_completion_order() {
        let order: Vec<_> = reports().0.iter().map(|(url, _)| *url).collect();
        let fastest_first = [TIMED[1], TIMED[2], TIMED[0]];
        assert_eq!(
            order, fastest_first,
            "the pages were reported in submission order. The lecture prints them in \
             completion order, the fastest first (notes 24): loop over as_completed."
        );
    }

    #[test]
    fn each_result_is_reported_as_soon_as_its_request_finishes() {
        let (reported, finished) = reports();
        assert!(
            reported.first().map(|(_, at)| at) < finished.last(),
            "the first page was reported only once the slowest request had finished: it \
             waited for all of them. The lecture prints each result the moment it arrives \
             (notes 24-26): report inside the as_completed loop, not after collecting (or \
             sorting) the results."
        );
        // A request after the one reported (they finish 0.1 s apart) finished before it.
        for ((url, reported_at), next_finished) in reported.iter().zip(&finished[1..]) {
            assert!(
                reported_at < next_finished,
                "{url} was reported only after a slower request had finished: it waited for \
                 it. The lecture prints each result the moment it arrives (notes 24-26): \
                 report inside the as_completed loop, not after collecting the results."
            );
        }
    }
}
