//! tokku: turns 総合特別区域評価書 (evaluation reports of Japan's Comprehensive Special
//! Zones) into validated JSON records.
//!
//! One document flows through the stages in this order, each a module that never imports
//! a later one (`tests/stage_order.rs` enforces it):
//!
//! 1. [`input`]: bytes → PDF or text (decoded), sha256.
//! 2. [`pdf`]: PDF bytes → positioned glyphs and ruling lines, under limits, repaired.
//! 3. [`text`]: glyphs → lines and pages; the normalized document (`Doc`).
//! 4. [`report`]: lines → header, indicators, year tables, checks → warnings.
//! 5. [`pipeline`]: the document boundary that runs the stages and builds the record.
//! 6. Runners: [`worker`] (one document in a child process), `batch` (many documents, a module of the binary),
//!    [`diff`] and [`verify`] (records compared fact by fact, for regression tests), [`review`] (HTML
//!    pages to check records on), [`tables`] (the tidy rows of records and the panel, for the
//!    batch's files and the Python package in `python/`), and the `tokku` binary (`main.rs`).
//!
//! Floors every stage may use, which import no stage: [`jp`] (Japanese domain knowledge:
//! normalization, 和暦, quantities, patterns) and [`record`] (the contract's types and schema).

pub mod diff;
pub mod input;
pub mod jp;
pub mod pdf;
pub mod pipeline;
pub mod record;
pub mod report;
pub mod review;
pub mod tables;
pub mod text;
pub mod verify;
pub mod worker;

pub use pipeline::{extract_record, read_document, read_document_decodable};
pub use record::Record;
