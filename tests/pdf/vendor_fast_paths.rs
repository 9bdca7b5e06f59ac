//! The vendored pdf-extract's fast content path (vendor/pdf-extract/PATCHES.md, patch 4)
//! gives what the parser it stands in for gives: the content-stream lexer what lopdf's
//! `Content::decode` gives. Checked on every stream of every fixture PDF and on
//! hand-written edge cases; where the fast path declines an input (None) lopdf is used, so
//! only its answers are compared. (ToUnicode maps are read by the lenient reader of patch
//! 5 alone since it superseded the fast ToUnicode lexer, which was removed.)

use std::path::Path;

use pdf_extract::fast_paths::content_matches_lopdf;
use pdf_extract::{Document, Object};

/// Every decoded non-image stream of the fixture PDFs (bombs and damaged files left out).
fn fixture_streams() -> Vec<(String, Vec<u8>)> {
    let mut streams = Vec::new();
    for dir in ["fixtures/pdf", "fixtures/cid", "fixtures/layouts/pdf", "fixtures/bench"] {
        let Ok(entries) = std::fs::read_dir(Path::new(env!("CARGO_MANIFEST_DIR")).join(dir)) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.extension().is_none_or(|e| e != "pdf") {
                continue;
            }
            let Ok(doc) = Document::load(&path) else { continue };
            for (id, object) in &doc.objects {
                let Object::Stream(stream) = object else { continue };
                if stream.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Image") {
                    continue;
                }
                let data = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
                streams.push((format!("{} {} {} R", path.display(), id.0, id.1), data));
            }
        }
    }
    streams
}

#[test]
fn content_lexer_agrees_with_lopdf_on_every_fixture_stream() {
    let mut fast = 0;
    for (name, data) in fixture_streams() {
        match content_matches_lopdf(&data) {
            Some(true) => fast += 1,
            Some(false) => panic!("{name}: the fast content lexer disagrees with lopdf"),
            None => {}
        }
    }
    assert!(fast > 100, "the fast path reads the fixtures' page content ({fast} streams)");
}

#[test]
fn content_edge_cases_agree_or_go_to_lopdf() {
    let cases: &[&[u8]] = &[
        b"BT /F1 12 Tf 72 720 Td (Hello) Tj ET",
        b"BT [(A) -250.5 (B\\(c\\)) 3 <4142 4> .5 -.25 +7] TJ ET",
        b"(nested (paren) string\\n\\r\\t\\b\\f\\\\ \\101\\7\\777 \\q) Tj",
        b"(line\r\nbreak\\\r\ncontinued\\\ncont) '",
        b"1 2 3 (x) \" T* q Q f* W* n",
        b"/P <</MCID 3 /Lang (ja) /Arr [1 2.5 /N] /D <</X true /Y null>>>> BDC EMC",
        b"% leading comment\nBT ET\n% trailing comment\n",
        b"% comment then space\n BT ET",
        b"BT 1 % mid comment\n 2 Td ET",
        b"BT ET % no end of line",
        b"[1 0 R] TJ",
        b"[1 %c\n 0 R] TJ",
        b"1000 0 0 0 900 880 d1 0 0 1 1 re f",
        b"0g 1 0 0 RG",
        b"12345678901234567890 0 Td",
        b"+12 -0 007 -123456789012345678 123456789012345678 Td -.5 +3. 0.25 Tc",
        b"-0.0 0.0000000001 0.00000000001 1677721.5 16777215.9 16777216.1 0.1 3.14159265 .33333334 -2.0833335 841.91998 Tc",
        b"1.2.3 Tw",
        b"/Name#20x Tf",
        b"BI /W 1 /H 1 /BPC 8 /CS /G ID \x00 EI Q",
        b"q\x0cQ",
        b"q\x00 Q",
        b"1 2 3",
        b"<4142> Tj <41 42 4> Tj < > Tj",
        b"(unterminated",
        b"(bad escape at end\\",
        b"nullx truey falsez",
        b"- . +. Tw",
        b"[true false null] TJ",
        b"",
        b"   \n\t ",
    ];
    let mut fast = 0;
    for case in cases {
        match content_matches_lopdf(case) {
            Some(true) => fast += 1,
            Some(false) => panic!(
                "{:?}: the fast content lexer disagrees with lopdf",
                String::from_utf8_lossy(case)
            ),
            None => {}
        }
    }
    assert!(fast >= 10, "{fast} edge cases on the fast path");
}
