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
//! 5. [`extract`]: the document boundary that runs the stages and builds the record;
//!    [`extract::worker`] runs one document in a child process.
//! 6. Runners: `batch` (many documents, a module of the binary's `cli`),
//!    [`compare`] (records compared fact by fact, for regression tests), [`review`] (HTML
//!    pages to check records on), [`tables`] (the tidy rows of records and the panel, for the
//!    batch's files and the Python package in `python/`), and the `tokku` binary (`main.rs`).
//!
//! Floors every stage may use, which import no stage: [`jp`] (Japanese domain knowledge:
//! normalization, 和暦, quantities, patterns), [`record`] (the contract's types and schema),
//! [`lang`] (the user's language) and [`i18n`] (the message catalogue).

pub mod compare;
pub mod extract;
pub mod guard;
pub mod i18n;
/// The user's language, re-exported from [`i18n`] (`tokku::lang::Lang`).
pub use i18n::lang;
pub mod input;
pub mod jp;
pub mod pdf;
pub mod record;
pub mod report;
pub mod review;
pub mod tables;
pub mod text;

pub use extract::{Extractor, Isolation, UndecodableText};
pub use record::Record;
