//! Case table for `jp::normalize`: report wording (from 総合特別区域評価書 text) → the
//! normalized text the extractor sees.

use tokku::jp::normalize;

/// The case table, tests/jp/normalize_cases.json: groups of (input, expected output, what
/// the case shows), kept as data.
const CASES: &str = "tests/jp/normalize_cases.json";

/// Every case of [`CASES`]; at least a hundred (a table that fails to load tests nothing).
fn cases() -> Vec<(String, String, String)> {
    let text = std::fs::read_to_string(CASES).unwrap_or_else(|e| panic!("{CASES}: {e}"));
    let groups: serde_json::Value =
        serde_json::from_str(&text).unwrap_or_else(|e| panic!("{CASES}: {e}"));
    let cases: Vec<(String, String, String)> = groups
        .as_array()
        .into_iter()
        .flatten()
        .flat_map(|group| group["cases"].as_array().cloned().unwrap_or_default())
        .map(|case| serde_json::from_value(case).unwrap_or_else(|e| panic!("{CASES}: {e}")))
        .collect();
    assert!(cases.len() >= 100, "{CASES}: {} cases", cases.len());
    cases
}

#[test]
fn normalize_case_table() {
    let mut failures = Vec::new();
    let cases = cases();
    for (input, expected, why) in &cases {
        let got = normalize(input);
        if got != *expected {
            failures.push(format!("{why}: normalize({input:?}) = {got:?}, expected {expected:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        cases.len(),
        failures.join("\n")
    );
}

#[test]
fn normalize_case_table_is_idempotent() {
    for (input, _, why) in cases() {
        let once = normalize(&input);
        assert_eq!(normalize(&once), once, "{why}: not idempotent on {input:?}");
    }
}

#[test]
fn circled_numbers_one_to_twenty_survive() {
    for c in '\u{2460}'..='\u{2473}' {
        let s = format!("数値目標（1）－{c}");
        assert_eq!(normalize(&s), format!("数値目標(1)-{c}"));
    }
}

/// Headings and table rows of the seed report, as the segmenter and extractor see them.
#[test]
fn headings_and_rows_lose_layout_spaces() {
    assert_eq!(normalize("1 国際戦略総合特別区域の名称"), "1国際戦略総合特別区域の名称");
    assert_eq!(
        normalize("令和2年度 国際戦略総合特別区域評価書"),
        "令和2年度国際戦略総合特別区域評価書"
    );
    assert_eq!(normalize("国際戦略総合特区 3.8点"), "国際戦略総合特区3.8点");
    assert_eq!(
        normalize("評価指標(1)\t数値目標(1) 特区関連事業の就業者 の増加数 1,500人 (累計)\t目標値 200人\t500人"),
        "評価指標(1)\t数値目標(1) 特区関連事業の就業者の増加数1,500人 (累計)\t目標値200人\t500人"
    );
    assert_eq!(
        normalize("\t寄与度(※): 100(%)\t進捗度(%) 421%\t62%\t68%\t-\t\t"),
        "\t寄与度(※): 100(%)\t進捗度(%) 421%\t62%\t68%\t-\t\t"
    );
}
