//! `report.md` and the pictures beside it, in `claims/` of Cargo's target directory.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use anyhow::{Context as _, Result};

use super::{Findings, Scale, svg, table};

/// Which run measured: the command and when it started, in UTC to the minute, e.g.
/// `cargo xtask claims, started 2026-12-04 19:49 UTC`. The report's header and every
/// picture carry it, so a table and a picture shown together can be seen to be one run.
pub fn run_name(scale: Scale, started: SystemTime) -> String {
    let command = if scale.quick {
        "cargo xtask claims --quick"
    } else {
        "cargo xtask claims"
    };
    let seconds = started
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let (year, month, day) = civil_date(seconds / 86_400);
    let (hour, minute) = (seconds % 86_400 / 3600, seconds % 3600 / 60);
    format!("{command}, started {year}-{month:02}-{day:02} {hour:02}:{minute:02} UTC")
}

/// The proleptic Gregorian date `days` after 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_date(days: u64) -> (u64, u64, u64) {
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

/// Where a row goes in the table: claims by number then letter (`1`, `1b`, `5a`), the
/// narration of Example 19.1 just after claim 1, the goals last.
pub fn order(id: &str) -> (bool, u32, String) {
    if id == "19.1" {
        return (false, 1, "~".into());
    }
    let is_goal = id.starts_with('G');
    let rest = id.trim_start_matches('G');
    let digits: String = rest.chars().take_while(char::is_ascii_digit).collect();
    (
        is_goal,
        digits.parse().unwrap_or(0),
        rest[digits.len()..].to_owned(),
    )
}

/// Writes the pictures and `report.md` into `dir`; returns the report's path.
/// Writes the pictures, each marked with `run` (from [`run_name`]), and `report.md` into
/// `dir`; returns the report's path.
pub fn write(
    dir: &Path,
    findings: &Findings,
    machine: &str,
    run: &str,
    took: Duration,
) -> Result<PathBuf> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for picture in &findings.pictures {
        let path = dir.join(picture.file_name);
        fs::write(&path, svg::mark_run(&picture.svg, run))
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let path = dir.join("report.md");
    fs::write(&path, markdown(findings, machine, run, took))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

fn markdown(findings: &Findings, machine: &str, run: &str, took: Duration) -> String {
    let mut out = format!(
        "# Lecture 19's claims, measured\n\n\
         {run}, on this machine: {machine}. Took {:.1} s. The table and the pictures \
         below are this one run. docs/claims.md explains each row and how it is measured.\n\n",
        took.as_secs_f64()
    );
    out.push_str(&table::markdown(&findings.rows));
    out.push_str("\n## Pictures\n\n");
    for picture in &findings.pictures {
        out.push_str(&format!(
            "- [{}]({}): {}\n",
            picture.file_name, picture.file_name, picture.caption
        ));
    }
    for picture in &findings.pictures {
        out.push_str(&format!(
            "\n![{}]({})\n",
            picture.caption, picture.file_name
        ));
    }
    out.push_str("\n## Details\n");
    for section in &findings.details {
        out.push('\n');
        out.push_str(section);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::Picture;
    use crate::table::Row;

    fn row(id: &'static str) -> Row {
        Row {
            id,
            claim: format!("claim {id}"),
            source: "Concept 1.1",
            lecture: "-".into(),
            rust: "-".into(),
            python: "-".into(),
            verdict: "holds".into(),
        }
    }

    #[test]
    fn a_run_is_named_by_its_command_and_start_in_utc() {
        let at = |seconds| SystemTime::UNIX_EPOCH + Duration::from_secs(seconds);
        // 2026-12-04 19:49:30 UTC, and the leap day of 2024.
        assert_eq!(
            run_name(Scale::FULL, at(1_796_413_770)),
            "cargo xtask claims, started 2026-12-04 19:49 UTC"
        );
        assert_eq!(civil_date(19_782), (2024, 2, 29));
        assert_eq!(civil_date(0), (1970, 1, 1));
    }

    #[test]
    fn rows_sort_in_claim_order_with_goals_last() {
        let mut ids = ["G1", "6b", "19.1", "5b", "10", "1b", "5a", "1", "2"];
        ids.sort_by_key(|id| order(id));
        assert_eq!(ids, ["1", "1b", "19.1", "2", "5a", "5b", "6b", "10", "G1"]);
    }

    #[test]
    fn the_report_links_every_picture_and_holds_the_table() {
        let findings = Findings {
            rows: vec![row("1"), row("G1")],
            pictures: vec![Picture {
                file_name: "speedup.svg",
                caption: "Speedup",
                svg: "<svg/>".into(),
            }],
            details: vec!["### Sweep\n".into()],
        };
        let run = run_name(Scale::QUICK, SystemTime::UNIX_EPOCH);
        let text = markdown(&findings, "2 CPUs", &run, Duration::from_secs(3));
        assert!(text.contains("cargo xtask claims --quick, started 1970-01-01 00:00 UTC, on"));
        assert!(text.contains("| 1 | claim 1 |"));
        assert!(text.contains("[speedup.svg](speedup.svg)"));
        assert!(text.contains("![Speedup](speedup.svg)"));
        assert!(text.contains("### Sweep"));
    }
}
