//! The batch's files in the output directory and the one way tables are written:
//! `records.ndjson`, `manifest.ndjson`, the tables `observations.csv`, `reports.csv`,
//! `local_measures.csv`, `panel.csv` and `restatements.csv` (and the same tables as the
//! sheets of `--xlsx`), in input-name order and without timestamps, so the same inputs
//! give the same bytes. A table is a list of rows of typed [`Cell`]s; every CSV is
//! written by [`TableCsv`], which starts it with a UTF-8 byte order mark unless asked not
//! to: Excel opens a CSV without one in the system's legacy code page (Shift_JIS on
//! Japanese Windows), turning every Japanese cell into mojibake. They are published
//! together as one set (see `publish`), so a reader (or an interruption) never sees half
//! a file or a mix of two runs.

use std::io::Write;

use tokku::jp::zones::Zone;
use tokku::record::Record;
pub use tokku::tables::{
    number_text, observation_rows, official_zone_name, report_cells, Cell, OBSERVATION_COLUMNS,
    PANEL_COLUMNS, RESTATEMENT_COLUMNS,
};

use super::manifest::error_code_name;

pub const RECORDS_FILE: &str = "records.ndjson";
pub const MANIFEST_FILE: &str = "manifest.ndjson";
pub const OBSERVATIONS_FILE: &str = "observations.csv";
pub const REPORTS_FILE: &str = "reports.csv";
/// The 別紙3 rows of every report.
pub const LOCAL_MEASURES_FILE: &str = "local_measures.csv";
pub const PANEL_FILE: &str = "panel.csv";
pub const RESTATEMENTS_FILE: &str = "restatements.csv";
pub const PANEL_WARNINGS_FILE: &str = "panel_warnings.ndjson";

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

/// A table of the batch: its sheet name in the workbook, its CSV file and its columns.
#[derive(Debug, Clone, Copy)]
pub struct Table {
    pub sheet: &'static str,
    pub file: &'static str,
    pub columns: &'static [&'static str],
}

/// The columns of `reports.csv`.
pub const REPORT_COLUMNS: [&str; 16] = [
    "file",
    "status",
    "error_code",
    "title",
    "fiscal_year",
    "zone_kind",
    "zone_name",
    "zone_official_name",
    "authors",
    "designated_on",
    "plan_approved_on",
    "plan_last_approved_on",
    "previous_score",
    "targets",
    "observations",
    "warnings",
];

/// The columns of `local_measures.csv`, the columns of the SQLite table `local_measures`
/// with the report's identity instead of its id; `related_targets` joined by `;`.
pub const LOCAL_MEASURE_COLUMNS: [&str; 12] = [
    "file",
    "zone_kind",
    "zone_name",
    "zone_official_name",
    "report_fiscal_year",
    "category",
    "name",
    "summary",
    "related_targets",
    "result",
    "authority",
    "page",
];

/// The tables made from each record, in the order of [`rows_of`].
pub const RECORD_TABLES: [Table; 3] = [
    Table { sheet: "observations", file: OBSERVATIONS_FILE, columns: &OBSERVATION_COLUMNS },
    Table { sheet: "reports", file: REPORTS_FILE, columns: &REPORT_COLUMNS },
    Table { sheet: "local_measures", file: LOCAL_MEASURES_FILE, columns: &LOCAL_MEASURE_COLUMNS },
];

/// The tables of the panel (made from all records once they are written).
pub const PANEL_TABLES: [Table; 2] = [
    Table { sheet: "panel", file: PANEL_FILE, columns: &PANEL_COLUMNS },
    Table { sheet: "restatements", file: RESTATEMENTS_FILE, columns: &RESTATEMENT_COLUMNS },
];

/// Every table, in sheet order: the record tables, then the panel's.
pub fn all_tables() -> Vec<Table> {
    RECORD_TABLES.iter().chain(&PANEL_TABLES).copied().collect()
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

/// The rows a record gives each table (in [`RECORD_TABLES`] order): its `observations`
/// rows (one per 数値目標 × fiscal year of its 別紙1 series), its `reports` row (whether
/// it gave a report, `ok`, or an error record, `error` with the code, and the report's
/// header — not the manifest's status: the table is the same whether a record was
/// extracted in this run or reused) and its `local_measures` rows. The batch writes
/// them a record at a time.
pub fn rows_of(record: &Record, zones: &[Zone]) -> [Vec<Vec<Cell>>; 3] {
    let status = if record.error.is_some() { "error" } else { "ok" };
    let error_code = record.error.as_ref().map(|e| error_code_name(e.code));
    let official = official_zone_name(record, zones);
    [
        observation_rows(record, &official),
        vec![report_row(record, status, error_code, &official)],
        local_measure_rows(record, &official),
    ]
}

fn report_row(
    record: &Record,
    status: &str,
    error_code: Option<String>,
    official: &Option<String>,
) -> Vec<Cell> {
    let report = record.report.clone().unwrap_or_default();
    let targets = record.indicators.iter().map(|i| i.targets.len()).sum::<usize>();
    let observations =
        record.indicators.iter().flat_map(|i| &i.targets).map(|t| t.series.len()).sum::<usize>();
    vec![
        Cell::Text(record.source.file.clone()),
        Cell::Text(status.to_string()),
        Cell::text(error_code),
        Cell::text(report.title),
        Cell::year(report.fiscal_year),
        Cell::text(report.zone_kind),
        Cell::text(report.zone_name),
        Cell::text(official.clone()),
        Cell::text(Some(report.authors.join("、"))),
        Cell::date(report.designated_on),
        Cell::date(report.plan_approved_on),
        Cell::date(report.plan_last_approved_on),
        Cell::number(report.previous_score),
        Cell::Number(targets as f64),
        Cell::Number(observations as f64),
        Cell::Number(record.warnings.len() as f64),
    ]
}

/// One row per 別紙3 row of the record (`related_targets` joined by `;`).
fn local_measure_rows(record: &Record, official: &Option<String>) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    let Some(report) = &record.report else { return rows };
    for measure in &record.local_measures {
        let mut row = report_cells(record, report, official);
        row.extend([
            Cell::Text(measure.category.name().to_string()),
            Cell::Text(measure.name.clone()),
            Cell::text(measure.summary.clone()),
            Cell::Text(measure.related_targets.join(";")),
            Cell::text(measure.result.clone()),
            Cell::text(measure.authority.clone()),
            Cell::number(measure.page.map(f64::from)),
        ]);
        rows.push(row);
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokku::jp::Quantity;
    use tokku::tables::observation_unit;

    fn quantity(value: f64, unit: &str) -> Quantity {
        Quantity { value, unit: unit.to_string(), text: String::new() }
    }

    #[test]
    fn numbers_print_like_the_records() {
        assert_eq!(number_text(47_500_000_000.0), "47500000000");
        assert_eq!(number_text(-18.0), "-18");
        assert_eq!(number_text(133.3), "133.3");
    }

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

    #[test]
    fn differing_units_are_both_shown() {
        assert_eq!(
            observation_unit(Some(&quantity(1.0, "円")), Some(&quantity(2.0, "円"))).as_deref(),
            Some("円")
        );
        assert_eq!(observation_unit(None, Some(&quantity(2.0, "人"))).as_deref(), Some("人"));
        assert_eq!(
            observation_unit(Some(&quantity(1.0, "円")), Some(&quantity(2.0, "人"))).as_deref(),
            Some("円/人")
        );
        assert_eq!(observation_unit(None, None), None);
    }
}
