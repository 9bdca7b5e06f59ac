//! The body's numbered sections (`1 国際戦略総合特別区域の名称` … `7 総合評価`): number,
//! title, the page of the heading and the section's text, for full-text search and for
//! the readers of sections 4 and 5, which take their section's lines from here.
//!
//! A heading is a short line that starts with the next section number (1, then 2, …):
//! requiring the numbers in sequence keeps a paragraph that happens to start with a
//! digit ("3県市では…") from being taken for a heading. The body ends at the first annex
//! heading (a line starting with `■`).

use std::sync::LazyLock;

use regex::Regex;

use crate::jp::normalize;
use crate::jp::patterns::static_regex;
use crate::record::Section;
use crate::report::cells::{join_wrapped, unwrap_full_lines_counted};
use crate::text::coverage::PartKind;
use crate::text::document::Doc;

/// A section heading: `4 規制の特例措置を活用した事業等の実績及び自己評価(別紙2)`, after
/// normalization `4規制の特例措置を…`; full-width digits (`４`) are ASCII by then.
/// `１．総合評価` (→ `1.総合評価`) has a full stop after the number.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"^(?P<number>[0-9]{1,2})\s*\.?\s*(?P<title>[^0-9\s.,%、。:].*)$")
});

/// The form's section titles, by the words that name them, for reports whose headings
/// lost their numbers (`総合評価` alone, `?総合評価` after a garbled marker). Examples
/// (seed): `1 国際戦略総合特別区域の名称`, `2 総合特区計画の状況`,
/// `3 目標に向けた取組の進捗に関する評価(別紙1)`, `4 規制の特例措置を活用した事業等の実績及び自己評価(別紙2)`,
/// `5 財政・税制・金融支援の活用実績及び自己評価`, `6 地域独自の取組の状況及び自己評価(別紙3)`, `7 総合評価`.
const KNOWN_TITLES: [(u32, &str); 7] = [
    (1, "総合特別区域の名称"),
    (2, "総合特区計画の状況"),
    (3, "目標に向けた取組の進捗に関する評価"),
    (4, "規制の特例措置を活用した事業"),
    (5, "財政・税制・金融支援の活用実績"),
    (6, "地域独自の取組の状況"),
    (7, "総合評価"),
];

/// Longest heading title, in characters; longer lines are paragraphs.
const MAX_TITLE_CHARS: usize = 60;

/// A section with its lines (page, text), heading excluded.
#[derive(Debug, Clone)]
pub struct BodySection {
    pub number: u32,
    pub title: String,
    pub page: u32,
    pub lines: Vec<(u32, String)>,
}

/// The document's line (global id, as in `Doc::numbered_lines`) where a section's heading
/// stands; every line from there to the next heading is the section's (`text::coverage`).
fn start_section(doc: &Doc, id: usize, number: u32) {
    doc.marks.start_part(id, PartKind::Section, &number.to_string());
}

impl BodySection {
    /// The record's form: lines joined as wrapped text.
    pub fn to_record(&self) -> Section {
        let lines: Vec<String> = self.lines.iter().map(|(_, l)| l.clone()).collect();
        Section {
            number: self.number.to_string(),
            title: self.title.clone(),
            text: join_wrapped(&lines),
            page: Some(self.page),
        }
    }
}

fn is_plain_title(title: &str) -> bool {
    !title.contains(['。', '、', ':']) && title.chars().count() <= MAX_TITLE_CHARS
}

/// A heading with the number the report gives it (the next one), or a heading without a
/// number that names a later section of the form by its words.
fn heading(line: &str, expected: u32) -> Option<(u32, String)> {
    if let Some(caps) = HEADING.captures(line) {
        let number: u32 = caps["number"].parse().ok()?;
        let title = caps["title"].trim();
        if number == expected && is_plain_title(title) {
            return Some((number, title.to_string()));
        }
    }
    // Without a number: a leading marker that is not a word (`?`, `〓`) is dropped.
    let title = line.trim_start_matches(|c: char| !c.is_alphanumeric()).trim();
    // A line that starts with a number out of sequence is not taken on its words either.
    if !is_plain_title(title) || title.starts_with(|c: char| c.is_ascii_digit()) {
        return None;
    }
    KNOWN_TITLES
        .iter()
        .find(|(number, words)| {
            *number >= expected && title.contains(words) && !title.starts_with('■')
        })
        .map(|(number, _)| (*number, title.to_string()))
}

/// The document's lines with page numbers and the global ids of the lines each is made
/// of; on PDF pages a line broken inside a word by the page width is joined to its
/// continuation (`cells::unwrap_full_lines`).
fn body_lines(doc: &Doc) -> Vec<(u32, String, std::ops::Range<usize>)> {
    let mut out = Vec::new();
    for (index, page) in doc.pages.iter().enumerate() {
        let mut next_id = doc.marks.global(index, 0);
        let mut ids = |count: usize| {
            let range = next_id..next_id + count;
            next_id += count;
            range
        };
        // The body ends on the page where the first annex starts; later pages are not needed.
        let ends_here = page.lines.iter().any(|l| l.starts_with('■'));
        let measured: Option<Vec<(String, f64, f64)>> = page.layout.as_ref().and_then(|_| {
            let lines: Vec<(String, f64, f64)> = page
                .layout_lines
                .iter()
                .filter_map(|l| {
                    let text = normalize(&l.text())
                        .trim_matches(|c: char| c == ' ' || c == '\u{3000}')
                        .to_string();
                    let x1 = l.words.last().map(|w| w.x1).unwrap_or(0.0);
                    (!text.trim().is_empty()).then_some((text, x1, l.size))
                })
                .collect();
            // Only where the measured lines are the page's lines (same count and text).
            let same = lines.len() == page.lines.len()
                && lines.iter().zip(&page.lines).all(|(a, b)| &a.0 == b);
            same.then_some(lines)
        });
        match measured {
            Some(lines) => out.extend(
                unwrap_full_lines_counted(lines, None)
                    .into_iter()
                    .map(|(l, count)| (page.number, l, ids(count))),
            ),
            None => out.extend(page.lines.iter().map(|l| (page.number, l.clone(), ids(1)))),
        }
        if ends_here {
            break;
        }
    }
    out
}

/// The numbered sections of the body, in order. Every line of a section (heading
/// included) is marked read: a section is free text, kept whole in `sections`.
pub fn read_sections(doc: &Doc) -> Vec<BodySection> {
    let mut sections: Vec<BodySection> = Vec::new();
    for (page, line, ids) in body_lines(doc) {
        let line = line.as_str();
        if line.starts_with('■') {
            break;
        }
        let expected = sections.last().map_or(1, |s| s.number + 1);
        if let Some((number, title)) = heading(line, expected) {
            start_section(doc, ids.start, number);
            sections.push(BodySection { number, title, page, lines: Vec::new() });
        } else if let Some(current) = sections.last_mut() {
            current.lines.push((page, line.to_string()));
        } else {
            continue;
        }
        ids.for_each(|id| doc.marks.mark_global(id));
    }
    sections
}

/// The section whose title contains all of `words` (titles vary a little between zones
/// and years: 国際戦略 / 地域活性化, with or without (別紙2)).
pub fn section_with<'a>(sections: &'a [BodySection], words: &[&str]) -> Option<&'a BodySection> {
    sections.iter().find(|s| words.iter().all(|w| s.title.contains(w)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_compiles() {
        assert!(!LazyLock::force(&HEADING).as_str().is_empty());
    }

    #[test]
    fn headings_go_in_sequence_and_paragraphs_starting_with_digits_are_text() {
        let doc = Doc::from_text(
            "令和2年度 国際戦略総合特別区域評価書\n1 国際戦略総合特別区域の名称\n京浜臨海部\n2 総合特区計画の状況\n3 県市が一体となって推進している。\n5年間(平成29~令和3年度)累計:30件\n３ 目標に向けた取組の進捗に関する評価（別紙1）\n本文\n■ 目標に向けた取組の進捗に関する評価\n4 表の中\n",
        );
        let sections = read_sections(&doc);
        let titles: Vec<(u32, &str)> =
            sections.iter().map(|s| (s.number, s.title.as_str())).collect();
        assert_eq!(
            titles,
            vec![
                (1, "国際戦略総合特別区域の名称"),
                (2, "総合特区計画の状況"),
                (3, "目標に向けた取組の進捗に関する評価(別紙1)")
            ]
        );
        assert_eq!(
            sections[1].to_record().text,
            "3県市が一体となって推進している。5年間(平成29~令和3年度)累計:30件"
        );
        assert_eq!(sections[2].to_record().text, "本文");
        assert!(section_with(&sections, &["目標", "別紙1"]).is_some());
    }

    #[test]
    fn headings_without_numbers_are_found_by_the_form_s_words() {
        let doc = Doc::from_text("平成30年度 地域活性化総合特別区域評価書\n地域活性化総合特別区域の名称\n朝霧\n?総合特区計画の状況\n本文\n１．目標に向けた取組の進捗に関する評価\n総合評価は次のとおり。\n総合評価\n順調。\n");
        let sections = read_sections(&doc);
        let titles: Vec<(u32, &str)> =
            sections.iter().map(|s| (s.number, s.title.as_str())).collect();
        assert_eq!(
            titles,
            vec![(1, "地域活性化総合特別区域の名称"), (2, "総合特区計画の状況"), (7, "総合評価")]
        );
        assert_eq!(
            sections[1].to_record().text,
            "本文1.目標に向けた取組の進捗に関する評価総合評価は次のとおり。"
        );
    }
}
