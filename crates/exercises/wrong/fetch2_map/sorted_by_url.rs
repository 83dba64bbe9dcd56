// Wrong solution of fetch2_map: as_completed kept, and the pages sorted by URL afterwards,
// as if the URLs were listed in alphabetical order.
// Rejected by: the order: the test's URLs sort otherwise than they are submitted and than
// they finish.
// Rejected with: sorted by URL, which is not the order they were submitted in

use std::time::Instant;

use ex19_1_fetch::network::{Httpbin, Network};
use ex19_1_fetch::{URLS, fetch_page};
use httpbin_standin::Latency;
// Example 19.1's pool, which also notes, for the tests, when each task was submitted,
// started and finished.
use ex19_1_fetch::executor::as_completed;
use lecture19_exercises::ThreadPoolExecutor;

/// Fetches every URL on a pool of 5 threads and returns each URL with its size in bytes
/// and the seconds it took, in the order of `urls`.
fn fetch_in_order(network: &Network, urls: &[&'static str]) -> Vec<(&'static str, usize, f64)> {
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
    let mut pages: Vec<_> = as_completed(handles)
        .map(|handle| {
            let page = handle.result().expect("the task did not panic");
            page.expect("the stand-in answers")
        })
        .collect();
    pages.sort_by_key(|(url, _, _)| *url);
    pages
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
