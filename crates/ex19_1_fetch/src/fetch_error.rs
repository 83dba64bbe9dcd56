//! Why a fetch failed, in words a student can act on.

use std::fmt;
use std::io::ErrorKind;
use std::sync::Arc;

/// A failed fetch: what Python's `urlopen` would raise as `URLError`, `HTTPError` or
/// `TimeoutError`.
///
/// A finished task's result may be read more than once, as a Python future's may, so the
/// pool hands out clones of it; the `Arc` makes the underlying `ureq::Error`, which is not
/// `Clone`, cheap to share.
#[derive(Debug, Clone)]
pub struct FetchError(Arc<ureq::Error>);

impl From<ureq::Error> for FetchError {
    fn from(error: ureq::Error) -> FetchError {
        FetchError(Arc::new(error))
    }
}

impl FetchError {
    /// The ureq error underneath.
    pub fn cause(&self) -> &ureq::Error {
        &self.0
    }
}

impl fmt::Display for FetchError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.cause() {
            ureq::Error::StatusCode(code) => write!(f, "HTTP error {code}"),
            ureq::Error::Timeout(_) => f.write_str("timed out before the whole response arrived"),
            ureq::Error::HostNotFound => {
                f.write_str("host not found (no DNS answer: is the network up?)")
            }
            ureq::Error::Io(io) => match io.kind() {
                ErrorKind::ConnectionRefused => {
                    f.write_str("connection refused: nothing is listening there")
                }
                ErrorKind::UnexpectedEof
                | ErrorKind::ConnectionReset
                | ErrorKind::ConnectionAborted => {
                    write!(
                        f,
                        "the connection closed before the whole response arrived ({io})"
                    )
                }
                // std reports a failed getaddrinfo as an uncategorized I/O error.
                _ if io.to_string().contains("lookup address") => {
                    write!(
                        f,
                        "host not found: the DNS lookup failed ({io}); is the network up?"
                    )
                }
                _ => write!(f, "network error: {io}"),
            },
            ureq::Error::Protocol(error) => write!(f, "not a valid HTTP response: {error}"),
            other => write!(f, "{other}"),
        }
    }
}

impl std::error::Error for FetchError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        Some(self.cause())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io;

    fn says(error: ureq::Error) -> String {
        FetchError::from(error).to_string()
    }

    #[test]
    fn each_cause_reads_as_what_happened() {
        assert_eq!(says(ureq::Error::StatusCode(503)), "HTTP error 503");
        assert!(says(ureq::Error::Timeout(ureq::Timeout::Global)).starts_with("timed out"));
        assert!(says(ureq::Error::HostNotFound).starts_with("host not found"));
        let no_dns =
            io::Error::other("failed to lookup address information: Name or service not known");
        assert!(says(ureq::Error::Io(no_dns)).starts_with("host not found: the DNS lookup failed"));
        let refused = io::Error::from(ErrorKind::ConnectionRefused);
        assert!(says(ureq::Error::Io(refused)).starts_with("connection refused"));
        let cut = io::Error::from(ErrorKind::UnexpectedEof);
        assert!(says(ureq::Error::Io(cut)).starts_with("the connection closed before"));
    }

    #[test]
    fn clones_share_one_error() {
        let error = FetchError::from(ureq::Error::StatusCode(500));
        let copy = error.clone();
        assert!(Arc::ptr_eq(&error.0, &copy.0));
    }
}
