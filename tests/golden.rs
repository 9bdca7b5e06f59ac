//! Golden records: every seed fixture (each PDF producer, each text encoding) must
//! extract to its hand-checked record in fixtures/expected/, fact for fact. The check
//! goes through `tokku::verify` (the engine of `tokku verify` and `tokku diff`), so the
//! project tests its records the way users test theirs:
//! `tokku verify --expected fixtures/expected INPUT...` with the inputs below.

use std::path::{Path, PathBuf};

use serde_json::Value;
use tokku::verify::{self, Outcome};

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
    ("fixtures/cid/seed_identity_aj1_no_tounicode.pdf", "fixtures/expected/seed_identity_aj1_no_tounicode.json"),
];

fn cases() -> Vec<verify::Case> {
    let inputs: Vec<PathBuf> = CASES.iter().map(|(input, _)| PathBuf::from(input)).collect();
    verify::find_cases(&inputs, Some(Path::new("fixtures/expected")))
}

#[test]
fn verify_finds_each_golden_file_by_name() {
    let found: Vec<(String, String, bool)> = cases().iter().map(|c| (c.input.display().to_string(), c.expected.display().to_string(), c.has_expected)).collect();
    let mut wanted: Vec<(String, String, bool)> = CASES.iter().map(|(i, e)| (i.to_string(), e.to_string(), true)).collect();
    wanted.sort();
    assert_eq!(found, wanted);
}

#[test]
fn every_seed_fixture_equals_its_golden_record() {
    let results = verify::check_all(&cases(), &verify::Options::default());
    assert_eq!(results.len(), CASES.len());
    let failures: Vec<&verify::Checked> = results.iter().filter(|r| r.outcome != Outcome::Pass).collect();
    assert!(failures.is_empty(), "records differ from their golden files:\n{}", verify::report(&results));
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
