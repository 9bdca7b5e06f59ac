//! The output record of the contract (`../spec/record-contract.md`, machine form in
//! `schemas/report.schema.json`): plain data types that serialize to the contract's
//! JSON field names, plus the error and warning codes.

use serde::{Deserialize, Serialize};

use crate::i18n::Msg;
use crate::jp::{serialize_number, Quantity};
use crate::lang::Lang;

/// The contract's schema version, bumped on any breaking change.
pub const SCHEMA_VERSION: &str = "1";

/// One record per input document.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Record {
    pub schema_version: String,
    pub source: Source,
    pub report: Option<ReportHeader>,
    pub indicators: Vec<Indicator>,
    pub warnings: Vec<Warning>,
    pub error: Option<RecordError>,
    /// Section 4 and 別紙2, in report order (an addition of the contract).
    #[serde(default)]
    pub regulatory_measures: Vec<RegulatoryMeasure>,
    /// Section 5; null only in an error record.
    #[serde(default)]
    pub support: Option<Support>,
    /// 別紙3, in report order.
    #[serde(default)]
    pub local_measures: Vec<LocalMeasure>,
    /// The body's numbered sections, for full-text search.
    #[serde(default)]
    pub sections: Vec<Section>,
    /// What of the report was read, part by part (an addition of the contract,
    /// docs/coverage.md); null in an error record.
    #[serde(default)]
    pub coverage: Option<Coverage>,
}

/// What of the report its readers used: every normalized line belongs to one part.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Coverage {
    pub parts: Vec<CoveragePart>,
}

/// One part of the report: the header, a numbered section, an annex table, or the page
/// furniture, with its lines and the lines some reader used.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct CoveragePart {
    /// `header`, `section`, `annex1_table`, `annex2_table`, `annex3_table` or `furniture`.
    pub part: String,
    /// The section number or the table's own heading.
    pub label: String,
    pub pages: Vec<u32>,
    /// Normalized lines that belong to the part.
    pub lines: u32,
    /// Lines some reader used (furniture: lines recognized as such).
    pub read: u32,
}

/// Where the record came from.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Source {
    pub file: String,
    /// SHA-256 of the input bytes; null when the input could not be read at all.
    pub sha256: Option<String>,
    pub media_type: Option<String>,
    pub encoding: Option<String>,
    pub pages: Option<u32>,
    pub producer: Option<String>,
}

/// Report identity: title, year, zone, authors and the plan's dates.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct ReportHeader {
    pub title: Option<String>,
    pub fiscal_year: Option<i32>,
    pub zone_kind: Option<String>,
    pub zone_name: Option<String>,
    pub authors: Vec<String>,
    pub designated_on: Option<String>,
    pub plan_approved_on: Option<String>,
    pub plan_last_approved_on: Option<String>,
    #[serde(serialize_with = "serialize_optional_number")]
    pub previous_score: Option<f64>,
    /// The zone's name in the official designation list (data/zones.json), also where the
    /// report misspells it; null when the zone is not in the list. Filled by `report::zone`.
    #[serde(default)]
    pub zone_official_name: Option<String>,
}

/// An 評価指標 with its 数値目標.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Indicator {
    pub number: u32,
    pub name: String,
    #[serde(serialize_with = "serialize_optional_number")]
    pub progress_pct: Option<f64>,
    pub targets: Vec<Target>,
}

/// A 数値目標: goal, period, the report year's values and the 別紙1 series.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Target {
    pub key: String,
    pub name: String,
    pub goal: Option<Quantity>,
    pub goal_basis: Option<String>,
    pub period: Option<Period>,
    pub baseline: Option<Baseline>,
    pub current: CurrentValues,
    pub series: Vec<SeriesPoint>,
    /// The text rows of the target's 別紙1 table; null when no table was matched.
    #[serde(default)]
    pub notes: Option<TargetNotes>,
}

/// The five text rows under a 別紙1 year table, normalized text or null when empty.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct TargetNotes {
    /// 代替指標又は定性的評価の考え方
    pub alternative: Option<String>,
    /// 目標達成の考え方及び目標達成に向けた主な取組、関連事業
    pub approach: Option<String>,
    /// 各年度の目標設定の考え方や数値の根拠等
    pub target_rationale: Option<String>,
    /// 進捗状況に係る自己評価
    pub self_assessment: Option<String>,
    /// 外部要因等特記事項
    pub external_factors: Option<String>,
}

/// Which part of section 4 / 別紙2 a regulatory measure comes from.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum MeasureCategory {
    /// 特定国際戦略事業 / 特定地域活性化事業 (section 4 ①, 別紙2 規制の特例措置を活用した事業)
    SpecificProject,
    /// 一般国際戦略事業 / 一般地域活性化事業 (section 4 ②)
    GeneralProject,
    /// 規制の特例措置の提案 (section 4 ③)
    Proposal,
    /// 国との協議の結果、現時点で実現可能なことが明らかになった措置による事業
    FeasibleInConsultation,
    /// 国との協議の結果、全国展開された措置を活用した事業
    Nationwide,
}

impl MeasureCategory {
    /// The category's name in the record (`"feasible_in_consultation"`).
    pub fn name(self) -> &'static str {
        match self {
            MeasureCategory::SpecificProject => "specific_project",
            MeasureCategory::GeneralProject => "general_project",
            MeasureCategory::Proposal => "proposal",
            MeasureCategory::FeasibleInConsultation => "feasible_in_consultation",
            MeasureCategory::Nationwide => "nationwide",
        }
    }
}

/// One row of section 4 or 別紙2.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RegulatoryMeasure {
    pub category: MeasureCategory,
    pub name: String,
    /// 関連する数値目標 as target keys ("2", "1-1", "all").
    pub related_targets: Vec<String>,
    /// 評価対象年度における活用の有無: 有 → true, 無 → false.
    pub used: Option<bool>,
    /// 規制所管府省による評価: the checked option, where given.
    pub ministry_evaluation: Option<String>,
    /// 備考
    pub note: Option<String>,
    pub page: Option<u32>,
}

/// Section 5: 財政・税制・金融支援.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct Support {
    pub fiscal: SupportPart,
    pub tax: SupportPart,
    pub interest_subsidy: SupportPart,
}

/// One support kind: the 件数 its heading states and the projects listed under it.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct SupportPart {
    pub count: Option<u32>,
    pub projects: Vec<SupportProject>,
}

/// A project listed under a support heading (`①-1 …`).
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SupportProject {
    pub number: String,
    pub name: String,
    /// 財政支援 only: "adjustment_fund" (<調整費を活用した事業>) or "existing_program"
    /// (<既存の補助制度等による対応が可能となった事業>); null elsewhere or when no sub-heading says.
    #[serde(default)]
    pub funding: Option<String>,
}

/// Which table of 別紙3 a local measure comes from.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum LocalCategory {
    /// 財政支援措置の状況
    Fiscal,
    /// 税制支援措置の状況
    Tax,
    /// 金融支援措置の状況
    Finance,
    /// 規制緩和
    Deregulation,
    /// 規制強化
    Regulation,
    /// その他
    Other,
    /// 特区の掲げる目標の達成に寄与したその他の事業
    ContributingProject,
    /// 体制強化
    Organization,
    /// 民間の取組等
    Private,
}

impl LocalCategory {
    /// The category's name in the record (`"contributing_project"`).
    pub fn name(self) -> &'static str {
        match self {
            LocalCategory::Fiscal => "fiscal",
            LocalCategory::Tax => "tax",
            LocalCategory::Finance => "finance",
            LocalCategory::Deregulation => "deregulation",
            LocalCategory::Regulation => "regulation",
            LocalCategory::Other => "other",
            LocalCategory::ContributingProject => "contributing_project",
            LocalCategory::Organization => "organization",
            LocalCategory::Private => "private",
        }
    }
}

/// One row of 別紙3.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct LocalMeasure {
    pub category: LocalCategory,
    pub name: String,
    pub summary: Option<String>,
    pub related_targets: Vec<String>,
    pub result: Option<String>,
    /// 自治体名
    pub authority: Option<String>,
    pub page: Option<u32>,
}

/// A numbered section of the body.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Section {
    pub number: String,
    pub title: String,
    pub text: String,
    pub page: Option<u32>,
}

/// A span of fiscal years, both ends included.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq)]
pub struct Period {
    pub start_fiscal_year: i32,
    pub end_fiscal_year: i32,
}

/// A baseline value and the fiscal year it was measured in.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Baseline {
    pub value: Quantity,
    pub fiscal_year: Option<i32>,
}

/// 【当該年度目標値…、当該年度実績値…、進捗度…、寄与度…】
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Default)]
pub struct CurrentValues {
    pub target: Option<Quantity>,
    pub actual: Option<Quantity>,
    #[serde(serialize_with = "serialize_optional_number")]
    pub progress_pct: Option<f64>,
    #[serde(serialize_with = "serialize_optional_number")]
    pub contribution_pct: Option<f64>,
}

/// One fiscal-year column of a 別紙1 table.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct SeriesPoint {
    pub fiscal_year: i32,
    pub target: Option<Quantity>,
    pub actual: Option<Quantity>,
    #[serde(serialize_with = "serialize_optional_number")]
    pub progress_pct: Option<f64>,
}

/// Something the tool doubts; never a silent fix.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Warning {
    pub code: String,
    /// The message in the record's language (English until [`Record::localize`]).
    pub message: String,
    pub path: Option<String>,
    pub page: Option<u32>,
    /// The catalogue message `message` was rendered from, to render it again in another
    /// language; `None` for a plain text and in a record read back from JSON.
    #[serde(skip)]
    pub text: Option<Msg>,
}

/// Two warnings are equal when what the record says is: the catalogue value behind the
/// message is not part of it.
impl PartialEq for Warning {
    fn eq(&self, other: &Self) -> bool {
        (&self.code, &self.message, &self.path, self.page)
            == (&other.code, &other.message, &other.path, other.page)
    }
}

/// Why an input yielded no record.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RecordError {
    pub code: ErrorCode,
    /// The message in the record's language (English until [`Record::localize`]).
    pub message: String,
    /// The catalogue message behind `message` (as [`Warning::text`]).
    #[serde(skip)]
    pub text: Option<Msg>,
}

impl PartialEq for RecordError {
    fn eq(&self, other: &Self) -> bool {
        (self.code, &self.message) == (other.code, &other.message)
    }
}

/// The documented error codes of an error record.
#[derive(Debug, Clone, Copy, Serialize, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "snake_case")]
pub enum ErrorCode {
    /// The input holds no bytes.
    EmptyInput,
    /// Neither a PDF nor text in a supported encoding.
    NotPdf,
    /// An encrypted PDF.
    Encrypted,
    /// A PDF whose structure cannot be parsed.
    Damaged,
    /// A PDF without any text (a scan).
    NoTextLayer,
    /// Too many glyphs could not be turned into characters.
    UnreadableText,
    /// Readable, but not a 総合特別区域評価書.
    NotAReport,
    /// The input could not be read from disk.
    Io,
    /// A record that failed the schema (a bug of tokku).
    SchemaViolation,
    /// A caught panic (a bug of tokku or a dependency).
    Internal,
    /// A per-document limit (wall time, decompressed bytes, pages, objects) was
    /// exceeded; the message names which.
    LimitExceeded,
}

impl Warning {
    /// A warning with a JSON pointer and a page. `message` is a catalogue message
    /// (`msg!("series_missing", key = …)`, whose key is the code or `code.variant`) or,
    /// until it has one, a plain `String`.
    pub fn new(
        code: &str,
        message: impl Into<Msg>,
        path: Option<String>,
        page: Option<u32>,
    ) -> Self {
        let message = message.into();
        debug_assert!(
            message.key().is_none_or(|key| key == code
                || key.strip_prefix(code).is_some_and(|rest| rest.starts_with('.'))),
            "warning {code} with the message of {:?}",
            message.key()
        );
        let rendered = message.render(Lang::En);
        let text = message.key().is_some().then_some(message);
        Warning { code: code.to_string(), message: rendered, path, page, text }
    }

    /// Renders the message again in `lang` (a plain text stays as it is).
    pub fn localize(&mut self, lang: Lang) {
        if let Some(text) = &self.text {
            self.message = text.render(lang);
        }
    }
}

impl RecordError {
    /// An error with a catalogue message or a plain text.
    pub fn new(code: ErrorCode, message: impl Into<Msg>) -> Self {
        let message = message.into();
        let rendered = message.render(Lang::En);
        let text = message.key().is_some().then_some(message);
        RecordError { code, message: rendered, text }
    }

    /// Renders the message again in `lang` (a plain text stays as it is).
    pub fn localize(&mut self, lang: Lang) {
        if let Some(text) = &self.text {
            self.message = text.render(lang);
        }
    }
}

impl Record {
    /// A record that carries only its source, the warnings gathered so far and an error.
    /// The `io` error record of an input that could not be read (`file`: its name as
    /// given; `message`: why).
    pub fn unreadable(file: &str, message: impl Into<crate::i18n::Msg>) -> Self {
        Record::failed(
            Source { file: file.to_string(), ..Source::default() },
            ErrorCode::Io,
            message,
            Vec::new(),
        )
    }

    pub fn failed(
        source: Source,
        code: ErrorCode,
        message: impl Into<Msg>,
        warnings: Vec<Warning>,
    ) -> Self {
        Record {
            error: Some(RecordError::new(code, message)),
            ..Record::of_report(source, None, Vec::new(), warnings)
        }
    }

    /// A record of the current schema version with its source, the report's header and
    /// indicators as read so far and the warnings gathered; no error, and the report's
    /// other parts (section 4 and 別紙2, section 5, 別紙3, sections, coverage) still empty.
    pub fn of_report(
        source: Source,
        report: Option<ReportHeader>,
        indicators: Vec<Indicator>,
        warnings: Vec<Warning>,
    ) -> Self {
        Record {
            schema_version: SCHEMA_VERSION.to_string(),
            source,
            report,
            indicators,
            warnings,
            error: None,
            regulatory_measures: Vec::new(),
            support: None,
            local_measures: Vec::new(),
            sections: Vec::new(),
            coverage: None,
        }
    }

    /// Renders every warning's and the error's message in `lang`: only message texts
    /// change (codes, paths and values never). Records read back from JSON keep theirs.
    pub fn localize(&mut self, lang: Lang) {
        for warning in &mut self.warnings {
            warning.localize(lang);
        }
        if let Some(error) = &mut self.error {
            error.localize(lang);
        }
    }
}

fn serialize_optional_number<S: serde::Serializer>(
    value: &Option<f64>,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serialize_number(v, serializer),
        None => serializer.serialize_none(),
    }
}
