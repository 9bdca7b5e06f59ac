//! The `tokku` command line: a thin layer over the library. Exit status 0 when every
//! input gave a record without error, 1 when any failed, 2 for a usage error. Every
//! command writes through [`output`]: a closed pipe ends it quietly, a write error is one
//! line and status 1, a bug is one line (no backtrace unless `RUST_BACKTRACE` is set).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

use tokku::extract::{Extractor, Isolation, UndecodableText};
use tokku::record::schema;
use tokku::record::Record;
use tokku::report::annex1;

mod cli;

use cli::output::{self, Output};
use cli::{batch, history, regression, review_pages};

/// mimalloc instead of the system allocator: reading a PDF builds and drops many small
/// objects (content operations, glyphs, strings), and glibc's malloc and free were a
/// fifth of a document's CPU (issue 16; perf on `tokku batch`). Built without
/// transparent huge pages (`no_thp`): with them a batch's peak RSS nearly doubled
/// (35 → 63 MiB on 20 seed renditions) for no measurable CPU gain; without, 42 MiB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "tokku",
    version,
    about = "総合特別区域評価書 (PDF or text) → validated JSON records"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print one JSON record per input (NDJSON on stdout).
    Extract {
        /// PDF or text files (UTF-8, UTF-16 with BOM, Shift_JIS, EUC-JP).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Exit 1 when any record carries a warning.
        #[arg(long)]
        strict: bool,
        /// Print each record as a short text for a person (values as the report wrote
        /// them, warnings with their pages) instead of JSON.
        #[arg(long)]
        summary: bool,
        #[command(flatten)]
        limits: crate::cli::limits::LimitArgs,
    },
    /// Worker for isolated runs: one file, one record line (see tokku::extract::worker).
    #[command(hide = true)]
    ExtractOne {
        file: PathBuf,
        #[command(flatten)]
        limits: crate::cli::limits::LimitArgs,
    },
    /// Print a document's normalized text, pages separated by form feeds.
    Text {
        file: PathBuf,
        /// Refuse PDFs whose permissions forbid copying text (`encrypted`).
        #[arg(long)]
        respect_permissions: bool,
    },
    /// Check records (a JSON file or NDJSON) against the schema.
    Validate { file: PathBuf },
    /// Show the 別紙1 year tables found, for a person to check.
    Tables {
        file: PathBuf,
        /// Refuse PDFs whose permissions forbid copying text (`encrypted`).
        #[arg(long)]
        respect_permissions: bool,
    },
    /// Convert many documents in parallel into records, a manifest, a CSV and optionally SQLite.
    Batch(batch::BatchArgs),
    /// Compare two record sets fact by fact (NDJSON files or batch output folders).
    Diff(regression::DiffArgs),
    /// Extract every report in folders and compare it with its NAME.expected.json.
    Verify(regression::VerifyArgs),
    /// One zone's targets across its report years (the batch panel) as a year × value table.
    History(history::HistoryArgs),
    /// Write an HTML page per document (and index.html) to check each record against its document.
    Review(review_pages::ReviewArgs),
}

fn main() -> ExitCode {
    output::install_panic_hook();
    let cli = Cli::parse();
    // A panic that escapes a command was reported by the hook in one line: status 1.
    std::panic::catch_unwind(move || run(cli)).unwrap_or(ExitCode::from(1))
}

fn run(cli: Cli) -> ExitCode {
    match cli.command {
        Command::Extract { files, strict, summary, limits } => {
            extract(&files, strict, summary, &limits.limits())
        }
        Command::ExtractOne { file, limits } => extract_one(&file, &limits.limits()),
        Command::Text { file, respect_permissions } => {
            text(&file, &permission_limits(respect_permissions))
        }
        Command::Validate { file } => validate(&file),
        Command::Tables { file, respect_permissions } => {
            tables(&file, &permission_limits(respect_permissions))
        }
        Command::Batch(args) => batch::run(&args),
        Command::Diff(args) => regression::diff(&args),
        Command::Verify(args) => regression::verify(&args),
        Command::History(args) => history::run(&args),
        Command::Review(args) => review_pages::run(&args),
    }
}

/// The body of the hidden `tokku extract-one` (one file in a worker process): its record as
/// one JSON line on stdout and `tokku-worker: elapsed_ms=… peak_rss_kib=…` on stderr.
fn extract_one(file: &std::path::Path, limits: &tokku::pdf::limits::Limits) -> ExitCode {
    let extractor = Extractor::new().with_limits(*limits).with_isolation(Isolation::Watchdog);
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

fn read_input(path: &PathBuf) -> Result<Vec<u8>, Record> {
    std::fs::read(path).map_err(|e| {
        Record::unreadable(
            &path.display().to_string(),
            format!("cannot read {}: {e}", path.display()),
        )
    })
}

fn extract(
    files: &[PathBuf],
    strict: bool,
    summary: bool,
    limits: &tokku::pdf::limits::Limits,
) -> ExitCode {
    let extractor = Extractor::new().with_limits(*limits).with_isolation(Isolation::Watchdog);
    let mut out = Output::stdout();
    let mut failed = false;
    for path in files {
        let record = match read_input(path) {
            Ok(bytes) => extractor.record(&bytes, &path.display().to_string()),
            Err(record) => record,
        };
        if let Some(error) = &record.error {
            // Said on stderr too: the record on stdout may be going into a file.
            let code = serde_json::to_value(error.code).unwrap_or_default();
            eprintln!(
                "tokku extract: {} failed: {}: {}",
                path.display(),
                code.as_str().unwrap_or("error"),
                error.message
            );
        }
        failed |= record.error.is_some() || (strict && !record.warnings.is_empty());
        let text = if summary {
            Ok(cli::summary::record_summary(&record))
        } else {
            serde_json::to_string(&record)
        };
        let line = match text {
            Ok(line) => line,
            Err(e) => {
                eprintln!("tokku: cannot serialize the record of {}: {e}", path.display());
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

/// The default limits, with `--respect-permissions` as given.
fn permission_limits(respect_permissions: bool) -> tokku::pdf::limits::Limits {
    tokku::pdf::limits::Limits { respect_permissions, ..Default::default() }
}

fn text(path: &PathBuf, limits: &tokku::pdf::limits::Limits) -> ExitCode {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("tokku: cannot read {}: {e}", path.display());
            return ExitCode::from(1);
        }
    };
    let extractor =
        Extractor::new().with_limits(*limits).with_undecodable_text(UndecodableText::Keep);
    let read = extractor.read(&bytes, &path.display().to_string());
    match read {
        Ok(read) => {
            for warning in &read.warnings {
                eprintln!(
                    "tokku: warning: {} (page {:?}): {}",
                    warning.code, warning.page, warning.message
                );
            }
            let mut out = Output::stdout();
            match out.line(&read.doc.full_text()) {
                Ok(()) => output::finish(out, "text", ExitCode::SUCCESS),
                Err(stop) => stop.exit("text"),
            }
        }
        Err(failure) => {
            eprintln!(
                "tokku: {}: {}: {}",
                path.display(),
                serde_json::to_string(&failure.code).unwrap_or_default(),
                failure.message
            );
            ExitCode::from(1)
        }
    }
}

fn validate(path: &PathBuf) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            eprintln!("tokku: cannot read {}: {e}", path.display());
            return ExitCode::from(1);
        }
    };
    // One JSON document, or NDJSON (one record per line).
    let documents: Vec<(usize, Result<serde_json::Value, serde_json::Error>)> =
        match serde_json::from_str(&text) {
            Ok(value) => vec![(1, Ok(value))],
            Err(_) => text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| (i + 1, serde_json::from_str(l)))
                .collect(),
        };
    let mut failed = false;
    for (line, document) in documents {
        match document {
            Err(e) => {
                failed = true;
                eprintln!("{}:{line}: not JSON: {e}", path.display());
            }
            Ok(value) => {
                if let Err(violations) = schema::validate(&value) {
                    failed = true;
                    for v in violations {
                        eprintln!("{}:{line}: {v}", path.display());
                    }
                }
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        let mut out = Output::stdout();
        match out.line(&format!("{}: valid", path.display())) {
            Ok(()) => output::finish(out, "validate", ExitCode::SUCCESS),
            Err(stop) => stop.exit("validate"),
        }
    }
}

fn tables(path: &PathBuf, limits: &tokku::pdf::limits::Limits) -> ExitCode {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            eprintln!("tokku: cannot read {}: {e}", path.display());
            return ExitCode::from(1);
        }
    };
    let read = match Extractor::new().with_limits(*limits).read(&bytes, &path.display().to_string())
    {
        Ok(read) => read,
        Err(failure) => {
            eprintln!("tokku: {}: {}", path.display(), failure.message);
            return ExitCode::from(1);
        }
    };
    let found = annex1::read_year_tables(&read.doc);
    let mut report = String::new();
    for (number, table) in found.iter().enumerate() {
        let pages = if table.last_page == table.page {
            format!("page {}", table.page)
        } else {
            format!("pages {}-{}", table.page, table.last_page)
        };
        report.push_str(&format!(
            "table {} · {pages} · strategy {} · rows by {} · confidence {:.2}\n  label: {}\n",
            number + 1,
            table.strategy,
            table.row_bounds,
            table.confidence,
            table.label_text
        ));
        // A grid: one column per fiscal year, as wide as its widest cell; "·" = empty.
        let rows: [(&str, &Vec<Option<String>>); 3] =
            [("目標値", &table.targets), ("実績値", &table.actuals), ("進捗度", &table.progress)];
        let cell = |c: &Option<String>| c.clone().unwrap_or_else(|| "·".into());
        let width = cli::text::display_width;
        let widths: Vec<usize> = (0..table.years.len())
            .map(|k| {
                rows.iter()
                    .map(|(_, row)| row.get(k).map(|c| width(&cell(c))).unwrap_or(1))
                    .max()
                    .unwrap_or(1)
                    .max(6)
            })
            .collect();
        let pad = cli::text::pad_left;
        let line = |head: &str, cells: Vec<String>| {
            format!(
                "  {} |{}\n",
                pad(head, 6),
                cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!(" {} |", pad(c, *w)))
                    .collect::<String>()
            )
        };
        report.push_str(&line("", table.years.iter().map(|y| format!("{y}年度")).collect()));
        for (label, row) in rows {
            report.push_str(&line(
                label,
                (0..table.years.len())
                    .map(|k| row.get(k).map(cell).unwrap_or_else(|| "·".into()))
                    .collect(),
            ));
        }
        for problem in &table.problems {
            report.push_str(&format!("  ! {problem}\n"));
        }
    }
    let mut out = Output::stdout();
    if let Err(stop) = out.text(&report) {
        return stop.exit("tables");
    }
    if found.is_empty() {
        eprintln!("tokku: {}: no 別紙1 year tables found", path.display());
        return output::finish(out, "tables", ExitCode::from(1));
    }
    output::finish(out, "tables", ExitCode::SUCCESS)
}
