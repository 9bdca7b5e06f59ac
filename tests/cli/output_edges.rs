//! The output path of the commands at its edges: a reader that closed the pipe ends
//! `text` / `extract` quietly with status 0 (as `grep` and `rg` do; README "Exit
//! status"), and a full device (`/dev/full`) gives one line on stderr and status 1 —
//! never a panic or a backtrace.

use std::process::{Command, Output, Stdio};

const PDF: &str = "fixtures/pdf/seed_libreoffice.pdf";
const TEXT: &str = "fixtures/text/seed_sjis.txt";

fn assert_no_panic(what: &str, output: &Output) {
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(!stderr.contains("panicked"), "{what}: a panic reached stderr: {stderr}");
    assert!(
        !stderr.contains("stack backtrace") && !stderr.contains("RUST_BACKTRACE=1` environment"),
        "{what}: a backtrace: {stderr}"
    );
}

/// Runs tokku with its stdout a pipe whose reading end is closed before tokku writes.
fn into_closed_pipe(args: &[&str]) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_tokku"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("tokku starts");
    drop(child.stdout.take());
    child.wait_with_output().expect("tokku ends")
}

/// Runs tokku with its stdout on /dev/full (every write fails with ENOSPC).
fn into_full_device(args: &[&str]) -> Output {
    let full =
        std::fs::OpenOptions::new().write(true).open("/dev/full").expect("/dev/full (Linux)");
    Command::new(env!("CARGO_BIN_EXE_tokku"))
        .args(args)
        .env_remove("RUST_BACKTRACE")
        .stdin(Stdio::null())
        .stdout(Stdio::from(full))
        .stderr(Stdio::piped())
        .output()
        .expect("tokku runs")
}

#[test]
fn a_closed_pipe_ends_text_and_extract_quietly_with_status_0() {
    for args in
        [vec!["text", PDF], vec!["text", TEXT], vec!["extract", PDF], vec!["extract", TEXT, PDF]]
    {
        let output = into_closed_pipe(&args);
        assert_no_panic(&args.join(" "), &output);
        assert_eq!(
            output.status.code(),
            Some(0),
            "{args:?}: status; stderr: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert!(
            !stderr.contains("Broken pipe") && !stderr.contains("cannot write"),
            "{args:?}: a closed pipe is not an error: {stderr}"
        );
    }
}

#[test]
fn a_full_device_is_one_line_and_status_1() {
    for args in [vec!["text", PDF], vec!["text", TEXT], vec!["extract", PDF], vec!["extract", TEXT]]
    {
        let output = into_full_device(&args);
        assert_no_panic(&args.join(" "), &output);
        assert_eq!(output.status.code(), Some(1), "{args:?}: status");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let errors: Vec<&str> = stderr.lines().filter(|l| l.contains("cannot write")).collect();
        assert_eq!(errors.len(), 1, "{args:?}: one line names the write error: {stderr}");
        assert!(
            errors[0].contains("No space left on device"),
            "{args:?}: the line says why: {stderr}"
        );
        assert!(
            stderr.lines().count() <= 2,
            "{args:?}: nothing but a line or two on stderr: {stderr}"
        );
    }
}

#[test]
fn validate_into_a_full_device_fails_the_same_way() {
    let dir = tempfile::tempdir().expect("temp dir");
    let record = Command::new(env!("CARGO_BIN_EXE_tokku"))
        .args(["extract", TEXT])
        .output()
        .expect("tokku runs");
    let path = dir.path().join("record.json");
    std::fs::write(&path, &record.stdout).expect("record file");
    let output = into_full_device(&["validate", &path.display().to_string()]);
    assert_no_panic("validate", &output);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("No space left on device"));
}
