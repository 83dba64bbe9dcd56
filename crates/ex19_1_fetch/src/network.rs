//! Where `http://httpbin.org` is answered: by the offline stand-in unless told otherwise.
//!
//! The lecture's URLs name httpbin.org, and the mirror prints them unchanged. What changes
//! is only where a connection to `httpbin.org:80` goes: ureq asks its resolver for the
//! address, and [`Network`] gives it a resolver that answers with the stand-in's
//! loopback address. Every other host is looked up by ordinary DNS.

use std::fmt;
use std::io;
use std::net::SocketAddr;
use std::sync::Arc;
use std::thread;
use std::time::{Duration, Instant};

use parking_lot::Mutex;

use ureq::config::Config;
use ureq::http::{Request, Response, Uri};
use ureq::middleware::MiddlewareNext;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};
use ureq::{Agent, Body, SendBody};

use httpbin_standin::{Config as StandInConfig, Latency, Server};
use timeline::{Chart, Row};

/// The host the lecture fetches from.
const HTTPBIN_HOST: &str = "httpbin.org";

/// Where requests for httpbin.org go.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Httpbin {
    /// The embedded stand-in on 127.0.0.1, with simulated network latency (the default).
    StandIn(Latency),
    /// Another httpbin instance at this address (`--httpbin`), e.g. PyPI's httpbin run with
    /// `python -m httpbin.core --port 8000`.
    At(SocketAddr),
    /// The real httpbin.org, found by real DNS (`--online`).
    Online,
}

/// A running choice of [`Httpbin`]: the agent to fetch with, and the stand-in if there is one.
pub struct Network {
    agent: Agent,
    httpbin: Httpbin,
    stand_in: Option<Server>,
    requests: Option<Arc<Mutex<Vec<Span>>>>,
}

/// One request: its path, the thread that sent it, when it was sent and when its response
/// arrived.
type Span = (String, String, Instant, Instant);

/// The drawing fits a terminal of 100 columns.
const WIDTH: usize = 100;

impl Network {
    /// Starts the stand-in if `httpbin` asks for it, and builds an agent that sends
    /// httpbin.org there and, if `timeline` is set, records when each request ran.
    pub fn start(httpbin: Httpbin, timeline: bool) -> io::Result<Network> {
        let (stand_in, redirect) = match &httpbin {
            Httpbin::StandIn(latency) => {
                let server = Server::start(StandInConfig::default().latency(*latency))?;
                let addr = server.addr();
                (Some(server), Some(addr))
            }
            Httpbin::At(addr) => (None, Some(*addr)),
            Httpbin::Online => (None, None),
        };
        let requests = timeline.then(Arc::default);
        let mut config = Agent::config_builder()
            // ureq reads HTTP_PROXY and ALL_PROXY by default, and a proxy never consults the
            // resolver: so that httpbin.org really goes where it is sent, no proxy is used.
            .proxy(None);
        if let Some(requests) = &requests {
            config = config.middleware(record_into(Arc::clone(requests)));
        }
        let config = config.build();
        let agent = match redirect {
            Some(addr) => agent_with_resolver(config, HttpbinAt(addr)),
            None => Agent::new_with_config(config),
        };
        Ok(Network {
            agent,
            httpbin,
            stand_in,
            requests,
        })
    }

    /// The agent that every request goes through, like urllib's default opener.
    pub fn agent(&self) -> &Agent {
        &self.agent
    }

    /// With `--timeline`, a drawing of when each request ran (from sending it to the arrival
    /// of its response's head, which on these small responses carries the body too) and on
    /// which thread, first as they ran, then as they would have run one after another (the
    /// same durations laid end to end, which the drawing says under the rows).
    pub fn timeline(&self) -> Option<String> {
        let requests = self.requests.as_ref()?.lock();
        Some(draw(&requests)?.text(WIDTH) + IN_TURN)
    }

    /// The stand-in's address, if one is running.
    fn stand_in_addr(&self) -> Option<SocketAddr> {
        self.stand_in.as_ref().map(Server::addr)
    }
}

impl fmt::Display for Network {
    /// One line for stderr saying where httpbin.org is answered, and how to change it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (&self.httpbin, self.stand_in_addr()) {
            (Httpbin::StandIn(latency), Some(addr)) => write!(
                f,
                "note: httpbin.org is served offline by a local stand-in on {addr} \
                 (simulated latency: {}); pass --online for the real httpbin.org",
                describe(latency)
            ),
            (Httpbin::At(addr), _) => write!(f, "note: httpbin.org is sent to {addr}"),
            _ => write!(f, "note: fetching from the real httpbin.org"),
        }
    }
}

fn describe(latency: &Latency) -> String {
    if latency.is_off() {
        "off".to_owned()
    } else {
        format!("{latency} ms")
    }
}

/// Said under the drawing, so that nobody takes the "in turn" rows for a measured run.
const IN_TURN: &str =
    "in turn: the same durations end to end (not a second run): the time without threads\n";

/// The requests as they ran ("together", each labelled with its thread) and laid end to
/// end ("in turn"), on one time axis from the first request's sending; `None` if none ran.
fn draw(requests: &[Span]) -> Option<Chart> {
    let origin = requests.iter().map(|&(_, _, sent, _)| sent).min()?;
    let path_width = requests.iter().map(|(path, ..)| path.len()).max()?;
    let mut chart = Chart::new("the first request was sent");
    for (path, thread, sent, arrived) in requests {
        let (start, end) = (*sent - origin, *arrived - origin);
        let row = Row::new(format!("together  {path:path_width$}  {thread}"));
        chart.row(row.span(start, end, '=').note(seconds(start, end)));
    }
    let mut finished = Duration::ZERO;
    for (path, _, sent, arrived) in requests {
        let begun = finished;
        finished += *arrived - *sent;
        let row = Row::new(format!("in turn   {path}"));
        chart.row(
            row.span(begun, finished, '=')
                .note(seconds(begun, finished)),
        );
    }
    Some(chart)
}

/// `0.003-0.071 s`
fn seconds(start: Duration, end: Duration) -> String {
    format!("{:.3}-{:.3} s", start.as_secs_f64(), end.as_secs_f64())
}

/// A ureq middleware that notes when each request is sent and when its response arrives,
/// and the thread that sent it: in the mirror, the pool's worker that ran the task.
fn record_into(
    requests: Arc<Mutex<Vec<Span>>>,
) -> impl Fn(Request<SendBody>, MiddlewareNext) -> Result<Response<Body>, ureq::Error> + Send + Sync
{
    move |request, next| {
        let path = request.uri().path().to_owned();
        let me = thread::current();
        // The pool names its workers as Python does; a thread without a name gets its id.
        let thread = me
            .name()
            .map_or_else(|| format!("{:?}", me.id()), str::to_owned);
        let sent = Instant::now();
        let response = next.handle(request);
        requests.lock().push((path, thread, sent, Instant::now()));
        response
    }
}

fn agent_with_resolver(config: Config, resolver: impl Resolver) -> Agent {
    Agent::with_parts(config, DefaultConnector::default(), resolver)
}

/// A resolver that answers `httpbin.org:80` with a fixed address and asks DNS for the rest.
#[derive(Debug)]
struct HttpbinAt(SocketAddr);

impl Resolver for HttpbinAt {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let is_httpbin = uri.host() == Some(HTTPBIN_HOST)
            && uri.scheme_str() == Some("http")
            && uri.port_u16().unwrap_or(80) == 80;
        if !is_httpbin {
            return DefaultResolver::default().resolve(uri, config, timeout);
        }
        let mut addrs = self.empty();
        addrs.push(self.0);
        Ok(addrs)
    }
}
