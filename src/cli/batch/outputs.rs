//! The batch's files in the output directory: `records.ndjson`, `manifest.ndjson`,
//! `observations.csv` and `reports.csv`, in input-name order and without timestamps, so
//! the same inputs give the same bytes. Every CSV is written by [`TableCsv`], which
//! starts it with a UTF-8 byte order mark unless asked not to: Excel opens a CSV without
//! one in the system's legacy code page (Shift_JIS on Japanese Windows), turning every
//! Japanese cell into mojibake. They are published together as one set (see `publish`),
//! so a reader (or an interruption) never sees half a file or a mix of two runs.

use std::io::Write;
use std::path::Path;

pub use tokku::tables::{number_text, OBSERVATION_COLUMNS};

use super::tables::Cell;

pub const RECORDS_FILE: &str = "records.ndjson";
pub const MANIFEST_FILE: &str = "manifest.ndjson";
pub const OBSERVATIONS_FILE: &str = "observations.csv";
pub const REPORTS_FILE: &str = "reports.csv";

/// The UTF-8 byte order mark that tells Excel a CSV is UTF-8.
pub const UTF8_BOM: &[u8] = b"\xEF\xBB\xBF";

/// Whether CSVs start with the UTF-8 byte order mark.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bom {
    /// EF BB BF first (the default): Excel reads the file as UTF-8.
    Write,
    /// Plain UTF-8 (`--csv-no-bom`), for tools that take a BOM for part of the first
    /// column's name.
    Leave,
}
/// The 別紙3 rows of every report.
pub const LOCAL_MEASURES_FILE: &str = "local_measures.csv";

/// The columns of `local_measures.csv`, the columns of the SQLite table `local_measures`
/// with the report's identity instead of its id; `related_targets` joined by `;`.
pub const LOCAL_MEASURE_COLUMNS: [&str; 11] = [
    "file",
    "zone_kind",
    "zone_name",
    "report_fiscal_year",
    "category",
    "name",
    "summary",
    "related_targets",
    "result",
    "authority",
    "page",
];

/// `dir/.name.tmp` beside `path`.
pub fn temporary_path(path: &Path) -> std::path::PathBuf {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    path.with_file_name(format!(".{name}.tmp"))
}

/// A CSV being written a row at a time: RFC 4180 quoting (only where needed), `\n` line
/// ends, and the UTF-8 byte order mark first unless `bom` says to leave it off, then a
/// header row of the column names. Every CSV of the batch starts here, so they all
/// agree. A missing value is empty; numbers as the records print them, in base units.
pub struct TableCsv<W: Write> {
    writer: csv::Writer<W>,
}

impl<W: Write> TableCsv<W> {
    pub fn start(mut out: W, columns: &[&str], bom: Bom) -> Result<TableCsv<W>, csv::Error> {
        if bom == Bom::Write {
            out.write_all(UTF8_BOM)?;
        }
        let mut writer =
            csv::WriterBuilder::new().terminator(csv::Terminator::Any(b'\n')).from_writer(out);
        writer.write_record(columns)?;
        Ok(TableCsv { writer })
    }

    pub fn row(&mut self, row: &[Cell]) -> Result<(), csv::Error> {
        self.writer.write_record(row.iter().map(Cell::csv_text))
    }

    /// Flushes the rows and gives the output back.
    pub fn finish(self) -> Result<W, csv::Error> {
        self.writer.into_inner().map_err(|e| csv::Error::from(e.into_error()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table_csv(rows: &[Vec<Cell>], bom: Bom) -> Vec<u8> {
        let mut csv = TableCsv::start(Vec::new(), &["name", "value"], bom).expect("start");
        for row in rows {
            csv.row(row).expect("row");
        }
        csv.finish().expect("finish")
    }

    #[test]
    fn csvs_start_with_the_bom_unless_told_not_to() {
        let csv = table_csv(&[vec![Cell::Text("京浜".into()), Cell::Number(1.5)]], Bom::Write);
        assert_eq!(csv, "\u{feff}name,value\n京浜,1.5\n".as_bytes());
        let plain = table_csv(&[], Bom::Leave);
        assert_eq!(plain, b"name,value\n");
    }

    #[test]
    fn cells_with_commas_or_quotes_are_quoted() {
        let rows = vec![
            vec![Cell::Text("a,b".into()), Cell::Text("say \"x\"".into())],
            vec![Cell::Empty, Cell::Date("2011-12-22".into())],
        ];
        let csv = table_csv(&rows, Bom::Leave);
        assert_eq!(
            String::from_utf8(csv).expect("utf-8"),
            "name,value\n\"a,b\",\"say \"\"x\"\"\"\n,2011-12-22\n"
        );
    }
}
