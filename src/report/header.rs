//! Header: reads the report's title, 作成主体, zone name, dates and previous score from
//! the normalized body lines (sections 1 and 2 and the cover) with named pattern rules.

use std::sync::LazyLock;

use regex::Regex;

use crate::jp::patterns::static_regex;
use crate::jp::{parse_date, parse_fiscal_year, parse_quantity};
use crate::record::ReportHeader;

/// `令和2年度 国際戦略総合特別区域評価書`
static TITLE: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"^(?P<year>(?:令和|平成)\s*\S+?年度)\s*(?P<kind>国際戦略|地域活性化)総合特別区域評価書$")
});
/// `作成主体の名称:神奈川県、横浜市、川崎市`
static AUTHORS: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^作成主体の名称\s*:\s*(?P<names>.+)$"));
/// `1 国際戦略総合特別区域の名称`
static ZONE_NAME_HEADING: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"^1\s*(?:国際戦略|地域活性化)総合特別区域の名称$"));
/// `2 総合特区計画の状況`
static SECTION_2: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^2\s*総合特区計画の状況"));
/// `平成23年12月22日指定`
static DESIGNATED: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^(?P<date>\S+?日)\s*指定"));
/// `平成24年3月9日認定(平成29年6月23日最終認定)`
static APPROVED: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"^(?P<first>\S+?日)\s*認定(?:\s*\(\s*(?P<last>\S+?日)\s*最終認定\s*\))?")
});
/// `国際戦略総合特区 3.8点`
static PREVIOUS_SCORE: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"^(?:国際戦略|地域活性化)総合特区\s*(?P<score>\d+(?:\.\d+)?\s*点)$"));
pub fn read_header(lines: &[(u32, &str)], header: &mut ReportHeader) {
    for (i, &(_, line)) in lines.iter().enumerate() {
        if header.title.is_none() {
            if let Some(c) = TITLE.captures(line) {
                // The title's one real space (between year and zone kind) is restored in
                // a canonical form, whatever the layout did to it.
                let year: String = c["year"].chars().filter(|c| !c.is_whitespace()).collect();
                let title = format!("{year} {}総合特別区域評価書", &c["kind"]);
                header.fiscal_year = parse_fiscal_year(&title);
                header.zone_kind = Some(if &c["kind"] == "国際戦略" { "international" } else { "regional" }.to_string());
                header.title = Some(title);
                continue;
            }
        }
        if header.authors.is_empty() {
            if let Some(c) = AUTHORS.captures(line) {
                header.authors =
                    c["names"].split(['、', ',', '，']).map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
                continue;
            }
        }
        if header.zone_name.is_none() && ZONE_NAME_HEADING.is_match(line) {
            let name: String = lines[i + 1..]
                .iter()
                .map(|(_, l)| *l)
                .take_while(|l| !SECTION_2.is_match(l))
                .collect::<Vec<_>>()
                .join("");
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
                header.plan_last_approved_on = c.name("last").and_then(|m| parse_date(m.as_str())).map(|d| d.to_iso());
                continue;
            }
        }
        if header.previous_score.is_none() {
            if let Some(c) = PREVIOUS_SCORE.captures(line) {
                header.previous_score = parse_quantity(&c["score"]).ok().flatten().map(|q| q.value);
            }
        }
    }
}


#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_rule_compiles() {
        for rule in [&TITLE, &AUTHORS, &ZONE_NAME_HEADING, &SECTION_2, &DESIGNATED, &APPROVED, &PREVIOUS_SCORE] {
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
}
