//! The command line in the user's language: `LANG=ja_JP.UTF-8` (or `--lang ja`) gives
//! Japanese on stderr, in the records' messages and in the help; `C` or no locale gives
//! English, and `--lang` wins over the environment.

use std::process::{Command, Output};

use serde_json::Value;

/// tokku with only the locale variables given (the test's own environment removed).
fn tokku(locale: &[(&str, &str)], args: &[&str]) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tokku"));
    command.env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG");
    for (name, value) in locale {
        command.env(name, value);
    }
    command.args(args).output().expect("tokku runs")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn error_message(output: &Output) -> String {
    let stdout = String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8");
    let record: Value =
        serde_json::from_str(stdout.lines().next().expect("a record")).expect("JSON");
    assert_eq!(record["error"]["code"], "io", "{record}");
    record["error"]["message"].as_str().expect("a message").to_string()
}

#[test]
fn a_missing_file_is_explained_in_japanese_under_a_japanese_locale() {
    let missing = "no-such-dir/missing.pdf";
    let output = tokku(&[("LANG", "ja_JP.UTF-8")], &["extract", missing]);
    assert_eq!(output.status.code(), Some(1));
    let err = stderr(&output);
    // One line, naming the file and saying why in Japanese.
    assert_eq!(err.lines().count(), 1, "{err}");
    assert!(err.starts_with("tokku: ") && err.contains(missing), "{err}");
    assert!(err.contains("読めません") && err.contains("ファイルがありません"), "{err}");
    let message = error_message(&output);
    assert!(message.contains("ファイルがありません"), "{message}");
}

#[test]
fn no_locale_or_c_gives_english() {
    for locale in [&[][..], &[("LANG", "C")][..], &[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")][..]] {
        let output = tokku(locale, &["extract", "missing.pdf"]);
        assert_eq!(output.status.code(), Some(1));
        let err = stderr(&output);
        assert!(err.contains("missing.pdf: io: cannot read missing.pdf: "), "{locale:?}: {err}");
        assert!(error_message(&output).starts_with("cannot read missing.pdf: "), "{locale:?}");
    }
}

#[test]
fn lang_flag_wins_over_the_environment() {
    let output = tokku(&[("LANG", "ja_JP.UTF-8")], &["extract", "--lang", "en", "missing.pdf"]);
    assert!(stderr(&output).contains("cannot read missing.pdf"), "{}", stderr(&output));
    let output = tokku(&[("LC_ALL", "C")], &["--lang=ja", "extract", "missing.pdf"]);
    assert!(stderr(&output).contains("ファイルがありません"), "{}", stderr(&output));
    let output = tokku(&[], &["extract", "--lang", "fr", "missing.pdf"]);
    assert_eq!(output.status.code(), Some(2), "an unknown language is a usage error");
}

#[test]
fn the_help_follows_the_language() {
    let ja = tokku(&[("LANG", "ja_JP.UTF-8")], &["--help"]);
    let ja = String::from_utf8(ja.stdout).expect("UTF-8");
    assert!(ja.contains("入力ごとにJSONレコードを1行ずつ出力します"), "{ja}");
    let en = tokku(&[], &["--help"]);
    let en = String::from_utf8(en.stdout).expect("UTF-8");
    assert!(en.contains("Print one JSON record per input"), "{en}");
    let sub = tokku(&[], &["--lang", "ja", "extract", "--help"]);
    let sub = String::from_utf8(sub.stdout).expect("UTF-8");
    assert!(sub.contains("入力ごとにJSONレコード"), "{sub}");
}

#[test]
fn warnings_of_the_seed_are_in_japanese_under_ja_and_codes_stay() {
    let run = |lang: &str| {
        let output = tokku(&[], &["extract", "--lang", lang, "fixtures/pdf/seed_libreoffice.pdf"]);
        let stdout = String::from_utf8(output.stdout).expect("UTF-8");
        let record: Value = serde_json::from_str(stdout.trim()).expect("one record");
        record["warnings"].as_array().expect("warnings").clone()
    };
    let (ja, en) = (run("ja"), run("en"));
    assert_eq!(ja.len(), en.len());
    for (j, e) in ja.iter().zip(&en) {
        assert_eq!((&j["code"], &j["path"], &j["page"]), (&e["code"], &e["path"], &e["page"]));
        assert_ne!(j["message"], e["message"], "{}", e["code"]);
    }
    let mismatch = ja.iter().find(|w| w["code"] == "progress_mismatch").expect("the seed's 138%");
    assert!(mismatch["message"].as_str().is_some_and(|m| m.contains("記載されていますが")));
}

#[test]
fn the_workbook_speaks_japanese_and_the_csv_keeps_the_codes() {
    use calamine::{open_workbook, Data, Reader, Xlsx};
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let workbook = dir.path().join("tables.xlsx");
    let output = tokku(
        &[("LANG", "ja_JP.UTF-8")],
        &[
            "batch",
            "fixtures/pdf/seed_libreoffice.pdf",
            "--out",
            out.to_str().expect("path"),
            "--jobs",
            "1",
            "--xlsx",
            workbook.to_str().expect("path"),
        ],
    );
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let mut sheets: Xlsx<_> = open_workbook(&workbook).expect("calamine opens the workbook");
    let reports = sheets.worksheet_range("reports").expect("sheet");
    let header: Vec<String> =
        reports.rows().next().expect("header").iter().map(|c| c.to_string()).collect();
    let column = |name: &str| {
        header.iter().position(|h| h == name).unwrap_or_else(|| panic!("{name} in {header:?}"))
    };
    let row = reports.rows().nth(1).expect("the seed's row");
    // The seed is 京浜臨海部ライフイノベーション国際戦略総合特区: 国際戦略.
    assert_eq!(row[column("特区の種類")], Data::String("国際戦略".into()));
    assert_eq!(row[column("状態")], Data::String("正常".into()));
    let csv = std::fs::read_to_string(out.join("reports.csv")).expect("reports.csv");
    assert!(csv.contains(",ok,") && csv.contains(",international,"), "{csv}");
    // The records' warnings are in Japanese, their codes as always.
    let records = std::fs::read_to_string(out.join("records.ndjson")).expect("records");
    let record: Value = serde_json::from_str(records.trim()).expect("one record");
    let mismatch = record["warnings"]
        .as_array()
        .and_then(|w| w.iter().find(|w| w["code"] == "progress_mismatch"))
        .expect("the seed's 138%");
    assert!(mismatch["message"].as_str().is_some_and(|m| m.contains("記載されていますが")));
}

/// The batch summary speaks the run's language: the catalogue's counts, the failed input
/// and where the outputs went (the English one is asserted word for word in tests/batch/records.rs).
#[test]
fn the_batch_summary_is_japanese_under_a_japanese_locale() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let output = tokku(
        &[("LANG", "ja_JP.UTF-8")],
        &["batch", "--jobs", "1", "--out", out.to_str().expect("UTF-8"), "fixtures/pdf"],
    );
    assert_eq!(output.status.code(), Some(1), "not_a_report.pdf fails");
    let said = stderr(&output);
    assert!(said.contains("tokku batch：カタログの文書5件：追加5"), "{said}");
    assert!(said.contains("エラー1件") && said.contains("年度値144件"), "{said}");
    assert!(said.contains("失敗した入力1件："), "{said}");
    assert!(said.contains("not_a_report.pdf: not_a_report: 総合特別区域評価書の表題"), "{said}");
    assert!(!said.contains(" documents in the catalogue"), "no English left: {said}");
}
