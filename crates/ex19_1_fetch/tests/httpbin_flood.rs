//! 2,000 clients at once against the stand-in's default cap of 512 connections: the excess
//! is refused with 503, the thread count stays bounded, and the server answers correctly
//! afterwards.

mod httpbin_support;

use std::io::Write;
use std::net::TcpStream;
use std::time::Duration;

use ex19_1_fetch::httpbin::Config;
use httpbin_support::{get, parse, read_until_closed, start_with, within};

const CLIENTS: usize = 2_000;

/// The threads of this test process, from /proc (Linux), or None elsewhere.
fn threads_now() -> Option<usize> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("Threads:"))?;
    line.split_whitespace().nth(1)?.parse().ok()
}

#[test]
fn two_thousand_clients_at_once_are_served_or_refused_and_the_server_survives() {
    within(Duration::from_secs(90), || {
        let server = start_with(Config::default());
        let cap = Config::DEFAULT_MAX_CONNECTIONS;
        let request = b"GET /delay/1 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n";

        let mut clients = Vec::with_capacity(CLIENTS);
        for _ in 0..CLIENTS {
            let mut stream = TcpStream::connect(server.addr()).expect("connect");
            stream
                .set_read_timeout(Some(Duration::from_secs(30)))
                .unwrap();
            stream.write_all(request).expect("send the request");
            clients.push(stream);
        }
        // Every client is connected and waiting: the server holds at most its cap, and
        // this process (the server's threads, this one and the harness's) stays near it.
        let active = server.active_connections();
        assert!(active <= cap, "{active} connections served at once");
        if let Some(threads) = threads_now() {
            assert!(
                threads <= cap + 50,
                "{threads} threads with {CLIENTS} clients"
            );
        }

        let mut statuses = [0usize; 2];
        for (i, mut stream) in clients.into_iter().enumerate() {
            let bytes = read_until_closed(&mut stream);
            assert!(
                !bytes.is_empty(),
                "client {i} of {CLIENTS} got no response at all"
            );
            let response = parse(&bytes);
            match response.status {
                200 => statuses[0] += 1,
                503 => statuses[1] += 1,
                other => panic!("a client got {other}"),
            }
        }
        let [served, refused] = statuses;
        assert_eq!(served + refused, CLIENTS);
        // All 2,000 are in flight before the first 1 s delay ends, so no more than the cap
        // (give or take a few that finished) can have been served.
        eprintln!("{served} served, {refused} refused with 503");
        assert!((1..=2 * cap).contains(&served), "{served} served");
        assert!(refused >= CLIENTS - 2 * cap, "only {refused} refused");

        let after = get(server.addr(), "/ip");
        assert_eq!(after.status, 200);
        assert_eq!(after.text(), "{\n  \"origin\": \"127.0.0.1\"\n}\n");
    });
}
