// Wrong solution of fetch3_as_completed: as_completed, but its pages collected into a Vec
// first and reported in a second loop.
// Rejected by: the recording pool's log: the first report comes after the last request has
// finished.
// Rejected with: the first page was reported only once the slowest request had finished

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
    let pages: Vec<_> = as_completed(handles)
        .map(|handle| {
            let page = handle.result().expect("the task did not panic");
            page.expect("the stand-in answers")
        })
        .collect();
    for (url, size, elapsed) in pages {
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
