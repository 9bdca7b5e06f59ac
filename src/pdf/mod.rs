//! Stage 2, pdf: PDF bytes → pages of positioned glyphs (char, x, y, advance, size) and
//! ruling lines, read under per-document limits, with damaged files repaired (`recover`),
//! fonts repaired so every Japanese font class decodes (`fonts`); a panic inside the
//! vendored interpreter is caught by the floor [`crate::guard`].
//!
//! Takes the bytes of a PDF; gives `PdfPages` (layout `Page`s plus the font repair report)
//! or a `PdfError` carrying the record's error code. Imports only the floors (`jp`,
//! `record`); never `input`'s successors (text, report, pipeline, runners).

pub mod census;
pub mod encrypted;
pub mod fonts;
pub mod layout;
pub mod limits;
pub mod read;
pub mod recover;
pub mod sanitize;

pub use read::{page_count, read_pdf, read_pdf_limited, PdfError, PdfPages};
