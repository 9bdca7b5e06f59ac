//! Stage 3, text: positioned glyphs → words, lines and pages in reading order, and the
//! document as the report readers see it (`Doc`: pages of normalized lines, with the
//! layout kept for reading tables by position). Text inputs enter here as lines.
//!
//! Takes `pdf::layout::Page`s or decoded text; gives `Doc`. May import `pdf` (for the
//! layout types) and the floors (`jp`, `record`); never report, pipeline or the runners.

pub mod coverage;
pub mod document;
pub mod furniture;
pub mod lines;

pub use document::{Doc, DocPage};
