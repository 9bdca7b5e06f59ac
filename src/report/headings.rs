//! Section headings found by their words, not by one exact line: a heading's marker
//! (`3`, `３`, `(1)`, `（１）`, `①`, a marker a lossy conversion turned into `?` or `〓`,
//! or none at all) and the spaces inside it (`評 価 指 標`) are set aside, and the words
//! that remain are compared with the heading rules below (a rule table: each rule is
//! named and carries the report line it was written for).

/// A heading rule: its name, the words that follow the marker, whether the words may be
/// followed by more text on the line, and the report line it was written for. Written
/// with [`HeadingRule::exact`] or [`HeadingRule::prefix`], one rule a line.
#[derive(Debug, Clone, Copy)]
pub struct HeadingRule {
    pub name: &'static str,
    pub words: &'static str,
    /// True when the heading may go on after its words (`④前年度の評価結果` is exact;
    /// `3 目標に向けた取組の進捗に関する評価(別紙1)` goes on).
    pub prefix: bool,
    pub example: &'static str,
}

impl HeadingRule {
    /// A heading that is its words and nothing more (`④前年度の評価結果`).
    pub const fn exact(name: &'static str, words: &'static str, example: &'static str) -> Self {
        HeadingRule { name, words, prefix: false, example }
    }

    /// A heading whose words may go on (`3 目標に向けた取組の進捗に関する評価(別紙1)`).
    pub const fn prefix(name: &'static str, words: &'static str, example: &'static str) -> Self {
        HeadingRule { name, words, prefix: true, example }
    }
}

/// Section 1: the zone's name follows on the next lines.
pub const ZONE_NAME_INTERNATIONAL: HeadingRule =
    HeadingRule::exact("zone_name", "国際戦略総合特別区域の名称", "1 国際戦略総合特別区域の名称");
pub const ZONE_NAME_REGIONAL: HeadingRule = HeadingRule::exact(
    "zone_name",
    "地域活性化総合特別区域の名称",
    "1 地域活性化総合特別区域の名称",
);
/// Section 2: ends the zone's name.
pub const PLAN_STATUS: HeadingRule =
    HeadingRule::prefix("plan_status", "総合特区計画の状況", "2 総合特区計画の状況");
/// Section 2 ④: the previous year's score follows.
pub const PREVIOUS_RESULT: HeadingRule =
    HeadingRule::exact("previous_result", "前年度の評価結果", "④ 前年度の評価結果");
/// Section 3 ①: the indicators follow.
pub const INDICATORS: HeadingRule = HeadingRule::exact("indicators", "評価指標", "① 評価指標");

/// Headings that end section 3 ① (the indicators).
pub const INDICATORS_END: &[HeadingRule] = &[
    HeadingRule::prefix("contribution", "寄与度の考え方", "②寄与度の考え方"),
    HeadingRule::prefix(
        "effect",
        "総合特区として実現しようとする目標",
        "③総合特区として実現しようとする目標（数値目標を含む）の達成に、…",
    ),
    HeadingRule::prefix(
        "schedule",
        "目標達成に向けた実施スケジュール",
        "④目標達成に向けた実施スケジュール",
    ),
    HeadingRule::prefix(
        "section_4",
        "規制の特例措置を活用した事業",
        "4 規制の特例措置を活用した事業等の実績及び自己評価（別紙2）",
    ),
    HeadingRule::prefix(
        "section_5",
        "財政・税制・金融支援の活用実績",
        "5 財政・税制・金融支援の活用実績及び自己評価",
    ),
];

/// The line's words with its heading marker and spaces removed: `① 評価指標` →
/// `評価指標`, `（１）評価指標` → `評価指標`, `?評価指標` → `評価指標`, `評 価 指 標` →
/// `評価指標`, `3 目標に…` → `目標に…`.
pub fn heading_words(line: &str) -> String {
    let compact: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    let marker_end = compact
        .char_indices()
        .find(|&(_, c)| !is_marker_char(c))
        .map(|(i, _)| i)
        .unwrap_or(compact.len());
    compact[marker_end..].to_string()
}

/// Characters a heading marker is made of: digits, circled numbers, brackets, dots, and
/// what a lossy conversion leaves of a circled number (`?`, `〓`, `・`, U+FFFD).
fn is_marker_char(c: char) -> bool {
    c.is_ascii_digit()
        || crate::jp::normalize::is_circled_number(c)
        || matches!(
            c,
            '(' | ')' | '.' | '、' | '?' | '〓' | '・' | '\u{FFFD}' | '-' | '第' | '章' | '[' | ']'
        )
}

/// True when the line starts with a heading marker (`2 `, `①`, `(1)`).
pub fn has_heading_marker(line: &str) -> bool {
    line.chars().next().is_some_and(is_marker_char)
}

/// True when the line is the heading `rule` names.
pub fn is_heading(line: &str, rule: &HeadingRule) -> bool {
    // A heading is short: a line of body text that happens to start with the words is not one.
    if line.chars().count() > rule.words.chars().count() + 60 {
        return false;
    }
    // The line holds the rule's words (spaces aside): most lines lack even their first
    // and last characters, and need not be compacted.
    let (first, last) = (rule.words.chars().next(), rule.words.chars().next_back());
    if first.is_some_and(|c| !line.contains(c)) || last.is_some_and(|c| !line.contains(c)) {
        return false;
    }
    let words = heading_words(line);
    if rule.prefix {
        words.starts_with(rule.words)
    } else {
        words == rule.words
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_matches_its_example() {
        let mut rules = vec![
            ZONE_NAME_INTERNATIONAL,
            ZONE_NAME_REGIONAL,
            PLAN_STATUS,
            PREVIOUS_RESULT,
            INDICATORS,
        ];
        rules.extend_from_slice(INDICATORS_END);
        for rule in rules {
            assert!(
                is_heading(&crate::jp::normalize(rule.example), &rule),
                "{} does not match {}",
                rule.name,
                rule.example
            );
        }
    }

    #[test]
    fn markers_and_spaces_are_set_aside() {
        for line in [
            "① 評価指標",
            "(1)評価指標",
            "?評価指標",
            "〓評価指標",
            "評価指標",
            "評 価 指 標",
            "1.評価指標",
        ] {
            assert!(is_heading(&crate::jp::normalize(line), &INDICATORS), "{line}");
        }
        assert!(!is_heading("評価指標(1):連携病院数", &INDICATORS));
        assert!(!is_heading("⑤前年度の評価結果を踏まえた取組状況等", &PREVIOUS_RESULT));
    }
}
