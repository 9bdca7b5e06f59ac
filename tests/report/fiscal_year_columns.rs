//! A value's fiscal year comes from the column it stands in. These tests move one value
//! of the seed's first 別紙1 table on the LibreOffice rendition and show that the record
//! changes where it must and says so, instead of silently keeping or inventing a value.

use serde_json::Value;
use tokku::extract::ReadDocument;
use tokku::text::document::Doc;
use tokku::Extractor;

const FIXTURE: &str = "fixtures/pdf/seed_libreoffice.pdf";
/// Width of a fiscal-year column of the fixture's 別紙1 tables (fixtures/README.md).
const COLUMN_WIDTH: f64 = 60.0;

/// Reads the fixture, moves the glyphs of `text` on the 実績値 row of page 7 by `dx`.
fn record_with_moved_value(text: &str, dx: f64) -> Value {
    let bytes = std::fs::read(FIXTURE).expect("fixture");
    let read = Extractor::new().read(&bytes, FIXTURE).expect("fixture reads");
    let mut pages: Vec<_> = read.doc.pages.iter().filter_map(|p| p.layout.clone()).collect();
    let page = pages.iter_mut().find(|p| p.number == 7).expect("page 7");
    // The 実績値 row's baseline: the row label's.
    let label_y = page.glyphs.iter().find(|g| g.text == "実").map(|g| g.y).expect("実績値 label");
    let chars: Vec<char> = text.chars().collect();
    let glyphs = &mut page.glyphs;
    let start = (0..glyphs.len())
        .find(|&i| {
            (glyphs[i].y - label_y).abs() < 1.0
                && chars
                    .iter()
                    .enumerate()
                    .all(|(k, c)| glyphs.get(i + k).is_some_and(|g| g.text == c.to_string()))
        })
        .unwrap_or_else(|| panic!("{text} not found on the 実績値 row"));
    for glyph in &mut glyphs[start..start + chars.len()] {
        glyph.x += dx;
    }
    let moved = ReadDocument {
        doc: Doc::from_pdf_pages(pages),
        source: read.source,
        warnings: read.warnings,
    };
    serde_json::to_value(Extractor::new().record_of(moved)).expect("serializes")
}

fn warnings_at(record: &Value, path_prefix: &str) -> Vec<String> {
    record["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|w| w["path"].as_str().is_some_and(|p| p.starts_with(path_prefix)))
        .map(|w| w["code"].as_str().unwrap_or_default().to_string())
        .collect()
}

#[test]
fn unmoved_the_series_is_the_golden_one() {
    let record = record_with_moved_value("135億円", 0.0);
    let actual = &record["indicators"][0]["targets"][0]["series"];
    assert_eq!(actual[3]["actual"]["text"], "135億円");
    assert!(actual[4]["actual"].is_null());
    assert!(warnings_at(&record, "/indicators/0/targets/0/series/3").is_empty());
}

#[test]
fn a_value_moved_one_column_right_moves_year_and_is_flagged() {
    let record = record_with_moved_value("135億円", COLUMN_WIDTH);
    let series = &record["indicators"][0]["targets"][0]["series"];
    // The value now reads as 令和3年度's, and 令和2年度 has none: the golden record
    // (135億円 in 2020) no longer matches, and the record itself says the 2020 actual
    // disagrees with the body's 当該年度実績値.
    assert!(series[3]["actual"].is_null(), "{}", series[3]);
    assert_eq!(series[4]["actual"]["text"], "135億円");
    let golden: Value = serde_json::from_str(
        &std::fs::read_to_string("fixtures/expected/seed_libreoffice.json").expect("golden"),
    )
    .expect("JSON");
    assert_ne!(golden["indicators"][0]["targets"][0]["series"], *series);
    assert!(
        warnings_at(&record, "/indicators/0/targets/0/series/3/actual")
            .contains(&"body_table_mismatch".to_string()),
        "{}",
        record["warnings"]
    );
}

#[test]
fn a_value_across_two_columns_is_left_out_and_flagged() {
    // 135億円 (about 31pt wide, at x≈490) moved by 40pt stands half in 令和2年度
    // (486-546) and half in 令和3年度 (546-606): neither year may have it.
    let record = record_with_moved_value("135億円", 40.0);
    let series = &record["indicators"][0]["targets"][0]["series"];
    assert!(series[3]["actual"].is_null(), "{}", series[3]);
    assert!(series[4]["actual"].is_null(), "{}", series[4]);
    assert_eq!(series[2]["actual"]["text"], "116億円", "the neighbour keeps its own value");
    let codes = warnings_at(&record, "/indicators/0/targets/0/series");
    assert!(codes.contains(&"ambiguous_cell".to_string()), "{}", record["warnings"]);
    assert!(codes.contains(&"body_table_mismatch".to_string()), "{}", record["warnings"]);
}
