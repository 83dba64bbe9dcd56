//! `report.md` and the pictures beside it, in `claims/` of Cargo's target directory.

use std::fs;
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::{Context as _, Result};

use super::{Findings, Scale, table};

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
pub fn write(
    dir: &Path,
    findings: &Findings,
    machine: &str,
    scale: Scale,
    took: Duration,
) -> Result<PathBuf> {
    fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    for picture in &findings.pictures {
        let path = dir.join(picture.file_name);
        fs::write(&path, &picture.svg)
            .with_context(|| format!("cannot write {}", path.display()))?;
    }
    let path = dir.join("report.md");
    fs::write(&path, markdown(findings, machine, scale, took))
        .with_context(|| format!("cannot write {}", path.display()))?;
    Ok(path)
}

fn markdown(findings: &Findings, machine: &str, scale: Scale, took: Duration) -> String {
    let run = if scale.quick {
        "cargo xtask claims --quick"
    } else {
        "cargo xtask claims"
    };
    let mut out = format!(
        "# Lecture 19's claims, measured\n\n\
         `{run}` on this machine: {machine}. Took {:.1} s. \
         docs/claims.md explains each row and how it is measured.\n\n",
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
        let text = markdown(&findings, "2 CPUs", Scale::QUICK, Duration::from_secs(3));
        assert!(text.contains("`cargo xtask claims --quick`"));
        assert!(text.contains("| 1 | claim 1 |"));
        assert!(text.contains("[speedup.svg](speedup.svg)"));
        assert!(text.contains("![Speedup](speedup.svg)"));
        assert!(text.contains("### Sweep"));
    }
}
