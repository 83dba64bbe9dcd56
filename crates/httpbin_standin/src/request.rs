//! Reading one request head off a socket.

use std::io::{self, ErrorKind, Read};
use std::net::TcpStream;
use std::time::Instant;

/// The most bytes read for a request line and headers; a longer head gets 431.
const HEAD_LIMIT: usize = 16 * 1024;
const MAX_HEADERS: usize = 64;

/// A request head. Only GET and HEAD are served, so a body is never read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) method: String,
    /// Origin form (`/get?a=1`) or absolute form (`http://httpbin.org/get`).
    pub(crate) target: String,
    /// Names as sent, values read as Latin-1, as a WSGI server hands them to httpbin.
    pub(crate) headers: Vec<(String, String)>,
}

/// Why no request came out of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeadError {
    /// Not HTTP/1.x, or a target that is not ASCII (gunicorn refuses those too): 400.
    Malformed,
    /// A head longer than the limit, or too many headers: 431.
    TooLarge,
    /// The client closed, failed, or did not finish its head in time: no answer.
    Gone,
}

/// Parses a complete head, or returns `Ok(None)` while more bytes are needed.
pub(crate) fn parse_head(bytes: &[u8]) -> Result<Option<Request>, HeadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(bytes) {
        Ok(httparse::Status::Partial) => return Ok(None),
        Err(httparse::Error::TooManyHeaders) => return Err(HeadError::TooLarge),
        Err(_) => return Err(HeadError::Malformed),
        Ok(httparse::Status::Complete(_)) => {}
    }
    let (method, target) = match (parsed.method, parsed.path) {
        (Some(method), Some(target)) if target.is_ascii() => (method, target),
        _ => return Err(HeadError::Malformed),
    };
    let latin_1 = |value: &[u8]| value.iter().copied().map(char::from).collect();
    let headers = parsed.headers.iter();
    let headers = headers
        .map(|h| (h.name.to_owned(), latin_1(h.value)))
        .collect();
    let (method, target) = (method.to_owned(), target.to_owned());
    Ok(Some(Request {
        method,
        target,
        headers,
    }))
}

/// Reads until a whole head has arrived, all of it before `deadline`: a client that trickles
/// one byte at a time is cut off as surely as one that sends nothing.
pub(crate) fn read_head(stream: &mut TcpStream, deadline: Instant) -> Result<Request, HeadError> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0; 4096];
    loop {
        let room = chunk.len().min(HEAD_LIMIT - head.len());
        match read_by(stream, deadline, &mut chunk[..room]) {
            Ok(n) if n > 0 => head.extend_from_slice(&chunk[..n]),
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            _ => return Err(HeadError::Gone),
        }
        if let Some(request) = parse_head(&head)? {
            return Ok(request);
        }
        if head.len() >= HEAD_LIMIT {
            return Err(HeadError::TooLarge);
        }
    }
}

/// One read that gives up at `deadline` (with an error, as a read timeout does).
pub(crate) fn read_by(
    stream: &mut TcpStream,
    deadline: Instant,
    buf: &mut [u8],
) -> io::Result<usize> {
    // A zero timeout is refused: past the deadline, this fails before reading.
    stream.set_read_timeout(Some(deadline.saturating_duration_since(Instant::now())))?;
    stream.read(buf)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_a_complete_head() {
        let head = b"GET /get?a=1 HTTP/1.1\r\nHost: httpbin.org\r\nX-Lecture: 19  \r\n\r\n";
        let parsed = parse_head(head).unwrap().unwrap();
        assert_eq!(
            (parsed.method.as_str(), parsed.target.as_str()),
            ("GET", "/get?a=1")
        );
        let headers = [
            ("Host".into(), "httpbin.org".into()),
            ("X-Lecture".into(), "19".into()),
        ];
        assert_eq!(parsed.headers, headers);
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
            assert_eq!(parse_head(bad), Err(HeadError::Malformed), "{bad:?}");
        }
    }

    #[test]
    fn too_many_headers_is_too_large() {
        let mut head = b"GET /get HTTP/1.1\r\n".to_vec();
        for i in 0..=MAX_HEADERS {
            head.extend_from_slice(format!("X-H{i}: v\r\n").as_bytes());
        }
        head.extend_from_slice(b"\r\n");
        assert_eq!(parse_head(&head), Err(HeadError::TooLarge));
    }

    #[test]
    fn header_values_are_latin_1() {
        let parsed = parse_head(b"GET / HTTP/1.1\r\nX-Name: caf\xc3\xa9\r\n\r\n")
            .unwrap()
            .unwrap();
        assert_eq!(parsed.headers[0].1, "caf\u{c3}\u{a9}");
    }
}
