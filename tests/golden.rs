//! Golden records: every seed fixture (each PDF producer, each text encoding) must
//! extract to its hand-checked record in fixtures/expected/, fact for fact. The check
//! goes through `tokku::compare::verify` (the engine of `tokku verify` and `tokku diff`), so the
//! project tests its records the way users test theirs:
//! `tokku verify --expected fixtures/expected INPUT...` with the inputs below.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tokku::compare::verify::{self, Outcome};

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
    // Free texts are compared below with their spaces folded; every other fact goes
    // through the verify engine exactly.
    let options = verify::Options {
        ignore: tokku::compare::diff::Ignore::new(FREE_TEXT_FIELDS).expect("valid patterns"),
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

/// The free-text fields of the issue 13 additions (section text and titles, the 別紙1
/// text rows, the names and texts of 別紙2/別紙3 rows and support projects), as pointer
/// patterns of the verify engine.
const FREE_TEXT_FIELDS: &[&str] = &[
    "/sections/*/text",
    "/sections/*/title",
    "/indicators/*/targets/*/notes",
    "/local_measures/*/name",
    "/local_measures/*/summary",
    "/local_measures/*/result",
    "/local_measures/*/authority",
    "/regulatory_measures/*/name",
    "/regulatory_measures/*/note",
    "/regulatory_measures/*/ministry_evaluation",
    "/support/*/projects/*/name",
];

#[test]
fn every_seed_fixture_has_its_golden_free_texts_but_for_spaces() {
    let mut failures = Vec::new();
    for (fixture, golden) in CASES {
        let bytes = std::fs::read(fixture).unwrap_or_else(|e| panic!("{fixture}: {e}"));
        let expected: Value = serde_json::from_str(
            &std::fs::read_to_string(golden).unwrap_or_else(|e| panic!("{golden}: {e}")),
        )
        .unwrap_or_else(|e| panic!("{golden}: {e}"));
        let record = tokku::Extractor::new().record(&bytes, fixture);
        let mut actual = serde_json::to_value(&record).expect("a record serializes");
        let mut expected = expected;
        fold_free_text(&mut expected, "");
        fold_free_text(&mut actual, "");
        let diff = tokku::compare::diff::diff_records(
            &expected,
            &actual,
            &tokku::compare::diff::Ignore::new::<&str>(&[]).expect("no patterns"),
        );
        if !diff.is_empty() {
            failures.push(format!("{fixture}:\n{}", diff.lines("  ").join("\n")));
        }
    }
    assert!(
        failures.is_empty(),
        "free texts differ from their golden files:\n{}",
        failures.join("\n")
    );
}

/// True for the free-text fields of the issue 13 additions: section text and titles, the
/// 別紙1 text rows, and the names and texts of 別紙2/別紙3 rows and support projects.
fn is_free_text(pointer: &str) -> bool {
    let parts: Vec<&str> = pointer.split('/').collect();
    matches!(
        parts.as_slice(),
        ["", "sections", _, "text" | "title"]
            | ["", "indicators", _, "targets", _, "notes", _]
            | ["", "local_measures", _, "name" | "summary" | "result" | "authority"]
            | ["", "regulatory_measures", _, "name" | "note" | "ministry_evaluation"]
            | ["", "support", _, "projects", _, "name"]
    )
}

/// Removes whitespace from the free-text fields before comparing: where a PDF wraps a
/// line between two Latin words the layout cannot say whether a space stood there
/// (`Medicen` / `Paris` vs `SB` / `IR`), so those fields are compared character by
/// character without spaces. Every other field is compared exactly.
fn fold_free_text(value: &mut Value, pointer: &str) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                fold_free_text(v, &format!("{pointer}/{key}"));
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                fold_free_text(v, &format!("{pointer}/{i}"));
            }
        }
        Value::String(text) if is_free_text(pointer) => text.retain(|c| !c.is_whitespace()),
        _ => {}
    }
}

#[test]
fn free_text_folding_applies_only_to_free_text() {
    let mut record = serde_json::json!({"sections": [{"text": "a b", "number": "1 "}], "report": {"title": "令和2年度 国際"}});
    fold_free_text(&mut record, "");
    assert_eq!(record["sections"][0]["text"], "ab");
    assert_eq!(record["sections"][0]["number"], "1 ");
    assert_eq!(record["report"]["title"], "令和2年度 国際");
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
