//! Simulated network latency: how long the stand-in waits before it answers.

use std::fmt;
use std::str::FromStr;
use std::time::Duration;

/// A delay drawn uniformly between two bounds before each response, so that five requests
/// finish in another order than they were sent. Written in milliseconds: `20-120`, `50`, `off`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Latency(Duration, Duration); // min <= max

impl Latency {
    /// No added delay.
    pub const OFF: Latency = Latency(Duration::ZERO, Duration::ZERO);

    /// A delay drawn uniformly between `a` and `b`, whichever order they come in.
    pub fn between(a: Duration, b: Duration) -> Latency {
        Latency(a.min(b), a.max(b))
    }

    /// Whether this setting never delays.
    pub fn is_off(&self) -> bool {
        self.1.is_zero()
    }

    pub(crate) fn sample(&self) -> Duration {
        let micros = |d: Duration| u64::try_from(d.as_micros()).unwrap_or(u64::MAX);
        Duration::from_micros(fastrand::u64(micros(self.0)..=micros(self.1)))
    }
}

impl Default for Latency {
    /// 20–120 ms, roughly what a request across the internet takes.
    fn default() -> Latency {
        Latency::between(Duration::from_millis(20), Duration::from_millis(120))
    }
}

impl fmt::Display for Latency {
    /// The spec that [`FromStr`] reads back: `off`, `50` or `20-120`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.0.as_millis(), self.1.as_millis()) {
            _ if self.is_off() => f.write_str("off"),
            (min, max) if min == max => write!(f, "{min}"),
            (min, max) => write!(f, "{min}-{max}"),
        }
    }
}

const EXPECTED: &str = "expected MIN-MAX in milliseconds up to 10000 such as 20-120, a single \
    number, or off";

impl FromStr for Latency {
    type Err = String;

    fn from_str(spec: &str) -> Result<Latency, String> {
        let invalid = || format!("invalid latency {spec:?}: {EXPECTED}");
        // u64's parser takes a leading '+'; a spec is plain digits only.
        let millis = |part: &str| match part.parse() {
            Ok(ms @ 0..=10_000) if part.bytes().all(|b| b.is_ascii_digit()) => Ok(ms),
            _ => Err(invalid()),
        };
        let spec = spec.trim();
        if spec.eq_ignore_ascii_case("off") {
            return Ok(Latency::OFF);
        }
        let (low, high) = spec.split_once('-').unwrap_or((spec, spec));
        let ms = Duration::from_millis;
        match (millis(low)?, millis(high)?) {
            (min, max) if min <= max => Ok(Latency(ms(min), ms(max))),
            _ => Err(invalid()),
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
        assert_eq!(
            "10000".parse(),
            Ok(Latency::between(ms(10_000), ms(10_000)))
        );
        for off in ["0", "off", "OFF", "0-0"] {
            assert_eq!(off.parse(), Ok(Latency::OFF), "{off}");
        }
    }

    #[test]
    fn rejects_malformed_specs_in_one_line() {
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
            let message = bad.parse::<Latency>().expect_err(bad);
            assert!(message.starts_with("invalid latency"), "{message}");
            assert!(!message.contains('\n'), "{message}");
        }
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
        let latency = Latency::between(ms(120), ms(20));
        let samples: Vec<Duration> = (0..200).map(|_| latency.sample()).collect();
        assert!(samples.iter().all(|d| (ms(20)..=ms(120)).contains(d)));
        assert!(samples.iter().any(|d| *d != samples[0]), "not random");
        assert_eq!(Latency::OFF.sample(), Duration::ZERO);
        assert!(Latency::OFF.is_off() && !latency.is_off());
    }
}
