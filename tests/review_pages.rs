//! Review pages without a browser: every value of the seed's record that was read from
//! the PDF links to a box in the drawing of the page it was read from, on the page the
//! golden record's warnings name; a text input's values name their page but have no
//! drawing; an error record gets a page that shows the error.

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use tokku::pdf::limits::Limits;
use tokku::review::{render_page, review_bytes};

fn page_of(path: &str) -> (Html, Value) {
    let bytes = std::fs::read(path).expect("fixture");
    let reviewed = review_bytes(&bytes, path, &Limits::default());
    let record = serde_json::to_value(&reviewed.record).expect("json");
    (
        Html::parse_document(&render_page(&reviewed.record, reviewed.doc.as_ref(), "index.html")),
        record,
    )
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&Selector::parse(css).expect("selector")).collect()
}

fn select_in<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    element.select(&Selector::parse(css).expect("selector")).collect()
}

#[test]
fn every_value_read_from_the_pdf_links_to_its_box_in_the_page_drawing() {
    let (html, _) = page_of("fixtures/pdf/seed_libreoffice.pdf");
    let golden: Value = serde_json::from_str(
        &std::fs::read_to_string("fixtures/expected/seed_libreoffice.json").expect("golden"),
    )
    .expect("json");
    let mut linked = 0;
    for cell in select(&html, "td[data-pointer]") {
        let pointer = cell.value().attr("data-pointer").expect("pointer");
        let expected = golden
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{pointer} is not in the golden record"));
        let shown = select_in(cell, "span.value");
        // A value is shown exactly where the golden record has one.
        assert_eq!(
            shown.is_empty(),
            expected.is_null(),
            "{pointer}: shown {:?}, golden {expected}",
            shown.first().map(|s| s.text().collect::<String>())
        );
        if expected.is_null() {
            continue;
        }
        let links = select_in(cell, "a.src");
        assert_eq!(links.len(), 1, "{pointer} has a link to where it was read");
        let target =
            links[0].value().attr("href").expect("href").trim_start_matches('#').to_string();
        let boxes = select(&html, &format!("section.drawing rect[id=\"{target}\"]"));
        assert_eq!(boxes.len(), 1, "{pointer}: its link targets a box in a page drawing");
        assert_eq!(boxes[0].value().attr("data-pointer"), Some(pointer));
        let page = links[0].text().collect::<String>();
        // Pages as the golden's README gives them for the LibreOffice rendition: the
        // 1-1 table on page 7, the 1-2 goal on page 1.
        if pointer.starts_with("/indicators/0/targets/0/series/") {
            assert_eq!(page, "p.7", "{pointer}");
        }
        if pointer == "/indicators/0/targets/1/goal" {
            assert_eq!(page, "p.1", "{pointer}");
        }
        let drawing = boxes[0]
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "section")
            .expect("section");
        assert_eq!(
            format!("p.{}", drawing.value().attr("data-page").expect("data-page")),
            page,
            "{pointer}: the box is in the drawing of the page the link names"
        );
        linked += 1;
    }
    // 6 targets: 4 body values and a goal each where stated, and their 別紙1 cells.
    assert!(linked > 90, "{linked} values linked");
}

#[test]
fn text_inputs_name_the_page_but_have_no_drawing() {
    let (html, record) = page_of("fixtures/text/seed_utf8.txt");
    assert!(record["error"].is_null());
    assert!(select(&html, "section.drawing").is_empty());
    assert!(select(&html, "a.src").is_empty());
    assert!(
        !select(&html, "span.src").is_empty(),
        "values still say which page they were read from"
    );
    // The text input's own warning sits in the list at the top (it names no value).
    assert!(html.html().contains("columns_by_cell_order"));
}

#[test]
fn an_error_record_gets_a_page_that_shows_the_error() {
    let (html, record) = page_of("fixtures/pdf/not_a_report.pdf");
    assert_eq!(record["error"]["code"], "not_a_report");
    let boxes = select(&html, "div.error-box[data-error-code=not_a_report]");
    assert_eq!(boxes.len(), 1);
    assert!(select(&html, "svg.chart").is_empty());
}

#[test]
fn table_lines_no_reader_used_are_outlined_on_the_page_drawing() {
    // The seed's 別紙3 page 14 without its ruling lines: its table has no cells, the
    // 別紙3 reader cannot read its rows, and the lines it did not use are drawn as unread.
    let file = "fixtures/pdf/seed_libreoffice.pdf";
    let bytes = std::fs::read(file).expect("fixture");
    let read = tokku::extract::read_document(&bytes, file).expect("reads");
    let mut pages: Vec<_> = read.doc.pages.iter().filter_map(|p| p.layout.clone()).collect();
    pages.iter_mut().filter(|p| p.number == 14).for_each(|p| p.rules.clear());
    let damaged = tokku::extract::ReadDocument {
        doc: tokku::text::document::Doc::from_pdf_pages(pages),
        source: read.source,
        warnings: read.warnings,
    };
    let (record, doc) = tokku::extract::record_and_document(damaged);
    assert!(
        record.warnings.iter().any(|w| w.code == "text_unread" && w.page == Some(14)),
        "{:?}",
        record.warnings
    );
    let html = Html::parse_document(&render_page(&record, Some(&doc), "index.html"));
    let drawing = select(&html, "section.drawing[data-page='14']");
    assert_eq!(drawing.len(), 1, "page 14 is drawn");
    assert!(!select_in(drawing[0], "rect.unread").is_empty(), "unread lines are outlined");
    assert!(!select_in(drawing[0], ".legend .unread-key").is_empty(), "with a legend");
    // Page 13 (別紙2, read whole) has no unread line.
    for page in select(&html, "section.drawing[data-page='13']") {
        assert!(select_in(page, "rect.unread").is_empty());
    }
    // The undamaged seed has none anywhere.
    let clean = review_bytes(&bytes, file, &Limits::default());
    let html = Html::parse_document(&render_page(&clean.record, clean.doc.as_ref(), "index.html"));
    assert!(select(&html, "rect.unread").is_empty());
}
