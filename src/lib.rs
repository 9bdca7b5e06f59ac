//! tokku: turns 総合特別区域評価書 (evaluation reports of Japan's Comprehensive Special
//! Zones) into validated JSON records.

pub mod annex1;
pub mod document;
pub mod extract;
pub mod fonts;
pub mod guard;
pub mod ingest;
pub mod jp;
pub mod layout;
pub mod limits;
pub mod lines;
pub mod patterns;
pub mod pdf;
pub mod record;
pub mod recover;
pub mod check;
pub mod pipeline;
pub mod schema;
pub mod worker;

pub use pipeline::{extract_record, read_document};
pub use record::Record;
