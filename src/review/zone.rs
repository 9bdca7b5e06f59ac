//! Zone pages: one zone across its report years, as the batch's panel links them. Per
//! 数値目標 a chart over fiscal years with a line per report (a value a later report
//! restated is two points, ringed, both reports named), the goal and its period, the
//! yearly values (the latest report's, with where each comes from) and the restatements;
//! then the warnings by report year. And the zone index: zone, kind, reports held,
//! latest year and latest progress per indicator, linking to the zone pages and to each
//! document page. The panel itself is built by the binary's batch runner; this module
//! only draws what it is given ([`ZoneView`]). Rendered with maud, which escapes.

use maud::{html, Markup, DOCTYPE};

use crate::lang::Lang;
use crate::record::{Period, Warning};
use crate::tables::number_text as number;
use crate::tables::panel::{PanelWarning, Restatement};

use super::assets::head;
use super::chart::{report_colour, zone_chart, ReportLine, RestatedPoint};
use super::labels::{enumeration, fiscal_year, label};

/// The folder of the zone pages, inside the review folder.
pub const ZONE_DIR: &str = "zones";
/// The zone index's file name in the review folder.
pub const ZONE_INDEX_FILE: &str = "zones.html";

/// One zone as its page shows it.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ZoneView {
    /// The official name when the zone is listed, else the name its first report uses.
    pub zone: String,
    pub official: Option<String>,
    /// The zone kind code of the latest report (`international`, `regional`).
    pub kind: Option<String>,
    /// The zone page's file name inside [`ZONE_DIR`].
    pub page: String,
    /// Its reports by report year.
    pub reports: Vec<ZoneReport>,
    pub targets: Vec<ZoneTarget>,
    /// Warnings of linking the years (restatements, renames, changed goals, duplicates).
    pub panel_warnings: Vec<PanelWarning>,
}

/// One report of a zone.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ZoneReport {
    pub year: i32,
    pub file: String,
    /// Its document page's file name in the review folder.
    pub page: Option<String>,
    /// False for a second report of a year that the panel leaves out.
    pub used: bool,
    /// (number, name, progress) of each 評価指標.
    pub indicators: Vec<(u32, String, Option<f64>)>,
    pub warnings: Vec<Warning>,
}

/// A 数値目標 followed across the zone's reports.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ZoneTarget {
    pub key: String,
    /// Its name in the latest report.
    pub name: String,
    pub unit: String,
    /// The goal of the latest report that states one: its text, basis and report year.
    pub goal: Option<(String, Option<String>, i32)>,
    pub period: Option<Period>,
    /// Each report's values, by report year.
    pub lines: Vec<ZoneLine>,
    /// The latest value of each fiscal year.
    pub rows: Vec<ZoneRow>,
    /// The panel's restatements of this target.
    pub restatements: Vec<Restatement>,
}

/// A value and the text the report gives for it.
pub type StatedValue = Option<(f64, String)>;

/// One report's 別紙1 values of a target.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ZoneLine {
    pub report_year: i32,
    /// (fiscal year, 目標値, 実績値) with the texts the report gives.
    pub points: Vec<(i32, StatedValue, StatedValue)>,
}

/// A fiscal year's latest values, each with the report year it comes from.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ZoneRow {
    pub fiscal_year: i32,
    pub target: Option<(f64, i32)>,
    pub actual: Option<(f64, i32)>,
    pub progress_pct: Option<(f64, i32)>,
    pub restated: bool,
}

/// A number with its thousands grouped (`11,500,000,000`), as a person reads it.
fn grouped(value: f64) -> String {
    let text = number(value);
    let (sign, rest) = text.strip_prefix('-').map_or(("", text.as_str()), |r| ("-", r));
    let (whole, fraction) = rest.split_once('.').map_or((rest, None), |(w, f)| (w, Some(f)));
    let mut out = String::new();
    for (n, c) in whole.chars().enumerate() {
        if n > 0 && (whole.len() - n) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    match fraction {
        Some(f) => format!("{sign}{out}.{f}"),
        None => format!("{sign}{out}"),
    }
}

/// The href of a document page from a zone page (one folder down).
fn up(page: &str) -> String {
    format!("../{page}")
}

/// Renders a zone's page (it stands in [`ZONE_DIR`]: links go one folder up).
pub fn render_zone_page(zone: &ZoneView, lang: Lang) -> String {
    let page_of = |year: i32| {
        zone.reports.iter().find(|r| r.year == year && r.used).and_then(|r| r.page.clone())
    };
    let year_link = |year: i32| {
        html! {
            @match page_of(year) {
                Some(page) => a.report-link href=(up(&page)) data-report-year=(year) { (fiscal_year(lang, year)) (label(lang, "report_of")) },
                None => span { (fiscal_year(lang, year)) (label(lang, "report_of")) },
            }
        }
    };
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            (head(html! { (zone.zone) " — tokku review" }, false))
            body {
                p.muted {
                    a href=(up(super::INDEX_FILE)) { (label(lang, "back_to_index")) } " · "
                    a href=(up(ZONE_INDEX_FILE)) { (label(lang, "zone_index")) } " · tokku review"
                }
                h1 { (zone.zone) }
                table.facts {
                    tr { th { (label(lang, "zone_kind")) } td { @if let Some(k) = &zone.kind { (enumeration(lang, "zone_kind", k)) } } }
                    tr { th { (label(lang, "zone_reports")) } td {
                        @for (n, report) in zone.reports.iter().enumerate() {
                            @if n > 0 { " · " }
                            @match &report.page {
                                Some(page) => { a href=(up(page)) data-report-year=(report.year) { (fiscal_year(lang, report.year)) } " " },
                                None => { (fiscal_year(lang, report.year)) " " },
                            }
                            span.muted { (report.file) }
                        }
                    } }
                }
                @for target in &zone.targets {
                    (target_block(zone, target, lang, &year_link))
                }
                (warnings_by_year(zone, lang))
            }
        }
    };
    markup.into_string()
}

fn target_block(
    zone: &ZoneView,
    target: &ZoneTarget,
    lang: Lang,
    year_link: &dyn Fn(i32) -> Markup,
) -> Markup {
    let lines: Vec<ReportLine> = target
        .lines
        .iter()
        .map(|l| ReportLine {
            report_year: l.report_year,
            points: l
                .points
                .iter()
                .map(|(y, t, a)| {
                    (
                        *y,
                        t.as_ref().map(|(v, s)| (*v, s.as_str())),
                        a.as_ref().map(|(v, s)| (*v, s.as_str())),
                    )
                })
                .collect(),
        })
        .collect();
    let restated: Vec<RestatedPoint> = target
        .restatements
        .iter()
        .filter_map(|r| {
            let field = match r.field.as_str() {
                "target" => "target",
                "actual" => "actual",
                _ => return None,
            };
            Some((r.fiscal_year, field, r.report_year, r.latest_report_year))
        })
        .collect();
    let percent = |v: Option<(f64, i32)>| v.map(|(v, y)| (format!("{}%", number(v)), y));
    let amount = |v: Option<(f64, i32)>| v.map(|(v, y)| (grouped(v), y));
    html! {
        section.target-block.zone-target data-target-key=(target.key) {
            h2 { (label(lang, "target_heading")) " " (target.key) " " span.target-name { (target.name) } span.muted { " (" (target.unit) ")" } }
            div.target {
                div {
                    @if let Some(chart) = zone_chart(&target.key, &target.name, &target.unit, &lines, &restated, lang) {
                        (chart)
                        div.legend {
                            @for (n, line) in target.lines.iter().enumerate() {
                                span class=(report_colour(n)) data-report-year=(line.report_year) { "● " (fiscal_year(lang, line.report_year)) (label(lang, "report_of")) }
                            }
                            br;
                            span.muted { (label(lang, "line_per_report")) }
                            @if !restated.is_empty() { br; span.restated-note { (label(lang, "restated_help")) } }
                        }
                    } @else {
                        p.muted { (label(lang, "no_annex1_values")) }
                    }
                }
                div {
                    table.current {
                        tr { th { (label(lang, "goal")) } td.goal {
                            @if let Some((text, basis, year)) = &target.goal {
                                @if let Some(b) = basis { (enumeration(lang, "goal_basis", b)) " " }
                                (text) " " span.muted { "(" (fiscal_year(lang, *year)) (label(lang, "report_of")) ")" }
                            }
                        } }
                        tr { th { (label(lang, "goal_and_period")) } td.period {
                            @if let Some(p) = target.period { (fiscal_year(lang, p.start_fiscal_year)) "〜" (fiscal_year(lang, p.end_fiscal_year)) }
                        } }
                    }
                }
            }
            h3 { (label(lang, "yearly_progress")) }
            table.zone-years {
                thead { tr { th { (label(lang, "fiscal_year")) } th { (label(lang, "target_value")) } th { (label(lang, "actual_value")) } th { (label(lang, "progress")) } } }
                tbody {
                    @for row in &target.rows {
                        tr.restated[row.restated] data-year=(row.fiscal_year) {
                            th { (fiscal_year(lang, row.fiscal_year)) @if row.restated { " ◆" } }
                            @for (field, value) in [("target", amount(row.target)), ("actual", amount(row.actual)), ("progress_pct", percent(row.progress_pct))] {
                                @let restated_here = target.restatements.iter().any(|r| r.fiscal_year == row.fiscal_year && r.field == field);
                                td.num.warned[restated_here] data-field=(field) {
                                    @match value {
                                        Some((text, year)) => { span.value { (text) } span.src.muted { " " (fiscal_year(lang, year)) } @if restated_here { " ◆" } },
                                        None => span.muted { "—" },
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @if !target.restatements.is_empty() {
                table.restatements {
                    thead { tr { th { (label(lang, "fiscal_year")) } th { (label(lang, "category")) } th { (label(lang, "restated_from")) } th { (label(lang, "restated_to")) } } }
                    tbody {
                        @for r in &target.restatements {
                            tr.restatement data-year=(r.fiscal_year) data-field=(r.field) data-from=(r.report_year) data-to=(r.latest_report_year) {
                                th { "◆ " (fiscal_year(lang, r.fiscal_year)) }
                                td { (enumeration(lang, "field", &r.field)) }
                                td { (grouped(r.value)) (r.unit.as_deref().unwrap_or_default()) " — " (year_link(r.report_year)) br; span.muted { (r.file) } }
                                td { (grouped(r.latest_value)) (r.unit.as_deref().unwrap_or_default()) " — " (year_link(r.latest_report_year)) br; span.muted { (r.latest_file) } }
                            }
                        }
                    }
                }
            }
            @for w in zone.panel_warnings.iter().filter(|w| w.target_key.as_deref() == Some(target.key.as_str()) && w.code != "series_restated") {
                span.warning data-code=(w.code) { span.code { "⚠ " (w.code) } " " (w.message) }
            }
        }
    }
}

fn warnings_by_year(zone: &ZoneView, lang: Lang) -> Markup {
    html! {
        h2 { (label(lang, "warnings_by_year")) }
        @if !zone.panel_warnings.is_empty() {
            h3 { (label(lang, "panel_warnings")) " (" (zone.panel_warnings.len()) ")" }
            ul.warnings.panel-warnings {
                @for w in &zone.panel_warnings {
                    li data-code=(w.code) { span.code { (w.code) } " "
                        @if let Some(y) = w.fiscal_year { span.muted { (fiscal_year(lang, y)) " " } }
                        (w.message) }
                }
            }
        }
        @for report in &zone.reports {
            details.report-warnings data-report-year=(report.year) open[report.warnings.len() <= 5] {
                summary { (fiscal_year(lang, report.year)) (label(lang, "report_of")) " — " (label(lang, "warnings")) " " (report.warnings.len())
                    @if let Some(page) = &report.page { " · " a href=(up(page)) { (report.file) } } }
                ul.warnings {
                    @for w in &report.warnings {
                        li data-code=(w.code) { span.code { (w.code) } " " (w.message) }
                    }
                }
            }
        }
    }
}

/// Renders the zone index (it stands in the review folder beside `index.html`).
pub fn render_zone_index(zones: &[ZoneView], lang: Lang) -> String {
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            (head(html! { (label(lang, "zone_index")) " — tokku review" }, false))
            body {
                p.muted { a href=(super::INDEX_FILE) { (label(lang, "document_index")) } " · tokku review" }
                h1 { (label(lang, "zone_index")) }
                p.muted { (zones.len()) " " (label(lang, "zones")) }
                table.zone-index {
                    thead { tr { th { (label(lang, "zone")) } th { (label(lang, "zone_kind")) } th { (label(lang, "reports_held")) } th { (label(lang, "latest_year")) } th { (label(lang, "latest_progress")) } } }
                    tbody {
                        @for zone in zones {
                            @let latest = zone.reports.iter().filter(|r| r.used).max_by_key(|r| r.year);
                            tr data-zone=(zone.zone) {
                                td { a.zone-link href=(format!("{ZONE_DIR}/{}", zone.page)) { (zone.zone) } }
                                td { @if let Some(k) = &zone.kind { (enumeration(lang, "zone_kind", k)) } }
                                td.reports { (zone.reports.len()) ": "
                                    @for (n, report) in zone.reports.iter().enumerate() {
                                        @if n > 0 { " · " }
                                        @match &report.page {
                                            Some(page) => a.document-link href=(page) data-report-year=(report.year) { (report.year) },
                                            None => (report.year),
                                        }
                                    }
                                }
                                td.num { @if let Some(r) = latest { (fiscal_year(lang, r.year)) } }
                                td { @if let Some(r) = latest {
                                    @for (number_, name, progress) in &r.indicators {
                                        div.indicator-progress title=(name) { "(" (number_) ") "
                                            @match progress { Some(p) => { (number(*p)) "%" }, None => "—" } }
                                    }
                                } }
                            }
                        }
                    }
                }
            }
        }
    };
    markup.into_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_grouped_by_thousands() {
        assert_eq!(grouped(11_500_000_000.0), "11,500,000,000");
        assert_eq!(grouped(512_000.0), "512,000");
        assert_eq!(grouped(-1234.5), "-1,234.5");
        assert_eq!(grouped(116.0), "116");
    }
}
