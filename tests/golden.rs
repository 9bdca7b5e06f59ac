//! Golden records: every seed fixture (each PDF producer, each text encoding) must
//! extract to its hand-checked record in fixtures/expected/, field for field.

use serde_json::Value;

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

/// Lists every JSON pointer where `actual` differs from `expected`.
pub fn differences(expected: &Value, actual: &Value, pointer: &str, out: &mut Vec<String>) {
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for (key, ev) in e {
                match a.get(key) {
                    Some(av) => differences(ev, av, &format!("{pointer}/{key}"), out),
                    None => out.push(format!("{pointer}/{key}: missing")),
                }
            }
            for key in a.keys().filter(|k| !e.contains_key(*k)) {
                out.push(format!("{pointer}/{key}: unexpected field"));
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            if e.len() != a.len() {
                out.push(format!("{pointer}: {} items expected, {} found", e.len(), a.len()));
            }
            for (i, (ev, av)) in e.iter().zip(a).enumerate() {
                differences(ev, av, &format!("{pointer}/{i}"), out);
            }
        }
        (Value::Number(e), Value::Number(a)) if e.as_f64() == a.as_f64() => {}
        _ if expected == actual => {}
        _ => out.push(format!("{pointer}: expected {expected}, found {actual}")),
    }
}

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
        if let Err(violations) = tokku::schema::validate(&value) {
            panic!("{golden}: {violations:?}");
        }
    }
}
