//! The tidy tables of records, as typed cells: the rows of the batch's `observations.csv`
//! (one per report × 数値目標 × 別紙1 fiscal year) and the [`panel`] (each zone across its
//! report years, with restatements). One implementation for every reader: the batch
//! writes these rows as CSV, SQLite and xlsx (the binary's `cli/batch/`), the Python
//! package (`python/`) gives them as DataFrames.

pub mod panel;

use crate::jp::zones::{lookup_in, Zone};
use crate::jp::Quantity;
use crate::record::{Record, ReportHeader};

/// The columns of `observations.csv`, the same as the SQLite view `observation_rows`.
pub const OBSERVATION_COLUMNS: [&str; 13] = [
    "file",
    "zone_kind",
    "zone_name",
    "zone_official_name",
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

/// The columns of `panel.csv` and of the SQLite table `panel` (schemas/panel.sql).
pub const PANEL_COLUMNS: [&str; 13] = [
    "zone",
    "zone_official_name",
    "target_key",
    "target_name",
    "fiscal_year",
    "unit",
    "target",
    "target_report_year",
    "actual",
    "actual_report_year",
    "progress_pct",
    "progress_report_year",
    "restated",
];

/// The columns of `restatements.csv` and of the SQLite table `restatements`.
pub const RESTATEMENT_COLUMNS: [&str; 13] = [
    "zone",
    "zone_official_name",
    "target_key",
    "target_name",
    "fiscal_year",
    "field",
    "unit",
    "value",
    "report_year",
    "file",
    "latest_value",
    "latest_report_year",
    "latest_file",
];

/// The columns of the batch's tables (these and `reports.csv`, `local_measures.csv`)
/// whose cells are text even when a value looks like a number (a 数値目標 key `2`): the
/// workbook writes them as text, and readers of the CSVs (the Python package's
/// `read_output`) read them as text. A set, grouped by the table a name first appears in.
#[rustfmt::skip]
pub const TEXT_COLUMNS: [&str; 20] = [
    // observations.csv, reports.csv and local_measures.csv: the report's identity
    "file", "zone_kind", "zone_name", "zone_official_name",
    // reports.csv
    "status", "error_code", "title", "authors",
    // panel.csv and restatements.csv (and the target columns of observations.csv)
    "zone", "target_key", "target_name", "unit", "field", "latest_file",
    // local_measures.csv
    "category", "name", "summary", "related_targets", "result", "authority",
];

/// A value of a table cell, typed for a spreadsheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// A calendar date as the record gives it, `YYYY-MM-DD`.
    Date(String),
    /// A year: a number, but shown without a thousands separator.
    Year(i32),
    Empty,
}

impl Cell {
    /// Text, or empty when missing or empty.
    pub fn text(value: Option<String>) -> Cell {
        value.filter(|v| !v.is_empty()).map(Cell::Text).unwrap_or(Cell::Empty)
    }

    /// A number when there is one.
    pub fn number(value: Option<f64>) -> Cell {
        value.map(Cell::Number).unwrap_or(Cell::Empty)
    }

    /// A year when there is one.
    pub fn year(value: Option<i32>) -> Cell {
        value.map(Cell::Year).unwrap_or(Cell::Empty)
    }

    /// A date when there is one.
    pub fn date(value: Option<String>) -> Cell {
        value.map(Cell::Date).unwrap_or(Cell::Empty)
    }

    /// The cell as CSV text: numbers as the records print them, empty when missing.
    pub fn csv_text(&self) -> String {
        match self {
            Cell::Text(text) | Cell::Date(text) => text.clone(),
            Cell::Number(value) => number_text(*value),
            Cell::Year(year) => year.to_string(),
            Cell::Empty => String::new(),
        }
    }
}

/// The zone's official name for the flat tables: the one the record found in the
/// official list, else the report's name looked up in `zones` (the batch's `--zones`
/// list first, then the official one), so that every table of a batch groups a zone
/// as its panel does.
pub fn official_zone_name(record: &Record, zones: &[Zone]) -> Option<String> {
    let report = record.report.as_ref()?;
    let looked_up = || {
        let name = report.zone_name.as_deref()?;
        lookup_in(zones, name).zone().map(|zone| zone.official_name.clone())
    };
    looked_up().or_else(|| report.zone_official_name.clone())
}

/// One row per 数値目標 × fiscal year of the record's 別紙1 series, in
/// [`OBSERVATION_COLUMNS`] order; `official` is [`official_zone_name`] of the record.
pub fn observation_rows(record: &Record, official: &Option<String>) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    let Some(report) = &record.report else { return rows };
    for indicator in &record.indicators {
        for target in &indicator.targets {
            for point in &target.series {
                let mut row = report_cells(record, report, official);
                row.extend([
                    Cell::Number(f64::from(indicator.number)),
                    Cell::Text(target.key.clone()),
                    Cell::Text(target.name.clone()),
                    Cell::Year(point.fiscal_year),
                    Cell::text(observation_unit(point.target.as_ref(), point.actual.as_ref())),
                    Cell::number(point.target.as_ref().map(|q| q.value)),
                    Cell::number(point.actual.as_ref().map(|q| q.value)),
                    Cell::number(point.progress_pct),
                ]);
                rows.push(row);
            }
        }
    }
    rows
}

/// The report's cells that lead every per-report table's rows (`observations.csv`,
/// `local_measures.csv`): file, zone_kind, zone_name, zone_official_name (`official`,
/// see [`official_zone_name`]) and the report's fiscal year.
pub fn report_cells(
    record: &Record,
    report: &ReportHeader,
    official: &Option<String>,
) -> Vec<Cell> {
    vec![
        Cell::Text(record.source.file.clone()),
        Cell::text(report.zone_kind.clone()),
        Cell::text(report.zone_name.clone()),
        Cell::text(official.clone()),
        Cell::year(report.fiscal_year),
    ]
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
