//! `tokku text` on one small PDF per Japanese font class (fixtures/cid/, issue 3) gives
//! the source sentence — kanji, kana, half-width ASCII, full-width digits, ①, 〜 and － —
//! after normalization, with no glyph lost.

use std::process::Command;

const CLASSES: &[(&str, &str)] = &[
    ("fixtures/cid/ucs2_unijis.pdf", "Type0, predefined CMap UniJIS-UCS2-H, not embedded"),
    ("fixtures/cid/rksj_90ms.pdf", "Type0, predefined CMap 90ms-RKSJ-H (Shift_JIS codes)"),
    ("fixtures/cid/euc_h.pdf", "Type0, predefined CMap EUC-H"),
    (
        "fixtures/cid/identity_aj1.pdf",
        "Type0, Identity-H, Adobe-Japan1, no ToUnicode, not embedded",
    ),
    ("fixtures/cid/truetype_identity.pdf", "Type0, Identity-H, embedded TrueType, no ToUnicode"),
];

#[test]
fn every_font_class_reads_back_as_the_source_sentence() {
    let expected = std::fs::read_to_string("fixtures/cid/expected.txt").expect("expected text");
    let expected = tokku::jp::normalize(expected.trim());
    for (fixture, class) in CLASSES {
        let output = Command::new(env!("CARGO_BIN_EXE_tokku"))
            .args(["text", fixture])
            .output()
            .expect("tokku runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{class}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let text = String::from_utf8(output.stdout).expect("UTF-8");
        // The fixture wraps the sentence onto two lines: read it as one.
        let text = tokku::jp::normalize(&text.trim().replace('\n', " "));
        assert_eq!(text, expected, "{class} ({fixture})");
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("undecodable"), "{class}: {stderr}");
    }
}

#[test]
fn without_repair_pdf_extract_loses_or_crashes_on_these_classes() {
    // Proves the fixtures exercise what the repair is for: plain pdf-extract either
    // panics or returns text without the Japanese.
    for (fixture, class) in CLASSES {
        let bytes = std::fs::read(fixture).expect("fixture");
        let plain = tokku::guard::catch_panic(|| pdf_extract::extract_text_from_mem(&bytes));
        let lost = match plain {
            Err(_) | Ok(Err(_)) => true,
            Ok(Ok(text)) => !text.contains("令和"),
        };
        assert!(lost, "{class}: pdf-extract alone read it, so the fixture proves nothing");
    }
}
