//! Golden records: every seed fixture (each PDF producer, each text encoding) must
//! extract to its hand-checked record in fixtures/expected/, field for field.

use serde_json::Value;

mod common;
use common::differences;

/// The fixtures and their golden files.
const CASES: &[(&str, &str)] = &[
    ("fixtures/pdf/seed_libreoffice.pdf", "fixtures/expected/seed_libreoffice.json"),
    ("fixtures/pdf/seed_reportlab.pdf", "fixtures/expected/seed_reportlab.json"),
    ("fixtures/text/seed_utf8.txt", "fixtures/expected/seed_utf8.json"),
    ("fixtures/text/seed_sjis.txt", "fixtures/expected/seed_sjis.json"),
    ("fixtures/text/seed_eucjp.txt", "fixtures/expected/seed_eucjp.json"),
    ("fixtures/text/seed_utf16le_bom.txt", "fixtures/expected/seed_utf16le_bom.json"),
    // The same report in the font classes pdf-extract cannot read unaided (issue 3).
    ("fixtures/pdf/seed_reportlab_ucs2.pdf", "fixtures/expected/seed_reportlab_ucs2.json"),
    ("fixtures/pdf/seed_reportlab_rksj.pdf", "fixtures/expected/seed_reportlab_rksj.json"),
    ("fixtures/cid/seed_identity_aj1_no_tounicode.pdf", "fixtures/expected/seed_identity_aj1_no_tounicode.json"),
];

#[test]
fn every_seed_fixture_equals_its_golden_record() {
    let mut failures = Vec::new();
    for (fixture, golden) in CASES {
        let bytes = std::fs::read(fixture).unwrap_or_else(|e| panic!("{fixture}: {e}"));
        let expected: Value = serde_json::from_str(&std::fs::read_to_string(golden).unwrap_or_else(|e| panic!("{golden}: {e}")))
            .unwrap_or_else(|e| panic!("{golden}: {e}"));
        let record = tokku::extract_record(&bytes, fixture);
        let actual = serde_json::to_value(&record).expect("a record serializes");
        let mut diffs = Vec::new();
        differences(&expected, &actual, "", &mut diffs);
        if !diffs.is_empty() {
            failures.push(format!("{fixture}:\n  {}", diffs.join("\n  ")));
        }
    }
    assert!(failures.is_empty(), "records differ from their golden files:\n{}", failures.join("\n"));
}

#[test]
fn golden_records_validate_against_the_schema() {
    for (_, golden) in CASES {
        let value: Value = serde_json::from_str(&std::fs::read_to_string(golden).expect("golden readable")).expect("golden is JSON");
        if let Err(violations) = tokku::record::schema::validate(&value) {
            panic!("{golden}: {violations:?}");
        }
    }
}
