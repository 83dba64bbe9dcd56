//! The stand-in under load and abuse: slow requests overlap, the cap of 512 connections
//! holds and frees up, slow clients are cut off, and stopping is prompt. The tests run one at a time,
//! since they count the stand-in's threads in this process.

mod support;

use std::io::{ErrorKind, Read, Write};
use std::net::TcpStream;
use std::sync::Mutex;
use std::thread;
use std::time::{Duration, Instant};

use httpbin_standin::Config;
use support::{connection_threads, eventually, get, read_until_closed, start, start_with, within};

static ONE_AT_A_TIME: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> std::sync::MutexGuard<'static, ()> {
    ONE_AT_A_TIME.lock().unwrap_or_else(|e| e.into_inner())
}

/// Whether the stand-in's connection threads number `n`.
fn threads_are(n: usize) -> bool {
    connection_threads() == Some(n)
}

/// Sends `GET /get` and checks that no answer comes for `quiet`.
fn waiting_client(addr: std::net::SocketAddr, quiet: Duration) -> TcpStream {
    let mut stream = TcpStream::connect(addr).expect("connect: the kernel queues it");
    stream
        .write_all(b"GET /get HTTP/1.1\r\nHost: httpbin.org\r\n\r\n")
        .unwrap();
    stream.set_read_timeout(Some(quiet)).unwrap();
    let error = stream
        .read(&mut [0; 64])
        .expect_err("no answer while every place is taken");
    assert!(
        matches!(error.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut),
        "{error}"
    );
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    stream
}

#[test]
fn two_hundred_slow_requests_overlap_instead_of_queueing() {
    const CLIENTS: usize = 200;
    let _serial = one_at_a_time();
    let (wall, slowest) = within(Duration::from_secs(60), || {
        let server = start();
        let addr = server.addr();
        let started = Instant::now();
        let clients: Vec<_> = (0..CLIENTS)
            .map(|_| {
                thread::spawn(move || {
                    let sent = Instant::now();
                    assert_eq!(get(addr, "/delay/1").status, 200);
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
    assert!(wall < Duration::from_millis(1200), "took {wall:?}");
}

#[test]
fn past_the_cap_clients_wait_until_a_place_frees() {
    if !support::threads_countable("past_the_cap_clients_wait_until_a_place_frees") {
        return;
    }
    const CAP: usize = 512;
    let _serial = one_at_a_time();
    within(Duration::from_secs(30), || {
        let server = start();
        eventually("no connection threads left", || threads_are(0));
        let mut holders: Vec<TcpStream> = (0..CAP)
            .map(|_| TcpStream::connect(server.addr()).unwrap())
            .collect();
        eventually("every place taken", || threads_are(CAP));
        let mut waiting = waiting_client(server.addr(), Duration::from_millis(300));
        assert!(threads_are(CAP), "a thread past the cap");

        drop(holders.pop());
        let answer = support::parse(&read_until_closed(&mut waiting));
        assert_eq!(answer.status, 200, "served once a place is free");
        drop(holders);
        eventually("places given back", || threads_are(0));
    });
}

#[test]
fn a_trickling_client_is_cut_off_by_the_read_timeout() {
    if !support::threads_countable("a_trickling_client_is_cut_off_by_the_read_timeout") {
        return;
    }
    let _serial = one_at_a_time();
    within(Duration::from_secs(30), || {
        let timeout = Duration::from_millis(600);
        let server = start_with(Config::default().read_timeout(timeout));
        eventually("no connection threads left", || threads_are(0));
        let mut slowloris = TcpStream::connect(server.addr()).unwrap();
        let mut reader = slowloris.try_clone().unwrap();
        let started = Instant::now();
        // One byte every 50 ms: each read succeeds, only the deadline for the whole head
        // stops it. Bounded, and it stops when the server hangs up.
        let trickle = thread::spawn(move || {
            let head = b"GET /get HTTP/1.1\r\nHost: httpbin.org\r\nX-Slow: ";
            for byte in head.iter().cycle().take(200) {
                if slowloris.write_all(&[*byte]).is_err() {
                    return;
                }
                thread::sleep(Duration::from_millis(50));
            }
        });
        eventually("the trickler holds a thread", || threads_are(1));

        reader
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let unanswered = read_until_closed(&mut reader);
        let cut_off = started.elapsed();
        assert!(unanswered.is_empty(), "a silent close");
        assert!(
            (timeout..timeout * 3).contains(&cut_off),
            "closed after {cut_off:?}"
        );
        eventually("its thread is free", || threads_are(0));
        trickle.join().unwrap();
    });
}

#[test]
fn dropping_the_server_is_prompt_and_closes_in_flight_requests() {
    let _serial = one_at_a_time();
    within(Duration::from_secs(30), || {
        let server = start();
        let addr = server.addr();
        eventually("no connection threads left", || threads_are(0));
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
        eventually("all three in flight", || threads_are(3));

        let stopping = Instant::now();
        drop(server);
        let stop_took = stopping.elapsed();
        assert!(
            stop_took < Duration::from_secs(1),
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
            closed_took < Duration::from_secs(1),
            "clients freed after {closed_took:?}"
        );
        eventually("the connection threads end", || threads_are(0));

        let error = TcpStream::connect(addr).expect_err("the listener is closed");
        assert_eq!(error.kind(), ErrorKind::ConnectionRefused);
    });
}

#[test]
fn dropping_an_idle_server_is_prompt() {
    let _serial = one_at_a_time();
    within(Duration::from_secs(10), || {
        let server = start();
        assert_eq!(get(server.addr(), "/ip").status, 200);
        let stopping = Instant::now();
        drop(server);
        assert!(stopping.elapsed() < Duration::from_secs(1));
    });
}
