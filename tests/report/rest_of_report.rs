//! The rest of the report (sections 4–7, 別紙2, 別紙3) at the record level: `tokku validate` accepts every seed record
//! with them, the schema rejects a record whose category is unknown, and a
//! 関連する数値目標 naming no target of the report is an `unknown_target_reference`.

use std::process::Command;

use serde_json::Value;

const GOLDENS: [&str; 9] = [
    "fixtures/expected/seed_libreoffice.json",
    "fixtures/expected/seed_reportlab.json",
    "fixtures/expected/seed_reportlab_ucs2.json",
    "fixtures/expected/seed_reportlab_rksj.json",
    "fixtures/expected/seed_identity_aj1_no_tounicode.json",
    "fixtures/expected/seed_utf8.json",
    "fixtures/expected/seed_sjis.json",
    "fixtures/expected/seed_eucjp.json",
    "fixtures/expected/seed_utf16le_bom.json",
];

fn golden(path: &str) -> Value {
    serde_json::from_str(&std::fs::read_to_string(path).expect("golden")).expect("golden JSON")
}

#[test]
fn tokku_validate_accepts_every_seed_record_with_the_additions() {
    for path in GOLDENS {
        let record = golden(path);
        assert_eq!(
            record["local_measures"].as_array().map(Vec::len),
            Some(27),
            "{path} carries the additions"
        );
        let output = Command::new(env!("CARGO_BIN_EXE_tokku"))
            .args(["validate", path])
            .output()
            .expect("tokku runs");
        assert_eq!(
            output.status.code(),
            Some(0),
            "{path}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
    }
}

#[test]
fn the_schema_rejects_an_unknown_category() {
    let base = golden("fixtures/expected/seed_utf8.json");
    for (pointer, field) in
        [("/regulatory_measures/0", "category"), ("/local_measures/3", "category")]
    {
        let mut record = base.clone();
        record.pointer_mut(pointer).expect("row")[field] = Value::String("subsidy".into());
        let violations =
            tokku::record::schema::validate(&record).expect_err("an unknown category is rejected");
        assert!(
            violations.iter().any(|v| v.pointer == format!("{pointer}/{field}")),
            "{violations:?}"
        );
    }
    let mut record = base.clone();
    record["support"]["tax"]["projects"][0]["funding"] = Value::String("loan".into());
    assert!(
        tokku::record::schema::validate(&record).is_err(),
        "an unknown funding kind is rejected"
    );
    let mut record = base;
    record["local_measures"][0]["related_targets"] = serde_json::json!(["数値目標(2)"]);
    assert!(
        tokku::record::schema::validate(&record).is_err(),
        "related targets are keys, not report text"
    );
}

#[test]
fn a_reference_to_a_target_the_report_lacks_is_warned_about() {
    let seed = std::fs::read_to_string("fixtures/text/seed_utf8.txt").expect("seed");
    // The first 別紙3 row relates to 全て; make it name 数値目標(9), which the seed lacks,
    // and the 別紙2 row of 外国貨物 name 数値目標(1)-②, which it has.
    let edited: Vec<String> = seed
        .split('\n')
        .map(|line| {
            if line.starts_with("産業集積奨励奨励金\t") {
                line.replacen("\t全て\t", "\t数値目標（９）\t", 1)
            } else {
                line.replacen(
                    "外国貨物の展示に係る措置\t全て",
                    "外国貨物の展示に係る措置\t数値目標(1)-②",
                    1,
                )
            }
        })
        .collect();
    let edited = edited.join("\n");
    assert_ne!(edited, seed);
    let record =
        serde_json::to_value(tokku::Extractor::new().record(edited.as_bytes(), "edited.txt"))
            .expect("json");
    assert_eq!(record["regulatory_measures"][1]["related_targets"], serde_json::json!(["1-2"]));
    let unknown: Vec<&Value> = record["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .filter(|w| w["code"] == "unknown_target_reference")
        .collect();
    assert_eq!(unknown.len(), 1, "{unknown:?}");
    assert_eq!(unknown[0]["path"], "/local_measures/0/related_targets");
    assert!(
        unknown[0]["message"]
            .as_str()
            .is_some_and(|m| m.contains("産業集積奨励奨励金") && m.contains('9')),
        "{}",
        unknown[0]
    );
    assert_eq!(record["local_measures"][0]["related_targets"], serde_json::json!(["9"]));
}
