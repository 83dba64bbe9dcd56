//! One way to draw what threads did in time: rows of marks over one time axis.
//!
//! The lecture's examples are about what threads do *in time*: in 19.1 the five requests
//! wait at the same time, in 19.3 a full queue makes the producer wait and the sentinel
//! passes from consumer to consumer. A [`Chart`] holds such a run as rows, one per thread
//! or per request, each with its [`Mark`]s: a span (a request, a task being worked on, a
//! wait), a point (a `put`), or a level (how many items a queue held from then on).
//!
//! Three drawings share this model and its layout: `ex19_1_fetch --timeline` and
//! `ex19_3_queue --timeline` print [`Chart::text`], and the measurement lab (`crates/lab`)
//! draws the same chart as an SVG picture. All of them place a mark at
//! [`Chart::position`] on an axis from 0 to [`Chart::end`], with the ticks of
//! [`Chart::ticks`], so a bar lies at the same fraction of the axis in each.
//!
//! ```
//! use std::time::Duration;
//! use timeline::{Chart, Row};
//!
//! let ms = Duration::from_millis;
//! let mut chart = Chart::new("the first request was sent");
//! chart.row(Row::new("/uuid").span(ms(0), ms(40), '=').note("40 ms"));
//! chart.row(Row::new("/delay/0").span(ms(0), ms(100), '=').note("100 ms"));
//! assert_eq!(
//!     chart.text(40),
//!     "\
//! timeline: 0 to 0.100 s after the first request was sent, one column = 5 ms
//! /uuid     |=========            | 40 ms
//! /delay/0  |=====================| 100 ms
//!            +---------+---------+
//!            0         0.05      0.1 s
//! "
//! );
//! ```

use std::fmt::Write as _;
use std::ops::RangeInclusive;
use std::time::Duration;

/// The fewest columns a bar gets, however long the labels and notes are.
const MIN_BAR_WIDTH: usize = 10;

/// A run drawn in time: sections of rows over one axis that starts at 0.
#[derive(Debug, Clone, PartialEq)]
pub struct Chart {
    origin: String,
    sections: Vec<Section>,
}

/// Rows that belong together, under an optional title (the lab's panels).
#[derive(Debug, Clone, PartialEq)]
pub struct Section {
    /// Printed on a line of its own above the rows, if there is one.
    pub title: Option<String>,
    /// Top to bottom.
    pub rows: Vec<Row>,
}

/// One line of the chart: a thread, a request or a queue, and what happened to it.
#[derive(Debug, Clone, PartialEq)]
pub struct Row {
    /// Left of the bars.
    pub label: String,
    /// Drawn in order: a later mark covers an earlier one in the same column.
    pub marks: Vec<Mark>,
    /// Right of the bars; empty for none.
    pub note: String,
}

/// Something that happened, at a time since the chart's origin.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Mark {
    /// Something that lasted: drawn with `fill` from `start` to `end`, `head` (if any) in
    /// its first column. At least one column, however short.
    Span {
        /// When it began.
        start: Duration,
        /// When it ended, at or after `start`.
        end: Duration,
        /// Drawn in the first column instead of `fill`, if any.
        head: Option<char>,
        /// Drawn in every column the span touches.
        fill: char,
    },
    /// Something that happened at one moment.
    Point {
        /// When.
        at: Duration,
        /// What marks it.
        glyph: char,
    },
    /// A count that holds from `at` until the row's next level (the last one until the
    /// chart's end). As text: `.` for 0, the digit for 1 to 9, `#` for 10 or more; where
    /// several levels fall in one column, the highest.
    Level {
        /// From when.
        at: Duration,
        /// The count.
        value: usize,
    },
}

impl Mark {
    /// The latest time the mark reaches.
    fn latest(&self) -> Duration {
        match *self {
            Mark::Span { start, end, .. } => start.max(end),
            Mark::Point { at, .. } | Mark::Level { at, .. } => at,
        }
    }
}

impl Row {
    /// A row with no marks yet.
    pub fn new(label: impl Into<String>) -> Row {
        Row {
            label: label.into(),
            marks: Vec::new(),
            note: String::new(),
        }
    }

    /// Sets the text right of the bars.
    pub fn note(mut self, note: impl Into<String>) -> Row {
        self.note = note.into();
        self
    }

    /// Adds a span drawn with `fill`; an `end` before `start` is drawn as if swapped.
    pub fn span(self, start: Duration, end: Duration, fill: char) -> Row {
        self.mark(Mark::Span {
            start: start.min(end),
            end: start.max(end),
            head: None,
            fill,
        })
    }

    /// Adds a span that begins with `head`, so that two spans side by side stay apart.
    pub fn headed_span(self, start: Duration, end: Duration, head: char, fill: char) -> Row {
        self.mark(Mark::Span {
            start: start.min(end),
            end: start.max(end),
            head: Some(head),
            fill,
        })
    }

    /// Adds a moment, drawn as `glyph`.
    pub fn point(self, at: Duration, glyph: char) -> Row {
        self.mark(Mark::Point { at, glyph })
    }

    /// Adds a count that holds from `at` on.
    pub fn level(self, at: Duration, value: usize) -> Row {
        self.mark(Mark::Level { at, value })
    }

    fn mark(mut self, mark: Mark) -> Row {
        self.marks.push(mark);
        self
    }
}

impl Chart {
    /// An empty chart whose time 0 is `origin`, in words ("the program started").
    pub fn new(origin: impl Into<String>) -> Chart {
        Chart {
            origin: origin.into(),
            sections: Vec::new(),
        }
    }

    /// Starts a section under `title`: the rows added next belong to it.
    pub fn section(&mut self, title: impl Into<String>) -> &mut Chart {
        self.sections.push(Section {
            title: Some(title.into()),
            rows: Vec::new(),
        });
        self
    }

    /// Adds a row to the current section (an untitled one if none was started).
    pub fn row(&mut self, row: Row) -> &mut Chart {
        if self.sections.is_empty() {
            self.sections.push(Section {
                title: None,
                rows: Vec::new(),
            });
        }
        if let Some(section) = self.sections.last_mut() {
            section.rows.push(row);
        }
        self
    }

    /// What time 0 is, in words.
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// The sections, in order.
    pub fn sections(&self) -> &[Section] {
        &self.sections
    }

    fn rows(&self) -> impl Iterator<Item = &Row> {
        self.sections.iter().flat_map(|section| &section.rows)
    }

    /// Where the axis ends: the latest time any mark reaches.
    pub fn end(&self) -> Duration {
        self.rows()
            .flat_map(|row| &row.marks)
            .map(Mark::latest)
            .max()
            .unwrap_or_default()
    }

    /// Where `at` lies on the axis: 0.0 at its start, 1.0 at its end.
    pub fn position(&self, at: Duration) -> f64 {
        let end = self.end().as_secs_f64();
        if end == 0.0 {
            0.0
        } else {
            (at.as_secs_f64() / end).clamp(0.0, 1.0)
        }
    }

    /// Round times from 0 up to the end, at most `most` of them (at least 2): steps of 1, 2
    /// or 5 times a power of ten seconds.
    pub fn ticks(&self, most: usize) -> Vec<Duration> {
        let end = self.end().as_nanos();
        let step = round_step(end, most.max(2) as u128);
        (0..=end / step)
            .map(|i| Duration::from_nanos(u64::try_from(i * step).unwrap_or(u64::MAX)))
            .collect()
    }

    /// The chart as text, `width` columns wide: a header saying the scale, one line per
    /// row (label, bars between `|`, note), the section titles above their rows, then the
    /// time axis with its ticks labelled in seconds. The bars take what the labels and the
    /// notes leave, but never fewer than 10 columns. No rows, no text.
    pub fn text(&self, width: usize) -> String {
        if self.rows().next().is_none() {
            return String::new();
        }
        let label_width = self.rows().map(|r| r.label.chars().count()).max();
        let label_width = label_width.unwrap_or(0);
        let note_width = self.rows().map(|r| r.note.chars().count()).max();
        // At least 2 columns, so that the axis's last label and its unit fit after the bars.
        let note_room = note_width.map_or(0, |w| w + 1).max(2);
        let bars = width
            .saturating_sub(label_width + 4 + note_room)
            .max(MIN_BAR_WIDTH);
        let end = self.end();
        let mut out = String::new();
        let _ = writeln!(
            out,
            "timeline: 0 to {:.3} s after {}, one column = {}",
            end.as_secs_f64(),
            self.origin,
            readable(end / u32::try_from(bars).unwrap_or(u32::MAX))
        );
        for section in &self.sections {
            if let Some(title) = &section.title {
                let _ = writeln!(out, "{title}");
            }
            for row in &section.rows {
                let bar: String = draw_row(row, end, bars).into_iter().collect();
                let line = format!("{:label_width$}  |{bar}| {}", row.label, row.note);
                let _ = writeln!(out, "{}", line.trim_end());
            }
        }
        let indent = " ".repeat(label_width + 3);
        let ticks = self.ticks(bars / 8 + 1);
        let mut axis = vec!['-'; bars];
        for &tick in &ticks {
            axis[column(tick, end, bars)] = '+';
        }
        let axis: String = axis.into_iter().collect();
        let _ = writeln!(out, "{indent}{axis}");
        let room = width.saturating_sub(label_width + 3 + 2);
        let _ = writeln!(out, "{indent}{} s", tick_labels(&ticks, end, bars, room));
        out
    }
}

/// Each tick's seconds starting at its column, or ending there where the line has no room
/// left; a label that would touch the one before it is left out.
fn tick_labels(ticks: &[Duration], end: Duration, bars: usize, room: usize) -> String {
    let step = ticks.get(1).map_or(Duration::ZERO, |t| *t - ticks[0]);
    let mut line = String::new();
    for &tick in ticks {
        let at = column(tick, end, bars);
        let label = seconds(tick, step);
        let len = label.chars().count();
        let taken = line.chars().count();
        let free = if taken == 0 { 0 } else { taken + 1 };
        let start = if at + len <= room {
            at
        } else {
            (at + 1).saturating_sub(len)
        };
        if start >= free && start + len <= room {
            line.push_str(&" ".repeat(start - taken));
            line.push_str(&label);
        }
    }
    line
}

/// The characters between a row's `|`s.
fn draw_row(row: &Row, end: Duration, bars: usize) -> Vec<char> {
    let mut cells = vec![' '; bars];
    let mut levels: Vec<(Duration, usize)> = Vec::new();
    for mark in &row.marks {
        match *mark {
            Mark::Span {
                start,
                end: stop,
                head,
                fill,
            } => {
                let covered = columns(start, stop, end, bars);
                let first = *covered.start();
                for c in covered {
                    cells[c] = fill;
                }
                if let Some(head) = head {
                    cells[first] = head;
                }
            }
            Mark::Point { at, glyph } => cells[column(at, end, bars)] = glyph,
            Mark::Level { at, value } => levels.push((at, value)),
        }
    }
    levels.sort_by_key(|&(at, _)| at);
    let mut highest: Vec<Option<usize>> = vec![None; bars];
    for (i, &(at, value)) in levels.iter().enumerate() {
        let until = levels.get(i + 1).map_or(end, |&(next, _)| next);
        for c in columns(at, until, end, bars) {
            highest[c] = Some(highest[c].map_or(value, |h| h.max(value)));
        }
    }
    for (cell, level) in cells.iter_mut().zip(highest) {
        if let Some(value) = level {
            *cell = match value {
                0 => '.',
                1..=9 => char::from(b'0' + value as u8),
                _ => '#',
            };
        }
    }
    cells
}

/// The column of `bars` columns spanning `0..end` that holds the moment `at`.
fn column(at: Duration, end: Duration, bars: usize) -> usize {
    *columns(at, at, end, bars).start()
}

/// The columns something running from `start` to `stop` touches, of `bars` columns
/// spanning `0..end`: column `c` covers `[c, c + 1) × end / bars`. Computed in integer
/// nanoseconds, so a span that stops exactly on a column's edge stops before that column.
fn columns(start: Duration, stop: Duration, end: Duration, bars: usize) -> RangeInclusive<usize> {
    let last_column = bars.saturating_sub(1);
    let end = end.as_nanos();
    if end == 0 {
        return 0..=0;
    }
    let scaled = |at: Duration| at.as_nanos() * bars as u128;
    let first = usize::try_from(scaled(start) / end).map_or(last_column, |c| c.min(last_column));
    let stop_edge = usize::try_from(scaled(stop).div_ceil(end)).unwrap_or(bars);
    first..=stop_edge.saturating_sub(1).clamp(first, last_column)
}

/// The smallest step of 1, 2 or 5 times a power of ten nanoseconds that gives at most
/// `most` ticks from 0 to `end`.
fn round_step(end: u128, most: u128) -> u128 {
    let mut magnitude = 1;
    loop {
        for m in [1, 2, 5] {
            let step = m * magnitude;
            if end / step < most {
                return step;
            }
        }
        magnitude *= 10;
    }
}

/// A tick's seconds with as many decimals as its `step` needs, without trailing zeros:
/// `0`, `0.05`, `0.1`, `2`.
pub fn seconds(at: Duration, step: Duration) -> String {
    let step = step.as_nanos().max(1);
    let decimals = (0..=9)
        .find(|&d| step % 10u128.pow(9 - d) == 0)
        .unwrap_or(9);
    let text = format!("{:.*}", decimals as usize, at.as_secs_f64());
    if text.contains('.') {
        text.trim_end_matches('0').trim_end_matches('.').to_owned()
    } else {
        text
    }
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

    fn chart(rows: impl IntoIterator<Item = Row>) -> Chart {
        let mut chart = Chart::new("the start");
        for row in rows {
            chart.row(row);
        }
        chart
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
    fn bars_sit_where_their_spans_ran() {
        let chart = chart([
            Row::new("a").span(ms(0), ms(50), '='),
            Row::new("b").span(ms(50), ms(100), '='),
        ]);
        let text = chart.text(10 + 5);
        assert_eq!(bars(&text), ["=====     ", "     ====="], "{text}");
    }

    #[test]
    fn overlapping_spans_share_columns_and_sequential_ones_do_not() {
        let shared = |a: (u64, u64), b: (u64, u64)| {
            let chart = chart([
                Row::new("a").span(ms(a.0), ms(a.1), '='),
                Row::new("b").span(ms(b.0), ms(b.1), '='),
            ]);
            let rows = bars(&chart.text(25));
            rows[0]
                .chars()
                .zip(rows[1].chars())
                .filter(|&(x, y)| x == '=' && y == '=')
                .count()
        };
        assert!(shared((0, 90), (5, 100)) >= 17);
        assert_eq!(shared((0, 50), (50, 100)), 0);
    }

    #[test]
    fn every_line_fits_the_width_and_labels_line_up() {
        let chart = chart([
            Row::new("http://httpbin.org/delay/0")
                .span(ms(3), ms(71), '=')
                .note("0.003-0.071 s"),
            Row::new("http://httpbin.org/ip")
                .span(ms(2), ms(118), '=')
                .note("0.002-0.118 s"),
        ]);
        let text = chart.text(80);
        for line in text.lines() {
            assert!(line.chars().count() <= 80, "{line:?} in\n{text}");
        }
        let pipes: Vec<_> = text.lines().filter_map(|l| l.find('|')).collect();
        assert_eq!(pipes.len(), 2);
        assert_eq!(pipes[0], pipes[1], "{text}");
        assert_eq!(bars(&text)[0].chars().count(), 80 - 26 - 4 - 14);
        assert!(text.starts_with("timeline: 0 to 0.118 s after the start, one column = 3 ms\n"));
        assert!(text.contains("| 0.003-0.071 s\n"), "{text}");
    }

    #[test]
    fn the_axis_is_labelled_in_seconds_under_its_ticks() {
        let chart = chart([Row::new("x").span(ms(0), ms(100), '=')]);
        let text = chart.text(4 + 5 + 40);
        let lines: Vec<&str> = text.lines().collect();
        let (axis, labels) = (lines[2], lines[3]);
        assert!(labels.ends_with(" s"), "{text}");
        let ticks: Vec<usize> = axis
            .char_indices()
            .filter(|&(_, c)| c == '+')
            .map(|(i, _)| i)
            .collect();
        let mut labelled = 0;
        let words = labels.split(' ').scan(0, |at, word| {
            let start = *at;
            *at += word.len() + 1;
            Some((start, word))
        });
        for (start, label) in words.filter(|&(_, w)| !w.is_empty() && w != "s") {
            labelled += 1;
            assert!(
                ticks.contains(&start) || ticks.contains(&(start + label.len() - 1)),
                "{text}"
            );
        }
        assert_eq!(labelled, ticks.len(), "every tick labelled here:\n{text}");
        assert!(labels.trim_start().starts_with("0 "), "{text}");
        assert!(labels.ends_with(" 0.1 s"), "{text}");
    }

    #[test]
    fn ticks_are_round_and_few() {
        let ticks = |end, most| {
            let chart = chart([Row::new("x").point(ms(end), '*')]);
            chart.ticks(most)
        };
        assert_eq!(ticks(100, 6), [0, 20, 40, 60, 80, 100].map(ms));
        assert_eq!(ticks(414, 6), [0, 100, 200, 300, 400].map(ms));
        assert_eq!(ticks(414, 3), [0, 200, 400].map(ms));
        assert_eq!(ticks(0, 5), [ms(0)]);
        assert_eq!(seconds(ms(40), ms(20)), "0.04");
        assert_eq!(seconds(ms(100), ms(50)), "0.1");
        assert_eq!(seconds(ms(0), ms(50)), "0");
        assert_eq!(seconds(ms(2000), ms(1000)), "2");
    }

    #[test]
    fn heads_points_and_levels_are_drawn_in_their_columns() {
        let chart = chart([
            Row::new("w")
                .headed_span(ms(0), ms(40), '3', '=')
                .headed_span(ms(40), ms(100), '4', '='),
            Row::new("p").point(ms(0), '0').point(ms(55), 'S'),
            Row::new("q")
                .level(ms(0), 1)
                .level(ms(20), 0)
                .level(ms(50), 12),
        ]);
        let rows = bars(&chart.text(10 + 4 + 1));
        assert_eq!(rows, ["3===4=====", "0    S    ", "11...#####"]);
    }

    #[test]
    fn a_level_shows_the_highest_count_in_its_column() {
        let chart = chart([Row::new("q")
            .level(ms(0), 0)
            .level(ms(1), 3)
            .level(ms(2), 0)
            .level(ms(100), 0)]);
        assert_eq!(bars(&chart.text(15)), ["3........."]);
    }

    #[test]
    fn a_short_span_still_gets_one_column() {
        let chart = chart([
            Row::new("slow").span(ms(0), ms(1000), '='),
            Row::new("quick").span(ms(500), ms(500), '='),
        ]);
        let rows = bars(&chart.text(10 + 9));
        assert_eq!(rows[1].matches('=').count(), 1);
        assert_eq!(rows[0].matches('=').count(), 10);
    }

    #[test]
    fn sections_print_their_titles_above_their_rows() {
        let mut chart = Chart::new("the start");
        chart
            .section("first")
            .row(Row::new("a").span(ms(0), ms(10), '='));
        chart
            .section("second")
            .row(Row::new("b").span(ms(10), ms(20), '='));
        let text = chart.text(30);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[1], "first");
        assert!(lines[2].starts_with("a  |"));
        assert_eq!(lines[3], "second");
        assert_eq!(chart.position(ms(5)), 0.25);
    }

    #[test]
    fn odd_input_draws_without_panicking() {
        assert_eq!(Chart::new("x").text(10), "");
        let zero = chart([Row::new("z").span(ms(0), ms(0), '=')]).text(0);
        assert_eq!(bars(&zero)[0].chars().count(), MIN_BAR_WIDTH);
        let reversed = chart([Row::new("r").span(ms(80), ms(20), '=').note("n")]);
        assert_eq!(bars(&reversed.text(20))[0].trim(), "==========");
        assert_eq!(reversed.position(ms(200)), 1.0);
    }

    #[test]
    fn the_scale_unit_suits_the_span() {
        assert_eq!(readable(ms(2)), "2 ms");
        assert_eq!(readable(Duration::from_micros(150)), "150 µs");
        assert_eq!(readable(ms(1500)), "1.5 s");
    }
}
