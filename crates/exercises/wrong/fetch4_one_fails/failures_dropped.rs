// Wrong solution of fetch4_one_fails: the pages kept and every failure silently dropped.
// Rejected by: the order of completion: the failures answer at once, the pages after 0.1 s
// or more.
// Rejected with: no failure was reported: a failed fetch was dropped

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
        if let Ok(Ok((url, size, _))) = future.result() {
            report.pages.push((url, size));
        }
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
