//! The batch's files in the output directory: `records.ndjson`, `manifest.ndjson` and
//! `observations.csv`, in input-name order and without timestamps, so the same inputs
//! give the same bytes. Each is written to a hidden temporary file in the same
//! directory and renamed over the old one, so a reader (or an interruption) never sees
//! half a file.

use std::fs::File;
use std::io::{self, Write};
use std::path::Path;

use tokku::jp::Quantity;

use super::manifest::Converted;

pub const RECORDS_FILE: &str = "records.ndjson";
pub const MANIFEST_FILE: &str = "manifest.ndjson";
pub const OBSERVATIONS_FILE: &str = "observations.csv";

/// The columns of `observations.csv`, the same as the SQLite view `observation_rows`.
pub const OBSERVATION_COLUMNS: [&str; 12] = [
    "file",
    "zone_kind",
    "zone_name",
    "report_fiscal_year",
    "indicator_number",
    "target_key",
    "target_name",
    "fiscal_year",
    "unit",
    "target",
    "actual",
    "progress_pct",
];

/// Writes `bytes` to `path` through a temporary file in the same directory and a rename.
#[allow(dead_code)] // the batch writes through StagedFile; kept for whole-file writers
pub fn write_atomically(path: &Path, bytes: &[u8]) -> io::Result<()> {
    let temporary = temporary_path(path);
    let mut file = File::create(&temporary)?;
    file.write_all(bytes)?;
    file.sync_all()?;
    drop(file);
    std::fs::rename(&temporary, path)
}

/// An output file written in parts (the batch streams its records back from the journal)
/// into a temporary file beside `path`, renamed over it by `commit`.
pub struct StagedFile {
    path: std::path::PathBuf,
    temporary: std::path::PathBuf,
    writer: io::BufWriter<File>,
}

impl StagedFile {
    /// Starts `path`'s temporary file.
    pub fn create(path: &Path) -> io::Result<StagedFile> {
        let temporary = temporary_path(path);
        let writer = io::BufWriter::new(File::create(&temporary)?);
        Ok(StagedFile { path: path.to_path_buf(), temporary, writer })
    }

    /// Appends `bytes`.
    pub fn write(&mut self, bytes: &[u8]) -> io::Result<()> {
        self.writer.write_all(bytes)
    }

    /// Writes the file through to disk and renames it over `path`.
    pub fn commit(self) -> io::Result<()> {
        let file = self.writer.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        drop(file);
        std::fs::rename(&self.temporary, &self.path)
    }
}

/// `dir/.name.tmp` beside `path`.
pub fn temporary_path(path: &Path) -> std::path::PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp"))
}

/// `records.ndjson`: the record lines, one per document.
pub fn records_ndjson(documents: &[Converted]) -> String {
    documents.iter().map(|d| format!("{}\n", d.record_line)).collect()
}

/// `manifest.ndjson`: the manifest entries, one per document.
pub fn manifest_ndjson(documents: &[Converted]) -> Result<String, serde_json::Error> {
    let mut text = String::new();
    for document in documents {
        text.push_str(&serde_json::to_string(&document.entry)?);
        text.push('\n');
    }
    Ok(text)
}

/// `observations.csv`: one row per report × 数値目標 × fiscal year of its 別紙1 series
/// (RFC 4180 quoting, UTF-8 without BOM, `\n` line ends; a missing value is empty).
pub fn observations_csv(documents: &[Converted]) -> String {
    let mut text = OBSERVATION_COLUMNS.join(",");
    text.push('\n');
    for document in documents {
        let record = &document.record;
        let Some(report) = &record.report else { continue };
        for indicator in &record.indicators {
            for target in &indicator.targets {
                for point in &target.series {
                    let row = [
                        record.source.file.clone(),
                        report.zone_kind.clone().unwrap_or_default(),
                        report.zone_name.clone().unwrap_or_default(),
                        report.fiscal_year.map(|y| y.to_string()).unwrap_or_default(),
                        indicator.number.to_string(),
                        target.key.clone(),
                        target.name.clone(),
                        point.fiscal_year.to_string(),
                        observation_unit(point.target.as_ref(), point.actual.as_ref()).unwrap_or_default(),
                        point.target.as_ref().map(|q| number_text(q.value)).unwrap_or_default(),
                        point.actual.as_ref().map(|q| number_text(q.value)).unwrap_or_default(),
                        point.progress_pct.map(number_text).unwrap_or_default(),
                    ];
                    let cells: Vec<String> = row.iter().map(|cell| csv_cell(cell)).collect();
                    text.push_str(&cells.join(","));
                    text.push('\n');
                }
            }
        }
    }
    text
}

/// The unit of a year's target and actual: the target's, else the actual's; both,
/// joined by `/`, when they differ (so a mismatch shows instead of being hidden). The
/// SQLite view `observation_rows` uses the same rule.
pub fn observation_unit(target: Option<&Quantity>, actual: Option<&Quantity>) -> Option<String> {
    match (target, actual) {
        (Some(t), Some(a)) if t.unit != a.unit => Some(format!("{}/{}", t.unit, a.unit)),
        (Some(t), _) => Some(t.unit.clone()),
        (None, Some(a)) => Some(a.unit.clone()),
        (None, None) => None,
    }
}

/// A number as the records print it: integral values without a decimal point.
pub fn number_text(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

fn csv_cell(cell: &str) -> String {
    if cell.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", cell.replace('"', "\"\""))
    } else {
        cell.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn quantity(value: f64, unit: &str) -> Quantity {
        Quantity { value, unit: unit.to_string(), text: String::new() }
    }

    #[test]
    fn numbers_print_like_the_records() {
        assert_eq!(number_text(47_500_000_000.0), "47500000000");
        assert_eq!(number_text(-18.0), "-18");
        assert_eq!(number_text(133.3), "133.3");
    }

    #[test]
    fn cells_with_commas_or_quotes_are_quoted() {
        assert_eq!(csv_cell("京浜臨海部"), "京浜臨海部");
        assert_eq!(csv_cell("a,b"), "\"a,b\"");
        assert_eq!(csv_cell("say \"x\""), "\"say \"\"x\"\"\"");
    }

    #[test]
    fn differing_units_are_both_shown() {
        assert_eq!(observation_unit(Some(&quantity(1.0, "円")), Some(&quantity(2.0, "円"))).as_deref(), Some("円"));
        assert_eq!(observation_unit(None, Some(&quantity(2.0, "人"))).as_deref(), Some("人"));
        assert_eq!(observation_unit(Some(&quantity(1.0, "円")), Some(&quantity(2.0, "人"))).as_deref(), Some("円/人"));
        assert_eq!(observation_unit(None, None), None);
    }

    #[test]
    fn an_atomic_write_replaces_the_file_and_leaves_no_temporary() {
        let dir = tempfile::tempdir().expect("temp dir");
        let path = dir.path().join("records.ndjson");
        std::fs::write(&path, b"old").expect("old file");
        write_atomically(&path, b"new\n").expect("write");
        assert_eq!(std::fs::read(&path).expect("read"), b"new\n");
        assert!(!temporary_path(&path).exists());
    }
}
