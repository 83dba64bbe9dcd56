//! A text timeline (a Gantt chart): one row per task, a bar from its start to its end.
//!
//! The lecture says the five fetches of Example 19.1 overlap, so the whole run takes about
//! as long as the slowest one. The timings it prints show that only indirectly; a timeline
//! shows it at a glance: the bars lie on top of each other instead of one after another.
//!
//! ```
//! use ex19_1_fetch::timeline;
//! use std::time::Duration;
//!
//! let ms = Duration::from_millis;
//! let spans = [("/uuid", ms(0), ms(40)), ("/delay/0", ms(0), ms(100))];
//! assert_eq!(
//!     timeline::draw(&spans, 20),
//!     "\
//! timeline: 0 to 0.100 s, one column = 5 ms
//! /uuid     |========            | 0.000-0.040 s
//! /delay/0  |====================| 0.000-0.100 s
//!            0 s          0.100 s
//! "
//! );
//! ```

use std::fmt::Write as _;
use std::ops::RangeInclusive;
use std::time::Duration;

/// Draws each span `(label, start, end)` as a row of `width` columns (at least 1).
///
/// Times are offsets from one common origin, such as the `Instant` taken before the first
/// task was submitted; the scale runs from that origin to the latest `end`. Rows keep the
/// order of `spans`. Every task gets at least one column, however short it was, and a span
/// whose `end` is before its `start` is drawn as if they were swapped. No spans, no output.
pub fn draw<L: AsRef<str>>(spans: &[(L, Duration, Duration)], width: usize) -> String {
    let width = width.max(1);
    let ordered: Vec<(&str, Duration, Duration)> = spans
        .iter()
        .map(|(label, a, b)| (label.as_ref(), *a.min(b), *a.max(b)))
        .collect();
    let Some(total) = ordered.iter().map(|&(_, _, end)| end).max() else {
        return String::new();
    };
    let label_width = ordered
        .iter()
        .map(|(label, _, _)| label.chars().count())
        .max()
        .unwrap_or(0);
    let mut out = String::new();
    let per_column = total / u32::try_from(width).unwrap_or(u32::MAX);
    let _ = writeln!(
        out,
        "timeline: 0 to {:.3} s, one column = {}",
        total.as_secs_f64(),
        readable(per_column)
    );
    for (label, start, end) in ordered {
        let covered = columns(start, end, total, width);
        let bar: String = (0..width)
            .map(|c| if covered.contains(&c) { '=' } else { ' ' })
            .collect();
        let _ = writeln!(
            out,
            "{label:<label_width$}  |{bar}| {:.3}-{:.3} s",
            start.as_secs_f64(),
            end.as_secs_f64()
        );
    }
    let end_mark = format!("{:.3} s", total.as_secs_f64());
    // The axis runs under the bars: from their first column (after the label and "  |")
    // to their last.
    let gap = width.saturating_sub(3 + end_mark.len()).max(1);
    let _ = writeln!(
        out,
        "{:label_width$}   0 s{:gap$}{end_mark}",
        "",
        "",
        gap = gap
    );
    out
}

/// The columns a task running from `start` to `end` touches, of `width` columns spanning
/// `0..total`: column `c` covers `[c, c + 1) × total / width`. Computed in integer
/// nanoseconds, so a task that ends exactly on a column's edge stops before that column.
fn columns(start: Duration, end: Duration, total: Duration, width: usize) -> RangeInclusive<usize> {
    let last_column = width - 1;
    let total = total.as_nanos();
    if total == 0 {
        return 0..=0;
    }
    let scaled = |at: Duration| at.as_nanos() * width as u128;
    let first = usize::try_from(scaled(start) / total).map_or(last_column, |c| c.min(last_column));
    let end_edge = usize::try_from(scaled(end).div_ceil(total)).unwrap_or(width);
    first..=end_edge.saturating_sub(1).clamp(first, last_column)
}

/// `2 ms`, `150 µs`, `1.5 s`: a column's span in the unit that suits it.
fn readable(d: Duration) -> String {
    let secs = d.as_secs_f64();
    if secs >= 1.0 {
        format!("{secs:.1} s")
    } else if secs >= 1e-3 {
        format!("{} ms", (secs * 1e3).round())
    } else {
        format!("{} µs", (secs * 1e6).round())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ms(n: u64) -> Duration {
        Duration::from_millis(n)
    }

    /// The bar of each row: the characters between the two `|`.
    fn bars(text: &str) -> Vec<String> {
        text.lines()
            .filter_map(|line| {
                let open = line.find('|')?;
                let close = line.rfind('|')?;
                Some(line[open + 1..close].to_owned())
            })
            .collect()
    }

    #[test]
    fn bars_sit_where_their_tasks_ran() {
        let spans = [("a", ms(0), ms(50)), ("b", ms(50), ms(100))];
        assert_eq!(
            bars(&draw(&spans, 10)),
            ["=====     ", "     ====="],
            "{}",
            draw(&spans, 10)
        );
    }

    #[test]
    fn overlapping_tasks_share_columns_and_sequential_ones_do_not() {
        let together = [("a", ms(0), ms(90)), ("b", ms(5), ms(100))];
        let one_after_another = [("a", ms(0), ms(50)), ("b", ms(50), ms(100))];
        let shared = |spans: &[(&str, Duration, Duration)]| {
            let rows = bars(&draw(spans, 20));
            rows[0]
                .chars()
                .zip(rows[1].chars())
                .filter(|&(x, y)| x == '=' && y == '=')
                .count()
        };
        assert!(shared(&together) >= 17);
        assert_eq!(shared(&one_after_another), 0);
    }

    #[test]
    fn every_row_has_the_asked_width_and_labels_line_up() {
        let spans = [
            ("http://httpbin.org/delay/0", ms(3), ms(71)),
            ("http://httpbin.org/ip", ms(2), ms(118)),
        ];
        let text = draw(&spans, 40);
        for bar in bars(&text) {
            assert_eq!(bar.chars().count(), 40);
        }
        let pipes: Vec<_> = text.lines().filter_map(|l| l.find('|')).collect();
        assert_eq!(pipes.len(), 2);
        assert_eq!(pipes[0], pipes[1], "{text}");
        assert!(text.starts_with("timeline: 0 to 0.118 s, one column = 3 ms\n"));
        assert!(text.contains("| 0.003-0.071 s\n"), "{text}");
        assert!(text.lines().last().unwrap().ends_with("0.118 s"), "{text}");
    }

    #[test]
    fn a_short_task_still_gets_one_column() {
        let spans = [("slow", ms(0), ms(1000)), ("quick", ms(500), ms(500))];
        let rows = bars(&draw(&spans, 10));
        assert_eq!(rows[1].matches('=').count(), 1);
        assert_eq!(rows[0].matches('=').count(), 10);
    }

    #[test]
    fn odd_input_draws_without_panicking() {
        assert_eq!(draw::<&str>(&[], 10), "");
        let zero = draw(&[("z", ms(0), ms(0))], 0);
        assert_eq!(bars(&zero), ["="]);
        let reversed = draw(&[("r", ms(80), ms(20))], 10);
        assert!(reversed.contains("| 0.020-0.080 s"), "{reversed}");
    }

    #[test]
    fn the_scale_unit_suits_the_span() {
        assert_eq!(readable(ms(2)), "2 ms");
        assert_eq!(readable(Duration::from_micros(150)), "150 µs");
        assert_eq!(readable(ms(1500)), "1.5 s");
    }
}
