//! Reading one request head off a socket, and the small text rules httpbin applies to it.

use std::collections::BTreeMap;
use std::io::{ErrorKind, Read};
use std::net::TcpStream;
use std::time::Instant;

/// The most bytes read for a request line plus headers. A client that sends more gets 431
/// and its head is never held in memory whole.
pub(crate) const HEAD_LIMIT: usize = 16 * 1024;

const MAX_HEADERS: usize = 64;

/// A parsed request head. The stand-in serves GET and HEAD only, so a body is never read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Request {
    pub(crate) method: String,
    /// As sent: origin form (`/get?a=1`) or absolute form (`http://httpbin.org/get`).
    pub(crate) target: String,
    /// Names as sent; values decoded as Latin-1, the way a WSGI server hands them to httpbin.
    pub(crate) headers: Vec<(String, String)>,
}

impl Request {
    /// The first value of a header, matched without regard to case.
    pub(crate) fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The path and query string, whichever form the target was sent in.
    pub(crate) fn path_and_query(&self) -> (&str, &str) {
        let origin_form = absolute_to_origin_form(&self.target);
        let (path, query) = origin_form.split_once('?').unwrap_or((origin_form, ""));
        (if path.is_empty() { "/" } else { path }, query)
    }
}

/// Why no request came out of a connection.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum HeadError {
    /// Not HTTP/1.x: answered with 400.
    Malformed,
    /// Head longer than the limit or too many headers: answered with 431.
    TooLarge,
    /// The client did not finish its head before the deadline.
    TimedOut,
    /// The client went away first.
    Closed,
}

/// Parses a complete head, or returns `Ok(None)` while more bytes are needed.
pub(crate) fn parse_head(bytes: &[u8]) -> Result<Option<Request>, HeadError> {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut parsed = httparse::Request::new(&mut headers);
    match parsed.parse(bytes) {
        Ok(httparse::Status::Partial) => Ok(None),
        Err(httparse::Error::TooManyHeaders) => Err(HeadError::TooLarge),
        Err(_) => Err(HeadError::Malformed),
        Ok(httparse::Status::Complete(_)) => {
            let (Some(method), Some(target)) = (parsed.method, parsed.path) else {
                return Err(HeadError::Malformed);
            };
            let headers = parsed
                .headers
                .iter()
                .map(|h| {
                    (
                        h.name.to_owned(),
                        h.value.iter().map(|&b| char::from(b)).collect(),
                    )
                })
                .collect();
            Ok(Some(Request {
                method: method.to_owned(),
                target: target.to_owned(),
                headers,
            }))
        }
    }
}

/// Reads until a whole head has arrived, at most `limit` bytes, all before `deadline`.
///
/// The deadline covers the whole head, not each read: a client that trickles one byte at a
/// time (slowloris) is cut off as surely as one that sends nothing.
pub(crate) fn read_head(
    stream: &mut TcpStream,
    deadline: Instant,
    limit: usize,
) -> Result<Request, HeadError> {
    let mut head = Vec::with_capacity(1024);
    let mut chunk = [0; 4096];
    loop {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() || stream.set_read_timeout(Some(remaining)).is_err() {
            return Err(HeadError::TimedOut);
        }
        let room = chunk.len().min(limit - head.len());
        let n = match stream.read(&mut chunk[..room]) {
            Ok(0) => return Err(HeadError::Closed),
            Ok(n) => n,
            Err(e) if e.kind() == ErrorKind::Interrupted => continue,
            Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {
                return Err(HeadError::TimedOut);
            }
            Err(_) => return Err(HeadError::Closed),
        };
        head.extend_from_slice(&chunk[..n]);
        if let Some(request) = parse_head(&head)? {
            return Ok(request);
        }
        if head.len() >= limit {
            return Err(HeadError::TooLarge);
        }
    }
}

/// `http://host/path?q` becomes `/path?q`; an origin-form target is returned as it is.
fn absolute_to_origin_form(target: &str) -> &str {
    if target.starts_with('/') {
        return target;
    }
    match target.split_once("://") {
        Some((_scheme, rest)) => rest.find(['/', '?']).map_or("", |i| &rest[i..]),
        None => target,
    }
}

/// Header names as httpbin echoes them: Python's `str.title()`, so `x-lecture` becomes
/// `X-Lecture` and `x-b3-traceid` becomes `X-B3-Traceid`.
pub(crate) fn title_case(name: &str) -> String {
    let mut after_letter = false;
    name.chars()
        .map(|c| {
            let cased = if after_letter {
                c.to_ascii_lowercase()
            } else {
                c.to_ascii_uppercase()
            };
            after_letter = c.is_ascii_alphabetic();
            cased
        })
        .collect()
}

/// A query string as httpbin's `args`: keys sorted, each with its values in order, so that
/// `a=1&a=2` keeps both.
pub(crate) fn parse_query(query: &str) -> BTreeMap<String, Vec<String>> {
    let mut args: BTreeMap<String, Vec<String>> = BTreeMap::new();
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        args.entry(percent_decode(key, true))
            .or_default()
            .push(percent_decode(value, true));
    }
    args
}

/// Decodes `%XX` escapes (and `+` as a space when `plus_is_space`), reading the bytes as
/// UTF-8 and replacing what isn't. A `%` not followed by two hex digits stays as it is.
pub(crate) fn percent_decode(text: &str, plus_is_space: bool) -> String {
    let bytes = text.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let escape = bytes
            .get(i + 1..i + 3)
            .filter(|pair| pair.iter().all(u8::is_ascii_hexdigit));
        match (bytes[i], escape) {
            (b'%', Some(&[high, low])) => {
                decoded.push(hex_value(high) << 4 | hex_value(low));
                i += 3;
                continue;
            }
            (b'+', _) if plus_is_space => decoded.push(b' '),
            (other, _) => decoded.push(other),
        }
        i += 1;
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

fn hex_value(digit: u8) -> u8 {
    match digit {
        b'0'..=b'9' => digit - b'0',
        b'a'..=b'f' => digit - b'a' + 10,
        _ => digit - b'A' + 10,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn request(target: &str) -> Request {
        Request {
            method: "GET".into(),
            target: target.into(),
            headers: vec![],
        }
    }

    #[test]
    fn parses_a_complete_head() {
        let head = b"GET /get?a=1 HTTP/1.1\r\nHost: httpbin.org\r\nX-Lecture: 19\r\n\r\n";
        let parsed = parse_head(head).unwrap().unwrap();
        assert_eq!(parsed.method, "GET");
        assert_eq!(parsed.target, "/get?a=1");
        assert_eq!(parsed.header("host"), Some("httpbin.org"));
        assert_eq!(parsed.header("X-LECTURE"), Some("19"));
        assert_eq!(parsed.header("accept"), None);
    }

    #[test]
    fn waits_for_the_blank_line() {
        assert_eq!(parse_head(b""), Ok(None));
        assert_eq!(parse_head(b"GET /get HTTP/1.1\r\nHost: x\r\n"), Ok(None));
    }

    #[test]
    fn rejects_what_is_not_http() {
        assert_eq!(parse_head(b"NONSENSE\r\n\r\n"), Err(HeadError::Malformed));
        assert_eq!(
            parse_head(b"GET /get HTTP/9.9\r\n\r\n"),
            Err(HeadError::Malformed)
        );
        assert_eq!(
            parse_head(b"GET /get HTTP/1.1\r\nNo colon\r\n\r\n"),
            Err(HeadError::Malformed)
        );
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
        assert_eq!(parsed.header("x-name"), Some("caf\u{c3}\u{a9}"));
    }

    #[test]
    fn splits_origin_and_absolute_targets() {
        assert_eq!(request("/get?a=1").path_and_query(), ("/get", "a=1"));
        assert_eq!(request("/get").path_and_query(), ("/get", ""));
        assert_eq!(
            request("http://httpbin.org/get?a=1").path_and_query(),
            ("/get", "a=1")
        );
        assert_eq!(request("http://httpbin.org").path_and_query(), ("/", ""));
        assert_eq!(
            request("http://httpbin.org?x=1").path_and_query(),
            ("/", "x=1")
        );
        assert_eq!(request("*").path_and_query(), ("*", ""));
    }

    #[test]
    fn title_cases_like_python() {
        assert_eq!(title_case("user-agent"), "User-Agent");
        assert_eq!(title_case("x-lecture"), "X-Lecture");
        assert_eq!(title_case("ACCEPT"), "Accept");
        assert_eq!(title_case("x-b3-traceid"), "X-B3-Traceid");
        assert_eq!(title_case("x-123abc"), "X-123Abc");
        assert_eq!(title_case("dnt"), "Dnt");
    }

    #[test]
    fn parses_and_decodes_queries() {
        let args = parse_query("lecture=19&example=1&a=1&a=2&flag&&name=caf%C3%A9+au+lait");
        let expected: BTreeMap<String, Vec<String>> = [
            ("a", vec!["1", "2"]),
            ("example", vec!["1"]),
            ("flag", vec![""]),
            ("lecture", vec!["19"]),
            ("name", vec!["café au lait"]),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.into_iter().map(String::from).collect()))
        .collect();
        assert_eq!(args, expected);
        assert!(parse_query("").is_empty());
    }

    #[test]
    fn percent_decoding_keeps_what_is_not_an_escape() {
        assert_eq!(percent_decode("100%", true), "100%");
        assert_eq!(percent_decode("%zz%4", true), "%zz%4");
        assert_eq!(percent_decode("%+1", true), "% 1");
        assert_eq!(percent_decode("a+b%2Bc", true), "a b+c");
        assert_eq!(percent_decode("a+b", false), "a+b");
        assert_eq!(percent_decode("%ff", true), "\u{fffd}");
        assert_eq!(percent_decode("%C3%A9", false), "é");
    }
}
