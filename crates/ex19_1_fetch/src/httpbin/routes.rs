//! What the stand-in answers: httpbin's routes, its JSON layout and its error pages.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use serde_json::Value;

use super::request::{Request, parse_query, percent_decode, title_case};

/// httpbin caps `/delay/{n}` at ten seconds.
const MAX_DELAY: Duration = Duration::from_secs(10);

/// A response ready to be written, always with `Connection: close`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Response {
    pub(crate) status: u16,
    content_type: &'static str,
    body: Vec<u8>,
    /// Set on 405, as Flask does.
    allow: Option<&'static str>,
    /// Test aid: send only this many body bytes, though `Content-Length` promises them all.
    cut_body_at: Option<usize>,
}

impl Response {
    fn json(fields: BTreeMap<&str, Value>) -> Response {
        // Built from BTreeMaps, so the keys come out sorted whatever serde_json's features.
        let pretty = serde_json::to_string_pretty(&fields)
            .expect("a map of JSON values with string keys always serializes");
        let mut body = ascii_only(&pretty);
        body.push('\n');
        Response {
            status: 200,
            content_type: "application/json",
            body: body.into_bytes(),
            allow: None,
            cut_body_at: None,
        }
    }

    /// Flask's HTML error page, as httpbin sends for 404, 405 and 500.
    pub(crate) fn error_page(status: u16) -> Response {
        let (title, description) = match status {
            400 => (
                "Bad Request",
                "The browser (or proxy) sent a request that this server could not understand.",
            ),
            404 => (
                "Not Found",
                "The requested URL was not found on the server. If you entered the URL \
                 manually please check your spelling and try again.",
            ),
            405 => (
                "Method Not Allowed",
                "The method is not allowed for the requested URL.",
            ),
            431 => (
                "Request Header Fields Too Large",
                "One or more header fields exceeds the maximum size.",
            ),
            503 => (
                "Service Unavailable",
                "The server is temporarily unable to service your request due to maintenance \
                 downtime or capacity problems. Please try again later.",
            ),
            _ => (
                "Internal Server Error",
                "The server encountered an internal error and was unable to complete your \
                 request. Either the server is overloaded or there is an error in the \
                 application.",
            ),
        };
        let body = format!(
            "<!doctype html>\n<html lang=en>\n<title>{status} {title}</title>\n\
             <h1>{title}</h1>\n<p>{description}</p>\n"
        );
        Response {
            status,
            content_type: "text/html; charset=utf-8",
            body: body.into_bytes(),
            allow: (status == 405).then_some("GET, HEAD"),
            cut_body_at: None,
        }
    }

    fn empty(status: u16) -> Response {
        Response {
            status,
            content_type: "text/html; charset=utf-8",
            body: Vec::new(),
            allow: None,
            cut_body_at: None,
        }
    }

    fn text(status: u16, text: &str) -> Response {
        Response {
            body: text.as_bytes().to_vec(),
            ..Response::empty(status)
        }
    }

    /// Status line, headers and (unless `head_only`) the body, as one buffer.
    pub(crate) fn to_bytes(&self, head_only: bool) -> Vec<u8> {
        let mut head = format!("HTTP/1.1 {} {}\r\n", self.status, reason(self.status));
        let _ = write!(
            head,
            "Server: ex19-httpbin\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Access-Control-Allow-Origin: *\r\nAccess-Control-Allow-Credentials: true\r\n",
            self.content_type,
            self.body.len()
        );
        if let Some(methods) = self.allow {
            let _ = write!(head, "Allow: {methods}\r\n");
        }
        head.push_str("Connection: close\r\n\r\n");
        let mut bytes = head.into_bytes();
        if !head_only {
            let sent = self.cut_body_at.unwrap_or(self.body.len());
            bytes.extend_from_slice(&self.body[..sent]);
        }
        bytes
    }
}

/// What to send, and how long to wait first (for `/delay/{n}`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Reply {
    pub(crate) response: Response,
    pub(crate) delay: Duration,
    pub(crate) head_only: bool,
}

/// Answers one request the way httpbin would. `local` stands in for a missing Host header.
pub(crate) fn respond(request: &Request, peer: IpAddr, local: SocketAddr) -> Reply {
    let (path, query) = request.path_and_query();
    let path = percent_decode(path, false);
    let head_only = request.method == "HEAD";
    let reply = |response| Reply {
        response,
        delay: Duration::ZERO,
        head_only,
    };

    let segments: Vec<&str> = path.split('/').skip(1).collect();
    let known = matches!(
        segments.as_slice(),
        ["get" | "headers" | "ip" | "uuid" | "close-mid-body"] | ["delay" | "status", _]
    ) && segments.iter().all(|s| !s.is_empty());
    if !known {
        return reply(Response::error_page(404));
    }
    if request.method != "GET" && !head_only {
        return reply(Response::error_page(405));
    }

    let host = match request.header("host") {
        Some(host) => host.to_owned(),
        None => local.to_string(),
    };
    let url = if request.target.starts_with('/') {
        format!("http://{host}{}", request.target)
    } else {
        request.target.clone()
    };
    let origin = Value::from(peer.to_canonical().to_string());

    match segments.as_slice() {
        ["get"] | ["close-mid-body"] => {
            let mut response = Response::json(BTreeMap::from([
                ("args", args_json(query)),
                ("headers", headers_json(request)),
                ("origin", origin),
                ("url", Value::from(url)),
            ]));
            if segments == ["close-mid-body"] {
                response.cut_body_at = Some(response.body.len() / 2);
            }
            reply(response)
        }
        ["headers"] => reply(Response::json(BTreeMap::from([(
            "headers",
            headers_json(request),
        )]))),
        ["ip"] => reply(Response::json(BTreeMap::from([("origin", origin)]))),
        ["uuid"] => reply(Response::json(BTreeMap::from([(
            "uuid",
            Value::from(uuid_v4()),
        )]))),
        ["delay", seconds] => match parse_delay(seconds) {
            Some(delay) => {
                let empty = || Value::Object(serde_json::Map::new());
                Reply {
                    delay,
                    ..reply(Response::json(BTreeMap::from([
                        ("args", args_json(query)),
                        ("data", Value::from("")),
                        ("files", empty()),
                        ("form", empty()),
                        ("headers", headers_json(request)),
                        ("origin", origin),
                        ("url", Value::from(url)),
                    ])))
                }
            }
            None => reply(Response::error_page(500)),
        },
        ["status", code] => match code.parse::<u16>() {
            Ok(code @ 200..=599) => reply(Response::empty(code)),
            _ => reply(Response::text(400, "Invalid status code")),
        },
        _ => reply(Response::error_page(404)),
    }
}

/// httpbin's `min(float(n), 10)`: fractions allowed, capped; what Python's `time.sleep`
/// would refuse (not a number, negative, NaN) is `None`, which httpbin turns into 500.
fn parse_delay(seconds: &str) -> Option<Duration> {
    let seconds: f64 = seconds.parse().ok()?;
    if seconds.is_nan() || seconds < 0.0 {
        return None;
    }
    Some(Duration::from_secs_f64(
        seconds.min(MAX_DELAY.as_secs_f64()),
    ))
}

fn args_json(query: &str) -> Value {
    let args = parse_query(query).into_iter().map(|(key, mut values)| {
        let value = if values.len() == 1 {
            Value::from(values.remove(0))
        } else {
            Value::from(values)
        };
        (key, value)
    });
    Value::Object(args.collect())
}

fn headers_json(request: &Request) -> Value {
    let mut headers: BTreeMap<String, String> = BTreeMap::new();
    for (name, value) in &request.headers {
        headers
            .entry(title_case(name))
            // A repeated header arrives joined with commas, as the WSGI server joins it.
            .and_modify(|joined| {
                joined.push(',');
                joined.push_str(value);
            })
            .or_insert_with(|| value.clone());
    }
    Value::Object(
        headers
            .into_iter()
            .map(|(k, v)| (k, Value::from(v)))
            .collect(),
    )
}

/// Python's `json.dumps` escapes every non-ASCII character (`ensure_ascii`); serde_json
/// writes UTF-8. Outside strings JSON text is ASCII, so escaping every such char is safe.
fn ascii_only(json: &str) -> String {
    let mut out = String::with_capacity(json.len());
    for c in json.chars() {
        if c.is_ascii() {
            out.push(c);
        } else {
            for unit in c.encode_utf16(&mut [0; 2]) {
                let _ = write!(out, "\\u{unit:04x}");
            }
        }
    }
    out
}

fn uuid_v4() -> String {
    let mut bytes: [u8; 16] = fastrand::u128(..).to_be_bytes();
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// Reason phrases in capitals, as httpbin (through Flask and gunicorn) sends them.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        201 => "CREATED",
        202 => "ACCEPTED",
        204 => "NO CONTENT",
        301 => "MOVED PERMANENTLY",
        302 => "FOUND",
        304 => "NOT MODIFIED",
        307 => "TEMPORARY REDIRECT",
        308 => "PERMANENT REDIRECT",
        400 => "BAD REQUEST",
        401 => "UNAUTHORIZED",
        403 => "FORBIDDEN",
        404 => "NOT FOUND",
        405 => "METHOD NOT ALLOWED",
        408 => "REQUEST TIMEOUT",
        418 => "I'M A TEAPOT",
        429 => "TOO MANY REQUESTS",
        431 => "REQUEST HEADER FIELDS TOO LARGE",
        500 => "INTERNAL SERVER ERROR",
        502 => "BAD GATEWAY",
        503 => "SERVICE UNAVAILABLE",
        504 => "GATEWAY TIMEOUT",
        _ => "UNKNOWN",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    const LOOPBACK: IpAddr = IpAddr::V4(Ipv4Addr::LOCALHOST);

    fn local() -> SocketAddr {
        SocketAddr::from((Ipv4Addr::LOCALHOST, 8080))
    }

    fn get(method: &str, target: &str, headers: &[(&str, &str)]) -> Reply {
        let request = Request {
            method: method.into(),
            target: target.into(),
            headers: headers
                .iter()
                .map(|(n, v)| (n.to_string(), v.to_string()))
                .collect(),
        };
        respond(&request, LOOPBACK, local())
    }

    fn body(reply: &Reply) -> String {
        String::from_utf8(reply.response.body.clone()).unwrap()
    }

    #[test]
    fn renders_get_with_sorted_keys_title_cased_headers_and_a_newline() {
        let reply = get(
            "GET",
            "/get?b=2&a=1&a=3",
            &[("host", "httpbin.org"), ("x-lecture", "19")],
        );
        let expected = r#"{
  "args": {
    "a": [
      "1",
      "3"
    ],
    "b": "2"
  },
  "headers": {
    "Host": "httpbin.org",
    "X-Lecture": "19"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/get?b=2&a=1&a=3"
}
"#;
        assert_eq!(body(&reply), expected);
        assert_eq!(reply.response.status, 200);
        assert_eq!(reply.delay, Duration::ZERO);
    }

    #[test]
    fn absolute_targets_are_the_url_and_a_missing_host_is_the_listener() {
        let proxied = get("GET", "http://httpbin.org/ip", &[]);
        assert_eq!(body(&proxied), "{\n  \"origin\": \"127.0.0.1\"\n}\n");
        let reply = get(
            "GET",
            "http://httpbin.org/get?x=1",
            &[("Host", "httpbin.org")],
        );
        assert!(body(&reply).contains(r#""url": "http://httpbin.org/get?x=1""#));
        let no_host = get("GET", "/get", &[]);
        assert!(body(&no_host).contains(r#""url": "http://127.0.0.1:8080/get""#));
    }

    #[test]
    fn escapes_non_ascii_like_python() {
        let reply = get("GET", "/get?name=caf%C3%A9&emoji=%F0%9F%A6%80", &[]);
        let text = body(&reply);
        assert!(text.contains(r#""name": "caf\u00e9""#), "{text}");
        assert!(text.contains(r#""emoji": "\ud83e\udd80""#), "{text}");
        assert!(text.is_ascii());
    }

    #[test]
    fn repeated_headers_are_joined_with_commas() {
        let reply = get("GET", "/headers", &[("X-A", "1"), ("x-a", "2")]);
        assert!(body(&reply).contains(r#""X-A": "1,2""#));
    }

    #[test]
    fn delay_parses_fractions_caps_at_ten_seconds_and_refuses_nonsense() {
        assert_eq!(
            get("GET", "/delay/0.25", &[]).delay,
            Duration::from_millis(250)
        );
        assert_eq!(get("GET", "/delay/3", &[]).delay, Duration::from_secs(3));
        assert_eq!(get("GET", "/delay/600", &[]).delay, MAX_DELAY);
        assert_eq!(get("GET", "/delay/inf", &[]).delay, MAX_DELAY);
        for bad in ["abc", "-1", "nan", "1s"] {
            let reply = get("GET", &format!("/delay/{bad}"), &[]);
            assert_eq!(reply.response.status, 500, "{bad}");
            assert_eq!(reply.delay, Duration::ZERO);
        }
        let reply = get("GET", "/delay/0", &[]);
        for key in ["args", "data", "files", "form", "headers", "origin", "url"] {
            assert!(body(&reply).contains(&format!("\"{key}\": ")), "{key}");
        }
    }

    #[test]
    fn status_gives_the_code_with_an_empty_body() {
        let reply = get("GET", "/status/418", &[]);
        assert_eq!(reply.response.status, 418);
        assert!(reply.response.body.is_empty());
        for bad in ["abc", "99", "600", "-1"] {
            let reply = get("GET", &format!("/status/{bad}"), &[]);
            assert_eq!(reply.response.status, 400, "{bad}");
        }
    }

    #[test]
    fn unknown_paths_are_404_and_other_methods_405() {
        for path in [
            "/",
            "/nope",
            "/get/",
            "/delay",
            "/delay/",
            "/delay/1/2",
            "/status",
        ] {
            assert_eq!(get("GET", path, &[]).response.status, 404, "{path}");
        }
        assert_eq!(get("POST", "/nope", &[]).response.status, 404);
        let reply = get("POST", "/get", &[]);
        assert_eq!(reply.response.status, 405);
        let bytes = String::from_utf8(reply.response.to_bytes(false)).unwrap();
        assert!(bytes.contains("\r\nAllow: GET, HEAD\r\n"));
        assert_eq!(get("GET", "/g%65t", &[]).response.status, 200);
    }

    #[test]
    fn head_sends_headers_only_with_the_full_length() {
        let reply = get("HEAD", "/ip", &[]);
        assert!(reply.head_only);
        let bytes = String::from_utf8(reply.response.to_bytes(reply.head_only)).unwrap();
        assert!(bytes.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(bytes.contains("\r\nContent-Length: 28\r\n"));
        assert!(bytes.ends_with("\r\n\r\n"));
    }

    #[test]
    fn response_head_has_httpbins_headers() {
        let bytes = String::from_utf8(get("GET", "/ip", &[]).response.to_bytes(false)).unwrap();
        let (head, body) = bytes.split_once("\r\n\r\n").unwrap();
        for line in [
            "Content-Type: application/json",
            "Content-Length: 28",
            "Access-Control-Allow-Origin: *",
            "Access-Control-Allow-Credentials: true",
            "Connection: close",
        ] {
            assert!(head.lines().any(|l| l == line), "{line}");
        }
        assert_eq!(body.len(), 28);
    }

    #[test]
    fn uuid_is_version_4_and_53_bytes() {
        let first = body(&get("GET", "/uuid", &[]));
        assert_eq!(first.len(), 53);
        let value = &first[first.len() - 40..first.len() - 4];
        let groups: Vec<usize> = value.split('-').map(str::len).collect();
        assert_eq!(groups, [8, 4, 4, 4, 12], "{value}");
        assert_eq!(&value[14..15], "4");
        assert!(matches!(&value[19..20], "8" | "9" | "a" | "b"), "{value}");
        assert_ne!(first, body(&get("GET", "/uuid", &[])));
    }

    #[test]
    fn close_mid_body_promises_more_than_it_sends() {
        let reply = get("GET", "/close-mid-body", &[]);
        let bytes = reply.response.to_bytes(false);
        let text = String::from_utf8_lossy(&bytes);
        let (head, sent) = text.split_once("\r\n\r\n").unwrap();
        let promised: usize = head
            .lines()
            .find_map(|l| l.strip_prefix("Content-Length: "))
            .unwrap()
            .parse()
            .unwrap();
        assert!(sent.len() < promised, "{} of {promised}", sent.len());
        assert!(!sent.is_empty());
    }

    #[test]
    fn error_pages_match_flask() {
        let page = Response::error_page(404);
        assert_eq!(
            String::from_utf8(page.body).unwrap(),
            "<!doctype html>\n<html lang=en>\n<title>404 Not Found</title>\n<h1>Not Found</h1>\n\
             <p>The requested URL was not found on the server. If you entered the URL manually \
             please check your spelling and try again.</p>\n"
        );
        assert_eq!(reason(404), "NOT FOUND");
        assert_eq!(reason(299), "UNKNOWN");
    }
}
