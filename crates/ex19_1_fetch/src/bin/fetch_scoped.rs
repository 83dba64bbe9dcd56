//! Example 19.1 as a Rust engineer would write it: no pool, no futures, one scoped
//! thread per URL and a channel.
//!
//! The mirror (`src/main.rs`) copies Python's `ThreadPoolExecutor`, `submit` and
//! `as_completed`. With five URLs and five workers the pool adds nothing, so here each
//! URL gets its own thread in a [`std::thread::scope`], which may borrow the agent
//! instead of cloning it, and joins every thread before it returns. Each thread sends
//! its URL and its result over an [`mpsc`] channel; the main thread prints them in the
//! order they arrive, which is the order the fetches finish. The output, the flags
//! (`--online`, `--httpbin HOST:PORT`, `--latency`, `--timeline`), the URLs, `fetch_page`
//! and the error handling are the mirror's.

use std::process::ExitCode;
use std::sync::mpsc;
use std::thread;
use std::time::Instant;

use ex19_1_fetch::cli::{self, Stop};
use ex19_1_fetch::{URLS, fetch_page};

fn main() -> ExitCode {
    let network = match cli::start(std::env::args_os()) {
        Ok(network) => network,
        Err(Stop::Help(usage)) => {
            println!("{usage}");
            return ExitCode::SUCCESS;
        }
        Err(stop) => {
            eprintln!("fetch_scoped: {stop}");
            return ExitCode::from(2);
        }
    };
    eprintln!("{network}");
    let agent = network.agent();

    let start = Instant::now();
    let (sender, results) = mpsc::channel();
    let failed = thread::scope(|scope| {
        for url in URLS {
            let sender = sender.clone();
            // The loop below receives until every sender is gone, so this send cannot fail.
            scope.spawn(move || sender.send((url, fetch_page(agent, url))));
        }
        // Only the threads' clones are left, so `results` ends when the last thread is done.
        drop(sender);

        let mut failed = 0;
        for (url, result) in results {
            match result {
                Ok((_, size, elapsed)) => println!("{url}: {size} bytes in {elapsed:.2}s"),
                Err(error) => {
                    eprintln!("{url}: failed: {error}");
                    failed += 1;
                }
            }
        }
        failed
    });
    let total_time = start.elapsed().as_secs_f64();
    println!("All done in {total_time:.2}s");
    if let Some(timeline) = network.timeline() {
        print!("\n{timeline}");
    }

    if failed == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    }
}
