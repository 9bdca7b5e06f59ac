//! Header: reads the report's title, 作成主体, zone name, dates and previous score from
//! the normalized body lines (sections 1 and 2 and the cover) with named pattern rules.

use std::sync::LazyLock;

use regex::Regex;

use crate::jp::patterns::static_regex;
use crate::jp::{normalize_keeping_word_spaces, parse_date, parse_fiscal_year, parse_quantity};

use super::headings::{self, has_heading_marker, is_heading};
use crate::record::ReportHeader;

/// `令和2年度 国際戦略総合特別区域評価書`, `平成30年度 地域活性化総合特別区域評価書（○○特区）`
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(
        r"^(?P<year>(?:令和|平成)\s*\S+?年度)\s*(?P<kind>国際戦略|地域活性化)総合特別区域評価書\s*(?:\(.*\))?$",
    )
});
/// `作成主体の名称:神奈川県、横浜市、川崎市`, `作成主体の名称:長野県・松本市`, `作成主体:岡山県`
static AUTHORS: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"^作成主体(?:の名称)?\s*:?\s*(?P<names>.+)$"));
/// `平成23年12月22日指定`
static DESIGNATED: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^(?P<date>\S+?日)\s*指定"));
/// `平成24年3月9日認定(平成29年6月23日最終認定)`, `令和元年6月1日認定`
static APPROVED: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"^(?P<first>\S+?日)\s*認定(?:\s*\(\s*(?P<last>\S+?日)\s*最終認定\s*\))?")
});
/// `国際戦略総合特区 3.8点`, `地域活性化総合特区 ３．８点`, `3.8点` (under ④ 前年度の評価結果)
static PREVIOUS_SCORE: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(
        r"^(?:(?:国際戦略|地域活性化)総合特区)?\s*(?:評価結果)?\s*:?\s*(?P<score>[0-9]+(?:\.[0-9]+)?\s*点)$",
    )
});
/// How many lines after `④ 前年度の評価結果` the score may stand.
const SCORE_WINDOW: usize = 3;

/// How many lines a wrapped list of 作成主体 may go on over.
const AUTHOR_WRAP_LINES: usize = 2;
/// A 作成主体 line shorter than this did not wrap (the seed's `作成主体の名称:神奈川県、横浜市、川崎市` is 24).
const AUTHOR_WRAP_MIN_CHARS: usize = 30;
/// A line longer than this is no continuation of a list of names.
const AUTHOR_WRAP_MAX_CHARS: usize = 40;

/// Separators of a list of 作成主体, strongest first: `、` `,` `・`; spaces only when
/// the line has none of them.
const AUTHOR_SEPARATORS: &[char] = &['、', ',', '・'];

/// Reads the header from the body lines; `raw_lines` are the same lines before
/// normalization (for authors separated by spaces).
pub fn read_header(lines: &[(u32, &str)], raw_lines: &[&str], header: &mut ReportHeader) {
    let mut score_until: Option<usize> = None;
    for (i, &(_, line)) in lines.iter().enumerate() {
        if header.title.is_none() {
            if let Some(c) = TITLE.captures(line) {
                // The title's one real space (between year and zone kind) is restored in
                // a canonical form, whatever the layout did to it.
                let year: String = c["year"].chars().filter(|c| !c.is_whitespace()).collect();
                let title = format!("{year} {}総合特別区域評価書", &c["kind"]);
                header.fiscal_year = parse_fiscal_year(&title);
                header.zone_kind = Some(
                    if &c["kind"] == "国際戦略" { "international" } else { "regional" }.to_string(),
                );
                header.title = Some(title);
                continue;
            }
        }
        if header.authors.is_empty() {
            if let Some(c) = AUTHORS.captures(line) {
                // A long list wraps: the next lines go on with it up to a heading or a
                // line of another header rule.
                // Only a long line wraps, and only into a short line of names (no digits).
                let mut names = c["names"].to_string();
                let mut raw = raw_lines.get(i).map(|r| r.to_string());
                let wraps = line.chars().count() >= AUTHOR_WRAP_MIN_CHARS;
                for (k, &(_, next)) in lines.iter().enumerate().skip(i + 1).take(if wraps {
                    AUTHOR_WRAP_LINES
                } else {
                    0
                }) {
                    let stops = has_heading_marker(next)
                        || next.contains(':')
                        || next.chars().any(|c| c.is_ascii_digit())
                        || next.chars().count() > AUTHOR_WRAP_MAX_CHARS
                        || TITLE.is_match(next)
                        || next.contains("総合特別区域")
                        || next.contains("総合特区");
                    if stops {
                        break;
                    }
                    names.push_str(next);
                    raw = raw
                        .map(|r| format!("{r}{}", raw_lines.get(k).copied().unwrap_or("").trim()));
                }
                header.authors = split_authors(&names, raw.as_deref());
                continue;
            }
        }
        if header.zone_name.is_none()
            && (is_heading(line, &headings::ZONE_NAME_INTERNATIONAL)
                || is_heading(line, &headings::ZONE_NAME_REGIONAL))
        {
            // Section 1's heading names the zone's kind too (`1 地域活性化総合特別区域の
            // 名称`): it stands for the title's when the title line is missing (a cover
            // page that converted to nothing). The title, when read, is never overridden.
            if header.zone_kind.is_none() {
                let international = is_heading(line, &headings::ZONE_NAME_INTERNATIONAL);
                header.zone_kind =
                    Some(if international { "international" } else { "regional" }.to_string());
            }
            // The name's lines, up to section 2 (or, where its heading is missing, a line
            // with a heading marker), at most three, the last one ending in 特区.
            let mut parts: Vec<&str> = Vec::new();
            for &(_, l) in lines[i + 1..].iter().take(3) {
                if is_heading(l, &headings::PLAN_STATUS) || has_heading_marker(l) {
                    break;
                }
                parts.push(l);
                if l.ends_with("特区") || l.ends_with("総合特別区域") {
                    break;
                }
            }
            let name = parts.concat();
            if !name.is_empty() {
                header.zone_name = Some(name);
            }
            continue;
        }
        if header.designated_on.is_none() {
            if let Some(c) = DESIGNATED.captures(line) {
                header.designated_on = parse_date(&c["date"]).map(|d| d.to_iso());
                continue;
            }
        }
        if header.plan_approved_on.is_none() {
            if let Some(c) = APPROVED.captures(line) {
                header.plan_approved_on = parse_date(&c["first"]).map(|d| d.to_iso());
                header.plan_last_approved_on =
                    c.name("last").and_then(|m| parse_date(m.as_str())).map(|d| d.to_iso());
                continue;
            }
        }
        if is_heading(line, &headings::PREVIOUS_RESULT) {
            score_until = Some(i + SCORE_WINDOW);
            continue;
        }
        if header.previous_score.is_none() {
            // The score stands under ④ 前年度の評価結果; a line naming the zone kind
            // (`国際戦略総合特区 3.8点`) is read wherever it stands.
            let under_heading = score_until.is_some_and(|until| i <= until);
            if let Some(c) = PREVIOUS_SCORE.captures(line) {
                if under_heading || line.contains("総合特区") {
                    header.previous_score =
                        parse_quantity(&c["score"]).ok().flatten().map(|q| q.value);
                }
            }
        }
    }
}

/// Splits the names of 作成主体: at `、` `,` `・`, or (when there is none) at the spaces
/// of the line before normalization (`神奈川県 横浜市 川崎市`).
fn split_authors(names: &str, raw_line: Option<&str>) -> Vec<String> {
    let split = |text: &str, separators: &[char]| -> Vec<String> {
        text.split(separators).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect()
    };
    if names.contains(AUTHOR_SEPARATORS) {
        return split(names, AUTHOR_SEPARATORS);
    }
    let spaced = raw_line.map(normalize_keeping_word_spaces).and_then(|line| {
        let c = AUTHORS.captures(line.trim())?;
        Some(c["names"].to_string())
    });
    match spaced {
        Some(spaced) if spaced.contains(' ') => split(&spaced, &[' ']),
        _ => split(names, &[]),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_rule_compiles() {
        for rule in [&TITLE, &AUTHORS, &DESIGNATED, &APPROVED, &PREVIOUS_SCORE] {
            assert!(!LazyLock::force(rule).as_str().is_empty());
        }
    }

    #[test]
    fn pattern_rules_match_report_wording() {
        assert!(TITLE.is_match("令和2年度 国際戦略総合特別区域評価書"));
        assert!(TITLE.is_match("平成30年度 地域活性化総合特別区域評価書"));
        let c = APPROVED.captures("平成24年3月9日認定(平成29年6月23日最終認定)").expect("approved");
        assert_eq!((&c["first"], &c["last"]), ("平成24年3月9日", "平成29年6月23日"));
        assert!(PREVIOUS_SCORE.is_match("国際戦略総合特区 3.8点"));
    }

    #[test]
    fn zone_kind_comes_from_section_1_heading_when_the_title_is_missing() {
        for (heading, kind) in [
            ("1 国際戦略総合特別区域の名称", "international"),
            ("1 地域活性化総合特別区域の名称", "regional"),
        ] {
            let lines = [
                (1, heading),
                (1, "霧谷高原観光地域活性化総合特区"),
                (1, "2 総合特別区域計画の状況"),
            ];
            let mut header = ReportHeader::default();
            read_header(&lines, &[], &mut header);
            assert_eq!(header.title, None);
            assert_eq!(header.zone_kind.as_deref(), Some(kind), "{heading}");
        }
        // The title, when present, decides (a heading of the other kind does not override it).
        let lines = [
            (1, "令和3年度 国際戦略総合特別区域評価書"),
            (1, "1 地域活性化総合特別区域の名称"),
            (1, "霧谷特区"),
        ];
        let mut header = ReportHeader::default();
        read_header(&lines, &[], &mut header);
        assert_eq!(header.zone_kind.as_deref(), Some("international"));
    }
}
