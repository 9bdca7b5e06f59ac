//! Page furniture: running headers, footers and page numbers, found by repetition and
//! position across pages and dropped before the report readers see the lines, so that a
//! 数値目標 name that straddles a page break does not get `- 1 -` inside it.
//!
//! A line is furniture only when it stands at a page's edge (one of the first or last
//! [`EDGE_LINES`] lines; for PDFs also within [`EDGE_SHARE`] of the page's height from
//! the top or bottom edge) and one of the rules below holds across pages:
//!
//! - **Page numbers** (`- 3 -`, `3 / 15`, `3`, `P.3`, `3頁`): edge lines of one form on at
//!   least two pages and on at least half the pages, whose numbers increase from page to
//!   page (a `N / M` footer also keeps its `M`).
//! - **Running headers and footers** (`令和3年度 地域活性化総合特別区域評価書（○○特区）`
//!   at the top of every page): the same text (digits aside: `3ページ` and `4ページ` are
//!   one text) at the same edge on at least two pages and on at least half the pages; for
//!   PDFs also at the same height.
//!
//! Never furniture: a table row (a line with a tab), a line opening a 別紙 table (`■`),
//! and the document's very first line (a title printed as the running header of every
//! page is still the title on the cover). A heading that happens to stand at the top of
//! one page is not repeated, so it stays.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;

use crate::jp::patterns::static_regex;

/// How many lines from the top of a page count as its edge (a running header stands
/// first; the second line is often a table's header, repeated at the same place on
/// every page of 別紙1).
pub const TOP_EDGE_LINES: usize = 1;
/// Lines at the top of a piece of a text without page breaks, cut after a page number,
/// that may be furniture: a footer printed below the number, a running header of one or
/// two lines ([`furniture_in_flow`]).
const FLOW_TOP_EDGE_LINES: usize = 3;
/// How many lines from the bottom of a page count as its edge (page number, footer).
pub const EDGE_LINES: usize = 2;
/// For PDF pages: share of the page height, from the top and from the bottom, in which
/// an edge line must stand.
pub const EDGE_SHARE: f64 = 0.12;

/// A line repeated word for word on only two pages of a long document is furniture when
/// it is at least this long (a running header names the report; a short line such as
/// `該当なし` may well stand at the top of two pages).
const MIN_IDENTICAL_CHARS: usize = 8;

/// A page number line: `- 3 -`, `3 / 15`, `3`, `P.3`, `3頁`, `(3)`.
static PAGE_NUMBER: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(
        r"^(?:-\s*(?P<dashed>[0-9]{1,4})\s*-|(?P<of>[0-9]{1,4})\s*/\s*(?P<total>[0-9]{1,4})|(?P<bare>[0-9]{1,4})|[Pp]\.?\s*(?P<p>[0-9]{1,4})|(?P<kanji>[0-9]{1,4})\s*(?:頁|ページ)|\(\s*(?P<paren>[0-9]{1,4})\s*\))$",
    )
});

/// One page's lines as furniture detection sees them.
#[derive(Debug, Clone, Default)]
pub struct PageLines<'a> {
    pub lines: Vec<&'a str>,
    /// Baseline of each line, from the top of the page (PDF pages).
    pub baselines: Option<Vec<f64>>,
    /// Page height (PDF pages).
    pub height: Option<f64>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Edge {
    Top,
    Bottom,
}

/// The edge lines of a page: (line index, which edge). A line among the first
/// `top_edge_lines` is at the top; among the last [`EDGE_LINES`], at the bottom. Where
/// the two overlap, a line is at the top only, except on the pieces of a text without
/// page breaks (`top_edge_lines` above [`TOP_EDGE_LINES`]): a short piece's last lines
/// are its footer and page number as much as a long piece's are, so there such a line
/// stands at both edges (m11 without one 別紙2 row: `萩原県 企画部 地域振興課`, `- 6 -`
/// on a piece of four lines).
fn edge_lines(page: &PageLines, top_edge_lines: usize) -> Vec<(usize, Edge)> {
    let n = page.lines.len();
    let both = top_edge_lines > TOP_EDGE_LINES;
    let mut out = Vec::new();
    for i in 0..n {
        let top = i < top_edge_lines;
        let bottom = i + EDGE_LINES >= n && (both || !top);
        for (edge, at) in [(Edge::Top, top), (Edge::Bottom, bottom)] {
            if !at {
                continue;
            }
            if let (Some(baselines), Some(height)) = (&page.baselines, page.height) {
                let y = baselines.get(i).copied().unwrap_or(height / 2.0);
                let near = match edge {
                    Edge::Top => y <= height * EDGE_SHARE,
                    Edge::Bottom => y >= height * (1.0 - EDGE_SHARE),
                };
                if !near {
                    continue;
                }
            }
            if is_content(page.lines[i]) {
                continue;
            }
            out.push((i, edge));
        }
    }
    out
}

/// Report structure that is never furniture, however often it repeats: a 別紙 heading
/// (`■`), the lines of section 3 and of the year tables (a cell starting `評価指標…`,
/// `数値目標…`, `目標値…`, `【…`, `※…`), and a short fiscal-year header cell
/// (`当初(平成27`, `令和元年度`) repeated at the same place by tables on every page.
fn is_content(line: &str) -> bool {
    const STRUCTURE: &[&str] = &[
        "■",
        "【",
        "※",
        "評価指標",
        "数値目標",
        "目標値",
        "実績値",
        "進捗度",
        "寄与度",
        "当初",
        "別紙",
        "代替指標",
        "外部要因",
    ];
    line.split('\t').map(str::trim).any(|cell| {
        STRUCTURE.iter().any(|s| cell.starts_with(s))
            || (cell.chars().count() <= 12
                && (cell.contains("年度") || crate::jp::parse_fiscal_year(cell).is_some()))
    })
}

/// True when lines found on `count` of the document's `pages` pages repeat often enough
/// to be furniture: on three pages, or on two when that is half the document (a short
/// report), or on two when the line is long and the same word for word (`strict`).
fn repeats_enough(count: usize, pages: usize, long_and_identical: bool) -> bool {
    count >= 3 || (count >= 2 && (count * 2 >= pages || long_and_identical))
}

/// The line without its page-number cell: `- 1 -\t黒川県企画部地域振興課` →
/// `黒川県企画部地域振興課` (a footer with the page number beside it).
fn without_page_number(line: &str) -> String {
    line.split('\t')
        .map(str::trim)
        .filter(|cell| !PAGE_NUMBER.is_match(cell))
        .collect::<Vec<_>>()
        .join("\t")
}

/// Which lines of each page are furniture (`true` = drop), by page and line index.
pub fn furniture(pages: &[PageLines]) -> Vec<Vec<bool>> {
    furniture_below_top(pages, TOP_EDGE_LINES)
}

/// [`furniture`] with the first `top_edge_lines` lines of a page as its top edge.
fn furniture_below_top(pages: &[PageLines], top_edge_lines: usize) -> Vec<Vec<bool>> {
    let mut mask: Vec<Vec<bool>> = pages.iter().map(|p| vec![false; p.lines.len()]).collect();
    let pages_with_text = pages.iter().filter(|p| !p.lines.is_empty()).count();
    if pages_with_text < 2 {
        return mask;
    }
    let edges: Vec<Vec<(usize, Edge)>> =
        pages.iter().map(|page| edge_lines(page, top_edge_lines)).collect();

    // Page numbers, by form and edge: the numbers must increase page after page.
    let mut numbers: HashMap<(&'static str, Edge), Vec<(usize, usize, u32, Option<u32>)>> =
        HashMap::new();
    for (p, page) in pages.iter().enumerate() {
        for &(i, edge) in &edges[p] {
            // The number may stand alone or in a cell beside a footer (`- 1 -\t○○県…`).
            let Some(c) =
                page.lines[i].split('\t').find_map(|cell| PAGE_NUMBER.captures(cell.trim()))
            else {
                continue;
            };
            for form in ["dashed", "of", "bare", "p", "kanji", "paren"] {
                if let Some(m) = c.name(form) {
                    let Ok(n) = m.as_str().parse::<u32>() else { continue };
                    let total = c.name("total").and_then(|t| t.as_str().parse::<u32>().ok());
                    numbers.entry((form, edge)).or_default().push((p, i, n, total));
                }
            }
        }
    }
    for found in numbers.values() {
        let pages_numbered = {
            let mut ps: Vec<usize> = found.iter().map(|f| f.0).collect();
            ps.dedup();
            ps.len()
        };
        // One number per page, increasing with the page, one total.
        let one_per_page = pages_numbered == found.len();
        let increasing = found
            .windows(2)
            .all(|w| w[1].2 > w[0].2 && w[1].2 - w[0].2 <= (w[1].0 - w[0].0) as u32 + 1);
        let same_total = found.windows(2).all(|w| w[0].3 == w[1].3);
        // A bare number needs more evidence than `- 3 -`, `3 / 15` or a number beside a footer.
        let Some(&(p0, i0, _, _)) = found.first() else { continue };
        let first_line = pages[p0].lines[i0];
        let distinctive = first_line.contains('\t')
            || PAGE_NUMBER.captures(first_line.trim()).is_some_and(|c| c.name("bare").is_none());
        if repeats_enough(pages_numbered, pages_with_text, distinctive)
            && one_per_page
            && increasing
            && same_total
        {
            for &(p, i, _, _) in found {
                mask[p][i] = true;
            }
        }
    }

    // Running headers and footers: the same text at the same edge (and height) on many
    // pages. The height is compared between pages of one size only: a report whose body
    // is portrait and whose 別紙 are landscape prints its footer (`桜木県農政部`) at one
    // distance from the bottom on the portrait pages and at another on the landscape
    // ones, and both count as the same footer.
    let mut repeated: HashMap<(Edge, String), HashMap<Placement, Vec<(usize, usize)>>> =
        HashMap::new();
    let mut identical: HashMap<(Edge, String, Placement), usize> = HashMap::new();
    for (p, page) in pages.iter().enumerate() {
        for &(i, edge) in &edges[p] {
            if PAGE_NUMBER.is_match(page.lines[i].trim()) {
                continue;
            }
            let text: String = page.lines[i]
                .chars()
                .filter(|c| !c.is_whitespace())
                .map(|c| if c.is_ascii_digit() { '#' } else { c })
                .collect();
            if text.is_empty() {
                continue;
            }
            // PDF: the same distance from the page's edge (6pt steps; portrait and
            // landscape pages alike); text: the same number of lines from the edge.
            let from_edge = match edge {
                Edge::Top => i as i64,
                Edge::Bottom => (page.lines.len() - i) as i64,
            };
            let placement = match (page.baselines.as_ref().and_then(|b| b.get(i)), page.height) {
                (Some(y), Some(h)) => {
                    let distance = if edge == Edge::Top { *y } else { h - y };
                    (Some(h.round() as i64), (distance / 6.0).round() as i64)
                }
                _ => (None, from_edge),
            };
            *identical.entry((edge, without_page_number(page.lines[i]), placement)).or_default() +=
                1;
            repeated.entry((edge, text)).or_default().entry(placement).or_default().push((p, i));
        }
    }
    for ((edge, _), placements) in &repeated {
        // A placement repeated often enough on its own, as on a document of one page size.
        for (placement, found) in placements {
            mark_if_repeated(
                &mut mask,
                pages,
                &identical,
                *edge,
                &[(placement, found)],
                pages_with_text,
            );
        }
        // Across page sizes: per size, the placement found on the most pages (ties: the
        // lower key, so that the choice does not depend on the map's order), counted only
        // when it stands on two pages or more of that size (a page template's footer
        // repeats on its pages; one page's last line is no evidence).
        let mut chosen: HashMap<Option<i64>, (&Placement, &Vec<(usize, usize)>)> = HashMap::new();
        for (placement, found) in placements {
            let better = match chosen.get(&placement.0) {
                None => true,
                Some((other, other_found)) => {
                    found.len() > other_found.len()
                        || (found.len() == other_found.len() && placement < *other)
                }
            };
            if better {
                chosen.insert(placement.0, (placement, found));
            }
        }
        let group: Vec<(&Placement, &Vec<(usize, usize)>)> =
            chosen.into_values().filter(|(_, found)| found.len() >= 2).collect();
        if group.len() >= 2 {
            mark_if_repeated(&mut mask, pages, &identical, *edge, &group, pages_with_text);
        }
    }

    // The document's first line stays (a title repeated as the running header).
    if let Some((p, _)) = pages.iter().enumerate().find(|(_, page)| !page.lines.is_empty()) {
        mask[p][0] = false;
    }
    mask
}

/// Which lines of a text without page breaks are furniture: a dump from a viewer's
/// "copy all" or a converter keeps every page's footer, page number and running header
/// inside the flow (`萩原県 企画部 地域振興課`, `- 1 -`, `令和4年度 …評価書（…）`, then the
/// next page's text). The page-number lines mark where the pages ended: the text is cut
/// after each into the pages it was, and [`furniture`] finds the repeated block around
/// the cuts as on any paged text (a page number only counts when the numbers increase
/// page after page; a footer or header only when it repeats). No page-number line, no
/// furniture.
pub fn furniture_in_flow(lines: &[&str]) -> Vec<bool> {
    // A cut falls after the page number, so what stood below the number on the page
    // (a footer under it) and the next page's running header both open the next piece:
    // `1/7`, `七瀬県 観光部 温泉地振興室`, `七瀬温泉郷ツ―リズム特区 評価書（令和4年度）` (the
    // held-out model h04, whose order m11's `萩原県 企画部 地域振興課`, `- 1 -`, header
    // did not show). The top edge is the first three lines of each piece.
    let cuts: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, line)| PAGE_NUMBER.is_match(line.trim()))
        .map(|(i, _)| i + 1)
        .collect();
    if cuts.len() < 2 {
        return vec![false; lines.len()];
    }
    let mut pages: Vec<PageLines> = Vec::with_capacity(cuts.len() + 1);
    let mut start = 0;
    for end in cuts.into_iter().chain(std::iter::once(lines.len())) {
        pages.push(PageLines { lines: lines[start..end].to_vec(), ..PageLines::default() });
        start = end;
    }
    let mask = furniture_below_top(&pages, FLOW_TOP_EDGE_LINES).concat();
    // The cuts stand only when their page numbers were confirmed (they increase).
    let confirmed =
        mask.iter().zip(lines).any(|(&drop, line)| drop && PAGE_NUMBER.is_match(line.trim()));
    if confirmed {
        mask
    } else {
        vec![false; lines.len()]
    }
}

/// Where a running header or footer stands: the page's height (PDF pages) and its
/// distance from the page's edge (6pt steps; text: lines).
type Placement = (Option<i64>, i64);

/// Marks the lines of `group` (one text's occurrences at one or more placements) as
/// furniture when they stand on enough pages ([`repeats_enough`]); word-for-word identical
/// occurrences (page numbers aside) count as `long_and_identical` when long enough.
fn mark_if_repeated(
    mask: &mut [Vec<bool>],
    pages: &[PageLines],
    identical: &HashMap<(Edge, String, Placement), usize>,
    edge: Edge,
    group: &[(&Placement, &Vec<(usize, usize)>)],
    pages_with_text: usize,
) {
    let found = || group.iter().flat_map(|(_, found)| found.iter().copied());
    let Some((p, i)) = found().min() else { return };
    let mut page_indexes: Vec<usize> = found().map(|(p, _)| p).collect();
    page_indexes.sort_unstable();
    page_indexes.dedup();
    let kept = without_page_number(pages[p].lines[i]);
    let identical_count: usize = group
        .iter()
        .map(|(placement, _)| {
            identical.get(&(edge, kept.clone(), **placement)).copied().unwrap_or(0)
        })
        .sum();
    let long_and_identical =
        kept.chars().count() >= MIN_IDENTICAL_CHARS && identical_count == found().count();
    if repeats_enough(page_indexes.len(), pages_with_text, long_and_identical) {
        for (p, i) in found() {
            mask[p][i] = true;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text_pages<'a>(pages: &[&'a [&'a str]]) -> Vec<PageLines<'a>> {
        pages
            .iter()
            .map(|lines| PageLines { lines: lines.to_vec(), ..PageLines::default() })
            .collect()
    }

    #[test]
    fn furniture_inside_a_flow_without_page_breaks_is_found_around_the_page_numbers() {
        // m11's copy-all dump: footer, page number and running title inside the flow,
        // once inside a 数値目標 name (`…による` / furniture / `売電量`).
        let title = "令和4年度地域活性化総合特別区域評価書(萩原バイオマス産業地域活性化総合特区)";
        let footer = "萩原県企画部地域振興課";
        let mut lines = vec![title, "令和4年度地域活性化総合特別区域評価書", "本文"];
        lines.extend([footer, "- 1 -", title, "数値目標(1)-②:バイオマス発電による"]);
        lines.extend([footer, "- 2 -", title, "売電量", "本文の続き"]);
        lines.extend([footer, "- 3 -", title, "別紙の行"]);
        lines.extend([footer, "- 4 -"]);
        let mask = furniture_in_flow(&lines);
        let kept: Vec<&str> =
            lines.iter().zip(&mask).filter(|(_, &drop)| !drop).map(|(l, _)| *l).collect();
        assert_eq!(
            kept,
            vec![
                title,
                "令和4年度地域活性化総合特別区域評価書",
                "本文",
                "数値目標(1)-②:バイオマス発電による",
                "売電量",
                "本文の続き",
                "別紙の行"
            ]
        );
        // Numbers that do not increase page after page are no page numbers.
        let lines = ["見出し", "- 3 -", "見出し", "- 1 -", "見出し"];
        assert!(furniture_in_flow(&lines).iter().all(|&drop| !drop));
        // One number line is no evidence.
        assert!(furniture_in_flow(&["本文", footer, "- 1 -", "本文"]).iter().all(|&d| !d));
    }

    #[test]
    fn a_footer_below_the_page_number_and_the_next_header_are_both_found_in_a_flow() {
        // A dump whose pages end with the number first, then the office's footer, and
        // whose next page opens with the running header (the order of held-out h04):
        // the cut after the number leaves footer and header at the top of the next piece.
        let header = "潮騒市ブルーエコノミー特区 評価書(令和5年度)";
        let footer = "潮騒市 経済部 産業政策課";
        let mut lines = vec![header, "", "1 評価指標(1):漁業の振興【進捗度90%】"];
        lines.extend(["2/4", footer, header, "", "数値目標(1):水揚量"]);
        lines.extend([
            "本文",
            "3/4",
            footer,
            header,
            "",
            "事業名\t事業概要",
            "足湯の整備",
            "朝市の開催",
        ]);
        lines.extend(["4/4", footer, header, "", "事業名\t事業概要", "漁港の改修", "体験漁業"]);
        let mask = furniture_in_flow(&lines);
        let kept: Vec<&str> = lines
            .iter()
            .zip(&mask)
            .filter(|(l, &drop)| !drop && !l.is_empty())
            .map(|(l, _)| *l)
            .collect();
        assert_eq!(
            kept,
            vec![
                header,
                "1 評価指標(1):漁業の振興【進捗度90%】",
                "数値目標(1):水揚量",
                "本文",
                "事業名\t事業概要",
                "足湯の整備",
                "朝市の開催",
                "事業名\t事業概要",
                "漁港の改修",
                "体験漁業"
            ],
            "a table's header repeated below the furniture on two pages stays"
        );
    }

    #[test]
    fn page_number_forms_match() {
        for line in ["- 3 -", "-3-", "3 / 15", "3", "P.3", "3頁", "(3)"] {
            assert!(PAGE_NUMBER.is_match(line), "{line}");
        }
        for line in ["3件", "令和3年度", "- 3", "数値目標(3)"] {
            assert!(!PAGE_NUMBER.is_match(line), "{line}");
        }
    }

    #[test]
    fn increasing_numbers_and_a_repeated_header_are_furniture_a_lone_heading_is_not() {
        let pages = text_pages(&[
            &["令和3年度 地域活性化総合特別区域評価書", "作成主体", "本文一", "- 1 -"],
            &[
                "令和3年度 地域活性化総合特別区域評価書（○○特区）",
                "3 目標に向けた取組",
                "本文二",
                "- 2 -",
            ],
            &["令和3年度 地域活性化総合特別区域評価書（○○特区）", "続き", "本文三", "- 3 -"],
            &[
                "令和3年度 地域活性化総合特別区域評価書（○○特区）",
                "■ 目標に向けた取組の進捗に関する評価",
                "当初(平成27",
                "- 4 -",
            ],
            &[
                "令和3年度 地域活性化総合特別区域評価書（○○特区）",
                "■ 目標に向けた取組の進捗に関する評価",
                "当初(平成27",
                "- 5 -",
            ],
        ]);
        let mask = furniture(&pages);
        assert_eq!(
            mask,
            vec![
                vec![false, false, false, true],
                vec![true, false, false, true],
                vec![true, false, false, true],
                vec![true, false, false, true],
                vec![true, false, false, true]
            ]
        );
    }

    #[test]
    fn numbers_that_do_not_increase_are_content() {
        let pages =
            text_pages(&[&["x", "a", "b", "5"], &["y", "c", "d", "5"], &["z", "e", "f", "5"]]);
        let mask = furniture(&pages);
        assert!(mask.iter().all(|m| m.iter().all(|d| !d)), "{mask:?}");
        let pages =
            text_pages(&[&["x", "a", "b", "7"], &["y", "c", "d", "5"], &["z", "e", "f", "6"]]);
        let mask = furniture(&pages);
        assert!(mask.iter().all(|m| m.iter().all(|d| !d)), "{mask:?}");
    }

    /// A PDF page of `height` points whose lines stand at `baselines` (from the top).
    fn pdf_page<'a>(lines: &[&'a str], baselines: &[f64], height: f64) -> PageLines<'a> {
        PageLines {
            lines: lines.to_vec(),
            baselines: Some(baselines.to_vec()),
            height: Some(height),
        }
    }

    #[test]
    fn a_footer_at_one_place_on_portrait_pages_and_another_on_landscape_pages_is_furniture() {
        // The body in portrait (842pt high), the 別紙 in landscape (595pt): the footer
        // `桜木県農政部` stands 55pt above the bottom of the first and 34pt above the
        // bottom of the second, on 2 + 3 pages of 5 — too few of either size alone for a
        // short footer (fewer than 8 characters, on fewer than 3 pages).
        let portrait = |body: &'static str| {
            pdf_page(
                &[body, "本文の続き", "- 1 -", "桜木県農政部"],
                &[100.0, 400.0, 778.0, 787.0],
                842.0,
            )
        };
        let landscape = |body: &'static str| {
            pdf_page(
                &[body, "表の行", "- 3 -", "桜木県農政部"],
                &[80.0, 300.0, 552.0, 561.0],
                595.0,
            )
        };
        let pages = vec![
            portrait("1 総合特区計画の状況"),
            portrait("5 財政・税制・金融上の支援措置"),
            landscape("別紙1"),
            landscape("別紙2"),
            landscape("別紙3"),
        ];
        let mask = furniture(&pages);
        for (p, page) in mask.iter().enumerate() {
            assert!(page[3], "page {p}: the footer is furniture");
            assert!(!page[1], "page {p}: a body line is not");
        }
        // The same short line on the two portrait pages alone is not enough evidence.
        let mask = furniture(
            &pages[..2]
                .iter()
                .cloned()
                .chain(
                    [landscape("別紙1"), landscape("別紙2"), landscape("別紙3")].into_iter().map(
                        |mut p| {
                            p.lines[3] = "別の行";
                            p
                        },
                    ),
                )
                .collect::<Vec<_>>(),
        );
        assert!(!mask[0][3] && !mask[1][3], "two pages of five: a short repeated line stays");
    }

    #[test]
    fn a_last_line_on_one_page_of_a_size_does_not_join_a_repeat_on_another_size() {
        // `該当なし` closes one portrait page and two landscape pages of six: the portrait
        // page alone is no page template's footer, and two landscape pages of six are too
        // few, so the line stays everywhere.
        let portrait = |last: &'static str| pdf_page(&["本文", last], &[100.0, 787.0], 842.0);
        let landscape = |last: &'static str| pdf_page(&["表", last], &[80.0, 561.0], 595.0);
        let pages = vec![
            portrait("該当なし"),
            portrait("① 特定地域活性化事業"),
            portrait("② 一般地域活性化事業"),
            landscape("該当なし"),
            landscape("該当なし"),
            landscape("自治体名"),
        ];
        let mask = furniture(&pages);
        for p in [0, 3, 4] {
            assert!(!mask[p][1], "page {p}: 該当なし is content");
        }
    }
}
