//! Responses of the real httpbin, captured once: httpbin 0.10.4 (`pip install httpbin
//! gunicorn`, `gunicorn -b 127.0.0.1:8000 httpbin:app`) answering each request on loopback.
//! The status line, the headers but `Date` and `Server` (sorted, and `Allow`'s methods
//! sorted: Python's set order varies from run to run) and the body, byte for byte.
//!
//! `responses.rs` checks the stand-in against these; `real_httpbin.rs` checks them against
//! a real httpbin wherever one can be started (in CI, the versions pinned in
//! `.ci/httpbin-requirements.txt`), so a new httpbin release shows up as a failure there
//! when the pins move.
//!
//! Not copied, so not here: what httpbin does with headers a proxy adds (`Via`,
//! `X-Forwarded-For`, ... hidden unless `show_env`; `X-Forwarded-For` as `origin`;
//! `X-Forwarded-Proto` in `url`), an empty `Content-Type` left out, the Host header
//! lower-cased and `:80` dropped in `url`, Python's `float` taking `1_0` or ` 1` in
//! `/delay`, `OPTIONS`, the other methods of `/delay`, the 308 for `/delay//1`, httpbin's
//! other routes and its page at `/`, and gunicorn's own pages for a 400.

/// One request and what httpbin answered.
pub struct Case {
    pub what: &'static str,
    pub request: &'static [u8],
    pub status: &'static str,
    pub headers: &'static [&'static str],
    pub body: &'static str,
}

// Generated with httpbin 0.10.4 under gunicorn 27.0.1.
pub const CASES: &[Case] = &[
    Case {
        what: "an encoded space and an encoded e-acute",
        request: b"GET /get?a=%20b&c=%C3%A9 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 175",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {
    "a": " b",
    "c": "\u00e9"
  },
  "headers": {
    "Host": "httpbin.org"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/get?a=%20b&c=\u00e9"
}
"#,
    },
    Case {
        what: "plus as a space, an encoded plus",
        request: b"GET /get?a=b+c&d=%2B HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 167",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {
    "a": "b c",
    "d": "+"
  },
  "headers": {
    "Host": "httpbin.org"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/get?a=b+c&d=%2B"
}
"#,
    },
    Case {
        what: "a repeated key becomes a list",
        request: b"GET /get?a=1&a=2&b=3 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 190",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {
    "a": [
      "1",
      "2"
    ],
    "b": "3"
  },
  "headers": {
    "Host": "httpbin.org"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/get?a=1&a=2&b=3"
}
"#,
    },
    Case {
        what: "blank values and empty pairs",
        request: b"GET /get?a=1&b&c=&&=2 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 191",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {
    "": "2",
    "a": "1",
    "b": "",
    "c": ""
  },
  "headers": {
    "Host": "httpbin.org"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/get?a=1&b&c=&&=2"
}
"#,
    },
    Case {
        what: "bad escapes, an emoji, a byte that is not UTF-8",
        request: b"GET /get?a=%zz&b=%F0%9F%A6%80&c=%ff&d=%C3%20%A9 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 241",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {
    "a": "%zz",
    "b": "\ud83e\udd80",
    "c": "%FF",
    "d": "%C3 %A9"
  },
  "headers": {
    "Host": "httpbin.org"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/get?a=%zz&b=\ud83e\udd80&c=%FF&d=%C3%20%A9"
}
"#,
    },
    Case {
        what: "lower-case escapes and a truncated sequence",
        request: b"GET /get?a=%c3%a9&c=%e2%82 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 181",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {
    "a": "\u00e9",
    "c": "%E2%82"
  },
  "headers": {
    "Host": "httpbin.org"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/get?a=\u00e9&c=%E2%82"
}
"#,
    },
    Case {
        what: "reserved escapes stay escaped in url",
        request: b"GET /get?a=%22%3C%5B%7B%7E%2F&b=%26%3D%2B%23%25%7F%00 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 209",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {
    "a": "\"<[{~/",
    "b": "&=+#%\u007f\u0000"
  },
  "headers": {
    "Host": "httpbin.org"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/get?a=\"<[{~/&b=%26%3D%2B%23%25%7F%00"
}
"#,
    },
    Case {
        what: "unusual characters as sent",
        request: b"GET /get?a=\"<>\\^`{|}[] HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 167",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {
    "a": "\"<>\\^`{|}[]"
  },
  "headers": {
    "Host": "httpbin.org"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/get?a=\"<>\\^`{|}[]"
}
"#,
    },
    Case {
        what: "a semicolon does not split",
        request: b"GET /get?x=1;y=2 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 151",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {
    "x": "1;y=2"
  },
  "headers": {
    "Host": "httpbin.org"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/get?x=1;y=2"
}
"#,
    },
    Case {
        what: "no fragment, no empty query",
        request: b"GET /get?#frag HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 123",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {},
  "headers": {
    "Host": "httpbin.org"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/get"
}
"#,
    },
    Case {
        what: "an escaped path and leading slashes",
        request: b"GET //g%65t?a=1 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 143",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {
    "a": "1"
  },
  "headers": {
    "Host": "httpbin.org"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/get?a=1"
}
"#,
    },
    Case {
        what: "absolute form, the host from Host",
        request: b"GET http://example.com/get?a=%20b HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 147",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {
    "a": " b"
  },
  "headers": {
    "Host": "httpbin.org"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/get?a=%20b"
}
"#,
    },
    Case {
        what: "repeated headers joined, names title-cased, underscores dropped",
        request: b"GET /headers HTTP/1.1\r\nHost: httpbin.org\r\nX-A: 1\r\nx-a: 2\r\nx-b3-traceid: t\r\nX-UPPER-CASE: v\r\nx-123abc: n\r\nX_Under: u\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 138",
            "Content-Type: application/json",
        ],
        body: r#"{
  "headers": {
    "Host": "httpbin.org",
    "X-123Abc": "n",
    "X-A": "1,2",
    "X-B3-Traceid": "t",
    "X-Upper-Case": "v"
  }
}
"#,
    },
    Case {
        what: "Latin-1 values, empty values, trailing spaces",
        request: b"GET /headers HTTP/1.1\r\nHost: httpbin.org\r\nX-Name: caf\xc3\xa9\r\nX-Empty:\r\nX-Spaces:   a  b  \r\nContent-Length: 0\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 152",
            "Content-Type: application/json",
        ],
        body: r#"{
  "headers": {
    "Content-Length": "0",
    "Host": "httpbin.org",
    "X-Empty": "",
    "X-Name": "caf\u00c3\u00a9",
    "X-Spaces": "a  b"
  }
}
"#,
    },
    Case {
        what: "Origin is echoed",
        request: b"GET /headers HTTP/1.1\r\nHost: httpbin.org\r\nOrigin: http://example.com\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: http://example.com",
            "Connection: close",
            "Content-Length: 85",
            "Content-Type: application/json",
        ],
        body: r#"{
  "headers": {
    "Host": "httpbin.org",
    "Origin": "http://example.com"
  }
}
"#,
    },
    Case {
        what: "the headers urllib sends",
        request: b"GET /headers HTTP/1.1\r\nAccept-Encoding: identity\r\nHost: httpbin.org\r\nUser-Agent: Python-urllib/3.11\r\nConnection: close\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 151",
            "Content-Type: application/json",
        ],
        body: r#"{
  "headers": {
    "Accept-Encoding": "identity",
    "Connection": "close",
    "Host": "httpbin.org",
    "User-Agent": "Python-urllib/3.11"
  }
}
"#,
    },
    Case {
        what: "delay with a repeated key",
        request: b"GET /delay/0?x=1&x=2 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 219",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {
    "x": [
      "1",
      "2"
    ]
  },
  "data": "",
  "files": {},
  "form": {},
  "headers": {
    "Host": "httpbin.org"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/delay/0?x=1&x=2"
}
"#,
    },
    Case {
        what: "delay escaped and fractional",
        request: b"GET /delay/%30.0 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 172",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {},
  "data": "",
  "files": {},
  "form": {},
  "headers": {
    "Host": "httpbin.org"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org/delay/0.0"
}
"#,
    },
    Case {
        what: "delay that is no number",
        request: b"GET /delay/abc HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 500 INTERNAL SERVER ERROR",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 265",
            "Content-Type: text/html; charset=utf-8",
        ],
        body: r#"<!doctype html>
<html lang=en>
<title>500 Internal Server Error</title>
<h1>Internal Server Error</h1>
<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>
"#,
    },
    Case {
        what: "delay that is negative",
        request: b"GET /delay/-1 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 500 INTERNAL SERVER ERROR",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 265",
            "Content-Type: text/html; charset=utf-8",
        ],
        body: r#"<!doctype html>
<html lang=en>
<title>500 Internal Server Error</title>
<h1>Internal Server Error</h1>
<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>
"#,
    },
    Case {
        what: "delay that is NaN",
        request: b"GET /delay/nan HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 500 INTERNAL SERVER ERROR",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 265",
            "Content-Type: text/html; charset=utf-8",
        ],
        body: r#"<!doctype html>
<html lang=en>
<title>500 Internal Server Error</title>
<h1>Internal Server Error</h1>
<p>The server encountered an internal error and was unable to complete your request. Either the server is overloaded or there is an error in the application.</p>
"#,
    },
    Case {
        what: "HEAD of a route",
        request: b"HEAD /get?a=1 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 143",
            "Content-Type: application/json",
        ],
        body: "",
    },
    Case {
        what: "HEAD of an unknown path",
        request: b"HEAD /nope HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 404 NOT FOUND",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 207",
            "Content-Type: text/html; charset=utf-8",
        ],
        body: "",
    },
    Case {
        what: "POST is not allowed",
        request: b"POST /get HTTP/1.1\r\nHost: httpbin.org\r\nContent-Length: 0\r\n\r\n",
        status: "HTTP/1.1 405 METHOD NOT ALLOWED",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Allow: GET, HEAD, OPTIONS",
            "Connection: close",
            "Content-Length: 153",
            "Content-Type: text/html; charset=utf-8",
        ],
        body: r#"<!doctype html>
<html lang=en>
<title>405 Method Not Allowed</title>
<h1>Method Not Allowed</h1>
<p>The method is not allowed for the requested URL.</p>
"#,
    },
    Case {
        what: "a trailing slash is another path",
        request: b"GET /get/ HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 404 NOT FOUND",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 207",
            "Content-Type: text/html; charset=utf-8",
        ],
        body: r#"<!doctype html>
<html lang=en>
<title>404 Not Found</title>
<h1>Not Found</h1>
<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>
"#,
    },
    Case {
        what: "delay takes one segment",
        request: b"GET /delay/1/2 HTTP/1.1\r\nHost: httpbin.org\r\n\r\n",
        status: "HTTP/1.1 404 NOT FOUND",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 207",
            "Content-Type: text/html; charset=utf-8",
        ],
        body: r#"<!doctype html>
<html lang=en>
<title>404 Not Found</title>
<h1>Not Found</h1>
<p>The requested URL was not found on the server. If you entered the URL manually please check your spelling and try again.</p>
"#,
    },
    Case {
        what: "another port is kept",
        request: b"GET /get HTTP/1.1\r\nHost: httpbin.org:8080\r\n\r\n",
        status: "HTTP/1.1 200 OK",
        headers: &[
            "Access-Control-Allow-Credentials: true",
            "Access-Control-Allow-Origin: *",
            "Connection: close",
            "Content-Length: 133",
            "Content-Type: application/json",
        ],
        body: r#"{
  "args": {},
  "headers": {
    "Host": "httpbin.org:8080"
  },
  "origin": "127.0.0.1",
  "url": "http://httpbin.org:8080/get"
}
"#,
    },
];
