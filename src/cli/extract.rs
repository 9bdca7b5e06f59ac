//! `tokku extract FILE…`: one JSON record per input on stdout (NDJSON), or with
//! `--summary` a short text per record for a person; an error record also says why on
//! stderr. And the hidden `tokku extract-one FILE`, the worker process of isolated runs:
//! one record line on stdout and its cost on stderr.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use tokku::extract::{Extractor, Isolation};
use tokku::lang::Lang;
use tokku::msg;
use tokku::pdf::limits::Limits;
use tokku::record::{ErrorCode, Record, Source};

use crate::cli::output::{self, Output};
use crate::cli::{complain, complain_failed};

/// The body of `tokku extract`: status 1 when any record is an error record (or, with
/// `strict`, carries a warning).
pub fn run(
    files: &[PathBuf],
    strict: bool,
    summary: bool,
    limits: &Limits,
    lang: Lang,
) -> ExitCode {
    let extractor =
        Extractor::new().with_limits(*limits).with_isolation(Isolation::Watchdog).with_lang(lang);
    let mut out = Output::stdout();
    let mut failed = false;
    for path in files {
        let mut record = match read_input(path) {
            Ok(bytes) => extractor.record(&bytes, &path.display().to_string()),
            Err(record) => record,
        };
        record.localize(lang);
        // The record says why on stdout (which may be going into a file); a person at a
        // terminal reads it here.
        if let Some(error) = &record.error {
            complain_failed(path, error.code, &error.message, lang);
        }
        failed |= record.error.is_some() || (strict && !record.warnings.is_empty());
        let text = if summary {
            Ok(crate::cli::summary::record_summary(&record))
        } else {
            serde_json::to_string(&record)
        };
        let line = match text {
            Ok(line) => line,
            Err(e) => {
                complain(
                    msg!(
                        "cli.unserializable",
                        file = path.display().to_string(),
                        detail = e.to_string()
                    ),
                    lang,
                );
                failed = true;
                continue;
            }
        };
        // Each record goes out as soon as it is made (a reader follows the progress).
        if let Err(stop) = out.line(&line).and_then(|()| out.finish()) {
            return stop.exit("extract");
        }
    }
    output::finish(out, "extract", if failed { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The body of the hidden `tokku extract-one` (one file in a worker process): its record as
/// one JSON line on stdout and `tokku-worker: elapsed_ms=… peak_rss_kib=…` on stderr.
pub fn run_one(file: &Path, limits: &Limits, lang: Lang) -> ExitCode {
    let extractor =
        Extractor::new().with_limits(*limits).with_isolation(Isolation::Watchdog).with_lang(lang);
    let (record, stats) = extractor.record_file(file);
    let peak = stats.peak_rss_kib.map(|k| k.to_string()).unwrap_or_else(|| "unknown".into());
    eprintln!("tokku-worker: elapsed_ms={} peak_rss_kib={peak}", stats.elapsed.as_millis());
    let status = if record.error.is_some() { ExitCode::from(1) } else { ExitCode::SUCCESS };
    let mut out = Output::stdout();
    match out.line(&serde_json::to_string(&record).unwrap_or_default()) {
        Ok(()) => output::finish(out, "extract-one", status),
        Err(stop) => stop.exit("extract-one"),
    }
}

/// The input's bytes, or the `io` error record of a file that cannot be read.
fn read_input(path: &Path) -> Result<Vec<u8>, Record> {
    std::fs::read(path).map_err(|e| {
        Record::failed(
            Source { file: path.display().to_string(), sha256: None, ..Source::default() },
            ErrorCode::Io,
            tokku::extract::worker::cannot_read(&path.display().to_string(), &e),
            Vec::new(),
        )
    })
}
