//! The timeline picture: a [`Chart`] of the workspace's `timeline` crate, drawn as SVG.
//!
//! The examples print the same model as text (`--timeline`); both place every mark with
//! [`Chart::position`] on the axis of [`Chart::ticks`], so a bar lies at the same fraction
//! of the axis in the picture as in the text. Each section of the chart is a panel, under
//! its title, in its own colour; a row's note is written right of its bar.

use timeline::{Chart, Mark, seconds};

use super::Svg;

/// About how wide a character of an 11-pixel note is.
const NOTE_CHAR: f64 = 6.2;

/// Draws `chart`, each section in the colour of the same index in `colors` (the last
/// colour for any section beyond them).
pub fn gantt(title: &str, subtitle: &str, chart: &Chart, colors: &[&str]) -> String {
    let (width, left, right) = (860.0, 190.0, 80.0);
    let (row_h, bar_h, panel_gap, top) = (26.0, 16.0, 46.0, 78.0);
    let plot_w = width - left - right;
    let sections = chart.sections();
    let ticks = chart.ticks(9);
    let step = ticks.get(1).map_or(ticks[0], |t| *t - ticks[0]);
    let x_at = |fraction: f64| left + fraction * plot_w;
    let rows: usize = sections.iter().map(|s| s.rows.len()).sum();
    let body_h = rows as f64 * row_h + sections.len() as f64 * panel_gap;
    let height = top + body_h + 60.0;

    let mut svg = Svg::new(width, height);
    svg.text((width / 2.0, 28.0), 18.0, "middle", title);
    svg.text((width / 2.0, 50.0), 13.0, "middle", subtitle);
    let plot_bottom = top + body_h;
    for &tick in &ticks {
        let x = x_at(chart.position(tick));
        svg.line((x, top), (x, plot_bottom), "#e4e4e4", false);
        svg.text(
            (x, plot_bottom + 20.0),
            12.0,
            "middle",
            &seconds(tick, step),
        );
    }
    svg.line(
        (left, plot_bottom),
        (left + plot_w, plot_bottom),
        "black",
        false,
    );
    let axis = format!("seconds since {}", chart.origin());
    svg.text((left + plot_w / 2.0, height - 12.0), 14.0, "middle", &axis);

    let mut y = top;
    for (i, section) in sections.iter().enumerate() {
        let color = colors.get(i).or(colors.last()).copied().unwrap_or("black");
        if let Some(title) = &section.title {
            svg.text((left, y + 16.0), 14.0, "start", title);
        }
        y += panel_gap - 16.0;
        for row in &section.rows {
            svg.text((left - 10.0, y + bar_h - 3.0), 12.0, "end", &row.label);
            let (mut left_end, mut right_end) = (width, left);
            for mark in &row.marks {
                let (from, to) = draw(&mut svg, chart, *mark, (x_at, y, bar_h), color);
                (left_end, right_end) = (left_end.min(from), right_end.max(to));
            }
            // Right of the bars, or left of them where the picture ends too soon.
            let text_y = y + bar_h - 3.0;
            if right_end + 6.0 + NOTE_CHAR * row.note.chars().count() as f64 <= width {
                svg.text((right_end + 6.0, text_y), 11.0, "start", &row.note);
            } else {
                svg.text((left_end - 6.0, text_y), 11.0, "end", &row.note);
            }
            y += row_h;
        }
        y += 16.0;
    }
    svg.finish()
}

/// Draws one mark in the row at `y`; returns the left and right edges of what it drew.
fn draw(
    svg: &mut Svg,
    chart: &Chart,
    mark: Mark,
    (x_at, y, bar_h): (impl Fn(f64) -> f64, f64, f64),
    color: &str,
) -> (f64, f64) {
    match mark {
        Mark::Span { start, end, .. } => {
            let x = x_at(chart.position(start));
            let width = (x_at(chart.position(end)) - x).max(1.5);
            svg.rect(x, y, width, bar_h, color);
            (x, x + width)
        }
        Mark::Point { at, glyph } => {
            let x = x_at(chart.position(at));
            svg.text((x, y + bar_h - 3.0), 12.0, "middle", &glyph.to_string());
            (x - 4.0, x + 4.0)
        }
        Mark::Level { at, value } => {
            // A count as a tick as high as the count is, over a tenth of the bar each.
            let x = x_at(chart.position(at));
            let h = bar_h * (value.min(10) as f64) / 10.0;
            svg.rect(x, y + bar_h - h, 1.5, h, color);
            (x, x + 1.5)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::svg::tests::{assert_well_formed, bars};
    use crate::svg::{PYTHON, RUST};
    use std::time::Duration;
    use timeline::Row;

    #[test]
    fn gantt_bars_sit_where_the_text_drawing_puts_them() {
        let ms = Duration::from_millis;
        let mut chart = Chart::new("the start");
        chart
            .section("pool")
            .row(Row::new("a").span(ms(0), ms(500), '=').note("500 ms"))
            .row(Row::new("b").span(ms(0), ms(1000), '=').note("1000 ms"));
        chart
            .section("sequential")
            .row(Row::new("a").span(ms(1000), ms(2000), '='));
        let svg = gantt("Timeline", "sub", &chart, &[RUST, PYTHON]);
        assert_well_formed(&svg);
        let pool = bars(&svg, RUST);
        let sequential = bars(&svg, PYTHON);
        assert_eq!((pool.len(), sequential.len()), (2, 1));
        assert!((pool[1].1 - 2.0 * pool[0].1).abs() < 0.2, "{pool:?}");
        assert!(
            (sequential[0].0 - (pool[0].0 + pool[1].1)).abs() < 0.2,
            "starts at 1 s"
        );
        // The same fraction of the axis as in the text: half the plot for 1 s of 2 s.
        assert!((pool[1].1 - 590.0 * chart.position(ms(1000))).abs() < 0.2);
        assert!(svg.contains(">500 ms<") && svg.contains(">sequential<"));
        assert!(svg.contains(">seconds since the start<"));
        assert!(svg.contains(">0.5<") && svg.contains(">2<"), "{svg}");
    }

    #[test]
    fn a_note_that_would_run_off_the_picture_goes_left_of_its_bar() {
        let ms = Duration::from_millis;
        let mut chart = Chart::new("the start");
        chart.row(Row::new("a").span(ms(0), ms(10), '=').note("short"));
        chart.row(
            Row::new("b")
                .span(ms(90), ms(100), '=')
                .note("a long note on main"),
        );
        let svg = gantt("t", "s", &chart, &[RUST]);
        let anchor = |note: &str| {
            let line = svg.lines().find(|l| l.contains(note)).unwrap();
            line.split("text-anchor=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap()
                .to_owned()
        };
        assert_eq!(anchor(">short<"), "start");
        assert_eq!(anchor(">a long note on main<"), "end");
    }

    #[test]
    fn points_and_levels_are_drawn_too() {
        let ms = Duration::from_millis;
        let mut chart = Chart::new("the start");
        chart.row(Row::new("p").point(ms(10), 'S').level(ms(20), 5));
        let svg = gantt("t", "s", &chart, &[RUST]);
        assert_well_formed(&svg);
        assert!(svg.contains(">S<"));
        assert_eq!(bars(&svg, RUST).len(), 1);
    }
}
