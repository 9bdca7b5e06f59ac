//! The review page of one document: header facts, then per 評価指標 and 数値目標 the
//! chart, the goal and report-year values and the 別紙1 series, each value with a link
//! to the cell (or line) it was read from in the page drawings at the bottom, and each
//! warning beside the value its JSON pointer names; then the rest of the report (別紙2
//! measures with their checkboxes, section 5 counts and projects, 別紙3 rows, target
//! notes and the sections), each linked to the line it was read from. Rendered with
//! maud, which escapes every string it is given for HTML text and attributes (inline SVG
//! included); every word of the page's own is in `labels`, in the page's language.

use std::collections::{BTreeSet, HashMap};

use maud::{html, Markup, DOCTYPE};

use crate::jp::Quantity;
use crate::lang::Lang;
use crate::record::{Record, SupportPart, Target, Warning};
use crate::report::annex1::BoxOnPage;
use crate::report::coverage::unread_table_lines;
use crate::tables::number_text as number;
use crate::text::document::Doc;

use super::assets::head;
use super::chart::target_chart;
use super::drawing::{page_anchor, page_drawing, ValueBox};
use super::labels::{enumeration, fiscal_year, label};
use super::locate::{locate, note_fields, Located};

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
            if let Some(notes) = &target.notes {
                for (field, text) in note_fields(notes) {
                    if text.is_some() {
                        shown.insert(format!("{base}/notes/{field}"));
                    }
                }
            }
        }
    }
    for i in 0..record.regulatory_measures.len() {
        shown.insert(format!("/regulatory_measures/{i}"));
    }
    if let Some(support) = &record.support {
        for (kind, part) in support_parts(support) {
            shown.insert(format!("/support/{kind}"));
            shown.insert(format!("/support/{kind}/count"));
            for k in 0..part.projects.len() {
                shown.insert(format!("/support/{kind}/projects/{k}"));
            }
        }
    }
    for i in 0..record.local_measures.len() {
        shown.insert(format!("/local_measures/{i}"));
    }
    for i in 0..record.sections.len() {
        shown.insert(format!("/sections/{i}"));
    }
    shown
}

fn support_parts(support: &crate::record::Support) -> [(&'static str, &SupportPart); 3] {
    [
        ("fiscal", &support.fiscal),
        ("tax", &support.tax),
        ("interest_subsidy", &support.interest_subsidy),
    ]
}

/// Links of a page to the pages around it.
#[derive(Debug, Clone, Copy)]
pub struct PageLinks<'a> {
    /// The document index.
    pub index: &'a str,
    /// The page of the document's zone, when there is one.
    pub zone: Option<&'a str>,
}

/// Renders the review page of a record in `lang`; `doc` is the document it was read
/// from (for the sources of its values and the page drawings), when it could be read.
pub fn render_page(record: &Record, doc: Option<&Doc>, links: PageLinks, lang: Lang) -> String {
    let located = doc.map(|d| locate(record, d)).unwrap_or_default();
    let shown = shown_pointers(record);
    let placement = Placement::new(&record.warnings, &shown);
    let report = record.report.clone().unwrap_or_default();
    let title = report.title.clone().unwrap_or_else(|| record.source.file.clone());
    let ctx = Context { located: &located, placement: &placement, lang };
    let markup = html! {
        (DOCTYPE)
        html lang=(lang.tag()) {
            (head(html! { (title) " — tokku review" }, false))
            body {
                p.muted { a href=(links.index) { (label(lang, "back_to_index")) }
                    @if let Some(zone) = links.zone { " · " a.zone-link href=(zone) { (label(lang, "zone_page")) } }
                    " · tokku review · " (record.source.file) }
                h1 id=(value_anchor("/report/title")) { (title) }
                @if let Some(error) = &record.error {
                    div.error-box data-error-code=(serde_code(&error.code)) {
                        strong { (label(lang, "error")) " " (serde_code(&error.code)) } ": " (error.message)
                    }
                }
                (facts(record, &ctx))
                (warning_list(&record.warnings, &shown, lang))
                @for (i, indicator) in record.indicators.iter().enumerate() {
                    section.indicator id=(value_anchor(&format!("/indicators/{i}"))) {
                        h2 { (label(lang, "indicator")) "(" (indicator.number) ") " (indicator.name)
                            @if let Some(p) = indicator.progress_pct { span.muted { " 【" (label(lang, "progress_short")) " " (number(p)) "%】" } } }
                        (warnings_at(&ctx, &format!("/indicators/{i}")))
                        @for (j, target) in indicator.targets.iter().enumerate() {
                            (target_section(&ctx, &format!("/indicators/{i}/targets/{j}"), target, report.fiscal_year))
                        }
                    }
                }
                (measures(record, &ctx))
                (support(record, &ctx))
                (local_measures(record, &ctx))
                (sections(record, &ctx))
                (drawings(doc, &located, lang))
            }
        }
    };
    markup.into_string()
}

struct Context<'a> {
    located: &'a Located,
    placement: &'a Placement<'a>,
    lang: Lang,
}

fn serde_code<T: serde::Serialize>(code: &T) -> String {
    serde_json::to_value(code).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn facts(record: &Record, ctx: &Context) -> Markup {
    let lang = ctx.lang;
    let report = record.report.clone().unwrap_or_default();
    let source = &record.source;
    let rows: Vec<(&str, &str, Option<String>)> = vec![
        (
            label(lang, "fiscal_year"),
            "fiscal_year",
            report.fiscal_year.map(|y| fiscal_year(lang, y)),
        ),
        (
            label(lang, "zone_kind"),
            "zone_kind",
            report.zone_kind.as_deref().map(|k| enumeration(lang, "zone_kind", k)),
        ),
        (label(lang, "zone_name"), "zone_name", report.zone_name.clone()),
        (
            label(lang, "authors"),
            "authors",
            (!report.authors.is_empty()).then(|| report.authors.join("、")),
        ),
        (label(lang, "designated_on"), "designated_on", report.designated_on.clone()),
        (label(lang, "plan_approved_on"), "plan_approved_on", report.plan_approved_on.clone()),
        (
            label(lang, "plan_last_approved_on"),
            "plan_last_approved_on",
            report.plan_last_approved_on.clone(),
        ),
        (
            label(lang, "previous_score"),
            "previous_score",
            report.previous_score.map(|s| format!("{}{}", number(s), label(lang, "points_suffix"))),
        ),
    ];
    html! {
        table.facts {
            @for (heading, field, value) in &rows {
                @let pointer = format!("/report/{field}");
                tr id=(value_anchor(&pointer)) {
                    th { (heading) }
                    td {
                        @match value { Some(v) => (v), None => span.muted { "—" } }
                        (warnings_at(ctx, &pointer))
                    }
                }
            }
            tr { th { (label(lang, "file")) } td { (source.file) } }
            tr { th { "SHA-256" } td.muted { (source.sha256.clone().unwrap_or_default()) } }
            tr { th { (label(lang, "format")) } td { (source.media_type.clone().unwrap_or_default())
                @if let Some(e) = &source.encoding { " (" (e) ")" }
                @if let Some(p) = source.pages { " · " (p) " " (label(lang, "pages_suffix")) }
                @if let Some(p) = &source.producer { " · " (p) } } }
            tr { th { (label(lang, "warnings")) } td { (record.warnings.len()) } }
        }
    }
}

/// Every warning at the top, each with a link to where it is shown.
fn warning_list(warnings: &[Warning], shown: &BTreeSet<String>, lang: Lang) -> Markup {
    html! {
        @if !warnings.is_empty() {
            h2 { (label(lang, "warnings")) " (" (warnings.len()) ")" }
            ul.warnings {
                @for warning in warnings {
                    li {
                        span.code { (warning.code) } " "
                        (warning.message)
                        @if let Some(page) = warning.page { span.muted { " (p." (page) ")" } }
                        @if let Some(anchor) = warning.path.as_deref().and_then(|p| nearest_shown(p, shown)) {
                            " " a href=(format!("#{}", value_anchor(&anchor))) { (label(lang, "to_place")) }
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
    let lang = ctx.lang;
    html! {
        @if let Some(source) = ctx.located.values.get(pointer) {
            @if source.highlight.is_some() {
                a.src href=(format!("#{}", cell_anchor(pointer))) title=(label(lang, "read_at")) { "p." (source.page) }
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
    let lang = ctx.lang;
    let series_pointer = format!("{base}/series");
    let basis = target
        .goal_basis
        .as_deref()
        .map(|b| enumeration(lang, "goal_basis", b))
        .unwrap_or_default();
    html! {
        section.target-block id=(value_anchor(base)) data-target-key=(target.key) {
            h3 { (label(lang, "target_heading")) " " (target.key) " " span.target-name { (target.name) } }
            (warnings_at(ctx, base))
            div.target {
                div {
                    @if let Some(chart) = target_chart(target, report_year, lang) {
                        (chart)
                        div.legend { span.t { (label(lang, "legend_target")) } span.a { (label(lang, "legend_actual")) } span.muted { (label(lang, "legend_markers")) } }
                    } @else {
                        p.muted { (label(lang, "no_annex1_values")) }
                    }
                }
                div {
                    table.current {
                        tr { th { (label(lang, "goal")) } (value_cell(ctx, &format!("{base}/goal"), quantity_text(target.goal.as_ref()).map(|t| format!("{basis} {t}").trim().to_string())))
                            td id=(value_anchor(&format!("{base}/period"))) {
                                @if let Some(p) = target.period { (fiscal_year(lang, p.start_fiscal_year)) "〜" (fiscal_year(lang, p.end_fiscal_year)) }
                                (warnings_at(ctx, &format!("{base}/period")))
                            } }
                        tr id=(value_anchor(&format!("{base}/current"))) { th.section colspan="3" { (label(lang, "current_year")) @if let Some(y) = report_year { " (" (fiscal_year(lang, y)) ")" } (warnings_at(ctx, &format!("{base}/current"))) } }
                        tr { th { (label(lang, "target_value")) } (value_cell(ctx, &format!("{base}/current/target"), quantity_text(target.current.target.as_ref()))) }
                        tr { th { (label(lang, "actual_value")) } (value_cell(ctx, &format!("{base}/current/actual"), quantity_text(target.current.actual.as_ref()))) }
                        tr { th { (label(lang, "progress")) } (value_cell(ctx, &format!("{base}/current/progress_pct"), percent_text(target.current.progress_pct))) }
                        tr { th { (label(lang, "contribution")) } (value_cell(ctx, &format!("{base}/current/contribution_pct"), percent_text(target.current.contribution_pct))) }
                    }
                }
            }
            table.series id=(value_anchor(&series_pointer)) data-pointer=(series_pointer) {
                thead { tr { th { (label(lang, "fiscal_year")) } th { (label(lang, "target_value")) } th { (label(lang, "actual_value")) } th { (label(lang, "progress")) } th { (label(lang, "source")) } } }
                tbody {
                    @for (k, point) in target.series.iter().enumerate() {
                        @let pointer = format!("{series_pointer}/{k}");
                        tr.report-year[Some(point.fiscal_year) == report_year] id=(value_anchor(&pointer)) data-year=(point.fiscal_year) {
                            th { (fiscal_year(lang, point.fiscal_year)) (warnings_at(ctx, &pointer)) }
                            (value_cell(ctx, &format!("{pointer}/target"), quantity_text(point.target.as_ref())))
                            (value_cell(ctx, &format!("{pointer}/actual"), quantity_text(point.actual.as_ref())))
                            (value_cell(ctx, &format!("{pointer}/progress_pct"), percent_text(point.progress_pct)))
                            td.muted { (series_page(ctx, &pointer)) }
                        }
                    }
                }
            }
            (warnings_at(ctx, &series_pointer))
            @if let Some(notes) = &target.notes {
                @if note_fields(notes).iter().any(|(_, t)| t.is_some()) {
                    table.notes {
                        @for (field, text) in note_fields(notes) {
                            @if let Some(text) = text {
                                @let pointer = format!("{base}/notes/{field}");
                                tr.item id=(value_anchor(&pointer)) data-pointer=(pointer) {
                                    th { (enumeration(lang, "note_field", field)) }
                                    td { (text) (source_link(ctx, &pointer)) (warnings_at(ctx, &pointer)) }
                                }
                            }
                        }
                    }
                }
            }
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

/// Related targets as the report writes them: keys, or 全て for `all`.
fn related_targets(lang: Lang, keys: &[String]) -> String {
    keys.iter().map(|k| enumeration(lang, "related_targets", k)).collect::<Vec<_>>().join(", ")
}

/// The checkbox a person sees in the report: ☑ beside the checked option.
fn checkboxes(lang: Lang, used: Option<bool>) -> Markup {
    let mark = |on: bool| if on { "☑" } else { "☐" };
    html! {
        @match used {
            Some(used) => span.checkbox data-used=(used) { (mark(used)) (label(lang, "used_yes")) " " (mark(!used)) (label(lang, "used_no")) },
            None => span.muted { "—" },
        }
    }
}

/// 別紙2 (and section 4): every measure with its category, related targets and checkboxes.
fn measures(record: &Record, ctx: &Context) -> Markup {
    let lang = ctx.lang;
    html! {
        @if !record.regulatory_measures.is_empty() {
            section.part id="annex2" {
                h2 { (label(lang, "annex2")) " (" (record.regulatory_measures.len()) ")" }
                table.measures {
                    thead { tr { th { (label(lang, "category")) } th { (label(lang, "annex2_measure")) } th { (label(lang, "related_targets")) } th { (label(lang, "used")) } th { (label(lang, "ministry_evaluation")) } th { (label(lang, "note")) } } }
                    tbody {
                        @for (i, measure) in record.regulatory_measures.iter().enumerate() {
                            @let pointer = format!("/regulatory_measures/{i}");
                            tr.item id=(value_anchor(&pointer)) data-pointer=(pointer) data-category=(measure.category.name()) {
                                td { (enumeration(lang, "measure_category", measure.category.name())) }
                                td { span.value { (measure.name) } (source_link(ctx, &pointer)) (warnings_at(ctx, &pointer)) }
                                td { (related_targets(lang, &measure.related_targets)) }
                                td { (checkboxes(lang, measure.used)) }
                                td { (measure.ministry_evaluation.clone().unwrap_or_default()) }
                                td { (measure.note.clone().unwrap_or_default()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Section 5: the count each heading states and the projects it lists, per support kind.
fn support(record: &Record, ctx: &Context) -> Markup {
    let lang = ctx.lang;
    let Some(support) = &record.support else { return html! {} };
    html! {
        section.part id="section5" {
            h2 { (label(lang, "section5")) }
            @for (kind, part) in support_parts(support) {
                @let base = format!("/support/{kind}");
                div.support id=(value_anchor(&base)) data-kind=(kind) {
                    h3 { (enumeration(lang, "support_kind", kind)) (warnings_at(ctx, &base)) }
                    table.support-count {
                        @let pointer = format!("{base}/count");
                        tr { th { (label(lang, "count")) } (value_cell(ctx, &pointer, part.count.map(|c| c.to_string()))) }
                    }
                    @if !part.projects.is_empty() {
                        table.projects {
                            thead { tr { th { "№" } th { (label(lang, "projects")) } th { (label(lang, "funding")) } } }
                            tbody {
                                @for (k, project) in part.projects.iter().enumerate() {
                                    @let pointer = format!("{base}/projects/{k}");
                                    tr.item id=(value_anchor(&pointer)) data-pointer=(pointer) {
                                        td { (project.number) }
                                        td { span.value { (project.name) } (source_link(ctx, &pointer)) (warnings_at(ctx, &pointer)) }
                                        td { @if let Some(f) = &project.funding { (enumeration(lang, "funding", f)) } }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// 別紙3: every row with its category, summary, related targets, result and authority.
fn local_measures(record: &Record, ctx: &Context) -> Markup {
    let lang = ctx.lang;
    html! {
        @if !record.local_measures.is_empty() {
            section.part id="annex3" {
                h2 { (label(lang, "annex3")) " (" (record.local_measures.len()) ")" }
                table.local-measures {
                    thead { tr { th { (label(lang, "category")) } th { (label(lang, "annex2_measure")) } th { (label(lang, "summary")) } th { (label(lang, "related_targets")) } th { (label(lang, "result")) } th { (label(lang, "authority")) } } }
                    tbody {
                        @for (i, measure) in record.local_measures.iter().enumerate() {
                            @let pointer = format!("/local_measures/{i}");
                            tr.item id=(value_anchor(&pointer)) data-pointer=(pointer) data-category=(measure.category.name()) {
                                td { (enumeration(lang, "local_category", measure.category.name())) }
                                td { span.value { (measure.name) } (source_link(ctx, &pointer)) (warnings_at(ctx, &pointer)) }
                                td.long { (measure.summary.clone().unwrap_or_default()) }
                                td { (related_targets(lang, &measure.related_targets)) }
                                td.long { (measure.result.clone().unwrap_or_default()) }
                                td { (measure.authority.clone().unwrap_or_default()) }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// The numbered sections of the body, each text folded under its heading.
fn sections(record: &Record, ctx: &Context) -> Markup {
    let lang = ctx.lang;
    html! {
        @if !record.sections.is_empty() {
            section.part id="sections" {
                h2 { (label(lang, "sections")) }
                @for (i, section) in record.sections.iter().enumerate() {
                    @let pointer = format!("/sections/{i}");
                    details.item id=(value_anchor(&pointer)) data-pointer=(pointer) {
                        summary { span.value { (section.number) " " (section.title) } (source_link(ctx, &pointer)) }
                        (warnings_at(ctx, &pointer))
                        p.section-text { (section.text) }
                    }
                }
            }
        }
    }
}

/// The drawings of every page a value was read from, in page order.
fn drawings(doc: Option<&Doc>, located: &Located, lang: Lang) -> Markup {
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
            h2 { (label(lang, "drawings")) }
            p.muted { (label(lang, "drawings_help")) }
            @for page in doc.pages.iter().filter(|p| pages.contains(&p.number)) {
                @let boxes: Vec<ValueBox> = values.iter()
                    .filter(|(_, s)| s.page == page.number)
                    .filter_map(|(pointer, s)| s.highlight.map(|h| ValueBox { id: cell_anchor(pointer), pointer: pointer.as_str(), highlight: h, is_cell: s.is_cell }))
                    .collect();
                @let grid = located.grids.get(&page.number).map(Vec::as_slice).unwrap_or(&[]);
                @let unread_here = unread.get(&page.number).map(Vec::as_slice).unwrap_or(&[]);
                @if let Some(drawing) = page_drawing(page, grid, &boxes, lang, unread_here) { (drawing) }
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
