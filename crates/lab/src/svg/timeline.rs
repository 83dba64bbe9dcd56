//! The timeline picture: a Gantt chart, each request a bar from its start to its end.

use super::Svg;
use super::ticks::{linear_ticks, tick_label};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg::tests::{assert_well_formed, bars};
    use crate::svg::{PYTHON, RUST};

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
}
