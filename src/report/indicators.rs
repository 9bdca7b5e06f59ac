//! Indicators: reads section 3 ① (評価指標 / 数値目標, with each target's goal and 当該年度
//! values) from the normalized body lines with named pattern rules, and runs the header
//! reader first (`extract_body`). Dates, fiscal years and quantities are read by
//! `crate::jp` only. Year tables (別紙1) are read by `crate::report::annex1`.

use std::sync::LazyLock;

use regex::Regex;

use crate::jp::patterns::{static_regex, LOST_CIRCLED_DIGIT_CLASS};
use crate::text::document::Doc;

use super::goals::read_goal;
use super::header::read_header;
use super::headings::{self, is_heading};
use crate::jp::{circled_number, parse_percent, parse_quantity, Quantity};
use crate::msg;
use crate::record::{Baseline, CurrentValues, Indicator, Period, ReportHeader, Target, Warning};

/// `評価指標(1):特区事業の実施による…経済効果【進捗度75%】`, `評価指標1 連携病院数【進捗度-】`
static INDICATOR: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(
        r"^評価指標\s*(?:\(\s*(?P<number>[0-9]+)\s*\)|(?P<bare>[0-9]+))?\s*:?\s*(?P<name>.*?)\s*(?:【\s*進捗度\s*:?\s*(?P<progress>[^】]*)】)?$",
    )
});
/// `数値目標(1)-①:特区関連事業による投資額`, `数値目標(1)-②`, `数値目標1-1:…`,
/// `数値目標(2):…`, an unnumbered `数値目標:…`, and a sub-number lost in a legacy
/// encoding (`数値目標(1)??:…`, `数値目標(1)〓:…`, `数値目標(1)-?:…`, U+FFFD): the
/// replacement characters a CP932 or EUC-JP round trip leaves for a circled number.
static TARGET: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(&format!(
        r"^数値目標\s*(?:\(\s*(?P<major>[0-9]+)\s*\)|(?P<bare_major>[0-9]+))?\s*(?:-?\s*(?P<minor>[\x{{2460}}-\x{{2473}}\x{{3251}}-\x{{325F}}\x{{32B1}}-\x{{32BF}}])|-\s*(?P<minor_digits>[0-9]+)|-?\s*(?P<garbled>{LOST_CIRCLED_DIGIT_CLASS}{{1,4}}))?\s*:?\s*(?P<name>.*)$"
    ))
});
/// A line that starts a new item inside section 3 ①: `評価指標…`, `数値目標…`, `【当該年度…】`.
static ITEM_START: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^(?:評価指標|数値目標|【)"));
/// The indicator's progress bracket on a line of its own (a wrapped indicator line):
/// `【進捗度75%】`.
static PROGRESS_BRACKET: LazyLock<Regex> = LazyLock::new(|| static_regex(r"^【\s*進捗度"));

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
    /// Targets (indicator index, target index) whose 【当該年度…】 line was read, even
    /// when every value in it is `―`: their `current` is what the report says.
    pub current_read: Vec<(usize, usize)>,
    /// Targets evaluated by 代替指標 or 定性的評価: `―` where actuals would be is what
    /// the report says, so no value of theirs is reported missing.
    pub qualitative: Vec<(usize, usize)>,
}

/// Reads the header and the indicator section from the body lines.
pub fn extract_body(doc: &Doc) -> BodyExtraction {
    let lines: Vec<(u32, &str)> = doc.numbered_lines().collect();
    let raw_lines: Vec<&str> = doc.raw_lines().collect();
    let mut out = BodyExtraction::default();
    read_header(&lines, &raw_lines, &mut out.header, &doc.marks);
    read_indicators(&lines, &mut out);
    out.looks_like_report = out.header.title.is_some() || !out.indicators.is_empty();
    out
}

/// Where section 3 ① starts: after its heading (`① 評価指標`, found by its words), or,
/// when the heading is missing, at the first `評価指標(1):…` line.
fn indicators_start(lines: &[(u32, &str)]) -> Option<usize> {
    if let Some(heading) = lines.iter().position(|(_, l)| is_heading(l, &headings::INDICATORS)) {
        return Some(heading + 1);
    }
    lines.iter().position(|(_, l)| {
        INDICATOR
            .captures(l)
            .is_some_and(|c| c.name("number").is_some() || c.name("bare").is_some())
    })
}

/// Groups the lines of section 3 ① into items: a line that starts an item plus the
/// lines that continue it (text wrapped by the layout).
fn indicator_items<'a>(lines: &'a [(u32, &'a str)]) -> Vec<(u32, Vec<&'a str>)> {
    let Some(start) = indicators_start(lines) else {
        return Vec::new();
    };
    let mut items: Vec<(u32, Vec<&str>)> = Vec::new();
    for &(page, line) in lines[start..].iter() {
        if line.starts_with('■')
            || headings::INDICATORS_END.iter().any(|rule| is_heading(line, rule))
        {
            break;
        }
        let continues_bracket = items.last().is_some_and(|(_, item)| {
            let joined: String = item.concat();
            joined.starts_with('【') && !joined.contains('】')
        });
        // `【進捗度75%】` on its own line closes a wrapped 評価指標 line.
        let continues_indicator = PROGRESS_BRACKET.is_match(line)
            && items.last().is_some_and(|(_, item)| {
                item[0].starts_with("評価指標") && !item.concat().contains('【')
            });
        if ITEM_START.is_match(line) && !continues_bracket && !continues_indicator {
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
                    let number = match c
                        .name("number")
                        .or(c.name("bare"))
                        .and_then(|m| m.as_str().parse::<u32>().ok())
                    {
                        Some(n) => n,
                        None => {
                            let n = out.indicators.len() as u32 + 1;
                            out.warnings.push(Warning::new(
                                "indicator_numbering",
                                msg!("indicator_numbering", number = n, line = &joined),
                                Some(format!("/indicators/{}/number", out.indicators.len())),
                                Some(page),
                            ));
                            n
                        }
                    };
                    let progress_pct = c.name("progress").and_then(|m| {
                        percent_or_warn(
                            m.as_str(),
                            &format!("/indicators/{}/progress_pct", out.indicators.len()),
                            page,
                            &mut out.warnings,
                        )
                    });
                    out.indicators.push(Indicator {
                        number,
                        name: c["name"].to_string(),
                        progress_pct,
                        targets: Vec::new(),
                    });
                    out.indicator_pages.push(page);
                }
                None => out.warnings.push(Warning::new(
                    "unparsed_line",
                    msg!("unparsed_line.indicator", line = &joined),
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

/// True for a target evaluated by 代替指標 or 定性的評価 (its goal text says so).
fn is_qualitative(text: &str) -> bool {
    text.contains("代替指標") || text.contains("定性的")
}

fn read_target(page: u32, item: &[&str], out: &mut BodyExtraction) {
    let Some(c) = TARGET.captures(item[0]) else {
        out.warnings.push(Warning::new(
            "unparsed_line",
            msg!("unparsed_line.target", line = item[0]),
            None,
            Some(page),
        ));
        return;
    };
    let Some(indicator_index) = out.indicators.len().checked_sub(1) else {
        out.warnings.push(Warning::new(
            "orphan_target",
            msg!("orphan_target", line = item[0]),
            None,
            Some(page),
        ));
        return;
    };
    let indicator_number = out.indicators[indicator_index].number;
    let major = c.name("major").or(c.name("bare_major")).map(|m| m.as_str().to_string());
    let minor = c
        .name("minor")
        .and_then(|m| circled_number(m.as_str()))
        .or_else(|| c.name("minor_digits").and_then(|m| m.as_str().parse::<u32>().ok()));
    let target_index = out.indicators[indicator_index].targets.len();
    // A sub-number lost in a legacy encoding (`数値目標(1)??`): the targets of one
    // 評価指標 stand in the order of their sub-numbers (①②③), so the n-th target under
    // it is n; the 別紙1 tables, which carry the same garbled number, go to the targets
    // by name. Said once per 評価指標 (`numbering_garbled`).
    // An unnumbered 数値目標 stands under its 評価指標 as that indicator's target: numbered
    // reports write the lone target of 評価指標(N) as 数値目標(N), so its key is "N".
    let numbered_major = major.clone().unwrap_or_else(|| indicator_number.to_string());
    // A sub-number dropped without a trace (a glyph without Unicode mapping, left out of
    // a PDF's text): a second `数値目標(3)` under the same 評価指標 as a first one. Both
    // lost their sub-numbers; the earlier ones are renumbered by order too.
    let earlier_same: Vec<usize> = out.indicators[indicator_index]
        .targets
        .iter()
        .enumerate()
        .filter(|(_, t)| major.is_some() && minor.is_none() && t.key == numbered_major)
        .map(|(k, _)| k)
        .collect();
    let garbled = c.name("garbled").is_some() || !earlier_same.is_empty();
    let mut garbled_page = page;
    for k in earlier_same {
        let renumbered = format!("{numbered_major}-{}", k + 1);
        if let Some(entry) = out.target_pages.iter_mut().find(|(key, _)| *key == numbered_major) {
            garbled_page = garbled_page.min(entry.1);
            entry.0 = renumbered.clone();
        }
        out.indicators[indicator_index].targets[k].key = renumbered;
    }
    let minor =
        match minor {
            None if garbled => {
                let path = format!("/indicators/{indicator_index}/targets");
                if !out.warnings.iter().any(|w| {
                    w.code == "numbering_garbled" && w.path.as_deref() == Some(path.as_str())
                }) {
                    out.warnings.push(Warning::new(
                        "numbering_garbled",
                        msg!("numbering_garbled", indicator = indicator_number, heading = item[0]),
                        Some(path),
                        Some(garbled_page),
                    ));
                }
                let earlier = out.indicators[indicator_index].targets.len() as u32;
                Some(earlier + 1)
            }
            other => other,
        };
    let key = match minor {
        Some(minor) => format!("{numbered_major}-{minor}"),
        None => numbered_major.clone(),
    };
    let mut name = c["name"].to_string();
    let mut goal_lines: Vec<&str> = Vec::new();
    for line in &item[1..] {
        if goal_lines.is_empty() && read_goal(line).is_none() && !is_qualitative(line) {
            name.push_str(line);
        } else {
            goal_lines.push(line);
        }
    }
    let goal_text = goal_lines.concat();
    let path = format!("/indicators/{indicator_index}/targets/{target_index}");
    if major.is_none() && target_index > 0 {
        out.warnings.push(Warning::new(
            "target_numbering",
            msg!("target_numbering.repeated", number = indicator_number, key = &key),
            Some(format!("{path}/key")),
            Some(page),
        ));
    } else if major
        .as_deref()
        .and_then(|m| m.parse::<u32>().ok())
        .is_some_and(|m| m != indicator_number)
    {
        out.warnings.push(Warning::new(
            "target_numbering",
            msg!("target_numbering.misplaced", key = &key, number = indicator_number),
            Some(path.clone()),
            Some(page),
        ));
    }
    let qualitative = is_qualitative(&goal_text) || is_qualitative(&name);
    if qualitative {
        out.qualitative.push((indicator_index, target_index));
    }
    // The goal may wrap over several lines, and a note may follow it: the longest run of
    // goal lines that reads as a goal is the goal.
    let reading = (1..=goal_lines.len()).rev().find_map(|k| read_goal(&goal_lines[..k].concat()));
    let (mut goal, mut goal_basis, mut period, mut baseline) = (None, None, None, None);
    match reading {
        Some(reading) => {
            period = reading
                .period
                .map(|(start, end)| Period { start_fiscal_year: start, end_fiscal_year: end });
            goal_basis = reading.basis.map(str::to_string);
            goal = reading.goal.as_deref().and_then(|g| {
                quantity_or_warn(g, &format!("{path}/goal"), page, &mut out.warnings)
            });
            baseline = reading.baseline.and_then(|(value, fiscal_year)| {
                quantity_or_warn(&value, &format!("{path}/baseline"), page, &mut out.warnings)
                    .map(|value| Baseline { value, fiscal_year })
            });
        }
        None if qualitative => {}
        None if goal_text.is_empty() => out.warnings.push(Warning::new(
            "goal_missing",
            msg!("goal_missing", key = &key),
            Some(format!("{path}/goal")),
            Some(page),
        )),
        None => out.warnings.push(Warning::new(
            "unreadable_value",
            msg!("unreadable_value.goal", key = &key, text = &goal_text),
            Some(format!("{path}/goal")),
            Some(page),
        )),
    }
    out.target_pages.push((key.clone(), page));
    out.indicators[indicator_index].targets.push(Target {
        key,
        name: name.trim().to_string(),
        goal,
        goal_basis,
        period,
        baseline,
        current: CurrentValues::default(),
        series: Vec::new(),
        notes: None,
    });
}

/// The labels of a 【当該年度…】 line's parts and the field each fills.
const CURRENT_LABELS: &[(&str, &str)] = &[
    ("当該年度目標値", "target"),
    ("当該年度実績値", "actual"),
    ("目標値", "target"),
    ("実績値", "actual"),
    ("進捗度", "progress_pct"),
    ("寄与度", "contribution_pct"),
];

/// Reads `【当該年度目標値93億円、当該年度実績値135億円、進捗度145%、寄与度33%】`: parts
/// separated by `、`, each a label and its value, in any order, 寄与度 optional.
fn read_current(page: u32, text: &str, out: &mut BodyExtraction) {
    let Some(indicator_index) = out.indicators.len().checked_sub(1) else { return };
    let Some(target_index) = out.indicators[indicator_index].targets.len().checked_sub(1) else {
        out.warnings.push(Warning::new(
            "unparsed_line",
            msg!("unparsed_line.orphan_current", line = text),
            None,
            Some(page),
        ));
        return;
    };
    let inner = text.trim().trim_start_matches('【').trim_end_matches('】');
    let mut parts: Vec<(&str, &str)> = Vec::new();
    for part in inner.split('、') {
        let part = part.trim();
        match CURRENT_LABELS.iter().find(|(label, _)| part.starts_with(label)) {
            Some((label, field)) => {
                parts.push((field, part[label.len()..].trim().trim_start_matches(':').trim()))
            }
            None => {
                out.warnings.push(Warning::new(
                    "unparsed_line",
                    msg!("unparsed_line.current", line = text),
                    None,
                    Some(page),
                ));
                return;
            }
        }
    }
    let path = format!("/indicators/{indicator_index}/targets/{target_index}/current");
    let warnings = &mut out.warnings;
    let mut current = CurrentValues::default();
    for (field, value) in parts {
        let at = format!("{path}/{field}");
        match field {
            "target" => current.target = quantity_or_warn(value, &at, page, warnings),
            "actual" => current.actual = quantity_or_warn(value, &at, page, warnings),
            "progress_pct" => current.progress_pct = percent_or_warn(value, &at, page, warnings),
            _ => current.contribution_pct = percent_or_warn(value, &at, page, warnings),
        }
    }
    out.indicators[indicator_index].targets[target_index].current = current;
    out.current_read.push((indicator_index, target_index));
}

/// Reads a quantity; an unreadable one becomes a warning and `None`, never a guess.
pub fn quantity_or_warn(
    text: &str,
    path: &str,
    page: u32,
    warnings: &mut Vec<Warning>,
) -> Option<Quantity> {
    match parse_quantity(text) {
        Ok(q) => q,
        Err(e) => {
            warnings.push(Warning::new(
                "unreadable_value",
                msg!("unreadable_value", text = format!("{:?}", e.text), reason = e.reason.clone()),
                Some(path.to_string()),
                Some(page),
            ));
            None
        }
    }
}

/// Reads a percentage; an unreadable one becomes a warning and `None`.
pub fn percent_or_warn(
    text: &str,
    path: &str,
    page: u32,
    warnings: &mut Vec<Warning>,
) -> Option<f64> {
    match parse_percent(text) {
        Ok(p) => p,
        Err(e) => {
            warnings.push(Warning::new(
                "unreadable_value",
                msg!("unreadable_value", text = format!("{:?}", e.text), reason = e.reason.clone()),
                Some(path.to_string()),
                Some(page),
            ));
            None
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_pattern_rule_compiles() {
        for rule in [&INDICATOR, &TARGET, &ITEM_START, &PROGRESS_BRACKET] {
            assert!(!LazyLock::force(rule).as_str().is_empty());
        }
    }

    #[test]
    fn sub_numbers_lost_in_a_legacy_encoding_are_numbered_by_order_and_said() {
        // m13's forms: `??` (CP932 round trip), `〓` (geta), U+FFFD, and `?` after a dash.
        let text = "3 目標に向けた取組の進捗に関する評価\n① 評価指標\n評価指標（1）：観光の振興【進捗度100%】\n数値目標（1）??：観光入込客数\n5年間（平成29～令和3年度）累計：1,500人\n数値目標（1）〓：宿泊者数\n累計：750人\n数値目標（1）－?：体験者数\n累計：300人\n評価指標（2）：農業【進捗度90%】\n数値目標（2）\u{FFFD}：出荷量\n累計：50t\n数値目標（2）－②：就農者数\n累計：20人\n評価指標（3）：移住【進捗度90%】\n数値目標（3）：移住者数\n累計：250人\n数値目標（3）：成約件数\n累計：20件\n";
        let body = extract_body(&Doc::from_text(text));
        let keys: Vec<Vec<(String, String)>> = body
            .indicators
            .iter()
            .map(|i| i.targets.iter().map(|t| (t.key.clone(), t.name.clone())).collect())
            .collect();
        assert_eq!(
            keys,
            vec![
                vec![
                    ("1-1".into(), "観光入込客数".into()),
                    ("1-2".into(), "宿泊者数".into()),
                    ("1-3".into(), "体験者数".into())
                ],
                vec![("2-1".into(), "出荷量".into()), ("2-2".into(), "就農者数".into())],
                // U+FFFD dropped from a PDF's text: two 数値目標(3) under one 評価指標.
                vec![("3-1".into(), "移住者数".into()), ("3-2".into(), "成約件数".into())],
            ]
        );
        let garbled: Vec<Option<String>> = body
            .warnings
            .iter()
            .filter(|w| w.code == "numbering_garbled")
            .map(|w| w.path.clone())
            .collect();
        assert_eq!(
            garbled,
            vec![
                Some("/indicators/0/targets".into()),
                Some("/indicators/1/targets".into()),
                Some("/indicators/2/targets".into())
            ]
        );
        // Intact numbering says nothing.
        let intact = extract_body(&Doc::from_text(
            "評価指標（1）：観光【進捗度100%】\n数値目標（1）－①：観光入込客数\n累計：1,500人\n",
        ));
        assert!(intact.warnings.iter().all(|w| w.code != "numbering_garbled"));
    }

    #[test]
    fn pattern_rules_match_report_wording() {
        let c = TARGET.captures("数値目標(1)-①:特区関連事業による投資額").expect("target");
        assert_eq!(
            (&c["major"], c.name("minor").map(|m| m.as_str()), &c["name"]),
            ("1", Some("①"), "特区関連事業による投資額")
        );
        let c = TARGET.captures("数値目標(3):国際共同治験件数").expect("target");
        assert!(c.name("minor").is_none());
        let c = TARGET.captures("数値目標1-2:観光客数").expect("target");
        assert_eq!((&c["bare_major"], &c["minor_digits"], &c["name"]), ("1", "2", "観光客数"));
        let c = TARGET.captures("数値目標:観光客数").expect("target");
        assert!(c.name("major").is_none() && c.name("bare_major").is_none());
        assert_eq!(&c["name"], "観光客数");
        let c = INDICATOR
            .captures("評価指標(4):新たに展開された商品・サービスの創出件数【進捗度150%】")
            .expect("indicator");
        assert_eq!(
            (&c["number"], &c["name"], &c["progress"]),
            ("4", "新たに展開された商品・サービスの創出件数", "150%")
        );
        let c = INDICATOR.captures("評価指標2 観光客数【進捗度-】").expect("indicator");
        assert_eq!((&c["bare"], &c["name"], &c["progress"]), ("2", "観光客数", "-"));
    }
}
