//! The manifest: one line per input of a batch (what was done with it), and the
//! record line that goes with it. A document's converted form, `Converted`, is what the
//! runner, the journal and the outputs pass around.

use serde::{Deserialize, Serialize};

use tokku::record::Record;

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
    /// Not extracted: the record of a previous run (same sha256, same tokku version) was reused.
    Skipped,
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
}

/// A document of the batch: its manifest entry, its record as the exact JSON line of
/// `records.ndjson`, and that line parsed back (the CSV and SQLite outputs are made
/// from the parsed line, so they are the same whether the record is new or reused).
#[derive(Debug, Clone)]
pub struct Converted {
    pub entry: ManifestEntry,
    pub record_line: String,
    pub record: Record,
}

impl ManifestEntry {
    /// The entry of a record just made from an input.
    pub fn for_record(path: &str, record: &Record, milliseconds: u64) -> Self {
        ManifestEntry {
            path: path.to_string(),
            sha256: record.source.sha256.clone().unwrap_or_default(),
            status: if record.error.is_some() { Status::Error } else { Status::Ok },
            pages: record.source.pages,
            warnings: record.warnings.len(),
            error_code: record.error.as_ref().map(|e| error_code_name(e.code)),
            milliseconds,
            tokku_version: TOKKU_VERSION.to_string(),
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

impl Converted {
    /// Serializes a fresh record and parses it back.
    pub fn from_record(path: &str, record: Record, milliseconds: u64) -> Result<Self, serde_json::Error> {
        let entry = ManifestEntry::for_record(path, &record, milliseconds);
        let record_line = serde_json::to_string(&record)?;
        let record = serde_json::from_str(&record_line)?;
        Ok(Converted { entry, record_line, record })
    }

    /// A record line of a previous run, checked to parse as a record.
    pub fn from_line(entry: ManifestEntry, record_line: String) -> Result<Self, serde_json::Error> {
        let record = serde_json::from_str(&record_line)?;
        Ok(Converted { entry, record_line, record })
    }
}
