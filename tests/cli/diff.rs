//! `tokku diff OLD NEW`: the acceptance cases of issue 18, each with its exact output.
//! The records are small hand-written ones of the contract's shape (one report, two
//! 数値目標 with a two-year 別紙1 series), changed by hand in each case.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::{json, Value};

fn tokku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tokku")).args(args).output().expect("tokku runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

/// A record with the seed's first two targets, cut to two years.
fn record(file: &str, sha256: &str) -> Value {
    json!({
        "schema_version": "1",
        "source": {"file": file, "sha256": sha256, "media_type": "text/plain", "encoding": "UTF-8", "pages": null, "producer": null},
        "report": {"title": "令和2年度 国際戦略総合特別区域評価書", "fiscal_year": 2020, "zone_kind": "international",
                   "zone_name": "京浜臨海部ライフノベーション国際戦略総合特区", "authors": ["神奈川県", "横浜市", "川崎市"],
                   "designated_on": "2011-12-22", "plan_approved_on": "2012-03-09", "plan_last_approved_on": "2017-06-23", "previous_score": 3.8},
        "indicators": [{
            "number": 1, "name": "特区事業の実施によるライフイノベーション分野における経済効果", "progress_pct": 75,
            "targets": [
                {"key": "1-1", "name": "特区関連事業による投資額", "goal": {"value": 47500000000u64, "unit": "円", "text": "475億円"},
                 "goal_basis": "cumulative", "period": {"start_fiscal_year": 2017, "end_fiscal_year": 2021}, "baseline": null,
                 "current": {"target": null, "actual": null, "progress_pct": null, "contribution_pct": 33},
                 "series": [
                    {"fiscal_year": 2018, "target": {"value": 8100000000u64, "unit": "円", "text": "81億円"},
                     "actual": {"value": 14100000000u64, "unit": "円", "text": "141億円"}, "progress_pct": 174},
                    {"fiscal_year": 2019, "target": {"value": 8700000000u64, "unit": "円", "text": "87億円"},
                     "actual": {"value": 11600000000u64, "unit": "円", "text": "116億円"}, "progress_pct": 138}
                 ]},
                {"key": "1-2", "name": "特区関連事業の就業者の増加数", "goal": {"value": 1500, "unit": "人", "text": "1,500人"},
                 "goal_basis": "cumulative", "period": null, "baseline": null,
                 "current": {"target": null, "actual": null, "progress_pct": null, "contribution_pct": 33},
                 "series": [{"fiscal_year": 2019, "target": {"value": 200, "unit": "人", "text": "200人"}, "actual": null, "progress_pct": null}]}
            ]
        }],
        "warnings": [],
        "error": null
    })
}

fn seed() -> Value {
    record("reports/keihin_2020.txt", "aaaa")
}

struct Dir(PathBuf);

impl Dir {
    fn new(case: &str) -> Dir {
        let dir = std::env::temp_dir().join(format!("tokku-diff-{}-{case}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("temp dir");
        Dir(dir)
    }
    fn write(&self, name: &str, text: &str) -> String {
        let path = self.0.join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("folder");
        }
        std::fs::write(&path, text).expect("write");
        path.display().to_string()
    }
    fn ndjson(&self, name: &str, records: &[Value]) -> String {
        self.write(name, &records.iter().map(|r| format!("{r}\n")).collect::<String>())
    }
}

impl Drop for Dir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

const EQUAL_ONE: &str = "1 document equal, 0 different, 0 only in OLD, 0 only in NEW; facts: 0 changed, 0 added, 0 removed; warnings: 0 gained, 0 lost\n";

#[test]
fn a_changed_value_is_named_by_pointer_with_both_values() {
    let dir = Dir::new("changed");
    let mut new = seed();
    new["indicators"][0]["targets"][0]["series"][1]["actual"] =
        json!({"value": 11700000000u64, "unit": "円", "text": "117億円"});
    let (old, new) = (dir.ndjson("old.ndjson", &[seed()]), dir.ndjson("new.ndjson", &[new]));
    let output = tokku(&["diff", &old, &new]);
    assert_eq!(
        stdout(&output),
        "reports/keihin_2020.txt\n\
         \x20 ~ /indicators/0/targets/0/series/1/actual/value: 11600000000 → 11700000000\n\
         \x20 ~ /indicators/0/targets/0/series/1/actual/text: \"116億円\" → \"117億円\"\n\
         0 documents equal, 1 different, 0 only in OLD, 0 only in NEW; facts: 2 changed, 0 added, 0 removed; warnings: 0 gained, 0 lost\n"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_missing_target_is_one_removal_at_its_place_in_old() {
    let dir = Dir::new("missing");
    let mut new = seed();
    new["indicators"][0]["targets"].as_array_mut().expect("targets").remove(0);
    let (old, new) = (dir.ndjson("old.ndjson", &[seed()]), dir.ndjson("new.ndjson", &[new]));
    let output = tokku(&["diff", &old, &new]);
    let text = stdout(&output);
    let lines: Vec<&str> = text.lines().collect();
    assert_eq!(lines.len(), 3, "{text}");
    assert_eq!(lines[0], "reports/keihin_2020.txt");
    // Target 1-2 moved from position 1 to 0 and is no difference; 1-1 was at position 0 in OLD.
    assert!(
        lines[1].starts_with(
            "  - /indicators/0/targets/0: {\"key\":\"1-1\",\"name\":\"特区関連事業による投資額\","
        ),
        "{text}"
    );
    assert!(lines[1].ends_with("\"progress_pct\":138}]}"), "{text}");
    assert_eq!(lines[2], "0 documents equal, 1 different, 0 only in OLD, 0 only in NEW; facts: 0 changed, 0 added, 1 removed; warnings: 0 gained, 0 lost");
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn a_new_warning_is_gained() {
    let dir = Dir::new("warning");
    let mut new = seed();
    new["warnings"] = json!([{"code": "progress_mismatch", "message": "別紙1 2019年度: 進捗度 138% stated, but 実績値 116億円 / 目標値 87億円 = 133.3%",
                              "path": "/indicators/0/targets/0/series/1/progress_pct", "page": 7}]);
    let (old, new) = (dir.ndjson("old.ndjson", &[seed()]), dir.ndjson("new.ndjson", &[new]));
    let output = tokku(&["diff", &old, &new]);
    assert_eq!(
        stdout(&output),
        "reports/keihin_2020.txt\n\
         \x20 + warning progress_mismatch (/indicators/0/targets/0/series/1/progress_pct): 別紙1 2019年度: 進捗度 138% stated, but 実績値 116億円 / 目標値 87億円 = 133.3%\n\
         0 documents equal, 1 different, 0 only in OLD, 0 only in NEW; facts: 0 changed, 0 added, 0 removed; warnings: 1 gained, 0 lost\n"
    );
    assert_eq!(output.status.code(), Some(1));
    // The same warning in the other direction is lost.
    let output = tokku(&["diff", &new, &old]);
    assert!(stdout(&output).contains(
        "\n  - warning progress_mismatch (/indicators/0/targets/0/series/1/progress_pct): 別紙1"
    ));
}

#[test]
fn a_reordered_series_is_no_difference() {
    let dir = Dir::new("reordered");
    let mut new = seed();
    new["indicators"][0]["targets"][0]["series"].as_array_mut().expect("series").reverse();
    let (old, new) = (dir.ndjson("old.ndjson", &[seed()]), dir.ndjson("new.ndjson", &[new]));
    let output = tokku(&["diff", &old, &new]);
    assert_eq!(stdout(&output), EQUAL_ONE);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_float_written_1_0_equals_1() {
    let dir = Dir::new("float");
    let old_text = format!("{}\n", seed());
    let new_text = old_text
        .replace("\"progress_pct\":174", "\"progress_pct\":174.0")
        .replace("\"fiscal_year\":2018", "\"fiscal_year\":2018.0")
        .replace(":1500,", ":1.5e3,");
    assert_eq!(new_text.matches(".0").count(), 2, "both replacements made");
    assert!(new_text.contains("1.5e3"));
    let (old, new) = (dir.write("old.ndjson", &old_text), dir.write("new.ndjson", &new_text));
    let output = tokku(&["diff", &old, &new]);
    assert_eq!(stdout(&output), EQUAL_ONE);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn a_document_only_in_new_is_listed() {
    let dir = Dir::new("only");
    let other = record("reports/keihin_2021.txt", "bbbb");
    let (old, new) =
        (dir.ndjson("old.ndjson", &[seed()]), dir.ndjson("new.ndjson", &[seed(), other]));
    let output = tokku(&["diff", &old, &new]);
    assert_eq!(
        stdout(&output),
        "only in NEW: reports/keihin_2021.txt\n\
         1 document equal, 0 different, 0 only in OLD, 1 only in NEW; facts: 0 changed, 0 added, 0 removed; warnings: 0 gained, 0 lost\n"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn documents_are_matched_by_sha256_before_file_name() {
    let dir = Dir::new("sha");
    // Renamed input, same bytes; and a file name reused for other bytes comes second.
    let renamed = record("reports/renamed.txt", "aaaa");
    let (old, new) = (dir.ndjson("old.ndjson", &[seed()]), dir.ndjson("new.ndjson", &[renamed]));
    let output = tokku(&["diff", &old, &new]);
    assert_eq!(
        stdout(&output),
        "reports/renamed.txt (was reports/keihin_2020.txt)\n\
         \x20 ~ /source/file: \"reports/keihin_2020.txt\" → \"reports/renamed.txt\"\n\
         0 documents equal, 1 different, 0 only in OLD, 0 only in NEW; facts: 1 changed, 0 added, 0 removed; warnings: 0 gained, 0 lost\n"
    );
    let output = tokku(&["diff", "--ignore", "/source/file", &old, &new]);
    assert_eq!(stdout(&output), EQUAL_ONE);
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn ignored_warning_messages_leave_a_reworded_warning_unchanged() {
    let dir = Dir::new("ignore");
    let warning = |message: &str| json!([{"code": "goal_sum_mismatch", "message": message, "path": "/indicators/0/targets/1/goal", "page": 1}]);
    let mut old = seed();
    old["warnings"] = warning("sum to 1,110人");
    let mut new = seed();
    new["warnings"] = warning("add up to 1,110人");
    let (old, new) = (dir.ndjson("old.ndjson", &[old]), dir.ndjson("new.ndjson", &[new]));
    let output = tokku(&["diff", &old, &new]);
    assert!(stdout(&output).contains("warnings: 1 gained, 1 lost"), "{}", stdout(&output));
    let output = tokku(&["diff", "--ignore", "/warnings/*/message", &old, &new]);
    assert_eq!(stdout(&output), EQUAL_ONE);
}

#[test]
fn json_output_carries_every_change_and_the_summary() {
    let dir = Dir::new("json");
    let mut new = seed();
    new["indicators"][0]["targets"][0]["series"][1]["progress_pct"] = json!(134);
    let (old, new) = (dir.ndjson("old.ndjson", &[seed()]), dir.ndjson("new.ndjson", &[new]));
    let output = tokku(&["diff", "--json", &old, &new]);
    assert_eq!(output.status.code(), Some(1));
    let result: Value = serde_json::from_str(&stdout(&output)).expect("one JSON document");
    assert_eq!(result["documents"][0]["status"], "different");
    assert_eq!(
        result["documents"][0]["changes"],
        json!([{"op": "changed", "pointer": "/indicators/0/targets/0/series/1/progress_pct", "old": 138, "new": 134}])
    );
    assert_eq!(result["summary"]["facts_changed"], 1);
    assert_eq!(result["summary"]["different"], 1);
}

#[test]
fn batch_folders_show_both_tokku_versions_when_they_differ() {
    let dir = Dir::new("folders");
    let manifest = |version: &str| {
        format!("{{\"path\":\"reports/keihin_2020.txt\",\"sha256\":\"aaaa\",\"status\":\"ok\",\"pages\":null,\"warnings\":0,\"error_code\":null,\"milliseconds\":5,\"tokku_version\":\"{version}\"}}\n")
    };
    dir.ndjson("old/records.ndjson", &[seed()]);
    dir.write("old/manifest.ndjson", &manifest("0.1.0"));
    dir.ndjson("new/records.ndjson", &[seed()]);
    dir.write("new/manifest.ndjson", &manifest("0.2.0"));
    let (old, new) = (dir.0.join("old"), dir.0.join("new"));
    let output = tokku(&["diff", &old.display().to_string(), &new.display().to_string()]);
    assert_eq!(stdout(&output), format!("tokku version: 0.1.0 in OLD, 0.2.0 in NEW\n{EQUAL_ONE}"));
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn an_unreadable_set_is_a_usage_error() {
    let dir = Dir::new("usage");
    let old = dir.ndjson("old.ndjson", &[seed()]);
    let output = tokku(&["diff", &old, &dir.0.join("absent.ndjson").display().to_string()]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stdout(&output).is_empty());
    let bad = dir.write("bad.ndjson", "{not json\n");
    assert_eq!(tokku(&["diff", &old, &bad]).status.code(), Some(2));
    assert!(Path::new(&old).exists());
}
