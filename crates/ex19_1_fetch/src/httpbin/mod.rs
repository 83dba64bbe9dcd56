//! An offline stand-in for httpbin.org.
//!
//! Example 19.1 fetches five `http://httpbin.org/...` URLs, but a classroom, a plane or a
//! CI machine often cannot reach httpbin.org. So the example starts this server on
//! `127.0.0.1` and sends `httpbin.org:80` to it. It answers like httpbin (same JSON keys and
//! values, same layout, same sizes) for the routes the lecture uses and a few more:
//!
//! | route | answer |
//! |---|---|
//! | `GET /get` | `args` (the query string), `headers`, `origin`, `url` |
//! | `GET /headers` | the request headers, names title-cased (`X-Lecture`) |
//! | `GET /ip` | `origin`: the client's address |
//! | `GET /uuid` | a random version-4 UUID |
//! | `GET /delay/{n}` | like `/get` plus `data`, `files`, `form`, after `n` seconds (fractions allowed, capped at 10; not a number gives 500) |
//! | `GET /status/{code}` | that status with an empty body (200–599; anything else gives 400) |
//! | `GET /close-mid-body` | test aid, not in httpbin: promises `/get`'s body in `Content-Length`, sends half of it and closes, so a client's "connection closed mid-body" handling can be tested |
//!
//! `HEAD` gets the same headers without the body; another method gets 405, an unknown path
//! 404 with Flask's HTML page. Every response carries `Connection: close`.
//!
//! It also takes absolute-form targets (`GET http://httpbin.org/get HTTP/1.1`), which is how
//! a client talks to an HTTP proxy. So the lecture's unchanged Python program runs offline
//! too: start the `httpbin` binary and run
//! `http_proxy=http://127.0.0.1:8080 python3 lecture.py`.
//!
//! # Threads
//!
//! One thread per connection, up to [`Config::max_connections`]: a `/delay/1` never waits
//! behind another one, which is the behaviour the lecture's timings rely on. (A fixed pool
//! would make the sixth slow request wait for a free worker, and the example would measure
//! the server instead of the client.) Past the cap a client gets 503 at once. A client has
//! [`Config::read_timeout`] to send its whole request head, which may not exceed 16 KiB
//! (431 otherwise), so an idle or trickling client cannot hold a thread for long.
//!
//! # Latency
//!
//! Every routed response waits a random [`Latency`] first, 20–120 ms by default, so that
//! loopback times look like a network's and the five requests finish in a different order
//! than they were sent. [`Latency::OFF`] turns it off.
//!
//! # Example
//!
//! ```
//! use ex19_1_fetch::httpbin::{Config, Latency, Server};
//! use std::io::{Read, Write};
//! use std::net::TcpStream;
//!
//! let server = Server::start(Config::default().latency(Latency::OFF))?;
//! let mut stream = TcpStream::connect(server.addr())?;
//! stream.write_all(b"GET /ip HTTP/1.1\r\nHost: httpbin.org\r\n\r\n")?;
//! let mut response = String::new();
//! stream.read_to_string(&mut response)?;
//! assert!(response.starts_with("HTTP/1.1 200 OK\r\n"));
//! assert!(response.ends_with("{\n  \"origin\": \"127.0.0.1\"\n}\n"));
//! # Ok::<(), std::io::Error>(())
//! ```

mod latency;
mod request;
mod routes;
mod server;

pub use latency::{Latency, ParseLatencyError};
pub use server::{Config, Server};
