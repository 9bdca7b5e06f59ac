//! A page's content is built into operations once per document read (issue 16). The
//! font repair's usage scan (which codes each CID font shows, src/pdf/fonts/usage.rs)
//! walks the content with the fast lexer without building operations; only the
//! interpreter builds them. These tests count the operations the fast lexer built (a
//! per-thread counter in the vendored pdf-extract), never the time.

use std::path::Path;

use pdf_extract::fast_paths::{decode_content, operations_built};
use pdf_extract::{Document, Object};
use tokku::pdf::read_pdf;

/// Operations of every page's content, the page's streams read as one (as the
/// interpreter reads them).
fn page_operations(bytes: &[u8]) -> u64 {
    let doc = Document::load_mem(bytes).expect("the fixture loads");
    let mut total = 0;
    for (_, page) in doc.get_pages() {
        let mut content = Vec::new();
        for id in doc.get_page_contents(page) {
            let stream = doc.get_object(id).and_then(Object::as_stream).expect("a content stream");
            content.extend_from_slice(&stream.decompressed_content().unwrap_or_else(|_| stream.content.clone()));
            content.push(b'\n');
        }
        total += decode_content(&content).expect("the content decodes").operations.len() as u64;
    }
    total
}

#[test]
fn content_is_built_into_operations_once_when_fonts_are_repaired() {
    // CID fonts without a ToUnicode map: the font repair scans which codes the pages show
    // before the interpreter runs (the repair report says so), so the content is read twice.
    for fixture in ["fixtures/pdf/seed_reportlab_ucs2.pdf", "fixtures/cid/seed_identity_aj1_no_tounicode.pdf"] {
        let bytes = std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture)).expect("fixture");
        let before = operations_built();
        let read = read_pdf(&bytes).expect("the fixture reads");
        let built = operations_built() - before;
        assert!(
            read.font_repairs.repaired.iter().any(|line| line.contains("synthesized ToUnicode")),
            "{fixture}: the usage scan ran ({:?})",
            read.font_repairs.repaired
        );
        let expected = page_operations(&bytes);
        assert!(expected > 1000, "{fixture}: {expected} operations on the fast path");
        assert_eq!(built, expected, "{fixture}: each page's operations are built once (the interpreter's), not again for the usage scan");
    }
}
