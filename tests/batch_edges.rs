//! `tokku batch` at its edges: two runs on one `--out` (the second is refused naming the
//! first's pid; a lock left by a killed run is taken over with a notice), and runs killed
//! with SIGKILL at random moments, after each of which the output directory holds either
//! the previous complete set or the new complete set — never a mix — and a rerun
//! completes with the same bytes as an uninterrupted run.

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

/// The files of a complete output set that must change together.
#[derive(Debug, Clone, PartialEq)]
struct OutputSet {
    records: String,
    observations: String,
    /// (path, sha256) of each manifest line.
    manifest: Vec<(String, String)>,
}

fn read_set(out: &Path) -> Option<OutputSet> {
    let records = std::fs::read_to_string(out.join("records.ndjson")).ok()?;
    let observations = std::fs::read_to_string(out.join("observations.csv")).ok()?;
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
    Some(OutputSet { records, observations, manifest })
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
    let sets = [
        inputs(&dir.path().join("a"), TEXT_SJIS, "a", 4),
        inputs(&dir.path().join("b"), TEXT_EUCJP, "b", 4),
    ];
    // The expected sets: each from an uninterrupted run into a directory of its own.
    let mut expected = Vec::new();
    // Kill moments are drawn within the faster reference run: the slower one may have
    // started cold or under load, and moments past the end of a run test nothing.
    let mut full_run = Duration::MAX;
    for (k, set) in sets.iter().enumerate() {
        let reference = dir.path().join(format!("reference-{k}"));
        let started = Instant::now();
        let output = run_batch(set, &reference, &["--jobs", "2"]);
        full_run = full_run.min(started.elapsed());
        assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
        expected.push(read_set(&reference).expect("a complete reference set"));
    }
    assert_ne!(expected[0], expected[1]);

    let out = dir.path().join("out");
    let output = run_batch(&sets[0], &out, &["--jobs", "2"]);
    assert_eq!(output.status.code(), Some(0));
    let mut previous = 0usize;
    let mut moments = Moments(0x5EED_0017);
    let mut killed_while_running = 0;
    for round in 0..20 {
        let target = 1 - previous;
        // Every other round extracts everything again (--force); the others reuse records
        // and spend their time hashing and writing the outputs.
        let extra: &[&str] =
            if round % 2 == 0 { &["--jobs", "2", "--force"] } else { &["--jobs", "2"] };
        let delay = full_run.mul_f64(1.2 * moments.next_fraction());
        let mut child = spawn_batch(&sets[target], &out, extra);
        std::thread::sleep(delay);
        if child.try_wait().expect("wait").is_none() {
            killed_while_running += 1;
        }
        let _ = child.kill();
        child.wait().expect("reaped");

        let found = read_set(&out).unwrap_or_else(|| {
            panic!("round {round}: an output file is missing after a kill at {delay:?}")
        });
        assert!(
            found == expected[previous] || found == expected[target],
            "round {round}: after a kill at {delay:?} the outputs are a mix of two runs:\n{found:?}"
        );

        let rerun = run_batch(&sets[target], &out, &["--jobs", "2"]);
        assert_eq!(
            rerun.status.code(),
            Some(0),
            "round {round}: the rerun completes: {}",
            String::from_utf8_lossy(&rerun.stderr)
        );
        assert_eq!(
            read_set(&out).as_ref(),
            Some(&expected[target]),
            "round {round}: the rerun writes what an uninterrupted run writes"
        );
        previous = target;
    }
    assert!(
        killed_while_running >= 10,
        "most kills must land while the run is still working ({killed_while_running} of 20)"
    );
    let generations = std::fs::read_dir(out.join(".tokku-outputs")).expect("generations").count();
    assert_eq!(
        generations, 2,
        "only the current generation (and its link) remain after a complete run"
    );
}
