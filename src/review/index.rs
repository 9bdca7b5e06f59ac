//! `index.html`: every document reviewed, one row each (file, zone, year, status,
//! warnings, link), sortable by any column with the page's own script (allowed by its
//! hash in the Content-Security-Policy; without script the table simply stays in input
//! order).

use maud::{html, PreEscaped, DOCTYPE};

use crate::lang::Lang;

use super::assets::{head, SORT_SCRIPT};
use super::labels::{enumeration, fiscal_year, label};

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
    /// The page of the document's zone, when zone pages were written.
    pub zone_page: Option<String>,
}

/// The columns: heading, sort key.
fn columns(lang: Lang) -> [(&'static str, &'static str); 6] {
    [
        (label(lang, "file"), "file"),
        (label(lang, "zone_name"), "zone"),
        (label(lang, "fiscal_year"), "year"),
        (label(lang, "status"), "status"),
        (label(lang, "warnings"), "warnings"),
        (label(lang, "targets"), "targets"),
    ]
}

/// Renders the index page in `lang`; `zone_index` is the zone index's file when zone
/// pages were written.
pub fn render_index(entries: &[IndexEntry], zone_index: Option<&str>, lang: Lang) -> String {
    let errors = entries.iter().filter(|e| e.status != "ok").count();
    let warnings: usize = entries.iter().map(|e| e.warnings).sum();
    html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            (head(html! { "tokku review — " (entries.len()) " documents" }, true))
            body {
                h1 { "tokku review" }
                p.muted { (entries.len()) " " (label(lang, "documents")) " · " (label(lang, "errors")) " " (errors) " · " (label(lang, "warnings")) " " (warnings) " · " (label(lang, "sort_help"))
                    @if let Some(zones) = zone_index { " · " a.zone-index href=(zones) { (label(lang, "zone_index")) } } }
                table.sortable.index {
                    thead { tr { @for (heading, key) in columns(lang) { th { button type="button" data-key=(key) { (heading) } } } } }
                    tbody {
                        @for entry in entries {
                            tr data-status=(entry.status) {
                                td data-sort=(entry.file) { a href=(entry.page) { (entry.file) } }
                                td data-sort=(entry.zone_name.clone().unwrap_or_default()) {
                                    @match &entry.zone_page {
                                        Some(page) => a href=(page) { (entry.zone_name.clone().unwrap_or_default()) },
                                        None => (entry.zone_name.clone().unwrap_or_default()),
                                    }
                                }
                                td.num data-sort=(entry.fiscal_year.map(|y| y.to_string()).unwrap_or_default()) { @if let Some(y) = entry.fiscal_year { (fiscal_year(lang, y)) } }
                                td data-sort=(entry.status) data-status=(entry.status) class=(if entry.status == "ok" { "status-ok" } else { "status-error" }) { (enumeration(lang, "status", &entry.status)) }
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
