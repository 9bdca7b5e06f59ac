//! `--xlsx FILE`: the batch's tables as one Excel workbook, one sheet per table (the
//! same rows as the CSVs), written with rust_xlsxwriter: the header row bold and frozen,
//! numbers as numbers, dates as dates (formatted `yyyy-mm-dd`), text as text (so a key
//! like `1-1` stays text instead of turning into a date as it does when Excel opens the
//! CSV).

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::tables::Cell;

/// The workbook being written: one sheet per table, rows added a record at a time.
pub struct WorkbookWriter {
    workbook: Workbook,
    /// The next row of each sheet.
    next_rows: Vec<u32>,
    date: Format,
}

impl WorkbookWriter {
    /// A workbook with a sheet per table (name, columns): the header row bold and frozen.
    pub fn new(tables: &[(&str, &[&str])]) -> Result<WorkbookWriter, XlsxError> {
        let mut workbook = Workbook::new();
        // A fixed creation time keeps the bytes the same for the same inputs (the file's
        // time says when it was written).
        let epoch = ExcelDateTime::from_ymd(2000, 1, 1)?;
        workbook.set_properties(&DocProperties::new().set_creation_datetime(&epoch).set_author("tokku"));
        let heading = Format::new().set_bold();
        for (name, columns) in tables {
            let sheet = workbook.add_worksheet();
            sheet.set_name(*name)?;
            for (c, column) in columns.iter().enumerate() {
                sheet.write_string_with_format(0, column_index(c)?, *column, &heading)?;
            }
        }
        Ok(WorkbookWriter { workbook, next_rows: vec![1; tables.len()], date: Format::new().set_num_format("yyyy-mm-dd") })
    }

    /// Adds a row to the sheet of table number `table`.
    pub fn add_row(&mut self, table: usize, row: &[Cell]) -> Result<(), XlsxError> {
        let next = self.next_rows.get_mut(table).ok_or(XlsxError::RowColumnLimitError)?;
        let r = *next;
        *next = r.checked_add(1).ok_or(XlsxError::RowColumnLimitError)?;
        let sheet = self.workbook.worksheet_from_index(table)?;
        for (c, cell) in row.iter().enumerate() {
            let c = column_index(c)?;
            match cell {
                Cell::Text(text) => {
                    sheet.write_string(r, c, text)?;
                }
                Cell::Number(value) => {
                    sheet.write_number(r, c, *value)?;
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

    /// The workbook's bytes (columns fitted to their contents).
    pub fn finish(mut self) -> Result<Vec<u8>, XlsxError> {
        for sheet in self.workbook.worksheets_mut() {
            sheet.set_freeze_panes(1, 0)?;
            sheet.autofit();
        }
        self.workbook.save_to_buffer()
    }
}

fn column_index(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}
