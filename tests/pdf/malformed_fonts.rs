//! Malformed Type0 font dictionaries: `repair_fonts` must never panic, must report what it
//! could not repair, and must leave the document in a state pdf-extract reads without
//! panicking (undecodable fonts yield empty glyphs, which the pipeline counts).

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::common;
use common::Collect;
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};
use tokku::pdf::fonts::{repair_fonts, FontRepairReport, RepairKind};

fn load() -> Document {
    let bytes =
        std::fs::read(format!("{}/fixtures/cid/identity_aj1.pdf", env!("CARGO_MANIFEST_DIR")))
            .unwrap();
    Document::load_mem(&bytes).unwrap()
}

fn type0_id(doc: &Document) -> ObjectId {
    *doc.objects
        .iter()
        .find(|(_, o)| {
            o.as_dict()
                .is_ok_and(|d| d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0"))
        })
        .unwrap()
        .0
}

fn cid_id(doc: &Document) -> ObjectId {
    let f = doc.get_object(type0_id(doc)).unwrap().as_dict().unwrap();
    f.get(b"DescendantFonts").unwrap().as_array().unwrap()[0].as_reference().unwrap()
}

fn font_mut(doc: &mut Document) -> &mut Dictionary {
    let id = type0_id(doc);
    doc.get_object_mut(id).unwrap().as_dict_mut().unwrap()
}

fn cid_mut(doc: &mut Document) -> &mut Dictionary {
    let id = cid_id(doc);
    doc.get_object_mut(id).unwrap().as_dict_mut().unwrap()
}

/// Repairs (must not panic), then extracts (must not panic); returns report and glyph texts.
fn run(mut doc: Document) -> (FontRepairReport, Vec<String>) {
    let report =
        catch_unwind(AssertUnwindSafe(|| repair_fonts(&mut doc))).expect("repair_fonts panicked");
    let texts = catch_unwind(AssertUnwindSafe(|| {
        let mut t = Collect::default();
        pdf_extract::output_doc(&doc, &mut t).map(|_| t.texts())
    }))
    .expect("pdf-extract panicked after repair")
    .expect("output_doc error");
    (report, texts)
}

fn decoded(texts: &[String]) -> String {
    texts.concat()
}

#[test]
fn fonts_w_not_an_array_is_dropped_and_text_still_decodes() {
    let mut doc = load();
    cid_mut(&mut doc).set("W", Object::Integer(5));
    let (report, texts) = run(doc);
    assert!(report.unrepaired.is_empty(), "{report:?}");
    assert!(decoded(&texts).contains("国際戦略総合特別区域評価書"));
}

#[test]
fn fonts_w_with_odd_tail_references_and_junk_is_canonicalized() {
    let mut doc = load();
    let r = doc.add_object(Object::Array(vec![Object::Integer(500)]));
    cid_mut(&mut doc).set(
        "W",
        Object::Array(vec![
            Object::Integer(34),
            Object::Reference(r),
            Object::Integer(1),
            Object::Array(vec![Object::Name(b"x".to_vec())]),
            Object::Integer(7),
        ]),
    );
    let (report, texts) = run(doc);
    assert!(report.unrepaired.is_empty(), "{report:?}");
    assert!(decoded(&texts).contains("ライフイノベーション"));
}

#[test]
fn fonts_encoding_number_is_reported_and_neutralized() {
    let mut doc = load();
    font_mut(&mut doc).set("Encoding", Object::Integer(3));
    let (report, texts) = run(doc);
    assert_eq!(report.unrepaired.len(), 1, "{report:?}");
    assert!(report.unrepaired[0].contains("/Encoding"), "{}", report.unrepaired[0]);
    assert!(matches!(report.fonts[0].kind, RepairKind::Unrepairable(_)));
    // Every glyph is reported as undecodable (empty), none invented.
    assert!(!texts.is_empty());
    assert!(texts.iter().all(|t| t.is_empty()), "{texts:?}");
}

#[test]
fn fonts_unknown_predefined_cmap_is_reported() {
    let mut doc = load();
    // Not a predefined CMap of ISO 32000-1 Table 118 (UniKS-UCS2-H, used here before
    // issue 19, is now read).
    font_mut(&mut doc).set("Encoding", Object::Name(b"NoSuchCMap-H".to_vec()));
    let (report, texts) = run(doc);
    assert_eq!(report.unrepaired.len(), 1, "{report:?}");
    assert!(
        report.unrepaired[0].contains("unknown predefined CMap /NoSuchCMap-H"),
        "{}",
        report.unrepaired[0]
    );
    assert!(texts.iter().all(|t| t.is_empty()));
}

#[test]
fn fonts_unknown_ordering_is_reported() {
    let mut doc = load();
    let mut info = Dictionary::new();
    info.set("Registry", Object::string_literal("Adobe"));
    // A collection without a table (Adobe-GB1, used here before issue 19, now has one).
    info.set("Ordering", Object::string_literal("Japan2"));
    info.set("Supplement", Object::Integer(0));
    cid_mut(&mut doc).set("CIDSystemInfo", Object::Dictionary(info));
    let (report, _) = run(doc);
    assert_eq!(report.unrepaired.len(), 1, "{report:?}");
    assert!(report.unrepaired[0].contains("Adobe-Japan2"), "{}", report.unrepaired[0]);
}

#[test]
fn fonts_missing_or_dangling_descendants_do_not_panic() {
    let mut doc = load();
    font_mut(&mut doc).remove(b"DescendantFonts");
    let (report, _) = run(doc);
    assert_eq!(report.unrepaired.len(), 1, "{report:?}");

    let mut doc = load();
    font_mut(&mut doc).set("DescendantFonts", Object::Array(vec![Object::Reference((9999, 0))]));
    let (report, _) = run(doc);
    assert_eq!(report.unrepaired.len(), 1, "{report:?}");

    let mut doc = load();
    font_mut(&mut doc).set("DescendantFonts", Object::Integer(1));
    let (report, _) = run(doc);
    assert_eq!(report.unrepaired.len(), 1, "{report:?}");
}

#[test]
fn fonts_missing_font_descriptor_and_real_dw_are_fixed() {
    let mut doc = load();
    cid_mut(&mut doc).remove(b"FontDescriptor");
    cid_mut(&mut doc).set("DW", Object::Real(1000.0));
    let (report, texts) = run(doc);
    assert!(report.unrepaired.is_empty(), "{report:?}");
    assert!(decoded(&texts).contains("令和"));
}

#[test]
fn fonts_garbage_truetype_program_falls_back_to_aj1() {
    let mut doc = load();
    let ff = doc.add_object(Stream::new(Dictionary::new(), b"not a font".to_vec()));
    let desc_id = cid_mut(&mut doc).get(b"FontDescriptor").unwrap().as_reference().unwrap();
    doc.get_object_mut(desc_id)
        .unwrap()
        .as_dict_mut()
        .unwrap()
        .set("FontFile2", Object::Reference(ff));
    cid_mut(&mut doc).set("Subtype", Object::Name(b"CIDFontType2".to_vec()));
    let (report, texts) = run(doc);
    assert_eq!(report.fonts[0].kind, RepairKind::Aj1ToUnicode, "{report:?}");
    assert!(decoded(&texts).contains("令和"));
}

#[test]
fn fonts_bad_tounicode_type_is_replaced() {
    let mut doc = load();
    font_mut(&mut doc).set("ToUnicode", Object::Integer(0));
    let (report, texts) = run(doc);
    assert!(report.unrepaired.is_empty(), "{report:?}");
    assert!(decoded(&texts).contains("令和"));
}

#[test]
fn fonts_garbage_content_stream_does_not_panic_repair() {
    let mut doc = load();
    let page = *doc.get_pages().values().next().unwrap();
    let c =
        doc.add_object(Stream::new(Dictionary::new(), b"BT /F1 12 Tf <00 Tj ] ] >> (((".to_vec()));
    doc.get_object_mut(page).unwrap().as_dict_mut().unwrap().set("Contents", Object::Reference(c));
    let report =
        catch_unwind(AssertUnwindSafe(|| repair_fonts(&mut doc))).expect("repair_fonts panicked");
    assert_eq!(report.repaired.len(), 1, "{report:?}");
}
