//! Stage 4, report: normalized lines → the parts of an evaluation report: the header
//! (`header`), section 3's indicators and targets (`indicators`), the 別紙1 year tables
//! (`annex1`), and the checks of the report's own numbers against each other (`check`).
//!
//! Takes a `text::Doc`; gives record parts (`ReportHeader`, `Indicator`s, `YearTable`s)
//! and warnings. May import `text`, `pdf::layout` (glyph positions for tables) and the
//! floors; never the pipeline or the runners.

pub mod annex1;
pub mod check;
pub mod goals;
pub mod header;
pub mod headings;
pub mod indicators;
