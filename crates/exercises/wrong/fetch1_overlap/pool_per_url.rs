// Wrong solution of fetch1_overlap: a pool made inside the loop, one per URL: each is
// dropped at the end of its turn, and dropping a pool waits for its tasks (Python's `with`
// block, in the loop).
// Rejected by: the recording pool's log, which tells how the requests ran one after
// another.
// Rejected with: a pool per URL

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
    let mut handles = Vec::new();
    for &url in urls {
        let executor = ThreadPoolExecutor::new(5).expect("5 workers is a valid pool");
        let agent = network.agent().clone();
        let handle = executor
            .submit(move || fetch_page(&agent, url))
            .expect("the pool is open");
        handles.push(handle);
    }
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
