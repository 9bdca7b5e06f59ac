//! `tokku tables FILE`: the 別紙1 year tables found in a document, each with its pages,
//! the strategy that read it and its confidence, and its values as a fiscal year × row
//! grid, for a person to check against the report.

use std::path::Path;
use std::process::ExitCode;

use tokku::extract::Extractor;
use tokku::lang::Lang;
use tokku::msg;
use tokku::pdf::limits::Limits;
use tokku::report::annex1;

use crate::cli::complain;
use crate::cli::output::{self, Output};
use crate::cli::text::{display_width, grid};

/// The body of `tokku tables`: status 1 when the document has no 別紙1 year table.
pub fn run(path: &Path, limits: &Limits, lang: Lang) -> ExitCode {
    let file = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            complain(tokku::extract::worker::cannot_read(&file, &e), lang);
            return ExitCode::from(1);
        }
    };
    let read = match Extractor::new().with_limits(*limits).with_lang(lang).read(&bytes, &file) {
        Ok(read) => read,
        Err(failure) => {
            complain(msg!("cli.file_failed", file = &file, message = failure.message), lang);
            return ExitCode::from(1);
        }
    };
    let found = annex1::read_year_tables(&read.doc);
    let mut report = String::new();
    for (number, table) in found.iter().enumerate() {
        let pages = if table.last_page == table.page {
            format!("page {}", table.page)
        } else {
            format!("pages {}-{}", table.page, table.last_page)
        };
        report.push_str(&format!(
            "table {} · {pages} · strategy {} · rows by {} · confidence {:.2}\n  label: {}\n",
            number + 1,
            table.strategy,
            table.row_bounds,
            table.confidence,
            table.label_text
        ));
        // A grid: one column per fiscal year, as wide as its widest cell; "·" = empty.
        let rows: [(&str, &Vec<Option<String>>); 3] =
            [("目標値", &table.targets), ("実績値", &table.actuals), ("進捗度", &table.progress)];
        let lines: Vec<(&str, Vec<String>)> = rows
            .iter()
            .map(|(label, row)| {
                let cells = (0..table.years.len())
                    .map(|k| row.get(k).cloned().flatten().unwrap_or_else(|| "·".into()))
                    .collect();
                (*label, cells)
            })
            .collect();
        let widths: Vec<usize> = (0..table.years.len())
            .map(|k| {
                lines.iter().map(|(_, cells)| display_width(&cells[k])).max().unwrap_or(1).max(6)
            })
            .collect();
        let years: Vec<String> = table.years.iter().map(|y| format!("{y}年度")).collect();
        report.push_str(&grid(&years, &lines, &widths));
        for problem in &table.problems {
            report.push_str(&format!("  ! {}\n", problem.message.render(lang)));
        }
    }
    let mut out = Output::stdout();
    if let Err(stop) = out.text(&report) {
        return stop.exit("tables");
    }
    if found.is_empty() {
        complain(msg!("cli.no_year_tables", file = &file), lang);
        return output::finish(out, "tables", ExitCode::from(1));
    }
    output::finish(out, "tables", ExitCode::SUCCESS)
}
