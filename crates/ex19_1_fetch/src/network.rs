//! Where `http://httpbin.org` is answered: by the offline stand-in unless told otherwise.
//!
//! The lecture's URLs name httpbin.org, and the mirror prints them unchanged. What changes
//! is only where a connection to `httpbin.org:80` goes: ureq asks its resolver for the
//! address, and [`Network`] gives it a resolver that answers with the stand-in's
//! loopback address. Every other host is looked up by ordinary DNS.

use std::fmt;
use std::io;
use std::net::{SocketAddr, ToSocketAddrs};

use ureq::Agent;
use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::{DefaultConnector, NextTimeout};

use crate::httpbin::{Config as StandInConfig, Latency, Server};

/// The host the lecture fetches from.
pub const HTTPBIN_HOST: &str = "httpbin.org";

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
}

impl Network {
    /// Starts the stand-in if `httpbin` asks for it, and builds an agent that sends
    /// httpbin.org where `httpbin` says.
    pub fn start(httpbin: Httpbin) -> io::Result<Network> {
        let (stand_in, redirect) = match &httpbin {
            Httpbin::StandIn(latency) => {
                let server = Server::start(StandInConfig::default().latency(*latency))?;
                let addr = server.addr();
                (Some(server), Some(addr))
            }
            Httpbin::At(addr) => (None, Some(*addr)),
            Httpbin::Online => (None, None),
        };
        let config = Agent::config_builder()
            // ureq reads HTTP_PROXY and ALL_PROXY by default, and a proxy never consults the
            // resolver: so that httpbin.org really goes where it is sent, no proxy is used.
            .proxy(None)
            .build();
        let agent = match redirect {
            Some(addr) => agent_with_resolver(config, HttpbinAt(addr)),
            None => Agent::new_with_config(config),
        };
        Ok(Network {
            agent,
            httpbin,
            stand_in,
        })
    }

    /// The agent that every request goes through, like urllib's default opener.
    pub fn agent(&self) -> &Agent {
        &self.agent
    }

    /// The stand-in's address, if one is running.
    pub fn stand_in_addr(&self) -> Option<SocketAddr> {
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

/// Looks up `host:port` once, for `--httpbin`.
pub fn lookup(host_and_port: &str) -> Result<SocketAddr, String> {
    let mut addrs = host_and_port
        .to_socket_addrs()
        .map_err(|e| format!("cannot use {host_and_port:?} as HOST:PORT: {e}"))?;
    addrs
        .next()
        .ok_or_else(|| format!("{host_and_port:?} resolves to no address"))
}
