//! `tokku verify`: regression tests on a folder of reports, each beside the record a
//! person checked (`NAME.expected.json`). Every input is extracted and compared with its
//! expected record by the engine of `tokku diff` ([`crate::compare::diff`]); `--update` writes the
//! new records as expected files, and only when asked. The project's own golden tests go
//! through this module too (one engine for the project and its users).
//!
//! A record is compared as a person checks it: `source.file` counts as the same when it
//! names the input's file (relative to the expected file, or by its file name), so a
//! folder that moved or a command run from elsewhere still passes, and `--update`
//! writes it relative to the expected file; free text (section texts, the names and
//! texts of 別紙2/別紙3 rows …, [`FREE_TEXT_FIELDS`]) is compared without whitespace,
//! which a PDF cannot show (a line wrapped between two Latin words may or may not have
//! had a space), unless `exact`.
//!
//! Where the expected record of `DIR/report.pdf` is looked for, first found wins:
//! `report.pdf.expected.json`, then `report.expected.json`, beside the input or, with an
//! expected folder (`--expected EXP`), in `EXP`, where `report.json` is also taken (the
//! layout of the project's `fixtures/expected/`).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde_json::Value;
use walkdir::WalkDir;

use crate::compare::diff::{diff_records, Ignore, RecordDiff};
use crate::extract::{Extractor, Isolation};
use crate::pdf::limits::Limits;

/// File extensions taken from a folder (any case), as `tokku batch` does.
const DOCUMENT_EXTENSIONS: [&str; 2] = ["pdf", "txt"];

/// One input and where its expected record is (or would be written).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Case {
    /// The input as found (`DIR/report.pdf`): the record's `source.file`.
    pub input: PathBuf,
    /// The expected record's path.
    pub expected: PathBuf,
    /// Whether `expected` exists.
    pub has_expected: bool,
}

/// What verifying one input found.
#[derive(Debug, Clone, PartialEq)]
pub enum Outcome {
    /// The record equals the expected one (ignored fields aside).
    Pass,
    /// The record differs: OLD is the expected record, NEW the record just made.
    Fail(RecordDiff),
    /// The expected file cannot be read or is not JSON.
    BadExpected(String),
    /// No expected file (and no `--update`).
    NoExpected,
    /// `--update` wrote the expected file: it was missing or differed (the differences).
    Written { created: bool, diff: RecordDiff },
    /// `--update` could not write the expected file.
    WriteFailed(String),
}

/// A case and its outcome.
#[derive(Debug, Clone, PartialEq)]
pub struct Checked {
    pub case: Case,
    pub outcome: Outcome,
}

/// How to verify.
#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Look for (and write) expected records in this folder instead of beside the inputs.
    pub expected_dir: Option<PathBuf>,
    pub ignore: Ignore,
    /// Write the new records as expected files where they are missing or differ.
    pub update: bool,
    /// Compare free text exactly, whitespace included.
    pub exact: bool,
    pub limits: Limits,
}

/// The free-text fields (pointer patterns of the diff engine): section texts and titles,
/// the 別紙1 text rows, the names and texts of 別紙2/別紙3 rows and support projects.
pub const FREE_TEXT_FIELDS: &[&str] = &[
    "/sections/*/text",
    "/sections/*/title",
    "/indicators/*/targets/*/notes",
    "/local_measures/*/name",
    "/local_measures/*/summary",
    "/local_measures/*/result",
    "/local_measures/*/authority",
    "/regulatory_measures/*/name",
    "/regulatory_measures/*/note",
    "/regulatory_measures/*/ministry_evaluation",
    "/support/*/projects/*/name",
];

/// Removes the whitespace of the free-text fields (and of the strings below them).
pub fn fold_free_text(record: &mut Value) {
    let Ok(free_text) = Ignore::new(FREE_TEXT_FIELDS) else { return };
    fold_below(record, "", &free_text);
}

fn fold_below(value: &mut Value, pointer: &str, free_text: &Ignore) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                fold_below(v, &format!("{pointer}/{key}"), free_text);
            }
        }
        Value::Array(items) => {
            for (i, v) in items.iter_mut().enumerate() {
                fold_below(v, &format!("{pointer}/{i}"), free_text);
            }
        }
        Value::String(text) if free_text.covers(pointer) => text.retain(|c| !c.is_whitespace()),
        _ => {}
    }
}

/// Whether the expected record's `source.file` names the input's file: as a path
/// relative to the expected file's folder or to here, or by its file name.
fn names_the_input(expected_file: &str, case: &Case) -> bool {
    let written = Path::new(expected_file);
    let folder = case.expected.parent().unwrap_or(Path::new("."));
    let same_file = |path: &Path| matches!((std::fs::canonicalize(path), std::fs::canonicalize(&case.input)), (Ok(a), Ok(b)) if a == b);
    same_file(&folder.join(written))
        || same_file(written)
        || (written.file_name().is_some() && written.file_name() == case.input.file_name())
}

/// `to` as a path relative to the folder `from` (both made absolute first); `to` as
/// given when that cannot be worked out.
fn relative_path(to: &Path, from: &Path) -> PathBuf {
    let (Ok(to_abs), Ok(from_abs)) = (std::fs::canonicalize(to), std::fs::canonicalize(from))
    else {
        return to.to_path_buf();
    };
    let to_parts: Vec<_> = to_abs.components().collect();
    let from_parts: Vec<_> = from_abs.components().collect();
    let common = to_parts.iter().zip(&from_parts).take_while(|(a, b)| a == b).count();
    let mut relative = PathBuf::new();
    for _ in common..from_parts.len() {
        relative.push("..");
    }
    for part in &to_parts[common..] {
        relative.push(part);
    }
    relative
}

/// The documents under `paths` (folders walked recursively for `*.pdf` and `*.txt`,
/// hidden names left out; files taken as given), in name order, each with its expected file.
pub fn find_cases(paths: &[PathBuf], expected_dir: Option<&Path>) -> Vec<Case> {
    let mut inputs: Vec<PathBuf> = Vec::new();
    for path in paths {
        if path.is_dir() {
            let walker = WalkDir::new(path).sort_by_file_name().into_iter().filter_entry(|e| {
                e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.')
            });
            for entry in walker.flatten() {
                let is_document = entry
                    .path()
                    .extension()
                    .is_some_and(|e| DOCUMENT_EXTENSIONS.iter().any(|d| e.eq_ignore_ascii_case(d)));
                if entry.file_type().is_file() && is_document {
                    inputs.push(entry.into_path());
                }
            }
        } else {
            inputs.push(path.clone());
        }
    }
    inputs.sort();
    inputs.dedup();
    // Inputs that share a stem in one folder (report.pdf, report.txt) get full-name expected files.
    let mut stems: HashMap<(PathBuf, String), usize> = HashMap::new();
    for input in &inputs {
        *stems.entry((expected_folder(input, expected_dir), stem(input))).or_default() += 1;
    }
    inputs
        .into_iter()
        .map(|input| {
            let folder = expected_folder(&input, expected_dir);
            let name =
                input.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
            let stem = stem(&input);
            let mut candidates = vec![
                folder.join(format!("{name}.expected.json")),
                folder.join(format!("{stem}.expected.json")),
            ];
            if expected_dir.is_some() {
                candidates.push(folder.join(format!("{stem}.json")));
            }
            let shared_stem = stems.get(&(folder.clone(), stem.clone())).copied().unwrap_or(0) > 1;
            let found = candidates
                .iter()
                .enumerate()
                .find(|(k, c)| !(shared_stem && *k > 0) && c.is_file())
                .map(|(_, c)| c.clone());
            let has_expected = found.is_some();
            let expected = found.unwrap_or_else(|| {
                if shared_stem {
                    candidates[0].clone()
                } else {
                    candidates[1].clone()
                }
            });
            Case { input, expected, has_expected }
        })
        .collect()
}

fn expected_folder(input: &Path, expected_dir: Option<&Path>) -> PathBuf {
    match expected_dir {
        Some(dir) => dir.to_path_buf(),
        None => input.parent().map(Path::to_path_buf).unwrap_or_default(),
    }
}

fn stem(input: &Path) -> String {
    input.file_stem().map(|s| s.to_string_lossy().to_string()).unwrap_or_default()
}

/// The record of one input as a JSON value (an unreadable file gives an `io` error record).
pub fn record_of(input: &Path, limits: &Limits) -> Value {
    let name = input.display().to_string();
    let record = match std::fs::read(input) {
        Ok(bytes) => Extractor::new()
            .with_limits(*limits)
            .with_isolation(Isolation::Watchdog)
            .record(&bytes, &name),
        Err(e) => crate::record::Record::unreadable(&name, format!("cannot read {name}: {e}")),
    };
    serde_json::to_value(&record).unwrap_or(Value::Null)
}

/// Reads an expected record.
pub fn read_expected(path: &Path) -> Result<Value, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    serde_json::from_str(&text).map_err(|e| format!("{} is not JSON: {e}", path.display()))
}

/// Verifies one case.
pub fn check(case: &Case, options: &Options) -> Outcome {
    let expected = if case.has_expected {
        match read_expected(&case.expected) {
            Ok(value) => Some(value),
            Err(message) if !options.update => return Outcome::BadExpected(message),
            Err(_) => None,
        }
    } else if !options.update {
        return Outcome::NoExpected;
    } else {
        None
    };
    let mut record = record_of(&case.input, &options.limits);
    let diff = match &expected {
        Some(expected) => {
            let (mut expected, mut now) = (expected.clone(), record.clone());
            let names_it = expected
                .pointer("/source/file")
                .and_then(Value::as_str)
                .is_some_and(|file| names_the_input(file, case));
            if let (true, Some(file)) = (names_it, now.pointer("/source/file").cloned()) {
                if let Some(slot) = expected.pointer_mut("/source/file") {
                    *slot = file;
                }
            }
            if !options.exact {
                fold_free_text(&mut expected);
                fold_free_text(&mut now);
            }
            diff_records(&expected, &now, &options.ignore)
        }
        None => RecordDiff::default(),
    };
    if expected.is_some() && diff.is_empty() {
        return Outcome::Pass;
    }
    if !options.update {
        return Outcome::Fail(diff);
    }
    // Written relative to the expected file, so the folder can move.
    let folder = case.expected.parent().filter(|p| !p.as_os_str().is_empty());
    let folder = folder.unwrap_or(Path::new("."));
    if let Some(slot) = record.pointer_mut("/source/file") {
        let relative = match std::fs::create_dir_all(folder) {
            Ok(()) => relative_path(&case.input, folder),
            Err(_) => case.input.clone(),
        };
        *slot = Value::String(relative.display().to_string());
    }
    let text = match serde_json::to_string_pretty(&record) {
        Ok(text) => format!("{text}\n"),
        Err(e) => {
            return Outcome::WriteFailed(format!(
                "cannot serialize the record of {}: {e}",
                case.input.display()
            ))
        }
    };
    if let Some(parent) = case.expected.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(parent) {
            return Outcome::WriteFailed(format!("cannot create {}: {e}", parent.display()));
        }
    }
    match std::fs::write(&case.expected, text) {
        Ok(()) => Outcome::Written { created: expected.is_none(), diff },
        Err(e) => Outcome::WriteFailed(format!("cannot write {}: {e}", case.expected.display())),
    }
}

/// Verifies every case, in order.
pub fn check_all(cases: &[Case], options: &Options) -> Vec<Checked> {
    cases.iter().map(|case| Checked { case: case.clone(), outcome: check(case, options) }).collect()
}

/// Whether a result counts as a failure (exit status 1).
pub fn failed(outcome: &Outcome) -> bool {
    matches!(outcome, Outcome::Fail(_) | Outcome::BadExpected(_) | Outcome::WriteFailed(_))
}

/// The report: one line per input (`PASS`, `FAIL` with its differing pointers,
/// `NO EXPECTED`, `UPDATED`, `CREATED`), then the summary line.
pub fn report(results: &[Checked]) -> String {
    let mut out = String::new();
    let (mut passed, mut failures, mut missing, mut written) = (0, 0, 0, 0);
    for result in results {
        let input = result.case.input.display();
        let expected = result.case.expected.display();
        match &result.outcome {
            Outcome::Pass => {
                passed += 1;
                out.push_str(&format!("PASS {input}\n"));
            }
            Outcome::Fail(diff) => {
                failures += 1;
                out.push_str(&format!("FAIL {input} (expected {expected})\n"));
                for line in diff.lines("  ") {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
            Outcome::BadExpected(message) | Outcome::WriteFailed(message) => {
                failures += 1;
                out.push_str(&format!("FAIL {input}: {message}\n"));
            }
            Outcome::NoExpected => {
                missing += 1;
                out.push_str(&format!("NO EXPECTED {input} (--update writes {expected})\n"));
            }
            Outcome::Written { created, diff } => {
                written += 1;
                let verb = if *created { "CREATED" } else { "UPDATED" };
                out.push_str(&format!("{verb} {expected} (from {input})\n"));
                for line in diff.lines("  ") {
                    out.push_str(&line);
                    out.push('\n');
                }
            }
        }
    }
    out.push_str(&format!("tokku verify: {passed} passed, {failures} failed, {missing} without an expected file, {written} expected files written\n"));
    out
}
