//! The manifest: one line per document of a batch's catalogue (what was done with it),
//! and what the runner, the journal and the outputs pass around for each document: a
//! record just made (`FreshRecord`: its manifest entry and record line) and a document of
//! the catalogue (`CatalogueEntry`: its entry and where its record line is stored).

use serde::{Deserialize, Serialize};

use tokku::record::Record;

use super::options::RecordOptions;

/// The tokku version written into the manifest; a record is reused only when made by
/// the same version.
pub const TOKKU_VERSION: &str = env!("CARGO_PKG_VERSION");

/// What the batch did with an input.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// Extracted in this run; the record has no error.
    Ok,
    /// Extracted (or read) in this run; the record is an error record.
    Error,
    /// Not extracted: the record of a previous run (same sha256, same tokku version,
    /// options that make the same record) was reused.
    Skipped,
    /// Not among this run's inputs: the document and its record are kept from an earlier run.
    Kept,
}

/// One line of `manifest.ndjson`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ManifestEntry {
    pub path: String,
    /// Of the input's bytes; empty when the input could not be read.
    pub sha256: String,
    pub status: Status,
    pub pages: Option<u32>,
    pub warnings: usize,
    /// The record's error code (also for a skipped input whose record is an error record).
    pub error_code: Option<String>,
    /// Time spent extracting; for a skipped input, the time of the run that extracted it.
    pub milliseconds: u64,
    pub tokku_version: String,
    /// The options the record was made under (with `tokku_version`, its fingerprint: a
    /// record is reused only when this run's options would make the same record). Absent
    /// from the manifests of earlier tokku builds: such a record is made again once.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub options: Option<RecordOptions>,
}

/// A document just converted: its manifest entry and its record as the exact JSON line
/// of `records.ndjson` (what the journal stores), with the count the summary needs.
/// The record itself is not kept: the outputs parse the line again when they write it,
/// so they are the same whether the record is new or reused.
#[derive(Debug, Clone)]
pub struct FreshRecord {
    pub entry: ManifestEntry,
    pub record_line: String,
    /// 別紙1 series points of the record (the summary's `observations`).
    pub observations: usize,
}

/// A document of the catalogue, as the batch keeps it between converting its inputs and
/// writing the outputs: its manifest entry, the summary's count, and where its record
/// line is stored — never the record itself, so memory does not grow with the number of
/// documents.
#[derive(Debug, Clone)]
pub struct CatalogueEntry {
    pub entry: ManifestEntry,
    pub observations: usize,
    pub stored: Stored,
    /// The stored line was made for another file name with the same bytes: its
    /// `source.file` is replaced by `entry.path` when it is read.
    pub renamed: bool,
}

/// Where a record line is: a byte range of one of the batch's files (without the
/// line's `\n`), or, when the journal could not be written, the line itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Stored {
    /// In the journal (of this run or of an interrupted one).
    Journal(Span),
    /// In the previous run's `records.ndjson`.
    Previous(Span),
    /// In this run's new `records.ndjson` (once the outputs are written).
    Output(Span),
    /// Held in memory (the journal failed).
    InMemory(String),
}

/// A byte range of a file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub offset: u64,
    pub length: usize,
}

/// 別紙1 series points of a record.
pub fn observation_count(record: &Record) -> usize {
    record.indicators.iter().flat_map(|i| &i.targets).map(|t| t.series.len()).sum()
}

impl ManifestEntry {
    /// The entry of a record made from an input under `options`.
    pub fn for_record(
        path: &str,
        record: &Record,
        milliseconds: u64,
        options: Option<RecordOptions>,
    ) -> Self {
        ManifestEntry {
            path: path.to_string(),
            sha256: record.source.sha256.clone().unwrap_or_default(),
            status: if record.error.is_some() { Status::Error } else { Status::Ok },
            pages: record.source.pages,
            warnings: record.warnings.len(),
            error_code: record.error.as_ref().map(|e| error_code_name(e.code)),
            milliseconds,
            tokku_version: TOKKU_VERSION.to_string(),
            options,
        }
    }
}

/// The snake_case name of an error code, as in the record.
pub fn error_code_name(code: tokku::record::ErrorCode) -> String {
    match serde_json::to_value(code) {
        Ok(serde_json::Value::String(name)) => name,
        _ => format!("{code:?}"),
    }
}

impl FreshRecord {
    /// Serializes a record just made under `options`.
    pub fn from_record(
        path: &str,
        record: &Record,
        milliseconds: u64,
        options: &RecordOptions,
    ) -> Result<Self, serde_json::Error> {
        let entry = ManifestEntry::for_record(path, record, milliseconds, Some(options.clone()));
        let record_line = serde_json::to_string(record)?;
        Ok(FreshRecord { entry, record_line, observations: observation_count(record) })
    }
}
