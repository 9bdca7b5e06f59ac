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

#[test]
fn the_documented_golden_command_passes_on_a_clean_clone() {
    let page = std::fs::read_to_string("docs/regression.md").expect("docs/regression.md");
    let command = page
        .lines()
        .find(|l| l.starts_with("tokku verify --expected fixtures/expected "))
        .expect("docs/regression.md shows the golden command");
    let binary = env!("CARGO_BIN_EXE_tokku");
    let output = Command::new("sh")
        .arg("-c")
        .arg(command.replacen("tokku", binary, 1))
        .output()
        .expect("sh runs");
    assert_eq!(output.status.code(), Some(0), "{command}:\n{}", stdout(&output));
    assert!(stdout(&output).contains("9 passed, 0 failed"), "{}", stdout(&output));
}

/// A folder with the seed's text and its expected record written by `--update`.
fn folder_with_expected(case: &str) -> PathBuf {
    let dir = temp_dir(case);
    let reports = dir.join("reports");
    std::fs::create_dir_all(&reports).expect("reports");
    std::fs::copy("fixtures/text/seed_utf8.txt", reports.join("seed.txt")).expect("copy");
    let output = tokku(&["verify", "--update", &reports.display().to_string()]);
    assert_eq!(output.status.code(), Some(0), "{}", stdout(&output));
    dir
}

#[test]
fn verify_passes_after_the_folder_moves_and_from_another_working_directory() {
    let dir = folder_with_expected("moved");
    let expected: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(dir.join("reports/seed.expected.json")).expect("expected"),
    )
    .expect("JSON");
    assert_eq!(expected["source"]["file"], "seed.txt", "stored relative to the expected file");
    std::fs::rename(dir.join("reports"), dir.join("moved")).expect("move");
    let moved = tokku(&["verify", &dir.join("moved").display().to_string()]);
    assert_eq!(moved.status.code(), Some(0), "{}", stdout(&moved));
    let elsewhere = Command::new(env!("CARGO_BIN_EXE_tokku"))
        .args(["verify", "moved"])
        .current_dir(&dir)
        .output()
        .expect("tokku runs");
    assert_eq!(elsewhere.status.code(), Some(0), "{}", stdout(&elsewhere));
    assert!(stdout(&elsewhere).contains("1 passed"), "{}", stdout(&elsewhere));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn a_one_space_difference_in_free_text_passes_unless_exact_and_is_shown_as_its_span() {
    let dir = folder_with_expected("space");
    let path = dir.join("reports/seed.expected.json");
    let mut expected: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&path).expect("expected")).expect("JSON");
    let text = expected["sections"][1]["text"].as_str().expect("a section text").to_string();
    assert!(text.chars().count() > 500, "a long section text");
    let middle = text.char_indices().nth(text.chars().count() / 2).expect("middle").0;
    let spaced = format!("{} {}", &text[..middle], &text[middle..]);
    expected["sections"][1]["text"] = serde_json::Value::String(spaced);
    std::fs::write(&path, serde_json::to_string_pretty(&expected).expect("JSON")).expect("write");
    let reports = dir.join("reports").display().to_string();
    let by_default = tokku(&["verify", &reports]);
    assert_eq!(by_default.status.code(), Some(0), "{}", stdout(&by_default));
    let exact = tokku(&["verify", "--exact", &reports]);
    assert_eq!(exact.status.code(), Some(1), "{}", stdout(&exact));
    let shown = stdout(&exact);
    assert!(shown.contains("~ /sections/1/text: \"…"), "{shown}");
    assert!(shown.len() < 1024, "{} bytes:\n{shown}", shown.len());
    let _ = std::fs::remove_dir_all(&dir);
}
