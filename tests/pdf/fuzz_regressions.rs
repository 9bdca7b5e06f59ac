//! Replays what the fuzzers found (fuzz/regressions/<target>/, copied there by
//! `make fuzz`): every input must give a valid record (extract_record) or pass through
//! the jp functions without a panic (normalize). The extract_record fuzzer has found
//! nothing since the folder was made; it holds hand-made mutations of the seed PDF of the
//! kinds the fuzzer makes (a cut file, flipped bytes: see its README), so that the replay
//! runs on real inputs and fails when the folder is gone.

use std::path::Path;

fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = Path::new("fuzz/regressions").join(target);
    let mut out = Vec::new();
    for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
        if entry.path().is_file() && entry.path().extension().is_none_or(|e| e != "md") {
            let bytes = std::fs::read(entry.path()).expect("readable");
            out.push((entry.path().display().to_string(), bytes));
        }
    }
    out
}

#[test]
fn extract_record_regressions_give_valid_records() {
    let found = inputs("extract_record");
    assert!(found.len() >= 2, "fuzz/regressions/extract_record/ holds its inputs");
    for (name, bytes) in found {
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
/// not parse to an infinite value (f64 overflow). A number too long to hold exactly is
/// refused with its reason; the longest that fits gives a finite value.
#[test]
fn parse_quantity_refuses_numbers_too_long_to_hold() {
    let digits = "9".repeat(400);
    let refused = tokku::jp::parse_quantity(&digits).expect_err("400 digits are refused");
    assert_eq!(refused.reason.render(tokku::lang::Lang::En), "too many digits");
    let refused = tokku::jp::parse_quantity(&format!("{digits}億円")).expect_err("with a unit too");
    assert_eq!(refused.reason.render(tokku::lang::Lang::En), "too many digits");
    assert!(tokku::jp::parse_quantity(&"9".repeat(31)).is_err(), "31 digits are refused");
    // The longest number held (30 significant digits) times the largest magnitude (億).
    let longest = "9".repeat(30);
    let q =
        tokku::jp::parse_quantity(&format!("{longest}億円")).expect("30 digits").expect("a value");
    assert!(q.value.is_finite() && q.value > 9.9e37, "{}", q.value);
}
