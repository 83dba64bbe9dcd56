//! The listener: an acceptor thread, and a thread per connection up to a cap.

use std::io::{self, Write};
use std::net::{IpAddr, Ipv4Addr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Condvar, Mutex, MutexGuard, PoisonError};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

use socket2::{Domain, Socket, Type};

use crate::latency::Latency;
use crate::request::{read_by, read_head};
use crate::routes::{refusal, respond};

/// Connections served at once, each by a thread of its own so that a `/delay/1` never
/// waits behind another; past the cap, clients wait in the kernel's accept queue.
const MAX_CONNECTIONS: usize = 512;

/// How to run a [`Server`], built with chained calls on [`Config::default()`].
#[derive(Clone, Debug)]
pub struct Config {
    bind: IpAddr,
    port: u16,
    latency: Latency,
    read_timeout: Duration,
}

impl Config {
    /// The address to listen on (default `127.0.0.1`).
    pub fn bind(self, bind: IpAddr) -> Config {
        Config { bind, ..self }
    }

    /// The port to listen on (default 0: a free one the system picks).
    pub fn port(self, port: u16) -> Config {
        Config { port, ..self }
    }

    /// The delay before each response (default [`Latency::default()`]).
    pub fn latency(self, latency: Latency) -> Config {
        Config { latency, ..self }
    }

    /// How long a client may take to send its request head (default 5 s).
    pub fn read_timeout(mut self, read_timeout: Duration) -> Config {
        self.read_timeout = read_timeout;
        self
    }
}

impl Default for Config {
    fn default() -> Config {
        Config {
            bind: Ipv4Addr::LOCALHOST.into(),
            port: 0,
            latency: Latency::default(),
            read_timeout: Duration::from_secs(5),
        }
    }
}

/// A running stand-in. Dropping it stops it, closing requests still in progress unanswered.
#[derive(Debug)]
pub struct Server {
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

#[derive(Debug, Default)]
struct Shared {
    config: Config,
    state: Mutex<State>,
    /// Wakes the acceptor when a connection ends.
    freed: Condvar,
    /// Wakes every pause when the server stops.
    stopped: Condvar,
}

#[derive(Debug, Default)]
struct State {
    active: usize,
    stopping: bool,
}

impl Server {
    /// Binds the listener and serves on background threads (fails if, say, the port is taken).
    pub fn start(mut config: Config) -> io::Result<Server> {
        let listener = listen(SocketAddr::new(config.bind, config.port))?;
        config.port = listener.local_addr()?.port();
        let shared = Arc::new(Shared {
            config,
            ..Shared::default()
        });
        let accepting = Arc::clone(&shared);
        let acceptor = thread::Builder::new().name("httpbin-accept".into());
        let acceptor = Some(acceptor.spawn(move || accept_loop(&listener, &accepting))?);
        Ok(Server { shared, acceptor })
    }

    /// The address the server listens on, with the port the system picked.
    pub fn addr(&self) -> SocketAddr {
        SocketAddr::new(self.shared.config.bind, self.shared.config.port)
    }

    /// Blocks until the process ends (say, on Ctrl-C), or fails if the acceptor panics.
    pub fn serve_forever(mut self) -> io::Result<()> {
        match self.acceptor.take().map(JoinHandle::join) {
            Some(Err(_)) => Err(io::Error::other("the httpbin acceptor thread panicked")),
            _ => Ok(()),
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.state().stopping = true;
        self.shared.freed.notify_all();
        self.shared.stopped.notify_all();
        // A connection of our own wakes the acceptor from `accept`; else it ends at the next.
        let woken = TcpStream::connect_timeout(&self.addr(), Duration::from_secs(1)).is_ok();
        if let Some(acceptor) = self.acceptor.take().filter(|_| woken) {
            let _ = acceptor.join();
        }
    }
}

impl Shared {
    fn state(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits for a free place; `None` once the server stops.
    fn take_place(self: &Arc<Shared>) -> Option<Place> {
        let full = |s: &mut State| s.active >= MAX_CONNECTIONS && !s.stopping;
        let state = self.freed.wait_while(self.state(), full);
        let mut state = state.unwrap_or_else(PoisonError::into_inner);
        if state.stopping {
            return None;
        }
        state.active += 1;
        Some(Place(Arc::clone(self)))
    }

    /// Sleeps for `duration` unless the server stops first; whether it still runs.
    fn pause(&self, duration: Duration) -> bool {
        let (state, stopped) = (self.state(), &self.stopped);
        let waited = stopped.wait_timeout_while(state, duration, |s| !s.stopping);
        !waited.unwrap_or_else(PoisonError::into_inner).0.stopping
    }
}

/// One of the [`MAX_CONNECTIONS`] places, given back when dropped, however its thread ends.
struct Place(Arc<Shared>);

impl Drop for Place {
    fn drop(&mut self) {
        self.0.state().active -= 1;
        self.0.freed.notify_one();
    }
}

/// `TcpListener::bind` with room for more waiting clients than std's 128 (Linux caps it at
/// `net.core.somaxconn`), so that 200 clients connecting at once all get in.
fn listen(addr: SocketAddr) -> io::Result<TcpListener> {
    let socket = Socket::new(Domain::for_address(addr), Type::STREAM, None)?;
    socket.set_reuse_address(true)?; // as std does, so that a restarted server can bind
    socket.bind(&addr.into())?;
    socket.listen(4096)?;
    Ok(socket.into())
}

/// Takes a place before it accepts, so that past the cap clients wait in the kernel's queue.
fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    while let Some(place) = shared.take_place() {
        // After a stop, the connection that woke `accept` is served too; then the loop ends.
        let Ok((stream, peer)) = listener.accept() else {
            // Say, out of file descriptors: give the others time to close theirs.
            drop(place);
            shared.pause(Duration::from_millis(20));
            continue;
        };
        // If the thread cannot start, the closure and with it the place are dropped.
        let connection = thread::Builder::new().name("httpbin-conn".into());
        let serving = move || serve(stream, peer, &place.0);
        let _ = connection.stack_size(256 * 1024).spawn(serving);
    }
}

fn serve(mut stream: TcpStream, peer: SocketAddr, shared: &Shared) {
    let timeout = shared.config.read_timeout;
    let _ = stream.set_write_timeout(Some(timeout));
    let (response, wait) = match read_head(&mut stream, Instant::now() + timeout) {
        Ok(Some(request)) => {
            let local = SocketAddr::new(shared.config.bind, shared.config.port);
            let (response, delay) = respond(&request, peer.ip(), local);
            (response, shared.config.latency.sample() + delay)
        }
        Ok(None) => return,
        Err(status) => (refusal(status), Duration::ZERO),
    };
    if shared.pause(wait) && stream.write_all(&response).is_ok() {
        // Closing with request bytes unread would send a reset, which can destroy the
        // response before the client reads it: send FIN and let the client close first.
        let _ = stream.shutdown(Shutdown::Write);
        let deadline = Instant::now() + Duration::from_secs(1);
        while read_by(&mut stream, deadline, &mut [0; 4096]).is_ok_and(|n| n > 0) {}
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
        let queued: Vec<TcpStream> = (0..300)
            .map(|n| {
                TcpStream::connect_timeout(&addr, Duration::from_millis(500))
                    .unwrap_or_else(|e| panic!("connection {n} not queued: {e}"))
            })
            .collect();
        assert_eq!(queued.len(), 300);
    }
}
