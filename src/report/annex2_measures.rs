//! Regulatory measures: section 4 of the body (特定／一般 事業 and 規制の特例措置の提案, each
//! `該当なし` or a list) and the 別紙2 tables (規制の特例措置を活用した事業 with the
//! 規制所管府省による評価 checkboxes; 現時点で実現可能なことが明らかになった措置による事業;
//! 全国展開された措置を活用した事業), in report order.
//!
//! Also the two cell readers the annexes share: [`related_targets`] (関連する数値目標 →
//! target keys) and [`used_flag`] (有/無).

use std::sync::LazyLock;

use regex::Regex;

use crate::jp::patterns::{static_regex, LOST_CIRCLED_DIGIT, LOST_CIRCLED_DIGIT_CLASS};
use crate::jp::{circled_number, normalize};
use crate::msg;
use crate::record::{MeasureCategory, RegulatoryMeasure, Warning};
use crate::report::cells::{is_form_note, AnnexPages, Cell, Item, Row};
use crate::report::sections::{section_with, BodySection};
use crate::report::unruled::{open_frames, PositionRows};
use crate::text::coverage::PartKind;
use crate::text::document::Doc;

/// A target reference in a 関連する数値目標 cell: `数値目標(2)`, `数値目標(1)-①`,
/// `数値目標(1)-1`, `数値目標1-①` (full-width forms are ASCII after normalization).
static TARGET_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"数値目標\s*\(?\s*(?P<major>[0-9]+)\s*\)?\s*(?:-\s*(?P<minor>[①-⑳]|[0-9]+))?")
});
/// "every target": `全て`, `すべて`, `全数値目標`, also with a note after it
/// (`全て(数値目標(1)~(4))`).
static ALL_TARGETS: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"^(?:全て|すべて|全数値目標|全ての数値目標)"));
/// A list item of section 4: `・…`, `○…`, `(1)…`, `①-1 …`.
static SECTION4_ITEM: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"^(?:[・○●◯]\s*|\([0-9]+\)\s*|[①-⑳]\s*-\s*[0-9]+\s*)(?P<name>\S.*)$")
});
/// A sub-heading of section 4: `①特定国際戦略事業`, `② 一般地域活性化事業`, `③規制の特例措置の提案`.
static SECTION4_PART: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"^(?P<mark>[①-⑳])\s*(?P<title>\S.*)$"));

/// A target reference whose number was lost in a legacy encoding: `数値目標(1)-?`,
/// `数値目標(1)〓`, `数値目標(?)`. Which target it names cannot be told from the cell.
static GARBLED_REFERENCE: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(&format!(
        r"数値目標\s*\(?\s*(?:[0-9]+\s*\)?\s*-?\s*)?{LOST_CIRCLED_DIGIT_CLASS}+\)?"
    ))
});

/// The references of a 関連する数値目標 cell whose number was lost in a legacy encoding,
/// as written (`数値目標(1)-?`): they name no target the reader can tell, so
/// [`related_targets`] leaves them out and the caller warns (`numbering_garbled`).
pub fn garbled_references(cell: &str) -> Vec<String> {
    // Most cells hold no stand-in at all: skip the pattern (and its compilation). A
    // full-width `？` becomes `?` when normalized.
    if !cell.contains(LOST_CIRCLED_DIGIT) && !cell.contains('？') {
        return Vec::new();
    }
    let text = normalize(cell);
    GARBLED_REFERENCE.find_iter(&text).map(|m| m.as_str().to_string()).collect()
}

/// The `numbering_garbled` warning of a row whose 関連する数値目標 cell holds references
/// without their number; the caller sets its path (`/local_measures/3/related_targets`).
pub fn garbled_reference_warning(name: &str, references: &[String], page: Option<u32>) -> Warning {
    Warning::new(
        "numbering_garbled",
        msg!("numbering_garbled.reference", name = name, reference = references.join("、")),
        None,
        page,
    )
}

/// Target keys named in a 関連する数値目標 cell, in cell order, without repeats:
/// `数値目標(2)` → "2", `数値目標(1)-①` → "1-1", `全て` → "all". An empty cell gives [].
/// A reference whose sub-number was lost (`数値目標(1)-?`, see [`garbled_references`])
/// gives no key: "1" would name a target the report does not have.
pub fn related_targets(cell: &str) -> Vec<String> {
    let text = normalize(cell);
    let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
    if ALL_TARGETS.is_match(&compact) {
        return vec!["all".to_string()];
    }
    let mut keys: Vec<String> = Vec::new();
    for caps in TARGET_REFERENCE.captures_iter(&text) {
        let after = text[caps.get(0).map_or(0, |m| m.end())..]
            .trim_start_matches(|c: char| c.is_whitespace() || c == '-');
        if caps.name("minor").is_none() && after.starts_with(LOST_CIRCLED_DIGIT) {
            continue;
        }
        let key = match caps.name("minor") {
            Some(minor) => {
                let minor = circled_number(minor.as_str())
                    .map(|n| n.to_string())
                    .unwrap_or_else(|| minor.as_str().to_string());
                format!("{}-{minor}", &caps["major"])
            }
            None => caps["major"].to_string(),
        };
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    keys
}

/// 評価対象年度における活用の有無: `有` → true, `無` → false, anything else → None.
pub fn used_flag(cell: &str) -> Option<bool> {
    match normalize(cell).trim() {
        "有" | "有り" | "あり" => Some(true),
        "無" | "無し" | "なし" => Some(false),
        _ => None,
    }
}

/// How a 規制所管府省による評価 cell reads.
#[derive(Debug, Clone, PartialEq)]
pub enum Evaluation {
    /// Nothing written.
    Empty,
    /// What the cell says: the text before the first box (`規制所管府省名:財務省`), each
    /// checked option as `■ option`, and the <特記事項> text where there is any; or the
    /// cell as written when it has no checkboxes.
    Given(String),
    /// Checkboxes, but none can be told to be checked.
    Unclear,
}

const CHECKED: [char; 6] = ['☑', '☒', '■', '✓', '✔', '◼'];
const UNCHECKED: [char; 2] = ['☐', '□'];
const SPECIAL_NOTE: &str = "<特記事項>";

fn is_box(c: char) -> bool {
    CHECKED.contains(&c) || UNCHECKED.contains(&c)
}

/// Reads a checkbox cell: each option is the text after a box glyph up to the next box,
/// `⇒` or `<`. Checked glyphs ☑ ☒ ■ ✓ ✔ ◼, unchecked ☐ □ (form markup was turned into
/// these by `cells::strip_markup`). Unchecked options are left out.
///
/// Example it was written for (seed 別紙2, empty template):
/// `規制所管府省名: □特例措置の効果が認められる □特例措置の効果が認められない ⇒ □要件の見直しの必要性あり □その他 <特記事項>`.
pub fn read_evaluation(cell: &str) -> Evaluation {
    let text = normalize(cell);
    let text = text.trim();
    if text.is_empty() {
        return Evaluation::Empty;
    }
    let Some(first_box) = text.find(is_box) else {
        return Evaluation::Given(text.to_string());
    };
    let (options_part, special) = match text.find(SPECIAL_NOTE) {
        Some(at) if at > first_box => (&text[..at], text[at + SPECIAL_NOTE.len()..].trim()),
        _ => (text, ""),
    };
    let mut parts: Vec<String> = Vec::new();
    let prefix = options_part[..first_box].trim();
    if !prefix.is_empty() {
        parts.push(prefix.to_string());
    }
    let mut checked = 0;
    let mut rest = &options_part[first_box..];
    while let Some(at) = rest.find(is_box) {
        let mark = rest[at..].chars().next().unwrap_or('□');
        let after = &rest[at + mark.len_utf8()..];
        let end = after.find(|c: char| is_box(c) || c == '⇒' || c == '<').unwrap_or(after.len());
        let label = after[..end].trim();
        if CHECKED.contains(&mark) && !label.is_empty() {
            parts.push(format!("■ {label}"));
            checked += 1;
        }
        rest = after;
    }
    if checked == 0 {
        return Evaluation::Unclear;
    }
    if !special.is_empty() {
        parts.push(format!("{SPECIAL_NOTE} {special}"));
    }
    Evaluation::Given(parts.join(" "))
}

/// True for a row whose every filled cell is checkbox options none of which is checked.
fn is_unchecked_options_row(row: &crate::report::cells::Row) -> bool {
    let filled = row.filled();
    !filled.is_empty() && filled.iter().all(|cell| is_unchecked_options(&cell.text()))
}

/// True for text of checkbox options none of which is checked (`☐ 特例措置の効果が認められない`).
fn is_unchecked_options(text: &str) -> bool {
    text.trim_start().starts_with(UNCHECKED) && !text.contains(CHECKED)
}

/// True for a checked option of the form's 規制所管府省による評価 cell standing as a line of
/// its own (a table drawn without ruling lines, so the cell is no cell): `■ 特例措置の効果が
/// 認められる`, `■要件の見直しの必要性あり`, `■その他`. It starts with `■` as the annexes'
/// headings do, but is no heading: 別紙2 goes on after it.
fn is_evaluation_option(line: &str) -> bool {
    let Some(option) = line.strip_prefix('■') else { return false };
    let option: String = option.chars().filter(|c| !c.is_whitespace()).collect();
    option.starts_with("特例措置の効果")
        || option.starts_with("要件の見直し")
        || option.starts_with("その他")
}

/// True for the heading line of 別紙2: `■規制の特例措置等を活用した事業の実績及び評価`.
pub fn is_annex2_heading(line: &str) -> bool {
    line.starts_with('■') && line.contains("規制の特例措置")
}

/// Section 4 and 別紙2 of a report, with warnings (JSON pointers under
/// `/regulatory_measures`).
pub fn read_regulatory_measures(
    doc: &Doc,
    sections: &[BodySection],
) -> (Vec<RegulatoryMeasure>, Vec<Warning>) {
    read_regulatory_measures_in(&AnnexPages::new(doc), sections)
}

/// [`read_regulatory_measures`] from pages whose items other readers share.
pub fn read_regulatory_measures_in(
    annex: &AnnexPages,
    sections: &[BodySection],
) -> (Vec<RegulatoryMeasure>, Vec<Warning>) {
    let mut measures = Vec::new();
    let mut warnings = Vec::new();
    let body = section_with(sections, &["規制の特例措置"]).map(read_section4).unwrap_or_default();
    let items = annex.between(is_annex2_heading, |l| {
        l.starts_with('■') && !is_annex2_heading(l) && !is_evaluation_option(l)
    });
    // No ruled header: the tables may be drawn in a frame without inner rules, one box
    // holding a whole table; read its lines by position (`unruled`).
    let ruled =
        items.iter().any(|i| matches!(i, Item::Row(row) if header_columns(row, "特定").is_some()));
    let items = if ruled { items } else { open_frames(&items) };
    let (mut annex, header_found) = read_annex2(annex, &items);
    if !items.is_empty() && !header_found {
        warnings.push(Warning::new(
            "annex_table_unread",
            msg!("annex_table_unread.annex2"),
            Some("/regulatory_measures".to_string()),
            items.first().map(Item::page),
        ));
    }
    // Section 4 ① lists the same 特定事業 as 別紙2's first table: one measure, with the
    // table's cells and the page of its first mention (section 4).
    for measure in body {
        let same = annex.iter_mut().find(|(m, _)| {
            m.category == measure.category
                && (m.name.contains(&measure.name) || measure.name.contains(&m.name))
        });
        match same {
            Some((row, _)) => row.page = measure.page,
            None => measures.push(measure),
        }
    }
    let offset = measures.len();
    for (i, (measure, row_warnings)) in annex.into_iter().enumerate() {
        for (field, mut w) in row_warnings {
            w.path = Some(format!("/regulatory_measures/{}/{field}", offset + i));
            warnings.push(w);
        }
        measures.push(measure);
    }
    (measures, warnings)
}

fn section4_category(title: &str) -> Option<MeasureCategory> {
    if title.contains("提案") {
        Some(MeasureCategory::Proposal)
    } else if title.starts_with("特定") && title.contains("事業") {
        Some(MeasureCategory::SpecificProject)
    } else if title.starts_with("一般") && title.contains("事業") {
        Some(MeasureCategory::GeneralProject)
    } else {
        None
    }
}

/// Longest name of a section 4 item written without a list marker, in characters.
const MAX_ITEM_NAME_CHARS: usize = 60;

/// True for a line that is one bracketed note and nothing else, such as a reference
/// under an item's name: `(事業の詳細は別紙2を参照)` (corpus model m11). Like a sentence
/// ending with `。`, it ends a paragraph: the line after it may be the next item's name.
fn is_bracketed_reference(line: &str) -> bool {
    let line = normalize(line);
    let line = line.trim();
    line.starts_with('(')
        && line.ends_with(')')
        && line.chars().filter(|&c| c == '(').count() == 1
        && line.chars().filter(|&c| c == ')').count() == 1
}

/// Section 4's lists: under each of ①②③, `該当なし` or items; a bracketed note
/// (`【該当する事業が無い理由】`) ends the list. An item is a line with a list marker
/// (`・…`, `(1)…`), or a short line that starts a paragraph (after the sub-heading or after
/// a line ending with `。`) and does not end with `。` itself: the project's name above
/// its description.
///
/// Example it was written for (corpus model m02): `①特定国際戦略事業` / `保税蔵置場の許可手続の特例` /
/// `保税蔵置場の許可に係る手続を簡素化し、物流事業者の新規参入を促進した。`; a whole-line
/// bracketed reference ends a paragraph too (m11: `木質バイオマス発電所の保安規程に係る特例` /
/// `(事業の詳細は別紙2を参照)` / `林地残材の運搬に係る車両制限の特例` / `(事業の詳細は別紙2を参照)`).
fn read_section4(section: &BodySection) -> Vec<RegulatoryMeasure> {
    let mut out = Vec::new();
    let mut category: Option<MeasureCategory> = None;
    let mut starts_paragraph = false;
    for (page, line) in &section.lines {
        if let Some(caps) = SECTION4_PART.captures(line) {
            if caps.name("mark").is_some() && !line.contains('-') {
                category = section4_category(caps["title"].trim());
                starts_paragraph = true;
                continue;
            }
        }
        if line.starts_with('【') {
            category = None;
            continue;
        }
        let Some(cat) = category else { continue };
        let reference = is_bracketed_reference(line);
        let opens = std::mem::replace(&mut starts_paragraph, line.ends_with('。') || reference);
        let name = match SECTION4_ITEM.captures(line) {
            Some(caps) => Some(caps["name"].trim().to_string()),
            None if opens
                && !reference
                && !line.ends_with('。')
                && line != "該当なし"
                && line.chars().count() <= MAX_ITEM_NAME_CHARS =>
            {
                Some(line.trim().to_string())
            }
            None => None,
        };
        if let Some(name) = name {
            out.push(RegulatoryMeasure {
                category: cat,
                name,
                related_targets: Vec::new(),
                used: None,
                ministry_evaluation: None,
                note: None,
                page: Some(*page),
            });
        }
    }
    out
}

/// The columns of a 別紙2 table, from its header row.
struct Columns {
    category: MeasureCategory,
    name: Cell,
    related: Option<Cell>,
    used: Option<Cell>,
    evaluation: Option<Cell>,
    note: Option<Cell>,
}

/// True for words that name the kind of a 別紙2 table (`国との協議の結果、全国展開された措置を
/// 活用した事業(本文4②に記載したものを除く。)`): the words [`header_columns`] reads the
/// kind from.
fn names_table_kind(text: &str) -> bool {
    text.contains("現時点で実現可能") || text.contains("全国展開") || text.contains("特例措置")
}

/// The header row of a 別紙2 table: a cell naming the 事業 (`…事業の名称`, `事業名`) and a
/// 関連する数値目標 cell. The table's kind comes from the words of the name cell, or else of
/// the title line above the table (`context`): 現時点で実現可能 / 全国展開 / 特定・特例措置.
fn header_columns(row: &Row, context: &str) -> Option<Columns> {
    let at =
        |words: &[&str]| row.cells.iter().position(|c| words.iter().all(|w| c.text().contains(w)));
    let find = |words: &[&str]| at(words).map(|i| row.cells[i].clone());
    let name_at = at(&["事業の名称"]).or_else(|| at(&["事業名"]))?;
    // The name and the related targets stand in cells of their own: one box holding
    // both is a whole table in a frame without inner rules (held-out h06's LibreOffice
    // 別紙2, `特定(…)事業の名称(…) 関連する数値目標規制所管府省による評価農業用ドローンの…`
    // in one cell), read by position once opened, not a header whose box is the table.
    let related_at = at(&["関連する数値目標"]).filter(|&i| i != name_at)?;
    let name = row.cells[name_at].clone();
    let related = Some(row.cells[related_at].clone());
    let title = format!("{}{context}", name.text());
    let category = if title.contains("現時点で実現可能") {
        MeasureCategory::FeasibleInConsultation
    } else if title.contains("全国展開") {
        MeasureCategory::Nationwide
    } else if title.contains("特定") || title.contains("特例措置") {
        MeasureCategory::SpecificProject
    } else {
        return None;
    };
    Some(Columns {
        category,
        name,
        related,
        used: find(&["活用の有無"]),
        evaluation: find(&["規制所管府省による評価"]),
        note: find(&["備考"]),
    })
}

/// True for a row of the form's empty template: no name, and every filled cell a
/// checkbox list none of whose boxes is checked (`規制所管府省名: □特例措置の効果が認められる
/// □…`, seed 別紙2's first table): it holds no fact.
fn is_template_row(row: &Row) -> bool {
    let filled = row.filled();
    !filled.is_empty()
        && filled.iter().all(|c| {
            let text = c.text();
            text.contains(UNCHECKED) && !text.contains(CHECKED)
        })
}

/// The raw cells of a 別紙2 row by column: ("related" | "used" | "evaluation" | "note", text).
type RawCells = Vec<(String, String)>;

/// Reads the 別紙2 rows: a header row names the table (by the words of its name column)
/// and the columns; every later row with a name is a measure. A row without a name that
/// opens a page continues the row before it (a row split by a page break); other rows
/// without a name are the form's empty template and are skipped.
///
/// Lines used are marked on `annex` (`text::coverage`): the heading, the form's notes,
/// a title line that names the table below it, header rows, rows read as measures or
/// continuing one, and the form's empty template rows (see [`is_template_row`]).
/// Each measure with its warnings, each named by the field it is about, and whether a
/// table header was found.
fn read_annex2(
    annex: &AnnexPages,
    items: &[Item],
) -> (Vec<(RegulatoryMeasure, Vec<(&'static str, Warning)>)>, bool) {
    // Each measure with its raw cells (related, used, evaluation, note) while its row may
    // still continue on the next page.
    let mut out: Vec<(RegulatoryMeasure, RawCells)> = Vec::new();
    let mut columns: Option<Columns> = None;
    let mut last_page = 0;
    let mut context = String::new();
    let mut context_item: Option<Vec<Item>> = None;
    // Tables without ruling lines: bands of free lines read by column positions.
    let mut by_position = PositionRows::default();
    let mut header_found = false;
    let mut columns_by_position = false;
    let mut index = 0;
    while index < items.len() {
        let mut item = &items[index];
        index += 1;
        let band_row;
        let mut from_band = false;
        if let Item::Line { text, .. } = item {
            if is_annex2_heading(text) || is_form_note(text) || is_unchecked_options(text) {
                annex.mark(item);
                continue;
            }
            let stops = |t: &str| is_annex2_heading(t) || is_form_note(t);
            let is_header = |row: &Row| header_columns(row, &context).is_some();
            let (read, end) = by_position.read_band(annex, items, index - 1, stops, is_header);
            let band = &items[index - 1..end.max(index)];
            index = end.max(index);
            match read {
                Some(row) => {
                    band_row = row;
                    item = &band_row;
                    from_band = true;
                }
                None => {
                    // Free lines: the title of the table below (a wrapped title's lines
                    // together), or lines no reader places.
                    let texts: Vec<&str> = band
                        .iter()
                        .filter_map(|i| match i {
                            Item::Line { text, .. } => Some(text.as_str()),
                            Item::Row(_) => None,
                        })
                        .collect();
                    context = texts.concat();
                    // A title over several lines is taken whole only when it names the
                    // table's kind: lines of a row that could not be read must not be
                    // marked read as the title of the table below.
                    context_item =
                        (band.len() == 1 || names_table_kind(&context)).then(|| band.to_vec());
                    continue;
                }
            }
        }
        let Item::Row(row) = item else { continue };
        if let Some(found) = header_columns(row, &context) {
            header_found = true;
            if !from_band {
                by_position.forget_header();
            }
            // A table starts at its title line (which names its kind when the header does
            // not), else at its header; a header repeated over a page break goes on with it.
            let continues = context_item.is_none()
                && columns.as_ref().is_some_and(|c| c.category == found.category);
            match context_item.take() {
                Some(title) => {
                    for line in &title {
                        annex.mark(line);
                    }
                    if let Some(first) = title.first() {
                        annex.start_part(first, PartKind::Annex2Table, &context);
                    }
                }
                None if !continues => {
                    annex.start_part_if_none(item, PartKind::Annex2Table, &found.name.text())
                }
                None => {}
            }
            annex.mark(item);
            columns = Some(found);
            columns_by_position = from_band;
            last_page = row.page;
            continue;
        }
        if row.single_text().is_some_and(|t| is_annex2_heading(&t)) {
            annex.mark(item);
            continue;
        }
        let Some(cols) = &columns else { continue };
        // Columns found by position fit rows found by position only: a ruled row's cells
        // have their rules' extent, not the header text's (left unread, warned).
        if columns_by_position != from_band {
            continue;
        }
        let first_on_page = row.page != last_page;
        last_page = row.page;
        let get = |c: &Option<Cell>| c.as_ref().and_then(|c| row.cell_under(c));
        let name = row.cell_under(&cols.name);
        if name.is_some() || (first_on_page && !row.filled().is_empty()) || is_template_row(row) {
            annex.mark(item);
        }
        match name {
            Some(name) => {
                let raw = vec![
                    ("related".to_string(), get(&cols.related).unwrap_or_default()),
                    ("used".to_string(), get(&cols.used).unwrap_or_default()),
                    ("evaluation".to_string(), get(&cols.evaluation).unwrap_or_default()),
                    ("note".to_string(), get(&cols.note).unwrap_or_default()),
                ];
                let measure = RegulatoryMeasure {
                    category: cols.category,
                    name,
                    related_targets: Vec::new(),
                    used: None,
                    ministry_evaluation: None,
                    note: None,
                    page: Some(row.page),
                };
                out.push((measure, raw));
            }
            None if first_on_page && !row.filled().is_empty() => {
                if let Some((_, raw)) = out.last_mut() {
                    for (key, cell) in [
                        ("related", &cols.related),
                        ("used", &cols.used),
                        ("evaluation", &cols.evaluation),
                        ("note", &cols.note),
                    ] {
                        if let Some(more) = get(cell) {
                            if let Some(slot) = raw.iter_mut().find(|(k, _)| k == key) {
                                slot.1 =
                                    normalize(&format!("{} {more}", slot.1)).trim().to_string();
                            }
                        }
                    }
                }
            }
            // A row of unchecked options only (`☐ 特例措置の効果が認められない`: a PDF form
            // draws each option of the evaluation at its widget, often on a line of its
            // own): read, and it holds no fact (unchecked options are left out).
            None if is_unchecked_options_row(row) => annex.mark(item),
            None => {}
        }
    }
    let measures = out
        .into_iter()
        .map(|(mut measure, raw)| {
            let value = |key: &str| {
                raw.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()).unwrap_or_default()
            };
            measure.related_targets = related_targets(&value("related"));
            let garbled = garbled_references(&value("related"));
            measure.used = used_flag(&value("used"));
            let note = value("note");
            measure.note = (!note.is_empty()).then_some(note);
            // Each warning with the field of the measure it is about.
            let mut row_warnings = Vec::new();
            if !garbled.is_empty() {
                row_warnings.push((
                    "related_targets",
                    garbled_reference_warning(&measure.name, &garbled, measure.page),
                ));
            }
            match read_evaluation(&value("evaluation")) {
                Evaluation::Empty => {}
                Evaluation::Given(text) => measure.ministry_evaluation = Some(text),
                Evaluation::Unclear => {
                    row_warnings.push((
                        "ministry_evaluation",
                        Warning::new(
                            "ministry_evaluation_unclear",
                            msg!("ministry_evaluation_unclear", name = &measure.name),
                            None,
                            measure.page,
                        ),
                    ));
                }
            }
            (measure, row_warnings)
        })
        .collect();
    (measures, header_found)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sections::read_sections;

    #[test]
    fn every_pattern_compiles() {
        for rule in [&TARGET_REFERENCE, &ALL_TARGETS, &SECTION4_ITEM, &SECTION4_PART] {
            assert!(!LazyLock::force(rule).as_str().is_empty());
        }
    }

    #[test]
    fn related_targets_become_target_keys() {
        assert_eq!(related_targets("数値目標(2)"), vec!["2"]);
        assert_eq!(related_targets("数値目標（１）－①"), vec!["1-1"]);
        assert_eq!(related_targets("数値目標(1)-③、数値目標(4)"), vec!["1-3", "4"]);
        assert_eq!(related_targets("数値目標１－２"), vec!["1-2"]);
        assert_eq!(related_targets("全て"), vec!["all"]);
        assert_eq!(related_targets("すべて"), vec!["all"]);
        assert_eq!(related_targets("全て（数値目標（1）～（4））"), vec!["all"]);
        assert!(related_targets("").is_empty());
    }

    /// A legacy encoding's `?` / `〓` / U+FFFD for a circled digit (the corpus' damaged
    /// variants, `数値目標(1)-?` in a 関連する数値目標 cell): no key, since "1" would name
    /// indicator 1 as a whole; the reference is reported instead.
    #[test]
    fn references_without_their_number_give_no_key_and_are_reported() {
        assert!(related_targets("数値目標(1)-?").is_empty());
        assert!(related_targets("数値目標（１）－〓").is_empty());
        assert!(related_targets("数値目標(1)\u{FFFD}").is_empty());
        assert_eq!(related_targets("数値目標(1)-?、数値目標(2)"), vec!["2"]);
        assert_eq!(garbled_references("数値目標(1)-?、数値目標(2)"), vec!["数値目標(1)-?"]);
        assert_eq!(garbled_references("数値目標(?)"), vec!["数値目標(?)"]);
        assert_eq!(garbled_references("数値目標（１）－？"), vec!["数値目標(1)-?"]);
        // Intact references are not garbled.
        assert!(garbled_references("数値目標(1)-①、数値目標(2)、全て").is_empty());
    }

    /// A whole table in one box (a frame without inner rules, held-out h06's LibreOffice
    /// 別紙2) is no header: its name and related-targets words share one cell.
    #[test]
    fn a_header_has_its_name_and_related_targets_in_cells_of_their_own() {
        let cell = |lines: &[&str], x0: f64, x1: f64| {
            Cell::new(lines.iter().map(|l| l.to_string()).collect(), x0, x1)
        };
        let frame = Row {
            page: 7,
            cells: vec![cell(
                &[
                    "特定(国際戦略/地域活性化)事業の名称 関連する数値目標 規制所管府省による評価",
                    "農業用ドローンの目視外飛行に係る許可の特例 数値目標(1) 特例措置の効果が認められる。",
                ],
                40.0,
                800.0,
            )],
            top: 80.0,
            bottom: 120.0,
        };
        assert!(header_columns(&frame, "").is_none());
        let header = Row {
            cells: vec![
                cell(&["特定(国際戦略/地域活性化)事業の名称"], 40.0, 370.0),
                cell(&["関連する数値目標"], 370.0, 510.0),
                cell(&["規制所管府省による評価"], 510.0, 800.0),
            ],
            ..frame
        };
        let columns = header_columns(&header, "").expect("a header");
        assert_eq!(columns.category, MeasureCategory::SpecificProject);
    }

    #[test]
    fn used_reads_yes_and_no() {
        assert_eq!(used_flag("無"), Some(false));
        assert_eq!(used_flag("有"), Some(true));
        assert_eq!(used_flag(""), None);
        assert_eq!(used_flag("一部"), None);
    }

    #[test]
    fn checkbox_cells_give_the_checked_option_or_unclear() {
        let empty_form = "規制所管府省名: □特例措置の効果が認められる □特例措置の効果が認められない ⇒ □要件の見直しの必要性あり □その他 <特記事項>";
        assert_eq!(read_evaluation(empty_form), Evaluation::Unclear);
        let checked = "規制所管府省名:厚生労働省 ☑特例措置の効果が認められる □特例措置の効果が認められない ⇒ □要件の見直しの必要性あり □その他 <特記事項>";
        assert_eq!(
            read_evaluation(checked),
            Evaluation::Given("規制所管府省名:厚生労働省 ■ 特例措置の効果が認められる".into())
        );
        let filled = "規制所管府省名:厚生労働省 □特例措置の効果が認められる ■特例措置の効果が認められない ⇒ ■要件の見直しの必要性あり □その他 <特記事項> 要件を緩和する";
        assert_eq!(
            read_evaluation(filled),
            Evaluation::Given("規制所管府省名:厚生労働省 ■ 特例措置の効果が認められない ■ 要件の見直しの必要性あり <特記事項> 要件を緩和する".into())
        );
        assert_eq!(
            read_evaluation("規制所管府省名:財務省\n■ 特例措置の効果が認められる"),
            Evaluation::Given("規制所管府省名:財務省 ■ 特例措置の効果が認められる".into())
        );
        assert_eq!(read_evaluation(""), Evaluation::Empty);
    }

    #[test]
    fn a_bracketed_reference_line_ends_an_item_in_section4() {
        let text = "4 規制の特例措置を活用した事業等の実績及び自己評価（別紙2）\n①特定地域活性化事業\n木質バイオマス発電所の保安規程に係る特例\n（事業の詳細は別紙2を参照）\n林地残材の運搬に係る車両制限の特例\n（事業の詳細は別紙2を参照）\n②一般地域活性化事業\n該当なし\n5 財政・税制・金融支援の活用実績及び自己評価\n";
        let doc = Doc::from_text(text);
        let mut sections = read_sections(&Doc::from_text(&format!("1 a\n2 b\n3 c\n{text}")));
        sections.retain(|s| s.number >= 4);
        let (measures, _) = read_regulatory_measures(&doc, &sections);
        let names: Vec<&str> = measures.iter().map(|m| m.name.as_str()).collect();
        assert_eq!(
            names,
            ["木質バイオマス発電所の保安規程に係る特例", "林地残材の運搬に係る車両制限の特例"]
        );
        assert!(is_bracketed_reference("(事業の詳細は別紙2を参照)"));
        assert!(is_evaluation_option("■ 特例措置の効果が認められる"));
        assert!(!is_evaluation_option("■地域独自の取組の状況及び自己評価"));
        assert!(!is_bracketed_reference("(1)医療機器の承認に係る特例(再掲)"));
    }

    #[test]
    fn section4_reads_not_applicable_and_lists() {
        let doc = Doc::from_text(
            "4 規制の特例措置を活用した事業等の実績及び自己評価（別紙2）\n①特定国際戦略事業\n・医療機器の承認に係る特例\n②一般国際戦略事業\n病床規制の特例\n病床の設置に係る手続を簡素化し、\n新規参入を促進した。\n③規制の特例措置の提案\n該当なし\n【該当する事業が無い理由】\n・理由の文\n5 財政・税制・金融支援の活用実績及び自己評価\n",
        );
        let doc_sections = {
            // Sections 1-3 are absent here; number the test's sections from 4.
            let mut s = read_sections(&Doc::from_text(&format!("1 a\n2 b\n3 c\n{}", doc.text())));
            s.retain(|s| s.number >= 4);
            s
        };
        let (measures, warnings) = read_regulatory_measures(&doc, &doc_sections);
        assert!(warnings.is_empty());
        assert_eq!(measures.len(), 2, "{measures:?}");
        assert_eq!(
            (measures[0].category, measures[0].name.as_str()),
            (MeasureCategory::SpecificProject, "医療機器の承認に係る特例")
        );
        assert_eq!(
            (measures[1].category, measures[1].name.as_str()),
            (MeasureCategory::GeneralProject, "病床規制の特例"),
            "a name without a marker; its description is not an item"
        );
    }

    #[test]
    fn annex2_text_rows_with_targets_and_used() {
        let doc = Doc::from_text(
            "■規制の特例措置等を活用した事業の実績及び評価\n国との協議の結果、現時点で実現可能なことが明らかになった措置による事業\n現時点で実現可能なことが明らかになった措置による事業の名称\t関連する数値目標\t評価対象年度における活用の有無\t備考(活用状況等)\n特定健康診査・特定保健指導に係る特例措置\t数値目標(2)\t無\t\n外国貨物の展示に係る措置\t全て\t有\t展示会で活用\n",
        );
        let (measures, _) = read_regulatory_measures(&doc, &[]);
        assert_eq!(measures.len(), 2);
        assert_eq!(measures[0].category, MeasureCategory::FeasibleInConsultation);
        assert_eq!(
            (measures[0].related_targets.clone(), measures[0].used, measures[0].note.clone()),
            (vec!["2".to_string()], Some(false), None)
        );
        assert_eq!(
            (measures[1].related_targets.clone(), measures[1].used, measures[1].note.as_deref()),
            (vec!["all".to_string()], Some(true), Some("展示会で活用"))
        );
    }

    #[test]
    fn the_table_kind_comes_from_the_title_above_when_the_header_says_only_事業名() {
        let doc = Doc::from_text(
            "■規制の特例措置等を活用した事業の実績及び評価\n国との協議の結果、全国展開された措置を活用した事業\n事業名\t関連する数値目標\t評価対象年度における活用の有無\t備考\n農家民宿の特例\t数値目標（１）－②\t有\t\n",
        );
        let (measures, warnings) = read_regulatory_measures(&doc, &[]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(measures.len(), 1);
        assert_eq!(
            (measures[0].category, measures[0].used, measures[0].related_targets.clone()),
            (MeasureCategory::Nationwide, Some(true), vec!["1-2".to_string()])
        );
    }

    #[test]
    fn a_named_specific_project_with_unclear_checkboxes_warns() {
        let doc = Doc::from_text(
            "■規制の特例措置等を活用した事業の実績及び評価\n特定(国際戦略/地域活性化)事業の名称\t関連する数値目標\t規制所管府省による評価\n\t\t規制所管府省名: <input type=\"checkbox\"/> 効果が認められる\n病床規制の特例\t数値目標(1)-②\t規制所管府省名: <input type=\"checkbox\"/> 効果が認められる <input type=\"checkbox\"/> 認められない\n",
        );
        let (measures, warnings) = read_regulatory_measures(&doc, &[]);
        assert_eq!(measures.len(), 1, "the template row without a name is skipped: {measures:?}");
        assert_eq!(measures[0].related_targets, vec!["1-2"]);
        assert_eq!(measures[0].ministry_evaluation, None);
        assert_eq!(warnings.len(), 1);
        assert_eq!(
            (warnings[0].code.as_str(), warnings[0].path.as_deref()),
            ("ministry_evaluation_unclear", Some("/regulatory_measures/0/ministry_evaluation"))
        );
    }

    use crate::pdf::layout::nine_point_page;

    #[test]
    fn annex2_without_ruling_lines_is_read_by_column_positions() {
        // m02's 別紙2 with its rules dropped (ReportLab): the evaluation cell's lines
        // centred around the name, the checked option `■ 特例措置の効果が…` on a line of
        // its own; the second table's header `評価対象年度における活用の` / `有無` wrapped.
        let page = nine_point_page(
            6,
            &[
                (47.9, &[("■規制の特例措置等を活用した事業の実績及び評価", 40.0)]),
                (69.9, &[("規制の特例措置を活用した事業", 40.0)]),
                (
                    89.8,
                    &[
                        ("特定(国際戦略/地域活性化)事業の名称", 42.8),
                        ("関連する数値目標", 372.8),
                        ("規制所管府省による評価", 512.8),
                    ],
                ),
                (108.1, &[("規制所管府省名:財務省", 512.8)]),
                (114.4, &[("保税蔵置場の許可手続の特例", 42.8), ("数値目標(1)-①", 372.8)]),
                (120.7, &[("■", 512.8), ("特例措置の効果が認められる", 524.4)]),
                (
                    168.1,
                    &[(
                        "国との協議の結果、現時点で実現可能なことが明らかになった措置による事業",
                        40.0,
                    )],
                ),
                (187.9, &[("評価対象年度における活用の", 512.8)]),
                (
                    194.2,
                    &[
                        ("現時点で実現可能なことが明らかになった措置による事業の名称", 42.8),
                        ("関連する数値目標", 372.8),
                        ("備考(活用状況等)", 652.8),
                    ],
                ),
                (200.5, &[("有無", 512.8)]),
                (
                    218.8,
                    &[
                        ("臨港地区内の用途規制の明確化", 42.8),
                        ("全て", 372.8),
                        ("有", 512.8),
                        ("展示会で活用", 652.8),
                    ],
                ),
            ],
        );
        let doc = Doc::from_pdf_pages(vec![page]);
        let (measures, warnings) = read_regulatory_measures(&doc, &[]);
        assert!(warnings.is_empty(), "{warnings:?}");
        assert_eq!(measures.len(), 2, "{measures:?}");
        assert_eq!(
            (measures[0].category, measures[0].name.as_str(), measures[0].related_targets.clone()),
            (
                MeasureCategory::SpecificProject,
                "保税蔵置場の許可手続の特例",
                vec!["1-1".to_string()]
            )
        );
        assert_eq!(
            measures[0].ministry_evaluation.as_deref(),
            Some("規制所管府省名:財務省 ■ 特例措置の効果が認められる")
        );
        assert_eq!(
            (measures[1].category, measures[1].used, measures[1].note.as_deref()),
            (MeasureCategory::FeasibleInConsultation, Some(true), Some("展示会で活用"))
        );
        assert_eq!(measures[1].related_targets, vec!["all"]);
    }
}
