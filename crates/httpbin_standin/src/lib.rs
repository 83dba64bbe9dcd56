//! An offline stand-in for httpbin.org.
//!
//! Example 19.1 fetches five `http://httpbin.org/...` URLs, which a classroom, a plane or a
//! CI machine often cannot reach. This server answers them on loopback as httpbin 0.10
//! behind gunicorn (the service behind httpbin.org) does, byte for byte:
//!
//! | route | answer |
//! |---|---|
//! | `GET /get` | `args` (the query; a repeated key gives a list), `headers`, `origin`, `url` |
//! | `GET /headers` | the request headers, names title-cased, repeats joined with commas |
//! | `GET /ip` | `origin`: the client's address |
//! | `GET /uuid` | a random version-4 UUID |
//! | `GET /delay/{n}` | `/get`'s fields and empty `data`, `files`, `form`, after `n` seconds (at most 10; 500 if `n` is no number or negative) |
//!
//! `HEAD` gets the headers alone, another method 405 and another path 404, with Flask's
//! pages. As in httpbin, `headers` hides what proxies add (`Via`, ...) unless the query has
//! `show_env`, `origin` is `X-Forwarded-For` if a proxy set it, and `url` is the request URL
//! with escapes of UTF-8 text decoded. Absolute-form targets (`GET http://httpbin.org/get`)
//! work too, so the lecture's Python can use the stand-in as its `http_proxy`.
//!
//! One thread serves each connection, so that a `/delay/1` never waits behind another, up to
//! [`Config::max_connections`]; further clients wait in the kernel's accept queue. A client
//! has [`Config::read_timeout`] to send a head of at most 16 KiB (431 if longer). Each
//! response waits a random [`Latency`] first, 20–120 ms by default, so that loopback times
//! look like a network's.
//!
//! ```
//! use httpbin_standin::{Config, Latency, Server};
//! use std::io::{Read, Write};
//!
//! let server = Server::start(Config::default().latency(Latency::OFF))?;
//! let mut stream = std::net::TcpStream::connect(server.addr())?;
//! stream.write_all(b"GET /ip HTTP/1.1\r\nHost: httpbin.org\r\n\r\n")?;
//! let mut response = String::new();
//! stream.read_to_string(&mut response)?;
//! assert!(response.ends_with("\r\n\r\n{\n  \"origin\": \"127.0.0.1\"\n}\n"));
//! # Ok::<(), std::io::Error>(())
//! ```

mod latency;
mod request;
mod routes;
mod server;

pub use latency::Latency;
pub use server::{Config, Server};
