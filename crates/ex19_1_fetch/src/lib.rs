//! Example 19.1 of Lecture 19: fetching five URLs through a thread pool.
//!
//! The mirror of the lecture's program is `src/main.rs`. This library holds what it
//! stands on:
//!
//! - [`executor`]: `ThreadPoolExecutor`, `submit`, `as_completed` and `map`, as in
//!   Python's `concurrent.futures`;
//! - [`httpbin`]: an offline stand-in for httpbin.org, also runnable alone
//!   (`cargo run -p ex19_1_fetch --bin httpbin`);
//! - [`network`]: sends the lecture's httpbin.org URLs to the stand-in, to another
//!   httpbin, or to the real service;
//! - [`FetchError`]: why a fetch failed, in plain words;
//! - [`args`]: the example's command line.

use std::path::Path;
use std::process::ExitCode;

pub use fetch_error::FetchError;

pub mod args;
pub mod executor;
mod fetch_error;
pub mod httpbin;
pub mod network;
pub mod timeline;

/// Reads the command line, starts the stand-in if it is wanted, and says on stderr where
/// httpbin.org is answered. On `--help` or bad input it prints why and gives the exit code
/// to stop with: 0 for help, 2 for a usage error, 1 if the stand-in cannot start.
pub fn network_from_args() -> Result<network::Network, ExitCode> {
    let mut args = std::env::args();
    let program = args
        .next()
        .as_deref()
        .and_then(|path| Path::new(path).file_name()?.to_str().map(str::to_owned))
        .unwrap_or_else(|| "ex19_1_fetch".to_owned());
    let options = args::parse(args).map_err(|error| match error {
        args::ArgsError::HelpRequested => {
            println!("{}", args::usage(&program));
            ExitCode::SUCCESS
        }
        args::ArgsError::Invalid(_) => {
            eprintln!("{program}: {error}");
            ExitCode::from(2)
        }
    })?;
    let network = network::Network::start(options).map_err(|error| {
        eprintln!("{program}: cannot start the httpbin.org stand-in: {error}");
        ExitCode::FAILURE
    })?;
    eprintln!("{network}");
    Ok(network)
}
