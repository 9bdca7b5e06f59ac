//! The binary's `diff` and `verify` subcommands: argument parsing, output and exit
//! status around the library's comparison engine ([`tokku::compare::diff`], [`tokku::compare::verify`]).
//! Exit status (like diff(1)): 0 equal / every input passed, 1 different / any failed,
//! 2 usage error (unreadable input, bad pattern, nothing to verify).

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use tokku::compare::diff::{diff_sets, read_record_set, Ignore};
use tokku::compare::verify;

/// `tokku diff OLD NEW`.
#[derive(clap::Args, Debug)]
pub struct DiffArgs {
    /// The earlier records: an NDJSON file, a JSON record, or a batch output folder.
    pub old: PathBuf,
    /// The later records, in the same forms.
    pub new: PathBuf,
    /// Print one JSON document (every document, its changes, the summary) instead of text.
    #[arg(long)]
    pub json: bool,
    /// Leave out differences at JSON pointers matching this glob (`*` = one segment),
    /// and below them; repeatable. E.g. `/source/file`, `/warnings/*/message`.
    #[arg(long, value_name = "PATH_GLOB")]
    pub ignore: Vec<String>,
}

/// `tokku verify DIR...`.
#[derive(clap::Args, Debug)]
pub struct VerifyArgs {
    /// Folders of reports (walked for *.pdf and *.txt), each beside its NAME.expected.json; or files.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Look for (and write) the expected records in this folder instead of beside the inputs.
    #[arg(long, value_name = "DIR")]
    pub expected: Option<PathBuf>,
    /// Write the new records as expected files where they are missing or differ (listing each).
    #[arg(long)]
    pub update: bool,
    /// Leave out differences at JSON pointers matching this glob; repeatable.
    #[arg(long, value_name = "PATH_GLOB")]
    pub ignore: Vec<String>,
    /// Compare free text (section texts, names of measures …) exactly, whitespace
    /// included; by default whitespace there is no difference (a PDF cannot show it).
    #[arg(long)]
    pub exact: bool,
    #[command(flatten)]
    pub limits: crate::cli::limits::LimitArgs,
}

fn print(text: &str) {
    // A closed pipe (| head) is not an error worth a panic.
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

pub fn diff(args: &DiffArgs) -> ExitCode {
    let ignore = match Ignore::new(&args.ignore) {
        Ok(ignore) => ignore,
        Err(message) => {
            eprintln!("tokku diff: {message}");
            return ExitCode::from(2);
        }
    };
    let (old, new) = match (read_record_set(&args.old), read_record_set(&args.new)) {
        (Ok(old), Ok(new)) => (old, new),
        (Err(message), _) | (_, Err(message)) => {
            eprintln!("tokku diff: {message}");
            return ExitCode::from(2);
        }
    };
    let result = diff_sets(&old, &new, &ignore);
    if args.json {
        match serde_json::to_string(&result) {
            Ok(line) => print(&format!("{line}\n")),
            Err(e) => {
                eprintln!("tokku diff: cannot serialize the result: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        print(&result.text());
    }
    if result.is_equal() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

pub fn verify(args: &VerifyArgs) -> ExitCode {
    let ignore = match Ignore::new(&args.ignore) {
        Ok(ignore) => ignore,
        Err(message) => {
            eprintln!("tokku verify: {message}");
            return ExitCode::from(2);
        }
    };
    if let Some(missing) = args.paths.iter().find(|p| !p.exists()) {
        eprintln!("tokku verify: {} does not exist", missing.display());
        return ExitCode::from(2);
    }
    let cases = verify::find_cases(&args.paths, args.expected.as_deref());
    if cases.is_empty() {
        eprintln!("tokku verify: no documents found (folders are searched for *.pdf and *.txt)");
        return ExitCode::from(2);
    }
    let options = verify::Options {
        expected_dir: args.expected.clone(),
        ignore,
        update: args.update,
        exact: args.exact,
        limits: args.limits.limits(),
    };
    let results = verify::check_all(&cases, &options);
    print(&verify::report(&results));
    if results.iter().any(|r| verify::failed(&r.outcome)) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}
