//! The whole seed report in the Identity-H / Adobe-Japan1 / no-ToUnicode class
//! (fixtures/cid/seed_identity_aj1_no_tounicode.pdf, made by fixtures/src/cid/cidize.py) decodes completely
//! after `repair_fonts`, and the repair is cheap.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use pdf_extract::Document;
use tokku::pdf::fonts::{repair_fonts, RepairKind};

use crate::common;
use common::{fold_for_compare as norm, Collect};

fn path(name: &str) -> String {
    format!("{}/fixtures/cid/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn fonts_seed_identity_aj1_decodes_whole_report() {
    let bytes = std::fs::read(path("seed_identity_aj1_no_tounicode.pdf")).unwrap();
    let expected =
        std::fs::read_to_string(path("seed_identity_aj1_no_tounicode.expected.txt")).unwrap();

    // Without repair every glyph decodes to "".
    let without = catch_unwind(AssertUnwindSafe(|| {
        let doc = Document::load_mem(&bytes).unwrap();
        let mut t = Collect::default();
        pdf_extract::output_doc(&doc, &mut t).unwrap();
        t.texts()
    }));
    if let Ok(t) = without {
        assert!(
            norm(&t.concat()).len() < norm(&expected).len() / 10,
            "seed decodes without repair"
        );
    }

    let mut doc = Document::load_mem(&bytes).unwrap();
    let t0 = Instant::now();
    let report = repair_fonts(&mut doc);
    let repair_time = t0.elapsed();
    assert!(report.unrepaired.is_empty(), "{report:?}");
    assert_eq!(report.fonts.len(), 1);
    assert_eq!(report.fonts[0].kind, RepairKind::Aj1ToUnicode);
    assert_eq!(report.fonts[0].unmapped_codes, 0);

    let t1 = Instant::now();
    let mut t = Collect::default();
    pdf_extract::output_doc(&doc, &mut t).unwrap();
    let extract_time = t1.elapsed();
    assert!(
        t.texts().iter().all(|g| !g.is_empty() && !g.contains('\u{FFFD}')),
        "undecodable glyphs"
    );
    // pdftotext reorders table cells, so compare the character multisets (no glyph lost or
    // mis-mapped) and require the opening 10,000 characters (running text) in order.
    let (got, want) = (norm(&t.texts().concat()), norm(&expected));
    let sorted = |s: &str| {
        let mut v: Vec<char> = s.chars().collect();
        v.sort_unstable();
        v
    };
    assert!(sorted(&got) == sorted(&want), "character multisets differ");
    let head = |s: &str| s.chars().take(10_000).collect::<String>();
    if head(&got) != head(&want) {
        let a: Vec<char> = got.chars().collect();
        let b: Vec<char> = want.chars().collect();
        let i = a.iter().zip(&b).position(|(x, y)| x != y).unwrap_or(a.len().min(b.len()));
        let ctx =
            |v: &[char]| v[i.saturating_sub(20)..(i + 20).min(v.len())].iter().collect::<String>();
        panic!(
            "seed text differs at char {i}: got {:?} want {:?} (lengths {} vs {})",
            ctx(&a),
            ctx(&b),
            a.len(),
            b.len()
        );
    }
    // Tables are warm now: time a second repair on a fresh copy.
    let mut doc2 = Document::load_mem(&bytes).unwrap();
    let t2 = Instant::now();
    let _ = repair_fonts(&mut doc2);
    eprintln!("seed: warm repair_fonts {:?}", t2.elapsed());
    eprintln!(
        "seed: {} pages, {} distinct codes mapped; repair_fonts {:?} ({:?}/font), output_doc {:?}",
        doc.get_pages().len(),
        report.fonts[0].mapped_codes,
        repair_time,
        repair_time / report.fonts.len() as u32,
        extract_time
    );
}
