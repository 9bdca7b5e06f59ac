//! Golden records: every seed fixture (each PDF producer, each text encoding) must
//! extract to its hand-checked record in fixtures/expected/, fact for fact. The check
//! goes through `tokku::compare::verify` (the engine of `tokku verify` and `tokku diff`), so the
//! project tests its records the way users test theirs:
//! `tokku verify --expected fixtures/expected INPUT...` with the inputs below.
//!
//! `coverage` (docs/coverage.md) is not in the golden files: its line counts are a
//! property of the rendering, not of the report. It is left out of the comparison
//! (`--ignore /coverage`) and checked by its rule instead: every table part of a seed
//! fixture is read whole and no record carries `text_unread`.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tokku::compare::verify::{self, Outcome};

use crate::common;

/// The fixtures and their golden files: the mapping `tokku verify --expected
/// fixtures/expected` finds by name (fixtures/expected/STEM.json).
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
    (
        "fixtures/cid/seed_identity_aj1_no_tounicode.pdf",
        "fixtures/expected/seed_identity_aj1_no_tounicode.json",
    ),
];

fn cases() -> Vec<verify::Case> {
    let inputs: Vec<PathBuf> = CASES.iter().map(|(input, _)| PathBuf::from(input)).collect();
    verify::find_cases(&inputs, Some(Path::new("fixtures/expected")))
}

#[test]
fn verify_finds_each_golden_file_by_name() {
    let found: Vec<(String, String, bool)> = cases()
        .iter()
        .map(|c| (c.input.display().to_string(), c.expected.display().to_string(), c.has_expected))
        .collect();
    let mut wanted: Vec<(String, String, bool)> =
        CASES.iter().map(|(i, e)| (i.to_string(), e.to_string(), true)).collect();
    wanted.sort();
    assert_eq!(found, wanted);
}

#[test]
fn every_seed_fixture_equals_its_golden_record() {
    // The verify engine compares free texts without whitespace (a PDF cannot show
    // whether a wrap between two Latin words stood for a space: `Medicen` / `Paris`) and
    // every other fact exactly; `coverage` is not in the golden files (its rule below).
    let options = verify::Options {
        ignore: tokku::compare::diff::Ignore::new(&["/coverage"]).expect("valid pattern"),
        ..verify::Options::default()
    };
    let results = verify::check_all(&cases(), &options);
    assert_eq!(results.len(), CASES.len());
    let failures: Vec<&verify::Checked> =
        results.iter().filter(|r| r.outcome != Outcome::Pass).collect();
    assert!(
        failures.is_empty(),
        "records differ from their golden files:
{}",
        verify::report(&results)
    );
}

#[test]
fn golden_records_validate_against_the_schema() {
    for (_, golden) in CASES {
        let value: Value =
            serde_json::from_str(&std::fs::read_to_string(golden).expect("golden readable"))
                .expect("golden is JSON");
        if let Err(violations) = tokku::record::schema::validate(&value) {
            panic!("{golden}: {violations:?}");
        }
    }
}

#[test]
fn every_seed_fixture_reads_every_line_of_its_tables() {
    let mut failures = Vec::new();
    for (fixture, _) in CASES {
        let bytes = std::fs::read(fixture).unwrap_or_else(|e| panic!("{fixture}: {e}"));
        let record =
            serde_json::to_value(tokku::Extractor::new().record(&bytes, fixture)).expect("JSON");
        let parts = record["coverage"]["parts"].as_array().map_or(0, Vec::len);
        assert!(parts > 10, "{fixture}: coverage has {parts} parts");
        failures.extend(
            common::coverage_rule_violations(&record)
                .into_iter()
                .map(|v| format!("{fixture}: {v}")),
        );
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
