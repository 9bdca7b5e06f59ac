//! `tokku verify`: passes on the committed goldens, fails naming the pointer on a golden
//! with one value edited, writes expected files only with `--update` (listing each), and
//! leaves out `--ignore`d fields.

use std::path::PathBuf;
use std::process::{Command, Output};

fn tokku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tokku")).args(args).output().expect("tokku runs")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn temp_dir(case: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tokku-verify-{}-{case}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

#[test]
fn verify_passes_on_the_committed_goldens() {
    let output = tokku(&["verify", "--expected", "fixtures/expected", "fixtures/text"]);
    assert_eq!(
        stdout(&output),
        "PASS fixtures/text/seed_eucjp.txt\n\
         PASS fixtures/text/seed_sjis.txt\n\
         PASS fixtures/text/seed_utf16le_bom.txt\n\
         PASS fixtures/text/seed_utf8.txt\n\
         tokku verify: 4 passed, 0 failed, 0 without an expected file, 0 expected files written\n"
    );
    assert_eq!(output.status.code(), Some(0));
}

#[test]
fn verify_fails_naming_the_pointer_of_an_edited_golden_value() {
    let expected = temp_dir("edited");
    let golden = std::fs::read_to_string("fixtures/expected/seed_utf8.json").expect("golden");
    // 2019年度 実績値 of 数値目標(1)-① is 116億円 in the report; the edited golden says 117億円.
    let needle = "\"value\": 11600000000,";
    assert_eq!(golden.matches(needle).count(), 1, "the 116億円 value occurs once");
    std::fs::write(
        expected.join("seed_utf8.json"),
        golden.replace(needle, "\"value\": 11700000000,"),
    )
    .expect("edited golden");
    let output = tokku(&[
        "verify",
        "--expected",
        &expected.display().to_string(),
        "fixtures/text/seed_utf8.txt",
    ]);
    assert_eq!(
        stdout(&output),
        format!(
            "FAIL fixtures/text/seed_utf8.txt (expected {})\n\
             \x20 ~ /indicators/0/targets/0/series/2/actual/value: 11700000000 → 11600000000\n\
             tokku verify: 0 passed, 1 failed, 0 without an expected file, 0 expected files written\n",
            expected.join("seed_utf8.json").display()
        )
    );
    assert_eq!(output.status.code(), Some(1));
    // Ignoring the series leaves nothing to fail.
    let output = tokku(&[
        "verify",
        "--ignore",
        "/indicators/*/targets/*/series",
        "--expected",
        &expected.display().to_string(),
        "fixtures/text/seed_utf8.txt",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    let _ = std::fs::remove_dir_all(&expected);
}

#[test]
fn update_writes_expected_files_beside_the_inputs_only_when_asked() {
    let dir = temp_dir("update");
    let input = dir.join("keihin.txt");
    std::fs::copy("fixtures/text/seed_utf8.txt", &input).expect("copy");
    let expected = dir.join("keihin.expected.json");
    let dir_arg = dir.display().to_string();

    let output = tokku(&["verify", &dir_arg]);
    assert_eq!(stdout(&output), format!("NO EXPECTED {} (--update writes {})\ntokku verify: 0 passed, 0 failed, 1 without an expected file, 0 expected files written\n", input.display(), expected.display()));
    assert!(!expected.exists(), "nothing written without --update");

    let output = tokku(&["verify", "--update", &dir_arg]);
    assert_eq!(stdout(&output), format!("CREATED {} (from {})\ntokku verify: 0 passed, 0 failed, 0 without an expected file, 1 expected files written\n", expected.display(), input.display()));
    assert_eq!(output.status.code(), Some(0));
    // The written record is the seed's: the same facts as the hand-typed golden, its own file
    // name aside, and its `coverage` (line counts of the rendering, not in the golden).
    let output = tokku(&[
        "diff",
        "--ignore",
        "/source/file",
        "--ignore",
        "/coverage",
        "fixtures/expected/seed_utf8.json",
        &expected.display().to_string(),
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));

    let output = tokku(&["verify", &dir_arg]);
    assert_eq!(stdout(&output), format!("PASS {}\ntokku verify: 1 passed, 0 failed, 0 without an expected file, 0 expected files written\n", input.display()));

    // Edit the expected file: verify fails; --update lists the file and the difference it accepted.
    let text = std::fs::read_to_string(&expected).expect("expected");
    std::fs::write(&expected, text.replacen("\"fiscal_year\": 2020", "\"fiscal_year\": 2019", 1))
        .expect("edit");
    let output = tokku(&["verify", &dir_arg]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stdout(&output).contains("  ~ /report/fiscal_year: 2019 → 2020\n"),
        "{}",
        stdout(&output)
    );
    let output = tokku(&["verify", "--update", &dir_arg]);
    assert_eq!(
        stdout(&output),
        format!("UPDATED {} (from {})\n  ~ /report/fiscal_year: 2019 → 2020\ntokku verify: 0 passed, 0 failed, 0 without an expected file, 1 expected files written\n", expected.display(), input.display())
    );
    assert_eq!(tokku(&["verify", &dir_arg]).status.code(), Some(0));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_missing_folder_is_a_usage_error() {
    assert_eq!(tokku(&["verify", "no/such/folder"]).status.code(), Some(2));
    assert_eq!(
        tokku(&["verify", "--ignore", "source/file", "fixtures/text"]).status.code(),
        Some(2)
    );
}
