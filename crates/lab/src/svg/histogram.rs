//! The race picture: histograms of how many runs ended at each value, one per variant.

use std::collections::BTreeMap;

use super::ticks::{linear_ticks, tick_label};
use super::{REFERENCE, Svg};

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
    use crate::svg::tests::{assert_well_formed, bars};
    use crate::svg::{PYTHON, RUST};

    #[test]
    fn histograms_draw_one_bar_per_value_seen() {
        let panel = |values: &[usize], color| HistogramPanel {
            title: "counts".into(),
            color,
            counts: crate::stats::histogram(values),
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
}
