//! Helpers shared by the integration tests: raw HTTP over `TcpStream`, so that a test sees
//! the exact bytes, a deadline around anything that waits on threads or on a program, a
//! Python to run, and the skip of a test whose prerequisite is missing.

#![allow(dead_code)] // each test file uses its own subset

pub mod cases;
pub mod python;
pub mod skip;

use std::io::{self, ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::process::{Command, Output, Stdio};
use std::sync::mpsc;
use std::thread;
use std::time::{Duration, Instant};

use httpbin_standin::{Config, Latency, Server};

/// A server on a free port with no added latency.
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

/// Runs `command` to its end, stdin empty and its output captured. Kills it and fails the
/// test if it is still running after `limit`; `Err` if it does not start.
pub fn output_within(command: &mut Command, limit: Duration) -> io::Result<Output> {
    let started = Instant::now();
    let mut child = command
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    // Drained on threads of their own: a child that fills a pipe would otherwise stall.
    let drain = |mut pipe: Box<dyn Read + Send>| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            let _ = pipe.read_to_end(&mut bytes);
            bytes
        })
    };
    let stdout = drain(Box::new(child.stdout.take().expect("stdout is piped")));
    let stderr = drain(Box::new(child.stderr.take().expect("stderr is piped")));
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if started.elapsed() > limit {
            let _ = child.kill();
            let _ = child.wait();
            panic!("{command:?} was still running after {limit:?}: killed");
        }
        thread::sleep(Duration::from_millis(10));
    };
    Ok(Output {
        status,
        stdout: stdout.join().unwrap_or_default(),
        stderr: stderr.join().unwrap_or_default(),
    })
}

/// Polls `condition` every 10 ms until it holds, failing after 10 s.
pub fn eventually(what: &str, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "never happened: {what}");
        thread::sleep(Duration::from_millis(10));
    }
}

/// Whether the stand-in's threads can be counted here (Linux's /proc). Where they cannot,
/// `test`, whose checks need the count, is recorded as skipped, saying why.
pub fn threads_countable(test: &str) -> bool {
    let countable = connection_threads().is_some();
    if !countable {
        let why = "it counts the stand-in's threads in /proc/self/task, which only Linux has";
        skip::unsupported(test, why);
    }
    countable
}

/// The stand-in's connection threads in this process, by name, from /proc (Linux); None
/// elsewhere.
pub fn connection_threads() -> Option<usize> {
    let tasks = std::fs::read_dir("/proc/self/task").ok()?;
    let named = |task: std::fs::DirEntry| std::fs::read_to_string(task.path().join("comm"));
    let names = tasks.flatten().filter_map(|task| named(task).ok());
    Some(names.filter(|name| name.trim() == "httpbin-conn").count())
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
    parse(&exchange_bytes(addr, request))
}

/// Sends `request` as it is and returns every byte of the answer.
pub fn exchange_bytes(addr: SocketAddr, request: &[u8]) -> Vec<u8> {
    let mut stream = TcpStream::connect(addr).expect("connect");
    stream
        .set_read_timeout(Some(Duration::from_secs(20)))
        .unwrap();
    stream.write_all(request).expect("send the request");
    read_until_closed(&mut stream)
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

/// Sends a captured case's request to `addr` and checks the answer against what the real
/// httpbin said: status line, headers but `Date` and `Server`, body. `None` if all match,
/// else what differs.
pub fn differs_from_real(addr: SocketAddr, case: &cases::Case) -> Option<String> {
    let bytes = exchange_bytes(addr, case.request);
    let text = String::from_utf8_lossy(&bytes);
    let (head, body) = text.split_once("\r\n\r\n").unwrap_or((&text, ""));
    let mut lines = head.split("\r\n");
    let status = lines.next().unwrap_or_default();
    let allow = |line: &str| match line.strip_prefix("Allow: ") {
        Some(methods) => {
            let mut methods: Vec<&str> = methods.split(", ").collect();
            methods.sort_unstable();
            format!("Allow: {}", methods.join(", "))
        }
        None => line.to_owned(),
    };
    let skipped = |line: &&str| {
        let name = line.split(':').next().unwrap_or_default();
        name.eq_ignore_ascii_case("date") || name.eq_ignore_ascii_case("server")
    };
    let mut headers: Vec<String> = lines.filter(|l| !skipped(l)).map(allow).collect();
    headers.sort();
    let expected: Vec<String> = case.headers.iter().map(|h| h.to_string()).collect();
    let same = status == case.status && headers == expected && body == case.body;
    (!same).then(|| {
        format!(
            "{}: expected\n{}\n{}\n\n{}\ngot\n{status}\n{}\n\n{body}",
            case.what,
            case.status,
            case.headers.join("\n"),
            case.body,
            headers.join("\n")
        )
    })
}
