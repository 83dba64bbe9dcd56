//! A count's log read back as increments, and which of them the final count is made of.
//!
//! Every increment reads the count and writes what it read plus one. Follow the final
//! count back: the last write read the value that some earlier write left, that write read
//! the value of a still earlier one, and so on down to the starting 0. Each write on this
//! chain added exactly one to the one before it, so the chain holds exactly as many writes
//! as the final count: those increments *counted*. Every other increment wrote a value that
//! a later write, made by a thread that had not read it, replaced: it was *lost*. So
//! `lost = increments - final count`, in every run, whatever the interleaving.

use std::collections::BTreeMap;

use super::{Access, Step};

/// One increment: a thread's read of the count, then its write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Increment {
    /// The thread that made it.
    pub thread: usize,
    /// The value it read.
    pub read: usize,
    /// The value it wrote.
    pub wrote: usize,
    /// Where its read is in the log.
    pub read_at: usize,
    /// Where its write is in the log.
    pub wrote_at: usize,
}

/// The increments of one count's log, in the order of their reads, and what became of each.
#[derive(Debug)]
pub struct Increments {
    /// Every increment.
    pub all: Vec<Increment>,
    /// The count after the log's last write (0 if nothing was written).
    pub count: usize,
    /// For each increment, whether the final count is built on its write.
    counted: Vec<bool>,
}

impl Increments {
    /// Reads `log` back as increments: each thread's read followed by its next write. A read
    /// that no write of the same thread follows (`main` looking at the result) is not one.
    pub fn from_log(log: &[Access]) -> Self {
        let mut all = Vec::new();
        let mut pending: BTreeMap<usize, (usize, usize)> = BTreeMap::new(); // thread: (at, value)
        for (at, access) in log.iter().enumerate() {
            match access.step {
                Step::Read(value) => {
                    pending.insert(access.thread, (at, value));
                }
                Step::Write(wrote) => {
                    if let Some((read_at, read)) = pending.remove(&access.thread) {
                        let thread = access.thread;
                        all.push(Increment {
                            thread,
                            read,
                            wrote,
                            read_at,
                            wrote_at: at,
                        });
                    }
                }
            }
        }
        all.sort_by_key(|increment| increment.read_at);

        // Which increment made the write at each place in the log, and which write each
        // increment's read found: the last one before it.
        let mut writer = vec![None; log.len()];
        for (i, increment) in all.iter().enumerate() {
            writer[increment.wrote_at] = Some(i);
        }
        let mut read_from = vec![None; all.len()];
        let (mut last_write, mut count) = (None, 0);
        let mut next = all.iter().enumerate().peekable();
        for (at, access) in log.iter().enumerate() {
            while let Some((i, _)) = next.next_if(|(_, inc)| inc.read_at == at) {
                read_from[i] = last_write;
            }
            if let Step::Write(value) = access.step {
                (last_write, count) = (Some(at), value);
            }
        }

        // A read that did not see the value of the write before it (a log out of order)
        // ends the chain there: the figures then do not add up, which shows.
        let wrote = |at: usize| match log[at].step {
            Step::Write(value) => value,
            Step::Read(_) => unreachable!("only writes are read from"),
        };
        let mut counted = vec![false; all.len()];
        let mut chain = last_write.and_then(|at| writer[at]);
        while let Some(i) = chain.filter(|&i| !counted[i]) {
            counted[i] = true;
            let from = read_from[i].filter(|&at| wrote(at) == all[i].read);
            chain = from.and_then(|at| writer[at]);
        }
        Increments {
            all,
            count,
            counted,
        }
    }

    /// Whether the final count is built on the `i`th increment's write.
    pub fn counted(&self, i: usize) -> bool {
        self.counted[i]
    }

    /// How many increments the final count is not built on.
    pub fn lost(&self) -> usize {
        self.counted.iter().filter(|&&counted| !counted).count()
    }

    /// The increments grouped by the value they read and the value they wrote, in order of
    /// the value read: each group as the indices of its increments.
    pub fn groups(&self) -> Vec<((usize, usize), Vec<usize>)> {
        let mut groups: BTreeMap<(usize, usize), Vec<usize>> = BTreeMap::new();
        for (i, increment) in self.all.iter().enumerate() {
            groups
                .entry((increment.read, increment.wrote))
                .or_default()
                .push(i);
        }
        groups.into_iter().collect()
    }

    /// A lost update as the lecture tells it: increments `(a, b)` that read the same value,
    /// `a` first, where `b` also wrote first and `a` then wrote the same value over it. Of
    /// all such pairs, the one with the fewest other steps between `a`'s read and its
    /// write, and of those the earliest.
    pub fn narrated(&self) -> Option<(usize, usize)> {
        let mut best: Option<(usize, usize)> = None;
        for (a, first) in self.all.iter().enumerate() {
            for (b, second) in self.all.iter().enumerate().skip(a + 1) {
                let same = (first.read, first.wrote) == (second.read, second.wrote);
                let told = second.wrote_at < first.wrote_at;
                let span = |(a, _): (usize, usize)| self.all[a].wrote_at - self.all[a].read_at;
                if same && told && best.is_none_or(|best| span((a, b)) < span(best)) {
                    best = Some((a, b));
                }
            }
        }
        best
    }

    /// The most threads that were between their read and their write at the same time.
    pub fn most_at_once(&self) -> usize {
        let mut changes: Vec<(usize, isize)> = Vec::new();
        for increment in &self.all {
            changes.extend([(increment.read_at, 1), (increment.wrote_at, -1)]);
        }
        changes.sort_unstable();
        let mut now = 0;
        let mut most = 0;
        for (_, change) in changes {
            now += change;
            most = most.max(now);
        }
        most.unsigned_abs()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A log from steps written as `(thread, 'r' or 'w', value)`.
    pub(crate) fn log(steps: &[(usize, char, usize)]) -> Vec<Access> {
        let access = |&(thread, kind, value): &(usize, char, usize)| {
            let step = if kind == 'r' {
                Step::Read(value)
            } else {
                Step::Write(value)
            };
            Access { thread, step }
        };
        steps.iter().map(access).collect()
    }

    #[test]
    fn the_lectures_story_loses_one_of_two_increments() {
        // A reads 5, B reads 5, B writes 6, A writes 6; five earlier increments made the 5.
        let mut steps: Vec<(usize, char, usize)> = Vec::new();
        for n in 0..5 {
            steps.extend([(10 + n, 'r', n), (10 + n, 'w', n + 1)]);
        }
        steps.extend([
            (1, 'r', 5),
            (2, 'r', 5),
            (2, 'w', 6),
            (1, 'w', 6),
            (99, 'r', 6),
        ]);
        let increments = Increments::from_log(&log(&steps));
        assert_eq!(
            (increments.all.len(), increments.count, increments.lost()),
            (7, 6, 1)
        );
        assert!(!increments.counted(6), "B's write was overwritten");
        assert!(increments.counted(5), "A's write is the final count");
        assert_eq!(increments.narrated(), Some((5, 6)));
        assert_eq!(increments.most_at_once(), 2);
    }

    #[test]
    fn lost_is_increments_minus_the_count_however_the_writes_fall() {
        // The count goes up to 3, then a thread that read 0 writes 1 over it.
        let steps = [
            (1, 'r', 0),
            (2, 'r', 0),
            (2, 'w', 1),
            (3, 'r', 1),
            (3, 'w', 2),
            (4, 'r', 2),
            (4, 'w', 3),
            (1, 'w', 1),
        ];
        let increments = Increments::from_log(&log(&steps));
        assert_eq!((increments.count, increments.lost()), (1, 3));
        assert!(increments.counted(0), "thread 1's write is the final count");
        // Thread 1 read 0, thread 2 read 0, thread 2 wrote 1, thread 1 wrote 1: the story.
        assert_eq!(increments.narrated(), Some((0, 1)));
        let groups: Vec<_> = increments
            .groups()
            .into_iter()
            .map(|(key, i)| (key, i.len()))
            .collect();
        assert_eq!(groups, [((0, 1), 2), ((1, 2), 1), ((2, 3), 1)]);
    }

    #[test]
    fn a_write_that_was_read_can_still_be_lost() {
        // 2 builds on 1's write, but 3 (which read 0) overwrites both: only 3 counts. 1 and 3
        // read the same value, but the first to read also wrote first: not the story.
        let steps = [
            (1, 'r', 0),
            (3, 'r', 0),
            (1, 'w', 1),
            (2, 'r', 1),
            (2, 'w', 2),
            (3, 'w', 1),
        ];
        let increments = Increments::from_log(&log(&steps));
        assert_eq!((increments.count, increments.lost()), (1, 2));
        assert_eq!(increments.narrated(), None);
    }

    #[test]
    fn locked_increments_each_read_the_one_before() {
        let steps: Vec<_> = (0..4)
            .flat_map(|n| [(n + 1, 'r', n), (n + 1, 'w', n + 1)])
            .collect();
        let increments = Increments::from_log(&log(&steps));
        assert_eq!(
            (
                increments.count,
                increments.lost(),
                increments.most_at_once()
            ),
            (4, 0, 1)
        );
        assert!(
            increments
                .groups()
                .iter()
                .all(|(_, group)| group.len() == 1)
        );
    }

    #[test]
    fn a_read_that_did_not_see_the_write_before_it_breaks_the_chain() {
        // Thread 2 is logged as reading 0 after thread 1 wrote 1: the log is out of order.
        let steps = [(1, 'r', 0), (1, 'w', 1), (2, 'r', 0), (2, 'w', 1)];
        let increments = Increments::from_log(&log(&steps));
        assert_eq!((increments.count, increments.lost()), (1, 1));
        let steps = [(1, 'r', 0), (1, 'w', 1), (2, 'r', 5), (2, 'w', 6)];
        let increments = Increments::from_log(&log(&steps));
        assert_eq!(
            (increments.count, increments.lost()),
            (6, 1),
            "6 - 1 would be 5 lost"
        );
    }

    #[test]
    fn an_empty_log_has_no_increments() {
        let increments = Increments::from_log(&[]);
        assert_eq!(
            (increments.all.len(), increments.count, increments.lost()),
            (0, 0, 0)
        );
    }
}
