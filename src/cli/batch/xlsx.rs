//! `--xlsx FILE`: the batch's tables as one Excel workbook, one sheet per table (the
//! same rows as the CSVs, the panel's included), written with rust_xlsxwriter: the
//! header row bold and frozen with an autofilter over the sheet, numbers as numbers with
//! a thousands separator (years without), dates as dates (formatted `yyyy-mm-dd`), text
//! as text (so a key like `1-1` stays text instead of turning into a date as it does
//! when Excel opens the CSV). The sheets are in rust_xlsxwriter's constant-memory mode (each row goes to a
//! temporary file once the next begins, strings inline), so a workbook of many
//! documents does not grow in memory; the columns are fitted to the widest cell seen,
//! measured as rows are written (`cell_autofit_width`), since the writer no longer
//! holds the rows to fit them at the end.

use rust_xlsxwriter::utility::cell_autofit_width;
use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use std::path::Path;

use super::outputs::{number_text, Cell, Table};
use crate::cli::text::thousands;

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
}

impl WorkbookWriter {
    /// A workbook with a sheet per table (name, columns): the header row bold and frozen.
    pub fn new(tables: &[Table]) -> Result<WorkbookWriter, XlsxError> {
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
                sheet.write_string_with_format(0, column_index(c)?, *column, &heading)?;
            }
        }
        let widths = tables
            .iter()
            .map(|table| table.columns.iter().map(|c| cell_autofit_width(c)).collect())
            .collect();
        Ok(WorkbookWriter {
            workbook,
            next_rows: vec![1; tables.len()],
            widths,
            date: Format::new().set_num_format("yyyy-mm-dd"),
            whole: Format::new().set_num_format("#,##0"),
            fraction: Format::new().set_num_format("#,##0.0##"),
            year: Format::new().set_num_format("0"),
        })
    }

    /// Adds a row to the sheet of table number `table`.
    pub fn add_row(&mut self, table: usize, row: &[Cell]) -> Result<(), XlsxError> {
        let next = self.next_rows.get_mut(table).ok_or(XlsxError::RowColumnLimitError)?;
        let r = *next;
        *next = r.checked_add(1).ok_or(XlsxError::RowColumnLimitError)?;
        let sheet = self.workbook.worksheet_from_index(table)?;
        let widths = self.widths.get_mut(table).ok_or(XlsxError::RowColumnLimitError)?;
        for (c, cell) in row.iter().enumerate() {
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
