//! Example 19.1 of Lecture 19: fetching five URLs through a thread pool.
//!
//! The mirror of the lecture's program is `src/main.rs`. This library holds what it
//! stands on:
//!
//! - [`executor`]: `ThreadPoolExecutor`, `submit`, `as_completed` and `map`, as in
//!   Python's `concurrent.futures`;
//! - [`network`]: sends the lecture's httpbin.org URLs to the offline stand-in
//!   (the `httpbin_standin` crate), to another httpbin, or to the real service;
//! - [`cli`]: the example's flags, which choose among those;
//! - [`FetchError`]: why a fetch failed, in plain words.
//!
//! `--timeline`'s drawing is the workspace's `timeline` crate, which Example 19.3 and
//! the measurement lab draw with too.
//!
//! [`URLS`] and [`fetch_page`] are defined once, in `src/main.rs`. This library
//! compiles that file a second time, as a private module, and re-exports them, so
//! the variant, the tests and the measurements fetch with the example's own code.

pub use fetch_error::FetchError;
pub use mirror::{URLS, fetch_page};

pub mod cli;
pub mod executor;
mod fetch_error;
pub mod network;

// `main.rs` imports from `ex19_1_fetch`, so the crate answers to that name
// when it compiles `main.rs` as its own module.
extern crate self as ex19_1_fetch;

#[path = "main.rs"]
#[allow(
    dead_code,
    reason = "the library uses the URLs and the fetch, not `main`"
)]
mod mirror;
