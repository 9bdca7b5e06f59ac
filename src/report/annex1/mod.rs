//! 別紙1 year tables: finds each table's fiscal-year header and its 目標値 / 実績値 /
//! 進捗度 rows, and puts every value under the fiscal year whose column it stands in.
//!
//! For PDFs the column is decided by horizontal overlap with the header cell, never by
//! the order of values in the text, because empty cells vanish from plain text. Two
//! strategies bound the header cells: `lattice` where vertical ruling lines enclose every
//! year column (cells come from the grid; a border missing inside a row merges cells, and
//! a value in a merged cell belongs to no single year), and `stream` where they do not
//! (each column reaches halfway to its neighbours). Rows are found by their labels
//! wherever they stand and bounded by horizontal rules where there are any. A table
//! whose rows continue on the next page (with or without a repeated header) is joined.
//! Rotated pages are read upright (`lines::upright`). A value that cannot be placed in
//! exactly one column is reported in `problems` and left out, never guessed.
//!
//! Text inputs carry no positions: there a value's column is its tab-separated cell
//! index, and the record says so.
//!
//! The reading by position is `by_position` (PDF pages), the reading by cell order
//! `by_cell_order` (text inputs); this module holds what both give and the entry
//! [`read_year_tables`].

mod by_cell_order;
mod by_position;

use by_cell_order::CellOrderReader;
use by_position::PositionReader;

use crate::text::document::Doc;

/// Which row of a year table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Target,
    Actual,
    Progress,
}

impl RowKind {
    const ALL: [RowKind; 3] = [RowKind::Target, RowKind::Actual, RowKind::Progress];

    fn label(self) -> &'static str {
        match self {
            RowKind::Target => "目標値",
            RowKind::Actual => "実績値",
            RowKind::Progress => "進捗度",
        }
    }
}

/// A year table as read: fiscal years and the raw (normalized) cell text per column.
#[derive(Debug, Clone, PartialEq)]
pub struct YearTable {
    /// Page the table's first numeric row stands on.
    pub page: u32,
    /// Page of its last numeric row (later than `page` for a table split over pages).
    pub last_page: u32,
    /// Text of the cells left of the row labels (評価指標, 数値目標 name and goal).
    pub label_text: String,
    pub years: Vec<i32>,
    pub targets: Vec<Option<String>>,
    pub actuals: Vec<Option<String>>,
    pub progress: Vec<Option<String>>,
    /// What could not be read with certainty: values not placed in exactly one column
    /// (never guessed), rows not found, surplus cells.
    pub problems: Vec<TableProblem>,
    /// "lattice" (ruling lines bound the columns), "stream" (alignment only) or
    /// "cell_order" (text input).
    pub strategy: &'static str,
    /// How the rows were bounded: "rules" (horizontal ruling lines around every row),
    /// "labels" (from one row label to the next) or "cells" (text input).
    pub row_bounds: &'static str,
    /// How sure the reading is, 0 to 1: the share of the three rows found, times the
    /// share of column borders actually drawn in every row (lattice) or 0.9 (stream:
    /// borders inferred), times the smallest placement margin of a value (its share in
    /// its column minus its share in the next), times the share of values placed. For a
    /// person reading `tokku tables`; the record does not carry it.
    pub confidence: f64,
    /// Where the table was read (PDF tables only): every cell of the three rows under
    /// every fiscal-year column, with its box and the box of the words placed in it. For
    /// a person checking the reading (`tokku review` draws them); the record does not
    /// carry them.
    pub cells: Vec<CellBox>,
}

/// A rectangle on a page, in points from the top left of the upright page
/// (`lines::upright`), the coordinates of `lines::Word`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct BoxOnPage {
    pub x0: f64,
    pub top: f64,
    pub x1: f64,
    pub bottom: f64,
}

/// One cell of a year table as found on its page.
#[derive(Debug, Clone, PartialEq)]
pub struct CellBox {
    pub row: RowKind,
    /// Index into `years`.
    pub column: usize,
    pub page: u32,
    /// The cell: the column's bounds (ruling lines, or halfway to the neighbours) across
    /// the row's band.
    pub cell: BoxOnPage,
    /// The words placed in the cell (their value is the table's text), when any.
    pub words: Option<BoxOnPage>,
}

/// What kind of doubt a [`TableProblem`] is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ProblemKind {
    /// A value that stands across column borders, in a merged cell or under no column;
    /// it was left out.
    Unplaced,
    /// One of the rows 目標値 / 実績値 / 進捗度 was not found.
    RowMissing,
    /// A text row with more cells than fiscal years.
    ExtraCells,
}

/// One doubt about a year table, with where it stands.
#[derive(Debug, Clone, PartialEq)]
pub struct TableProblem {
    pub kind: ProblemKind,
    pub row: RowKind,
    /// The fiscal-year columns concerned (indexes into `years`), when known.
    pub columns: Vec<usize>,
    pub page: u32,
    pub message: String,
}

impl std::fmt::Display for TableProblem {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.message)
    }
}

impl RowKind {
    /// The row's field name in a series point.
    pub fn field(self) -> &'static str {
        match self {
            RowKind::Target => "target",
            RowKind::Actual => "actual",
            RowKind::Progress => "progress_pct",
        }
    }
}

impl YearTable {
    fn row_mut(&mut self, kind: RowKind) -> &mut Vec<Option<String>> {
        match kind {
            RowKind::Target => &mut self.targets,
            RowKind::Actual => &mut self.actuals,
            RowKind::Progress => &mut self.progress,
        }
    }
}

/// The words that open a 別紙1 table.
const ANNEX1_WORDS: &str = "目標に向けた取組の進捗に関する評価";

/// True for a line that opens a 別紙1 table: `■ 目標に向けた取組の進捗に関する評価`,
/// also without its `■` or behind `別紙1`, but not the body's section 3 heading that
/// refers to it (`3 目標に向けた取組の進捗に関する評価（別紙1）`).
pub fn is_annex1_heading(line: &str) -> bool {
    // Both forms hold the words; most lines lack even their rarest character.
    if !line.contains('捗') {
        return false;
    }
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if compact.starts_with('■') {
        return compact.trim_start_matches('■').starts_with(ANNEX1_WORDS);
    }
    let words = compact.trim_start_matches("別紙1").trim_start_matches(':');
    words.starts_with(ANNEX1_WORDS)
        && !words.contains("別紙")
        && words.chars().count() <= ANNEX1_WORDS.chars().count() + 4
}

/// True for a line that opens 別紙2 or 別紙3 (the end of 別紙1): a `■` heading, or a
/// line `別紙2` / `別紙3`.
fn is_later_annex_heading(line: &str) -> bool {
    if !line.contains(['■', '別']) {
        return false;
    }
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    (compact.starts_with('■') && !is_annex1_heading(line))
        || compact == "別紙2"
        || compact == "別紙3"
}

/// Reads every 別紙1 year table of the document.
pub fn read_year_tables(doc: &Doc) -> Vec<YearTable> {
    let mut tables = Vec::new();
    let mut reader = PositionReader::default();
    let mut text_reader = CellOrderReader::default();
    let mut inside = false;
    for page in &doc.pages {
        let starts_here = page.lines.iter().any(|l| is_annex1_heading(l));
        if starts_here {
            inside = true;
        } else if page.lines.iter().any(|l| is_later_annex_heading(l)) {
            inside = false;
        }
        if !inside {
            tables.extend(reader.finish());
            tables.extend(text_reader.finish());
            continue;
        }
        match &page.layout {
            Some(layout) => reader.read_page(layout, &page.layout_lines, &page.furniture),
            None => text_reader.read_page(page),
        }
    }
    tables.extend(reader.finish());
    tables.extend(text_reader.finish());
    tables
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_heading_words_hold_the_character_that_prefilters_lines() {
        assert!(ANNEX1_WORDS.contains('捗'), "is_annex1_heading rejects lines without 捗");
        assert!(is_annex1_heading("■ 目標に向けた取組の進 捗に関する評価"));
        assert!(!is_annex1_heading("■規制の特例措置等を活用した事業の実績及び評価"));
    }
}
