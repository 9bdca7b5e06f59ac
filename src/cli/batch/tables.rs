//! The batch's tables as typed cells, written both as CSV (`outputs`) and as sheets of an
//! .xlsx workbook (`xlsx`), so the two always hold the same rows: `observations` (one
//! row per report × 数値目標 × 別紙1 fiscal year) and `reports` (one row per input: its
//! status and the report's header, dates included).

use tokku::record::Record;
use tokku::tables::observation_rows;
pub use tokku::tables::Cell;

use super::manifest::error_code_name;
use super::outputs::{LOCAL_MEASURE_COLUMNS, OBSERVATION_COLUMNS};

/// The columns of `reports.csv`.
pub const REPORT_COLUMNS: [&str; 15] = [
    "file",
    "status",
    "error_code",
    "title",
    "fiscal_year",
    "zone_kind",
    "zone_name",
    "authors",
    "designated_on",
    "plan_approved_on",
    "plan_last_approved_on",
    "previous_score",
    "targets",
    "observations",
    "warnings",
];

/// The tables of the batch, in file order, with their columns.
pub const TABLES: [(&str, &[&str]); 3] = [
    ("observations", &OBSERVATION_COLUMNS),
    ("reports", &REPORT_COLUMNS),
    ("local_measures", &LOCAL_MEASURE_COLUMNS),
];

/// The rows a record gives each table (in [`TABLES`] order): its `observations` rows
/// (one per 数値目標 × fiscal year of its 別紙1 series), its `reports` row (whether it
/// gave a report, `ok`, or an error record, `error` with the code, and the report's
/// header — not the manifest's `skipped`: the table is the same whether a record was
/// extracted in this run or reused) and its `local_measures` rows. The batch writes
/// them a record at a time.
pub fn rows_of(record: &Record) -> [Vec<Vec<Cell>>; 3] {
    let status = if record.error.is_some() { "error" } else { "ok" };
    let error_code = record.error.as_ref().map(|e| error_code_name(e.code));
    [
        observation_rows(record),
        vec![report_row(record, status, error_code)],
        local_measure_rows(record),
    ]
}

fn report_row(record: &Record, status: &str, error_code: Option<String>) -> Vec<Cell> {
    let report = record.report.clone().unwrap_or_default();
    let targets = record.indicators.iter().map(|i| i.targets.len()).sum::<usize>();
    let observations =
        record.indicators.iter().flat_map(|i| &i.targets).map(|t| t.series.len()).sum::<usize>();
    vec![
        Cell::Text(record.source.file.clone()),
        Cell::Text(status.to_string()),
        Cell::text(error_code),
        Cell::text(report.title),
        Cell::number(report.fiscal_year.map(f64::from)),
        Cell::text(report.zone_kind),
        Cell::text(report.zone_name),
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
fn local_measure_rows(record: &Record) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    let Some(report) = &record.report else { return rows };
    for measure in &record.local_measures {
        rows.push(vec![
            Cell::Text(record.source.file.clone()),
            Cell::text(report.zone_kind.clone()),
            Cell::text(report.zone_name.clone()),
            Cell::number(report.fiscal_year.map(f64::from)),
            Cell::Text(measure.category.name().to_string()),
            Cell::Text(measure.name.clone()),
            Cell::text(measure.summary.clone()),
            Cell::Text(measure.related_targets.join(";")),
            Cell::text(measure.result.clone()),
            Cell::text(measure.authority.clone()),
            Cell::number(measure.page.map(f64::from)),
        ]);
    }
    rows
}
