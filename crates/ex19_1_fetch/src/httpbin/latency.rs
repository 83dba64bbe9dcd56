//! Simulated network latency: how long the stand-in waits before it answers.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// A random delay, uniform between `min` and `max`, added before every routed response.
///
/// On loopback every request finishes in well under a millisecond, so without it the
/// example would print `0.00s` five times, in whatever order the threads happened to be
/// scheduled. The default, 20–120 ms, is what a request to a real server across the
/// internet roughly takes: the times look like a network's, and because each request draws
/// its own delay the completion order differs from the submission order, which is the point
/// of `as_completed`.
///
/// Written and parsed as milliseconds: `20-120`, a single number such as `50` (always that
/// long), or `off` (the same as `0`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Latency {
    // Invariant: min <= max, so sampling never sees an empty range.
    min: Duration,
    max: Duration,
}

impl Latency {
    /// No added delay.
    pub const OFF: Latency = Latency {
        min: Duration::ZERO,
        max: Duration::ZERO,
    };

    /// The largest delay a spec may ask for, the same cap httpbin puts on `/delay/{n}`.
    pub const MAX: Duration = Duration::from_secs(10);

    /// A delay drawn uniformly between `a` and `b`, whichever order they are given in.
    pub fn between(a: Duration, b: Duration) -> Latency {
        Latency {
            min: a.min(b),
            max: a.max(b),
        }
    }

    /// The shortest delay this setting can draw.
    pub fn min(&self) -> Duration {
        self.min
    }

    /// The longest delay this setting can draw.
    pub fn max(&self) -> Duration {
        self.max
    }

    /// Whether this setting never delays.
    pub fn is_off(&self) -> bool {
        self.max.is_zero()
    }

    /// Draws one delay.
    pub fn sample(&self) -> Duration {
        let micros = |d: Duration| u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
        Duration::from_micros(fastrand::u64(micros(self.min)..=micros(self.max)))
    }
}

impl Default for Latency {
    /// 20–120 ms: see the type's documentation for why.
    fn default() -> Latency {
        Latency::between(Duration::from_millis(20), Duration::from_millis(120))
    }
}

impl fmt::Display for Latency {
    /// Writes the spec that [`FromStr`] reads back: `off`, `50` or `20-120`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (min, max) = (self.min.as_millis(), self.max.as_millis());
        if self.is_off() {
            f.write_str("off")
        } else if min == max {
            write!(f, "{min}")
        } else {
            write!(f, "{min}-{max}")
        }
    }
}

/// Why a latency spec such as `20-120` could not be read.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseLatencyError {
    spec: String,
    reason: &'static str,
}

impl fmt::Display for ParseLatencyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid latency {:?}: {} (expected MIN-MAX in milliseconds such as 20-120, \
             a single number, or off)",
            self.spec, self.reason
        )
    }
}

impl std::error::Error for ParseLatencyError {}

impl FromStr for Latency {
    type Err = ParseLatencyError;

    fn from_str(spec: &str) -> Result<Latency, ParseLatencyError> {
        let error = |reason| ParseLatencyError {
            spec: spec.to_owned(),
            reason,
        };
        let millis = |part: &str| {
            // u64's parser takes a leading '+'; a spec is plain digits only.
            if part.is_empty() || !part.bytes().all(|b| b.is_ascii_digit()) {
                return Err(error("not a whole number of milliseconds"));
            }
            let ms: u64 = part.parse().map_err(|_| error("number too large"))?;
            let delay = Duration::from_millis(ms);
            if delay > Latency::MAX {
                return Err(error("more than 10000 ms"));
            }
            Ok(delay)
        };
        let spec_trimmed = spec.trim();
        if spec_trimmed.eq_ignore_ascii_case("off") {
            return Ok(Latency::OFF);
        }
        match spec_trimmed.split_once('-') {
            None => {
                let fixed = millis(spec_trimmed)?;
                Ok(Latency::between(fixed, fixed))
            }
            Some((low, high)) => {
                let (min, max) = (millis(low)?, millis(high)?);
                if min > max {
                    return Err(error("MIN is larger than MAX"));
                }
                Ok(Latency::between(min, max))
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    #[test]
    fn parses_a_range_a_single_number_and_off() {
        assert_eq!("20-120".parse(), Ok(Latency::between(ms(20), ms(120))));
        assert_eq!("50".parse(), Ok(Latency::between(ms(50), ms(50))));
        assert_eq!("0".parse(), Ok(Latency::OFF));
        assert_eq!("off".parse(), Ok(Latency::OFF));
        assert_eq!("OFF".parse(), Ok(Latency::OFF));
        assert_eq!("0-0".parse(), Ok(Latency::OFF));
        assert_eq!(
            "10000".parse(),
            Ok(Latency::between(ms(10_000), ms(10_000)))
        );
    }

    #[test]
    fn rejects_malformed_specs_with_a_reason() {
        for bad in [
            "",
            "abc",
            "20-",
            "-20",
            "1-2-3",
            "+5",
            "20 - 120",
            "1.5",
            "120-20",
            "10001",
            "99999999999999999999",
        ] {
            let err = bad.parse::<Latency>().expect_err(bad);
            let message = err.to_string();
            assert!(message.starts_with("invalid latency"), "{message}");
            assert!(!message.contains('\n'), "one line: {message}");
        }
        let err = "120-20".parse::<Latency>().unwrap_err();
        assert!(err.to_string().contains("MIN is larger than MAX"));
    }

    #[test]
    fn display_reads_back() {
        for latency in [
            Latency::OFF,
            Latency::default(),
            Latency::between(ms(7), ms(7)),
        ] {
            assert_eq!(latency.to_string().parse(), Ok(latency));
        }
        assert_eq!(Latency::default().to_string(), "20-120");
    }

    #[test]
    fn samples_stay_in_range_and_vary() {
        let latency = Latency::default();
        let samples: Vec<Duration> = (0..200).map(|_| latency.sample()).collect();
        assert!(samples.iter().all(|d| (ms(20)..=ms(120)).contains(d)));
        assert!(samples.iter().any(|d| *d != samples[0]), "not random");
        assert_eq!(Latency::OFF.sample(), Duration::ZERO);
        assert!(Latency::OFF.is_off() && !latency.is_off());
    }

    #[test]
    fn between_orders_its_bounds() {
        let latency = Latency::between(ms(90), ms(10));
        assert_eq!((latency.min(), latency.max()), (ms(10), ms(90)));
    }
}
