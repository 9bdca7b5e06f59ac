//! Every `tokku` command the README shows runs as written on a clean clone: the lines of
//! the README's "Commands" block are run in order (with the built binary, from a scratch
//! folder that sees the repository's fixtures), and each must end with the status its
//! comment implies (0, or 1 where the README says the run reports a failure).

use std::path::{Path, PathBuf};
use std::process::Command;

/// The README's command lines, without their comments.
fn readme_commands() -> Vec<String> {
    let readme = std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
        .expect("README.md");
    let section = readme.split("## Commands").nth(1).expect("a Commands section");
    let block = section.split("```sh").nth(1).and_then(|b| b.split("```").next()).expect("a block");
    block
        .lines()
        .map(|line| line.split(" #").next().unwrap_or("").trim().to_string())
        .filter(|line| line.starts_with("tokku "))
        .collect()
}

/// The status a README command must end with: `--strict` on the seed (which carries
/// warnings), and the batch over fixtures/pdf and its review pages (the folder holds a PDF
/// that is not a report) report failures with 1; everything else succeeds.
fn expected_status(command: &str) -> i32 {
    if command.contains("--strict")
        || command.starts_with("tokku batch fixtures/pdf")
        || command.starts_with("tokku review out")
    {
        1
    } else {
        0
    }
}

#[test]
fn every_command_of_the_readme_runs() {
    let commands = readme_commands();
    assert!(commands.len() >= 10, "the README's commands were found: {commands:?}");
    let scratch = tempfile::tempdir().expect("a scratch folder");
    let fixtures = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fixtures");
    std::os::unix::fs::symlink(&fixtures, scratch.path().join("fixtures")).expect("a link");
    let mut failures = Vec::new();
    for command in &commands {
        let args: Vec<&str> = command.split_whitespace().skip(1).collect();
        let output = Command::new(env!("CARGO_BIN_EXE_tokku"))
            .args(&args)
            .current_dir(scratch.path())
            .env_remove("LANG")
            .env_remove("LC_ALL")
            .env_remove("LC_MESSAGES")
            .output()
            .expect("tokku runs");
        let status = output.status.code().unwrap_or(-1);
        if status != expected_status(command) {
            failures.push(format!(
                "{command}: status {status}\n{}",
                String::from_utf8_lossy(&output.stderr).chars().take(2000).collect::<String>()
            ));
        }
        // A command that writes a folder (`--out DIR`) must have written it; the others
        // print their result.
        // (`tokku review BATCH_DIR` writes BATCH_DIR/review.)
        let folder = match args.iter().position(|a| *a == "--out") {
            Some(i) => args.get(i + 1).map(|dir| scratch.path().join(dir)),
            None if args.first() == Some(&"review") => {
                args.get(1).map(|dir| scratch.path().join(dir).join("review"))
            }
            None => None,
        };
        match folder {
            Some(written) => {
                let written = Some(written);
                let entries = written.and_then(|dir| std::fs::read_dir(dir).ok());
                if entries.is_none_or(|mut e| e.next().is_none()) {
                    failures.push(format!("{command}: wrote nothing into its --out folder"));
                }
            }
            None if output.stdout.is_empty() => {
                failures.push(format!("{command}: printed nothing on stdout"))
            }
            None => {}
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n\n"));
}
