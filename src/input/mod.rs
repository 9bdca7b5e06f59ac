//! Stage 1, input: bytes → what kind of document they are (PDF or text) and, for text,
//! the decoded string (UTF-8, UTF-16 with BOM, Shift_JIS/CP932, EUC-JP) and the hash.
//!
//! Takes raw bytes; gives `InputKind` and `sha256_hex`. Imports only the floors
//! (`jp`, `record`); never a later stage (pdf, text, report, pipeline, runners).

pub mod detect;

pub use detect::{classify, decode_text, looks_like_html, sha256_hex, InputKind};
