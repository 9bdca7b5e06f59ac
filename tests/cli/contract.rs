//! The command line's contract: records only on stdout, one per input, error records
//! for bad inputs, exit status 0 / 1 / 2, and no panic on any input.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::Value;

fn tokku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tokku")).args(args).output().expect("tokku runs")
}

fn temp_file(name: &str, bytes: &[u8]) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tokku-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let path = dir.join(name);
    std::fs::write(&path, bytes).expect("temp file");
    path
}

/// Parses stdout as NDJSON records, each validating against the schema.
fn records(output: &Output) -> Vec<Value> {
    let stdout = String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8");
    stdout
        .lines()
        .map(|line| {
            let value: Value = serde_json::from_str(line)
                .unwrap_or_else(|e| panic!("stdout line is not JSON ({e}): {line}"));
            if let Err(v) = tokku::record::schema::validate(&value) {
                panic!("record does not validate: {v:?}");
            }
            value
        })
        .collect()
}

#[test]
fn bad_inputs_each_give_an_error_record_and_exit_1() {
    let pdf = std::fs::read("fixtures/pdf/seed_libreoffice.pdf").expect("fixture");
    let random: Vec<u8> =
        (0..65536u32).map(|i| (i.wrapping_mul(2654435761).rotate_left(7) >> 11) as u8).collect();
    let empty = temp_file("empty.pdf", b"");
    let binary = temp_file("random.bin", &random);
    let truncated = temp_file("truncated.pdf", &pdf[..pdf.len() / 3]);
    let cases = [
        (empty.display().to_string(), "empty_input"),
        (binary.display().to_string(), "not_pdf"),
        (truncated.display().to_string(), "damaged"),
        ("fixtures/pdf/not_a_report.pdf".to_string(), "not_a_report"),
    ];
    for (path, code) in &cases {
        let output = tokku(&["extract", path]);
        assert_eq!(output.status.code(), Some(1), "{path}: exit status");
        let records = records(&output);
        assert_eq!(records.len(), 1, "{path}: one record");
        assert_eq!(records[0]["error"]["code"], *code, "{path}: {}", records[0]);
        assert!(
            records[0]["report"].is_null() && records[0]["indicators"] == Value::Array(vec![]),
            "{path}: no made-up fields"
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(!stderr.contains("panicked"), "{path}: a panic reached stderr: {stderr}");
    }
}

#[test]
fn one_bad_input_does_not_stop_the_others() {
    let empty = temp_file("empty-too.txt", b"");
    let output = tokku(&[
        "extract",
        "fixtures/text/seed_utf8.txt",
        &empty.display().to_string(),
        "fixtures/pdf/seed_libreoffice.pdf",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let records = records(&output);
    assert_eq!(records.len(), 3);
    assert!(records[0]["error"].is_null());
    assert_eq!(records[1]["error"]["code"], "empty_input");
    assert!(records[2]["error"].is_null());
    assert_eq!(records[2]["indicators"].as_array().map(Vec::len), Some(4));
}

#[test]
fn good_input_exits_0_and_strict_exits_1_on_warnings() {
    let output = tokku(&["extract", "fixtures/pdf/seed_libreoffice.pdf"]);
    assert_eq!(output.status.code(), Some(0));
    assert_eq!(records(&output).len(), 1);
    // The seed's 別紙1 has a 進捗度 the report got wrong: a warning, so --strict fails.
    let strict = tokku(&["extract", "--strict", "fixtures/pdf/seed_libreoffice.pdf"]);
    assert_eq!(strict.status.code(), Some(1));
}

#[test]
fn usage_errors_exit_2() {
    assert_eq!(tokku(&["extract"]).status.code(), Some(2));
    assert_eq!(tokku(&["no-such-command"]).status.code(), Some(2));
}

#[test]
fn text_prints_normalized_pages_separated_by_form_feeds() {
    let output = tokku(&["text", "fixtures/pdf/seed_libreoffice.pdf"]);
    assert_eq!(output.status.code(), Some(0));
    let text = String::from_utf8(output.stdout).expect("UTF-8");
    assert_eq!(text.matches('\u{c}').count(), 16, "17 pages, 16 form feeds");
    assert!(text.starts_with("令和2年度"), "{}", &text[..60.min(text.len())]);
    assert!(text.contains("数値目標(1)-①:特区関連事業による投資額"));
}

#[test]
fn validate_names_the_json_pointer_of_a_violation() {
    let good = tokku(&["validate", "fixtures/expected/seed_libreoffice.json"]);
    assert_eq!(good.status.code(), Some(0), "{}", String::from_utf8_lossy(&good.stderr));
    let mut record: Value = serde_json::from_str(
        &std::fs::read_to_string("fixtures/expected/seed_libreoffice.json").expect("golden"),
    )
    .expect("JSON");
    record["indicators"][0]["targets"][1]["series"][3]["fiscal_year"] =
        Value::String("令和2年度".into());
    let bad_path = temp_file("bad-record.json", record.to_string().as_bytes());
    let bad = tokku(&["validate", &bad_path.display().to_string()]);
    assert_eq!(bad.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("/indicators/0/targets/1/series/3/fiscal_year"), "{stderr}");
}

#[test]
fn a_file_that_cannot_be_read_gives_a_valid_io_record() {
    let output = tokku(&["extract", "fixtures/no-such-file.pdf", "fixtures/text/seed_utf8.txt"]);
    assert_eq!(output.status.code(), Some(1));
    let records = records(&output);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["error"]["code"], "io");
    assert!(records[0]["source"]["sha256"].is_null(), "no bytes, no hash: {}", records[0]);
    assert!(records[1]["error"].is_null());
}
