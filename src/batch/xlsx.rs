//! `--xlsx FILE`: the batch's tables as one Excel workbook, one sheet per table (the
//! same rows as the CSVs), written with rust_xlsxwriter: the header row bold and frozen,
//! numbers as numbers, dates as dates (formatted `yyyy-mm-dd`), text as text (so a key
//! like `1-1` stays text instead of turning into a date as it does when Excel opens the
//! CSV).

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::tables::{Cell, Table};

/// The workbook's bytes.
pub fn workbook(tables: &[&Table]) -> Result<Vec<u8>, XlsxError> {
    let mut workbook = Workbook::new();
    // A fixed creation time keeps the bytes the same for the same inputs (the file's
    // time says when it was written).
    let epoch = ExcelDateTime::from_ymd(2000, 1, 1)?;
    workbook.set_properties(&DocProperties::new().set_creation_datetime(&epoch).set_author("tokku"));
    let heading = Format::new().set_bold();
    let date = Format::new().set_num_format("yyyy-mm-dd");
    for table in tables {
        let sheet = workbook.add_worksheet();
        sheet.set_name(table.name)?;
        for (c, name) in table.columns.iter().enumerate() {
            sheet.write_string_with_format(0, column_index(c)?, *name, &heading)?;
        }
        for (r, row) in table.rows.iter().enumerate() {
            let r = u32::try_from(r + 1).map_err(|_| XlsxError::RowColumnLimitError)?;
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
                            sheet.write_datetime_with_format(r, c, &day, &date)?;
                        }
                        // Not a calendar date after all: kept as the text it is.
                        Err(_) => {
                            sheet.write_string(r, c, text)?;
                        }
                    },
                    Cell::Empty => {}
                }
            }
        }
        sheet.set_freeze_panes(1, 0)?;
        sheet.autofit();
    }
    workbook.save_to_buffer()
}

fn column_index(c: usize) -> Result<u16, XlsxError> {
    u16::try_from(c).map_err(|_| XlsxError::RowColumnLimitError)
}
