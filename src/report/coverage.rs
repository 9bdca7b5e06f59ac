//! The record's `coverage` and the `text_unread` warnings (docs/coverage.md), computed
//! once every reader has run from the marks the readers left on the document
//! (`text::coverage`).
//!
//! Every normalized content line belongs to one part: the header (lines before the first
//! numbered section), a numbered section (from its heading to the next), an annex table
//! (from the annex heading or the table title a reader recognized to the next such
//! start), and the page furniture (`DocPage::furniture`, all recognized as such). A line
//! of a table part that no reader used is unread; each run of unread lines of one part
//! on one page is one `text_unread` warning with the page, the part and the line's first
//! characters.

use crate::msg;
use crate::record::{Coverage, CoveragePart, Warning};
use crate::report::annex1::{is_annex1_heading, YearTable};
use crate::report::annex2_measures::is_annex2_heading;
use crate::report::annex3_local_measures::is_annex3_heading;
use crate::text::coverage::PartKind;
use crate::text::document::Doc;

/// Characters of an unread line quoted in its warning.
const QUOTED_CHARS: usize = 24;

/// Characters of a table's label when it is taken from one of its lines.
const LABEL_CHARS: usize = 40;

/// The label of a 別紙1 table: its `評価指標(1) 数値目標(1)-①` cells as the table's line
/// writes them, from the first of the two words to the first character that is no part
/// of a number (seed: `評価指標(1)\t数値目標(1) 特区関連事業による投資額…` →
/// `評価指標(1) 数値目標(1)`; corpus m04: `数値目標(1)-①関連産業の…` → `数値目標(1)-①`).
/// A plain scan, not a regex: it runs on every line of 別紙1 until a label is found.
fn annex1_label(line: &str) -> Option<String> {
    if !line.contains("数値目標") {
        return None;
    }
    let start = line.find("評価指標").or_else(|| line.find("数値目標"))?;
    let is_label_char = |c: char| {
        "評価指標数値目標()-. \t".contains(c)
            || c.is_ascii_digit()
            || crate::jp::normalize::is_circled_number(c)
    };
    let end = line[start..].find(|c: char| !is_label_char(c)).map_or(line.len(), |e| start + e);
    let label: String = line[start..end].split_whitespace().collect::<Vec<_>>().join(" ");
    (!label.is_empty()).then_some(label)
}

/// Marks the lines the 別紙1 year tables were read from (each table names the vertical
/// bands of its pages it used: header, rows, label cells).
pub fn mark_year_tables(doc: &Doc, tables: &[YearTable]) {
    for table in tables {
        for &(page, top, bottom) in &table.read_bands {
            if let Some(index) = doc.pages.iter().position(|p| p.number == page) {
                doc.marks.mark_band(index, top, bottom);
            }
        }
    }
}

/// The annex a heading line opens, by its words: `■目標に向けた取組の進捗に関する評価`
/// (別紙1), `■規制の特例措置等を活用した事業の実績及び評価` (別紙2),
/// `■地域独自の取組の状況及び自己評価…` (別紙3), a bare `別紙2` / `別紙3`; another `■`
/// heading goes on with the annex before it (or 別紙1 when it is the first).
fn annex_of(line: &str, current: Option<PartKind>) -> Option<PartKind> {
    // Every form starts with ■, 別紙 or the 別紙1 words (目標に向けた…): most lines are
    // told apart by their first character.
    if !line.trim_start().starts_with(['■', '別', '目']) {
        return None;
    }
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    if is_annex1_heading(line) || compact == "別紙1" {
        Some(PartKind::Annex1Table)
    } else if is_annex2_heading(line) || compact == "別紙2" {
        Some(PartKind::Annex2Table)
    } else if is_annex3_heading(line) || compact == "別紙3" {
        Some(PartKind::Annex3Table)
    } else if compact.starts_with('■') {
        Some(current.unwrap_or(PartKind::Annex1Table))
    } else {
        None
    }
}

fn first_chars(text: &str, n: usize) -> String {
    let mut out: String = text.chars().take(n).collect();
    if text.chars().count() > n {
        out.push('…');
    }
    out.replace('\t', " ")
}

/// A part being counted.
struct Counted {
    kind: PartKind,
    label: String,
    pages: Vec<u32>,
    lines: u32,
    read: u32,
}

/// Where each 別紙1 year table's reading began (its first read band: page, top, bottom).
pub fn table_firsts(tables: &[YearTable]) -> Vec<(u32, f64, f64)> {
    tables.iter().filter_map(|t| t.read_bands.first().copied()).collect()
}

/// The coverage of the document and a `text_unread` warning per run of unread lines of a
/// table part. Call after every reader has run (the year tables' lines marked with
/// [`mark_year_tables`]); `firsts` are the year tables' [`table_firsts`].
pub fn coverage(doc: &Doc, firsts: &[(u32, f64, f64)]) -> (Coverage, Vec<Warning>) {
    let marks = &doc.marks;
    // Part starts: the readers' (sections, annex tables), the annex headings, and the
    // header from the first line.
    let mut annex: Option<PartKind> = None;
    for (index, page) in doc.pages.iter().enumerate() {
        for (at, line) in page.lines.iter().enumerate() {
            if let Some(kind) = annex_of(line, annex) {
                annex = Some(kind);
                marks.start_part_if_none(marks.global(index, at), kind, "");
            }
        }
    }
    marks.start_part_if_none(0, PartKind::Header, "");
    // A 別紙1 part holding two year tables (one heading over several tables) is split
    // where the second table's first read line stands.
    let mut starts = marks.starts();
    let table_starts: Vec<usize> = firsts
        .iter()
        .filter_map(|&(page, top, bottom)| {
            let index = doc.pages.iter().position(|p| p.number == page)?;
            marks.first_in_band(index, top, bottom)
        })
        .collect();
    for &first in &table_starts {
        let at = starts.partition_point(|(id, _, _)| *id <= first);
        let Some((start, kind, _)) = at.checked_sub(1).map(|i| &starts[i]) else { continue };
        if *kind == PartKind::Annex1Table
            && *start != first
            && table_starts.iter().any(|&other| other >= *start && other < first)
        {
            marks.start_part(first, PartKind::Annex1Table, "");
            starts = marks.starts();
        }
    }
    let mut parts: Vec<Counted> = Vec::new();
    let mut warnings = Vec::new();
    let mut next_start = starts.iter().peekable();
    // The run of unread lines being gathered: (part index, page, first line).
    let mut run: Option<(usize, u32, String)> = None;
    let mut close_run = |run: &mut Option<(usize, u32, String)>, parts: &[Counted]| {
        if let Some((part, page, line)) = run.take() {
            let part = &parts[part];
            let label =
                if part.label.is_empty() { String::new() } else { format!(" {}", part.label) };
            warnings.push(Warning::new(
                "text_unread",
                msg!(
                    "text_unread",
                    part = format!("{}{label}", part.kind.name()),
                    first = first_chars(&line, QUOTED_CHARS)
                ),
                None,
                Some(page),
            ));
        }
    };
    for (index, page) in doc.pages.iter().enumerate() {
        for (at, line) in page.lines.iter().enumerate() {
            let id = marks.global(index, at);
            while let Some((_, kind, label)) = next_start.next_if(|(start, _, _)| *start <= id) {
                close_run(&mut run, &parts);
                parts.push(Counted {
                    kind: *kind,
                    label: label.clone(),
                    pages: Vec::new(),
                    lines: 0,
                    read: 0,
                });
            }
            let Some(part_index) = parts.len().checked_sub(1) else { continue };
            let part = &mut parts[part_index];
            if part.pages.last() != Some(&page.number) {
                part.pages.push(page.number);
            }
            if part.kind == PartKind::Annex1Table && part.label.is_empty() {
                if let Some(label) = annex1_label(line) {
                    part.label = label;
                }
            }
            part.lines += 1;
            let read = marks.is_read(index, at);
            if read {
                part.read += 1;
            }
            let in_run =
                run.as_ref().is_some_and(|(p, pg, _)| *p == part_index && *pg == page.number);
            if read || !part.kind.is_table() {
                close_run(&mut run, &parts);
            } else if !in_run {
                close_run(&mut run, &parts);
                run = Some((part_index, page.number, line.clone()));
            }
        }
    }
    close_run(&mut run, &parts);
    let parts = headings_joined(parts);
    let mut out: Vec<CoveragePart> = parts
        .into_iter()
        .filter(|p| p.lines > 0)
        .map(|p| CoveragePart {
            part: p.kind.name().to_string(),
            label: if p.label.is_empty() {
                default_label(p.kind)
            } else {
                first_chars(&p.label, LABEL_CHARS)
            },
            pages: p.pages,
            lines: p.lines,
            read: p.read,
        })
        .collect();
    let furniture_pages: Vec<u32> =
        doc.pages.iter().filter(|p| !p.furniture.is_empty()).map(|p| p.number).collect();
    if !furniture_pages.is_empty() {
        let lines = doc.pages.iter().map(|p| p.furniture.len() as u32).sum();
        out.push(CoveragePart {
            part: PartKind::Furniture.name().to_string(),
            label: "running headers, footers, page numbers".to_string(),
            pages: furniture_pages,
            lines,
            read: lines,
        });
    }
    (Coverage { parts: out }, warnings)
}

/// The lines of table parts that no reader used, as (page index, line index): what the
/// `text_unread` warnings name, for drawing them (`tokku review`). Call after
/// [`coverage`] (which records the annexes' part starts).
pub fn unread_table_lines(doc: &Doc) -> Vec<(usize, usize)> {
    let starts = doc.marks.starts();
    let mut next = starts.iter().peekable();
    let mut kind = PartKind::Header;
    let mut out = Vec::new();
    for (index, page) in doc.pages.iter().enumerate() {
        for at in 0..page.lines.len() {
            let id = doc.marks.global(index, at);
            while let Some((_, k, _)) = next.next_if(|(start, _, _)| *start <= id) {
                kind = *k;
            }
            if kind.is_table() && !doc.marks.is_read(index, at) {
                out.push((index, at));
            }
        }
    }
    out
}

/// An annex's heading lines (`■…`, a group title) form a part of their own only when
/// something in them went unread (the whole annex unread, no table found); read whole,
/// they join the annex's first table.
fn headings_joined(parts: Vec<Counted>) -> Vec<Counted> {
    let mut out: Vec<Counted> = Vec::with_capacity(parts.len());
    let mut pending: Option<Counted> = None;
    for mut part in parts {
        if let Some(head) = pending.take() {
            if head.kind == part.kind && !part.label.is_empty() {
                part.lines += head.lines;
                part.read += head.read;
                let more: Vec<u32> =
                    part.pages.iter().copied().filter(|p| !head.pages.contains(p)).collect();
                part.pages = head.pages.into_iter().chain(more).collect();
            } else {
                out.push(head);
            }
        }
        if part.kind.is_table() && part.label.is_empty() && part.read == part.lines {
            pending = Some(part);
        } else {
            out.push(part);
        }
    }
    out.extend(pending);
    out
}

/// The label of a part no reader named.
fn default_label(kind: PartKind) -> String {
    match kind {
        PartKind::Header => "title and 作成主体",
        PartKind::Section => "",
        PartKind::Annex1Table => "別紙1",
        PartKind::Annex2Table => "別紙2",
        PartKind::Annex3Table => "別紙3",
        PartKind::Furniture => "running headers, footers, page numbers",
    }
    .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::cells::AnnexPages;
    use crate::report::notes::read_table_notes_in;
    use crate::report::sections::read_sections;

    #[test]
    fn a_table_s_label_is_its_numbering_as_written() {
        assert_eq!(
            annex1_label("評価指標(1)\t数値目標(1) 特区関連事業による投資額475億円(累計)\t目標値"),
            Some("評価指標(1) 数値目標(1)".to_string())
        );
        assert_eq!(
            annex1_label("数値目標(1)-①関連産業の設備投資額"),
            Some("数値目標(1)-①".to_string())
        );
        assert_eq!(annex1_label("目標値\t115億円"), None);
    }

    #[test]
    fn every_line_belongs_to_one_part_and_unread_table_lines_are_reported_once_per_run() {
        let doc = Doc::from_text(
            "令和2年度 国際戦略総合特別区域評価書\n1 国際戦略総合特別区域の名称\n長峰特区\n2 総合特区計画の状況\n本文\n\u{c}■目標に向けた取組の進捗に関する評価\n評価指標(1)\t数値目標(1) 宿泊者数\t目標値\t1人\n外部要因等特記事項\tなし\n読まれない行\tその一\n読まれない行\tその二\n※寄与度:注記\n",
        );
        read_sections(&doc);
        let annex = AnnexPages::new(&doc);
        read_table_notes_in(&annex);
        let (coverage, warnings) = coverage(&doc, &[]);
        let parts: Vec<(&str, &str, u32, u32)> = coverage
            .parts
            .iter()
            .map(|p| (p.part.as_str(), p.label.as_str(), p.lines, p.read))
            .collect();
        assert_eq!(
            parts,
            vec![
                ("header", "title and 作成主体", 1, 0),
                ("section", "1", 2, 2),
                ("section", "2", 2, 2),
                // heading, label line (its 数値目標 cell), note row, two unread, form note.
                ("annex1_table", "評価指標(1) 数値目標(1)", 6, 4),
            ]
        );
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(warnings[0].code, "text_unread");
        assert_eq!(warnings[0].page, Some(2));
        assert!(warnings[0].message.contains("読まれない行 その一"), "{}", warnings[0].message);
    }
}
