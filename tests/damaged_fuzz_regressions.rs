//! Replays what the fuzzers found (fuzz/regressions/<target>/, copied there by
//! `make fuzz`): every input must give a valid record (extract_record) or pass through
//! the jp functions without a panic (normalize).

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new("fuzz/regressions").join(target);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        if entry.path().is_file() {
            let bytes = std::fs::read(entry.path()).expect("readable");
            out.push((entry.path().display().to_string(), bytes));
        }
    }
    out
}

#[test]
fn extract_record_regressions_give_valid_records() {
    for (name, bytes) in inputs("extract_record") {
        let record = tokku::Extractor::new().record(&bytes, &name);
        let value = serde_json::to_value(&record).expect("serializes");
        assert!(tokku::record::schema::validate(&value).is_ok(), "{name}");
        assert_ne!(
            record.error.as_ref().map(|e| e.code),
            Some(tokku::record::ErrorCode::Internal),
            "{name}: {:?}",
            record.error
        );
    }
}

#[test]
fn normalize_regressions_do_not_panic() {
    let found = inputs("normalize");
    assert!(!found.is_empty(), "the committed finding is there");
    for (_, bytes) in found {
        let Ok(text) = std::str::from_utf8(&bytes) else { continue };
        let normalized = tokku::jp::normalize(text);
        let _ = tokku::jp::parse_quantity(&normalized);
        let _ = tokku::jp::parse_percent(&normalized);
        let _ = tokku::jp::parse_date(&normalized);
        let _ = tokku::jp::parse_fiscal_year_range(&normalized);
    }
}

/// Found by the normalize fuzzer against an interim jp module: U+207B (⁻), which NFKC
/// turns into U+2212 (−), must normalize in one pass.
#[test]
fn normalize_is_idempotent_on_the_fuzzer_finding() {
    let once = tokku::jp::normalize("⁻寄与度");
    assert_eq!(tokku::jp::normalize(&once), once);
}

/// Found by the normalize fuzzer against an interim jp module: a long digit string must
/// not parse to an infinite value (f64 overflow).
#[test]
fn parse_quantity_is_finite_on_the_fuzzer_finding() {
    let digits = "9".repeat(400);
    if let Ok(Some(q)) = tokku::jp::parse_quantity(&digits) {
        assert!(q.value.is_finite(), "{}", q.value);
    }
}
