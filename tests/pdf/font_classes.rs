//! Integration tests for issue 3: every Japanese font class fixture in fixtures/cid/
//! decodes through `repair_fonts` + pdf-extract with correct text and glyph advances, and
//! fails (panics or loses text) without the repair.

use std::panic::{catch_unwind, AssertUnwindSafe};

use pdf_extract::Document;
use tokku::pdf::fonts::{repair_fonts, RepairKind};

use crate::common;
use common::{fold_for_compare as norm, Collect, Glyph};

fn fixture(name: &str) -> Vec<u8> {
    std::fs::read(format!("{}/fixtures/cid/{name}", env!("CARGO_MANIFEST_DIR"))).expect("fixture")
}

fn expected() -> String {
    std::fs::read_to_string(format!("{}/fixtures/cid/expected.txt", env!("CARGO_MANIFEST_DIR")))
        .expect("expected.txt")
}

fn extract(
    bytes: &[u8],
    repair: bool,
) -> (Vec<Glyph>, Option<tokku::pdf::fonts::FontRepairReport>) {
    let mut doc = Document::load_mem(bytes).expect("load");
    let report = repair.then(|| repair_fonts(&mut doc));
    let mut out = Collect::default();
    pdf_extract::output_doc(&doc, &mut out).expect("output_doc");
    (out.glyphs, report)
}

fn text_of(glyphs: &[Glyph]) -> String {
    glyphs.iter().map(|g| g.text.as_str()).collect()
}

/// Runs the whole check for one class fixture; returns the glyphs for class-specific checks.
fn check_class(name: &str, expect_kind: fn(&RepairKind) -> bool) -> Vec<Glyph> {
    let bytes = fixture(name);

    // Without repair the fixture must fail: panic, or lose text.
    let unrepaired = catch_unwind(AssertUnwindSafe(|| extract(&bytes, false).0));
    if let Ok(glyphs) = unrepaired {
        assert_ne!(
            norm(&text_of(&glyphs)),
            norm(&expected()),
            "{name}: decodes without repair, fixture does not exercise its class"
        );
    }

    let (glyphs, report) = extract(&bytes, true);
    let report = report.unwrap();
    assert!(report.unrepaired.is_empty(), "{name}: {:?}", report.unrepaired);
    assert_eq!(report.fonts.len(), 1, "{name}: {:?}", report.fonts);
    assert!(expect_kind(&report.fonts[0].kind), "{name}: {:?}", report.fonts[0].kind);
    assert_eq!(report.fonts[0].unmapped_codes, 0, "{name}");
    assert_eq!(report.repaired.len(), 1);
    for g in &glyphs {
        assert!(
            !g.text.is_empty() && !g.text.contains('\u{FFFD}'),
            "{name}: undecodable glyph {g:?}"
        );
    }
    assert_eq!(norm(&text_of(&glyphs)), norm(&expected()), "{name}: text");

    // Advances: within a line, the next glyph starts where width × font size puts it.
    let mut pairs = 0;
    for w in glyphs.windows(2) {
        if (w[0].y - w[1].y).abs() > 0.01 {
            continue;
        }
        let advance = w[1].x - w[0].x;
        assert!(
            (advance - w[0].width * w[0].font_size).abs() < 0.01,
            "{name}: advance {advance} after {:?}",
            w[0]
        );
        assert!(w[0].width > 0.2 && w[0].width <= 1.0, "{name}: implausible width {:?}", w[0]);
        pairs += 1;
    }
    assert!(pairs > 40, "{name}: too few glyph pairs on a line ({pairs})");
    glyphs
}

fn width_of(glyphs: &[Glyph], s: &str) -> f64 {
    glyphs.iter().find(|g| g.text == s).map(|g| g.width).unwrap_or_else(|| panic!("no glyph {s}"))
}

#[test]
fn fonts_ucs2_unijis_predefined_cmap() {
    let g = check_class("ucs2_unijis.pdf", |k| {
        *k == RepairKind::PredefinedCMap("UniJIS-UCS2-H".into())
    });
    // Widths come from /W keyed by CID (proportional Latin), not the 1000 default.
    assert!(width_of(&g, "A") < 0.9, "A width {}", width_of(&g, "A"));
    assert_eq!(width_of(&g, "令"), 1.0);
}

#[test]
fn fonts_rksj_90ms_predefined_cmap() {
    let g =
        check_class("rksj_90ms.pdf", |k| *k == RepairKind::PredefinedCMap("90ms-RKSJ-H".into()));
    // 1-byte codes map to half-width CIDs 231+. reportlab's /W lists only CID 231 (space,
    // 500), so 'A' (CID 264) has /DW 1000; reading /W at the code (0x41 = CID 65, a
    // proportional glyph of width 722) would be wrong.
    assert_eq!(width_of(&g, " "), 0.5);
    assert_eq!(width_of(&g, "A"), 1.0);
    assert_eq!(width_of(&g, "１"), 1.0);
    assert_eq!(width_of(&g, "ラ"), 1.0);
}

#[test]
fn fonts_euc_h_predefined_cmap() {
    let g = check_class("euc_h.pdf", |k| *k == RepairKind::PredefinedCMap("EUC-H".into()));
    assert_eq!(width_of(&g, "A"), 0.5);
    assert_eq!(width_of(&g, "令"), 1.0);
}

#[test]
fn fonts_identity_aj1_without_tounicode() {
    let g = check_class("identity_aj1.pdf", |k| *k == RepairKind::Aj1ToUnicode);
    // /W [1 230 500 ...]: the c_first c_last w form is rewritten so pdf-extract sees it.
    assert_eq!(width_of(&g, "A"), 0.5);
    assert_eq!(width_of(&g, "令"), 1.0);
}

#[test]
fn fonts_truetype_identity_without_tounicode() {
    let g = check_class("truetype_identity.pdf", |k| *k == RepairKind::TrueTypeCmap);
    assert!(width_of(&g, "A") < 1.0);
    assert_eq!(width_of(&g, "令"), 1.0);
}

#[test]
fn fonts_report_names_the_font_and_source() {
    let mut doc = Document::load_mem(&fixture("identity_aj1.pdf")).unwrap();
    let r = repair_fonts(&mut doc);
    assert_eq!(r.repaired.len(), 1);
    assert!(r.repaired[0].contains("KozMinPr6N-Regular-Identity-H"), "{}", r.repaired[0]);
    assert!(r.repaired[0].contains("synthesized ToUnicode from Adobe-Japan1"), "{}", r.repaired[0]);
    // Only the codes the page uses are mapped (the page shows under 60 distinct glyphs).
    assert!(r.fonts[0].mapped_codes > 30 && r.fonts[0].mapped_codes < 60, "{:?}", r.fonts[0]);
}

#[test]
fn fonts_second_repair_is_a_no_op() {
    let mut doc = Document::load_mem(&fixture("rksj_90ms.pdf")).unwrap();
    let first = repair_fonts(&mut doc);
    assert_eq!(first.repaired.len(), 1);
    let second = repair_fonts(&mut doc);
    assert!(second.repaired.is_empty() && second.unrepaired.is_empty(), "{second:?}");
}

// Issue 23: Skia's ToUnicode gives a spacing glyph the text of a combining mark (the
// smallest code point of the glyph in the font's cmap). fixtures/cid/skia_combining.pdf is
// Chromium's print of IPAexMincho text with U+2014 EM DASH, whose glyph IPAexMincho also
// maps from U+0336 (fixtures/src/cid/make_skia_combining.py).

fn tokku_text(path: &str) -> String {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tokku"))
        .args(["text", &format!("{}/{path}", env!("CARGO_MANIFEST_DIR"))])
        .output()
        .expect("tokku runs");
    assert!(out.status.success(), "{path}: {}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).expect("utf-8")
}

#[test]
fn fonts_skia_combining_mark_on_a_spacing_glyph_takes_the_cmap_character() {
    let bytes = fixture("skia_combining.pdf");
    // Without the repair the fixture shows the property: U+0336 where U+2014 was printed.
    let (raw, _) = extract(&bytes, false);
    assert_eq!(text_of(&raw).matches('\u{0336}').count(), 4, "{}", text_of(&raw));

    let (glyphs, report) = extract(&bytes, true);
    let report = report.unwrap();
    let text = text_of(&glyphs);
    assert!(!text.contains('\u{0336}'), "{text}");
    assert_eq!(text.matches('\u{2014}').count(), 4, "{text}");
    assert!(text.contains("クル\u{2014}ズ船のデ\u{2014}タセンタ\u{2014}"), "{text}");
    assert!(text.contains("2021\u{2014}2025"), "{text}");
    assert!(
        report
            .fonts
            .iter()
            .any(|f| f.kind == RepairKind::CombiningMarks { replaced: 1, dropped: 0 }),
        "{:?}",
        report.fonts
    );
    // The glyph keeps its advance (a full em, as the EM DASH is drawn).
    let dash = glyphs.iter().find(|g| g.text == "\u{2014}").expect("an EM DASH glyph");
    assert!(dash.width > 0.0, "{dash:?}");
}

#[test]
fn fonts_skia_combining_text_folds_to_the_long_vowel() {
    let text = tokku_text("fixtures/cid/skia_combining.pdf");
    assert!(!text.contains('\u{0336}'), "{text}");
    // Between katakana the EM DASH is the long-vowel mark; between digits a dash.
    assert!(text.contains("クルーズ船のデータセンター"), "{text}");
    assert!(text.contains("2021-2025"), "{text}");
}

/// The held-out rendition that found the bug (h06, Chromium): its zone name, targets and
/// sections read `スマート`, not `スマ̶ト`. Nothing else was tuned to it.
#[test]
fn fonts_skia_combining_holdout_h06_reads_the_long_vowel() {
    let text = tokku_text("fixtures/corpus/holdout/renditions/h06_yukimihara_agri__chromium.pdf");
    assert!(!text.contains('\u{0336}'), "{text}");
    assert!(text.contains("雪見原スマートアグリ地域活性化総合特区"), "{text}");
    assert!(text.contains("スケジュール"), "{text}");
    assert!(text.contains("ドローン"), "{text}");

    let out = std::process::Command::new(env!("CARGO_BIN_EXE_tokku"))
        .args([
            "extract",
            &format!(
                "{}/fixtures/corpus/holdout/renditions/h06_yukimihara_agri__chromium.pdf",
                env!("CARGO_MANIFEST_DIR")
            ),
        ])
        .output()
        .expect("tokku runs");
    let record = String::from_utf8(out.stdout).expect("utf-8");
    assert!(!record.contains('\u{0336}'), "{record}");
    let report: serde_json::Value = serde_json::from_str(&record).expect("one JSON record");
    let zone_name = report["report"]["zone_name"].as_str().unwrap_or_default();
    assert!(zone_name.contains("スマート"), "zone name {zone_name:?}");
}
