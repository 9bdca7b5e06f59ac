//! Indicators: reads section 3 ① (評価指標 / 数値目標, with each target's goal and 当該年度
//! values) from the normalized body lines with named pattern rules, and runs the header
//! reader first (`extract_body`). Dates, fiscal years and quantities are read by
//! `crate::jp` only. Year tables (別紙1) are read by `crate::report::annex1`.

use std::sync::LazyLock;

use regex::Regex;

use crate::jp::patterns::static_regex;
use crate::text::document::Doc;

use super::header::read_header;
use crate::jp::{circled_number, parse_fiscal_year, parse_fiscal_year_range, parse_percent, parse_quantity, Quantity};
use crate::record::{CurrentValues, Indicator, Period, ReportHeader, Target, Warning};

/// `評価指標(1):特区事業の実施による…経済効果【進捗度75%】`
static INDICATOR: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"^評価指標\s*\(\s*(?P<number>\d+)\s*\)\s*:\s*(?P<name>.*?)\s*(?:【\s*進捗度\s*(?P<progress>[^】]*)】)?$")
});
/// `数値目標(1)-①:特区関連事業による投資額`, `数値目標(2):…`
static TARGET: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"^数値目標\s*\(\s*(?P<major>\d+)\s*\)\s*(?:-\s*(?P<minor>[①-⑳]|\d+)\s*)?:\s*(?P<name>.*)$")
});
/// `5年間(平成29~令和3年度)累計:475億円`
static GOAL: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"^(?P<period>(?:\d+\s*年間\s*)?\(?\s*(?:平成|令和|H|R)[^:]*?)\s*(?P<basis>累計|単年度|最終年度|年度末)?\s*:\s*(?P<goal>.+)$")
});
/// `【当該年度目標値93億円、当該年度実績値135億円、進捗度145%、寄与度33%】`
static CURRENT: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"^【\s*当該年度目標値\s*(?P<target>[^、】]*?)\s*、\s*当該年度実績値\s*(?P<actual>[^、】]*?)\s*、\s*進捗度\s*(?P<progress>[^、】]*?)\s*(?:、\s*寄与度\s*(?P<contribution>[^、】]*?)\s*)?】$")
});
/// The start of section 3 ① and its end (② 寄与度の考え方, or section 4).
static INDICATORS_START: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^①\s*評価指標$"));
static INDICATORS_END: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"^(?:②\s*寄与度|4\s*規制の特例措置|■)"));
/// A line that starts a new item inside section 3 ①.
static ITEM_START: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^(?:評価指標\s*\(|数値目標\s*\(|【)"));

/// The header and the indicators of one report, with what the extractor doubted.
#[derive(Debug, Default)]
pub struct BodyExtraction {
    pub header: ReportHeader,
    pub indicators: Vec<Indicator>,
    pub warnings: Vec<Warning>,
    /// True when the document has the title or the 評価指標 section of a report.
    pub looks_like_report: bool,
    /// Page of each 評価指標 line, by indicator index.
    pub indicator_pages: Vec<u32>,
    /// Page of each 数値目標 line, by target key.
    pub target_pages: Vec<(String, u32)>,
}

/// Reads the header and the indicator section from the body lines.
pub fn extract_body(doc: &Doc) -> BodyExtraction {
    let lines: Vec<(u32, &str)> = doc.numbered_lines().collect();
    let mut out = BodyExtraction::default();
    read_header(&lines, &mut out.header);
    read_indicators(&lines, &mut out);
    out.looks_like_report = out.header.title.is_some() || !out.indicators.is_empty();
    out
}

/// Groups the lines of section 3 ① into items: a line that starts an item plus the
/// lines that continue it (text wrapped by the layout).
fn indicator_items<'a>(lines: &'a [(u32, &'a str)]) -> Vec<(u32, Vec<&'a str>)> {
    let Some(start) = lines.iter().position(|(_, l)| INDICATORS_START.is_match(l)) else {
        return Vec::new();
    };
    let mut items: Vec<(u32, Vec<&str>)> = Vec::new();
    for &(page, line) in lines[start + 1..].iter() {
        if INDICATORS_END.is_match(line) {
            break;
        }
        let continues_bracket = items.last().is_some_and(|(_, item)| {
            let joined: String = item.concat();
            joined.starts_with('【') && !joined.contains('】')
        });
        if ITEM_START.is_match(line) && !continues_bracket {
            items.push((page, vec![line]));
        } else if let Some((_, item)) = items.last_mut() {
            item.push(line);
        }
    }
    items
}

fn read_indicators(lines: &[(u32, &str)], out: &mut BodyExtraction) {
    for (page, item) in indicator_items(lines) {
        let first = item[0];
        if first.starts_with("評価指標") {
            let joined = item.concat();
            match INDICATOR.captures(&joined) {
                Some(c) => {
                    let number = c["number"].parse::<u32>().unwrap_or(0);
                    let progress_pct = c.name("progress").and_then(|m| {
                        percent_or_warn(m.as_str(), &format!("/indicators/{}/progress_pct", out.indicators.len()), page, &mut out.warnings)
                    });
                    out.indicators.push(Indicator { number, name: c["name"].to_string(), progress_pct, targets: Vec::new() });
                    out.indicator_pages.push(page);
                }
                None => out.warnings.push(Warning::new(
                    "unparsed_line",
                    format!("評価指標 line not understood: {joined}"),
                    None,
                    Some(page),
                )),
            }
        } else if first.starts_with("数値目標") {
            read_target(page, &item, out);
        } else if first.starts_with('【') {
            read_current(page, &item.concat(), out);
        }
    }
}

fn read_target(page: u32, item: &[&str], out: &mut BodyExtraction) {
    let Some(c) = TARGET.captures(item[0]) else {
        out.warnings.push(Warning::new("unparsed_line", format!("数値目標 line not understood: {}", item[0]), None, Some(page)));
        return;
    };
    let major = c["major"].to_string();
    let key = match c.name("minor") {
        Some(minor) => format!("{major}-{}", circled_number(minor.as_str()).unwrap_or(0)),
        None => major.clone(),
    };
    let mut name = c["name"].to_string();
    let mut goal_line: Option<&str> = None;
    for line in &item[1..] {
        if goal_line.is_none() && GOAL.is_match(line) {
            goal_line = Some(line);
        } else if goal_line.is_none() {
            name.push_str(line);
        }
    }
    let Some(indicator_index) = out.indicators.len().checked_sub(1) else {
        out.warnings.push(Warning::new("orphan_target", format!("数値目標 {key} appears before any 評価指標"), None, Some(page)));
        return;
    };
    let target_index = out.indicators[indicator_index].targets.len();
    let path = format!("/indicators/{indicator_index}/targets/{target_index}");
    if major.parse::<u32>().ok() != Some(out.indicators[indicator_index].number) {
        out.warnings.push(Warning::new(
            "target_numbering",
            format!("数値目標 {key} stands under 評価指標 {}", out.indicators[indicator_index].number),
            Some(path.clone()),
            Some(page),
        ));
    }
    let (mut goal, mut goal_basis, mut period) = (None, None, None);
    if let Some(line) = goal_line {
        if let Some(g) = GOAL.captures(line) {
            let period_text = &g["period"];
            period = parse_fiscal_year_range(period_text)
                .map(|(start, end)| Period { start_fiscal_year: start, end_fiscal_year: end });
            goal_basis = match g.name("basis").map(|m| m.as_str()) {
                Some("累計") => Some("cumulative".to_string()),
                Some("最終年度") | Some("年度末") => Some("final_year".to_string()),
                _ if period.is_none() && parse_fiscal_year(period_text).is_some() => Some("final_year".to_string()),
                _ => None,
            };
            goal = quantity_or_warn(&g["goal"], &format!("{path}/goal"), page, &mut out.warnings);
        }
    } else {
        out.warnings.push(Warning::new("goal_missing", format!("no goal line found for 数値目標 {key}"), Some(format!("{path}/goal")), Some(page)));
    }
    out.target_pages.push((key.clone(), page));
    out.indicators[indicator_index].targets.push(Target {
        key,
        name: name.trim().to_string(),
        goal,
        goal_basis,
        period,
        baseline: None,
        current: CurrentValues::default(),
        series: Vec::new(),
        notes: None,
    });
}

fn read_current(page: u32, text: &str, out: &mut BodyExtraction) {
    let Some(indicator_index) = out.indicators.len().checked_sub(1) else { return };
    let Some(target_index) = out.indicators[indicator_index].targets.len().checked_sub(1) else {
        out.warnings.push(Warning::new("unparsed_line", format!("当該年度 values outside a 数値目標: {text}"), None, Some(page)));
        return;
    };
    let Some(c) = CURRENT.captures(text) else {
        out.warnings.push(Warning::new("unparsed_line", format!("当該年度 values not understood: {text}"), None, Some(page)));
        return;
    };
    let path = format!("/indicators/{indicator_index}/targets/{target_index}/current");
    let warnings = &mut out.warnings;
    let current = CurrentValues {
        target: quantity_or_warn(&c["target"], &format!("{path}/target"), page, warnings),
        actual: quantity_or_warn(&c["actual"], &format!("{path}/actual"), page, warnings),
        progress_pct: percent_or_warn(&c["progress"], &format!("{path}/progress_pct"), page, warnings),
        contribution_pct: c.name("contribution").and_then(|m| percent_or_warn(m.as_str(), &format!("{path}/contribution_pct"), page, warnings)),
    };
    out.indicators[indicator_index].targets[target_index].current = current;
}

/// Reads a quantity; an unreadable one becomes a warning and `None`, never a guess.
pub fn quantity_or_warn(text: &str, path: &str, page: u32, warnings: &mut Vec<Warning>) -> Option<Quantity> {
    match parse_quantity(text) {
        Ok(q) => q,
        Err(e) => {
            warnings.push(Warning::new("unreadable_value", e.to_string(), Some(path.to_string()), Some(page)));
            None
        }
    }
}

/// Reads a percentage; an unreadable one becomes a warning and `None`.
pub fn percent_or_warn(text: &str, path: &str, page: u32, warnings: &mut Vec<Warning>) -> Option<f64> {
    match parse_percent(text) {
        Ok(p) => p,
        Err(e) => {
            warnings.push(Warning::new("unreadable_value", e.to_string(), Some(path.to_string()), Some(page)));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_rule_compiles() {
        for rule in [
            &INDICATOR, &TARGET, &GOAL,
            &CURRENT, &INDICATORS_START, &INDICATORS_END, &ITEM_START,
        ] {
            assert!(!LazyLock::force(rule).as_str().is_empty());
        }
    }

    #[test]
    fn pattern_rules_match_report_wording() {
        let c = TARGET.captures("数値目標(1)-①:特区関連事業による投資額").expect("target");
        assert_eq!((&c["major"], c.name("minor").map(|m| m.as_str()), &c["name"]), ("1", Some("①"), "特区関連事業による投資額"));
        let c = TARGET.captures("数値目標(3):国際共同治験件数").expect("target");
        assert!(c.name("minor").is_none());
        let c = GOAL.captures("5年間(平成29~令和3年度)累計:475億円").expect("goal");
        assert_eq!((&c["period"], &c["basis"], &c["goal"]), ("5年間(平成29~令和3年度)", "累計", "475億円"));
        let c = CURRENT.captures("【当該年度目標値100人、当該年度実績値-18人、進捗度-、寄与度33%】").expect("current");
        assert_eq!((&c["target"], &c["actual"], &c["progress"], &c["contribution"]), ("100人", "-18人", "-", "33%"));
        let c = CURRENT.captures("【当該年度目標値7件、当該年度実績値9件、進捗度129%】").expect("current");
        assert!(c.name("contribution").is_none());
        let c = INDICATOR.captures("評価指標(4):新たに展開された商品・サービスの創出件数【進捗度150%】").expect("indicator");
        assert_eq!((&c["number"], &c["name"], &c["progress"]), ("4", "新たに展開された商品・サービスの創出件数", "150%"));
    }
}
