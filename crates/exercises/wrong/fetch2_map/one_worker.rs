// Wrong solution of fetch2_map: executor.map on a pool of one worker: the order is right,
// but the requests run one after another.
// Rejected by: the recording pool's log, which tells how the requests ran one after
// another.
// Rejected with: one worker: the 3 requests ran one after another

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
    let executor = ThreadPoolExecutor::new(1).expect("1 worker is a valid pool");
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
