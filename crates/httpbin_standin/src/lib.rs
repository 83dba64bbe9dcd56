//! An offline stand-in for httpbin.org, which Example 19.1 fetches from: on loopback it answers
//! these routes byte for byte as httpbin 0.10 behind gunicorn (httpbin.org's service) does:
//!
//! | route | answer |
//! |---|---|
//! | `GET /get` | `args` (the query; a repeated key gives a list), `headers`, `origin`, `url` |
//! | `GET /headers` | the request headers, names title-cased, repeats joined with commas |
//! | `GET /ip` | `origin`: the client's address |
//! | `GET /uuid` | a random version-4 UUID |
//! | `GET /delay/{n}` | `/get`'s fields and empty `data`, `files`, `form`, after `n` seconds (at most 10; 500 if `n` is no number or negative) |
//!
//! `HEAD` gets the headers alone, another method 405, another path 404. `url` is the request
//! URL with escapes of UTF-8 text decoded, as in httpbin. Absolute-form targets (`GET
//! http://httpbin.org/get`) work too, so Python can use the stand-in as a proxy. A thread
//! serves each connection, up to 512 at once; a client has [`Config::read_timeout`] to send
//! a head of at most 16 KiB (431 if longer). Each routed answer waits a random [`Latency`].

mod latency;
mod request;
mod routes;
mod server;

pub use latency::Latency;
pub use server::{Config, Server};
