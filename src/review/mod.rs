//! `tokku review`: self-contained HTML pages on which a person checks a record against
//! its document — one page per document and an `index.html`. No network: inline CSS and
//! SVG, the system's fonts, and only the index's own sorting script, allowed by its hash
//! in each page's Content-Security-Policy. Every string from a document is escaped by
//! maud for where it stands.
//!
//! A runner-level module: it runs the pipeline (or takes a record a batch made) and
//! reads the document's layout again to find where each value was read
//! (`locate`), then renders the page (`page`: header facts, `chart`s, values with their
//! warnings, the rest of the report, page `drawing`s) and the `index`; over a batch, a
//! page per zone across its report years and a zone index (`zone`). Pages are named by
//! `names`; every word of the pages' own is in `labels`, in Japanese and English.

mod assets;
mod chart;
mod drawing;
mod index;
mod labels;
mod locate;
pub mod names;
mod page;
pub mod zone;

use std::path::{Path, PathBuf};

use crate::extract::Extractor;
use crate::lang::Lang;
use crate::pdf::limits::Limits;
use crate::record::Record;
use crate::text::document::Doc;

pub use index::{render_index, IndexEntry};
pub use labels::enumeration;
pub use names::page_names;
pub use page::{cell_anchor, render_page, value_anchor, PageLinks};
pub use zone::{render_zone_index, render_zone_page, ZoneView, ZONE_DIR, ZONE_INDEX_FILE};

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

/// Writes a record's page into `dir` under `name` (see [`page_names`]) in `lang`, with a
/// link to its zone's page (`zone_page`, a file of [`ZONE_DIR`]) when there is one, and
/// returns its index row.
pub fn write_page(
    dir: &Path,
    name: &str,
    record: &Record,
    doc: Option<&Doc>,
    zone_page: Option<&str>,
    lang: Lang,
) -> std::io::Result<IndexEntry> {
    let zone_href = zone_page.map(|z| format!("{ZONE_DIR}/{z}"));
    let links = PageLinks { index: INDEX_FILE, zone: zone_href.as_deref() };
    std::fs::write(dir.join(name), render_page(record, doc, links, lang))?;
    Ok(IndexEntry {
        file: record.source.file.clone(),
        page: name.to_string(),
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
        zone_page: zone_href,
    })
}

/// Writes `index.html` into `dir`; returns its path.
/// `with_zones`: the zone index was written beside it (linked from the index).
pub fn write_index(
    dir: &Path,
    entries: &[IndexEntry],
    with_zones: bool,
    lang: Lang,
) -> std::io::Result<PathBuf> {
    let path = dir.join(INDEX_FILE);
    std::fs::write(&path, render_index(entries, with_zones.then_some(ZONE_INDEX_FILE), lang))?;
    Ok(path)
}

/// Writes the zone pages into `dir/zones/` and the zone index into `dir`; a zone page
/// of an earlier run that is no longer a zone is removed. Returns the index's path.
pub fn write_zone_pages(dir: &Path, zones: &[ZoneView], lang: Lang) -> std::io::Result<PathBuf> {
    let zone_dir = dir.join(ZONE_DIR);
    std::fs::create_dir_all(&zone_dir)?;
    for zone in zones {
        std::fs::write(zone_dir.join(&zone.page), render_zone_page(zone, lang))?;
    }
    if let Ok(listing) = std::fs::read_dir(&zone_dir) {
        for entry in listing.flatten() {
            let name = entry.file_name().to_string_lossy().to_string();
            if name.ends_with(".html") && !zones.iter().any(|z| z.page == name) {
                let _ = std::fs::remove_file(entry.path());
            }
        }
    }
    let path = dir.join(ZONE_INDEX_FILE);
    std::fs::write(&path, render_zone_index(zones, lang))?;
    Ok(path)
}
