//! `tokku review`: self-contained HTML pages on which a person checks a record against
//! its document — one page per document and an `index.html`. No network: inline CSS and
//! SVG, the system's fonts, and only the index's own sorting script, allowed by its hash
//! in each page's Content-Security-Policy. Every string from a document is escaped by
//! maud for where it stands.
//!
//! A runner-level module: it runs the pipeline (or takes a record a batch made) and
//! reads the document's layout again to find where each value was read
//! (`locate`), then renders the page (`page`: header facts, `chart`s, values with their
//! warnings, page `drawing`s) and the `index`.

mod assets;
mod chart;
mod drawing;
mod index;
mod locate;
mod page;

use std::path::{Path, PathBuf};

use crate::extract::Extractor;
use crate::pdf::limits::Limits;
use crate::record::Record;
use crate::text::document::Doc;

pub use index::{render_index, IndexEntry};
pub use page::{cell_anchor, render_page, value_anchor};

/// The index's file name in the review directory.
pub const INDEX_FILE: &str = "index.html";

/// A record and the document it was read from (when it could be read).
pub struct Reviewed {
    pub record: Record,
    pub doc: Option<Doc>,
}

/// Extracts a file's record and keeps its document for the page: the record is the
/// one `tokku extract` gives (validated; a failure is an error record).
pub fn review_bytes(bytes: &[u8], file: &str, limits: &Limits) -> Reviewed {
    let extractor = Extractor::new().with_limits(*limits);
    match extractor.read(bytes, file) {
        Ok(read) => {
            let doc = read.doc.clone();
            Reviewed { record: extractor.record_of(read), doc: Some(doc) }
        }
        Err(f) => {
            Reviewed { record: Record::failed(f.source, f.code, f.message, f.warnings), doc: None }
        }
    }
}

/// The document of a record made elsewhere (a batch's), read again for its layout;
/// `None` when it cannot be read (the page then shows the record without sources).
pub fn layout_of(bytes: &[u8], file: &str, limits: &Limits) -> Option<Doc> {
    Extractor::new().with_limits(*limits).read(bytes, file).ok().map(|read| read.doc)
}

/// The page's file name: the input's position and its file stem in ASCII letters,
/// digits, `-` and `_` (other characters become `_`), e.g. `003-seed_libreoffice.html`.
pub fn page_file_name(position: usize, file: &str) -> String {
    let stem =
        Path::new(file).file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default();
    let safe: String = stem
        .chars()
        .take(60)
        .map(|c| if c.is_ascii_alphanumeric() || c == '-' || c == '_' { c } else { '_' })
        .collect();
    format!(
        "{:03}-{}.html",
        position + 1,
        if safe.is_empty() { "document".to_string() } else { safe }
    )
}

/// Writes a record's page into `dir` and returns its index row.
pub fn write_page(
    dir: &Path,
    position: usize,
    record: &Record,
    doc: Option<&Doc>,
) -> std::io::Result<IndexEntry> {
    let name = page_file_name(position, &record.source.file);
    std::fs::write(dir.join(&name), render_page(record, doc, INDEX_FILE))?;
    Ok(IndexEntry {
        file: record.source.file.clone(),
        page: name,
        zone_name: record.report.as_ref().and_then(|r| r.zone_name.clone()),
        fiscal_year: record.report.as_ref().and_then(|r| r.fiscal_year),
        status: match &record.error {
            None => "ok".to_string(),
            Some(e) => serde_json::to_value(e.code)
                .ok()
                .and_then(|v| v.as_str().map(str::to_string))
                .unwrap_or_else(|| "error".into()),
        },
        warnings: record.warnings.len(),
        targets: record.indicators.iter().map(|i| i.targets.len()).sum(),
    })
}

/// Writes `index.html` into `dir`; returns its path.
pub fn write_index(dir: &Path, entries: &[IndexEntry]) -> std::io::Result<PathBuf> {
    let path = dir.join(INDEX_FILE);
    std::fs::write(&path, render_index(entries))?;
    Ok(path)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_are_numbered_and_safe_in_a_url() {
        assert_eq!(
            page_file_name(2, "fixtures/pdf/seed_libreoffice.pdf"),
            "003-seed_libreoffice.html"
        );
        assert_eq!(page_file_name(0, "報告書 2020.pdf"), "001-____2020.html");
        assert_eq!(page_file_name(9, "\"><script>.pdf"), "010-___script_.html");
    }
}
