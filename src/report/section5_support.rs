//! Section 5, 財政・税制・金融支援の活用実績: the count each heading states (事業件数 /
//! 適用件数 / 新規契約件数) and the projects listed under it (`①-1 …`), with the funding
//! kind of a 財政支援 project from its sub-heading.
//!
//! # Count and list
//!
//! The count is what the heading states; the projects are what the section lists. They
//! may differ for a reason the report gives in a sub-heading: projects listed under a
//! sub-heading that says they had no application, use or record in the year
//! (`<令和2年度に新たに認定を受けた案件（当該年度の適用はなし）>`: words 適用 / 活用 / 実績
//! together with なし / 無し / ない) are listed but not counted. Where the stated count
//! differs from the number of listed projects that count, the record keeps both and a
//! `support_count_mismatch` warning says so. A count the heading does not state is null.

use std::sync::LazyLock;

use regex::Regex;

use crate::i18n::Msg;
use crate::jp::patterns::{static_regex, LOST_CIRCLED_DIGIT, LOST_CIRCLED_DIGIT_CLASS};
use crate::msg;
use crate::record::{Support, SupportPart, SupportProject, Warning};
use crate::report::sections::BodySection;

/// A support heading: `①財政支援:評価対象年度における事業件数1件`,
/// `②税制支援:評価対象年度における適用件数1件`,
/// `③金融支援(利子補給金):評価対象年度における新規契約件数0件`; other years write the
/// kind as `財政上の支援` or `税制上の支援措置`.
/// A legacy encoding leaves `?`, `〓` or U+FFFD for the circled digit
/// (`?財政支援:評価対象年度における事業件数1件`): read, with a `numbering_garbled` warning.
static HEADING: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(&format!(
        r"^(?P<mark>[①-⑳]|{LOST_CIRCLED_DIGIT_CLASS}+)?\s*(?P<kind>財政|税制|金融)(?:上の)?支援(?:措置)?(?P<rest>.*)$"
    ))
});
/// The count in a heading's rest: `…件数1件`, `…件数 1 件`.
static COUNT: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"件数\s*:?\s*(?P<count>[0-9]+)\s*件"));
/// A listed project: `①-1 地域イノベーション・エコシステム形成プログラム`, `②-2 …`; its
/// circled digit lost in a legacy encoding: `?-1 …` (the number is kept as written).
static PROJECT: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(&format!(
        r"^(?P<number>(?:[①-⑳]|{LOST_CIRCLED_DIGIT_CLASS}+)\s*-\s*[0-9]+)\s*(?P<name>\S.*)$"
    ))
});

/// True when a heading mark or project number is a legacy encoding's stand-in for a
/// circled digit (`?`, `〓`, U+FFFD), not the digit.
fn is_lost_digit(mark: &str) -> bool {
    mark.starts_with(LOST_CIRCLED_DIGIT)
}
/// A sub-heading in angle brackets: `<調整費を活用した事業>`.
static SUBHEADING: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"^[<〈＜](?P<text>[^<>〈〉＜＞]+)[>〉＞]$"));
/// A sub-heading saying its projects had no application in the year:
/// `令和2年度に新たに認定を受けた案件(当該年度の適用はなし)`.
static NOT_APPLIED: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"(?:適用|活用|実績)\s*(?:は|が)?\s*(?:なし|無し|ない|無い)"));

/// Longest heading without a circled number or a count, in characters.
const MAX_UNMARKED_HEADING_CHARS: usize = 20;

#[derive(Clone, Copy, PartialEq)]
enum Kind {
    Fiscal,
    Tax,
    Interest,
}

/// Reads section 5. Warnings carry JSON pointers under `/support`.
pub fn read_support(section: Option<&BodySection>) -> (Support, Vec<Warning>) {
    let mut support = Support::default();
    let mut warnings = Vec::new();
    let Some(section) = section else { return (support, warnings) };
    let mut kind: Option<Kind> = None;
    let mut funding: Option<&'static str> = None;
    let mut counted = true;
    // Per kind: projects that count toward the stated number, and the heading's page.
    let mut counting = [0u32; 3];
    let mut pages = [section.page; 3];
    // Per kind: the first page where its heading's or a project's circled digit was lost.
    let mut garbled: [Option<u32>; 3] = [None; 3];
    for (page, line) in &section.lines {
        let heading = HEADING.captures(line).filter(|caps| {
            // A heading is marked (①), states a count, or is short; not a paragraph that
            // starts with the word (財政支援により…).
            caps.name("mark").is_some()
                || caps["rest"].contains("件数")
                || line.chars().count() <= MAX_UNMARKED_HEADING_CHARS
        });
        if let Some(caps) = heading {
            let k = match &caps["kind"] {
                "財政" => Kind::Fiscal,
                "税制" => Kind::Tax,
                _ => Kind::Interest,
            };
            if caps.name("mark").is_some_and(|m| is_lost_digit(m.as_str())) {
                garbled[k as usize].get_or_insert(*page);
            }
            kind = Some(k);
            funding = None;
            counted = true;
            pages[k as usize] = *page;
            part(&mut support, k).count =
                COUNT.captures(&caps["rest"]).and_then(|c| c["count"].parse().ok());
            continue;
        }
        let Some(k) = kind else { continue };
        if let Some(caps) = SUBHEADING.captures(line) {
            let text = &caps["text"];
            if text.contains("調整費") {
                funding = Some("adjustment_fund");
                counted = true;
            } else if text.contains("既存") && (text.contains("補助") || text.contains("制度"))
            {
                funding = Some("existing_program");
                counted = true;
            } else {
                counted = !NOT_APPLIED.is_match(text);
            }
            continue;
        }
        if let Some(caps) = PROJECT.captures(line) {
            let number: String = caps["number"].chars().filter(|c| !c.is_whitespace()).collect();
            if is_lost_digit(&number) {
                garbled[k as usize].get_or_insert(*page);
            }
            let project = SupportProject {
                number,
                name: caps["name"].trim().to_string(),
                funding: if k == Kind::Fiscal { funding.map(str::to_string) } else { None },
            };
            part(&mut support, k).projects.push(project);
            if counted {
                counting[k as usize] += 1;
            }
        }
    }
    for (k, name) in
        [(Kind::Fiscal, "fiscal"), (Kind::Tax, "tax"), (Kind::Interest, "interest_subsidy")]
    {
        if let Some(page) = garbled[k as usize] {
            warnings.push(Warning::new(
                "numbering_garbled",
                msg!("numbering_garbled.support"),
                Some(format!("/support/{name}")),
                Some(page),
            ));
        }
        let p = part(&mut support, k);
        if let Some(count) = p.count {
            let listed = counting[k as usize];
            if count != listed {
                let uncounted = p.projects.len() as u32 - listed;
                let note = if uncounted > 0 {
                    msg!("support_count_mismatch.uncounted", uncounted = uncounted)
                } else {
                    Msg::Plain(String::new())
                };
                warnings.push(Warning::new(
                    "support_count_mismatch",
                    msg!("support_count_mismatch", count = count, listed = listed, note = note),
                    Some(format!("/support/{name}/count")),
                    Some(pages[k as usize]),
                ));
            }
        }
    }
    (support, warnings)
}

fn part(support: &mut Support, kind: Kind) -> &mut SupportPart {
    match kind {
        Kind::Fiscal => &mut support.fiscal,
        Kind::Tax => &mut support.tax,
        Kind::Interest => &mut support.interest_subsidy,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::sections::read_sections;
    use crate::text::document::Doc;

    #[test]
    fn every_pattern_compiles() {
        for rule in [&HEADING, &COUNT, &PROJECT, &SUBHEADING, &NOT_APPLIED] {
            assert!(!LazyLock::force(rule).as_str().is_empty());
        }
    }

    fn section5(text: &str) -> BodySection {
        let doc = Doc::from_text(&format!("1 a\n2 b\n3 c\n4 d\n{text}"));
        read_sections(&doc).into_iter().find(|s| s.number == 5).expect("section 5")
    }

    /// The seed's section 5, shortened.
    const SEED: &str = "5 財政・税制・金融支援の活用実績及び自己評価\n①財政支援：評価対象年度における事業件数1件\n<調整費を活用した事業>\n該当なし\n<既存の補助制度等による対応が可能となった事業>\n①-1 地域イノベーション・エコシステム形成プログラム\nア 事業の概要\n②税制支援：評価対象年度における適用件数1件\n②-1 革新的な医療機器等の開発と医工連携推進事業\n<令和2年度に新たに認定を受けた案件（当該年度の適用はなし）>\n②-2 再生医療等製品の研究開発促進事業\n③金融支援（利子補給金）：評価対象年度における新規契約件数0件\n該当なし\n";

    #[test]
    fn the_seed_counts_and_projects() {
        let (support, warnings) = read_support(Some(&section5(SEED)));
        assert_eq!(support.fiscal.count, Some(1));
        assert_eq!(support.fiscal.projects.len(), 1);
        assert_eq!(support.fiscal.projects[0].number, "①-1");
        assert_eq!(
            support.fiscal.projects[0].name,
            "地域イノベーション・エコシステム形成プログラム"
        );
        assert_eq!(support.fiscal.projects[0].funding.as_deref(), Some("existing_program"));
        assert_eq!(support.tax.count, Some(1));
        let tax: Vec<&str> = support.tax.projects.iter().map(|p| p.number.as_str()).collect();
        assert_eq!(tax, vec!["②-1", "②-2"]);
        assert_eq!(support.tax.projects[1].funding, None);
        assert_eq!(support.interest_subsidy.count, Some(0));
        assert!(support.interest_subsidy.projects.is_empty());
        assert!(warnings.is_empty(), "②-2 is explained by its sub-heading: {warnings:?}");
    }

    #[test]
    fn a_count_the_list_does_not_explain_is_a_mismatch() {
        let text =
            SEED.replace("<令和2年度に新たに認定を受けた案件（当該年度の適用はなし）>\n", "");
        let (support, warnings) = read_support(Some(&section5(&text)));
        assert_eq!(support.tax.projects.len(), 2);
        assert_eq!(warnings.len(), 1, "{warnings:?}");
        assert_eq!(
            (warnings[0].code.as_str(), warnings[0].path.as_deref()),
            ("support_count_mismatch", Some("/support/tax/count"))
        );
    }

    #[test]
    fn a_paragraph_starting_with_the_word_is_not_a_heading() {
        let text = SEED.replace(
            "ア 事業の概要\n",
            "ア 事業の概要\n財政支援により、研究開発拠点の整備を進めた。\n",
        );
        let (support, warnings) = read_support(Some(&section5(&text)));
        assert_eq!(support.fiscal.count, Some(1), "the paragraph does not reset the stated count");
        assert!(warnings.is_empty(), "{warnings:?}");
    }

    /// The seed's section 5 as a CP932 / EUC-JP round trip leaves it (①②③ → `?`):
    /// the same counts and projects, the numbers as written, and one warning per part.
    #[test]
    fn headings_and_projects_whose_circled_digits_were_lost_are_read_and_reported() {
        let text: String =
            SEED.chars().map(|c| if ('①'..='⑳').contains(&c) { '?' } else { c }).collect();
        let (support, warnings) = read_support(Some(&section5(&text)));
        assert_eq!(
            (support.fiscal.count, support.tax.count, support.interest_subsidy.count),
            (Some(1), Some(1), Some(0))
        );
        let tax: Vec<&str> = support.tax.projects.iter().map(|p| p.number.as_str()).collect();
        assert_eq!(tax, vec!["?-1", "?-2"]);
        assert_eq!(support.fiscal.projects[0].funding.as_deref(), Some("existing_program"));
        let garbled: Vec<&str> = warnings
            .iter()
            .filter(|w| w.code == "numbering_garbled")
            .filter_map(|w| w.path.as_deref())
            .collect();
        assert_eq!(garbled, vec!["/support/fiscal", "/support/tax", "/support/interest_subsidy"]);
        assert_eq!(warnings.len(), 3, "{warnings:?}");
        // Intact numbering says nothing (the seed test above), and a long paragraph
        // starting with the word is still not a heading.
        let paragraph = text.replace(
            "ア 事業の概要\n",
            "ア 事業の概要\n財政支援により、研究開発拠点の整備を進めた結果として多くの成果が得られた。\n",
        );
        assert_eq!(read_support(Some(&section5(&paragraph))).0.fiscal.count, Some(1));
    }

    #[test]
    fn headings_written_as_jo_no_shien_sochi_are_read() {
        let text = "5 財政・税制・金融支援の活用実績及び自己評価\n①財政上の支援：評価対象年度における事業件数3件\n②税制上の支援措置：評価対象年度における適用件数0件\n③金融上の支援(利子補給金)：評価対象年度における新規契約件数1件\n";
        let (support, _) = read_support(Some(&section5(text)));
        assert_eq!(
            (support.fiscal.count, support.tax.count, support.interest_subsidy.count),
            (Some(3), Some(0), Some(1))
        );
    }

    #[test]
    fn a_count_not_stated_is_null_and_full_width_numbers_are_read() {
        let text = "5 財政・税制・金融支援の活用実績及び自己評価\n①財政支援\n<調整費を活用した事業>\n①－１　調整費の事業\n②税制支援：評価対象年度における適用件数　２件\n";
        let (support, warnings) = read_support(Some(&section5(text)));
        assert_eq!(support.fiscal.count, None);
        assert_eq!(support.fiscal.projects[0].number, "①-1");
        assert_eq!(support.fiscal.projects[0].funding.as_deref(), Some("adjustment_fund"));
        assert_eq!(support.tax.count, Some(2));
        assert_eq!(warnings.len(), 1, "2 stated, none listed: {warnings:?}");
    }
}
