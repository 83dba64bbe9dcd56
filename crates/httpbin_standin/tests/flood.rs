//! 2,000 clients at once against the default cap of 512 connections: the threads stay
//! bounded, the excess waits in the kernel's accept queue, and every client is served.

mod support;

use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

use support::{connection_threads, get, parse, read_until_closed, start, within};

const CLIENTS: usize = 2_000;
const CAP: usize = 512;

/// The threads of this test process, from /proc (Linux), or None elsewhere.
fn threads_now() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Threads:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

const TEST: &str = "two_thousand_clients_at_once_are_all_served_by_a_bounded_number_of_threads";

#[test]
fn two_thousand_clients_at_once_are_all_served_by_a_bounded_number_of_threads() {
    within(Duration::from_secs(60), || {
        let server = start();
        let request = b"GET /delay/0.5 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n";
        let started = Instant::now();
        let mut clients = Vec::with_capacity(CLIENTS);
        for _ in 0..CLIENTS {
            let mut stream = match TcpStream::connect(server.addr()) {
                Ok(stream) => stream,
                // EMFILE: macOS, for one, lets a shell open 256 files unless told otherwise.
                Err(e) if e.raw_os_error() == Some(24) => {
                    let why =
                        format!("{CLIENTS} clients need more open files ({e}): ulimit -n 8192");
                    return support::skip::missing(TEST, &why);
                }
                Err(e) => panic!("connect: {e}"),
            };
            stream
                .set_read_timeout(Some(Duration::from_secs(30)))
                .unwrap();
            stream.write_all(request).expect("send the request");
            clients.push(stream);
        }
        // Every client is connected and waiting, and the first ones are still in their
        // half-second delay: the stand-in holds its cap and no more.
        let connected = started.elapsed();
        let serving = connection_threads();
        let threads = threads_now();
        eprintln!("{CLIENTS} connected in {connected:.2?}: {serving:?} connection threads");
        if support::threads_countable(TEST) {
            let (serving, threads) = (serving.unwrap(), threads.expect("Linux's thread count"));
            assert!(serving <= CAP, "{serving} connection threads");
            assert!(
                threads <= CAP + 50,
                "{threads} threads with {CLIENTS} clients"
            );
        }

        for (i, mut stream) in clients.into_iter().enumerate() {
            let bytes = read_until_closed(&mut stream);
            assert!(!bytes.is_empty(), "client {i} of {CLIENTS} got no response");
            assert_eq!(parse(&bytes).status, 200, "client {i}");
        }
        let all_served = started.elapsed();
        eprintln!("all {CLIENTS} served in {all_served:.2?}");
        // Four rounds of 512 half-second delays.
        assert!(all_served < Duration::from_secs(10), "{all_served:?}");

        let after = get(server.addr(), "/ip");
        assert_eq!(after.text(), "{\n  \"origin\": \"127.0.0.1\"\n}\n");
    });
}
