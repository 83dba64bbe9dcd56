//! Reading one request head off a socket, as gunicorn hands it to httpbin.

use std::collections::BTreeMap;
use std::io::{self, ErrorKind, Read};
use std::net::TcpStream;
use std::time::Instant;

/// The most bytes of request line and headers; a longer head gets 431.
const HEAD_LIMIT: usize = 16 * 1024;

/// A request head. Only GET and HEAD are served, so a body is never read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) method: String,
    /// Origin form (`/get?a=1`) or absolute form (`http://httpbin.org/get`).
    pub(crate) target: String,
    /// Names title-cased, values read as Latin-1 and joined with commas where a name repeats.
    pub(crate) headers: BTreeMap<String, String>,
}

/// Parses a complete head (`None` while more bytes are needed), or gives the status to refuse
/// it with: 400 if it is no HTTP/1.x or its target no ASCII (as in gunicorn), 431 if too big.
pub(crate) fn parse_head(bytes: &[u8]) -> Result<Option<Request>, u16> {
    let mut headers = [httparse::EMPTY_HEADER; 64];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(bytes) {
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(431),
        Err(_) => return Err(400),
        Ok(httparse::Status::Complete(_)) => {}
    }
    let (method, target) = match (parsed.method, parsed.path) {
        (Some(method), Some(target)) if target.is_ascii() => (method, target),
        _ => return Err(400),
    };
    let mut headers = BTreeMap::<String, String>::new();
    for header in parsed.headers.iter() {
        // gunicorn drops names with `_`, which WSGI could not tell from `-`.
        if header.name.contains('_') {
            continue;
        }
        let (name, value) = (title_case(header.name), header.value);
        let value: String = value.iter().copied().map(char::from).collect();
        match headers.get_mut(&name) {
            Some(joined) => *joined = format!("{joined},{value}"),
            None => _ = headers.insert(name, value),
        }
    }
    let (method, target) = (method.to_owned(), target.to_owned());
    Ok(Some(Request {
        method,
        target,
        headers,
    }))
}

/// Python's `str.title()` on a header name: `x-b3-traceid` becomes `X-B3-Traceid`.
fn title_case(name: &str) -> String {
    let after = std::iter::once(' ').chain(name.chars());
    let cased = |(before, c): (char, char)| match before.is_ascii_alphabetic() {
        true => c.to_ascii_lowercase(),
        false => c.to_ascii_uppercase(),
    };
    after.zip(name.chars()).map(cased).collect()
}

/// Reads a whole head before `deadline`, which trickling bytes cannot push back; `None` if the
/// client is gone first.
pub(crate) fn read_head(stream: &mut TcpStream, deadline: Instant) -> Result<Option<Request>, u16> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0; 4096];
    loop {
        let room = chunk.len().min(HEAD_LIMIT - head.len());
        match read_by(stream, deadline, &mut chunk[..room]) {
            Ok(n) if n > 0 => head.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            _ => return Ok(None),
        }
        if let Some(request) = parse_head(&head)? {
            return Ok(Some(request));
        }
        if head.len() >= HEAD_LIMIT {
            return Err(431);
        }
    }
}

/// One read that fails at `deadline`, as a read timeout does.
pub(crate) fn read_by(stream: &mut TcpStream, by: Instant, buf: &mut [u8]) -> io::Result<usize> {
    // A zero timeout is refused, so past the deadline this fails before reading.
    stream.set_read_timeout(Some(by.saturating_duration_since(Instant::now())))?;
    stream.read(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(head: &[u8]) -> Vec<(String, String)> {
        parse_head(head)
            .unwrap()
            .unwrap()
            .headers
            .into_iter()
            .collect()
    }

    #[test]
    fn parses_a_complete_head() {
        let head = b"GET /get?a=1 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n";
        let parsed = parse_head(head).unwrap().unwrap();
        assert_eq!(
            (parsed.method.as_str(), parsed.target.as_str()),
            ("GET", "/get?a=1")
        );
        assert_eq!(headers(head), [("Host".into(), "httpbin.org".into())]);
    }

    #[test]
    fn headers_come_as_a_wsgi_server_hands_them_over() {
        let head = b"GET / HTTP/1.1\r\nx-a: 1\r\nX-A:  2  \r\nX_B: 3\r\n\
                     X-Name: caf\xc3\xa9\r\nx-b3-traceid: t\r\n\r\n";
        let expected = [
            ("X-A", "1,2"),
            ("X-B3-Traceid", "t"),
            ("X-Name", "caf\u{c3}\u{a9}"),
        ];
        let expected: Vec<(String, String)> = expected
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        assert_eq!(headers(head), expected);
    }

    #[test]
    fn title_cases_like_python() {
        for (name, cased) in [
            ("user-agent", "User-Agent"),
            ("ACCEPT", "Accept"),
            ("x-123abc", "X-123Abc"),
        ] {
            assert_eq!(title_case(name), cased);
        }
    }

    #[test]
    fn waits_for_the_blank_line() {
        assert_eq!(parse_head(b""), Ok(None));
        assert_eq!(parse_head(b"GET /get HTTP/1.1\r\nHost: x\r\n"), Ok(None));
    }

    #[test]
    fn rejects_what_is_not_http_and_targets_that_are_not_ascii() {
        for bad in [
            &b"NONSENSE\r\n\r\n"[..],
            b"GET /get HTTP/9.9\r\n\r\n",
            b"GET /get HTTP/1.1\r\nNo colon\r\n\r\n",
            b"GET /get?\xc3\xa9=1 HTTP/1.1\r\n\r\n",
        ] {
            assert_eq!(parse_head(bad), Err(400), "{bad:?}");
        }
    }

    #[test]
    fn too_many_headers_is_too_large() {
        let mut head = b"GET /get HTTP/1.1\r\n".to_vec();
        for i in 0..=64 {
            head.extend_from_slice(format!("X-H{i}: v\r\n").as_bytes());
        }
        head.extend_from_slice(b"\r\n");
        assert_eq!(parse_head(&head), Err(431));
    }
}
