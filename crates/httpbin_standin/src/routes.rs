//! What the stand-in answers: httpbin 0.10's routes, JSON and error pages, as gunicorn
//! serves them.

use std::collections::BTreeMap;
use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use serde_json::{Value, json};

use crate::request::Request;

/// What proxies add, which httpbin hides from `headers` unless the query has `show_env`.
const ENV_HEADERS: &str = "X-Varnish X-Request-Start X-Heroku-Queue-Depth X-Real-Ip \
    X-Forwarded-Proto X-Forwarded-Protocol X-Forwarded-Ssl X-Heroku-Queue-Wait-Time \
    X-Forwarded-For X-Heroku-Dynos-In-Use X-Forwarded-Port X-Request-Id Via Total-Route-Time \
    Connect-Time";
const NOT_FOUND: &str = "The requested URL was not found on the server. If you entered the URL \
    manually please check your spelling and try again.";
const NOT_ALLOWED: &str = "The method is not allowed for the requested URL.";
const SERVER_ERROR: &str = "The server encountered an internal error and was unable to complete \
    your request. Either the server is overloaded or there is an error in the application.";

/// Answers one request as httpbin would: the bytes to send, and how long to wait first
/// (for `/delay/{n}`). `local` stands in for a missing Host header.
pub(crate) fn respond(request: &Request, peer: IpAddr, local: SocketAddr) -> (Vec<u8>, Duration) {
    let headers = environ(request);
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
    let status = match (route, head || request.method == "GET", delay) {
        ("", _, _) => 404,
        (_, false, _) => 405,
        (_, true, None) => 500,
        (_, true, Some(_)) => 200,
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
        let page = error_page(status);
        let response = response(status, "text/html; charset=utf-8", &extra, &page, head);
        return (response, Duration::ZERO);
    }
    let args = parse_query(query);
    let env = |name: &str| ENV_HEADERS.split(' ').any(|env| env == name);
    let shown = |name: &&String| args.contains_key("show_env") || !env(name);
    let shown: BTreeMap<_, _> = headers.iter().filter(|(name, _)| shown(name)).collect();
    let args: BTreeMap<_, _> = args.iter().map(|(k, v)| (k, semiflatten(v))).collect();
    let peer = peer.to_canonical().to_string();
    let origin = headers.get("X-Forwarded-For").unwrap_or(&peer);
    let url = url(&headers, path, query, local);
    // Keys in sorted order, as Flask writes them.
    let body = match route {
        "get" => json!({"args": args, "headers": shown, "origin": origin, "url": url}),
        "headers" => json!({"headers": shown}),
        "ip" => json!({"origin": origin}),
        "uuid" => json!({"uuid": uuid_v4()}),
        _ => json!({
            "args": args, "data": "", "files": {}, "form": {},
            "headers": shown, "origin": origin, "url": url,
        }),
    };
    let body = to_json(&body);
    let response = response(status, "application/json", &extra, &body, head);
    (response, delay.unwrap_or_default())
}

/// A whole response with a short HTML page, for the 400 and 431 that gunicorn sends.
pub(crate) fn error_response(status: u16) -> Vec<u8> {
    let page = format!("<h1>{}</h1>\n", reason(status));
    response(status, "text/html", &[], &page, false)
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

/// Flask's title for a status; gunicorn sends it upper-cased as the reason phrase.
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

/// Flask's HTML page for an error.
fn error_page(status: u16) -> String {
    let text = match status {
        404 => NOT_FOUND,
        405 => NOT_ALLOWED,
        _ => SERVER_ERROR,
    };
    let title = reason(status);
    let title = format!("<title>{status} {title}</title>\n<h1>{title}</h1>");
    format!("<!doctype html>\n<html lang=en>\n{title}\n<p>{text}</p>\n")
}

/// The headers as a WSGI server hands them to httpbin: names title-cased, repeats joined
/// with commas, names with `_` dropped, and an empty Content-Type or Content-Length left out.
fn environ(request: &Request) -> BTreeMap<String, String> {
    let mut headers = BTreeMap::<String, String>::new();
    for (name, value) in &request.headers {
        let name = title_case(name);
        let sized = matches!(&name[..], "Content-Type" | "Content-Length");
        if name.contains('_') || sized && value.is_empty() {
            continue;
        }
        match headers.get_mut(&name) {
            Some(joined) => *joined = format!("{joined},{value}"),
            None => _ = headers.insert(name, value.clone()),
        }
    }
    headers
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

/// Path and query of an origin-form (`/get?a=1`) or absolute-form (`http://httpbin.org/get`,
/// as a proxy gets it) target, without a fragment. Like gunicorn, the host comes from Host.
fn split_target(target: &str) -> (&str, &str) {
    let target = match target.split_once("://") {
        Some((_, rest)) if !target.starts_with('/') => {
            &rest[rest.find(['/', '?']).unwrap_or(rest.len())..]
        }
        _ => target,
    };
    let target = target.split_once('#').map_or(target, |(before, _)| before);
    target.split_once('?').unwrap_or((target, ""))
}

/// httpbin's `url`: the URL as Werkzeug rebuilds it, an IRI (escapes of UTF-8 text decoded,
/// those that would change the meaning kept).
fn url(headers: &BTreeMap<String, String>, path: &str, query: &str, local: SocketAddr) -> String {
    let host = match headers.get("Host") {
        Some(host) => host.to_lowercase(),
        None => local.to_string(),
    };
    let host = host.strip_suffix(":80").unwrap_or(&host);
    // The path of a route that answers 200 is plain ASCII with nothing to escape.
    let mut url = format!("http://{host}/{path}");
    if !query.is_empty() {
        url.push('?');
        url.push_str(&unquote(query, |b| b <= b' ' || b"%\x7f&=+#".contains(&b)));
    }
    url
}

/// httpbin's `args`: Python's `parse_qsl(query, keep_blank_values=True)`, gathered by key.
fn parse_query(query: &str) -> BTreeMap<String, Vec<String>> {
    let mut args = BTreeMap::<String, Vec<String>>::new();
    let decode = |text: &str| unquote(&text.replace('+', " "), |_| false);
    for pair in query.split('&').filter(|pair| !pair.is_empty()) {
        let (key, value) = pair.split_once('=').unwrap_or((pair, ""));
        args.entry(decode(key)).or_default().push(decode(value));
    }
    args
}

/// A lone value as itself, repeats as a list, as httpbin's `semiflatten` does.
fn semiflatten(values: &[String]) -> Value {
    match values {
        [one] => json!(one),
        many => json!(many),
    }
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
    fn splits_origin_and_absolute_targets() {
        assert_eq!(split_target("/get?a=1#f"), ("/get", "a=1"));
        assert_eq!(split_target("http://httpbin.org/get?a=1"), ("/get", "a=1"));
        assert_eq!(split_target("http://httpbin.org?x=1"), ("", "x=1"));
        assert_eq!(split_target("*"), ("*", ""));
    }
}
