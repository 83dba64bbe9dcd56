//! The three pictures of the claims report, written as SVG by hand.
//!
//! Each chart is a handful of rectangles, lines and labels, so a plotting crate would add
//! more to the build than it saves here. Every writer returns the whole document as a
//! string; nothing here measures or touches the file system.
//!
//! One file per picture: [`speedup`] (a log-log chart of speedup against workers),
//! [`timeline`] (a Gantt chart: the `timeline` crate's chart, which the
//! examples print as text) and [`histogram`] (final counts); [`ticks`]
//! places the ticks of their axes.

mod histogram;
mod speedup;
mod ticks;
mod timeline;

use std::fmt::Write as _;

pub use self::timeline::gantt;
pub use histogram::{HistogramPanel, Histograms, histograms};
pub use speedup::{LogLogChart, Series, log_log_chart};

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

/// `svg` made 18 pixels taller, with `run` written small in the new strip's right corner,
/// so that a picture shown on its own still says which run drew it.
pub fn mark_run(svg: &str, run: &str) -> String {
    let attribute = |name: &str| -> f64 {
        let pattern = format!(" {name}=\"");
        (svg.split_once(pattern.as_str()))
            .and_then(|(_, rest)| rest.split('"').next()?.parse().ok())
            .unwrap_or(0.0)
    };
    let (width, height) = (attribute("width"), attribute("height"));
    let taller = height + 18.0;
    let Some(end) = svg.rfind("</svg>") else {
        return svg.to_owned();
    };
    let head = svg[..end]
        .replacen(
            &format!(" height=\"{height}\""),
            &format!(" height=\"{taller}\""),
            1,
        )
        .replacen(
            &format!(" {width} {height}\""),
            &format!(" {width} {taller}\""),
            1,
        );
    format!(
        "{head}<rect x=\"0.0\" y=\"{height:.1}\" width=\"{width:.1}\" height=\"18.0\" fill=\"white\"/>\n\
         <text x=\"{:.1}\" y=\"{:.1}\" font-size=\"10\" text-anchor=\"end\" fill=\"#777777\" {FONT}>{}</text>\n</svg>\n",
        width - 8.0,
        height + 12.0,
        escape(run)
    )
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

#[cfg(test)]
pub mod tests {
    use super::*;

    /// Checks that every element opened is closed, in order: enough to catch a broken
    /// writer without an XML parser.
    pub fn assert_well_formed(svg: &str) {
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
    pub fn bars(svg: &str, fill: &str) -> Vec<(f64, f64)> {
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
    fn the_run_is_marked_in_a_strip_under_the_picture() {
        let svg = Svg::new(300.0, 100.0).finish();
        let marked = mark_run(&svg, "cargo xtask claims, started 2026-12-04 19:49 UTC");
        assert_well_formed(&marked);
        assert!(marked.starts_with(r#"<svg xmlns="http://www.w3.org/2000/svg" width="300" height="118" viewBox="0 0 300 118">"#), "{marked}");
        assert!(marked.contains(r#"x="292.0" y="112.0""#), "{marked}");
        assert!(
            marked.contains(">cargo xtask claims, started 2026-12-04 19:49 UTC</text>\n</svg>")
        );
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(
            escape(r#"a < b & "c" > d"#),
            "a &lt; b &amp; &quot;c&quot; &gt; d"
        );
        let svg = gantt("<title>", "", &::timeline::Chart::new("the start"), &[]);
        assert!(svg.contains("&lt;title&gt;"));
        assert_well_formed(&svg);
    }
}
