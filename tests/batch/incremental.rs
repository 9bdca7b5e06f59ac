//! Incremental and resumable batches: a second run over unchanged inputs extracts
//! nothing (the manifest says skipped) and writes byte-identical records, CSV and
//! database; new or changed inputs are the only ones extracted; the journal of an
//! interrupted run is picked up.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::count_rows;

const OUTPUTS: [&str; 3] = ["records.ndjson", "observations.csv", "reports.sqlite"];

fn batch(input: &Path, out: &Path, extra: &[&str]) -> Output {
    let database = out.join("reports.sqlite");
    let mut args = vec![
        "batch".to_string(),
        input.display().to_string(),
        "--out".into(),
        out.display().to_string(),
    ];
    args.extend(["--sqlite".to_string(), database.display().to_string()]);
    args.extend(extra.iter().map(|s| s.to_string()));
    let output =
        Command::new(env!("CARGO_BIN_EXE_tokku")).args(&args).output().expect("tokku runs");
    assert!(!String::from_utf8_lossy(&output.stderr).contains("panicked"));
    output
}

fn manifest(out: &Path) -> Vec<Value> {
    std::fs::read_to_string(out.join("manifest.ndjson"))
        .expect("manifest")
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect()
}

fn statuses(out: &Path) -> Vec<(String, String)> {
    manifest(out)
        .iter()
        .map(|e| {
            (
                Path::new(e["path"].as_str().expect("path"))
                    .file_name()
                    .expect("name")
                    .to_string_lossy()
                    .to_string(),
                e["status"].as_str().expect("status").to_string(),
            )
        })
        .collect()
}

fn read(path: PathBuf) -> Vec<u8> {
    std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// A directory with a PDF, two texts and a broken file.
fn inputs(dir: &Path) -> PathBuf {
    let inputs = dir.join("reports");
    std::fs::create_dir_all(&inputs).expect("dir");
    for file in [
        "fixtures/pdf/seed_libreoffice.pdf",
        "fixtures/text/seed_utf8.txt",
        "fixtures/text/seed_sjis.txt",
    ] {
        std::fs::copy(file, inputs.join(Path::new(file).file_name().expect("name"))).expect("copy");
    }
    std::fs::write(inputs.join("broken.pdf"), b"%PDF-1.7\n1 0 obj\n<<").expect("broken file");
    inputs
}

#[test]
fn a_second_run_over_unchanged_inputs_extracts_nothing_and_writes_the_same_bytes() {
    let work = tempfile::tempdir().expect("temp dir");
    let inputs = inputs(work.path());
    let out = work.path().join("out");
    let first = batch(&inputs, &out, &[]);
    assert_eq!(first.status.code(), Some(1), "the broken file fails");
    let first_manifest = manifest(&out);
    assert!(first_manifest.iter().all(|e| e["status"] != "skipped"));
    let first_outputs: Vec<Vec<u8>> = OUTPUTS.iter().map(|name| read(out.join(name))).collect();

    let second = batch(&inputs, &out, &[]);
    assert_eq!(
        second.status.code(),
        Some(1),
        "the broken file's error record is reused, and still fails the run"
    );
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("4 documents in the catalogue: 0 added, 0 updated, 4 unchanged, 0 kept from earlier runs, 0 pruned (0 extracted)"),
        "{stderr}"
    );
    let second_manifest = manifest(&out);
    assert!(second_manifest.iter().all(|e| e["status"] == "skipped"), "{second_manifest:?}");
    for (name, before) in OUTPUTS.iter().zip(&first_outputs) {
        assert!(read(out.join(name)) == *before, "{name} changed on a run over unchanged inputs");
    }
    // The manifest differs only in the status; milliseconds are the original run's.
    for (before, after) in first_manifest.iter().zip(&second_manifest) {
        let mut expected = before.clone();
        expected["status"] = "skipped".into();
        assert_eq!(after, &expected);
    }
    let second_manifest_bytes = read(out.join("manifest.ndjson"));
    batch(&inputs, &out, &[]);
    assert!(
        read(out.join("manifest.ndjson")) == second_manifest_bytes,
        "from the second run on, the manifest is stable too"
    );

    // The skipped records really come from the previous outputs, not from extraction:
    // a mark put into records.ndjson survives the next run.
    let records = String::from_utf8(read(out.join("records.ndjson"))).expect("UTF-8");
    std::fs::write(
        out.join("records.ndjson"),
        records.replace("京浜臨海部ライフノベーション", "MARK"),
    )
    .expect("write");
    batch(&inputs, &out, &[]);
    let after = String::from_utf8(read(out.join("records.ndjson"))).expect("UTF-8");
    assert!(
        after.contains("MARK") && !after.contains("京浜臨海部ライフノベーション"),
        "the records were extracted again"
    );

    // --force extracts everything again.
    batch(&inputs, &out, &["--force"]);
    assert!(statuses(&out).iter().all(|(_, status)| status != "skipped"));
    assert!(read(out.join("records.ndjson")) == first_outputs[0], "extraction is deterministic");
}

#[test]
fn only_new_and_changed_inputs_are_extracted_and_removed_ones_are_kept_until_pruned() {
    let work = tempfile::tempdir().expect("temp dir");
    let inputs = inputs(work.path());
    std::fs::remove_file(inputs.join("seed_libreoffice.pdf")).expect("remove");
    let out = work.path().join("out");
    batch(&inputs, &out, &[]);
    let first = statuses(&out);
    assert_eq!(first.len(), 3);

    std::fs::copy("fixtures/text/seed_eucjp.txt", inputs.join("seed_eucjp.txt"))
        .expect("new input");
    std::fs::write(inputs.join("broken.pdf"), b"").expect("changed input");
    std::fs::remove_file(inputs.join("seed_sjis.txt")).expect("removed input");
    let second_run = batch(&inputs, &out, &[]);
    let stderr = String::from_utf8_lossy(&second_run.stderr);
    assert!(
        stderr.contains("4 documents in the catalogue: 1 added, 1 updated, 1 unchanged, 1 kept from earlier runs, 0 pruned (2 extracted)"),
        "{stderr}"
    );
    let kept: Vec<(String, String)> = [
        ("broken.pdf", "error"),
        ("seed_eucjp.txt", "ok"),
        ("seed_sjis.txt", "kept"),
        ("seed_utf8.txt", "skipped"),
    ]
    .iter()
    .map(|(n, s)| (n.to_string(), s.to_string()))
    .collect();
    assert_eq!(statuses(&out), kept, "the removed file's document is kept");
    // --prune drops exactly the document whose file is gone.
    let pruned = batch(&inputs, &out, &["--prune"]);
    let stderr = String::from_utf8_lossy(&pruned.stderr);
    assert!(stderr.contains("0 kept from earlier runs, 1 pruned"), "{stderr}");
    let second = statuses(&out);
    let expected: Vec<(String, String)> =
        [("broken.pdf", "skipped"), ("seed_eucjp.txt", "skipped"), ("seed_utf8.txt", "skipped")]
            .iter()
            .map(|(n, s)| (n.to_string(), s.to_string()))
            .collect();
    assert_eq!(second, expected);
    let records = std::fs::read_to_string(out.join("records.ndjson")).expect("records");
    assert_eq!(records.lines().count(), 3);
    assert!(records.contains("\"code\":\"empty_input\""), "the changed file's new record");
    let connection = rusqlite::Connection::open(out.join("reports.sqlite")).expect("database");
    assert_eq!(count_rows(&connection, "reports"), 3);

    // A renamed file is not extracted again; its record names the new path.
    std::fs::rename(inputs.join("seed_utf8.txt"), inputs.join("renamed.txt")).expect("rename");
    batch(&inputs, &out, &[]);
    assert!(statuses(&out).contains(&("renamed.txt".to_string(), "skipped".to_string())));
    let records = std::fs::read_to_string(out.join("records.ndjson")).expect("records");
    assert!(records.contains(&format!("\"file\":\"{}\"", inputs.join("renamed.txt").display())));
    assert!(!records.contains("seed_utf8.txt"));

    // A record made by another tokku version is not reused.
    let manifest = std::fs::read_to_string(out.join("manifest.ndjson")).expect("manifest");
    let renamed_line = manifest.lines().find(|l| l.contains("renamed.txt")).expect("entry");
    let older = manifest.replace(
        renamed_line,
        &renamed_line.replace(
            &format!("\"tokku_version\":\"{}\"", env!("CARGO_PKG_VERSION")),
            "\"tokku_version\":\"0.0.0-older\"",
        ),
    );
    assert_ne!(older, manifest);
    std::fs::write(out.join("manifest.ndjson"), older).expect("write");
    batch(&inputs, &out, &[]);
    let after = statuses(&out);
    assert!(after.contains(&("renamed.txt".to_string(), "ok".to_string())), "{after:?}");
    assert!(after.contains(&("seed_eucjp.txt".to_string(), "skipped".to_string())), "{after:?}");
}

#[test]
fn the_journal_of_an_interrupted_run_is_reused_even_a_cut_short_one() {
    let work = tempfile::tempdir().expect("temp dir");
    let inputs = inputs(work.path());
    std::fs::remove_file(inputs.join("seed_libreoffice.pdf")).expect("remove");
    let complete = work.path().join("complete");
    batch(&inputs, &complete, &[]);
    // What an interrupted run leaves: a journal of finished documents (entry, tab,
    // record), the last line cut short, and no outputs yet.
    let entries = std::fs::read_to_string(complete.join("manifest.ndjson")).expect("manifest");
    let records = std::fs::read_to_string(complete.join("records.ndjson")).expect("records");
    let mut journal: String =
        entries.lines().zip(records.lines()).take(2).map(|(e, r)| format!("{e}\t{r}\n")).collect();
    let third = format!(
        "{}\t{}",
        entries.lines().nth(2).expect("third"),
        records.lines().nth(2).expect("third")
    );
    // Cut at a character boundary near the middle (records hold Japanese text).
    let cut = (0..=third.len() / 2).rev().find(|&i| third.is_char_boundary(i)).unwrap_or(0);
    journal.push_str(&third[..cut]);
    let interrupted = work.path().join("interrupted");
    std::fs::create_dir_all(&interrupted).expect("dir");
    std::fs::write(interrupted.join(".tokku-batch-journal.ndjson"), journal).expect("journal");

    let output = batch(&inputs, &interrupted, &[]);
    assert!(
        String::from_utf8_lossy(&output.stderr).contains("recovered 2 records"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let statuses = statuses(&interrupted);
    assert_eq!(statuses.iter().filter(|(_, s)| s == "skipped").count(), 2, "{statuses:?}");
    assert_eq!(
        statuses.iter().filter(|(_, s)| s != "skipped").count(),
        1,
        "the cut-short document is extracted again: {statuses:?}"
    );
    for name in ["records.ndjson", "observations.csv", "reports.sqlite"] {
        assert!(
            read(interrupted.join(name)) == read(complete.join(name)),
            "{name}: the resumed run's output differs"
        );
    }
    assert!(
        !interrupted.join(".tokku-batch-journal.ndjson").exists(),
        "the journal is removed once the outputs are written"
    );
}
