//! Tests of the patches to the vendored pdf-extract (vendor/pdf-extract/PATCHES.md):
//! the `'` and `"` text-showing operators, and the per-document font cache keyed by
//! object id (a resource name must still resolve to its own page's or form's font).
//! The PDFs are written here as raw bytes, so each test shows exactly what it reads.

use tokku::pdf::read_pdf;
use tokku::Extractor;

/// A content stream object: `extra` dictionary entries plus /Length.
fn stream(extra: &str, data: &str) -> String {
    format!("<< {extra} /Length {} >>\nstream\n{data}\nendstream", data.len())
}

/// A PDF whose objects are numbered 1.. in order; object 1 must be the catalog.
fn pdf(objects: &[String]) -> Vec<u8> {
    crate::common::pdf_of_objects(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n", objects)
}

/// A ToUnicode CMap mapping the one-byte codes A, B, C, D to the four chars of `to`.
fn to_unicode(to: &str) -> String {
    let chars: Vec<char> = to.chars().collect();
    assert_eq!(chars.len(), 4);
    let pairs: String = chars
        .iter()
        .enumerate()
        .map(|(i, c)| format!("<{:02X}> <{:04X}>\n", b'A' + i as u8, *c as u32))
        .collect();
    stream(
        "",
        &format!(
            "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CMapName /T{to} def\n/CMapType 2 def\n\
             1 begincodespacerange\n<00> <FF>\nendcodespacerange\n4 beginbfchar\n{pairs}endbfchar\n\
             endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend"
        ),
    )
}

fn helvetica(to_unicode_ref: u32) -> String {
    format!("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding /ToUnicode {to_unicode_ref} 0 R >>")
}

/// One page drawing three lines: with Tj, with `'` and with `"` (aw = 4, ac = 1).
fn quote_operators_pdf() -> Vec<u8> {
    pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>".into(),
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 5 0 R >> >> /Contents 4 0 R >>"
            .into(),
        stream("", "BT /F1 12 Tf 14 TL 72 720 Td (PlainShown) Tj (QuoteShown) ' 4 1 (DoubleQuoteShown) \" ET"),
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>".into(),
    ])
}

#[test]
fn quote_and_double_quote_operators_show_their_text() {
    let doc =
        Extractor::new().read(&quote_operators_pdf(), "quotes.pdf").map_err(|f| f.message).unwrap();
    let text = doc.doc.text();
    assert_eq!(
        doc.doc.pages[0].lines,
        vec!["PlainShown", "QuoteShown", "DoubleQuoteShown"],
        "text: {text:?}"
    );
}

#[test]
fn quote_operators_move_to_the_next_line_and_set_spacing() {
    let pages = read_pdf(&quote_operators_pdf()).map_err(|e| e.message).unwrap().pages;
    let glyphs = &pages[0].glyphs;
    let line = |first: &str| -> Vec<&tokku::pdf::layout::Glyph> {
        let start = glyphs.iter().position(|g| g.text == first).unwrap();
        glyphs[start..].iter().take_while(|g| g.y == glyphs[start].y).collect()
    };
    let plain = line("P");
    let quote = line("Q");
    let double = line("D");
    assert_eq!(plain.len(), "PlainShown".len());
    assert_eq!(quote.len(), "QuoteShown".len());
    assert_eq!(double.len(), "DoubleQuoteShown".len());
    // T* with TL = 14: each line starts at the left margin, 14 pt below the previous.
    for (above, below) in [(&plain, &quote), (&quote, &double)] {
        assert!((below[0].y - above[0].y - 14.0).abs() < 1e-6, "{} -> {}", above[0].y, below[0].y);
        assert!((below[0].x - 72.0).abs() < 1e-6 && (above[0].x - 72.0).abs() < 1e-6);
    }
    // `'` keeps character spacing 0: glyphs abut; `"` set it to 1 pt.
    let gaps = |line: &[&tokku::pdf::layout::Glyph]| -> Vec<f64> {
        line.windows(2).map(|w| w[1].x - w[0].right()).collect()
    };
    assert!(gaps(&quote).iter().all(|g| g.abs() < 1e-6), "{:?}", gaps(&quote));
    assert!(gaps(&double).iter().all(|g| (g - 1.0).abs() < 1e-6), "{:?}", gaps(&double));
}

/// Three pages, each naming its font /F1: page 1 font 7 (ABCD reads "Kiwi"), page 2
/// font 8 ("Lime"), page 3 font 7 again plus a form XObject whose own resources name
/// font 8 /F1.
fn shared_name_pdf() -> Vec<u8> {
    let page = |contents: u32, font: u32, extra: &str| {
        format!(
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font} 0 R >> {extra} >> /Contents {contents} 0 R >>"
        )
    };
    pdf(&[
        "<< /Type /Catalog /Pages 2 0 R >>".into(),
        "<< /Type /Pages /Kids [3 0 R 4 0 R 5 0 R] /Count 3 >>".into(),
        page(6, 7, ""),
        page(6, 8, ""),
        page(11, 7, "/XObject << /X1 12 0 R >>"),
        stream("", "BT /F1 12 Tf 72 720 Td (ABCD) Tj ET"),
        helvetica(9),
        helvetica(10),
        to_unicode("Kiwi"),
        to_unicode("Lime"),
        stream("", "BT /F1 12 Tf 72 720 Td (ABCD) Tj ET /X1 Do"),
        stream(
            "/Type /XObject /Subtype /Form /BBox [0 0 595 842] /Resources << /Font << /F1 8 0 R >> >>",
            "BT /F1 12 Tf 72 600 Td (ABCD) Tj ET",
        ),
    ])
}

#[test]
fn a_resource_name_decodes_with_its_own_pages_font() {
    let doc = Extractor::new()
        .read(&shared_name_pdf(), "shared_name.pdf")
        .map_err(|f| f.message)
        .unwrap();
    let lines: Vec<&Vec<String>> = doc.doc.pages.iter().map(|p| &p.lines).collect();
    assert_eq!(lines[0], &vec!["Kiwi".to_string()]);
    assert_eq!(lines[1], &vec!["Lime".to_string()]);
    // Page 3: the page's /F1 is font 7 again (cached), the form's /F1 is font 8.
    assert_eq!(lines[2], &vec!["Kiwi".to_string(), "Lime".to_string()]);
}
