//! Font repair before text extraction (placeholder; issue 3): makes every Japanese font
//! class decodable by pdf-extract by rewriting font dictionaries in memory.

use pdf_extract::Document;

/// What the repair pass did to a document's fonts.
#[derive(Debug, Clone, Default)]
pub struct FontRepairReport {
    /// Human-readable notes, one per repaired font.
    pub repaired: Vec<String>,
}

/// Repairs the document's fonts in memory so that pdf-extract can decode them.
pub fn repair_fonts(_doc: &mut Document) -> FontRepairReport {
    FontRepairReport::default()
}
