//! 別紙1 year tables of text inputs, read by cell order: text carries no positions, so
//! a value's column is its tab-separated cell index, and the record says so
//! (`strategy: "cell_order"`).

use super::{ProblemKind, RowKind, TableProblem, YearTable};
use crate::jp::normalize::compact;
use crate::jp::parse_fiscal_year;
use crate::text::document::DocPage;

/// True for a text line that is a fiscal-year header: two or more cells read as fiscal
/// years, and any other cell empty or a title left of the years (`評価指標`, `数値目標`).
fn header_years(cells: &[&str]) -> Option<Vec<i32>> {
    let years: Vec<i32> = cells.iter().filter_map(|c| parse_fiscal_year(c)).collect();
    if years.len() < 2 {
        return None;
    }
    let first_year = cells.iter().position(|c| parse_fiscal_year(c).is_some())?;
    let fits = cells.iter().enumerate().all(|(i, c)| {
        c.trim().is_empty()
            || parse_fiscal_year(c).is_some()
            || (i < first_year && !c.chars().any(|ch| ch.is_ascii_digit()))
    });
    fits.then_some(years)
}

/// Reads the tables of text pages: a header line with fiscal-year cells, then lines
/// whose cell starts with 目標値 / 実績値 / 進捗度; values go by tab-separated cell index.
/// A table whose rows go on over a page break (with or without its header repeated)
/// stays open until all three rows are read or another table starts.
#[derive(Debug, Default)]
pub(super) struct CellOrderReader {
    done: Vec<YearTable>,
    open: Option<YearTable>,
    label_cells: Vec<String>,
}

impl CellOrderReader {
    fn close(&mut self) {
        if let Some(table) = self.open.take() {
            self.done.push(table);
        }
        self.label_cells.clear();
    }

    pub(super) fn finish(&mut self) -> Vec<YearTable> {
        self.close();
        std::mem::take(&mut self.done)
    }

    pub(super) fn read_page(&mut self, page: &DocPage) {
        for line in &page.lines {
            let cells: Vec<&str> = line.split('\t').collect();
            if let Some(years) = header_years(&cells) {
                // A header repeated over a page break continues the open table.
                let repeats =
                    self.open.as_ref().is_some_and(|t| t.years == years && !rows_complete(t));
                if !repeats {
                    self.close();
                    self.open = Some(YearTable {
                        page: page.number,
                        label_text: String::new(),
                        targets: vec![None; years.len()],
                        actuals: vec![None; years.len()],
                        progress: vec![None; years.len()],
                        years,
                        problems: Vec::new(),
                        strategy: "cell_order",
                        row_bounds: "cells",
                        confidence: 1.0,
                        last_page: page.number,
                        cells: Vec::new(),
                    });
                }
                continue;
            }
            let Some(table) = self.open.as_mut() else { continue };
            let label_at = cells.iter().enumerate().find_map(|(i, cell)| {
                let compact = compact(cell);
                RowKind::ALL.into_iter().find(|k| compact.starts_with(k.label())).map(|k| (i, k))
            });
            let Some((index, kind)) = label_at else { continue };
            if table.row_mut(kind).iter().any(Option::is_some) {
                continue;
            }
            table.last_page = page.number;
            self.label_cells.extend(cells[..index].iter().map(|c| c.to_string()));
            // The label cell may hold the first value too: "目標値 200人".
            let label_cell = compact(cells[index]);
            let rest =
                label_cell.trim_start_matches(kind.label()).trim_start_matches("(%)").to_string();
            let mut values: Vec<String> = Vec::new();
            if !rest.is_empty() {
                values.push(rest);
            }
            values.extend(cells[index + 1..].iter().map(|c| compact(c)));
            let width = table.years.len();
            if values.iter().skip(width).any(|v| !v.is_empty()) {
                table.problems.push(TableProblem {
                    kind: ProblemKind::ExtraCells,
                    row: kind,
                    columns: Vec::new(),
                    page: page.number,
                    message: format!("{} row has more cells than fiscal years", kind.label()),
                });
            }
            let row = table.row_mut(kind);
            for (slot, value) in row.iter_mut().zip(values) {
                if !value.is_empty() {
                    *slot = Some(value);
                }
            }
            table.label_text = compact(&self.label_cells.concat());
        }
    }
}

/// True when the table's three rows all hold a value.
fn rows_complete(table: &YearTable) -> bool {
    [&table.targets, &table.actuals, &table.progress]
        .iter()
        .all(|row| row.iter().any(Option::is_some))
}

#[cfg(test)]
mod tests {
    use crate::report::annex1::read_year_tables;
    use crate::text::document::Doc;

    #[test]
    fn text_tables_go_by_cell_index() {
        let doc = Doc::from_text(
            "■ 目標に向けた取組の進捗に関する評価\n\t\t当初(平成29年度)\t平成30年度\t令和元年度\n評価指標(1)\t数値目標(1) 国際共同治験件数\t目標値 48件\t53件\t58件\n\t\t実績値\t105件\t\t100件\n",
        );
        let tables = read_year_tables(&doc);
        assert_eq!(tables.len(), 1);
        let t = &tables[0];
        assert_eq!(t.years, vec![2017, 2018, 2019]);
        assert_eq!(t.targets, vec![Some("48件".into()), Some("53件".into()), Some("58件".into())]);
        assert_eq!(t.actuals, vec![Some("105件".into()), None, Some("100件".into())]);
        assert!(t.label_text.contains("国際共同治験件数"));
    }
}
