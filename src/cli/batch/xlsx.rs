//! `--xlsx FILE`: the batch's tables as one Excel workbook, one sheet per table (the
//! same rows as the CSVs, the panel's included), written with rust_xlsxwriter: the
//! header row bold and frozen with an autofilter over the sheet, numbers as numbers with
//! a thousands separator (years without), dates as dates (formatted `yyyy-mm-dd`), text
//! as text (so a key like `1-1` stays text instead of turning into a date as it does
//! when Excel opens the CSV). The sheets are in rust_xlsxwriter's constant-memory mode (each row goes to a
//! temporary file once the next begins, strings inline), so a workbook of many
//! documents does not grow in memory; the columns are fitted to the widest cell seen,
//! measured as rows are written (`cell_autofit_width`), since the writer no longer
//! holds the rows to fit them at the end. In Japanese (`--lang ja`) the header row and
//! the enumeration columns (`zone_kind`, `status`, `error_code`, `category`) carry
//! Japanese labels (`tokku::i18n::label`); the CSVs keep the records' codes.

use rust_xlsxwriter::utility::cell_autofit_width;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use std::path::Path;

use super::outputs::{number_text, Cell, Table};
use crate::cli::text::thousands;
use tokku::i18n::label;
use tokku::lang::Lang;

/// The workbook being written: one sheet per table, rows added a record at a time.
pub struct WorkbookWriter {
    workbook: Workbook,
    /// The next row of each sheet.
    next_rows: Vec<u32>,
    /// The widest cell of each column of each sheet, in pixels.
    widths: Vec<Vec<u32>>,
    date: Format,
    /// `#,##0` for whole numbers, `#,##0.0##` for the others.
    whole: Format,
    fraction: Format,
    year: Format,
    /// The columns of each sheet, and the language of labels.
    columns: Vec<Vec<&'static str>>,
    lang: Lang,
}

/// The columns whose values are codes of the record's enumerations.
const ENUMERATED: [&str; 4] = ["zone_kind", "status", "error_code", "category"];

/// A cell as the workbook shows it in `lang`: an enumeration code by its label.
fn shown(column: &str, cell: &Cell, lang: Lang) -> Cell {
    match cell {
        Cell::Text(code) if ENUMERATED.contains(&column) => Cell::Text(label(column, code, lang)),
        other => other.clone(),
    }
}

impl WorkbookWriter {
    /// A workbook with a sheet per table (name, columns): the header row bold and frozen.
    pub fn new(tables: &[Table], lang: Lang) -> Result<WorkbookWriter, XlsxError> {
        let mut workbook = Workbook::new();
        // A fixed creation time keeps the bytes the same for the same inputs (the file's
        // time says when it was written).
        let epoch = ExcelDateTime::from_ymd(2000, 1, 1)?;
        workbook.set_properties(
            &DocProperties::new().set_creation_datetime(&epoch).set_author("tokku"),
        );
        let heading = Format::new().set_bold();
        for table in tables {
            let sheet = workbook.add_worksheet_with_constant_memory()?;
            sheet.set_name(table.sheet)?;
            for (c, column) in table.columns.iter().enumerate() {
                let heading_text = label("column", column, lang);
                sheet.write_string_with_format(0, column_index(c)?, &heading_text, &heading)?;
            }
        }
        let widths = tables
            .iter()
            .map(|table| {
                table
                    .columns
                    .iter()
                    .map(|c| cell_autofit_width(&label("column", c, lang)))
                    .collect()
            })
            .collect();
        Ok(WorkbookWriter {
            workbook,
            next_rows: vec![1; tables.len()],
            widths,
            date: Format::new().set_num_format("yyyy-mm-dd"),
            whole: Format::new().set_num_format("#,##0"),
            fraction: Format::new().set_num_format("#,##0.0##"),
            year: Format::new().set_num_format("0"),
            columns: tables.iter().map(|table| table.columns.to_vec()).collect(),
            lang,
        })
    }

    /// Adds a row to the sheet of table number `table`.
    pub fn add_row(&mut self, table: usize, row: &[Cell]) -> Result<(), XlsxError> {
        let next = self.next_rows.get_mut(table).ok_or(XlsxError::RowColumnLimitError)?;
        let r = *next;
        *next = r.checked_add(1).ok_or(XlsxError::RowColumnLimitError)?;
        let sheet = self.workbook.worksheet_from_index(table)?;
        let widths = self.widths.get_mut(table).ok_or(XlsxError::RowColumnLimitError)?;
        let columns = self.columns.get(table).ok_or(XlsxError::RowColumnLimitError)?;
        for (c, cell) in row.iter().enumerate() {
            let cell = &shown(columns.get(c).copied().unwrap_or_default(), cell, self.lang);
            if let Some(width) = widths.get_mut(c) {
                *width = (*width).max(cell_width(cell));
            }
            let c = column_index(c)?;
            match cell {
                Cell::Text(text) => {
                    sheet.write_string(r, c, text)?;
                }
                Cell::Number(value) => {
                    let format = if value.fract() == 0.0 { &self.whole } else { &self.fraction };
                    sheet.write_number_with_format(r, c, *value, format)?;
                }
                Cell::Year(year) => {
                    sheet.write_number_with_format(r, c, f64::from(*year), &self.year)?;
                }
                Cell::Date(text) => match ExcelDateTime::parse_from_str(text) {
                    Ok(day) => {
                        sheet.write_datetime_with_format(r, c, &day, &self.date)?;
                    }
                    // Not a calendar date after all: kept as the text it is.
                    Err(_) => {
                        sheet.write_string(r, c, text)?;
                    }
                },
                Cell::Empty => {}
            }
        }
        Ok(())
    }

    /// Saves the workbook (columns fitted to their contents, an autofilter over each
    /// sheet) to the new file `path` (the zip is streamed to the file, never held whole
    /// in memory; the batch publishes it with its other outputs).
    pub fn finish(mut self, path: &Path) -> Result<(), XlsxError> {
        let sheets =
            self.workbook.worksheets_mut().iter_mut().zip(&self.widths).zip(&self.next_rows);
        for ((sheet, widths), next_row) in sheets {
            sheet.set_freeze_panes(1, 0)?;
            let last_column = column_index(widths.len().saturating_sub(1))?;
            sheet.autofilter(0, 0, next_row.saturating_sub(1), last_column)?;
            for (c, width) in widths.iter().enumerate() {
                sheet.set_column_autofit_width(column_index(c)?, *width)?;
            }
        }
        self.workbook.save(path)?;
        Ok(())
    }
}

/// The width a cell needs, in pixels: its text's (the widest line), a number's as the
/// CSV prints it, a date's as `yyyy-mm-dd`.
fn cell_width(cell: &Cell) -> u32 {
    match cell {
        Cell::Text(text) | Cell::Date(text) => {
            text.lines().map(cell_autofit_width).max().unwrap_or(0)
        }
        // With the thousands separators the format adds.
        Cell::Number(value) => cell_autofit_width(&thousands(&number_text(*value))),
        Cell::Year(year) => cell_autofit_width(&year.to_string()),
        Cell::Empty => 0,
    }
}

fn column_index(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::batch::outputs::all_tables;

    /// Every column of every sheet has a Japanese heading.
    #[test]
    fn every_column_has_a_japanese_heading() {
        for table in all_tables() {
            let (sheet, columns) = (table.sheet, table.columns);
            for column in columns {
                let ja = label("column", column, Lang::Ja);
                assert_ne!(&ja, column, "{sheet}.{column}: no Japanese heading");
                assert_eq!(label("column", column, Lang::En), *column);
            }
        }
    }

    #[test]
    fn enumeration_codes_show_as_labels_in_japanese_only() {
        let regional = Cell::Text("regional".into());
        assert!(
            matches!(shown("zone_kind", &regional, Lang::Ja), Cell::Text(t) if t == "地域活性化")
        );
        assert!(
            matches!(shown("zone_kind", &regional, Lang::En), Cell::Text(t) if t == "regional")
        );
        // A name is never a code, even when it reads like one.
        let name = Cell::Text("ok".into());
        assert!(matches!(shown("zone_name", &name, Lang::Ja), Cell::Text(t) if t == "ok"));
    }
}
