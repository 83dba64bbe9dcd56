//! What `--timeline` prints after the lecture's lines: the run drawn in time, from the
//! queue's [recording](crate::recording), then what each thread did, in words.
//!
//! The drawing has a row for the producer (each `put`, and any wait for room), one per
//! consumer (each task from its `get` to its `task_done`, and the sentinel), and one for
//! how many items the queue held. The words below it say the same facts exactly: which
//! tasks each consumer took, in which order the sentinel went round, how often the
//! producer waited, and the most the queue held. `cargo xtask verify` reads those lines.

use std::collections::HashMap;
use std::fmt::Write as _;
use std::thread::ThreadId;
use std::time::Duration;

use timeline::{Chart, Row};

use crate::TaskQueue;
use crate::recording::{Action, Event, Item};

/// The drawing fits a terminal of 100 columns.
const WIDTH: usize = 100;
/// Room for the longest label, `consumer 99`, and the space after it.
const LABEL: usize = 12;

/// How to read the drawing's marks.
const LEGEND: &str = "\
producer    0-9: put task N, last digit (line 12)  S: put the sentinel (15)  ~: put waits: full
consumer N  0-9 then =: took task N (line 19), worked on it until its task_done (27)
            S: took the sentinel and put it back (20-21)
queue       items in the queue after each put, get and task_done: . none, 1-9, # 10: full (line 6)
";

/// The run that `queue` recorded, drawn in time and then told in words. `results` are the
/// consumers' lines (`Worker N processed task T`): they say which consumer each thread is.
pub fn timeline<T>(queue: &TaskQueue<T>, results: &[String]) -> String {
    let events = queue.recorded();
    if events.is_empty() {
        return "nothing was recorded\n".to_owned();
    }
    let run = Run::read(&events, results);
    let mut out = run.chart().text(WIDTH);
    out.push_str(LEGEND);
    out.push_str("\nWhat each thread did:\n");
    out.push_str(&run.in_words(queue.capacity()));
    out
}

/// The recorded events, and which thread played which part.
struct Run<'a> {
    events: &'a [Event],
    /// Threads that put a task, in the order of their first put.
    producers: Vec<ThreadId>,
    /// Threads that took an item, with the `worker_id` each ran as (if known), by id.
    consumers: Vec<(ThreadId, Option<usize>)>,
}

impl<'a> Run<'a> {
    fn read(events: &'a [Event], results: &[String]) -> Run<'a> {
        let mut producers = Vec::new();
        let mut takers = Vec::new();
        for event in events {
            let list = match event.action {
                Action::Put {
                    item: Item::Task(_),
                    ..
                } => &mut producers,
                Action::Get { .. } => &mut takers,
                _ => continue,
            };
            if !list.contains(&event.thread) {
                list.push(event.thread);
            }
        }
        let worker_of_task: HashMap<u32, usize> =
            results.iter().filter_map(|r| worker(r)).collect();
        let mut consumers: Vec<(ThreadId, Option<usize>)> = takers
            .iter()
            .map(|&thread| {
                let took = tasks_taken(events, thread);
                let worker = took
                    .iter()
                    .find_map(|task| worker_of_task.get(task).copied());
                (thread, worker)
            })
            .collect();
        // A consumer that took no task has no result line; if it is the only one, its id
        // is the one no other consumer has.
        let unknown: Vec<usize> = (0..consumers.len())
            .filter(|&i| consumers[i].1.is_none())
            .collect();
        let missing: Vec<usize> = (0..consumers.len())
            .filter(|id| !consumers.iter().any(|c| c.1 == Some(*id)))
            .collect();
        if let ([i], [id]) = (unknown.as_slice(), missing.as_slice()) {
            consumers[*i].1 = Some(*id);
        }
        consumers.sort_by_key(|&(_, worker)| worker.unwrap_or(usize::MAX));
        Run {
            events,
            producers,
            consumers,
        }
    }

    fn by(&self, thread: ThreadId) -> impl Iterator<Item = &Event> {
        self.events.iter().filter(move |e| e.thread == thread)
    }

    fn chart(&self) -> Chart {
        let mut chart = Chart::new("the program started its threads");
        for &producer in &self.producers {
            let puts: Vec<(&Event, Item, bool)> = (self.by(producer))
                .filter_map(|e| match e.action {
                    Action::Put { item, waited } => Some((e, item, waited)),
                    _ => None,
                })
                .collect();
            // The waits first, so that no wait covers the put just before it.
            let mut row = Row::new("producer");
            for &(event, _, waited) in &puts {
                if waited {
                    row = row.span(event.began, event.returned, '~');
                }
            }
            for &(event, item, _) in &puts {
                row = row.point(event.returned, glyph(item));
            }
            chart.row(row);
        }
        for &(consumer, worker) in &self.consumers {
            let mut row = Row::new(consumer_label(worker));
            let mine: Vec<&Event> = self.by(consumer).collect();
            for (i, event) in mine.iter().enumerate() {
                match event.action {
                    Action::Get {
                        item: Item::Task(task),
                    } => {
                        let done = mine[i + 1..]
                            .iter()
                            .find(|e| e.action == Action::TaskDone)
                            .map_or(event.returned, |e| e.returned);
                        row = row.headed_span(event.returned, done, glyph(Item::Task(task)), '=');
                    }
                    Action::Get {
                        item: Item::Sentinel,
                    } => row = row.point(event.returned, 'S'),
                    _ => {}
                }
            }
            chart.row(row);
        }
        let mut queue = Row::new("queue").level(Duration::ZERO, 0);
        for event in self.events {
            queue = queue.level(event.returned, event.depth);
        }
        chart.row(queue);
        chart
    }

    fn in_words(&self, capacity: Option<usize>) -> String {
        let mut out = String::new();
        for &producer in &self.producers {
            out += &line("producer", &self.producer_in_words(producer));
        }
        let sentinel_takers: Vec<ThreadId> = self
            .events
            .iter()
            .filter(|e| {
                e.action
                    == Action::Get {
                        item: Item::Sentinel,
                    }
            })
            .map(|e| e.thread)
            .collect();
        for &(consumer, worker) in &self.consumers {
            let words = self.consumer_in_words(consumer, &sentinel_takers);
            out += &line(&consumer_label(worker), &words);
        }
        let most = self.events.iter().map(|e| e.depth).max().unwrap_or(0);
        let maxsize = capacity.map_or("no maxsize".to_owned(), |c| format!("maxsize {c}"));
        let left = self.events.last().map_or(0, |e| e.depth);
        let items = if most == 1 { "item" } else { "items" };
        let mut words = format!("held at most {most} {items} ({maxsize}); {left} left at the end");
        if left == 1 && self.left_in_queue() == (0, 1) {
            words += ": the sentinel, put back by the last consumer";
        }
        out += &line("queue", &words);
        out
    }

    fn producer_in_words(&self, producer: ThreadId) -> String {
        let mut tasks = Vec::new();
        let (mut sentinel, mut waits) = (false, 0);
        for event in self.by(producer) {
            if let Action::Put { item, waited } = event.action {
                match item {
                    Item::Task(task) => tasks.push(task),
                    Item::Sentinel => sentinel = true,
                }
                waits += usize::from(waited);
            }
        }
        let n = tasks.len();
        let mut words = if n > 1 && tasks.iter().copied().eq(0..n as u32) {
            format!("put tasks 0 to {}", n - 1)
        } else {
            list("put", &tasks)
        };
        if sentinel {
            words += ", then the sentinel";
        }
        words += &match waits {
            0 => "; never waited for room".to_owned(),
            1 => "; waited for room 1 time (the queue was full)".to_owned(),
            n => format!("; waited for room {n} times (the queue was full)"),
        };
        words
    }

    fn consumer_in_words(&self, consumer: ThreadId, sentinel_takers: &[ThreadId]) -> String {
        let mut words = list("took", &tasks_taken(self.events, consumer));
        let Some(rank) = sentinel_takers.iter().position(|&t| t == consumer) else {
            return words + ", and never took the sentinel";
        };
        let last = if rank + 1 == sentinel_takers.len() {
            ", the last"
        } else {
            ""
        };
        let took_at = self
            .by(consumer)
            .position(|e| {
                e.action
                    == Action::Get {
                        item: Item::Sentinel,
                    }
            })
            .unwrap_or(0);
        let put_back = self.by(consumer).skip(took_at).any(|e| {
            matches!(
                e.action,
                Action::Put {
                    item: Item::Sentinel,
                    ..
                }
            )
        });
        let _ = write!(
            words,
            ", then the sentinel ({} to take it{last}) and {}",
            ordinal(rank + 1),
            if put_back {
                "put it back"
            } else {
                "did not put it back"
            }
        );
        words
    }

    /// Tasks and sentinels put and not taken.
    fn left_in_queue(&self) -> (i64, i64) {
        let mut left = (0, 0);
        for event in self.events {
            let (item, change) = match event.action {
                Action::Put { item, .. } => (item, 1),
                Action::Get { item } => (item, -1),
                Action::TaskDone => continue,
            };
            match item {
                Item::Task(_) => left.0 += change,
                Item::Sentinel => left.1 += change,
            }
        }
        left
    }
}

/// The tasks `thread` took, in the order it took them.
fn tasks_taken(events: &[Event], thread: ThreadId) -> Vec<u32> {
    let taken = events.iter().filter(|e| e.thread == thread);
    taken
        .filter_map(|e| match e.action {
            Action::Get {
                item: Item::Task(task),
            } => Some(task),
            _ => None,
        })
        .collect()
}

/// `Worker 2 processed task 7` as task 7's worker, 2.
fn worker(result: &str) -> Option<(u32, usize)> {
    let (worker, task) = result
        .strip_prefix("Worker ")?
        .split_once(" processed task ")?;
    Some((task.parse().ok()?, worker.parse().ok()?))
}

fn consumer_label(worker: Option<usize>) -> String {
    worker.map_or("consumer ?".to_owned(), |id| format!("consumer {id}"))
}

/// The task's last digit, or `S` for the sentinel.
fn glyph(item: Item) -> char {
    match item {
        Item::Task(task) => char::from_digit(task % 10, 10).unwrap_or('?'),
        Item::Sentinel => 'S',
    }
}

/// `took no task`, `took task 3`, `took tasks 0 4 7`.
fn list(verb: &str, tasks: &[u32]) -> String {
    match tasks {
        [] => format!("{verb} no task"),
        [task] => format!("{verb} task {task}"),
        _ => {
            let numbers: Vec<String> = tasks.iter().map(u32::to_string).collect();
            format!("{verb} tasks {}", numbers.join(" "))
        }
    }
}

fn ordinal(n: usize) -> String {
    let suffix = match (n % 10, n % 100) {
        (_, 11..=13) => "th",
        (1, _) => "st",
        (2, _) => "nd",
        (3, _) => "rd",
        _ => "th",
    };
    format!("{n}{suffix}")
}

/// `label` and `words`, wrapped at [`WIDTH`] with the continuation lines indented.
fn line(label: &str, words: &str) -> String {
    let mut out = format!("{label:LABEL$}");
    let mut column = LABEL;
    for word in words.split(' ') {
        if column + word.len() + 1 > WIDTH && column > LABEL {
            out = out.trim_end().to_owned() + "\n" + &" ".repeat(LABEL);
            column = LABEL;
        }
        out += word;
        out += " ";
        column += word.len() + 1;
    }
    out.trim_end().to_owned() + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::TaskQueue;
    use std::thread;

    /// The lecture's protocol on a fresh queue, recorded: `items` tasks, `consumers`
    /// consumers that each take a task, keep it for `work`, and mark it done.
    fn recorded_run(items: u32, consumers: usize, work: Duration) -> String {
        let queue = TaskQueue::new(10);
        queue.record();
        let results = parking_lot::Mutex::new(Vec::new());
        thread::scope(|scope| {
            let queue = &queue;
            scope.spawn(move || {
                for task in 0..items {
                    queue.put(Some(task));
                }
                queue.put(None);
            });
            for worker_id in 0..consumers {
                let results = &results;
                scope.spawn(move || {
                    while let Some(task) = queue.get() {
                        thread::sleep(work);
                        results
                            .lock()
                            .push(format!("Worker {worker_id} processed task {task}"));
                        queue.task_done().unwrap();
                    }
                    queue.put(None);
                });
            }
        });
        timeline(&queue, &results.into_inner())
    }

    /// The lines under `What each thread did:`, each with its continuation lines joined.
    fn words(text: &str) -> Vec<String> {
        let start = text.find("What each thread did:\n").expect("the words");
        let mut lines: Vec<String> = Vec::new();
        for line in text[start..].lines().skip(1) {
            match (line.strip_prefix(&" ".repeat(LABEL)), lines.last_mut()) {
                (Some(more), Some(last)) => *last = format!("{last} {more}"),
                _ => lines.push(line.to_owned()),
            }
        }
        lines
    }

    #[test]
    fn the_lectures_run_is_drawn_and_told() {
        let text = recorded_run(5, 3, Duration::from_millis(5));
        for line in text.lines() {
            assert!(line.chars().count() <= WIDTH, "{line:?} in\n{text}");
        }
        assert!(text.starts_with("timeline: 0 to "), "{text}");
        let words = words(&text);
        assert_eq!(words.len(), 5, "{text}");
        assert!(words[0].starts_with("producer    put tasks 0 to 4, then the sentinel; "));
        for (id, line) in words[1..4].iter().enumerate() {
            assert!(line.starts_with(&format!("consumer {id}  took ")), "{text}");
            assert!(line.contains(" to take it") && line.ends_with("and put it back"));
        }
        assert!(words[4].starts_with("queue       held at most "), "{text}");
        assert!(
            words[4].ends_with("1 left at the end: the sentinel, put back by the last consumer")
        );
        let mut taken: Vec<u32> = words[1..4]
            .iter()
            .flat_map(|line| {
                let tasks = line
                    .split_once("took ")
                    .unwrap()
                    .1
                    .split(", ")
                    .next()
                    .unwrap();
                tasks
                    .split(' ')
                    .filter_map(|t| t.parse().ok())
                    .collect::<Vec<u32>>()
            })
            .collect();
        taken.sort_unstable();
        assert_eq!(taken, [0, 1, 2, 3, 4], "{text}");
    }

    #[test]
    fn a_slow_consumer_makes_the_producer_wait_and_the_queue_fill() {
        let text = recorded_run(30, 1, Duration::from_millis(2));
        let words = words(&text);
        assert!(words[0].contains("; waited for room "), "{text}");
        assert!(
            words
                .last()
                .unwrap()
                .contains("held at most 10 items (maxsize 10)"),
            "{text}"
        );
        let producer = text.lines().find(|l| l.starts_with("producer  ")).unwrap();
        assert!(producer.contains('~'), "{text}");
        let queue = text.lines().find(|l| l.starts_with("queue  ")).unwrap();
        assert!(queue.contains('#'), "{text}");
    }

    #[test]
    fn long_lists_wrap_within_the_width() {
        let tasks: Vec<u32> = (0..60).map(|t| t * 1000).collect();
        let text = line("consumer 0", &list("took", &tasks));
        let lines: Vec<&str> = text.lines().collect();
        assert!(lines.len() > 1);
        assert!(lines.iter().all(|l| l.chars().count() <= WIDTH), "{text}");
        assert!(lines[1].starts_with(&" ".repeat(LABEL)));
        assert!(
            lines[1].chars().nth(LABEL).unwrap().is_ascii_digit(),
            "{text}"
        );
    }

    #[test]
    fn small_words_read_right() {
        assert_eq!(list("took", &[]), "took no task");
        assert_eq!(list("took", &[3]), "took task 3");
        assert_eq!(list("took", &[3, 14]), "took tasks 3 14");
        let ordinals: Vec<String> = [1, 2, 3, 4, 11, 12, 13, 21, 22].map(ordinal).into();
        assert_eq!(
            ordinals,
            [
                "1st", "2nd", "3rd", "4th", "11th", "12th", "13th", "21st", "22nd"
            ]
        );
        assert_eq!(worker("Worker 2 processed task 17"), Some((17, 2)));
        assert_eq!(worker("something else"), None);
        assert_eq!(glyph(Item::Task(27)), '7');
    }

    #[test]
    fn without_a_recording_it_says_so() {
        let queue: TaskQueue<Option<u32>> = TaskQueue::new(10);
        queue.put(Some(1));
        assert_eq!(timeline(&queue, &[]), "nothing was recorded\n");
    }
}
