//! Stage 4, report: normalized lines → the parts of an evaluation report: the header
//! (`header`), section 3's indicators and targets (`indicators`), the 別紙1 year tables
//! (`annex1`), and the checks of the report's own numbers against each other (`check`);
//! the rest of the report: the body's numbered sections (`sections`), section 4 and 別紙2
//! (`annex2_measures`), section 5 (`section5_support`), 別紙3 (`annex3_local_measures`) and the text rows under
//! the 別紙1 tables (`notes`), with the annex tables as cells (`cells`), and as columns by position where no ruling
//! lines draw them (`unruled`).
//!
//! Takes a `text::Doc`; gives record parts (`ReportHeader`, `Indicator`s, `YearTable`s)
//! and warnings. May import `text`, `pdf::layout` (glyph positions for tables) and the
//! floors; never the pipeline or the runners.

pub mod annex1;
pub mod annex2_measures;
pub mod annex3_local_measures;
pub mod cells;
pub mod check;
pub mod coverage;
pub mod goals;
pub mod header;
pub mod headings;
pub mod indicators;
pub mod notes;
pub mod section5_support;
pub mod sections;
pub mod unruled;
pub mod zone;
