//! The low-level scanner is used through one interface: a document's bytes are scanned
//! and indexed once, whatever its object count, and checking the cross-reference table
//! costs one header lookup per entry (issue 16: the header index used to be rebuilt for
//! every entry, so the cost grew with the square of the object count). These tests count
//! the work (index builds, header lookups), never the time.

use tokku::pdf::read_pdf;
use tokku::pdf::recover::scan_counters;

/// A plain PDF of `pages` one-line pages: catalog, page tree, one font, and per page a
/// page object, a content stream and its indirect /Length object (4 objects a page),
/// with a classic cross-reference table. `xref_ok: false` makes `startxref` point at
/// nothing, which forces the rebuild path.
fn plain_pdf(pages: usize, xref_ok: bool) -> Vec<u8> {
    let mut out = b"%PDF-1.4\n".to_vec();
    let mut offsets = Vec::new();
    let mut object = |out: &mut Vec<u8>, body: String| {
        offsets.push(out.len());
        out.extend_from_slice(format!("{} 0 obj\n{body}\nendobj\n", offsets.len()).as_bytes());
    };
    let kids: Vec<String> = (0..pages).map(|p| format!("{} 0 R", 4 + 3 * p)).collect();
    object(&mut out, "<< /Type /Catalog /Pages 2 0 R >>".into());
    object(&mut out, format!("<< /Type /Pages /Kids [{}] /Count {pages} >>", kids.join(" ")));
    object(&mut out, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>".into());
    for p in 0..pages {
        let page = 4 + 3 * p;
        let content = format!("BT /F1 12 Tf 72 720 Td (Page {}) Tj ET", p + 1);
        object(&mut out, format!("<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Resources << /Font << /F1 3 0 R >> >> /Contents {} 0 R >>", page + 1));
        object(&mut out, format!("<< /Length {} 0 R >>\nstream\n{content}\nendstream", page + 2));
        object(&mut out, format!("{}", content.len()));
    }
    let xref_at = out.len();
    out.extend_from_slice(
        format!("xref\n0 {}\n0000000000 65535 f \n", offsets.len() + 1).as_bytes(),
    );
    for offset in &offsets {
        out.extend_from_slice(format!("{offset:010} 00000 n \n").as_bytes());
    }
    let startxref = if xref_ok { xref_at } else { xref_at + 3 };
    out.extend_from_slice(
        format!(
            "trailer\n<< /Size {} /Root 1 0 R >>\nstartxref\n{startxref}\n%%EOF\n",
            offsets.len() + 1
        )
        .as_bytes(),
    );
    out
}

/// Index builds and header lookups of reading one document.
fn work_of(bytes: &[u8], pages: usize) -> (usize, usize) {
    let before = scan_counters();
    let read = read_pdf(bytes).expect("the generated PDF reads");
    let after = scan_counters();
    assert_eq!(read.pages.len(), pages, "every page is read");
    (after.index_builds - before.index_builds, after.header_lookups - before.header_lookups)
}

#[test]
fn one_index_per_document_and_one_lookup_per_xref_entry() {
    for pages in [10, 400] {
        let objects = 3 + 3 * pages;
        let (builds, lookups) = work_of(&plain_pdf(pages, true), pages);
        assert_eq!(builds, 1, "{pages} pages: the file is scanned and indexed once");
        assert_eq!(lookups, objects, "{pages} pages: one header lookup per cross-reference entry");
    }
}

#[test]
fn a_rebuilt_file_is_still_scanned_once() {
    let pages = 300;
    let bytes = plain_pdf(pages, false);
    let before = scan_counters();
    let read = read_pdf(&bytes).expect("the file is rebuilt and read");
    let after = scan_counters();
    assert_eq!(read.pages.len(), pages);
    assert!(read.repairs.iter().any(|r| r.contains("rebuilt")), "{:?}", read.repairs);
    assert_eq!(after.index_builds - before.index_builds, 1, "the rebuild reuses the one scan");
}
