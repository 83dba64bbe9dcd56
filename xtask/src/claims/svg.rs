//! The three pictures of the claims report, written as SVG by hand.
//!
//! Each chart is a handful of rectangles, lines and labels, so a plotting crate would add
//! more to the build than it saves here. Every writer returns the whole document as a
//! string; nothing here measures or touches the file system.

use std::collections::BTreeMap;
use std::fmt::Write as _;

/// The colour of the Rust measurements in every picture.
pub const RUST: &str = "#b7410e";
/// The colour of the Python measurements in every picture.
pub const PYTHON: &str = "#3572a5";
/// The colour of reference lines (the ideal, the limit).
pub const REFERENCE: &str = "#777777";
const FONT: &str = "font-family=\"DejaVu Sans, Helvetica, Arial, sans-serif\"";

/// An SVG document being written.
struct Svg {
    width: f64,
    height: f64,
    body: String,
}

impl Svg {
    fn new(width: f64, height: f64) -> Svg {
        let mut svg = Svg {
            width,
            height,
            body: String::new(),
        };
        svg.rect(0.0, 0.0, width, height, "white");
        svg
    }

    fn rect(&mut self, x: f64, y: f64, width: f64, height: f64, fill: &str) {
        let _ = writeln!(
            self.body,
            r#"<rect x="{x:.1}" y="{y:.1}" width="{:.1}" height="{:.1}" fill="{fill}"/>"#,
            width.max(0.0),
            height.max(0.0)
        );
    }

    fn line(&mut self, (x1, y1): (f64, f64), (x2, y2): (f64, f64), stroke: &str, dashed: bool) {
        let dash = if dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let _ = writeln!(
            self.body,
            r#"<line x1="{x1:.1}" y1="{y1:.1}" x2="{x2:.1}" y2="{y2:.1}" stroke="{stroke}" stroke-width="1.5"{dash}/>"#
        );
    }

    fn polyline(&mut self, points: &[(f64, f64)], stroke: &str, dashed: bool) {
        let dash = if dashed {
            r#" stroke-dasharray="6 4""#
        } else {
            ""
        };
        let points: Vec<String> = points
            .iter()
            .map(|(x, y)| format!("{x:.1},{y:.1}"))
            .collect();
        let _ = writeln!(
            self.body,
            r#"<polyline points="{}" fill="none" stroke="{stroke}" stroke-width="2"{dash}/>"#,
            points.join(" ")
        );
    }

    fn circle(&mut self, (cx, cy): (f64, f64), fill: &str) {
        let _ = writeln!(
            self.body,
            r#"<circle cx="{cx:.1}" cy="{cy:.1}" r="4" fill="{fill}"/>"#
        );
    }

    /// Text anchored at `(x, y)`: `anchor` is `start`, `middle` or `end`.
    fn text(&mut self, (x, y): (f64, f64), size: f64, anchor: &str, text: &str) {
        let _ = writeln!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="{anchor}" {FONT}>{}</text>"#,
            escape(text)
        );
    }

    /// Text turned a quarter to the left, for a vertical axis's label.
    fn vertical_text(&mut self, (x, y): (f64, f64), size: f64, text: &str) {
        let _ = writeln!(
            self.body,
            r#"<text x="{x:.1}" y="{y:.1}" font-size="{size}" text-anchor="middle" transform="rotate(-90 {x:.1} {y:.1})" {FONT}>{}</text>"#,
            escape(text)
        );
    }

    fn finish(self) -> String {
        format!(
            "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" \
             viewBox=\"0 0 {w} {h}\">\n{}</svg>\n",
            self.body,
            w = self.width,
            h = self.height
        )
    }
}

/// Escapes the characters XML gives a meaning to.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            _ => out.push(c),
        }
    }
    out
}

/// Round tick values from 0 to at least `max`: steps of 1, 2 or 5 times a power of ten,
/// about `target` of them.
pub fn linear_ticks(max: f64, target: usize) -> Vec<f64> {
    if !max.is_finite() || max <= 0.0 {
        return vec![0.0, 1.0];
    }
    let rough = max / target.max(1) as f64;
    let magnitude = 10f64.powf(rough.log10().floor());
    let step = [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&step| step >= rough)
        .unwrap_or(10.0 * magnitude);
    let count = (max / step - 1e-9).ceil() as usize;
    (0..=count).map(|i| i as f64 * step).collect()
}

/// Ticks 1, 2, 5, 10, 20, 50, ... from the largest at or below `min` to the smallest at or
/// above `max` (both positive).
pub fn log_ticks(min: f64, max: f64) -> Vec<f64> {
    let min = min.max(1e-12);
    let max = max.max(min);
    let first_decade = min.log10().floor() as i32 - 1;
    let last_decade = max.log10().ceil() as i32 + 1;
    let candidates: Vec<f64> = (first_decade..=last_decade)
        .flat_map(|k| [1.0, 2.0, 5.0].map(|m| m * 10f64.powi(k)))
        .collect();
    // A relative slack, so that 0.1 * 10^3 still counts as 100.
    let low = candidates
        .iter()
        .rposition(|&c| c <= min * (1.0 + 1e-9))
        .unwrap_or(0);
    let high = candidates
        .iter()
        .position(|&c| c >= max * (1.0 - 1e-9))
        .unwrap_or(candidates.len() - 1);
    candidates[low..=high].to_vec()
}

/// A tick label without needless zeros: `0.05`, `1`, `20`.
pub fn tick_label(value: f64) -> String {
    let text = format!("{value:.3}");
    text.trim_end_matches('0').trim_end_matches('.').to_owned()
}

/// One line of a chart: points joined by a line, with a dot on each.
pub struct Series {
    /// The name in the legend.
    pub name: String,
    /// The colour of the line and its dots.
    pub color: &'static str,
    /// `(x, y)` pairs; both must be positive on log axes.
    pub points: Vec<(f64, f64)>,
    /// A dashed line without dots: a reference such as the ideal.
    pub reference: bool,
}

/// A line chart with logarithmic axes on both sides, for speedup against worker count.
pub struct LogLogChart {
    /// The title at the top.
    pub title: String,
    /// A smaller line under the title: what was run, and on what machine.
    pub subtitle: String,
    /// What the horizontal axis counts.
    pub x_label: String,
    /// What the vertical axis counts.
    pub y_label: String,
    /// The lines, drawn in order (so the first is underneath).
    pub series: Vec<Series>,
}

/// Draws a [`LogLogChart`].
pub fn log_log_chart(chart: &LogLogChart) -> String {
    let (width, height) = (720.0, 520.0);
    let (left, right, top, bottom) = (80.0, 30.0, 70.0, 60.0);
    let (plot_w, plot_h) = (width - left - right, height - top - bottom);
    let all = || chart.series.iter().flat_map(|s| s.points.iter().copied());
    let positive = |v: f64| v.is_finite() && v > 0.0;
    let xs: Vec<f64> = all().map(|(x, _)| x).filter(|&x| positive(x)).collect();
    let ys: Vec<f64> = all().map(|(_, y)| y).filter(|&y| positive(y)).collect();
    let range = |values: &[f64]| {
        let min = values.iter().copied().fold(f64::INFINITY, f64::min);
        let max = values.iter().copied().fold(0.0, f64::max);
        if min.is_finite() && max > min {
            (min, max)
        } else {
            (1.0, 10.0)
        }
    };
    let (x_ticks, y_ticks) = {
        let (x_min, x_max) = range(&xs);
        let (y_min, y_max) = range(&ys);
        (log_ticks(x_min, x_max), log_ticks(y_min, y_max))
    };
    let (x_lo, x_hi) = (x_ticks[0].ln(), x_ticks[x_ticks.len() - 1].ln());
    let (y_lo, y_hi) = (y_ticks[0].ln(), y_ticks[y_ticks.len() - 1].ln());
    let at = |(x, y): (f64, f64)| {
        (
            left + (x.ln() - x_lo) / (x_hi - x_lo) * plot_w,
            top + plot_h - (y.ln() - y_lo) / (y_hi - y_lo) * plot_h,
        )
    };

    let mut svg = Svg::new(width, height);
    svg.text((width / 2.0, 28.0), 18.0, "middle", &chart.title);
    svg.text((width / 2.0, 50.0), 13.0, "middle", &chart.subtitle);
    for &tick in &x_ticks {
        let (x, _) = at((tick, y_ticks[0]));
        svg.line((x, top), (x, top + plot_h), "#e4e4e4", false);
        svg.text((x, top + plot_h + 20.0), 12.0, "middle", &tick_label(tick));
    }
    for &tick in &y_ticks {
        let (_, y) = at((x_ticks[0], tick));
        svg.line((left, y), (left + plot_w, y), "#e4e4e4", false);
        svg.text((left - 8.0, y + 4.0), 12.0, "end", &tick_label(tick));
    }
    svg.line(
        (left, top + plot_h),
        (left + plot_w, top + plot_h),
        "black",
        false,
    );
    svg.line((left, top), (left, top + plot_h), "black", false);
    svg.text(
        (left + plot_w / 2.0, height - 15.0),
        14.0,
        "middle",
        &chart.x_label,
    );
    svg.vertical_text((22.0, top + plot_h / 2.0), 14.0, &chart.y_label);

    // The legend's backing, so that grid lines do not run through its text.
    let legend_height = chart.series.len() as f64 * 24.0 + 8.0;
    svg.rect(left + 10.0, top + 6.0, 270.0, legend_height, "white");
    for (i, series) in chart.series.iter().enumerate() {
        let points: Vec<(f64, f64)> = series
            .points
            .iter()
            .copied()
            .filter(|&(x, y)| positive(x) && positive(y))
            .map(at)
            .collect();
        svg.polyline(&points, series.color, series.reference);
        if !series.reference {
            for &point in &points {
                svg.circle(point, series.color);
            }
        }
        // Top left: the curves of a speedup chart rise to the right, so that corner is free.
        let legend_y = top + 20.0 + i as f64 * 24.0;
        let legend_x = left + 20.0;
        svg.line(
            (legend_x, legend_y),
            (legend_x + 28.0, legend_y),
            series.color,
            series.reference,
        );
        svg.text(
            (legend_x + 36.0, legend_y + 4.0),
            13.0,
            "start",
            &series.name,
        );
    }
    svg.finish()
}

/// One chart of a [`gantt`] picture: tasks as bars on the shared time axis.
pub struct GanttPanel {
    /// What this panel shows, above it.
    pub title: String,
    /// The bars' colour.
    pub color: &'static str,
    /// `(label, start, end)` in seconds since the panel's own start, drawn top to bottom.
    pub rows: Vec<(String, f64, f64)>,
}

/// Draws panels of bars over one time axis, so that they compare at a glance.
pub fn gantt(title: &str, subtitle: &str, panels: &[GanttPanel]) -> String {
    let (width, left, right) = (860.0, 190.0, 80.0);
    let (row_h, bar_h, panel_gap, top) = (26.0, 16.0, 46.0, 78.0);
    let plot_w = width - left - right;
    let end = panels
        .iter()
        .flat_map(|p| p.rows.iter().map(|&(_, _, end)| end))
        .fold(0.0, f64::max);
    let ticks = linear_ticks(end, 8);
    let axis_end = ticks.last().copied().unwrap_or(1.0);
    let x_at = |t: f64| left + t.max(0.0) / axis_end * plot_w;
    let rows: usize = panels.iter().map(|p| p.rows.len()).sum();
    let body_h = rows as f64 * row_h + panels.len() as f64 * panel_gap;
    let height = top + body_h + 60.0;

    let mut svg = Svg::new(width, height);
    svg.text((width / 2.0, 28.0), 18.0, "middle", title);
    svg.text((width / 2.0, 50.0), 13.0, "middle", subtitle);
    let plot_bottom = top + body_h;
    for &tick in &ticks {
        let x = x_at(tick);
        svg.line((x, top), (x, plot_bottom), "#e4e4e4", false);
        svg.text((x, plot_bottom + 20.0), 12.0, "middle", &tick_label(tick));
    }
    svg.line(
        (left, plot_bottom),
        (left + plot_w, plot_bottom),
        "black",
        false,
    );
    svg.text(
        (left + plot_w / 2.0, height - 12.0),
        14.0,
        "middle",
        "seconds since the run started",
    );

    let mut y = top;
    for panel in panels {
        svg.text((left, y + 16.0), 14.0, "start", &panel.title);
        y += panel_gap - 16.0;
        for (label, start, end) in &panel.rows {
            svg.text((left - 10.0, y + bar_h - 3.0), 12.0, "end", label);
            let width = (x_at(*end) - x_at(*start)).max(1.5);
            svg.rect(x_at(*start), y, width, bar_h, panel.color);
            svg.text(
                (x_at(*start) + width + 6.0, y + bar_h - 3.0),
                11.0,
                "start",
                &format!("{:.0} ms", (end - start) * 1e3),
            );
            y += row_h;
        }
        y += 16.0;
    }
    svg.finish()
}

/// Histograms that share one value axis, for [`histograms`].
pub struct Histograms {
    /// The title at the top.
    pub title: String,
    /// A smaller line under the title.
    pub subtitle: String,
    /// What the value axis counts.
    pub x_label: String,
    /// The value axis runs from 0 to this, one bar per value.
    pub x_max: usize,
    /// Values to mark with a dashed line in every panel, with a label (the lecture's figures).
    pub marks: Vec<(usize, String)>,
    /// The panels, drawn left to right, then top to bottom.
    pub panels: Vec<HistogramPanel>,
}

/// One histogram of a [`Histograms`] picture.
pub struct HistogramPanel {
    /// What was run, above the panel.
    pub title: String,
    /// The bars' colour.
    pub color: &'static str,
    /// How many runs ended at each value.
    pub counts: BTreeMap<usize, usize>,
}

/// Draws [`Histograms`] in two columns.
pub fn histograms(chart: &Histograms) -> String {
    let Histograms {
        title,
        subtitle,
        x_label,
        x_max,
        marks,
        panels,
    } = chart;
    let x_max = *x_max;
    let columns = 2;
    let (panel_w, panel_h, gap_x, gap_y) = (400.0, 170.0, 60.0, 74.0);
    let (left, top) = (70.0, 90.0);
    let panel_rows = panels.len().div_ceil(columns);
    let width = left + columns as f64 * panel_w + (columns - 1) as f64 * gap_x + 30.0;
    let height = top + panel_rows as f64 * (panel_h + gap_y) + 10.0;

    let mut svg = Svg::new(width, height);
    svg.text((width / 2.0, 28.0), 18.0, "middle", title);
    svg.text((width / 2.0, 50.0), 13.0, "middle", subtitle);
    let bar_w = panel_w / (x_max + 1) as f64;
    for (i, panel) in panels.iter().enumerate() {
        let x0 = left + (i % columns) as f64 * (panel_w + gap_x);
        let y0 = top + (i / columns) as f64 * (panel_h + gap_y);
        let tallest = panel.counts.values().copied().max().unwrap_or(0);
        let y_ticks = linear_ticks(tallest.max(1) as f64, 4);
        let y_top = y_ticks.last().copied().unwrap_or(1.0);
        let y_at = |count: f64| y0 + panel_h - count / y_top * panel_h;

        svg.text((x0, y0 - 10.0), 13.0, "start", &panel.title);
        for &tick in &y_ticks {
            svg.line(
                (x0, y_at(tick)),
                (x0 + panel_w, y_at(tick)),
                "#e4e4e4",
                false,
            );
            svg.text((x0 - 6.0, y_at(tick) + 4.0), 11.0, "end", &tick_label(tick));
        }
        for (&value, &count) in &panel.counts {
            let x = x0 + value.min(x_max) as f64 * bar_w;
            svg.rect(
                x,
                y_at(count as f64),
                bar_w.max(1.0),
                y_at(0.0) - y_at(count as f64),
                panel.color,
            );
        }
        svg.line(
            (x0, y0 + panel_h),
            (x0 + panel_w, y0 + panel_h),
            "black",
            false,
        );
        svg.line((x0, y0), (x0, y0 + panel_h), "black", false);
        for (value, label) in marks {
            let x = x0 + (*value as f64 + 0.5) * bar_w;
            svg.line((x, y0 + 14.0), (x, y0 + panel_h), REFERENCE, true);
            svg.text((x, y0 + 10.0), 10.0, "middle", label);
        }
        for tick in linear_ticks(x_max as f64, 5) {
            let x = x0 + (tick + 0.5) * bar_w;
            svg.text((x, y0 + panel_h + 16.0), 11.0, "middle", &tick_label(tick));
        }
        svg.text(
            (x0 + panel_w / 2.0, y0 + panel_h + 34.0),
            12.0,
            "middle",
            x_label,
        );
        svg.vertical_text((x0 - 40.0, y0 + panel_h / 2.0), 12.0, "runs");
    }
    svg.finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Checks that every element opened is closed, in order: enough to catch a broken
    /// writer without an XML parser.
    fn assert_well_formed(svg: &str) {
        let mut open = Vec::new();
        let mut rest = svg;
        while let Some(start) = rest.find('<') {
            let end = rest[start..].find('>').expect("a tag is closed") + start;
            let tag = &rest[start + 1..end];
            if let Some(name) = tag.strip_prefix('/') {
                assert_eq!(open.pop(), Some(name.to_owned()), "in {svg}");
            } else if !tag.ends_with('/') {
                open.push(tag.split_whitespace().next().unwrap().to_owned());
            }
            rest = &rest[end + 1..];
        }
        assert!(open.is_empty(), "unclosed: {open:?}");
        assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
    }

    /// The `x` and `width` of each `<rect>` with the given fill.
    fn bars(svg: &str, fill: &str) -> Vec<(f64, f64)> {
        let attr = |line: &str, name: &str| -> f64 {
            let start = line.find(&format!(" {name}=\"")).unwrap() + name.len() + 3;
            let end = line[start..].find('"').unwrap() + start;
            line[start..end].parse().unwrap()
        };
        svg.lines()
            .filter(|l| l.starts_with("<rect") && l.contains(&format!("fill=\"{fill}\"")))
            .map(|l| (attr(l, "x"), attr(l, "width")))
            .collect()
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"a < b & "c" > d"#),
            "a &lt; b &amp; &quot;c&quot; &gt; d"
        );
        let svg = gantt("<title>", "", &[]);
        assert!(svg.contains("&lt;title&gt;"));
        assert_well_formed(&svg);
    }

    #[test]
    fn linear_ticks_are_round_and_cover_the_maximum() {
        assert_eq!(
            linear_ticks(1.0, 5),
            [0.0, 0.2, 0.4, 0.6000000000000001, 0.8, 1.0]
        );
        assert_eq!(linear_ticks(47.0, 4), [0.0, 20.0, 40.0, 60.0]);
        assert_eq!(linear_ticks(100.0, 5), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        assert_eq!(linear_ticks(0.0, 5), [0.0, 1.0]);
        assert_eq!(linear_ticks(f64::NAN, 5), [0.0, 1.0]);
    }

    #[test]
    fn log_ticks_run_one_two_five() {
        assert_eq!(
            log_ticks(1.0, 100.0),
            [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        );
        assert_eq!(
            log_ticks(1.0, 80.0),
            [1.0, 2.0, 5.0, 10.0, 20.0, 50.0, 100.0]
        );
        assert_eq!(log_ticks(3.0, 30.0), [2.0, 5.0, 10.0, 20.0, 50.0]);
    }

    #[test]
    fn tick_labels_drop_needless_zeros() {
        assert_eq!(tick_label(0.05), "0.05");
        assert_eq!(tick_label(20.0), "20");
        assert_eq!(tick_label(0.6000000000000001), "0.6");
        assert_eq!(tick_label(0.0), "0");
    }

    #[test]
    fn gantt_bars_are_proportional_to_the_time_axis() {
        let panels = [
            GanttPanel {
                title: "pool".into(),
                color: RUST,
                rows: vec![("a".into(), 0.0, 0.5), ("b".into(), 0.0, 1.0)],
            },
            GanttPanel {
                title: "sequential".into(),
                color: PYTHON,
                rows: vec![("a".into(), 1.0, 2.0)],
            },
        ];
        let svg = gantt("Timeline", "sub", &panels);
        assert_well_formed(&svg);
        let pool = bars(&svg, RUST);
        let sequential = bars(&svg, PYTHON);
        assert_eq!((pool.len(), sequential.len()), (2, 1));
        assert!((pool[1].1 - 2.0 * pool[0].1).abs() < 0.2, "{pool:?}");
        assert!(
            (sequential[0].0 - (pool[0].0 + pool[1].1)).abs() < 0.2,
            "starts at 1 s"
        );
        assert!(svg.contains(">500 ms<") && svg.contains(">sequential<"));
    }

    #[test]
    fn histograms_draw_one_bar_per_value_seen() {
        let panel = |values: &[usize], color| HistogramPanel {
            title: "counts".into(),
            color,
            counts: crate::claims::stats::histogram(values),
        };
        let svg = histograms(&Histograms {
            title: "Unsafe counter".into(),
            subtitle: "100 runs".into(),
            x_label: "final count".into(),
            x_max: 100,
            marks: vec![(87, "87".into())],
            panels: vec![panel(&[40, 41, 41, 60], RUST), panel(&[100, 100], PYTHON)],
        });
        assert_well_formed(&svg);
        let rust = bars(&svg, RUST);
        assert_eq!(rust.len(), 3);
        assert!(rust[0].0 < rust[1].0 && rust[1].0 < rust[2].0);
        assert_eq!(bars(&svg, PYTHON).len(), 1);
        assert!(svg.contains(">final count<"));
        assert_eq!(svg.matches(">87<").count(), 2, "the mark is in every panel");
    }

    #[test]
    fn log_log_chart_places_points_and_legend() {
        let chart = LogLogChart {
            title: "Speedup".into(),
            subtitle: "sub".into(),
            x_label: "workers".into(),
            y_label: "speedup".into(),
            series: vec![
                Series {
                    name: "ideal".into(),
                    color: REFERENCE,
                    points: vec![(1.0, 1.0), (100.0, 100.0)],
                    reference: true,
                },
                Series {
                    name: "Rust".into(),
                    color: RUST,
                    points: vec![(1.0, 1.0), (10.0, 9.5), (100.0, 80.0), (0.0, 5.0)],
                    reference: false,
                },
            ],
        };
        let svg = log_log_chart(&chart);
        assert_well_formed(&svg);
        assert_eq!(
            svg.matches("<circle").count(),
            3,
            "the point at x = 0 is left out"
        );
        assert!(svg.contains(">ideal<") && svg.contains(">Rust<"));
        assert!(svg.contains("stroke-dasharray"));
    }
}
