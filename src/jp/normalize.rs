//! Text normalization for report text (placeholder: NFKC only; the full rule list is
//! being written under issue 4).

use unicode_normalization::UnicodeNormalization;

/// Normalizes report text. Keeps line breaks (`\n`) and page breaks (`\f`).
pub fn normalize(text: &str) -> String {
    text.nfkc().collect()
}
