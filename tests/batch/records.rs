//! `tokku batch`: every input gives one record and one manifest line, bad inputs are
//! error entries that do not stop the run (exit 1 only because of them), the SQLite
//! database holds exactly the records' rows, and a second run over unchanged inputs
//! extracts nothing and writes the same bytes.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::count_rows;

fn tokku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tokku")).args(args).output().expect("tokku runs")
}

fn batch(inputs: &[&Path], out: &Path, extra: &[&str]) -> Output {
    let mut args: Vec<String> = vec!["batch".into()];
    args.extend(inputs.iter().map(|p| p.display().to_string()));
    args.extend([
        "--out".to_string(),
        out.display().to_string(),
        "--jobs".to_string(),
        "2".to_string(),
    ]);
    args.extend(extra.iter().map(|s| s.to_string()));
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let output = tokku(&args);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "a panic reached stderr: {stderr}");
    assert!(output.stdout.is_empty(), "batch prints nothing on stdout");
    output
}

fn ndjson(path: &Path) -> Vec<Value> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .map(|l| {
            serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("{}: not JSON ({e}): {l}", path.display()))
        })
        .collect()
}

fn copy(from: &str, dir: &Path) -> PathBuf {
    let to = dir.join(Path::new(from).file_name().expect("file name"));
    std::fs::copy(from, &to).unwrap_or_else(|e| panic!("copy {from}: {e}"));
    to
}

fn fixtures(dir: &str, extension: &str) -> Vec<String> {
    let mut found: Vec<String> = std::fs::read_dir(dir)
        .expect("fixture dir")
        .map(|e| e.expect("entry").path())
        .filter(|p| p.extension().is_some_and(|e| e == extension))
        .map(|p| p.display().to_string())
        .collect();
    found.sort();
    found
}

fn write_broken_files(dir: &Path) -> Vec<(PathBuf, &'static str)> {
    let pdf = std::fs::read("fixtures/pdf/seed_libreoffice.pdf").expect("fixture");
    let random: Vec<u8> =
        (0..65536u32).map(|i| (i.wrapping_mul(2654435761).rotate_left(7) >> 11) as u8).collect();
    let files = [
        ("empty.pdf", Vec::new(), "empty_input"),
        ("truncated.pdf", pdf[..pdf.len() / 3].to_vec(), "damaged"),
        ("random.pdf", random, "not_pdf"),
    ];
    files
        .into_iter()
        .map(|(name, bytes, code)| {
            let path = dir.join(name);
            std::fs::write(&path, bytes).expect("broken file");
            (path, code)
        })
        .collect()
}

fn series_points(record: &Value) -> usize {
    record["indicators"]
        .as_array()
        .expect("indicators")
        .iter()
        .flat_map(|i| i["targets"].as_array().expect("targets"))
        .map(|t| t["series"].as_array().expect("series").len())
        .sum()
}

/// zone, fiscal year, target, actual, actual as % of target
type InvestmentRow = (String, i64, Option<f64>, Option<f64>, Option<f64>);

#[test]
fn a_mixed_directory_gives_every_record_one_manifest_line_each_and_a_matching_database() {
    let work = tempfile::tempdir().expect("temp dir");
    let inputs = work.path().join("reports");
    std::fs::create_dir_all(inputs.join("text")).expect("input dir");
    let mut pdfs: Vec<PathBuf> =
        fixtures("fixtures/pdf", "pdf").iter().map(|f| copy(f, &inputs)).collect();
    let texts: Vec<PathBuf> =
        fixtures("fixtures/text", "txt").iter().map(|f| copy(f, &inputs.join("text"))).collect();
    let broken = write_broken_files(&inputs);
    pdfs.sort();
    let out = work.path().join("out");
    let database = out.join("reports.sqlite");
    let output = batch(&[&inputs], &out, &["--sqlite", &database.display().to_string()]);
    assert_eq!(
        output.status.code(),
        Some(1),
        "broken inputs make the run exit 1: {}",
        String::from_utf8_lossy(&output.stderr)
    );

    let manifest = ndjson(&out.join("manifest.ndjson"));
    let records = ndjson(&out.join("records.ndjson"));
    let input_count = pdfs.len() + texts.len() + broken.len();
    assert_eq!(manifest.len(), input_count, "one manifest line per input");
    assert_eq!(records.len(), input_count, "one record per input");
    let paths: Vec<&str> = manifest.iter().map(|e| e["path"].as_str().expect("path")).collect();
    let mut sorted = paths.clone();
    sorted.sort();
    assert_eq!(paths, sorted, "manifest in path order");
    for (entry, record) in manifest.iter().zip(&records) {
        assert_eq!(
            entry["path"], record["source"]["file"],
            "records and manifest in the same order"
        );
        assert_eq!(entry["sha256"], record["source"]["sha256"]);
        assert_eq!(entry["tokku_version"], env!("CARGO_PKG_VERSION"));
        assert_eq!(
            entry["warnings"].as_u64(),
            Some(record["warnings"].as_array().expect("warnings").len() as u64)
        );
        let expected_status = if record["error"].is_null() { "ok" } else { "error" };
        assert_eq!(entry["status"], expected_status, "{entry}");
        assert_eq!(entry["error_code"], record["error"]["code"].clone(), "{entry}");
        if let Err(v) = tokku::record::schema::validate(record) {
            panic!("record does not validate: {v:?}");
        }
    }
    let entry_of = |path: &Path| {
        manifest
            .iter()
            .find(|e| e["path"] == path.display().to_string())
            .unwrap_or_else(|| panic!("no manifest line for {}", path.display()))
    };
    for (path, code) in &broken {
        assert_eq!(entry_of(path)["status"], "error");
        assert_eq!(entry_of(path)["error_code"], *code, "{}", path.display());
    }
    assert_eq!(entry_of(&inputs.join("not_a_report.pdf"))["error_code"], "not_a_report");
    // Every good input's record is exactly the one `extract` makes of it.
    let good: Vec<PathBuf> = ["seed_libreoffice.pdf", "seed_reportlab.pdf"]
        .iter()
        .map(|n| inputs.join(n))
        .chain(texts.iter().cloned())
        .collect();
    for path in &good {
        let name = path.display().to_string();
        let record = records
            .iter()
            .find(|r| r["source"]["file"] == name.as_str())
            .expect("record of a good input");
        assert_eq!(entry_of(path)["status"], "ok", "{name}");
        let expected = serde_json::to_value(
            tokku::Extractor::new().record(&std::fs::read(path).expect("input"), &name),
        )
        .expect("json");
        assert_eq!(record, &expected, "{name}: the batch's record differs from extract's");
        assert!(series_points(record) > 0, "{name}: the seed report has 別紙1 series");
    }

    // observations.csv: a header and one row per series point of every record.
    let csv = std::fs::read_to_string(out.join("observations.csv")).expect("csv");
    let total_points: usize = records.iter().map(series_points).sum();
    assert_eq!(csv.lines().count(), 1 + total_points);
    let libreoffice = inputs.join("seed_libreoffice.pdf").display().to_string();
    let investment_2017 = format!("{libreoffice},international,京浜臨海部ライフノベーション国際戦略総合特区,京浜臨海部ライフイノベーション国際戦略総合特区,2020,1,1-1,特区関連事業による投資額,2017,円,11500000000,11900000000,104");
    assert!(
        csv.lines().any(|l| l == investment_2017),
        "the 2017 investment row of the seed report:\n{csv}"
    );

    // The database holds exactly the records' rows, with intact foreign keys.
    let connection = rusqlite::Connection::open(&database).expect("database");
    let sum = |f: &dyn Fn(&Value) -> usize| records.iter().map(f).sum::<usize>();
    assert_eq!(count_rows(&connection, "reports"), records.len());
    assert_eq!(
        count_rows(&connection, "indicators"),
        sum(&|r| r["indicators"].as_array().expect("indicators").len())
    );
    assert_eq!(
        count_rows(&connection, "targets"),
        sum(&|r| r["indicators"]
            .as_array()
            .expect("indicators")
            .iter()
            .map(|i| i["targets"].as_array().expect("targets").len())
            .sum())
    );
    assert_eq!(count_rows(&connection, "observations"), total_points);
    assert_eq!(count_rows(&connection, "observation_rows"), total_points);
    assert_eq!(
        count_rows(&connection, "warnings"),
        sum(&|r| r["warnings"].as_array().expect("warnings").len())
    );
    assert_eq!(
        count_rows(&connection, "reports WHERE error_code IS NOT NULL"),
        records.iter().filter(|r| !r["error"].is_null()).count()
    );
    assert_eq!(count_rows(&connection, "pragma_foreign_key_check"), 0);

    // The README's query: actual vs target of every zone's 投資額, by year.
    let mut query = connection
        .prepare(
            "SELECT zone_name, fiscal_year, target_value, actual_value, round(100.0 * actual_value / target_value, 1)
             FROM observation_rows WHERE target_name LIKE '%投資額%' AND file = ?1 ORDER BY fiscal_year",
        )
        .expect("query");
    let rows: Vec<InvestmentRow> = query
        .query_map([&libreoffice], |row| {
            Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?, row.get(4)?))
        })
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert!(!rows.is_empty(), "the seed report has a 投資額 series");
    assert_eq!(
        rows[0],
        (
            "京浜臨海部ライフノベーション国際戦略総合特区".to_string(),
            2017,
            Some(11_500_000_000.0),
            Some(11_900_000_000.0),
            Some(103.5)
        )
    );
}

#[test]
fn only_good_inputs_exit_0() {
    let work = tempfile::tempdir().expect("temp dir");
    let out = work.path().join("out");
    let output = batch(&[Path::new("fixtures/text")], &out, &[]);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let manifest = ndjson(&out.join("manifest.ndjson"));
    assert_eq!(manifest.len(), fixtures("fixtures/text", "txt").len());
    assert!(
        manifest.iter().all(|e| e["status"] == "ok" && e["error_code"].is_null()),
        "{manifest:?}"
    );
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("4 documents in the catalogue: 4 added, 0 updated, 0 unchanged, 0 kept from earlier runs, 0 pruned (4 extracted)"),
        "the summary: {stderr}"
    );
    assert!(
        !out.join(".tokku-batch-journal.ndjson").exists(),
        "the journal is removed after a complete run"
    );
}

/// Every file of an output directory (links followed) with its bytes.
fn snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    let mut files: Vec<(String, Vec<u8>)> = walkdir::WalkDir::new(dir)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().display().to_string(), std::fs::read(e.path()).expect("read")))
        .collect();
    files.sort();
    files
}

#[test]
fn a_mistyped_input_exits_2_names_it_and_changes_nothing() {
    let work = tempfile::tempdir().expect("temp dir");
    let out = work.path().join("out");
    let database = work.path().join("out").join("t.sqlite");
    let sqlite = ["--sqlite", database.to_str().expect("utf-8")];
    let first = batch(&[Path::new("fixtures/text/seed_utf8.txt")], &out, &sqlite);
    assert_eq!(first.status.code(), Some(0), "{}", String::from_utf8_lossy(&first.stderr));
    let before = snapshot(&out);
    for typo in [work.path().join("fixtures/pdff"), work.path().join("*.pdff")] {
        let output = batch(&[&typo, Path::new("fixtures/text/seed_sjis.txt")], &out, &sqlite);
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{stderr}");
        assert!(stderr.contains(&typo.display().to_string()), "the typo is named: {stderr}");
        assert!(stderr.contains("nothing was written"), "{stderr}");
        assert_eq!(snapshot(&out), before, "{}: the outputs are unchanged", typo.display());
    }
}

#[test]
fn a_missing_file_loses_nothing_else_in_the_database_the_workbook_or_the_review() {
    // An unreadable input's record has no sha256 (the contract: null only for error io);
    // the database once refused that row, and the whole run published nothing.
    // A dangling link in a folder: listed, but its bytes cannot be read.
    let work = tempfile::tempdir().expect("temp dir");
    let out = work.path().join("out");
    let folder = work.path().join("in");
    std::fs::create_dir_all(&folder).expect("folder");
    let missing = folder.join("gone.pdf");
    std::os::unix::fs::symlink(work.path().join("nowhere.pdf"), &missing).expect("link");
    let database = work.path().join("reports.sqlite");
    let workbook = work.path().join("reports.xlsx");
    let output = batch(
        &[&folder, Path::new("fixtures/text/seed_utf8.txt")],
        &out,
        &[
            "--sqlite",
            &database.display().to_string(),
            "--xlsx",
            &workbook.display().to_string(),
            "--review",
        ],
    );
    assert_eq!(output.status.code(), Some(1), "{}", String::from_utf8_lossy(&output.stderr));
    assert_eq!(ndjson(&out.join("records.ndjson")).len(), 2);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("1 input failed:")
            && stderr.contains(&format!("{}: io: ", missing.display())),
        "the summary names the failed file and its code: {stderr}"
    );
    let connection = rusqlite::Connection::open(&database).expect("database");
    let rows: Vec<(String, Option<String>, Option<String>)> = connection
        .prepare("SELECT file, sha256, error_code FROM reports ORDER BY file")
        .expect("query")
        .query_map([], |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("read");
    let gone =
        rows.iter().find(|r| r.0 == missing.display().to_string()).expect("the missing file's row");
    assert_eq!((gone.1.as_deref(), gone.2.as_deref()), (None, Some("io")));
    let seed = rows.iter().find(|r| r.0.ends_with("seed_utf8.txt")).expect("the seed's row");
    assert_eq!((seed.1.as_ref().map(String::len), seed.2.as_deref()), (Some(64), None));
    assert!(
        count_rows(&connection, "observations") > 0,
        "the good document's series are in the database"
    );
    assert!(workbook.exists(), "the workbook is written");
    assert!(out.join("review").join("index.html").exists(), "the review index is written");
}

#[test]
fn usage_errors_exit_2() {
    let work = tempfile::tempdir().expect("temp dir");
    let empty = work.path().join("empty");
    std::fs::create_dir_all(&empty).expect("dir");
    let out = work.path().join("out");
    assert_eq!(batch(&[&empty], &out, &[]).status.code(), Some(2), "a directory without documents");
    assert_eq!(tokku(&["batch", "fixtures/text"]).status.code(), Some(2), "no --out");
    assert_eq!(
        tokku(&["batch", "fixtures/text", "--out", &out.display().to_string(), "--jobs", "0"])
            .status
            .code(),
        Some(2),
        "--jobs 0"
    );
}

#[test]
fn isolated_workers_give_the_same_records_and_refuse_a_bomb() {
    let dir = tempfile::tempdir().expect("temp dir");
    let inputs = dir.path().join("in");
    std::fs::create_dir_all(&inputs).expect("inputs dir");
    copy("fixtures/pdf/seed_libreoffice.pdf", &inputs);
    copy("fixtures/text/seed_sjis.txt", &inputs);
    copy("fixtures/damaged/bomb_double_flate.pdf", &inputs);
    let (in_process, isolated) = (dir.path().join("a"), dir.path().join("b"));
    let a = batch(&[&inputs], &in_process, &[]);
    let b = batch(&[&inputs], &isolated, &["--isolate"]);
    assert_eq!(a.status.code(), Some(1), "the bomb is an error");
    assert_eq!(b.status.code(), Some(1), "the bomb is an error");
    let (ra, rb) = (
        std::fs::read(in_process.join("records.ndjson")).expect("a"),
        std::fs::read(isolated.join("records.ndjson")).expect("b"),
    );
    assert_eq!(
        String::from_utf8_lossy(&ra),
        String::from_utf8_lossy(&rb),
        "a worker process gives the same records"
    );
    let records = ndjson(&isolated.join("records.ndjson"));
    let bomb = records
        .iter()
        .find(|r| {
            r["source"]["file"].as_str().is_some_and(|f| f.ends_with("bomb_double_flate.pdf"))
        })
        .expect("bomb record");
    assert_eq!(bomb["error"]["code"], "limit_exceeded", "{bomb}");
}
