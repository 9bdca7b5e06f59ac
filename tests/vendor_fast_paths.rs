//! The vendored pdf-extract's fast paths (vendor/pdf-extract/PATCHES.md §3-4) give what
//! the parsers they stand in for give: the content-stream lexer what lopdf's
//! `Content::decode` gives, the ToUnicode lexer what adobe-cmap-parser gives. Checked on
//! every stream of every fixture PDF and on hand-written edge cases; where a fast path
//! declines an input (None) the slow parser is used, so only its answers are compared.

use std::path::Path;

use pdf_extract::fast_paths::{cmap_matches_adobe, content_matches_lopdf};
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
fn cmap_lexer_agrees_with_adobe_cmap_parser_on_every_fixture_tounicode() {
    let mut fast = 0;
    for (name, data) in fixture_streams() {
        if !data.windows(11).any(|w| w == b"beginbfchar" || w == b"beginbfrang") {
            continue;
        }
        match cmap_matches_adobe(&data) {
            Some(true) => fast += 1,
            Some(false) => {
                panic!("{name}: the fast ToUnicode lexer disagrees with adobe-cmap-parser")
            }
            None => {}
        }
    }
    assert!(fast > 10, "the fast path reads the fixtures' ToUnicode maps ({fast} maps)");
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

#[test]
fn cmap_edge_cases_agree_or_go_to_adobe_cmap_parser() {
    let cases: &[&[u8]] = &[
        b"/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def /CMapName /Adobe-Identity-UCS def /CMapType 2 def 1 begincodespacerange <0000> <FFFF> endcodespacerange 2 beginbfchar <0003> <0020> <0010> <4EE4548C> endbfchar 2 beginbfrange <0020> <0022> <3042> <0030> <0031> [<0041> <D842DFB7>] endbfrange endcmap CMapName currentdict /CMap defineresource pop end end",
        b"%!PS-Adobe-3.0 Resource-CMap\n%%EndComments\n1 beginbfrange <01> <05> <0061> endbfrange\n",
        b"1 beginbfrange <01> <03> [<0061> <0062>] endbfrange",
        b"1 beginbfrange <03> <01> <0061> endbfrange",
        b"1 beginbfrange <0000> <FFFF> <FFFE> endbfrange",
        b"1 beginbfchar <01> <0041 0042> endbfchar",
        b"1 beginbfchar (a\\)) <0041> endbfchar",
        b"1 beginbfchar <01> <0041> endbfchar 1.5 true",
        b"2 beginbfchar <01> <0041> endbfchar",
        b"x beginbfchar <01> <0041> endbfchar",
        b"1 beginbfchar <1> <0041> endbfchar",
        b"1 beginbfchar <01>\x00<0041> endbfchar",
    ];
    let mut fast = 0;
    for case in cases {
        match cmap_matches_adobe(case) {
            Some(true) => fast += 1,
            Some(false) => panic!(
                "{:?}: the fast ToUnicode lexer disagrees with adobe-cmap-parser",
                String::from_utf8_lossy(case)
            ),
            None => {}
        }
    }
    assert!(fast >= 4, "{fast} edge cases on the fast path");
}
