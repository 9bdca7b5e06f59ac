//! 別紙3, 地域独自の取組の状況: every row of its tables (財政／税制／金融支援措置の状況,
//! 規制緩和／規制強化／その他, 特区の掲げる目標の達成に寄与したその他の事業, 体制強化,
//! 民間の取組等) with 事業名, 事業概要, 関連する数値目標, 実績 and 自治体名.
//!
//! The table a row belongs to is the last title seen (a line or a one-cell row whose
//! words name a category, see [`category_of`]); its columns come from the last header row
//! (a row with cells 事業名 or 取組, and 事業概要). A row with a name is a measure; a row
//! without a name that opens a page continues the measure before it (a row split by a
//! page break). Long cells wrap over many lines; `cells` joins them. Tables drawn
//! without ruling lines are read by column positions (`unruled`).

use crate::msg;
use crate::record::{LocalCategory, LocalMeasure, Warning};
use crate::report::annex2_measures::{
    garbled_reference_warning, garbled_references, related_targets,
};
use crate::report::cells::{is_form_note, AnnexPages, Cell, Item, Row};
use crate::report::unruled::{open_frames, PositionRows};
use crate::text::coverage::PartKind;
use crate::text::document::Doc;

/// True for the heading line of 別紙3:
/// `■地域独自の取組の状況及び自己評価(地域における財政・税制・金融上の支援措置、…)`.
pub fn is_annex3_heading(line: &str) -> bool {
    line.starts_with('■') && line.contains("地域独自の取組")
}

/// The category a title names, by its words; group titles that name several
/// (`財政・税制・金融上の支援措置`, `規制緩和・強化等`, `体制強化、関連する民間の取組等`) name none.
///
/// Examples it was written for (seed 別紙3): `財政支援措置の状況`, `税制支援措置の状況`,
/// `金融支援措置の状況`, `規制緩和`, `規制強化`, `その他`,
/// `特区の掲げる目標の達成に寄与したその他の事業`, `体制強化`, `民間の取組等`.
pub fn category_of(title: &str) -> Option<LocalCategory> {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let has = |w: &str| t.contains(w);
    if has("寄与") && has("その他の事業") {
        return Some(LocalCategory::ContributingProject);
    }
    let support = [
        ("財政", LocalCategory::Fiscal),
        ("税制", LocalCategory::Tax),
        ("金融", LocalCategory::Finance),
    ];
    let named: Vec<LocalCategory> =
        support.iter().filter(|(w, _)| has(w)).map(|(_, c)| *c).collect();
    if has("支援") && named.len() == 1 && t.chars().count() <= 20 {
        return named.first().copied();
    }
    if named.is_empty() {
        if t.starts_with("規制緩和") && !has("強化") {
            return Some(LocalCategory::Deregulation);
        }
        if t.starts_with("規制強化") && !has("緩和") {
            return Some(LocalCategory::Regulation);
        }
        if t == "その他" {
            return Some(LocalCategory::Other);
        }
        if t.starts_with("体制強化") && !has("民間") {
            return Some(LocalCategory::Organization);
        }
        if t.starts_with("民間の取組") {
            return Some(LocalCategory::Private);
        }
    }
    None
}

/// True for a title over several tables that names no one category: `財政・税制・金融上の
/// 支援措置`, `規制緩和・強化等`, `体制強化、関連する民間の取組等` (seed 別紙3). The reader
/// recognizes it and reads nothing from it.
fn is_group_title(title: &str) -> bool {
    let t: String = title.chars().filter(|c| !c.is_whitespace()).collect();
    let has = |w: &str| t.contains(w);
    t.chars().count() <= 30
        && category_of(&t).is_none()
        && ((has("財政") && has("税制"))
            || (has("規制緩和") && has("強化"))
            || (has("体制強化") && has("民間")))
}

/// The columns of a 別紙3 table, from its header row.
struct Columns {
    name: Cell,
    summary: Option<Cell>,
    related: Option<Cell>,
    result: Option<Cell>,
    authority: Option<Cell>,
}

fn header_columns(row: &Row) -> Option<Columns> {
    let compact = |c: &Cell| c.text().chars().filter(|ch| !ch.is_whitespace()).collect::<String>();
    let find = |word: &str| row.cells.iter().find(|c| compact(c).contains(word)).cloned();
    // 事業名, 取組, 取組名, 事業の名称, 名称: a short cell that names the row.
    let names_row = |t: &str| {
        t.chars().count() <= 8
            && (t.starts_with("事業名") || t.starts_with("取組") || t.ends_with("名称"))
    };
    let name = row.cells.iter().find(|c| names_row(&compact(c))).cloned()?;
    let summary = find("事業概要");
    summary.as_ref()?;
    Some(Columns {
        name,
        summary,
        related: find("関連する数値目標"),
        result: find("実績"),
        authority: find("自治体名"),
    })
}

/// Raw cell texts of one measure while its row may still continue.
struct Pending {
    category: LocalCategory,
    name: String,
    fields: [String; 4],
    page: u32,
}

/// Reads 別紙3; an `annex_table_unread` warning when 別紙3 is there but no header row of
/// its tables could be read.
pub fn read_local_measures(doc: &Doc) -> (Vec<LocalMeasure>, Vec<Warning>) {
    read_local_measures_in(&AnnexPages::new(doc))
}

/// [`read_local_measures`] from pages whose items other readers share.
pub fn read_local_measures_in(annex: &AnnexPages) -> (Vec<LocalMeasure>, Vec<Warning>) {
    let items = annex.between(is_annex3_heading, |l| l.starts_with('■') && !is_annex3_heading(l));
    // No ruled header: the tables may be drawn in a frame without inner rules, one box
    // holding a whole table; read its lines by position (`unruled`).
    let ruled = items.iter().any(|i| matches!(i, Item::Row(row) if header_columns(row).is_some()));
    let items = if ruled { items } else { open_frames(&items) };
    let mut pending: Vec<Pending> = Vec::new();
    let mut category: Option<LocalCategory> = None;
    let mut columns: Option<Columns> = None;
    let mut last_page = 0;
    let mut header_found = false;
    let mut columns_by_position = false;
    // Tables without ruling lines: bands of free lines read by column positions.
    let mut by_position = PositionRows::default();
    let stops = |t: &str| {
        category_of(t).is_some() || is_annex3_heading(t) || is_form_note(t) || is_group_title(t)
    };
    let mut index = 0;
    while index < items.len() {
        let mut item = &items[index];
        index += 1;
        let band_row;
        let mut from_band = false;
        if let Item::Line { text, .. } = item {
            if let Some(c) = category_of(text) {
                annex.mark(item);
                annex.start_part(item, PartKind::Annex3Table, text);
                category = Some(c);
                columns = None;
                continue;
            } else if stops(text) {
                annex.mark(item);
                continue;
            }
            let is_header = |row: &Row| header_columns(row).is_some();
            let (read, end) = by_position.read_band(annex, &items, index - 1, stops, is_header);
            // A band that is no header and no row stays free lines, unread (warned).
            index = end.max(index);
            let Some(row) = read else { continue };
            band_row = row;
            item = &band_row;
            from_band = true;
        }
        let Item::Row(row) = item else { continue };
        // A title row: one cell, or a label cell (体制強化 | text) naming a category.
        let filled = row.filled();
        if let Some(first) = filled.first() {
            if let Some(c) = category_of(&first.text()) {
                annex.mark(item);
                annex.start_part(item, PartKind::Annex3Table, &first.text());
                category = Some(c);
                columns = None;
                let rest: Vec<String> = filled[1..].iter().map(|c| c.text()).collect();
                if !rest.is_empty()
                    && matches!(c, LocalCategory::Organization | LocalCategory::Private)
                {
                    pending.push(Pending {
                        category: c,
                        name: rest.join(" "),
                        fields: Default::default(),
                        page: row.page,
                    });
                }
                last_page = row.page;
                continue;
            }
        }
        if row
            .single_text()
            .is_some_and(|t| is_annex3_heading(&t) || is_form_note(&t) || is_group_title(&t))
        {
            annex.mark(item);
            continue;
        }
        if let Some(found) = header_columns(row) {
            header_found = true;
            if !from_band {
                by_position.forget_header();
            }
            annex.mark(item);
            columns = Some(found);
            columns_by_position = from_band;
            last_page = row.page;
            continue;
        }
        let (Some(cat), Some(cols)) = (category, &columns) else { continue };
        // Columns found by position fit rows found by position only: a ruled row's cells
        // have their rules' extent, not the header text's (left unread, warned).
        if columns_by_position != from_band {
            continue;
        }
        let first_on_page = row.page != last_page;
        last_page = row.page;
        let get = |c: &Option<Cell>| c.as_ref().and_then(|c| row.cell_under(c)).unwrap_or_default();
        let fields =
            [get(&cols.summary), get(&cols.related), get(&cols.result), get(&cols.authority)];
        let name = row.cell_under(&cols.name);
        if name.is_some() || (first_on_page && fields.iter().any(|f| !f.is_empty())) {
            annex.mark(item);
        }
        match name {
            Some(name) => pending.push(Pending { category: cat, name, fields, page: row.page }),
            None if first_on_page && fields.iter().any(|f| !f.is_empty()) => {
                if let Some(previous) = pending.last_mut() {
                    for (slot, more) in previous.fields.iter_mut().zip(fields) {
                        if !more.is_empty() {
                            *slot =
                                crate::jp::normalize(&format!("{slot} {more}")).trim().to_string();
                        }
                    }
                }
            }
            None => {}
        }
    }
    let mut warnings = Vec::new();
    if !items.is_empty() && !header_found {
        warnings.push(Warning::new(
            "annex_table_unread",
            msg!("annex_table_unread.annex3"),
            Some("/local_measures".to_string()),
            items.first().map(Item::page),
        ));
    }
    let measures = pending
        .into_iter()
        .enumerate()
        .map(|(i, p)| {
            let text = |s: &str| (!s.is_empty()).then(|| s.to_string());
            let garbled = garbled_references(&p.fields[1]);
            if !garbled.is_empty() {
                let mut w = garbled_reference_warning(&p.name, &garbled, Some(p.page));
                w.path = Some(format!("/local_measures/{}/related_targets", i));
                warnings.push(w);
            }
            LocalMeasure {
                category: p.category,
                name: p.name,
                summary: text(&p.fields[0]),
                related_targets: related_targets(&p.fields[1]),
                result: text(&p.fields[2]),
                authority: text(&p.fields[3]),
                page: Some(p.page),
            }
        })
        .collect();
    (measures, warnings)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_by_their_words_and_group_titles_name_none() {
        assert_eq!(category_of("財政支援措置の状況"), Some(LocalCategory::Fiscal));
        assert_eq!(category_of("税制支援措置の状況"), Some(LocalCategory::Tax));
        assert_eq!(category_of("金融支援措置の状況"), Some(LocalCategory::Finance));
        assert_eq!(category_of("規制緩和"), Some(LocalCategory::Deregulation));
        assert_eq!(category_of("規制強化"), Some(LocalCategory::Regulation));
        assert_eq!(category_of("その他"), Some(LocalCategory::Other));
        assert_eq!(
            category_of("特区の掲げる目標の達成に寄与したその他の事業"),
            Some(LocalCategory::ContributingProject)
        );
        assert_eq!(category_of("体制強化"), Some(LocalCategory::Organization));
        assert_eq!(category_of("民間の取組等"), Some(LocalCategory::Private));
        assert_eq!(category_of("財政・税制・金融上の支援措置"), None);
        assert_eq!(category_of("規制緩和・強化等"), None);
        assert_eq!(category_of("体制強化、関連する民間の取組等"), None);
        assert_eq!(category_of("産業集積奨励奨励金"), None);
    }

    #[test]
    fn text_rows_become_measures_under_their_table() {
        let doc = Doc::from_text(
            "■地域独自の取組の状況及び自己評価\n財政・税制・金融上の支援措置\n財政支援措置の状況\t\t\t\t\n事業名\t事業概要\t関連する数値目標\t実績\t自治体名\nLIP. 横浜トライアル助成金\t試作品開発に助成\t全て\t令和2年度交付実績 22件\t横浜市\n税制支援措置の状況\t\t\t\t\n事業名\t事業概要\t関連する数値目標\t実績\t自治体名\n横浜市企業立地促進条例\t助成金を交付\t数値目標(1)-①\t26件\t横浜市\n規制緩和\t\t\t\t\n取組\t事業概要\t関連する数値目標\t実績\t自治体名\n体制強化\t\n民間の取組等\t\n",
        );
        let (measures, _) = read_local_measures(&doc);
        assert_eq!(measures.len(), 2, "{measures:?}");
        assert_eq!(measures[0].category, LocalCategory::Fiscal);
        assert_eq!(measures[0].name, "LIP. 横浜トライアル助成金");
        assert_eq!(measures[0].related_targets, vec!["all"]);
        assert_eq!(measures[0].result.as_deref(), Some("令和2年度交付実績22件"));
        assert_eq!(measures[0].authority.as_deref(), Some("横浜市"));
        assert_eq!(measures[1].category, LocalCategory::Tax);
        assert_eq!(measures[1].related_targets, vec!["1-1"]);
    }

    use crate::pdf::layout::nine_point_page;

    #[test]
    fn a_table_without_ruling_lines_is_read_by_column_positions_across_a_page_break() {
        // m11's 別紙3 as LibreOffice draws it: no rules, the header's `関連する数値目` /
        // `標` wrapped, the other header cells and a row's short cells centred against
        // the wrapped ones; the table goes on over a page break without its header.
        let first = nine_point_page(
            9,
            &[
                (50.0, &[("■地域独自の取組の状況及び自己評価", 40.0)]),
                (84.3, &[("財政支援措置の状況", 43.0)]),
                (99.0, &[("関連する数値目", 453.0)]),
                (
                    103.5,
                    &[("事業名", 43.0), ("事業概要", 163.0), ("実績", 528.0), ("自治体名", 733.0)],
                ),
                (108.0, &[("標", 453.0)]),
                (122.7, &[("萩原県木質バイオマス搬出", 43.0)]),
                (
                    127.2,
                    &[
                        ("間伐材の搬出経費を補助する。", 163.0),
                        ("数値目標(1)-①", 453.0),
                        ("搬出量 18,000t", 528.0),
                        ("萩原県", 733.0),
                    ],
                ),
                (131.7, &[("支援事業", 43.0)]),
            ],
        );
        let second = nine_point_page(
            10,
            &[
                (
                    60.0,
                    &[
                        ("萩原バイオマス見学ツアー", 43.0),
                        ("見学ツアーを開催する。", 163.0),
                        ("数値目標(2)", 453.0),
                        ("参加者 310名", 528.0),
                        ("萩原市", 733.0),
                    ],
                ),
                (90.0, &[("規制緩和", 43.0)]),
            ],
        );
        let doc = Doc::from_pdf_pages(vec![first, second]);
        let (measures, warnings) = read_local_measures(&doc);
        assert!(warnings.is_empty(), "{warnings:?}");
        let read: Vec<(&str, Option<&str>, Vec<String>, Option<&str>)> = measures
            .iter()
            .map(|m| {
                (
                    m.name.as_str(),
                    m.result.as_deref(),
                    m.related_targets.clone(),
                    m.authority.as_deref(),
                )
            })
            .collect();
        assert_eq!(
            read,
            [
                (
                    "萩原県木質バイオマス搬出支援事業",
                    Some("搬出量18,000t"),
                    vec!["1-1".to_string()],
                    Some("萩原県")
                ),
                (
                    "萩原バイオマス見学ツアー",
                    Some("参加者310名"),
                    vec!["2".to_string()],
                    Some("萩原市")
                ),
            ]
        );
        assert_eq!(measures[1].page, Some(10));
        // Every line of the table was used (the title `規制緩和` starts a table of its own).
        for (index, page) in doc.pages.iter().enumerate() {
            for line in 0..page.lines.len() {
                assert!(doc.marks.is_read(index, line), "unread: {}", page.lines[line]);
            }
        }
    }

    #[test]
    fn a_name_filling_its_column_with_the_first_column_going_on_below_is_not_read() {
        // Rows whose wrapped lines stand as far apart as the rows (no header cell
        // wrapped to show otherwise): `萩原県木質バイオマス搬出` reaches the next column and
        // `支援事業` follows in the first column, in a band of its own. Neither band is
        // read: the first would cut the name short, the second would be a row of its tail.
        let page = nine_point_page(
            9,
            &[
                (50.0, &[("■地域独自の取組の状況及び自己評価", 40.0)]),
                (80.0, &[("財政支援措置の状況", 43.0)]),
                (
                    100.0,
                    &[
                        ("事業名", 43.0),
                        ("事業概要", 163.0),
                        ("関連する数値目標", 453.0),
                        ("実績", 528.0),
                        ("自治体名", 733.0),
                    ],
                ),
                (
                    125.0,
                    &[
                        ("萩原県木質バイオマス搬出", 43.0),
                        ("間伐材の搬出経費を", 163.0),
                        ("全て", 453.0),
                        ("搬出量 18,000t", 528.0),
                        ("萩原県", 733.0),
                    ],
                ),
                (143.0, &[("支援事業", 43.0), ("補助する。", 163.0)]),
            ],
        );
        let doc = Doc::from_pdf_pages(vec![page]);
        let (measures, _) = read_local_measures(&doc);
        assert!(measures.is_empty(), "{measures:?}");
        let unread: Vec<&String> = (0..doc.pages[0].lines.len())
            .filter(|&line| !doc.marks.is_read(0, line))
            .map(|line| &doc.pages[0].lines[line])
            .collect();
        assert_eq!(unread.len(), 2, "both bands stay unread (warned): {unread:?}");
    }
}
