//! `tokku batch` at its edges: two runs on one `--out` (the second is refused naming the
//! first's pid; a lock left by a killed run is taken over with a notice), and runs killed
//! with SIGKILL at random moments over the whole run, publishing included, after each of
//! which every output (records, manifest, CSVs, panel, database, workbook, review
//! index) is either the previous complete set or the new complete set — never a mix —
//! and a rerun completes with the same bytes as an uninterrupted run.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::time::{Duration, Instant};

const TEXT_SJIS: &str = "fixtures/text/seed_sjis.txt";
const TEXT_EUCJP: &str = "fixtures/text/seed_eucjp.txt";

fn batch_command(inputs: &Path, out: &Path, extra: &[&str]) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tokku"));
    command
        .arg("batch")
        .arg(inputs)
        .arg("--out")
        .arg(out)
        .args(extra)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null());
    command
}

fn run_batch(inputs: &Path, out: &Path, extra: &[&str]) -> Output {
    let output = batch_command(inputs, out, extra).output().expect("tokku runs");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "a panic reached stderr: {stderr}");
    output
}

/// `count` copies of a seed text in `dir`, each made distinct (its own sha256) by
/// trailing blank lines, which the text reading drops.
fn inputs(dir: &Path, seed: &str, prefix: &str, count: usize) -> PathBuf {
    std::fs::create_dir_all(dir).expect("input dir");
    let text = std::fs::read(seed).expect("seed text");
    for i in 0..count {
        let mut bytes = text.clone();
        bytes.extend(std::iter::repeat_n(b'\n', i + 1));
        std::fs::write(dir.join(format!("{prefix}{i:02}.txt")), bytes).expect("input copy");
    }
    dir.to_path_buf()
}

fn spawn_batch(inputs: &Path, out: &Path, extra: &[&str]) -> Child {
    batch_command(inputs, out, extra)
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tokku starts")
}

fn lock_holder(out: &Path) -> Option<String> {
    let text = std::fs::read_to_string(out.join(".tokku-batch.lock")).ok()?;
    let pid = text.trim().to_string();
    (!pid.is_empty()).then_some(pid)
}

#[test]
fn a_second_batch_on_one_out_is_refused_and_a_stale_lock_is_taken_over() {
    let dir = tempfile::tempdir().expect("temp dir");
    let many = inputs(&dir.path().join("many"), TEXT_SJIS, "m", 40);
    let few = inputs(&dir.path().join("few"), TEXT_EUCJP, "f", 2);
    let out = dir.path().join("out");
    let mut first = spawn_batch(&many, &out, &["--jobs", "1", "--force"]);
    let started = Instant::now();
    let holder = loop {
        if let Some(pid) = lock_holder(&out) {
            break pid;
        }
        assert!(started.elapsed() < Duration::from_secs(60), "the first run never took the lock");
        assert!(
            first.try_wait().expect("wait").is_none(),
            "the first run ended before the test could start the second"
        );
        std::thread::sleep(Duration::from_millis(10));
    };
    assert_eq!(holder, first.id().to_string(), "the lock file names its holder");

    let second = run_batch(&few, &out, &[]);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert_eq!(second.status.code(), Some(1), "the second run exits 1: {stderr}");
    assert!(
        stderr.contains(&format!("pid {}", first.id())),
        "the second run names the holder's pid: {stderr}"
    );
    assert!(
        first.try_wait().expect("wait").is_none(),
        "the test needs the first run still running when the second is refused"
    );

    // The holder dies without releasing its lock: the next run takes it over.
    first.kill().expect("SIGKILL");
    first.wait().expect("reaped");
    assert_eq!(
        lock_holder(&out).as_deref(),
        Some(holder.as_str()),
        "a killed run leaves its lock file"
    );
    let third = run_batch(&few, &out, &[]);
    let stderr = String::from_utf8_lossy(&third.stderr);
    assert_eq!(third.status.code(), Some(0), "the stale lock is taken over: {stderr}");
    assert!(
        stderr.contains("took over the lock") && stderr.contains(&format!("pid {holder}")),
        "a notice names the dead holder: {stderr}"
    );
    assert_eq!(lock_holder(&out), None, "a finished run releases its lock");
    assert_eq!(
        std::fs::read_to_string(out.join("records.ndjson")).expect("records").lines().count(),
        2
    );
}

/// Every output of a complete set that must change together: the records, the
/// manifest, the CSVs, the panel's files, the database, the workbook and the review index.
#[derive(Debug, Clone, PartialEq)]
struct OutputSet {
    records: String,
    /// (path, sha256) of each manifest line.
    manifest: Vec<(String, String)>,
    csvs: Vec<String>,
    panel_warnings: String,
    /// (file, sha256) of each row of the database's reports, and its panel's row count.
    database: (Vec<(String, Option<String>)>, i64),
    workbook: Vec<u8>,
    review_index: String,
}

/// The options that make a batch write every output, into `out`.
fn every_output(out: &Path) -> Vec<String> {
    vec![
        "--sqlite".into(),
        out.join("t.sqlite").display().to_string(),
        "--xlsx".into(),
        out.join("t.xlsx").display().to_string(),
        "--review".into(),
    ]
}

fn read_set(out: &Path) -> Option<OutputSet> {
    let records = std::fs::read_to_string(out.join("records.ndjson")).ok()?;
    let manifest = std::fs::read_to_string(out.join("manifest.ndjson")).ok()?;
    let manifest = manifest
        .lines()
        .map(|l| {
            let v: serde_json::Value = serde_json::from_str(l)
                .unwrap_or_else(|e| panic!("manifest line is not JSON ({e}): {l}"));
            (
                v["path"].as_str().unwrap_or_default().to_string(),
                v["sha256"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let mut csvs = Vec::new();
    for name in
        ["observations.csv", "reports.csv", "local_measures.csv", "panel.csv", "restatements.csv"]
    {
        csvs.push(std::fs::read_to_string(out.join(name)).ok()?);
    }
    let panel_warnings = std::fs::read_to_string(out.join("panel_warnings.ndjson")).ok()?;
    let database = out.join("t.sqlite");
    if !database.is_file() {
        return None;
    }
    let connection = rusqlite::Connection::open_with_flags(
        &database,
        rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY,
    )
    .ok()?;
    let reports = connection
        .prepare("SELECT file, sha256 FROM reports ORDER BY file")
        .ok()?
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
        .ok()?
        .collect::<Result<Vec<_>, _>>()
        .ok()?;
    let panel_rows: i64 =
        connection.query_row("SELECT count(*) FROM panel", [], |r| r.get(0)).ok()?;
    let workbook = std::fs::read(out.join("t.xlsx")).ok()?;
    let review_index = std::fs::read_to_string(out.join("review").join("index.html")).ok()?;
    Some(OutputSet {
        records,
        manifest,
        csvs,
        panel_warnings,
        database: (reports, panel_rows),
        workbook,
        review_index,
    })
}

/// Whether a killed run had begun writing its outputs: a generation other than the
/// published one, with files in it, is left in the output directory.
fn killed_while_publishing(out: &Path) -> bool {
    let generations = out.join(".tokku-outputs");
    let current = std::fs::read_link(generations.join("current")).unwrap_or_default();
    std::fs::read_dir(&generations).into_iter().flatten().flatten().any(|entry| {
        let name = entry.file_name();
        name.to_string_lossy().starts_with("gen-")
            && Path::new(&name) != current
            && entry.path().join("records.ndjson").exists()
    })
}

/// A small fixed-seed generator (xorshift64*), so the kill moments are the same each run.
struct Moments(u64);

impl Moments {
    fn next_fraction(&mut self) -> f64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11) as f64 / (1u64 << 53) as f64
    }
}

#[test]
fn a_batch_killed_at_20_random_moments_leaves_the_old_or_the_new_set_and_a_rerun_completes() {
    let dir = tempfile::tempdir().expect("temp dir");
    // One folder of inputs whose contents alternate between two sets (the same names):
    // each run updates every document of the catalogue.
    let input = dir.path().join("in");
    let seeds = [TEXT_SJIS, TEXT_EUCJP];
    let write_inputs = |k: usize| inputs(&input, seeds[k], "doc", 4);
    let args = |out: &Path, extra: &[&str]| -> Vec<String> {
        let mut args = every_output(out);
        args.extend(extra.iter().map(|a| a.to_string()));
        args
    };
    let run = |out: &Path, extra: &[&str]| {
        let args = args(out, extra);
        let args: Vec<&str> = args.iter().map(String::as_str).collect();
        run_batch(&input, out, &args)
    };
    // The expected sets: each from an uninterrupted run into a directory of its own.
    let mut expected = Vec::new();
    // Kill moments are drawn over the faster reference run, publishing included: the
    // slower one may have started cold or under load.
    let mut full_run = Duration::MAX;
    for k in 0..2 {
        write_inputs(k);
        let reference = dir.path().join(format!("reference-{k}"));
        let started = Instant::now();
        let output = run(&reference, &["--jobs", "2"]);
        full_run = full_run.min(started.elapsed());
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        expected.push(read_set(&reference).expect("a complete reference set"));
    }
    assert_ne!(expected[0], expected[1]);

    let out = dir.path().join("out");
    write_inputs(0);
    let output = run(&out, &["--jobs", "2"]);
    assert_eq!(output.status.code(), Some(0));
    let normalized = |set: OutputSet, from: &Path| OutputSet {
        review_index: set.review_index.replace(&from.display().to_string(), "OUT"),
        ..set
    };
    let expected: Vec<OutputSet> = expected
        .into_iter()
        .enumerate()
        .map(|(k, set)| normalized(set, &dir.path().join(format!("reference-{k}"))))
        .collect();
    let mut previous = 0usize;
    let mut moments = Moments(0x5EED_0017);
    let mut killed_while_running = 0;
    let mut killed_in_publishing = 0;
    for round in 0..20 {
        let target = 1 - previous;
        write_inputs(target);
        // Every other round extracts everything again (--force); the others reuse records
        // of the journal or extract the changed inputs.
        let extra: &[&str] =
            if round % 2 == 0 { &["--jobs", "2", "--force"] } else { &["--jobs", "2"] };
        let delay = full_run.mul_f64(1.2 * moments.next_fraction());
        let arguments = args(&out, extra);
        let arguments: Vec<&str> = arguments.iter().map(String::as_str).collect();
        let mut child = spawn_batch(&input, &out, &arguments);
        std::thread::sleep(delay);
        if child.try_wait().expect("wait").is_none() {
            killed_while_running += 1;
        }
        let _ = child.kill();
        child.wait().expect("reaped");
        if killed_while_publishing(&out) {
            killed_in_publishing += 1;
        }

        let found = read_set(&out).map(|set| normalized(set, &out)).unwrap_or_else(|| {
            panic!("round {round}: an output file is missing after a kill at {delay:?}")
        });
        assert!(
            found == expected[previous] || found == expected[target],
            "round {round}: after a kill at {delay:?} the outputs are a mix of two runs:\n{found:?}"
        );

        let rerun = run(&out, &["--jobs", "2"]);
        assert_eq!(
            rerun.status.code(),
            Some(0),
            "round {round}: the rerun completes: {}",
            String::from_utf8_lossy(&rerun.stderr)
        );
        assert_eq!(
            read_set(&out).map(|set| normalized(set, &out)).as_ref(),
            Some(&expected[target]),
            "round {round}: the rerun writes what an uninterrupted run writes"
        );
        previous = target;
    }
    eprintln!("kills: {killed_while_running} of 20 while running, {killed_in_publishing} while writing or publishing the outputs");
    assert!(
        killed_while_running >= 10,
        "most kills must land while the run is still working ({killed_while_running} of 20)"
    );
    assert!(
        killed_in_publishing >= 2,
        "some kills must land while the outputs are written or published ({killed_in_publishing} of 20)"
    );
    let generations = std::fs::read_dir(out.join(".tokku-outputs")).expect("generations").count();
    assert_eq!(
        generations, 2,
        "only the current generation (and its link) remain after a complete run"
    );
}

#[test]
fn ctrl_c_says_how_many_documents_are_kept_removes_its_temporary_files_and_a_rerun_resumes() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = inputs(&dir.path().join("in"), TEXT_SJIS, "doc", 40);
    let out = dir.path().join("out");
    let child = spawn_batch(&input, &out, &["--jobs", "1"]);
    // Interrupted once the journal holds a few documents.
    let journal = out.join(".tokku-batch-journal.ndjson");
    let started = Instant::now();
    while std::fs::read_to_string(&journal).map(|j| j.lines().count()).unwrap_or(0) < 3 {
        assert!(started.elapsed() < Duration::from_secs(120), "the batch makes no progress");
        std::thread::sleep(Duration::from_millis(20));
    }
    let pid = i32::try_from(child.id()).expect("pid");
    // SAFETY: a signal to the child this test started.
    assert_eq!(unsafe { libc::kill(pid, libc::SIGINT) }, 0);
    let output = child.wait_with_output().expect("reaped");
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(130), "{stderr}");
    let lines: Vec<&str> = stderr.lines().collect();
    assert_eq!(lines.len(), 1, "one line: {stderr}");
    let kept: usize = lines[0]
        .strip_prefix("interrupted: ")
        .and_then(|rest| rest.strip_suffix(" documents kept; run again to resume"))
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("the line: {stderr}"));
    // At least the journaled documents but one (the signal may land between a
    // document's journal line and its count).
    assert!(kept >= 2, "{stderr}");
    assert!(!out.join(".tokku-batch.lock").exists(), "the lock file is removed");
    let leftovers: Vec<String> = std::fs::read_dir(out.join(".tokku-outputs"))
        .map(|entries| {
            entries.flatten().map(|e| e.file_name().to_string_lossy().to_string()).collect()
        })
        .unwrap_or_default();
    assert!(leftovers.is_empty(), "no generation is left half written: {leftovers:?}");
    let journaled = std::fs::read_to_string(&journal).expect("the journal stays").lines().count();
    assert!(journaled >= kept, "every document said to be kept is in the journal");
    let rerun = run_batch(&input, &out, &["--jobs", "2"]);
    let stderr = String::from_utf8_lossy(&rerun.stderr);
    assert_eq!(rerun.status.code(), Some(0), "{stderr}");
    assert!(stderr.contains(&format!("recovered {journaled} records")), "{stderr}");
    assert_eq!(read_set_records(&out), 40);
}

fn read_set_records(out: &Path) -> usize {
    std::fs::read_to_string(out.join("records.ndjson")).expect("records").lines().count()
}
