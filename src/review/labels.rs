//! Every word the review pages say themselves, in Japanese and English, in one table
//! of (key, 日本語, English), and the record's enumerations (`regional`, `fiscal`, …)
//! as a person reads them. The report's own text is shown as written, in either
//! language; records keep their codes. Tests check that every key has both texts and
//! that every key the pages use is in the table.

use crate::lang::Lang;

/// (key, Japanese, English).
const LABELS: &[(&str, &str, &str)] = &[
    // Page furniture.
    ("back_to_index", "← 一覧", "← Index"),
    ("zone_index", "特区ごとの一覧", "Zones"),
    ("document_index", "文書の一覧", "Documents"),
    ("error", "エラー", "Error"),
    ("warnings", "警告", "Warnings"),
    ("to_place", "→ 該当箇所", "→ where"),
    ("read_at", "読み取った位置を描画で見る", "See where it was read on the page drawing"),
    ("pages_suffix", "ページ", "pages"),
    ("points_suffix", "点", " points"),
    // Header facts.
    ("fiscal_year", "年度", "Fiscal year"),
    ("zone_kind", "特区の種類", "Kind of zone"),
    ("zone_name", "特区の名称", "Zone"),
    ("authors", "作成主体", "Authors"),
    ("designated_on", "指定日", "Designated on"),
    ("plan_approved_on", "計画認定日", "Plan approved on"),
    ("plan_last_approved_on", "最終認定日", "Plan last approved on"),
    ("previous_score", "前年度の評価", "Previous year's score"),
    ("file", "ファイル", "File"),
    ("format", "形式", "Format"),
    // Indicators and targets.
    ("indicator", "評価指標", "Indicator"),
    ("progress_short", "進捗度", "progress"),
    ("target_heading", "数値目標", "Target"),
    ("goal", "目標", "Goal"),
    ("current_year", "当該年度", "Report year"),
    ("target_value", "目標値", "Target"),
    ("actual_value", "実績値", "Actual"),
    ("progress", "進捗度", "Progress"),
    ("contribution", "寄与度", "Contribution"),
    ("source", "出典", "Source"),
    ("no_annex1_values", "別紙1 の値がありません", "No 別紙1 values"),
    ("legend_target", "● 目標値", "● target"),
    ("legend_actual", "● 実績値", "● actual"),
    ("legend_markers", "破線: 報告年度・目標年度", "dashed: report year, goal year"),
    ("report_year_marker", "報告年度", "report year"),
    ("goal_year_marker", "目標年度", "goal year"),
    ("chart_of", "の目標値と実績値", ": targets and actuals"),
    // The rest of the report.
    ("annex2", "別紙2 規制の特例措置を活用した事業等", "別紙2 Regulatory measures"),
    ("annex2_measure", "措置", "Measure"),
    ("category", "区分", "Category"),
    ("related_targets", "関連する数値目標", "Related targets"),
    ("used", "活用の有無", "Used"),
    ("used_yes", "有", "yes"),
    ("used_no", "無", "no"),
    ("ministry_evaluation", "規制所管府省による評価", "Ministry's evaluation"),
    ("note", "備考", "Note"),
    ("section5", "5 財政・税制・金融支援", "Section 5: fiscal, tax and financial support"),
    ("count", "件数", "Count"),
    ("projects", "事業", "Projects"),
    ("funding", "財源", "Funding"),
    ("annex3", "別紙3 地域独自の取組", "別紙3 Local measures"),
    ("summary", "概要", "Summary"),
    ("result", "実績", "Result"),
    ("authority", "自治体", "Authority"),
    ("sections", "本文の節", "Sections"),
    // Drawings.
    ("drawings", "読み取った位置", "Where each value was read"),
    (
        "drawings_help",
        "値の横の p.N をクリックすると、その値を読んだセル（または行）が下の描画で強調されます。描画は PDF の文字レイヤー（語の位置と罫線）と tokku が見つけた表の格子（破線）から作ったもので、PDF そのものの見た目ではありません。",
        "Click p.N beside a value to light up the cell (or line) it was read from in the drawings below. A drawing is made from the PDF's text layer (word positions and ruling lines) and the table grid tokku found (dashed); it is not the PDF's own look.",
    ),
    ("text_layer", "の文字レイヤー", " text layer"),
    ("text_layer_note", "(tokku が読んだ語の位置・罫線・見つけた表の格子)", "(words as tokku read them, ruling lines, the table grid it found)"),
    // The document index.
    ("documents", "文書", "documents"),
    ("errors", "エラー", "errors"),
    ("sort_help", "列見出しをクリックで並べ替え", "click a column heading to sort"),
    ("status", "状態", "Status"),
    ("targets", "数値目標", "Targets"),
    ("zone_page", "特区のページ", "Zone page"),
    // Zone pages.
    ("zone", "特区", "Zone"),
    ("reports_held", "報告書", "Reports"),
    ("latest_year", "最新の報告年度", "Latest report year"),
    ("latest_progress", "最新の進捗度(評価指標ごと)", "Latest progress per indicator"),
    ("zones", "特区", "zones"),
    ("zone_reports", "この特区の報告書", "This zone's reports"),
    ("report_of", "の報告書", " report"),
    ("yearly_progress", "年度ごとの値(最新の報告書による)", "Values by fiscal year (latest report)"),
    ("restated", "修正あり", "restated"),
    ("restated_help", "◆ 後の報告書で別の値に修正された値(両方の報告書を表示)", "◆ a value a later report restated (both reports named)"),
    ("restated_from", "修正前", "earlier"),
    ("restated_to", "修正後", "later"),
    ("goal_and_period", "目標期間", "Goal period"),
    ("warnings_by_year", "年度ごとの警告", "Warnings by report year"),
    ("panel_warnings", "複数年度の照合による警告", "Warnings from linking the years"),
    ("line_per_report", "線: 報告書ごとの値(凡例の年度の報告書)", "lines: the values each report gives (legend: report year)"),
];

/// The record's enumerations: (field, code, Japanese, English).
const ENUMERATIONS: &[(&str, &str, &str, &str)] = &[
    ("zone_kind", "international", "国際戦略", "international strategy"),
    ("zone_kind", "regional", "地域活性化", "regional revitalization"),
    ("goal_basis", "cumulative", "累計", "cumulative"),
    ("goal_basis", "final_year", "最終年度", "final year"),
    ("status", "ok", "正常", "ok"),
    ("measure_category", "specific_project", "特定事業", "specific project"),
    ("measure_category", "general_project", "一般事業", "general project"),
    ("measure_category", "proposal", "規制の特例措置の提案", "proposal"),
    (
        "measure_category",
        "feasible_in_consultation",
        "協議で実現可能となった措置",
        "feasible in consultation",
    ),
    ("measure_category", "nationwide", "全国展開された措置", "nationwide"),
    ("support_kind", "fiscal", "財政支援", "fiscal support"),
    ("support_kind", "tax", "税制支援", "tax support"),
    (
        "support_kind",
        "interest_subsidy",
        "金融支援(利子補給金)",
        "financial support (interest subsidy)",
    ),
    ("funding", "adjustment_fund", "調整費", "adjustment fund"),
    ("funding", "existing_program", "既存の補助制度等", "existing program"),
    ("local_category", "fiscal", "財政", "fiscal"),
    ("local_category", "tax", "税制", "tax"),
    ("local_category", "finance", "金融", "finance"),
    ("local_category", "deregulation", "規制緩和", "deregulation"),
    ("local_category", "regulation", "規制強化", "regulation"),
    ("local_category", "other", "その他", "other"),
    (
        "local_category",
        "contributing_project",
        "目標達成に寄与したその他の事業",
        "contributing project",
    ),
    ("local_category", "organization", "体制強化", "organization"),
    ("local_category", "private", "民間の取組等", "private initiatives"),
    ("note_field", "alternative", "代替指標", "alternative indicator"),
    ("note_field", "approach", "目標達成の考え方及び主な取組", "approach"),
    ("note_field", "target_rationale", "目標設定の考え方・数値の根拠", "rationale of the targets"),
    ("note_field", "self_assessment", "進捗状況に係る自己評価", "self-assessment"),
    ("note_field", "external_factors", "外部要因等特記事項", "external factors"),
    ("related_targets", "all", "全て", "all"),
    ("field", "target", "目標値", "target"),
    ("field", "actual", "実績値", "actual"),
    ("field", "progress_pct", "進捗度", "progress"),
];

/// A page's word for `key`; the key itself if the table has none (a test keeps every
/// key the pages use in the table).
pub fn label(lang: Lang, key: &str) -> &'static str {
    match LABELS.iter().find(|(k, _, _)| *k == key) {
        Some((_, ja, en)) => lang.pick(ja, en),
        None => "?",
    }
}

/// A record enumeration's value as a person reads it (`zone_kind`, `regional` →
/// 地域活性化); a value the table does not know is shown as it is in the record.
pub fn enumeration(lang: Lang, field: &str, code: &str) -> String {
    ENUMERATIONS
        .iter()
        .find(|(f, c, _, _)| *f == field && *c == code)
        .map(|(_, _, ja, en)| lang.pick(ja, en).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// A fiscal year as a label: `2020年度` or `FY2020`.
pub fn fiscal_year(lang: Lang, year: i32) -> String {
    match lang {
        Lang::Ja => format!("{year}年度"),
        Lang::En => format!("FY{year}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{LocalCategory, MeasureCategory};

    #[test]
    fn every_key_has_a_japanese_and_an_english_text_and_appears_once() {
        let mut keys = std::collections::BTreeSet::new();
        for (key, ja, en) in LABELS {
            assert!(keys.insert(*key), "{key} twice");
            assert!(!ja.is_empty() && !en.is_empty(), "{key} lacks a text");
        }
        for (field, code, ja, en) in ENUMERATIONS {
            assert!(!ja.is_empty() && !en.is_empty(), "{field}.{code}");
        }
    }

    /// Every `label(lang, "key")` written in the review's sources names a key of the table.
    #[test]
    fn every_key_the_pages_use_is_in_the_table() {
        let sources = [
            include_str!("page.rs"),
            include_str!("index.rs"),
            include_str!("chart.rs"),
            include_str!("drawing.rs"),
            include_str!("zone.rs"),
        ];
        let mut used = 0;
        for source in sources {
            for (at, _) in source.match_indices("label(lang, \"") {
                let rest = &source[at + "label(lang, \"".len()..];
                let key = &rest[..rest.find('"').expect("a closing quote")];
                assert!(LABELS.iter().any(|(k, _, _)| *k == key), "{key} is not in LABELS");
                used += 1;
            }
        }
        assert!(used > 50, "{used} uses found: the scan still finds the pages' labels");
    }

    #[test]
    fn every_category_of_the_record_has_its_words() {
        for category in [
            MeasureCategory::SpecificProject,
            MeasureCategory::GeneralProject,
            MeasureCategory::Proposal,
            MeasureCategory::FeasibleInConsultation,
            MeasureCategory::Nationwide,
        ] {
            assert_ne!(enumeration(Lang::Ja, "measure_category", category.name()), category.name());
        }
        for category in [
            LocalCategory::Fiscal,
            LocalCategory::Tax,
            LocalCategory::Finance,
            LocalCategory::Deregulation,
            LocalCategory::Regulation,
            LocalCategory::Other,
            LocalCategory::ContributingProject,
            LocalCategory::Organization,
            LocalCategory::Private,
        ] {
            assert_ne!(enumeration(Lang::Ja, "local_category", category.name()), category.name());
        }
        assert_eq!(enumeration(Lang::Ja, "zone_kind", "international"), "国際戦略");
        assert_eq!(enumeration(Lang::En, "zone_kind", "regional"), "regional revitalization");
        assert_eq!(enumeration(Lang::Ja, "zone_kind", "unheard_of"), "unheard_of");
    }
}
