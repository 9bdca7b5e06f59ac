//! The review page of one document: header facts, then per 評価指標 and 数値目標 the
//! chart, the goal and report-year values and the 別紙1 series, each value with a link
//! to the cell (or line) it was read from in the page drawings at the bottom, and each
//! warning beside the value its JSON pointer names. Rendered with maud, which escapes
//! every string it is given for HTML text and attributes (inline SVG included).

use std::collections::{BTreeSet, HashMap};

use maud::{html, Markup, PreEscaped, DOCTYPE};

use crate::jp::Quantity;
use crate::record::{Record, Target, Warning};
use crate::report::annex1::BoxOnPage;
use crate::report::coverage::unread_table_lines;
use crate::text::document::Doc;

use super::assets::{content_security_policy, STYLE};
use super::chart::target_chart;
use super::drawing::{page_anchor, page_drawing, ValueBox};
use super::locate::{locate, Located};

/// The `id` of the element that shows the value at a JSON pointer.
pub fn value_anchor(pointer: &str) -> String {
    format!("at{}", pointer.replace('/', "-"))
}

/// The `id` of a value's box in its page drawing.
pub fn cell_anchor(pointer: &str) -> String {
    format!("cell{}", pointer.replace('/', "-"))
}

/// Where each warning is shown: the pointer of the shown element its path names, or
/// the nearest shown element above it (a warning on `…/series` sits at the series
/// table); `None` for a warning with no path or none shown (listed at the top only).
struct Placement<'a> {
    by_anchor: HashMap<String, Vec<&'a Warning>>,
}

impl<'a> Placement<'a> {
    fn new(warnings: &'a [Warning], shown: &BTreeSet<String>) -> Self {
        let mut by_anchor: HashMap<String, Vec<&Warning>> = HashMap::new();
        for warning in warnings {
            if let Some(anchor) =
                warning.path.as_deref().and_then(|path| nearest_shown(path, shown))
            {
                by_anchor.entry(anchor).or_default().push(warning);
            }
        }
        Placement { by_anchor }
    }

    fn at(&self, pointer: &str) -> &[&'a Warning] {
        self.by_anchor.get(pointer).map(Vec::as_slice).unwrap_or(&[])
    }
}

fn nearest_shown(path: &str, shown: &BTreeSet<String>) -> Option<String> {
    let mut pointer = path.to_string();
    loop {
        if shown.contains(&pointer) {
            return Some(pointer);
        }
        let cut = pointer.rfind('/')?;
        pointer.truncate(cut);
        if pointer.is_empty() {
            return None;
        }
    }
}

/// Every pointer the page shows an element for.
fn shown_pointers(record: &Record) -> BTreeSet<String> {
    let mut shown = BTreeSet::new();
    for field in [
        "title",
        "fiscal_year",
        "zone_kind",
        "zone_name",
        "authors",
        "designated_on",
        "plan_approved_on",
        "plan_last_approved_on",
        "previous_score",
    ] {
        shown.insert(format!("/report/{field}"));
    }
    for (i, indicator) in record.indicators.iter().enumerate() {
        shown.insert(format!("/indicators/{i}"));
        for (j, target) in indicator.targets.iter().enumerate() {
            let base = format!("/indicators/{i}/targets/{j}");
            for field in [
                "",
                "/goal",
                "/period",
                "/current",
                "/current/target",
                "/current/actual",
                "/current/progress_pct",
                "/current/contribution_pct",
                "/series",
            ] {
                shown.insert(format!("{base}{field}"));
            }
            for k in 0..target.series.len() {
                shown.insert(format!("{base}/series/{k}"));
                for field in ["target", "actual", "progress_pct"] {
                    shown.insert(format!("{base}/series/{k}/{field}"));
                }
            }
        }
    }
    shown
}

/// Renders the review page of a record; `doc` is the document it was read from (for
/// the sources of its values and the page drawings), when it could be read.
pub fn render_page(record: &Record, doc: Option<&Doc>, index_href: &str) -> String {
    let located = doc.map(|d| locate(record, d)).unwrap_or_default();
    let shown = shown_pointers(record);
    let placement = Placement::new(&record.warnings, &shown);
    let report = record.report.clone().unwrap_or_default();
    let title = report.title.clone().unwrap_or_else(|| record.source.file.clone());
    let ctx = Context { located: &located, placement: &placement };
    let markup = html! {
        (DOCTYPE)
        html lang="ja" {
            head {
                meta charset="utf-8";
                meta http-equiv="Content-Security-Policy" content=(content_security_policy(false));
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " — tokku review" }
                style { (PreEscaped(STYLE)) }
            }
            body {
                p.muted { a href=(index_href) { "← 一覧" } " · tokku review · " (record.source.file) }
                h1 id=(value_anchor("/report/title")) { (title) }
                @if let Some(error) = &record.error {
                    div.error-box data-error-code=(serde_code(&error.code)) {
                        strong { "エラー " (serde_code(&error.code)) } ": " (error.message)
                    }
                }
                (facts(record, &ctx))
                (warning_list(&record.warnings, &shown))
                @for (i, indicator) in record.indicators.iter().enumerate() {
                    section.indicator id=(value_anchor(&format!("/indicators/{i}"))) {
                        h2 { "評価指標(" (indicator.number) ") " (indicator.name)
                            @if let Some(p) = indicator.progress_pct { span.muted { " 【進捗度" (number(p)) "%】" } } }
                        (warnings_at(&ctx, &format!("/indicators/{i}")))
                        @for (j, target) in indicator.targets.iter().enumerate() {
                            (target_section(&ctx, &format!("/indicators/{i}/targets/{j}"), target, report.fiscal_year))
                        }
                    }
                }
                (drawings(doc, &located))
            }
        }
    };
    markup.into_string()
}

struct Context<'a> {
    located: &'a Located,
    placement: &'a Placement<'a>,
}

fn serde_code<T: serde::Serialize>(code: &T) -> String {
    serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn facts(record: &Record, ctx: &Context) -> Markup {
    let report = record.report.clone().unwrap_or_default();
    let source = &record.source;
    let rows: Vec<(&str, &str, Option<String>)> = vec![
        ("年度", "fiscal_year", report.fiscal_year.map(|y| format!("{y}年度"))),
        ("特区の種類", "zone_kind", report.zone_kind.clone()),
        ("特区の名称", "zone_name", report.zone_name.clone()),
        ("作成主体", "authors", (!report.authors.is_empty()).then(|| report.authors.join("、"))),
        ("指定日", "designated_on", report.designated_on.clone()),
        ("計画認定日", "plan_approved_on", report.plan_approved_on.clone()),
        ("最終認定日", "plan_last_approved_on", report.plan_last_approved_on.clone()),
        (
            "前年度の評価",
            "previous_score",
            report.previous_score.map(|s| format!("{}点", number(s))),
        ),
    ];
    html! {
        table.facts {
            @for (label, field, value) in &rows {
                @let pointer = format!("/report/{field}");
                tr id=(value_anchor(&pointer)) {
                    th { (label) }
                    td {
                        @match value { Some(v) => (v), None => span.muted { "—" } }
                        (warnings_at(ctx, &pointer))
                    }
                }
            }
            tr { th { "ファイル" } td { (source.file) } }
            tr { th { "SHA-256" } td.muted { (source.sha256.clone().unwrap_or_default()) } }
            tr { th { "形式" } td { (source.media_type.clone().unwrap_or_default())
                @if let Some(e) = &source.encoding { " (" (e) ")" }
                @if let Some(p) = source.pages { " · " (p) " ページ" }
                @if let Some(p) = &source.producer { " · " (p) } } }
            tr { th { "警告" } td { (record.warnings.len()) } }
        }
    }
}

/// Every warning at the top, each with a link to where it is shown.
fn warning_list(warnings: &[Warning], shown: &BTreeSet<String>) -> Markup {
    html! {
        @if !warnings.is_empty() {
            h2 { "警告 (" (warnings.len()) ")" }
            ul.warnings {
                @for warning in warnings {
                    li {
                        span.code { (warning.code) } " "
                        (warning.message)
                        @if let Some(page) = warning.page { span.muted { " (p." (page) ")" } }
                        @if let Some(anchor) = warning.path.as_deref().and_then(|p| nearest_shown(p, shown)) {
                            " " a href=(format!("#{}", value_anchor(&anchor))) { "→ 該当箇所" }
                        }
                    }
                }
            }
        }
    }
}

fn warnings_at(ctx: &Context, pointer: &str) -> Markup {
    html! {
        @for warning in ctx.placement.at(pointer) {
            span.warning data-code=(warning.code) data-path=(warning.path.clone().unwrap_or_default()) {
                span.code { "⚠ " (warning.code) } " " (warning.message)
            }
        }
    }
}

fn source_link(ctx: &Context, pointer: &str) -> Markup {
    html! {
        @if let Some(source) = ctx.located.values.get(pointer) {
            @if source.highlight.is_some() {
                a.src href=(format!("#{}", cell_anchor(pointer))) title="読み取った位置を描画で見る" { "p." (source.page) }
            } @else {
                span.src.muted { "p." (source.page) }
            }
        }
    }
}

/// A table cell holding a value: its text, its source link, its warnings.
fn value_cell(ctx: &Context, pointer: &str, text: Option<String>) -> Markup {
    let warned = !ctx.placement.at(pointer).is_empty();
    html! {
        td.num.warned[warned] id=(value_anchor(pointer)) data-pointer=(pointer) {
            @match text { Some(t) => span.value { (t) }, None => span.muted { "—" } }
            (source_link(ctx, pointer))
            (warnings_at(ctx, pointer))
        }
    }
}

fn quantity_text(q: Option<&Quantity>) -> Option<String> {
    q.map(|q| q.text.clone())
}

fn percent_text(p: Option<f64>) -> Option<String> {
    p.map(|p| format!("{}%", number(p)))
}

fn target_section(ctx: &Context, base: &str, target: &Target, report_year: Option<i32>) -> Markup {
    let series_pointer = format!("{base}/series");
    let basis = match target.goal_basis.as_deref() {
        Some("cumulative") => "累計",
        Some("final_year") => "最終年度",
        Some(_) | None => "",
    };
    html! {
        section.target-block id=(value_anchor(base)) data-target-key=(target.key) {
            h3 { "数値目標 " (target.key) " " span.target-name { (target.name) } }
            (warnings_at(ctx, base))
            div.target {
                div {
                    @if let Some(chart) = target_chart(target, report_year) {
                        (chart)
                        div.legend { span.t { "● 目標値" } span.a { "● 実績値" } span.muted { "破線: 報告年度・目標年度" } }
                    } @else {
                        p.muted { "別紙1 の値がありません" }
                    }
                }
                div {
                    table.current {
                        tr { th { "目標" } (value_cell(ctx, &format!("{base}/goal"), quantity_text(target.goal.as_ref()).map(|t| format!("{basis} {t}").trim().to_string())))
                            td id=(value_anchor(&format!("{base}/period"))) {
                                @if let Some(p) = target.period { (p.start_fiscal_year) "〜" (p.end_fiscal_year) "年度" }
                                (warnings_at(ctx, &format!("{base}/period")))
                            } }
                        tr id=(value_anchor(&format!("{base}/current"))) { th.section colspan="3" { "当該年度" @if let Some(y) = report_year { " (" (y) "年度)" } (warnings_at(ctx, &format!("{base}/current"))) } }
                        tr { th { "目標値" } (value_cell(ctx, &format!("{base}/current/target"), quantity_text(target.current.target.as_ref()))) }
                        tr { th { "実績値" } (value_cell(ctx, &format!("{base}/current/actual"), quantity_text(target.current.actual.as_ref()))) }
                        tr { th { "進捗度" } (value_cell(ctx, &format!("{base}/current/progress_pct"), percent_text(target.current.progress_pct))) }
                        tr { th { "寄与度" } (value_cell(ctx, &format!("{base}/current/contribution_pct"), percent_text(target.current.contribution_pct))) }
                    }
                }
            }
            table.series id=(value_anchor(&series_pointer)) data-pointer=(series_pointer) {
                thead { tr { th { "年度" } th { "目標値" } th { "実績値" } th { "進捗度" } th { "出典" } } }
                tbody {
                    @for (k, point) in target.series.iter().enumerate() {
                        @let pointer = format!("{series_pointer}/{k}");
                        tr.report-year[Some(point.fiscal_year) == report_year] id=(value_anchor(&pointer)) data-year=(point.fiscal_year) {
                            th { (point.fiscal_year) "年度" (warnings_at(ctx, &pointer)) }
                            (value_cell(ctx, &format!("{pointer}/target"), quantity_text(point.target.as_ref())))
                            (value_cell(ctx, &format!("{pointer}/actual"), quantity_text(point.actual.as_ref())))
                            (value_cell(ctx, &format!("{pointer}/progress_pct"), percent_text(point.progress_pct)))
                            td.muted { (series_page(ctx, &pointer)) }
                        }
                    }
                }
            }
            (warnings_at(ctx, &series_pointer))
        }
    }
}

/// The page a series row was read from (別紙1), linked to its drawing when there is one.
fn series_page(ctx: &Context, pointer: &str) -> Markup {
    let source = ["target", "actual", "progress_pct"]
        .iter()
        .find_map(|f| ctx.located.values.get(&format!("{pointer}/{f}")));
    html! {
        @if let Some(source) = source {
            @if source.highlight.is_some() {
                a href=(format!("#{}", page_anchor(source.page))) { "別紙1 p." (source.page) }
            } @else {
                "別紙1 p." (source.page)
            }
        }
    }
}

/// The drawings of every page a value was read from, in page order.
fn drawings(doc: Option<&Doc>, located: &Located) -> Markup {
    let Some(doc) = doc else { return html! {} };
    let mut pages: BTreeSet<u32> =
        located.values.values().filter(|s| s.highlight.is_some()).map(|s| s.page).collect();
    pages.extend(located.grids.keys().copied());
    let unread = unread_boxes(doc);
    pages.extend(unread.keys().copied());
    let mut values: Vec<(&String, &super::locate::ValueSource)> = located.values.iter().collect();
    values.sort_by(|a, b| a.0.cmp(b.0));
    html! {
        @if !pages.is_empty() {
            h2 { "読み取った位置" }
            p.muted { "値の横の p.N をクリックすると、その値を読んだセル（または行）が下の描画で強調されます。描画は PDF の文字レイヤー（語の位置と罫線）と tokku が見つけた表の格子（破線）から作ったもので、PDF そのものの見た目ではありません。" }
            @for page in doc.pages.iter().filter(|p| pages.contains(&p.number)) {
                @let boxes: Vec<ValueBox> = values.iter()
                    .filter(|(_, s)| s.page == page.number)
                    .filter_map(|(pointer, s)| s.highlight.map(|h| ValueBox { id: cell_anchor(pointer), pointer: pointer.as_str(), highlight: h, is_cell: s.is_cell }))
                    .collect();
                @let grid = located.grids.get(&page.number).map(Vec::as_slice).unwrap_or(&[]);
                @let unread_here = unread.get(&page.number).map(Vec::as_slice).unwrap_or(&[]);
                @if let Some(drawing) = page_drawing(page, grid, &boxes, unread_here) { (drawing) }
            }
        }
    }
}

/// The boxes of the table lines no reader used (`text_unread`), by page number: each
/// line's words on the layout line at the line's baseline.
fn unread_boxes(doc: &Doc) -> std::collections::BTreeMap<u32, Vec<BoxOnPage>> {
    let mut out: std::collections::BTreeMap<u32, Vec<BoxOnPage>> = Default::default();
    for (index, at) in unread_table_lines(doc) {
        let (Some(page), Some(y)) = (doc.pages.get(index), doc.marks.y(index, at)) else {
            continue;
        };
        let Some(line) = page.layout_lines.iter().find(|l| (l.baseline - y).abs() < 0.01) else {
            continue;
        };
        out.entry(page.number).or_default().push(BoxOnPage {
            x0: line.words.iter().map(|w| w.x0).fold(f64::INFINITY, f64::min),
            top: line.words.iter().map(|w| w.top).fold(f64::INFINITY, f64::min),
            x1: line.words.iter().map(|w| w.x1).fold(f64::NEG_INFINITY, f64::max),
            bottom: line.baseline + line.size * 0.25,
        });
    }
    out
}

/// A number as the records print it (integral values without a decimal point).
fn number(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}
