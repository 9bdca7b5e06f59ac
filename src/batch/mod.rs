//! `tokku batch`: converts many documents in parallel (rayon) into `records.ndjson`,
//! `manifest.ndjson`, `observations.csv` and optionally a SQLite database. Each
//! document is isolated (a bad one is one error record), the run is incremental (an
//! input whose sha256 and tokku version match a record of the previous run is not
//! extracted again) and resumable (finished records are journaled at once). Records
//! are not held in memory: the outputs are written from the journal, a few records at
//! a time, so memory does not grow with the number of documents.

mod inputs;
mod manifest;
mod outputs;
mod sqlite;
mod state;

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
use outputs::{StagedFile, MANIFEST_FILE, OBSERVATIONS_FILE, RECORDS_FILE};
use state::{Journal, JournalSpan, Reusable};

/// The `batch` subcommand's arguments.
#[derive(clap::Args, Debug)]
pub struct BatchArgs {
    /// PDF or text files, directories (walked recursively for *.pdf and *.txt) or glob patterns.
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output directory (created if missing): records.ndjson, manifest.ndjson, observations.csv.
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
    let documents = inputs::expand(&args.inputs);
    if documents.is_empty() {
        eprintln!("tokku batch: no documents found (directories are searched for *.pdf and *.txt)");
        return ExitCode::from(2);
    }
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("tokku batch: cannot create the output directory {}: {e}", args.out.display());
        return ExitCode::from(2);
    }
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
    let progress = progress_bar(documents.len());
    let journal_failure: Mutex<Option<String>> = Mutex::new(None);
    // Only each document's counts stay in memory: its manifest entry and record go
    // to the journal at once and are streamed back from it into the outputs, so memory
    // does not grow with the number of documents.
    let kept: Result<Vec<Kept>, serde_json::Error> = pool.install(|| {
        documents
            .par_iter()
            .enumerate()
            .map(|(index, input)| {
                let converted = convert(input, &reusable, &extraction)?;
                let kept = match journal.append(&converted) {
                    Ok(span) => Kept::new(index, &converted, KeptRecord::Journaled(span)),
                    Err(e) => {
                        if let Ok(mut failure) = journal_failure.lock() {
                            failure.get_or_insert_with(|| e.to_string());
                        }
                        let kept = Kept::new(index, &converted, KeptRecord::Journaled(JournalSpan::default()));
                        Kept { record: KeptRecord::Held(Box::new(converted)), ..kept }
                    }
                };
                progress.inc(1);
                Ok(kept)
            })
            .collect()
    });
    progress.finish_and_clear();
    let mut kept = match kept {
        Ok(kept) => kept,
        Err(e) => {
            eprintln!("tokku batch: a record could not be serialized (a bug; please report it): {e}");
            return ExitCode::from(1);
        }
    };
    if let Ok(Some(failure)) = journal_failure.into_inner() {
        eprintln!("tokku batch: warning: the journal could not be written ({failure}); an interruption now would lose work");
    }
    // In input order, which is name order.
    kept.sort_by_key(|k| k.input);

    if let Err(message) = write_outputs(&args.out, args.sqlite.as_deref(), &kept, &journal) {
        eprintln!("tokku batch: {message}; the journal {} keeps the records extracted", args.out.join(state::JOURNAL_FILE).display());
        return ExitCode::from(1);
    }
    if let Err(e) = journal.remove() {
        eprintln!("tokku batch: warning: cannot remove the journal: {e}");
    }
    eprintln!("{}", summary(&kept, jobs, started.elapsed(), &args.out, args.sqlite.as_deref()));
    if kept.iter().any(|k| k.failed) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// What the batch keeps of a document while it runs: what the summary counts, and
/// where the document (manifest entry and record) is.
struct Kept {
    /// Position in the sorted inputs.
    input: usize,
    status: Status,
    pages: Option<u32>,
    /// The record is an error record.
    failed: bool,
    warnings: usize,
    observations: usize,
    record: KeptRecord,
}

/// The number of 別紙1 observations (year points) of a record.
fn observation_count(converted: &Converted) -> usize {
    converted.record.indicators.iter().flat_map(|i| &i.targets).map(|t| t.series.len()).sum()
}

/// Where a document's record is until the outputs are written.
enum KeptRecord {
    /// In the journal (the usual case).
    Journaled(JournalSpan),
    /// In memory, because the journal could not be written.
    Held(Box<Converted>),
}

impl Kept {
    fn new(input: usize, converted: &Converted, record: KeptRecord) -> Kept {
        Kept {
            input,
            status: converted.entry.status,
            pages: converted.entry.pages,
            failed: converted.record.error.is_some(),
            warnings: converted.record.warnings.len(),
            observations: observation_count(converted),
            record,
        }
    }

    /// The document with its record, read back from the journal when it is there.
    fn load(&self, journal: &Journal) -> Result<Converted, String> {
        match &self.record {
            KeptRecord::Held(converted) => Ok((**converted).clone()),
            KeptRecord::Journaled(span) => journal.read_line(*span).map_err(|e| format!("cannot read a record back from the journal: {e}")),
        }
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

/// Documents read back from the journal at once while the outputs are written.
const OUTPUT_CHUNK: usize = 32;

/// Writes every output, the manifest last (it is what the next run trusts), reading the
/// records back from the journal a few at a time.
fn write_outputs(out: &Path, sqlite: Option<&Path>, kept: &[Kept], journal: &Journal) -> Result<(), String> {
    let failed = |name: &str, e: std::io::Error| format!("cannot write {}: {e}", out.join(name).display());
    let stage = |name: &str| StagedFile::create(&out.join(name)).map_err(|e| failed(name, e));
    let mut records = stage(RECORDS_FILE)?;
    let mut observations = stage(OBSERVATIONS_FILE)?;
    let mut manifest = stage(MANIFEST_FILE)?;
    if kept.is_empty() {
        observations.write(outputs::observations_csv(&[]).as_bytes()).map_err(|e| failed(OBSERVATIONS_FILE, e))?;
    }
    for (index, chunk) in kept.chunks(OUTPUT_CHUNK).enumerate() {
        let documents = chunk.iter().map(|k| k.load(journal)).collect::<Result<Vec<Converted>, String>>()?;
        records.write(outputs::records_ndjson(&documents).as_bytes()).map_err(|e| failed(RECORDS_FILE, e))?;
        // Every chunk's CSV starts with the header line: only the first keeps it.
        let csv = outputs::observations_csv(&documents);
        let rows = if index == 0 { csv.as_str() } else { csv.split_once('\n').map_or("", |(_, rows)| rows) };
        observations.write(rows.as_bytes()).map_err(|e| failed(OBSERVATIONS_FILE, e))?;
        let lines = outputs::manifest_ndjson(&documents).map_err(|e| format!("cannot serialize the manifest: {e}"))?;
        manifest.write(lines.as_bytes()).map_err(|e| failed(MANIFEST_FILE, e))?;
    }
    records.commit().map_err(|e| failed(RECORDS_FILE, e))?;
    observations.commit().map_err(|e| failed(OBSERVATIONS_FILE, e))?;
    if let Some(database) = sqlite {
        let mut unread = None;
        let records = kept.iter().map_while(|k| match k.load(journal) {
            Ok(converted) => Some(converted.record),
            Err(e) => {
                unread = Some(e);
                None
            }
        });
        let written = sqlite::write_database(database, records);
        if let Some(e) = unread {
            return Err(e);
        }
        written.map_err(|e| format!("cannot write the database {}: {e}", database.display()))?;
    }
    manifest.commit().map_err(|e| failed(MANIFEST_FILE, e))
}

fn progress_bar(length: usize) -> ProgressBar {
    if !std::io::stderr().is_terminal() {
        return ProgressBar::hidden();
    }
    let bar = ProgressBar::with_draw_target(Some(length as u64), ProgressDrawTarget::stderr());
    if let Ok(style) = ProgressStyle::with_template("{bar:40} {pos}/{len} documents · {elapsed} elapsed · about {eta} left") {
        bar.set_style(style);
    }
    bar
}

/// The closing paragraph on stderr.
fn summary(converted: &[Kept], jobs: usize, elapsed: Duration, out: &Path, sqlite: Option<&Path>) -> String {
    let count = |status: Status| converted.iter().filter(|c| c.status == status).count();
    let skipped = count(Status::Skipped);
    let extracted = converted.len() - skipped;
    let pages: u64 = converted.iter().filter_map(|c| c.pages).map(u64::from).sum();
    let extracted_pages: u64 = converted.iter().filter(|c| c.status != Status::Skipped).filter_map(|c| c.pages).map(u64::from).sum();
    let errors = converted.iter().filter(|c| c.failed).count();
    let warnings: usize = converted.iter().map(|c| c.warnings).sum();
    let observations: usize = converted.iter().map(|c| c.observations).sum();
    let seconds = elapsed.as_secs_f64();
    let rate = if extracted_pages > 0 && seconds > 0.0 { format!(", {:.1} pages/s", extracted_pages as f64 / seconds) } else { String::new() };
    let memory = peak_memory_mib().map(|m| format!(", peak memory {m} MiB")).unwrap_or_default();
    let database = sqlite.map(|d| format!(" and the database {}", d.display())).unwrap_or_default();
    let workers = if jobs == 1 { "1 job".to_string() } else { format!("{jobs} jobs") };
    let error_note = if errors > 0 { format!(" ({MANIFEST_FILE} names them)") } else { String::new() };
    format!(
        "tokku batch: {} documents ({extracted} extracted, {skipped} skipped as unchanged), {pages} pages, {} records, \
         {}, {}{error_note}; {observations} observations. {:.1} s with {workers}{rate}{memory}. \
         Written to {}: {RECORDS_FILE}, {MANIFEST_FILE}, {OBSERVATIONS_FILE}{database}.",
        converted.len(),
        converted.len(),
        counted(warnings, "warning"),
        counted(errors, "error"),
        seconds,
        out.display(),
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
