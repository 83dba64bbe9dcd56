// Wrong solution of fetch1_overlap: every URL submitted first, but to a pool of one
// worker, which runs the requests one after another.
// Rejected by: the recording pool's log, which tells how the requests ran one after
// another.
// Rejected with: one worker: the 5 requests ran one after another — the pool needs 5 workers

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
    let executor = ThreadPoolExecutor::new(1).expect("1 worker is a valid pool");
    // Every request is sent before any answer is awaited: the five waits overlap.
    let handles: Vec<_> = urls
        .iter()
        .map(|&url| {
            let agent = network.agent().clone();
            executor
                .submit(move || fetch_page(&agent, url))
                .expect("the pool is open")
        })
        .collect();
    handles
        .iter()
        .map(|handle| {
            let page = handle.result().expect("the task did not panic");
            page.expect("the stand-in answers")
        })
        .collect()
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
