//! The stand-in answers like httpbin: recorded and captured responses compared byte for byte,
//! the proxy form, HEAD, the error statuses and the simulated latency, all over raw TCP.

mod support;

use std::io::Write;
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::thread;
use std::time::{Duration, Instant};

use httpbin_standin::{Config, Latency, Server};
use serde_json::Value;
use support::{cases::CASES, differs_from_real, exchange, get, read_until_closed, start, within};

const LIMIT: Duration = Duration::from_secs(30);

const FIXTURES: [(&str, &str); 7] = [
    ("get", include_str!("fixtures/get.json")),
    ("get-query", include_str!("fixtures/get-query.json")),
    ("headers", include_str!("fixtures/headers.json")),
    ("ip", include_str!("fixtures/ip.json")),
    ("delay-0", include_str!("fixtures/delay-0.json")),
    ("not-found", include_str!("fixtures/not-found.json")),
    ("uuid", include_str!("fixtures/uuid.json")),
];

/// Sends the fixture's request as recorded and returns (fixture, what the stand-in said).
fn replay(addr: SocketAddr, fixture: &str) -> (Value, support::Raw) {
    let fixture: Value = serde_json::from_str(fixture).expect("fixture JSON");
    let request = &fixture["request"];
    let mut bytes = format!(
        "{} {} HTTP/1.1\r\n",
        request["method"].as_str().unwrap(),
        request["target"].as_str().unwrap()
    );
    for (name, value) in request["headers"].as_object().unwrap() {
        bytes.push_str(&format!("{name}: {}\r\n", value.as_str().unwrap()));
    }
    bytes.push_str("\r\n");
    let response = exchange(addr, bytes.as_bytes());
    (fixture, response)
}

#[test]
fn answers_like_the_recorded_httpbin_byte_for_byte() {
    within(LIMIT, || {
        let server = start();
        for (name, fixture) in FIXTURES {
            let (fixture, got) = replay(server.addr(), fixture);
            let expected = &fixture["response"];
            assert_eq!(u64::from(got.status), expected["status"], "{name}: status");
            assert_eq!(got.reason, expected["reason"].as_str().unwrap(), "{name}");
            for (header, value) in expected["headers"].as_object().unwrap() {
                assert_eq!(got.header(header), value.as_str(), "{name}: {header}");
            }
            let expected_body = expected["body"].as_str().unwrap();
            if name == "uuid" {
                let body = got.text();
                let shape = |s: &str| s.replace(|c: char| c.is_ascii_hexdigit(), "h");
                assert_eq!(shape(&body), shape(expected_body), "{name}: shape");
                assert_ne!(body, expected_body, "{name}: a fresh random value");
            } else {
                assert_eq!(got.text(), expected_body, "{name}: body");
            }
        }
    });
}

#[test]
fn answers_each_captured_request_as_the_real_httpbin_did() {
    within(LIMIT, || {
        let server = start();
        let failures: Vec<String> = CASES
            .iter()
            .filter_map(|case| differs_from_real(server.addr(), case))
            .collect();
        assert!(failures.is_empty(), "{}", failures.join("\n\n"));
    });
}

#[test]
fn uuids_are_version_4_and_differ() {
    within(LIMIT, || {
        let server = start();
        let uuid = |_| {
            let body: Value = serde_json::from_slice(&get(server.addr(), "/uuid").body).unwrap();
            body["uuid"].as_str().unwrap().to_owned()
        };
        let uuids: Vec<String> = (0..50).map(uuid).collect();
        for uuid in &uuids {
            let groups: Vec<usize> = uuid.split('-').map(str::len).collect();
            assert_eq!(groups, [8, 4, 4, 4, 12], "{uuid}");
            assert_eq!(&uuid[14..15], "4", "{uuid}");
            assert!(matches!(&uuid[19..20], "8" | "9" | "a" | "b"), "{uuid}");
        }
        let mut distinct = uuids.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), uuids.len());
    });
}

#[test]
fn takes_absolute_form_targets_like_a_proxy() {
    within(LIMIT, || {
        let server = start();
        let got = exchange(
            server.addr(),
            b"GET http://httpbin.org/get?lecture=19 HTTP/1.1\r\nhost: httpbin.org\r\nx-lecture: 19\r\n\r\n",
        );
        assert_eq!(got.status, 200);
        let body: Value = serde_json::from_slice(&got.body).unwrap();
        assert_eq!(body["url"], "http://httpbin.org/get?lecture=19");
        assert_eq!(body["args"]["lecture"], "19");
        assert_eq!(body["origin"], "127.0.0.1");
        assert_eq!(body["headers"]["X-Lecture"], "19", "names title-cased");
    });
}

#[test]
fn head_gets_the_headers_without_the_body() {
    within(LIMIT, || {
        let server = start();
        let got = exchange(
            server.addr(),
            b"HEAD /ip HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        );
        assert_eq!(got.status, 200);
        assert_eq!(got.header("Content-Length"), Some("28"));
        assert!(got.body.is_empty());
    });
}

#[test]
fn error_statuses() {
    within(LIMIT, || {
        let server = start();
        let addr = server.addr();

        let post = exchange(
            addr,
            b"POST /get HTTP/1.1\r\nHost: httpbin.org\r\nContent-Length: 5\r\n\r\nhello",
        );
        assert_eq!(
            (post.status, post.reason.as_str()),
            (405, "METHOD NOT ALLOWED")
        );
        assert_eq!(post.header("Allow"), Some("GET, HEAD, OPTIONS"));

        let not_a_number = get(addr, "/delay/abc");
        assert_eq!(not_a_number.status, 500);
        assert!(
            not_a_number
                .text()
                .contains("<h1>Internal Server Error</h1>")
        );

        assert_eq!(get(addr, "/no-such-endpoint").status, 404);
        assert_eq!(get(addr, "/status/418").status, 404, "no /status route");
        assert_eq!(get(addr, "/close-mid-body").status, 404, "no test aids");

        for malformed in [
            &b"THIS IS NOT HTTP\r\n\r\n"[..],
            b"GET /get?\xc3\xa9=1 HTTP/1.1\r\n\r\n",
        ] {
            let got = exchange(addr, malformed);
            assert_eq!((got.status, got.reason.as_str()), (400, "BAD REQUEST"));
        }
        assert_eq!(get(addr, "/get").status, 200, "still serving");
    });
}

#[test]
fn each_response_waits_the_simulated_latency() {
    within(LIMIT, || {
        let fixed = Latency::between(Duration::from_millis(300), Duration::from_millis(300));
        let server = Server::start(Config::default().latency(fixed)).unwrap();
        let started = Instant::now();
        assert_eq!(get(server.addr(), "/ip").status, 200);
        let took = started.elapsed();
        assert!(took >= Duration::from_millis(300), "{took:?}");

        let quick = start();
        let started = Instant::now();
        assert_eq!(get(quick.addr(), "/ip").status, 200);
        assert!(
            started.elapsed() < Duration::from_millis(200),
            "latency off"
        );
    });
}

#[test]
fn oversized_headers_get_431_and_the_server_carries_on() {
    within(LIMIT, || {
        let server = start();
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        stream
            .set_write_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let huge = "x".repeat(100 * 1024);
        let request = format!("GET /get HTTP/1.1\r\nHost: httpbin.org\r\nX-Huge: {huge}\r\n\r\n");
        // The server may answer and close before taking all of it; the answer is what counts.
        let _ = stream.write_all(request.as_bytes());
        let got = support::parse(&read_until_closed(&mut stream));
        assert_eq!(got.status, 431);
        assert_eq!(get(server.addr(), "/get").status, 200, "still serving");
    });
}

#[test]
fn a_client_still_sending_after_its_431_is_not_reset() {
    within(LIMIT, || {
        let server = start();
        let mut stream = TcpStream::connect(server.addr()).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let too_long = format!("GET /get HTTP/1.1\r\nX-Huge: {}", "x".repeat(20 * 1024));
        stream.write_all(too_long.as_bytes()).unwrap();
        // By now the server has answered. Had it closed with these bytes unread, the
        // kernel would reset the connection and these writes would fail, as they do for
        // a real client that is still sending when the answer comes.
        for _ in 0..3 {
            thread::sleep(Duration::from_millis(100));
            stream
                .write_all(&[b'x'; 1024])
                .expect("not reset while sending");
        }
        stream.shutdown(Shutdown::Write).unwrap();
        let got = support::parse(&read_until_closed(&mut stream));
        assert_eq!(got.status, 431);
    });
}

#[test]
fn abrupt_disconnects_do_no_harm() {
    within(LIMIT, || {
        let server = start();
        for partial in [&b""[..], b"GET /get HT", b"GET /delay/0 HTTP/1.1\r\n\r\n"] {
            let mut stream = TcpStream::connect(server.addr()).unwrap();
            stream.write_all(partial).unwrap();
        }
        assert_eq!(get(server.addr(), "/get").status, 200);
    });
}
