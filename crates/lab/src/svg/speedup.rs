//! The speedup picture: lines over logarithmic axes on both sides.

use super::Svg;
use super::ticks::{log_ticks, tick_label};

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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg::tests::assert_well_formed;
    use crate::svg::{REFERENCE, RUST};

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
