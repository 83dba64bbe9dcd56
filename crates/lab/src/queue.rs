//! Claim 7 (Concept 3.1, code notes line 6): a queue with `maxsize` set blocks `put()`
//! while it is full, so a fast producer cannot outrun a slow consumer.
//!
//! A producer puts as fast as it can on `ex19_3_queue::TaskQueue::new(10)`; one consumer
//! takes an item every few milliseconds. Measured: the deepest the queue got, how long the
//! producer spent blocked in `put`, and whether every item arrived once, in order.

use std::thread;
use std::time::{Duration, Instant};

use ex19_3_queue::TaskQueue;
use serde_json::Value;

use super::python::{number, numbers};
use super::table::Row;
use super::{Context, Findings, millis, progress};

/// The lecture's `queue.Queue(maxsize=10)`.
const MAXSIZE: usize = 10;
/// Items the producer puts: enough for the queue to fill and stay full a while.
const ITEMS: u32 = 50;
/// The consumer's work per item: far slower than a `put`.
const WORK: Duration = Duration::from_millis(5);
/// A `put` that takes longer than this waited for room.
const BLOCKED: Duration = Duration::from_micros(500);

/// What the producer and the consumer saw.
#[derive(Debug, Clone, PartialEq)]
struct Backpressure {
    /// The largest `len()` seen, by the producer after each `put` and by the consumer
    /// before each `get`.
    max_depth: usize,
    /// How long each `put` took.
    puts: Vec<Duration>,
    /// The producer's whole run.
    producer_total: Duration,
    /// The items the consumer got, in the order it got them.
    delivered: Vec<u32>,
}

impl Backpressure {
    fn blocked_puts(&self) -> usize {
        self.puts.iter().filter(|&&p| p > BLOCKED).count()
    }

    fn blocked_time(&self) -> Duration {
        self.puts.iter().filter(|&&p| p > BLOCKED).sum()
    }

    fn delivered_in_order(&self) -> bool {
        self.delivered.iter().copied().eq(0..ITEMS)
    }
}

fn backpressure() -> Backpressure {
    let queue = TaskQueue::new(MAXSIZE);
    let (producer, consumer) = thread::scope(|scope| {
        let producer = scope.spawn(|| {
            let start = Instant::now();
            let mut puts = Vec::new();
            let mut depth = 0;
            for item in 0..ITEMS {
                let put_start = Instant::now();
                queue.put(Some(item));
                puts.push(put_start.elapsed());
                depth = depth.max(queue.len());
            }
            queue.put(None);
            (puts, start.elapsed(), depth)
        });
        let consumer = scope.spawn(|| {
            let mut delivered = Vec::new();
            let mut depth = 0;
            loop {
                depth = depth.max(queue.len());
                let Some(item) = queue.get() else { break };
                thread::sleep(WORK);
                delivered.push(item);
                let _ = queue.task_done();
            }
            (delivered, depth)
        });
        (producer.join(), consumer.join())
    });
    let (puts, producer_total, producer_depth) = producer.unwrap_or_default();
    let (delivered, consumer_depth) = consumer.unwrap_or_default();
    Backpressure {
        max_depth: producer_depth.max(consumer_depth),
        puts,
        producer_total,
        delivered,
    }
}

/// Claim 7 in Rust and in Python.
pub fn measure(context: &Context) -> Findings {
    let started = progress("claim 7: backpressure on a queue of 10");
    // Runs on its own thread so that a queue that loses the sentinel fails by timeout.
    let (done, outcome) = crossbeam_channel::bounded(1);
    thread::spawn(move || {
        let _ = done.send(backpressure());
    });
    let rust = outcome
        .recv_timeout(Duration::from_secs(60))
        .map_err(|_| "the producer and consumer did not finish within 60 s".to_owned());
    let python = context.python.run(
        "backpressure.py",
        &[
            "--items".into(),
            ITEMS.to_string(),
            "--maxsize".into(),
            MAXSIZE.to_string(),
            "--work".into(),
            WORK.as_secs_f64().to_string(),
        ],
        false,
        Duration::from_secs(60),
    );
    eprintln!("  {:.1} s", started.elapsed().as_secs_f64());
    Findings {
        rows: vec![row(&rust, &python)],
        ..Findings::default()
    }
}

fn describe(b: &Backpressure) -> String {
    format!(
        "deepest {} of {MAXSIZE}; producer blocked {} of its {} in {} of {ITEMS} puts; {} of {ITEMS} items delivered{}",
        b.max_depth,
        millis(b.blocked_time().as_secs_f64()),
        millis(b.producer_total.as_secs_f64()),
        b.blocked_puts(),
        b.delivered.len(),
        if b.delivered_in_order() {
            " in order"
        } else {
            ", NOT in order"
        }
    )
}

fn python_backpressure(value: &Value) -> Result<Backpressure, String> {
    let durations = |pointer| -> Result<Vec<Duration>, String> {
        Ok(numbers(value, pointer)?
            .into_iter()
            .map(super::duration)
            .collect())
    };
    Ok(Backpressure {
        max_depth: number(value, "/max_depth")? as usize,
        puts: durations("/put_seconds")?,
        producer_total: super::duration(number(value, "/producer_total")?),
        delivered: numbers(value, "/delivered")?
            .into_iter()
            .map(|n| n as u32)
            .collect(),
    })
}

fn row(rust: &Result<Backpressure, String>, python: &Result<Value, String>) -> Row {
    let python_cell = python
        .as_ref()
        .map_err(Clone::clone)
        .and_then(python_backpressure)
        .map_or_else(|why| format!("not measured: {why}"), |b| describe(&b));
    let expected_wait = WORK * (ITEMS - MAXSIZE as u32 - 1);
    let verdict = match rust {
        Ok(b) if !b.delivered_in_order() => "the queue lost or reordered items".to_owned(),
        Ok(b) if b.max_depth <= MAXSIZE && b.blocked_puts() > 0 => format!(
            "holds: never more than {MAXSIZE} queued; the producer waited about as long as the consumer needed ({} expected)",
            millis(expected_wait.as_secs_f64())
        ),
        Ok(b) if b.max_depth > MAXSIZE => format!("does not hold: {} queued", b.max_depth),
        Ok(_) => "does not hold: the producer never blocked".to_owned(),
        Err(_) => "not measured".to_owned(),
    };
    Row {
        id: "7",
        claim: format!(
            "backpressure: put() blocks while {MAXSIZE} items are queued ({ITEMS} items, consumer {} ms each)",
            WORK.as_millis()
        ),
        source: "Concept 3.1; notes line 6",
        lecture: format!("the producer blocks at {MAXSIZE} queued"),
        rust: rust
            .as_ref()
            .map_or_else(|why| format!("error: {why}"), describe),
        python: python_cell,
        verdict,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sample(max_depth: usize, delivered: Vec<u32>) -> Backpressure {
        Backpressure {
            max_depth,
            puts: vec![
                Duration::from_micros(1),
                Duration::from_millis(5),
                Duration::from_millis(4),
            ],
            producer_total: Duration::from_millis(10),
            delivered,
        }
    }

    #[test]
    fn blocked_puts_are_the_slow_ones() {
        let b = sample(10, (0..ITEMS).collect());
        assert_eq!(b.blocked_puts(), 2);
        assert_eq!(b.blocked_time(), Duration::from_millis(9));
        assert!(b.delivered_in_order());
    }

    #[test]
    fn the_verdict_catches_an_overfull_queue_and_lost_items() {
        let missing = Err("python3 is not on PATH".to_owned());
        assert!(
            row(&Ok(sample(10, (0..ITEMS).collect())), &missing)
                .verdict
                .starts_with("holds")
        );
        assert!(
            row(&Ok(sample(11, (0..ITEMS).collect())), &missing)
                .verdict
                .starts_with("does not hold")
        );
        assert!(
            row(&Ok(sample(10, (1..ITEMS).collect())), &missing)
                .verdict
                .contains("lost")
        );
    }
}
