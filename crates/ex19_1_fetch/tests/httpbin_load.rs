//! The stand-in under load and abuse: slow requests overlap, the connection cap holds, idle
//! clients are cut off, and stopping is prompt.

mod httpbin_support;

use std::io::{ErrorKind, Write};
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

use ex19_1_fetch::httpbin::{Config, Server};
use httpbin_support::{get, read_until_closed, start, start_with, within};

/// Polls `condition` every 10 ms until it holds, failing after 10 s.
fn eventually(what: &str, condition: impl Fn() -> bool) {
    let deadline = Instant::now() + Duration::from_secs(10);
    while !condition() {
        assert!(Instant::now() < deadline, "never happened: {what}");
        thread::sleep(Duration::from_millis(10));
    }
}

/// A client that has connected and sends nothing.
fn idle_client(server: &Server) -> TcpStream {
    TcpStream::connect(server.addr()).expect("connect")
}

#[test]
fn two_hundred_slow_requests_overlap_instead_of_queueing() {
    const CLIENTS: usize = 200;
    let (wall, slowest) = within(Duration::from_secs(60), || {
        let server = start();
        let addr = server.addr();
        let started = Instant::now();
        let clients: Vec<_> = (0..CLIENTS)
            .map(|_| {
                thread::spawn(move || {
                    let sent = Instant::now();
                    let got = get(addr, "/delay/1");
                    assert_eq!(got.status, 200);
                    sent.elapsed()
                })
            })
            .collect();
        let each: Vec<Duration> = clients.into_iter().map(|c| c.join().unwrap()).collect();
        (started.elapsed(), each.into_iter().max().unwrap())
    });
    println!("{CLIENTS} x /delay/1: all done in {wall:.2?}, slowest request {slowest:.2?}");
    // One second each; queued behind one another even two deep would take two.
    assert!(slowest >= Duration::from_secs(1));
    assert!(wall < Duration::from_millis(1800), "took {wall:?}");
}

#[test]
fn past_the_cap_clients_get_503_and_the_places_come_back() {
    within(Duration::from_secs(30), || {
        let server = start_with(Config::default().max_connections(2));
        let holders = [idle_client(&server), idle_client(&server)];
        eventually("both places taken", || server.active_connections() == 2);

        let refused = get(server.addr(), "/get");
        assert_eq!(
            (refused.status, refused.reason.as_str()),
            (503, "SERVICE UNAVAILABLE")
        );

        drop(holders);
        eventually("places given back", || server.active_connections() == 0);
        assert_eq!(get(server.addr(), "/get").status, 200);
    });
}

#[test]
fn a_trickling_client_is_cut_off_by_the_read_timeout() {
    within(Duration::from_secs(30), || {
        let timeout = Duration::from_millis(400);
        let server = start_with(Config::default().max_connections(1).read_timeout(timeout));
        let mut slowloris = idle_client(&server);
        let mut reader = slowloris.try_clone().unwrap();
        let started = Instant::now();
        // One byte every 50 ms: each read succeeds, only the deadline for the whole head
        // stops it. Bounded, and it stops when the server hangs up.
        let trickle = thread::spawn(move || {
            for byte in b"GET /get HTTP/1.1\r\nHost: httpbin.org\r\nX-Slow: "
                .iter()
                .cycle()
                .take(400)
            {
                if slowloris.write_all(&[*byte]).is_err() {
                    return;
                }
                thread::sleep(Duration::from_millis(50));
            }
        });
        eventually("the trickler holds the only place", || {
            server.active_connections() == 1
        });
        assert_eq!(get(server.addr(), "/get").status, 503);

        reader
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let unanswered = match read_until_closed(&mut reader) {
            bytes if bytes.is_empty() => started.elapsed(),
            bytes => panic!(
                "expected a silent close, got {:?}",
                String::from_utf8_lossy(&bytes)
            ),
        };
        assert!(unanswered >= timeout, "closed after {unanswered:?}");
        eventually("the place is free again", || {
            server.active_connections() == 0
        });
        assert_eq!(get(server.addr(), "/get").status, 200);
        trickle.join().unwrap();
    });
}

#[test]
fn dropping_the_server_is_prompt_and_closes_in_flight_requests() {
    within(Duration::from_secs(30), || {
        let server = start();
        let addr = server.addr();
        let waiting: Vec<_> = (0..3)
            .map(|_| {
                let mut stream = TcpStream::connect(addr).unwrap();
                stream
                    .write_all(b"GET /delay/10 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n")
                    .unwrap();
                stream
                    .set_read_timeout(Some(Duration::from_secs(10)))
                    .unwrap();
                stream
            })
            .collect();
        eventually("all three in flight", || server.active_connections() == 3);

        let stopping = Instant::now();
        drop(server);
        let stop_took = stopping.elapsed();
        assert!(
            stop_took < Duration::from_secs(2),
            "drop took {stop_took:?}"
        );

        for mut stream in waiting {
            assert!(
                read_until_closed(&mut stream).is_empty(),
                "closed, not answered"
            );
        }
        let closed_took = stopping.elapsed();
        assert!(
            closed_took < Duration::from_secs(5),
            "clients freed after {closed_took:?}"
        );

        let error = TcpStream::connect(addr).expect_err("the listener is closed");
        assert_eq!(error.kind(), ErrorKind::ConnectionRefused);
    });
}

#[test]
fn shutdown_is_prompt_when_idle() {
    within(Duration::from_secs(10), || {
        let server = start();
        assert_eq!(get(server.addr(), "/ip").status, 200);
        let stopping = Instant::now();
        server.shutdown();
        assert!(stopping.elapsed() < Duration::from_secs(2));
    });
}
