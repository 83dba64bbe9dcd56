//! The listener: one acceptor thread, one thread per connection up to a cap.

use std::io::{self, ErrorKind, Read, Write};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use crossbeam_channel::{Receiver, RecvTimeoutError, Sender, TryRecvError};
use socket2::{Domain, Protocol, Socket, Type};

use super::latency::Latency;
use super::request::{HEAD_LIMIT, HeadError, read_head};
use super::routes::{self, Response};

/// Connections past the cap wait here for their 503; when it is full, the acceptor waits
/// and new clients queue in the kernel's accept queue.
const REFUSAL_BACKLOG: usize = 1024;
/// How long a refused client gets to finish sending before its connection is closed.
const REFUSAL_LINGER: Duration = Duration::from_millis(250);
/// Refused connections kept open at once while their clients finish; past this many, a
/// refused connection is closed as soon as its 503 is sent.
const MAX_LINGERING_REFUSALS: usize = 4096;
/// How often the refusal thread looks at the connections it keeps open.
const REFUSAL_POLL: Duration = Duration::from_millis(5);
/// How long, at most, to wait for a client to close after it has its whole response.
const LINGER: Duration = Duration::from_secs(1);
/// Connections the kernel holds for the acceptor (std's `bind` asks for 128; the system may
/// cap it, at `net.core.somaxconn` on Linux).
const ACCEPT_QUEUE: i32 = 1024;
/// How long the acceptor pauses after `accept` fails (e.g. out of file descriptors).
const ACCEPT_BACKOFF: Duration = Duration::from_millis(20);
/// A connection thread only parses a head and formats a small body.
const CONNECTION_STACK: usize = 256 * 1024;

/// How to run a [`Server`]: built with chained calls on [`Config::default()`].
///
/// ```
/// use ex19_1_fetch::httpbin::{Config, Latency};
/// use std::time::Duration;
///
/// let config = Config::default()
///     .port(8080)
///     .latency(Latency::OFF)
///     .max_connections(64)
///     .read_timeout(Duration::from_secs(2));
/// # drop(config);
/// ```
#[derive(Clone, Debug)]
pub struct Config {
    bind: IpAddr,
    port: u16,
    latency: Latency,
    max_connections: usize,
    read_timeout: Duration,
}

impl Config {
    /// Connections served at once when not configured.
    pub const DEFAULT_MAX_CONNECTIONS: usize = 512;
    /// Time a client has to send its request head when not configured.
    pub const DEFAULT_READ_TIMEOUT: Duration = Duration::from_secs(5);

    /// The address to listen on; the default is `127.0.0.1`.
    pub fn bind(self, bind: IpAddr) -> Config {
        Config { bind, ..self }
    }

    /// The port to listen on; the default, 0, lets the system pick a free one.
    pub fn port(self, port: u16) -> Config {
        Config { port, ..self }
    }

    /// The delay added before each response; the default is [`Latency::default()`].
    pub fn latency(self, latency: Latency) -> Config {
        Config { latency, ..self }
    }

    /// How many connections are served at once (at least 1); the default is
    /// [`Config::DEFAULT_MAX_CONNECTIONS`]. Clients beyond it get 503 straight away.
    pub fn max_connections(self, max_connections: usize) -> Config {
        Config {
            max_connections: max_connections.max(1),
            ..self
        }
    }

    /// How long a client has to send its whole request head (at least 1 ms); the default is
    /// [`Config::DEFAULT_READ_TIMEOUT`]. Also bounds each write of the response.
    pub fn read_timeout(self, read_timeout: Duration) -> Config {
        Config {
            read_timeout: read_timeout.max(Duration::from_millis(1)),
            ..self
        }
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            bind: IpAddr::V4(Ipv4Addr::LOCALHOST),
            port: 0,
            latency: Latency::default(),
            max_connections: Config::DEFAULT_MAX_CONNECTIONS,
            read_timeout: Config::DEFAULT_READ_TIMEOUT,
        }
    }
}

/// A running stand-in for httpbin.org. Dropping it stops the listener.
///
/// Requests already being answered are cut short when it stops: their connections close
/// without a response (a `/delay` does not sleep on), and their threads end by themselves.
#[derive(Debug)]
pub struct Server {
    addr: SocketAddr,
    shared: Arc<Shared>,
    // Never sends: dropping it disconnects every clone of `Shared::stopping`, which wakes
    // whatever is waiting on one.
    stop: Option<Sender<()>>,
    acceptor: Option<JoinHandle<()>>,
}

#[derive(Debug)]
struct Shared {
    latency: Latency,
    read_timeout: Duration,
    max_connections: usize,
    local_addr: SocketAddr,
    active: AtomicUsize,
    stopping: Receiver<()>,
}

impl Shared {
    /// Sleeps for `duration` unless the server stops first; returns whether it slept it all.
    fn pause(&self, duration: Duration) -> bool {
        duration.is_zero()
            || matches!(
                self.stopping.recv_timeout(duration),
                Err(RecvTimeoutError::Timeout)
            )
    }

    fn is_stopping(&self) -> bool {
        matches!(self.stopping.try_recv(), Err(TryRecvError::Disconnected))
    }
}

impl Server {
    /// Binds the listener and starts serving on background threads.
    ///
    /// Fails only if the address cannot be bound (say, the port is taken) or a thread cannot
    /// be started.
    pub fn start(config: Config) -> io::Result<Server> {
        let listener = listen(SocketAddr::new(config.bind, config.port))?;
        let addr = listener.local_addr()?;
        let (stop, stopping) = crossbeam_channel::bounded(0);
        let shared = Arc::new(Shared {
            latency: config.latency,
            read_timeout: config.read_timeout,
            max_connections: config.max_connections,
            local_addr: addr,
            active: AtomicUsize::new(0),
            stopping,
        });
        let (refusals, refused) = crossbeam_channel::bounded(REFUSAL_BACKLOG);
        thread::Builder::new()
            .name("httpbin-refuse".into())
            .spawn(move || refuse_all(&refused))?;
        let acceptor_shared = Arc::clone(&shared);
        let acceptor = thread::Builder::new()
            .name("httpbin-accept".into())
            .spawn(move || accept_loop(&listener, &acceptor_shared, &refusals))?;
        Ok(Server {
            addr,
            shared,
            stop: Some(stop),
            acceptor: Some(acceptor),
        })
    }

    /// The address the server listens on, with the port the system picked if it was 0.
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// How many connections are being served right now.
    pub fn active_connections(&self) -> usize {
        self.shared.active.load(Ordering::Acquire)
    }

    /// Blocks the calling thread for as long as the server runs, which is until the process
    /// ends (say, on Ctrl-C). An error means the acceptor thread panicked.
    pub fn serve_forever(mut self) -> io::Result<()> {
        match self.acceptor.take().map(JoinHandle::join) {
            Some(Err(_)) => Err(io::Error::other("the httpbin acceptor thread panicked")),
            _ => Ok(()),
        }
    }

    /// Stops the server: the same as dropping it, spelled out.
    pub fn shutdown(self) {}
}

impl Drop for Server {
    fn drop(&mut self) {
        drop(self.stop.take());
        // The acceptor is blocked in `accept`; a connection of our own wakes it to see the
        // stop. If that fails, leave the thread to notice at its next connection.
        let wake = match self.addr.ip() {
            IpAddr::V4(ip) if ip.is_unspecified() => (Ipv4Addr::LOCALHOST, self.addr.port()).into(),
            IpAddr::V6(ip) if ip.is_unspecified() => (Ipv6Addr::LOCALHOST, self.addr.port()).into(),
            _ => self.addr,
        };
        let woken = TcpStream::connect_timeout(&wake, Duration::from_secs(1)).is_ok();
        if let Some(acceptor) = self.acceptor.take().filter(|_| woken) {
            let _ = acceptor.join();
        }
    }
}

/// Like `TcpListener::bind`, with a longer queue of connections waiting to be accepted.
///
/// std's queue holds 128; when 200 clients connect at once and the acceptor is briefly off
/// the CPU, the kernel drops the rest, and each dropped client retries only a second later.
fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, Some(Protocol::TCP))?;
    // As std does: a restarted server can bind its port again at once.
    socket.set_reuse_address(true)?;
    socket.bind(&addr.into())?;
    socket.listen(ACCEPT_QUEUE)?;
    Ok(socket.into())
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>, refusals: &Sender<TcpStream>) {
    loop {
        let accepted = listener.accept();
        if shared.is_stopping() {
            return;
        }
        match accepted {
            Ok((stream, peer)) => dispatch(stream, peer, shared, refusals),
            Err(_) => {
                if !shared.pause(ACCEPT_BACKOFF) {
                    return;
                }
            }
        }
    }
}

/// Holds one of the `max_connections` places until its connection thread ends, however it ends.
struct Slot(Arc<Shared>);

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.active.fetch_sub(1, Ordering::AcqRel);
    }
}

fn dispatch(
    stream: TcpStream,
    peer: SocketAddr,
    shared: &Arc<Shared>,
    refusals: &Sender<TcpStream>,
) {
    // Only this thread adds to `active`, so the count cannot pass the cap between the
    // check and the add.
    if shared.active.load(Ordering::Acquire) >= shared.max_connections {
        // Refusing happens on a thread of its own (see `refuse_all`). If it falls behind, the
        // acceptor waits for it: the excess is queued, never closed without an answer.
        let _ = refusals.send(stream);
        return;
    }
    shared.active.fetch_add(1, Ordering::AcqRel);
    let slot = Slot(Arc::clone(shared));
    // If the thread cannot start, the closure is dropped: the slot is given back and the
    // connection closed.
    let _ = thread::Builder::new()
        .name("httpbin-conn".into())
        .stack_size(CONNECTION_STACK)
        .spawn(move || {
            let shared = &slot.0;
            serve(stream, peer, shared);
        });
}

fn serve(mut stream: TcpStream, peer: SocketAddr, shared: &Shared) {
    let deadline = Instant::now() + shared.read_timeout;
    let _ = stream.set_write_timeout(Some(shared.read_timeout));
    let (reply_bytes, wait) = match read_head(&mut stream, deadline, HEAD_LIMIT) {
        Ok(request) => {
            let reply = routes::respond(&request, peer.ip(), shared.local_addr);
            let wait = shared.latency.sample() + reply.delay;
            (reply.response.to_bytes(reply.head_only), wait)
        }
        Err(HeadError::Malformed) => (Response::error_page(400).to_bytes(false), Duration::ZERO),
        Err(HeadError::TooLarge) => (Response::error_page(431).to_bytes(false), Duration::ZERO),
        Err(HeadError::TimedOut | HeadError::Closed) => return,
    };
    if !shared.pause(wait) {
        return;
    }
    if stream.write_all(&reply_bytes).is_ok() {
        linger(stream, LINGER);
    }
}

/// Answers 503, without reading the request, to every connection past the cap.
///
/// One thread does it for all of them, so refusing costs no thread per client. Each refused
/// socket stays open, non-blocking, until its client closes or `REFUSAL_LINGER` passes (see
/// [`linger`] for why), and the thread checks them in turns between new arrivals, so a
/// client that does not read its 503 holds up nobody else.
fn refuse_all(refused: &Receiver<TcpStream>) {
    let mut lingering: Vec<(TcpStream, Instant)> = Vec::new();
    loop {
        let next = if lingering.is_empty() {
            refused.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            refused.recv_timeout(REFUSAL_POLL)
        };
        match next {
            Ok(stream) => {
                for stream in std::iter::once(stream).chain(refused.try_iter()) {
                    if let Some(open) = answer_503(stream)
                        && lingering.len() < MAX_LINGERING_REFUSALS
                    {
                        lingering.push((open, Instant::now() + REFUSAL_LINGER));
                    }
                }
            }
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => return,
        }
        // Drained before the deadline is looked at: closing with unread bytes would send a
        // reset, which can destroy the 503 before the client reads it.
        let now = Instant::now();
        lingering.retain_mut(|(stream, deadline)| still_sending(stream) && now < *deadline);
    }
}

/// Sends the 503 and the end of the response; the socket, if the client may still be
/// sending, is returned to be drained.
fn answer_503(mut stream: TcpStream) -> Option<TcpStream> {
    // A fresh socket's send buffer is empty, so the short page goes out at once.
    stream.set_nonblocking(true).ok()?;
    stream
        .write_all(&Response::error_page(503).to_bytes(false))
        .ok()?;
    stream.shutdown(Shutdown::Write).ok()?;
    still_sending(&mut stream).then_some(stream)
}

/// Discards what the client has sent so far; false once it has closed (or failed).
fn still_sending(stream: &mut TcpStream) -> bool {
    let mut scratch = [0; 4096];
    loop {
        match stream.read(&mut scratch) {
            Ok(0) => return false,
            Ok(_) => {}
            Err(e) if e.kind() == ErrorKind::WouldBlock => return true,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return false,
        }
    }
}

/// Closes after the client has read the response.
///
/// Closing a socket that still holds unread request bytes makes the kernel send a reset,
/// and a reset can destroy the response before the client reads it. So: send FIN, then
/// read and discard (a few KiB at a time, never keeping them) until the client closes too,
/// for at most `limit`.
fn linger(mut stream: TcpStream, limit: Duration) {
    const MAX_DISCARDED: usize = 1024 * 1024;
    let _ = stream.shutdown(Shutdown::Write);
    let deadline = Instant::now() + limit;
    let mut scratch = [0; 4096];
    let mut discarded = 0;
    while discarded < MAX_DISCARDED {
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() || stream.set_read_timeout(Some(remaining)).is_err() {
            return;
        }
        match stream.read(&mut scratch) {
            Ok(0) => return,
            Ok(n) => discarded += n,
            Err(e) if e.kind() == ErrorKind::Interrupted => {}
            Err(_) => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_accept_queue_holds_more_than_stds_128() {
        let listener = listen((Ipv4Addr::LOCALHOST, 0).into()).unwrap();
        let addr = listener.local_addr().unwrap();
        // Nothing accepts: every connection waits in the queue.
        let waiting: Vec<TcpStream> = (0..200)
            .map(|n| {
                TcpStream::connect_timeout(&addr, Duration::from_millis(500))
                    .unwrap_or_else(|e| panic!("connection {n} not queued: {e}"))
            })
            .collect();
        assert_eq!(waiting.len(), 200);
    }

    #[test]
    fn config_keeps_its_limits_sane() {
        let config = Config::default()
            .max_connections(0)
            .read_timeout(Duration::ZERO);
        assert_eq!(config.max_connections, 1);
        assert_eq!(config.read_timeout, Duration::from_millis(1));
        assert_eq!(Config::default().latency, Latency::default());
    }
}
