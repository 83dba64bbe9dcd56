//! Example 19.1: fetch five URLs on a pool of five threads and print each result as it
//! completes. Read it beside the lecture's code notes: `// line N` marks the Python line
//! that each Rust line stands for.
//!
//! httpbin.org is answered by an offline stand-in unless `--online` is given (`--help`).

use std::collections::HashMap;
use std::fmt::Display;
use std::process::ExitCode;
use std::time::{Duration, Instant}; // line 1

use ex19_1_fetch::FetchError;
use ex19_1_fetch::cli::{self, Stop};
use ex19_1_fetch::executor::{ThreadPoolExecutor, as_completed}; // line 2
use ureq::Agent; // line 3

/// The lecture's five httpbin.org URLs, in submission order.
// line 5
pub const URLS: [&str; 5] = [
    "http://httpbin.org/delay/0", // line 6
    "http://httpbin.org/uuid",    // line 7
    "http://httpbin.org/ip",      // line 8
    "http://httpbin.org/headers", // line 9
    "http://httpbin.org/get",     // line 10
];

/// Fetches `url` and returns it with the size of its body and the seconds it took.
// line 13
// Python's urlopen uses a hidden global opener; here the opener, an Agent, is a parameter.
pub fn fetch_page(
    agent: &Agent,
    url: &'static str,
) -> Result<(&'static str, usize, f64), FetchError> {
    let start = Instant::now(); // line 14
    // line 15
    let mut response = agent
        .get(url)
        .config()
        .timeout_global(Some(Duration::from_secs(10)))
        .build()
        .call()?;
    let content = response.body_mut().read_to_vec()?; // line 16
    let elapsed = start.elapsed().as_secs_f64(); // line 17
    Ok((url, content.len(), elapsed)) // line 18
}

fn main() -> ExitCode {
    // Not in the lecture: the flags say where httpbin.org is answered (see --help).
    let network = match cli::start(std::env::args_os()) {
        Ok(network) => network,
        Err(Stop::Help(usage)) => {
            println!("{usage}");
            return ExitCode::SUCCESS;
        }
        Err(stop) => {
            eprintln!("ex19_1_fetch: {stop}");
            return ExitCode::from(2);
        }
    };
    eprintln!("{network}");
    // Not in the lecture: Python's result() would re-raise and stop the program; here a
    // failure is reported on stderr, the other URLs still print, and the exit code says so.
    let mut failed = 0;
    let mut report = |url: &str, cause: &dyn Display| {
        eprintln!("{url}: failed: {cause}");
        failed += 1;
    };

    let start = Instant::now(); // line 21
    // line 22: the block is the `with`; dropping the executor at its end waits for every task.
    {
        let executor = ThreadPoolExecutor::new(5).expect("5 workers is a valid pool");
        // line 23
        let future_to_url: HashMap<_, _> = URLS
            .iter()
            .map(|&url| {
                // A task may outlive this loop, so it owns a clone (a handle to the same agent).
                let agent = network.agent().clone();
                let future = executor.submit(move || fetch_page(&agent, url));
                (future.expect("the pool is open"), url)
            })
            .collect();
        // line 24
        for future in as_completed(future_to_url.keys()) {
            // line 25: the outer Result: did the task panic? The inner one: did the fetch fail?
            let (url, size, elapsed) = match future.result() {
                Ok(Ok(page)) => page,
                // The dict is how a failed future is traced back to its URL.
                Ok(Err(fetch_error)) => {
                    report(future_to_url[&future], &fetch_error);
                    continue;
                }
                Err(task_panicked) => {
                    report(future_to_url[&future], &task_panicked);
                    continue;
                }
            };
            println!("{url}: {size} bytes in {elapsed:.2}s"); // line 26
        }
    }
    let total_time = start.elapsed().as_secs_f64(); // line 27
    println!("All done in {total_time:.2}s"); // line 28
    // Not in the lecture: with --timeline, draw when each request ran.
    if let Some(timeline) = network.timeline() {
        print!("\n{timeline}");
    }

    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
