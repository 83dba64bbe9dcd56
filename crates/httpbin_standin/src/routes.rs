//! What the stand-in answers: httpbin 0.10's routes and pages, as gunicorn serves them.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use serde_json::{Value, json};

use crate::request::Request;

const NOT_FOUND: &str = "The requested URL was not found on the server. If you entered the URL \
    manually please check your spelling and try again.";
const NOT_ALLOWED: &str = "The method is not allowed for the requested URL.";
const SERVER_ERROR: &str = "The server encountered an internal error and was unable to complete \
    your request. Either the server is overloaded or there is an error in the application.";

/// Answers one request as httpbin would: the bytes to send, and how long to wait first
/// (for `/delay/{n}`). `local` stands in for a missing Host header.
pub(crate) fn respond(request: &Request, peer: IpAddr, local: SocketAddr) -> (Vec<u8>, Duration) {
    let headers = &request.headers;
    let (path, query) = split_target(&request.target);
    let path = unquote(path, |_| false);
    // Werkzeug ignores leading slashes: `//get` is `/get`.
    let path = path.trim_start_matches('/');
    let (route, delay) = match path.split('/').collect::<Vec<_>>()[..] {
        [route @ ("get" | "headers" | "ip" | "uuid")] => (route, Some(Duration::ZERO)),
        ["delay", n] if !n.is_empty() => ("delay", parse_delay(n)),
        _ => ("", None),
    };
    let head = request.method == "HEAD";
    let (status, text) = match (route, delay) {
        ("", _) => (404, NOT_FOUND),
        _ if !head && request.method != "GET" => (405, NOT_ALLOWED),
        (_, None) => (500, SERVER_ERROR),
        (_, Some(_)) => (200, ""),
    };
    // httpbin's after_request puts CORS headers on every answer.
    let origin = headers.get("Origin").map_or("*", String::as_str);
    let mut extra = vec![
        ("Access-Control-Allow-Origin", origin),
        ("Access-Control-Allow-Credentials", "true"),
    ];
    if status != 200 {
        if status == 405 {
            extra.insert(0, ("Allow", "GET, HEAD, OPTIONS"));
        }
        let (title, html) = (reason(status), "text/html; charset=utf-8");
        let title = format!("<title>{status} {title}</title>\n<h1>{title}</h1>");
        let page = format!("<!doctype html>\n<html lang=en>\n{title}\n<p>{text}</p>\n");
        return (response(status, html, &extra, &page, head), Duration::ZERO);
    }
    let (args, url) = (parse_query(query), url(headers, path, query, local));
    let origin = peer.to_canonical().to_string();
    // Keys in sorted order, as Flask writes them.
    let body = match route {
        "get" => json!({"args": args, "headers": headers, "origin": origin, "url": url}),
        "headers" => json!({"headers": headers}),
        "ip" => json!({"origin": origin}),
        "uuid" => json!({"uuid": uuid_v4()}),
        _ => json!({
            "args": args, "data": "", "files": {}, "form": {},
            "headers": headers, "origin": origin, "url": url,
        }),
    };
    let response = response(200, "application/json", &extra, &to_json(&body), head);
    (response, delay.unwrap_or_default())
}

/// A 400 or 431, which gunicorn sends before httpbin sees the request.
pub(crate) fn refusal(status: u16) -> Vec<u8> {
    response(status, "text/html", &[], "", false)
}

/// Status line, headers and, unless it answers HEAD, the body; the connection then closes.
fn response(status: u16, kind: &str, extra: &[(&str, &str)], body: &str, head: bool) -> Vec<u8> {
    let mut response = format!(
        "HTTP/1.1 {status} {}\r\nServer: httpbin-standin\r\nConnection: close\r\n\
         Content-Type: {kind}\r\nContent-Length: {}\r\n",
        reason(status).to_ascii_uppercase(),
        body.len()
    );
    for (name, value) in extra {
        response.push_str(&format!("{name}: {value}\r\n"));
    }
    response.push_str("\r\n");
    response.push_str(if head { "" } else { body });
    response.into_bytes()
}

/// Flask's title for a status, which gunicorn sends upper-cased as the reason phrase.
fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        400 => "Bad Request",
        404 => "Not Found",
        405 => "Method Not Allowed",
        431 => "Request Header Fields Too Large",
        _ => "Internal Server Error",
    }
}

/// Path and query of an origin-form (`/get?a=1`) or absolute-form (`http://httpbin.org/get`,
/// as a proxy gets it) target, without a fragment. Like gunicorn, the host comes from Host.
fn split_target(target: &str) -> (&str, &str) {
    let target = match target.strip_prefix("http://") {
        Some(rest) => &rest[rest.find(['/', '?']).unwrap_or(rest.len())..],
        None => target,
    };
    let target = target.split_once('#').map_or(target, |(before, _)| before);
    target.split_once('?').unwrap_or((target, ""))
}

/// httpbin's `url`: the URL as Werkzeug rebuilds it, an IRI (escapes of UTF-8 text decoded,
/// those that would change the meaning kept). A route that answers 200 has a plain path.
fn url(headers: &BTreeMap<String, String>, path: &str, query: &str, local: SocketAddr) -> String {
    let local = local.to_string();
    let host = headers.get("Host").unwrap_or(&local);
    let query = unquote(query, |b| b <= b' ' || b"%\x7f&=+#".contains(&b));
    let mark = if query.is_empty() { "" } else { "?" };
    format!("http://{host}/{path}{mark}{query}")
}

/// httpbin's `args`: Python's `parse_qsl(query, keep_blank_values=True)`, with a lone value
/// as itself and repeats as a list.
fn parse_query(query: &str) -> BTreeMap<String, Value> {
    let mut args = BTreeMap::<String, Vec<String>>::new();
    let decode = |text: &str| unquote(&text.replace('+', " "), |_| false);
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        args.entry(decode(key)).or_default().push(decode(value));
    }
    let flat = |values: Vec<String>| match &values[..] {
        [one] => json!(one),
        _ => json!(values),
    };
    args.into_iter()
        .map(|(key, values)| (key, flat(values)))
        .collect()
}

/// Python's `unquote` as Werkzeug calls it: escapes decoded as UTF-8, bytes that are not
/// UTF-8 written back as upper-case escapes, and escapes of `kept` bytes left as they are.
fn unquote(text: &str, kept: impl Fn(u8) -> bool) -> String {
    let bytes = text.as_bytes();
    let digit = |at: usize| char::from(*bytes.get(at)?).to_digit(16);
    let escape = |i: usize| u8::try_from(digit(i + 1)? * 16 + digit(i + 2)?).ok();
    let (mut decoded, mut i) = (Vec::new(), 0);
    while i < bytes.len() {
        let (byte, width) = match escape(i).filter(|&byte| bytes[i] == b'%' && !kept(byte)) {
            Some(byte) => (byte, 3),
            None => (bytes[i], 1),
        };
        decoded.push(byte);
        i += width;
    }
    let mut text = String::new();
    for chunk in decoded.utf8_chunks() {
        text.push_str(chunk.valid());
        for byte in chunk.invalid() {
            text.push_str(&format!("%{byte:02X}"));
        }
    }
    text
}

/// httpbin's `min(float(n), 10)`; `None` where `time.sleep` then fails (not a number,
/// negative, NaN), which gives 500.
fn parse_delay(n: &str) -> Option<Duration> {
    let seconds: f64 = n.parse().ok()?;
    (seconds >= 0.0).then(|| Duration::from_secs_f64(seconds.min(10.0)))
}

/// Flask's JSON: two-space indent, everything but printable ASCII escaped (Python's
/// `ensure_ascii`), and httpbin's final newline.
fn to_json(value: &Value) -> String {
    let (pretty, mut json) = (serde_json::to_string_pretty(value), String::new());
    for c in pretty.unwrap_or_default().chars() {
        if c == '\n' || (' '..='~').contains(&c) {
            json.push(c);
        } else {
            for unit in c.encode_utf16(&mut [0; 2]) {
                json.push_str(&format!("\\u{unit:04x}"));
            }
        }
    }
    json + "\n"
}

fn uuid_v4() -> String {
    let version_4 = fastrand::u128(..) & !(0xf << 76 | 0x3 << 62) | 0x4 << 76 | 0x2 << 62;
    let mut uuid = format!("{version_4:032x}");
    for at in [20, 16, 12, 8] {
        uuid.insert(at, '-');
    }
    uuid
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delays_are_capped_at_ten_seconds_and_nonsense_is_refused() {
        let seconds = |n: &str| parse_delay(n).map(|d| d.as_secs_f64());
        assert_eq!(seconds("0.25"), Some(0.25));
        assert_eq!(seconds("3"), Some(3.0));
        assert_eq!(seconds("3600"), Some(10.0));
        assert_eq!(seconds("inf"), Some(10.0));
        for bad in ["abc", "-1", "nan", "-inf", "1s", ""] {
            assert_eq!(parse_delay(bad), None, "{bad}");
        }
    }

    #[test]
    fn unquote_keeps_what_is_not_utf_8_or_not_an_escape() {
        assert_eq!(unquote("caf%C3%A9+%zz%4", |_| false), "café+%zz%4");
        assert_eq!(unquote("%ff%c3", |_| false), "%FF%C3");
        assert_eq!(unquote("a%2Bb%2fc", |b| b == b'+'), "a%2Bb/c");
    }

    #[test]
    fn splits_origin_and_absolute_targets() {
        assert_eq!(split_target("/get?a=1#f"), ("/get", "a=1"));
        assert_eq!(split_target("http://httpbin.org/get?a=1"), ("/get", "a=1"));
        assert_eq!(split_target("http://httpbin.org?x=1"), ("", "x=1"));
        assert_eq!(split_target("*"), ("*", ""));
        assert_eq!(split_target("/get?u=http://x/y"), ("/get", "u=http://x/y"));
    }
}
