//! `tokku batch`: converts many documents in parallel (rayon) into `records.ndjson`,
//! `manifest.ndjson`, `observations.csv` and optionally a SQLite database. Each
//! document is isolated (a bad one is one error record), the run is incremental (an
//! input whose sha256 and tokku version match a record of the previous run is not
//! extracted again) and resumable (finished records are journaled at once). With
//! `--xlsx FILE` the CSVs' tables also go into a workbook, with `--review` every record
//! gets a review page (`review_pages`).

pub mod history;
mod inputs;
mod lock;
mod manifest;
mod outputs;
pub mod panel;
mod publish;
pub mod review_pages;
mod sqlite;
mod state;
mod tables;
mod xlsx;

use std::io::IsTerminal;
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;

use tokku::input::detect::sha256_hex;
use tokku::record::{ErrorCode, Record, Source};

use inputs::{Input, Location};
use manifest::{Converted, Status};
use outputs::{Bom, LOCAL_MEASURES_FILE, MANIFEST_FILE, OBSERVATIONS_FILE, RECORDS_FILE, REPORTS_FILE};
use state::{Journal, Reusable};

/// The `batch` subcommand's arguments.
#[derive(clap::Args, Debug)]
pub struct BatchArgs {
    /// PDF or text files, directories (walked recursively for *.pdf and *.txt) or glob patterns.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output directory (created if missing): records.ndjson, manifest.ndjson, observations.csv, reports.csv.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Also write the records into this SQLite database (tables of schemas/observations.sql).
    #[arg(long, value_name = "FILE")]
    pub sqlite: Option<PathBuf>,
    /// Documents converted at once [default: all cores].
    #[arg(long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
    /// Extract every document again instead of reusing the previous run's records.
    #[arg(long)]
    pub force: bool,
    /// Extract each document in its own worker process, killed when it exceeds the wall
    /// time (a hard stop even where a dependency cannot be interrupted from inside).
    #[arg(long)]
    pub isolate: bool,
    /// A zone list of your own (the format of data/zones.json), searched before the official
    /// one when the panel (panel.csv, restatements.csv, panel_warnings.ndjson) groups reports by zone.
    #[arg(long, value_name = "FILE")]
    pub zones: Option<PathBuf>,
    /// Write the CSVs without the UTF-8 byte order mark (by default they start with one,
    /// so that Excel reads them as UTF-8).
    #[arg(long)]
    pub csv_no_bom: bool,
    /// Also write the CSVs' tables into this Excel workbook (one sheet per table).
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Also write a review page per record and an index into DIR/review/ (HTML to check
    /// each record against its document).
    #[arg(long)]
    pub review: bool,
    #[command(flatten)]
    pub limits: tokku::pdf::limits::LimitArgs,
}

/// How each document is extracted.
enum Extraction {
    /// In this process, under the limits, with a watchdog thread.
    InProcess(tokku::pdf::limits::Limits),
    /// In a worker process (`tokku extract-one`) that is killed at the limit.
    Isolated { exe: PathBuf, limits: tokku::pdf::limits::Limits },
}

/// Runs a batch. Exit status 0 when every record is without error, 1 when any input
/// failed (or an output could not be written), 2 for a usage error.
pub fn run(args: &BatchArgs) -> ExitCode {
    let started = Instant::now();
    let extra_zones = match args.zones.as_deref().map(panel::read_extra_zones).transpose() {
        Ok(zones) => zones.unwrap_or_default(),
        Err(message) => {
            eprintln!("tokku batch: {message}");
            return ExitCode::from(2);
        }
    };
    let documents = inputs::expand(&args.inputs);
    if documents.is_empty() {
        eprintln!("tokku batch: no documents found (directories are searched for *.pdf and *.txt)");
        return ExitCode::from(2);
    }
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("tokku batch: cannot create the output directory {}: {e}", args.out.display());
        return ExitCode::from(2);
    }
    // Held until this function returns: one run per output directory.
    let _lock = match lock::OutLock::acquire(&args.out) {
        Ok((lock, lock::Taken::Fresh)) => lock,
        Ok((lock, lock::Taken::Stale(pid))) => {
            eprintln!("tokku batch: notice: took over the lock of {} left by a run that is gone (pid {pid})", args.out.display());
            lock
        }
        Err(e) => {
            eprintln!("tokku batch: {e}");
            return ExitCode::from(1);
        }
    };
    let reusable = if args.force {
        Reusable::default()
    } else {
        let (reusable, notes) = Reusable::load(&args.out);
        for note in notes {
            eprintln!("tokku batch: {note}");
        }
        reusable
    };
    let journal = match Journal::open(&args.out) {
        Ok(journal) => journal,
        Err(e) => {
            eprintln!("tokku batch: cannot write in {}: {e}", args.out.display());
            return ExitCode::from(1);
        }
    };
    let jobs = args.jobs.map(NonZeroUsize::get).unwrap_or_else(|| std::thread::available_parallelism().map(NonZeroUsize::get).unwrap_or(1));
    let pool = match rayon::ThreadPoolBuilder::new().num_threads(jobs).build() {
        Ok(pool) => pool,
        Err(e) => {
            eprintln!("tokku batch: cannot start {jobs} worker threads: {e}");
            return ExitCode::from(1);
        }
    };

    let limits = args.limits.limits();
    let extraction = if args.isolate {
        match std::env::current_exe() {
            Ok(exe) => Extraction::Isolated { exe, limits },
            Err(e) => {
                eprintln!("tokku batch: --isolate needs the path of the tokku binary: {e}");
                return ExitCode::from(2);
            }
        }
    } else {
        Extraction::InProcess(limits)
    };
    let review_index = args.review.then(|| review_pages::batch_review_index(&args.out));
    let progress = progress_bar(documents.len(), review_index.as_deref());
    let journal_failure: Mutex<Option<String>> = Mutex::new(None);
    let converted: Result<Vec<Converted>, serde_json::Error> = pool.install(|| {
        documents
            .par_iter()
            .map(|input| {
                let converted = convert(input, &reusable, &extraction)?;
                if converted.entry.status != Status::Skipped {
                    if let Err(e) = journal.append(&converted) {
                        if let Ok(mut failure) = journal_failure.lock() {
                            failure.get_or_insert_with(|| e.to_string());
                        }
                    }
                }
                progress.inc(1);
                Ok(converted)
            })
            .collect()
    });
    let mut converted = match converted {
        Ok(converted) => converted,
        Err(e) => {
            eprintln!("tokku batch: a record could not be serialized (a bug; please report it): {e}");
            return ExitCode::from(1);
        }
    };
    if let Ok(Some(failure)) = journal_failure.into_inner() {
        eprintln!("tokku batch: warning: the journal could not be written ({failure}); an interruption now would lose work");
    }
    converted.sort_by(|a, b| a.entry.path.cmp(&b.entry.path));

    let bom = if args.csv_no_bom { Bom::Leave } else { Bom::Write };
    if let Err(message) = write_outputs(&args.out, args.sqlite.as_deref(), args.xlsx.as_deref(), bom, &converted) {
        progress.finish_and_clear();
        eprintln!("tokku batch: {message}; the journal {} keeps the records extracted", args.out.join(state::JOURNAL_FILE).display());
        return ExitCode::from(1);
    }
    // The panel is rebuilt from records.ndjson, so a resumed or incremental run gives the same panel.
    if let Err(message) = panel::write_outputs(&args.out, args.sqlite.as_deref(), &extra_zones) {
        eprintln!("tokku batch: {message}");
        return ExitCode::from(1);
    }
    if let Err(e) = journal.remove() {
        eprintln!("tokku batch: warning: cannot remove the journal: {e}");
    }
    // The run's time and rate are those of the conversion; the review pages' time is told apart.
    let converted_in = started.elapsed();
    let review_started = Instant::now();
    let mut review_failed = false;
    if let Some(index) = &review_index {
        progress.set_message(format!("writing the review pages → {}", index.display()));
        let locations: std::collections::HashMap<&str, &Path> = documents
            .iter()
            .filter_map(|d| match &d.location {
                Location::File(path) => Some((d.name.as_str(), path.as_path())),
                Location::Missing(_) => None,
            })
            .collect();
        let records: Vec<(&Record, Option<&Path>)> = converted.iter().map(|c| (&c.record, locations.get(c.entry.path.as_str()).copied())).collect();
        if let Err(message) = pool.install(|| review_pages::write_batch_review(&args.out, &records, &args.limits.limits())) {
            eprintln!("tokku batch: {message}");
            review_failed = true;
        }
    }
    progress.finish_and_clear();
    let outputs = Outputs {
        out: &args.out,
        sqlite: args.sqlite.as_deref(),
        xlsx: args.xlsx.as_deref(),
        review: review_index.as_deref().filter(|_| !review_failed).map(|index| (index, review_started.elapsed())),
    };
    eprintln!("{}", summary(&converted, jobs, converted_in, &outputs));
    if review_failed || converted.iter().any(|c| c.record.error.is_some()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// One document: reused when its bytes were converted before by this version,
/// extracted otherwise; a file that cannot be read gives an `io` error record.
fn convert(input: &Input, reusable: &Reusable, extraction: &Extraction) -> Result<Converted, serde_json::Error> {
    let started = Instant::now();
    let record = match &input.location {
        Location::Missing(reason) => io_failure(&input.name, reason.clone()),
        Location::File(path) => match std::fs::read(path) {
            Err(e) => io_failure(&input.name, format!("cannot read {}: {e}", path.display())),
            Ok(bytes) => {
                if let Some(previous) = reusable.take(&sha256_hex(&bytes), &input.name) {
                    return Ok(previous);
                }
                match extraction {
                    Extraction::InProcess(limits) => tokku::worker::extract_record_watched(&bytes, &input.name, limits),
                    Extraction::Isolated { exe, limits } => {
                        let (mut record, _stats) = tokku::worker::extract_isolated(exe, path, limits);
                        record.source.file = input.name.clone();
                        record
                    }
                }
            }
        },
    };
    let milliseconds = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Converted::from_record(&input.name, record, milliseconds)
}

fn io_failure(name: &str, message: String) -> Record {
    Record::failed(Source { file: name.to_string(), ..Source::default() }, ErrorCode::Io, message, Vec::new())
}

/// Writes every output into a new generation and publishes them as one set
/// ([`publish`]), the manifest last (it is what the next run trusts); the database and
/// the workbook, replaced on their own, are written first, so a failure there publishes
/// nothing.
fn write_outputs(out: &Path, sqlite: Option<&Path>, workbook: Option<&Path>, bom: Bom, converted: &[Converted]) -> Result<(), String> {
    let mut set = publish::OutputSet::begin(out).map_err(|e| format!("cannot write in {}: {e}", out.display()))?;
    let mut write = |name: &str, bytes: &[u8]| set.write(name, bytes).map_err(|e| format!("cannot write {}: {e}", out.join(name).display()));
    write(RECORDS_FILE, outputs::records_ndjson(converted).as_bytes())?;
    let observations = tables::observations(converted);
    let reports = tables::reports(converted);
    let local_measures = tables::local_measures(converted);
    for (file, table) in [(OBSERVATIONS_FILE, &observations), (REPORTS_FILE, &reports), (LOCAL_MEASURES_FILE, &local_measures)] {
        write(file, &outputs::table_csv(table, bom).map_err(|e| format!("cannot write {file}: {e}"))?)?;
    }
    let manifest = outputs::manifest_ndjson(converted).map_err(|e| format!("cannot serialize the manifest: {e}"))?;
    write(MANIFEST_FILE, manifest.as_bytes())?;
    if let Some(path) = workbook {
        let bytes = xlsx::workbook(&[&observations, &reports, &local_measures]).map_err(|e| format!("cannot make the workbook {}: {e}", path.display()))?;
        outputs::write_atomically(path, &bytes).map_err(|e| format!("cannot write the workbook {}: {e}", path.display()))?;
    }
    if let Some(database) = sqlite {
        sqlite::write_database(database, converted.iter().map(|c| &c.record)).map_err(|e| format!("cannot write the database {}: {e}", database.display()))?;
    }
    set.commit().map_err(|e| format!("cannot publish the outputs in {}: {e}", out.display()))
}

/// The progress bar on stderr (hidden when stderr is not a terminal); it names the
/// review index when the batch writes one.
fn progress_bar(length: usize, review_index: Option<&Path>) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(length as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template(&progress_template(review_index.is_some())) {
        bar.set_style(style);
    }
    if let Some(index) = review_index {
        bar.set_message(format!("review pages → {}", index.display()));
    }
    bar
}

/// The bar's template; with a review index, its message (the index's path) follows.
fn progress_template(with_review: bool) -> String {
    let base = "{bar:40} {pos}/{len} documents · {elapsed} elapsed · about {eta} left";
    if with_review { format!("{base} · {{msg}}") } else { base.to_string() }
}

/// Where the batch wrote, for the summary.
struct Outputs<'a> {
    out: &'a Path,
    sqlite: Option<&'a Path>,
    xlsx: Option<&'a Path>,
    /// The review index and the time the review pages took.
    review: Option<(&'a Path, Duration)>,
}

/// The closing paragraph on stderr.
fn summary(converted: &[Converted], jobs: usize, elapsed: Duration, outputs: &Outputs) -> String {
    let count = |status: Status| converted.iter().filter(|c| c.entry.status == status).count();
    let skipped = count(Status::Skipped);
    let extracted = converted.len() - skipped;
    let pages: u64 = converted.iter().filter_map(|c| c.entry.pages).map(u64::from).sum();
    let extracted_pages: u64 = converted.iter().filter(|c| c.entry.status != Status::Skipped).filter_map(|c| c.entry.pages).map(u64::from).sum();
    let errors = converted.iter().filter(|c| c.record.error.is_some()).count();
    let warnings: usize = converted.iter().map(|c| c.record.warnings.len()).sum();
    let observations: usize = converted.iter().flat_map(|c| &c.record.indicators).flat_map(|i| &i.targets).map(|t| t.series.len()).sum();
    let seconds = elapsed.as_secs_f64();
    let rate = if extracted_pages > 0 && seconds > 0.0 { format!(", {:.1} pages/s", extracted_pages as f64 / seconds) } else { String::new() };
    let memory = peak_memory_mib().map(|m| format!(", peak memory {m} MiB")).unwrap_or_default();
    let database = outputs.sqlite.map(|d| format!(", the database {}", d.display())).unwrap_or_default();
    let workbook = outputs.xlsx.map(|w| format!(", the workbook {}", w.display())).unwrap_or_default();
    let review = outputs.review.map(|(index, took)| format!(", the review pages in {:.1} s (open {})", took.as_secs_f64(), index.display())).unwrap_or_default();
    let workers = if jobs == 1 { "1 job".to_string() } else { format!("{jobs} jobs") };
    let error_note = if errors > 0 { format!(" ({MANIFEST_FILE} names them)") } else { String::new() };
    format!(
        "tokku batch: {} documents ({extracted} extracted, {skipped} skipped as unchanged), {pages} pages, {} records, \
         {}, {}{error_note}; {observations} observations. {:.1} s with {workers}{rate}{memory}. \
         Written to {}: {RECORDS_FILE}, {MANIFEST_FILE}, {OBSERVATIONS_FILE}, {REPORTS_FILE}{database}{workbook}{review}.",
        converted.len(),
        converted.len(),
        counted(warnings, "warning"),
        counted(errors, "error"),
        seconds,
        outputs.out.display(),
    )
}

/// `1 error`, `3 errors`.
fn counted(count: usize, noun: &str) -> String {
    if count == 1 { format!("1 {noun}") } else { format!("{count} {noun}s") }
}

/// The process's peak resident memory (Linux: VmHWM of /proc/self/status).
fn peak_memory_mib() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_progress_bar_names_the_review_index_only_when_one_is_written() {
        assert!(progress_template(true).ends_with(" · {msg}"), "{}", progress_template(true));
        assert!(!progress_template(false).contains("{msg}"));
        assert!(ProgressStyle::with_template(&progress_template(true)).is_ok());
    }
}
