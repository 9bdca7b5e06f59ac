//! A field the extractor did not find is `null` and named in a `field_missing` warning,
//! so "absent" is never mistaken for "not in the report".

use serde_json::Value;

const COMPLETE: &str = "平成30年度 地域活性化総合特別区域評価書
作成主体の名称：岡山県
1 地域活性化総合特別区域の名称
岡山県地域医療連携総合特区
3 目標に向けた取組の進捗に関する評価（別紙1）
① 評価指標
評価指標（1）：連携病院数【進捗度80%】
数値目標（1）：連携病院数
5年間（平成26～平成30年度）：12件
【当該年度目標値10件、当該年度実績値8件、進捗度80%】
②寄与度の考え方
";

fn record(text: &str) -> Value {
    serde_json::to_value(tokku::Extractor::new().record(text.as_bytes(), "test.txt"))
        .expect("serializes")
}

fn missing(record: &Value) -> Vec<String> {
    record["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .filter(|w| w["code"] == "field_missing")
        .filter_map(|w| w["path"].as_str().map(str::to_string))
        .collect()
}

#[test]
fn a_complete_report_has_no_missing_field() {
    let r = record(COMPLETE);
    assert!(r["error"].is_null(), "{}", r["error"]);
    assert_eq!(missing(&r), Vec::<String>::new());
    assert_eq!(r["report"]["fiscal_year"], 2018);
    assert_eq!(r["report"]["zone_kind"], "regional");
    let target = &r["indicators"][0]["targets"][0];
    assert_eq!(target["current"]["actual"]["value"], 8);
    // "5年間（平成26～平成30年度）：12件" names no basis: neither 累計 nor a final year.
    assert!(target["goal_basis"].is_null());
    assert_eq!(target["period"]["end_fiscal_year"], 2018);
}

#[test]
fn what_is_not_found_is_null_and_named() {
    let text = COMPLETE
        .replace("作成主体の名称：岡山県\n", "")
        .replace("【当該年度目標値10件、当該年度実績値8件、進捗度80%】\n", "");
    let r = record(&text);
    assert!(r["error"].is_null());
    assert_eq!(r["report"]["authors"], Value::Array(vec![]));
    assert!(r["indicators"][0]["targets"][0]["current"]["actual"].is_null());
    assert_eq!(
        missing(&r),
        vec!["/report/authors".to_string(), "/indicators/0/targets/0/current".to_string()]
    );
}
