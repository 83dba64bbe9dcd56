//! The lecture's own client, Python's urllib, uses the stand-in as an HTTP proxy and gets
//! what it would get from httpbin.org. Skipped, with a note, where python3 is missing.

mod support;

use std::io::{ErrorKind, Read};
use std::process::{Command, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use serde_json::Value;

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
    let server = support::start();
    let proxy = format!("http://{}", server.addr());
    let spawned = Command::new("python3")
        .args(["-I", "-c", CLIENT])
        .env("http_proxy", &proxy)
        .env("HTTP_PROXY", &proxy)
        .env_remove("no_proxy")
        .env_remove("NO_PROXY")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn();
    let mut child = match spawned {
        Ok(child) => child,
        Err(e) if e.kind() == ErrorKind::NotFound => {
            println!("note: python3 is not on PATH; skipping the urllib proxy test");
            return;
        }
        Err(e) => panic!("starting python3: {e}"),
    };

    let deadline = Instant::now() + Duration::from_secs(60);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            let _ = child.wait();
            panic!("python3 did not finish within 60 s");
        }
        thread::sleep(Duration::from_millis(20));
    };
    let (mut stdout, mut stderr) = (String::new(), String::new());
    child
        .stdout
        .take()
        .unwrap()
        .read_to_string(&mut stdout)
        .unwrap();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    assert!(status.success(), "python3 failed: {stderr}");

    let report: Value = serde_json::from_str(&stdout).expect("the client's JSON report");
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
