//! The whole seed report in the Identity-H / Adobe-Japan1 / no-ToUnicode class
//! (fixtures/cid/seed_identity_aj1_no_tounicode.pdf, made by fixtures/src/cid/cidize.py) decodes completely
//! after `repair_fonts`, and the repair is cheap.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

use pdf_extract::{Document, MediaBox, OutputDev, OutputError, Transform};
use tokku::fonts::{repair_fonts, RepairKind};
use unicode_normalization::UnicodeNormalization;

#[derive(Default)]
struct Texts(Vec<String>);

impl OutputDev for Texts {
    fn begin_page(&mut self, _: u32, _: &MediaBox, _: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(&mut self, _: &Transform, _: f64, _: f64, _: f64, c: &str) -> Result<(), OutputError> {
        self.0.push(c.to_string());
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
}

fn norm(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '\u{FF5E}' | '~' => '\u{301C}',
            '\u{2212}' | '\u{FF0D}' | '\u{2010}' | '\u{2011}' => '-',
            c => c,
        })
        .collect()
}

fn path(name: &str) -> String {
    format!("{}/fixtures/cid/{name}", env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn fonts_seed_identity_aj1_decodes_whole_report() {
    let bytes = std::fs::read(path("seed_identity_aj1_no_tounicode.pdf")).unwrap();
    let expected = std::fs::read_to_string(path("seed_identity_aj1_no_tounicode.expected.txt")).unwrap();

    // Without repair every glyph decodes to "".
    let without = catch_unwind(AssertUnwindSafe(|| {
        let doc = Document::load_mem(&bytes).unwrap();
        let mut t = Texts::default();
        pdf_extract::output_doc(&doc, &mut t).unwrap();
        t.0
    }));
    if let Ok(t) = without {
        assert!(norm(&t.concat()).len() < norm(&expected).len() / 10, "seed decodes without repair");
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
    let mut t = Texts::default();
    pdf_extract::output_doc(&doc, &mut t).unwrap();
    let extract_time = t1.elapsed();
    assert!(t.0.iter().all(|g| !g.is_empty() && !g.contains('\u{FFFD}')), "undecodable glyphs");
    // pdftotext reorders table cells, so compare the character multisets (no glyph lost or
    // mis-mapped) and require the opening 10,000 characters (running text) in order.
    let (got, want) = (norm(&t.0.concat()), norm(&expected));
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
        let ctx = |v: &[char]| v[i.saturating_sub(20)..(i + 20).min(v.len())].iter().collect::<String>();
        panic!("seed text differs at char {i}: got {:?} want {:?} (lengths {} vs {})", ctx(&a), ctx(&b), a.len(), b.len());
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
