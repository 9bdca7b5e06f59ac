//! The tidy tables of records, as typed cells: the rows of the batch's `observations.csv`
//! (one per report × 数値目標 × 別紙1 fiscal year) and the [`panel`] (each zone across its
//! report years). One implementation for every reader: the batch writes these rows as
//! CSV, SQLite and xlsx (the binary's `batch/`), the Python package gives them as
//! DataFrames.

pub mod panel;

use crate::jp::Quantity;
use crate::record::Record;

/// A value of a table cell, typed for a spreadsheet.
#[derive(Debug, Clone, PartialEq)]
pub enum Cell {
    Text(String),
    Number(f64),
    /// A calendar date as the record gives it, `YYYY-MM-DD`.
    Date(String),
    Empty,
}

impl Cell {
    /// Text, or [`Cell::Empty`] when missing or empty.
    pub fn text(value: Option<String>) -> Cell {
        value.filter(|v| !v.is_empty()).map(Cell::Text).unwrap_or(Cell::Empty)
    }

    /// A number, or [`Cell::Empty`] when missing.
    pub fn number(value: Option<f64>) -> Cell {
        value.map(Cell::Number).unwrap_or(Cell::Empty)
    }

    /// A date, or [`Cell::Empty`] when missing.
    pub fn date(value: Option<String>) -> Cell {
        value.map(Cell::Date).unwrap_or(Cell::Empty)
    }

    /// The cell as CSV text: numbers as the records print them, empty when missing.
    pub fn csv_text(&self) -> String {
        match self {
            Cell::Text(text) | Cell::Date(text) => text.clone(),
            Cell::Number(value) => number_text(*value),
            Cell::Empty => String::new(),
        }
    }
}

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

/// One row per 数値目標 × fiscal year of the record's 別紙1 series, in
/// [`OBSERVATION_COLUMNS`] order (values in base units; none for an error record).
pub fn observation_rows(record: &Record) -> Vec<Vec<Cell>> {
    let mut rows = Vec::new();
    let Some(report) = &record.report else { return rows };
    for indicator in &record.indicators {
        for target in &indicator.targets {
            for point in &target.series {
                rows.push(vec![
                    Cell::Text(record.source.file.clone()),
                    Cell::text(report.zone_kind.clone()),
                    Cell::text(report.zone_name.clone()),
                    Cell::number(report.fiscal_year.map(f64::from)),
                    Cell::Number(f64::from(indicator.number)),
                    Cell::Text(target.key.clone()),
                    Cell::Text(target.name.clone()),
                    Cell::Number(f64::from(point.fiscal_year)),
                    Cell::text(observation_unit(point.target.as_ref(), point.actual.as_ref())),
                    Cell::number(point.target.as_ref().map(|q| q.value)),
                    Cell::number(point.actual.as_ref().map(|q| q.value)),
                    Cell::number(point.progress_pct),
                ]);
            }
        }
    }
    rows
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
