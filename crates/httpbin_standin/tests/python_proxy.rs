//! The lecture's own client, Python's urllib, uses the stand-in as an HTTP proxy and gets
//! what it would get from httpbin.org. Skipped, saying so, where no Python 3 is found
//! (`python3`, `python` or `py -3`); with `CI=true` that fails.

mod support;

use std::time::Duration;

use serde_json::Value;
use support::{output_within, python::Python, skip};

/// Fetches the lecture's five URLs the lecture's way and reports sizes and the /get body.
const CLIENT: &str = r#"
import json, urllib.request
sizes = {}
for path in ["delay/0", "uuid", "ip", "headers", "get"]:
    with urllib.request.urlopen("http://httpbin.org/" + path, timeout=10) as response:
        content = response.read()
    sizes[path] = len(content)
    if path == "get":
        get = json.loads(content)
print(json.dumps({"urllib": urllib.request.__version__, "sizes": sizes, "get": get}))
"#;

#[test]
fn python_urllib_fetches_httpbin_org_through_the_stand_in() {
    let python = match Python::find() {
        Ok(python) => python,
        Err(why) => {
            let test = "python_urllib_fetches_httpbin_org_through_the_stand_in";
            return skip::missing(test, &format!("{why}; the test runs Python's urllib"));
        }
    };
    let server = support::start();
    let proxy = format!("http://{}", server.addr());
    let output = output_within(
        python
            .command()
            .args(["-I", "-c", CLIENT])
            .env("http_proxy", &proxy)
            .env("HTTP_PROXY", &proxy)
            .env_remove("no_proxy")
            .env_remove("NO_PROXY"),
        Duration::from_secs(60),
    )
    .unwrap_or_else(|e| panic!("starting {}: {e}", python.name()));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "{} failed: {stderr}",
        python.name()
    );

    let report: Value = serde_json::from_slice(&output.stdout).expect("the client's JSON report");
    let get = &report["get"];
    assert_eq!(get["url"], "http://httpbin.org/get");
    assert_eq!(get["origin"], "127.0.0.1");
    assert_eq!(get["headers"]["Host"], "httpbin.org");
    let version = report["urllib"].as_str().unwrap();
    assert_eq!(
        get["headers"]["User-Agent"],
        format!("Python-urllib/{version}")
    );

    // The sizes Python 3.11 printed against a real httpbin; the User-Agent, and so three
    // of the bodies, is longer or shorter by as much as the version string is.
    let extra = version.len() as i64 - "3.11".len() as i64;
    let sizes = &report["sizes"];
    assert_eq!(sizes["uuid"], 53);
    assert_eq!(sizes["ip"], 28);
    assert_eq!(sizes["headers"], 151 + extra);
    assert_eq!(sizes["get"], 225 + extra);
    assert_eq!(sizes["delay/0"], 272 + extra);
}
