//! `index.html`: every document reviewed, one row each (file, zone, year, status,
//! warnings, link), sortable by any column with the page's own script (allowed by its
//! hash in the Content-Security-Policy; without script the table simply stays in input
//! order).

use maud::{html, PreEscaped, DOCTYPE};

use super::assets::{content_security_policy, SORT_SCRIPT, STYLE};

/// One document's row in the index.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexEntry {
    /// The input as named on the command line.
    pub file: String,
    /// The review page, relative to the index.
    pub page: String,
    pub zone_name: Option<String>,
    pub fiscal_year: Option<i32>,
    /// `ok`, or the error code.
    pub status: String,
    pub warnings: usize,
    pub targets: usize,
}

/// The columns: heading, sort key, and the cell's text and sort value.
const COLUMNS: [(&str, &str); 6] = [
    ("ファイル", "file"),
    ("特区の名称", "zone"),
    ("年度", "year"),
    ("状態", "status"),
    ("警告", "warnings"),
    ("数値目標", "targets"),
];

/// Renders the index page.
pub fn render_index(entries: &[IndexEntry]) -> String {
    let errors = entries.iter().filter(|e| e.status != "ok").count();
    let warnings: usize = entries.iter().map(|e| e.warnings).sum();
    html! {
        (DOCTYPE)
        html lang="ja" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(content_security_policy(true));
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { "tokku review — " (entries.len()) " documents" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                h1 { "tokku review" }
                p.muted { (entries.len()) " 文書 · エラー " (errors) " · 警告 " (warnings) " · 列見出しをクリックで並べ替え" }
                table.sortable.index {
                    thead { tr { @for (heading, key) in COLUMNS { th { button type="button" data-key=(key) { (heading) } } } } }
                    tbody {
                        @for entry in entries {
                            tr data-status=(entry.status) {
                                td data-sort=(entry.file) { a href=(entry.page) { (entry.file) } }
                                td { (entry.zone_name.clone().unwrap_or_default()) }
                                td.num data-sort=(entry.fiscal_year.map(|y| y.to_string()).unwrap_or_default()) { @if let Some(y) = entry.fiscal_year { (y) "年度" } }
                                td class=(if entry.status == "ok" { "status-ok" } else { "status-error" }) { (entry.status) }
                                td.num { (entry.warnings) }
                                td.num { (entry.targets) }
                            }
                        }
                    }
                }
                script { (PreEscaped(SORT_SCRIPT)) }
            }
        }
    }
    .into_string()
}
