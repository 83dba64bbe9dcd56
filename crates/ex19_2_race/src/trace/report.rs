//! What `--trace` prints after the lecture's two lines: the run told from its logs.

use std::collections::BTreeSet;
use std::fmt::Write;

use super::{Access, Increments};
use crate::sync::{AtomicUsize, Mutex};

/// The widest line the report writes, so that it fits a terminal of 100 columns.
const WIDTH: usize = 96;

/// Prints [`report`] on stdout, after the lecture's two lines.
pub fn print_report(unsafe_count: &AtomicUsize, safe_count: &Mutex<usize>) {
    print!("{}", report(unsafe_count, safe_count));
}

/// The run told from the logs of its two counts: the unsafe counter's lost updates, who
/// read the same value, one lost update step by step, then the safe counter's increments.
pub fn report(unsafe_count: &AtomicUsize, safe_count: &Mutex<usize>) -> String {
    match (unsafe_count.accesses(), safe_count.accesses()) {
        (Some(unsafe_log), Some(safe_log)) => tell(&unsafe_log, &safe_log),
        _ => "\n--trace: nothing was recorded: the counters were made before recording began\n"
            .to_owned(),
    }
}

/// The report from the two logs.
fn tell(unsafe_log: &[Access], safe_log: &[Access]) -> String {
    let mut out = String::new();
    wrap(
        &mut out,
        "\nWhat the threads did in this run (--trace). Each counter numbers its threads in the \
         order they first read its count.",
        "",
    );
    let unsafe_increments = Increments::from_log(unsafe_log);
    let how = "Each thread read the count, yielded, then wrote what it had read plus 1.";
    counter(&mut out, "Unsafe counter", how, &unsafe_increments);
    let safe_increments = Increments::from_log(safe_log);
    let how = "Each thread held the lock from its read to its write.";
    counter(&mut out, "Safe counter", how, &safe_increments);
    out
}

/// One counter: how many updates were lost, how the threads' reads fell, which writes
/// counted, and, if some were lost, one lost update in the lecture's order.
fn counter(out: &mut String, name: &str, how: &str, increments: &Increments) {
    let (lost, total, count) = (increments.lost(), increments.all.len(), increments.count);
    let _ = writeln!(
        out,
        "\n{name}: {lost} of {total} updates lost, so it shows {count}."
    );
    let at_once = match increments.most_at_once() {
        0 | 1 => "No two threads were ever between their read and their write at once.".to_owned(),
        most => format!("Up to {most} threads were between their read and their write at once."),
    };
    let groups = increments.groups();
    let reads: BTreeSet<usize> = increments
        .all
        .iter()
        .map(|increment| increment.read)
        .collect();
    let values = match (reads.first(), reads.last()) {
        (Some(lowest), Some(highest)) if reads.len() == total => {
            format!(" The {total} threads read {total} different values, {lowest} to {highest}.")
        }
        _ => " Threads that read the same value wrote the same result, and at most one write of \
              each value counted:"
            .to_owned(),
    };
    wrap(out, &format!("  {how} {at_once}{values}"), "  ");
    if reads.len() < total {
        let mut alone = Vec::new();
        for ((read, wrote), group) in groups {
            if let [i] = group[..]
                && increments.counted(i)
            {
                alone.push(read);
                continue;
            }
            let fate = group_fate(increments, &group);
            wrap(
                out,
                &format!("    read {read:>2}, wrote {wrote:>2}: {fate}"),
                "      ",
            );
        }
        let line = match alone[..] {
            [] => String::new(),
            [read] => format!("    and one thread alone read {read}, and counted"),
            _ => format!(
                "    and {} values were read by one thread alone, which counted: {}",
                alone.len(),
                ranges(&alone)
            ),
        };
        if !line.is_empty() {
            wrap(out, &line, "      ");
        }
    }
    if lost == 0 {
        wrap(
            out,
            "  None was lost: each thread read what the one before it wrote.",
            "  ",
        );
        return;
    }
    let counted = match count {
        1 => format!("  Counted: 1 write, of 1. Lost: the other {lost}"),
        _ => format!(
            "  Counted: {count} writes, one of each value from 1 to {count}, each by a thread that \
             had read the one before. Lost: the other {lost}"
        ),
    };
    let counted = format!(
        "{counted}, each overwritten by a thread that had not read it: {total} - {count} = {lost}."
    );
    wrap(out, &counted, "  ");

    out.push_str("\n  One lost update, step by step, in the order the lecture tells it:\n");
    let Some((a, b)) = increments.narrated() else {
        let none = "    none in this run: threads that read the same value wrote in the order they \
                    had read it (as when one busy core runs them all): A reads, B reads, A writes, \
                    then B writes over it.";
        wrap(out, none, "    ");
        return;
    };
    let (first, second) = (increments.all[a], increments.all[b]);
    let (ta, tb, read, wrote) = (first.thread, second.thread, first.read, first.wrote);
    let _ = writeln!(
        out,
        "    1. thread {ta} reads the count: {read}, then yields"
    );
    let _ = writeln!(out, "    2. thread {tb} reads the same count: {read}");
    let _ = writeln!(out, "    3. thread {tb} writes {wrote}");
    let _ = writeln!(
        out,
        "    4. thread {ta} writes {wrote} over it: two increments, and the count went up by one"
    );
    let between = first.wrote_at - first.read_at - 3;
    match between {
        0 => {}
        1 => out.push_str("  Between steps 1 and 4, another thread took 1 step, not shown.\n"),
        _ => {
            let _ = writeln!(
                out,
                "  Between steps 1 and 4, other threads took {between} steps, not shown."
            );
        }
    }
}

/// Who is in a group of increments that read the same value, and which of them counted.
fn group_fate(increments: &Increments, group: &[usize]) -> String {
    let threads: Vec<usize> = group.iter().map(|&i| increments.all[i].thread).collect();
    let who = match threads[..] {
        [one] => format!("thread {one}"),
        _ => format!("{} threads ({})", threads.len(), ranges(&threads)),
    };
    match group.iter().find(|&&i| increments.counted(i)) {
        Some(_) if threads.len() == 1 => format!("{who}: counted"),
        Some(&i) => {
            let (counted, lost) = (increments.all[i].thread, threads.len() - 1);
            format!("{who}: thread {counted} counted, {lost} lost")
        }
        None => format!("{who}: lost, overwritten by a thread that had read less"),
    }
}

/// `numbers`, which are in ascending order, with each run of consecutive ones as `a-b`.
fn ranges(numbers: &[usize]) -> String {
    let mut parts: Vec<String> = Vec::new();
    let mut i = 0;
    while i < numbers.len() {
        let start = numbers[i];
        while i + 1 < numbers.len() && numbers[i + 1] == numbers[i] + 1 {
            i += 1;
        }
        parts.push(if numbers[i] == start {
            start.to_string()
        } else {
            format!("{start}-{}", numbers[i])
        });
        i += 1;
    }
    parts.join(", ")
}

/// Appends `text` as lines no wider than [`WIDTH`], broken at spaces, each line after the
/// first starting with `indent`.
fn wrap(out: &mut String, text: &str, indent: &str) {
    let mut rest = text;
    while rest.len() > WIDTH {
        let Some(cut) = rest[..=WIDTH].rfind(' ').filter(|&cut| cut > indent.len()) else {
            break;
        };
        let _ = writeln!(out, "{}", &rest[..cut]);
        out.push_str(indent);
        rest = &rest[cut + 1..];
    }
    let _ = writeln!(out, "{rest}");
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::trace::Step;

    /// A log from steps written as `(thread, 'r' or 'w', value)`.
    fn log(steps: &[(usize, char, usize)]) -> Vec<Access> {
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
    fn a_lost_update_is_told_in_the_lectures_order() {
        let racy = log(&[
            (1, 'r', 0),
            (2, 'r', 0),
            (3, 'r', 0),
            (2, 'w', 1),
            (4, 'r', 1),
            (1, 'w', 1),
            (3, 'w', 1),
            (4, 'w', 2),
            (9, 'r', 2),
        ]);
        let locked = log(&[
            (1, 'r', 0),
            (1, 'w', 1),
            (2, 'r', 1),
            (2, 'w', 2),
            (9, 'r', 2),
        ]);
        let report = tell(&racy, &locked);
        let expected = [
            "Unsafe counter: 2 of 4 updates lost, so it shows 2.",
            "    read  0, wrote  1: 3 threads (1-3): thread 2 counted, 2 lost",
            "    and one thread alone read 1, and counted",
            "  before. Lost: the other 2, each overwritten by a thread that had not read it: 4 - 2 = 2.",
            "    1. thread 1 reads the count: 0, then yields",
            "    2. thread 2 reads the same count: 0",
            "    3. thread 2 writes 1",
            "    4. thread 1 writes 1 over it: two increments, and the count went up by one",
            "  Between steps 1 and 4, other threads took 2 steps, not shown.",
            "Safe counter: 0 of 2 updates lost, so it shows 2.",
            "  read and their write at once. The 2 threads read 2 different values, 0 to 1.",
            "  None was lost: each thread read what the one before it wrote.",
        ];
        for line in expected {
            assert!(
                report.lines().any(|l| l == line),
                "no line {line:?} in:\n{report}"
            );
        }
        assert!(report.lines().all(|line| line.len() <= WIDTH), "{report}");
    }

    #[test]
    fn a_run_without_the_lectures_order_says_so() {
        let racy = log(&[(1, 'r', 0), (2, 'r', 0), (1, 'w', 1), (2, 'w', 1)]);
        let report = tell(&racy, &[]);
        assert!(
            report.contains("Unsafe counter: 1 of 2 updates lost, so it shows 1."),
            "{report}"
        );
        assert!(
            report.contains("    none in this run: threads that read the same value"),
            "{report}"
        );
    }

    #[test]
    fn consecutive_threads_become_ranges() {
        assert_eq!(ranges(&[1, 2, 3, 5, 7, 8]), "1-3, 5, 7-8");
        assert_eq!(ranges(&[4]), "4");
        assert_eq!(ranges(&[]), "");
    }

    #[test]
    fn long_lines_break_after_a_comma() {
        let numbers: Vec<usize> = (1..=80).step_by(2).collect();
        let mut out = String::new();
        wrap(
            &mut out,
            &format!("    threads {}", ranges(&numbers)),
            "      ",
        );
        assert!(out.lines().count() > 1, "{out}");
        assert!(out.lines().all(|line| line.len() <= WIDTH), "{out}");
        assert!(
            out.lines().skip(1).all(|line| line.starts_with("      ")),
            "{out}"
        );
    }
}
