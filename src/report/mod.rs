//! Stage 4, report: normalized lines → the parts of an evaluation report: the header
//! (`header`), section 3's indicators and targets (`indicators`), the 別紙1 year tables
//! (`annex1`), and the checks of the report's own numbers against each other (`check`);
//! the rest of the report: the body's numbered sections (`sections`), section 4 and 別紙2
//! (`measures`), section 5 (`support`), 別紙3 (`local_measures`) and the text rows under
//! the 別紙1 tables (`notes`), with the annex tables as cells (`cells`).
//!
//! Takes a `text::Doc`; gives record parts (`ReportHeader`, `Indicator`s, `YearTable`s)
//! and warnings. May import `text`, `pdf::layout` (glyph positions for tables) and the
//! floors; never the pipeline or the runners.

pub mod annex1;
pub mod cells;
pub mod check;
pub mod goals;
pub mod header;
pub mod headings;
pub mod indicators;
pub mod local_measures;
pub mod measures;
pub mod notes;
pub mod sections;
pub mod support;
pub mod zone;
