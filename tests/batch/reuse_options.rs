//! A batch that reuses the records of earlier runs honours the options that change a
//! record: a document whose record would differ under this run's options
//! (`--respect-permissions`, the limits, `--lang`) is extracted again without `--force`,
//! the summary says why, and the others are still reused; a manifest written before
//! tokku recorded the options still loads.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

/// Copy-restricted (RC4, no user password, copying forbidden): read with a
/// `copy_restricted` warning by default, refused as `encrypted` with
/// `--respect-permissions` (tests/pdf/published.rs).
const RESTRICTED: &str = "fixtures/published/copy_restricted_rc4.pdf";
/// The sample report as a 17-page PDF.
const SEED_PDF: &str = "fixtures/pdf/seed_libreoffice.pdf";
/// The sample report as text (no pages: the PDF limits do not apply to it).
const SEED_TEXT: &str = "fixtures/text/seed_utf8.txt";

fn batch(input: &Path, out: &Path, extra: &[&str]) -> (Output, String) {
    let mut args = vec![
        "batch".to_string(),
        input.display().to_string(),
        "--out".into(),
        out.display().to_string(),
        "--jobs".into(),
        "1".into(),
    ];
    args.extend(extra.iter().map(|s| s.to_string()));
    let output = Command::new(env!("CARGO_BIN_EXE_tokku"))
        .args(&args)
        .env("LC_ALL", "C")
        .output()
        .expect("tokku runs");
    let stderr = String::from_utf8_lossy(&output.stderr).to_string();
    assert!(!stderr.contains("panicked"), "{stderr}");
    (output, stderr)
}

fn inputs(dir: &Path, files: &[&str]) -> PathBuf {
    let inputs = dir.join("reports");
    std::fs::create_dir_all(&inputs).expect("dir");
    for file in files {
        std::fs::copy(file, inputs.join(Path::new(file).file_name().expect("name"))).expect("copy");
    }
    inputs
}

fn lines(path: &Path) -> Vec<Value> {
    std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect()
}

fn file_name(path: &Value) -> String {
    Path::new(path.as_str().expect("a path")).file_name().expect("name").to_string_lossy().into()
}

/// Each document's manifest entry, by file name.
fn entry(out: &Path, name: &str) -> Value {
    lines(&out.join("manifest.ndjson"))
        .into_iter()
        .find(|e| file_name(&e["path"]) == name)
        .unwrap_or_else(|| panic!("no manifest entry for {name}"))
}

/// Each document's record, by file name.
fn record(out: &Path, name: &str) -> Value {
    lines(&out.join("records.ndjson"))
        .into_iter()
        .find(|r| file_name(&r["source"]["file"]) == name)
        .unwrap_or_else(|| panic!("no record for {name}"))
}

fn status(out: &Path, name: &str) -> String {
    entry(out, name)["status"].as_str().expect("status").to_string()
}

fn warning_codes(record: &Value) -> Vec<String> {
    record["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .map(|w| w["code"].as_str().expect("code").to_string())
        .collect()
}

#[test]
fn respect_permissions_in_a_later_run_refuses_a_copy_restricted_pdf_read_before_and_back() {
    let work = tempfile::tempdir().expect("temp dir");
    let inputs = inputs(work.path(), &[RESTRICTED, SEED_TEXT]);
    let out = work.path().join("out");
    let restricted = "copy_restricted_rc4.pdf";

    let (first, _) = batch(&inputs, &out, &["--lang", "en"]);
    assert_eq!(first.status.code(), Some(0));
    assert_eq!(record(&out, restricted)["error"], Value::Null);
    assert!(warning_codes(&record(&out, restricted)).contains(&"copy_restricted".to_string()));

    // Without --force: the restricted PDF is refused now; the text is reused.
    let (second, summary) = batch(&inputs, &out, &["--lang", "en", "--respect-permissions"]);
    assert_eq!(second.status.code(), Some(1), "the refused PDF fails the run: {summary}");
    assert_eq!(record(&out, restricted)["error"]["code"], "encrypted");
    assert_eq!(status(&out, restricted), "error");
    assert_eq!(entry(&out, restricted)["options"]["respect_permissions"], true);
    assert_eq!(status(&out, "seed_utf8.txt"), "skipped");
    assert!(
        summary.contains(
            "0 added, 1 updated (1 for changed options: --respect-permissions), 1 unchanged,"
        ),
        "{summary}"
    );

    // And back: without the flag it is read again, with its warning.
    let (third, summary) = batch(&inputs, &out, &["--lang", "en"]);
    assert_eq!(third.status.code(), Some(0), "{summary}");
    assert_eq!(record(&out, restricted)["error"], Value::Null);
    assert!(warning_codes(&record(&out, restricted)).contains(&"copy_restricted".to_string()));
    assert_eq!(status(&out, restricted), "ok");
    assert!(summary.contains("1 updated (1 for changed options: --respect-permissions)"));

    // The same options again: everything is reused and the summary names no option.
    let (fourth, summary) = batch(&inputs, &out, &["--lang", "en"]);
    assert_eq!(fourth.status.code(), Some(0));
    assert_eq!(status(&out, restricted), "skipped");
    assert_eq!(status(&out, "seed_utf8.txt"), "skipped");
    assert!(summary.contains("0 updated, 2 unchanged"), "{summary}");
    assert!(!summary.contains("changed options"), "{summary}");
}

#[test]
fn the_summary_says_in_japanese_why_a_document_was_extracted_again() {
    let work = tempfile::tempdir().expect("temp dir");
    let inputs = inputs(work.path(), &[RESTRICTED]);
    let out = work.path().join("out");
    batch(&inputs, &out, &["--lang", "ja"]);
    let (_, summary) = batch(&inputs, &out, &["--lang", "ja", "--respect-permissions"]);
    assert!(
        summary
            .contains("更新1（うち1件はオプションの変更による：--respect-permissions）、変更なし0"),
        "{summary}"
    );
    assert_eq!(record(&out, "copy_restricted_rc4.pdf")["error"]["code"], "encrypted");
}

#[test]
fn a_limit_changed_extracts_again_the_records_it_can_change_and_only_those() {
    let work = tempfile::tempdir().expect("temp dir");
    let inputs = inputs(work.path(), &[SEED_PDF, SEED_TEXT]);
    let out = work.path().join("out");
    let pdf = "seed_libreoffice.pdf";
    let text = "seed_utf8.txt";

    batch(&inputs, &out, &["--lang", "en"]);
    assert_eq!(record(&out, pdf)["source"]["pages"], 17);

    // A looser limit cannot change a record that no limit stopped: everything is reused.
    let (_, summary) = batch(&inputs, &out, &["--lang", "en", "--max-pages", "5000"]);
    assert_eq!((status(&out, pdf), status(&out, text)), ("skipped".into(), "skipped".into()));
    assert!(summary.contains("0 updated, 2 unchanged"), "{summary}");

    // A page limit the 17-page PDF passes changes nothing either.
    batch(&inputs, &out, &["--lang", "en", "--max-pages", "17"]);
    assert_eq!(status(&out, pdf), "skipped");

    // A page limit below its 17 pages stops it; the text has no pages and is reused.
    let (tighter, summary) = batch(&inputs, &out, &["--lang", "en", "--max-pages", "2"]);
    assert_eq!(tighter.status.code(), Some(1));
    assert_eq!(record(&out, pdf)["error"]["code"], "limit_exceeded");
    assert_eq!(status(&out, pdf), "error");
    assert_eq!(status(&out, text), "skipped");
    assert!(
        summary.contains("1 updated (1 for changed options: --max-pages), 1 unchanged"),
        "{summary}"
    );

    // Back to the default limit: the record stopped at the limit is made again.
    let (looser, summary) = batch(&inputs, &out, &["--lang", "en"]);
    assert_eq!(looser.status.code(), Some(0), "{summary}");
    assert_eq!(record(&out, pdf)["error"], Value::Null);
    assert_eq!(record(&out, pdf)["source"]["pages"], 17);
    assert_eq!(status(&out, pdf), "ok");
    assert_eq!(status(&out, text), "skipped");
    assert!(summary.contains("1 updated (1 for changed options: --max-pages)"), "{summary}");

    // A tighter wall time could stop any document: both are made again.
    let (_, summary) = batch(&inputs, &out, &["--lang", "en", "--timeout-secs", "59"]);
    assert_eq!((status(&out, pdf), status(&out, text)), ("ok".into(), "ok".into()));
    assert!(summary.contains("2 updated (2 for changed options: --timeout-secs)"), "{summary}");
}

#[test]
fn another_language_extracts_again_the_records_with_messages() {
    let work = tempfile::tempdir().expect("temp dir");
    let inputs = inputs(work.path(), &[SEED_TEXT]);
    let out = work.path().join("out");
    batch(&inputs, &out, &["--lang", "en"]);
    let english = record(&out, "seed_utf8.txt");
    assert!(!warning_codes(&english).is_empty(), "the sample has warnings");
    let (_, summary) = batch(&inputs, &out, &["--lang", "ja"]);
    assert_eq!(status(&out, "seed_utf8.txt"), "ok");
    assert!(summary.contains("（うち1件はオプションの変更による：--lang）"), "{summary}");
    let japanese = record(&out, "seed_utf8.txt");
    assert_eq!(warning_codes(&japanese), warning_codes(&english));
    assert_ne!(japanese["warnings"], english["warnings"], "the messages are in Japanese now");
    assert_eq!(japanese["indicators"], english["indicators"]);
}

#[test]
fn a_manifest_without_options_loads_and_its_records_are_made_again_once() {
    let work = tempfile::tempdir().expect("temp dir");
    let inputs = inputs(work.path(), &[SEED_TEXT, RESTRICTED]);
    let out = work.path().join("out");
    batch(&inputs, &out, &["--lang", "en"]);
    // What a build before the options were recorded wrote: the same entries without `options`.
    let manifest = out.join("manifest.ndjson");
    let older: String = lines(&manifest)
        .into_iter()
        .map(|mut e| {
            assert!(e.as_object_mut().expect("an object").remove("options").is_some());
            format!("{e}\n")
        })
        .collect();
    std::fs::write(&manifest, &older).expect("write");
    // One of its documents is not among the next run's inputs: it is kept as it was.
    std::fs::remove_file(inputs.join("copy_restricted_rc4.pdf")).expect("remove");

    let (second, summary) = batch(&inputs, &out, &["--lang", "en"]);
    assert_eq!(second.status.code(), Some(0), "{summary}");
    assert!(!summary.contains("left out"), "every line of the older manifest loads: {summary}");
    assert_eq!(status(&out, "seed_utf8.txt"), "ok", "options unknown: made again");
    assert_eq!(status(&out, "copy_restricted_rc4.pdf"), "kept");
    assert_eq!(entry(&out, "copy_restricted_rc4.pdf")["options"], Value::Null);
    assert!(record(&out, "copy_restricted_rc4.pdf")["report"].is_object());
    assert!(
        summary.contains(
            "1 updated (1 for changed options: options an earlier run did not record), 0 unchanged, 1 kept"
        ),
        "{summary}"
    );
    assert_eq!(entry(&out, "seed_utf8.txt")["options"]["lang"], "en");

    // Once made again with its options recorded, it is reused.
    let (_, summary) = batch(&inputs, &out, &["--lang", "en"]);
    assert_eq!(status(&out, "seed_utf8.txt"), "skipped");
    assert!(summary.contains("0 updated, 1 unchanged"), "{summary}");
}
