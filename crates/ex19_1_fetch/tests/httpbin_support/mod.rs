//! Helpers shared by the `httpbin*` integration tests: raw HTTP over `TcpStream`, so a test
//! sees the exact bytes, and a timeout around anything that waits on threads.

#![allow(dead_code)] // each test file uses its own subset

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::sync::mpsc;
use std::thread;
use std::time::Duration;

use ex19_1_fetch::httpbin::{Config, Latency, Server};

/// A server on an ephemeral port with no added latency.
pub fn start() -> Server {
    start_with(Config::default())
}

/// A server with this config, latency off.
pub fn start_with(config: Config) -> Server {
    Server::start(config.latency(Latency::OFF)).expect("start the httpbin stand-in")
}

/// Runs `body` on its own thread and fails the test if it takes longer than `limit`, so a
/// deadlock shows up as a failure instead of a hung test run.
pub fn within<T: Send + 'static>(limit: Duration, body: impl FnOnce() -> T + Send + 'static) -> T {
    let (done, result) = mpsc::channel();
    thread::spawn(move || {
        let _ = done.send(body());
    });
    match result.recv_timeout(limit) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("timed out after {limit:?}"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("the test body panicked"),
    }
}

/// A response as it came over the wire.
#[derive(Debug)]
pub struct Raw {
    pub status: u16,
    pub reason: String,
    /// In the order sent, names as sent.
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Raw {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("a UTF-8 body")
    }
}

/// Sends `request` as it is and reads until the server closes.
pub fn exchange(addr: SocketAddr, request: &[u8]) -> Raw {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(request).expect("send the request");
    parse(&read_until_closed(&mut stream))
}

/// `GET {target}` with a Host header and nothing else.
pub fn get(addr: SocketAddr, target: &str) -> Raw {
    exchange(
        addr,
        format!("GET {target} HTTP/1.1\r\nHost: httpbin.org\r\n\r\n").as_bytes(),
    )
}

/// Everything the peer sends before it closes; a reset after the data counts as a close.
pub fn read_until_closed(stream: &mut TcpStream) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut chunk = [0; 4096];
    loop {
        match stream.read(&mut chunk) {
            Ok(0) => return bytes,
            Ok(n) => bytes.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(e) if e.kind() == ErrorKind::ConnectionReset => return bytes,
            Err(e) => panic!("reading the response: {e} (after {} bytes)", bytes.len()),
        }
    }
}

/// Splits a raw response into status, headers and body.
pub fn parse(bytes: &[u8]) -> Raw {
    let split = bytes
        .windows(4)
        .position(|w| w == b"\r\n\r\n")
        .unwrap_or_else(|| panic!("no end of head in {:?}", String::from_utf8_lossy(bytes)));
    let head = std::str::from_utf8(&bytes[..split]).expect("an ASCII head");
    let mut lines = head.split("\r\n");
    let status_line = lines.next().unwrap();
    let mut parts = status_line.splitn(3, ' ');
    assert_eq!(parts.next(), Some("HTTP/1.1"), "{status_line}");
    let status = parts.next().unwrap().parse().unwrap();
    let reason = parts.next().unwrap_or_default().to_owned();
    let headers = lines
        .map(|line| {
            let (name, value) = line.split_once(": ").expect("a header line");
            (name.to_owned(), value.to_owned())
        })
        .collect();
    Raw {
        status,
        reason,
        headers,
        body: bytes[split + 4..].to_vec(),
    }
}
