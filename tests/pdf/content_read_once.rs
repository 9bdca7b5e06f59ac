//! A page's content is read as few times as it must be per document (issue 16). The font
//! repair's usage scan (which codes each CID font shows, src/pdf/fonts/usage.rs) walks
//! the content with the fast lexer without building operations; only the interpreter
//! builds them. The content census (src/pdf/census.rs) is skipped when the decoded
//! lengths the stream budget measured show that it cannot refuse the document. These
//! tests count (operations the fast lexer built, census runs: per-thread counters),
//! never the time.

use std::path::Path;

use pdf_extract::fast_paths::{decode_content, operations_built};
use pdf_extract::{Document, Object};
use tokku::pdf::census;
use tokku::pdf::limits::{Deadline, Limits};
use tokku::pdf::{read_pdf, read_pdf_limited};
use tokku::record::ErrorCode;

/// Operations of every page's content, the page's streams read as one (as the
/// interpreter reads them).
fn page_operations(bytes: &[u8]) -> u64 {
    let doc = Document::load_mem(bytes).expect("the fixture loads");
    let mut total = 0;
    for (_, page) in doc.get_pages() {
        let mut content = Vec::new();
        for id in doc.get_page_contents(page) {
            let stream = doc.get_object(id).and_then(Object::as_stream).expect("a content stream");
            content.extend_from_slice(
                &stream.decompressed_content().unwrap_or_else(|_| stream.content.clone()),
            );
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
    for fixture in
        ["fixtures/pdf/seed_reportlab_ucs2.pdf", "fixtures/cid/seed_identity_aj1_no_tounicode.pdf"]
    {
        let bytes =
            std::fs::read(Path::new(env!("CARGO_MANIFEST_DIR")).join(fixture)).expect("fixture");
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

#[test]
fn the_census_runs_only_when_the_decoded_lengths_do_not_settle_it() {
    let bytes = std::fs::read(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("fixtures/pdf/seed_reportlab_ucs2.pdf"),
    )
    .expect("fixture");
    // 17 pages of some 200 KB of content: under the operator bound and far under the
    // default glyph budget, whatever the content says.
    let before = census::runs();
    read_pdf(&bytes).expect("the fixture reads");
    assert_eq!(census::runs() - before, 0, "no census for an ordinary document");
    // A glyph budget the lengths cannot vouch for: the census counts, and refuses the
    // document before drawing (its message, not the drawing's "draws more than").
    let limits = Limits { max_glyphs: 1_000, ..Limits::default() };
    let before = census::runs();
    let error = read_pdf_limited(&bytes, &limits, &Deadline::start(limits.wall_time))
        .expect_err("over the glyph budget");
    assert_eq!(census::runs() - before, 1, "the census counted");
    assert_eq!(error.code, ErrorCode::LimitExceeded);
    assert!(error.message.contains("draws at least"), "{}", error.message);
}
