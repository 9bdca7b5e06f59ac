//! The output record of the contract (`../spec/record-contract.md`, machine form in
//! `schemas/report.schema.json`): plain data types that serialize to the contract's
//! JSON field names, plus the error and warning codes.

use serde::{Deserialize, Serialize};

use crate::jp::{serialize_number, Quantity};

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
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Warning {
    pub code: String,
    pub message: String,
    pub path: Option<String>,
    pub page: Option<u32>,
}

/// Why an input yielded no record.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct RecordError {
    pub code: ErrorCode,
    pub message: String,
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
    /// A warning with a JSON pointer and a page.
    pub fn new(code: &str, message: impl Into<String>, path: Option<String>, page: Option<u32>) -> Self {
        Warning { code: code.to_string(), message: message.into(), path, page }
    }
}

impl Record {
    /// A record that carries only its source, the warnings gathered so far and an error.
    pub fn failed(source: Source, code: ErrorCode, message: impl Into<String>, warnings: Vec<Warning>) -> Self {
        Record {
            schema_version: SCHEMA_VERSION.to_string(),
            source,
            report: None,
            indicators: Vec::new(),
            warnings,
            error: Some(RecordError { code, message: message.into() }),
        }
    }
}

fn serialize_optional_number<S: serde::Serializer>(value: &Option<f64>, serializer: S) -> Result<S::Ok, S::Error> {
    match value {
        Some(v) => serialize_number(v, serializer),
        None => serializer.serialize_none(),
    }
}
