//! `tokku batch`: converts many documents in parallel (rayon) into `records.ndjson`,
//! `manifest.ndjson`, `observations.csv` and optionally a SQLite database. Each
//! document is isolated (a bad one is one error record), the run is incremental (an
//! input whose sha256 and tokku version match a record of the previous run is not
//! extracted again) and resumable (finished records are journaled at once). With
//! `--xlsx FILE` the CSVs' tables also go into a workbook, with `--review` every record
//! gets a review page (`review_pages`).

mod inputs;
mod lock;
mod manifest;
pub mod outputs;
pub mod panel;
mod publish;
mod sqlite;
mod state;
mod tables;
mod xlsx;

use std::io::{BufWriter, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use tokku::extract::{Extractor, Isolation};

use tokku::input::detect::sha256_hex;
use tokku::record::{ErrorCode, Record, Source};

use inputs::{Input, Location};
use manifest::{Converted, Kept, Span, Status, Stored};
use outputs::{
    Bom, TableCsv, LOCAL_MEASURES_FILE, MANIFEST_FILE, OBSERVATIONS_FILE, RECORDS_FILE,
    REPORTS_FILE,
};
use state::{Journal, RecordLines, Reusable};

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
    pub limits: crate::cli::limits::LimitArgs,
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
    let jobs = args.jobs.map(NonZeroUsize::get).unwrap_or_else(|| {
        std::thread::available_parallelism().map(NonZeroUsize::get).unwrap_or(1)
    });
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
    let review_index = args.review.then(|| crate::cli::review_pages::batch_review_index(&args.out));
    let progress = progress_bar(documents.len(), review_index.as_deref());
    let journal_failure: Mutex<Option<String>> = Mutex::new(None);
    // Only each document's manifest entry and where its record line is stay in memory:
    // a fresh record goes to the journal at once, a reused one stays where the previous
    // run left it, and the outputs stream them back a few at a time.
    let convert_one = |input: &Input| -> Result<Kept, serde_json::Error> {
        let kept = match convert(input, &reusable, &extraction)? {
            Done::Reused(kept) => kept,
            Done::Extracted(converted) => match journal.append(&converted) {
                Ok(span) => Kept {
                    entry: converted.entry,
                    observations: converted.observations,
                    stored: Stored::Journal(span),
                    renamed: false,
                },
                Err(e) => {
                    if let Ok(mut failure) = journal_failure.lock() {
                        failure.get_or_insert_with(|| e.to_string());
                    }
                    Kept {
                        entry: converted.entry,
                        observations: converted.observations,
                        stored: Stored::Held(converted.record_line),
                        renamed: false,
                    }
                }
            },
        };
        progress.inc(1);
        Ok(kept)
    };
    let kept = largest_first(&pool, jobs, &documents, convert_one);
    let mut kept = match kept {
        Ok(kept) => kept,
        Err(e) => {
            eprintln!(
                "tokku batch: a record could not be serialized (a bug; please report it): {e}"
            );
            return ExitCode::from(1);
        }
    };
    let mut journal = journal;
    if let Err(e) = journal.finish_syncing() {
        if let Ok(mut failure) = journal_failure.lock() {
            failure.get_or_insert_with(|| e.to_string());
        }
    }
    if let Ok(Some(failure)) = journal_failure.into_inner() {
        eprintln!("tokku batch: warning: the journal could not be written ({failure}); an interruption now would lose work");
    }
    // Inputs come sorted by name; the outputs are in that order.
    debug_assert!(kept.windows(2).all(|w| w[0].entry.path <= w[1].entry.path));

    let bom = if args.csv_no_bom { Bom::Leave } else { Bom::Write };
    let lines = RecordLines::new(reusable.previous_records(), journal.file(), None);
    if let Err(message) = pool.install(|| {
        write_outputs(
            &args.out,
            args.sqlite.as_deref(),
            args.xlsx.as_deref(),
            bom,
            &mut kept,
            &lines,
        )
    }) {
        progress.finish_and_clear();
        eprintln!(
            "tokku batch: {message}; the journal {} keeps the records extracted",
            args.out.join(state::JOURNAL_FILE).display()
        );
        return ExitCode::from(1);
    }
    drop(lines);
    drop(reusable);
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
        let review = match std::fs::File::open(args.out.join(RECORDS_FILE)) {
            Ok(records) => {
                let lines = RecordLines::new(None, &records, Some(&records));
                let load = |position: usize| -> Result<(state::Loaded, Option<PathBuf>), String> {
                    let kept = &kept[position];
                    let (_, record) = lines.record(kept).map_err(|e| {
                        format!("cannot read the record of {} back: {e}", kept.entry.path)
                    })?;
                    let path = match &documents[position].location {
                        Location::File(path) => Some(path.clone()),
                        Location::Missing(_) => None,
                    };
                    Ok((record, path))
                };
                pool.install(|| {
                    crate::cli::review_pages::write_batch_review(
                        &args.out,
                        kept.len(),
                        &load,
                        &args.limits.limits(),
                    )
                })
            }
            Err(e) => {
                Err(format!("cannot read {} back: {e}", args.out.join(RECORDS_FILE).display()))
            }
        };
        if let Err(message) = review {
            eprintln!("tokku batch: {message}");
            review_failed = true;
        }
    }
    progress.finish_and_clear();
    let outputs = Outputs {
        out: &args.out,
        sqlite: args.sqlite.as_deref(),
        xlsx: args.xlsx.as_deref(),
        review: review_index
            .as_deref()
            .filter(|_| !review_failed)
            .map(|index| (index, review_started.elapsed())),
    };
    eprintln!("{}", summary(&kept, jobs, converted_in, &outputs));
    if review_failed || kept.iter().any(|k| k.entry.error_code.is_some()) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// Runs `work` on every document with `jobs` threads of `pool`, largest file first (each
/// thread takes the largest document left, so the run does not end waiting for one big
/// document started last); the results come back in the documents' order.
fn largest_first<T: Send>(
    pool: &rayon::ThreadPool,
    jobs: usize,
    documents: &[Input],
    work: impl Fn(&Input) -> Result<T, serde_json::Error> + Sync,
) -> Result<Vec<T>, serde_json::Error> {
    let size = |input: &Input| match &input.location {
        Location::File(path) => std::fs::metadata(path).map(|m| m.len()).unwrap_or(0),
        Location::Missing(_) => 0,
    };
    let mut order: Vec<(u64, usize)> =
        documents.iter().enumerate().map(|(index, input)| (size(input), index)).collect();
    order.sort_by_key(|&(size, index)| (std::cmp::Reverse(size), index));
    let next = std::sync::atomic::AtomicUsize::new(0);
    let done: Mutex<Vec<(usize, Result<T, serde_json::Error>)>> =
        Mutex::new(Vec::with_capacity(documents.len()));
    pool.scope(|scope| {
        for _ in 0..jobs {
            scope.spawn(|_| {
                while let Some(&(_, index)) =
                    order.get(next.fetch_add(1, std::sync::atomic::Ordering::Relaxed))
                {
                    let result = work(&documents[index]);
                    if let Ok(mut done) = done.lock() {
                        done.push((index, result));
                    }
                }
            });
        }
    });
    let mut done = done.into_inner().unwrap_or_else(|poisoned| poisoned.into_inner());
    done.sort_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

/// What became of a document: a record of a previous run reused, or a record made now.
enum Done {
    Reused(Kept),
    Extracted(Converted),
}

/// One document: reused when its bytes were converted before by this version,
/// extracted otherwise; a file that cannot be read gives an `io` error record.
fn convert(
    input: &Input,
    reusable: &Reusable,
    extraction: &Extraction,
) -> Result<Done, serde_json::Error> {
    let started = Instant::now();
    let record = match &input.location {
        Location::Missing(reason) => io_failure(&input.name, reason.clone()),
        Location::File(path) => match std::fs::read(path) {
            Err(e) => io_failure(&input.name, format!("cannot read {}: {e}", path.display())),
            Ok(bytes) => {
                if let Some(previous) = reusable.take(|| sha256_hex(&bytes), &input.name) {
                    return Ok(Done::Reused(previous));
                }
                match extraction {
                    Extraction::InProcess(limits) => Extractor::new()
                        .with_limits(*limits)
                        .with_isolation(Isolation::Watchdog)
                        .record(&bytes, &input.name),
                    Extraction::Isolated { exe, limits } => {
                        let (mut record, _stats) = Extractor::new()
                            .with_limits(*limits)
                            .with_isolation(Isolation::WorkerProcess { exe: exe.clone() })
                            .record_file(path);
                        record.source.file = input.name.clone();
                        record
                    }
                }
            }
        },
    };
    let milliseconds = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    Converted::from_record(&input.name, &record, milliseconds).map(Done::Extracted)
}

fn io_failure(name: &str, message: String) -> Record {
    Record::failed(
        Source { file: name.to_string(), ..Source::default() },
        ErrorCode::Io,
        message,
        Vec::new(),
    )
}

/// How many records the outputs read back at once (parsed in parallel, then written in
/// order): memory holds at most this many records, whatever the number of documents.
const RECORDS_AT_ONCE: usize = 8;

/// Writes every output into a new generation and publishes them as one set
/// ([`publish`]: the next run trusts the manifest and records of the published set only);
/// the database and the workbook, replaced on their own, are put in place before the set
/// is published, so a failure there publishes nothing. The records are read back from where they are stored, [`RECORDS_AT_ONCE`] at
/// a time, and every output gets its lines and rows of each record in turn; afterwards
/// each document's record is found in the new `records.ndjson` ([`Stored::Output`]).
fn write_outputs(
    out: &Path,
    sqlite: Option<&Path>,
    workbook: Option<&Path>,
    bom: Bom,
    kept: &mut [Kept],
    lines: &RecordLines,
) -> Result<(), String> {
    let mut set = publish::OutputSet::begin(out)
        .map_err(|e| format!("cannot write in {}: {e}", out.display()))?;
    let cannot_write = |name: &str, e: &dyn std::fmt::Display| {
        format!("cannot write {}: {e}", out.join(name).display())
    };
    let mut create =
        |name: &str| set.create(name).map(BufWriter::new).map_err(|e| cannot_write(name, &e));
    let mut records = create(RECORDS_FILE)?;
    let mut manifest = create(MANIFEST_FILE)?;
    let mut tables = Vec::new();
    for (file, (_, columns)) in TABLE_FILES.iter().zip(tables::TABLES) {
        tables.push(
            TableCsv::start(create(file)?, columns, bom).map_err(|e| cannot_write(file, &e))?,
        );
    }
    let mut book = match workbook {
        Some(path) => Some(
            xlsx::WorkbookWriter::new(&tables::TABLES)
                .map_err(|e| format!("cannot make the workbook {}: {e}", path.display()))?,
        ),
        None => None,
    };
    let mut database = match sqlite {
        Some(path) => Some(
            sqlite::DatabaseWriter::create(path)
                .map_err(|e| format!("cannot write the database {}: {e}", path.display()))?,
        ),
        None => None,
    };
    let mut offset = 0u64;
    for chunk in kept.chunks_mut(RECORDS_AT_ONCE) {
        let loaded: Vec<std::io::Result<(String, state::Loaded)>> =
            chunk.par_iter().map(|k| lines.record(k)).collect();
        for (k, loaded) in chunk.iter_mut().zip(loaded) {
            let (line, record) = loaded
                .map_err(|e| format!("cannot read the record of {} back: {e}", k.entry.path))?;
            records
                .write_all(line.as_bytes())
                .and_then(|()| records.write_all(b"\n"))
                .map_err(|e| cannot_write(RECORDS_FILE, &e))?;
            k.stored = Stored::Output(Span { offset, length: line.len() });
            k.renamed = false;
            offset += line.len() as u64 + 1;
            let entry = serde_json::to_string(&k.entry)
                .map_err(|e| format!("cannot serialize the manifest: {e}"))?;
            manifest
                .write_all(entry.as_bytes())
                .and_then(|()| manifest.write_all(b"\n"))
                .map_err(|e| cannot_write(MANIFEST_FILE, &e))?;
            for (table, rows) in tables::rows_of(record.record()).iter().enumerate() {
                for row in rows {
                    tables[table].row(row).map_err(|e| cannot_write(TABLE_FILES[table], &e))?;
                    if let (Some(book), Some(path)) = (&mut book, workbook) {
                        book.add_row(table, row).map_err(|e| {
                            format!("cannot make the workbook {}: {e}", path.display())
                        })?;
                    }
                }
            }
            if let (Some(database), Some(path)) = (&mut database, sqlite) {
                database
                    .add(record.record())
                    .map_err(|e| format!("cannot write the database {}: {e}", path.display()))?;
            }
        }
    }
    records.flush().map_err(|e| cannot_write(RECORDS_FILE, &e))?;
    manifest.flush().map_err(|e| cannot_write(MANIFEST_FILE, &e))?;
    for (table, file) in tables.into_iter().zip(TABLE_FILES) {
        table
            .finish()
            .map_err(|e| cannot_write(file, &e))?
            .flush()
            .map_err(|e| cannot_write(file, &e))?;
    }
    drop((records, manifest));
    if let (Some(book), Some(path)) = (book, workbook) {
        book.finish(path)
            .map_err(|e| format!("cannot write the workbook {}: {e}", path.display()))?;
    }
    if let (Some(database), Some(path)) = (database, sqlite) {
        database
            .finish()
            .map_err(|e| format!("cannot write the database {}: {e}", path.display()))?;
    }
    set.commit().map_err(|e| format!("cannot publish the outputs in {}: {e}", out.display()))
}

/// The CSV files of [`tables::TABLES`], in their order.
const TABLE_FILES: [&str; 3] = [OBSERVATIONS_FILE, REPORTS_FILE, LOCAL_MEASURES_FILE];

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
    if with_review {
        format!("{base} · {{msg}}")
    } else {
        base.to_string()
    }
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
fn summary(kept: &[Kept], jobs: usize, elapsed: Duration, outputs: &Outputs) -> String {
    let count = |status: Status| kept.iter().filter(|k| k.entry.status == status).count();
    let skipped = count(Status::Skipped);
    let extracted = kept.len() - skipped;
    let pages: u64 = kept.iter().filter_map(|k| k.entry.pages).map(u64::from).sum();
    let extracted_pages: u64 = kept
        .iter()
        .filter(|k| k.entry.status != Status::Skipped)
        .filter_map(|k| k.entry.pages)
        .map(u64::from)
        .sum();
    let errors = kept.iter().filter(|k| k.entry.error_code.is_some()).count();
    let warnings: usize = kept.iter().map(|k| k.entry.warnings).sum();
    let observations: usize = kept.iter().map(|k| k.observations).sum();
    let seconds = elapsed.as_secs_f64();
    let rate = if extracted_pages > 0 && seconds > 0.0 {
        format!(", {:.1} pages/s", extracted_pages as f64 / seconds)
    } else {
        String::new()
    };
    let memory = peak_memory_mib().map(|m| format!(", peak memory {m} MiB")).unwrap_or_default();
    let database =
        outputs.sqlite.map(|d| format!(", the database {}", d.display())).unwrap_or_default();
    let workbook =
        outputs.xlsx.map(|w| format!(", the workbook {}", w.display())).unwrap_or_default();
    let review = outputs
        .review
        .map(|(index, took)| {
            format!(", the review pages in {:.1} s (open {})", took.as_secs_f64(), index.display())
        })
        .unwrap_or_default();
    let workers = if jobs == 1 { "1 job".to_string() } else { format!("{jobs} jobs") };
    let error_note =
        if errors > 0 { format!(" ({MANIFEST_FILE} names them)") } else { String::new() };
    format!(
        "tokku batch: {} documents ({extracted} extracted, {skipped} skipped as unchanged), {pages} pages, {} records, \
         {}, {}{error_note}; {observations} observations. {:.1} s with {workers}{rate}{memory}. \
         Written to {}: {RECORDS_FILE}, {MANIFEST_FILE}, {OBSERVATIONS_FILE}, {REPORTS_FILE}{database}{workbook}{review}.",
        kept.len(),
        kept.len(),
        counted(warnings, "warning"),
        counted(errors, "error"),
        seconds,
        outputs.out.display(),
    )
}

/// `1 error`, `3 errors`.
fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
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

    /// `count` documents journaled as a batch journals them, kept as the batch keeps them.
    fn journaled(out: &Path, count: usize) -> (Journal, Vec<Kept>, Vec<String>) {
        let journal = Journal::open(out).expect("journal");
        let mut kept = Vec::new();
        let mut lines = Vec::new();
        for i in 0..count {
            let record = io_failure(
                &format!("doc{i:04}.pdf"),
                format!("cannot read doc{i:04}.pdf: 読めません"),
            );
            let converted =
                Converted::from_record(&record.source.file, &record, 1).expect("serializes");
            let span = journal.append(&converted).expect("appends");
            lines.push(converted.record_line.clone());
            kept.push(Kept {
                entry: converted.entry,
                observations: 0,
                stored: Stored::Journal(span),
                renamed: false,
            });
        }
        (journal, kept, lines)
    }

    #[test]
    fn the_outputs_hold_a_few_records_at_once_however_many_documents() {
        for count in [3, RECORDS_AT_ONCE * 5 + 7] {
            let dir = tempfile::tempdir().expect("temp dir");
            let (journal, mut kept, lines) = journaled(dir.path(), count);
            let reader = RecordLines::new(None, journal.file(), None);
            write_outputs(dir.path(), None, None, Bom::Write, &mut kept, &reader).expect("writes");
            let peak = reader.peak_records_alive();
            assert!(
                peak >= 1 && peak <= RECORDS_AT_ONCE.min(count),
                "{count} documents: {peak} records alive at once"
            );
            // Every record line, in order, and a row each in reports.csv.
            let written = std::fs::read_to_string(dir.path().join(RECORDS_FILE)).expect("records");
            assert_eq!(written, lines.iter().map(|l| format!("{l}\n")).collect::<String>());
            let reports = std::fs::read_to_string(dir.path().join(REPORTS_FILE)).expect("reports");
            assert_eq!(reports.lines().count(), count + 1);
            assert!(
                reports
                    .lines()
                    .nth(count)
                    .is_some_and(|l| l.starts_with(&format!("doc{:04}.pdf,error,io,", count - 1))),
                "{reports}"
            );
            // Afterwards each record is found in the new records.ndjson.
            let published = std::fs::File::open(dir.path().join(RECORDS_FILE)).expect("open");
            let again = RecordLines::new(None, &published, Some(&published));
            assert_eq!(again.line(&kept[count - 1]).expect("reads"), lines[count - 1]);
        }
    }

    #[test]
    fn a_reused_record_of_another_name_is_written_under_the_new_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let (journal, mut kept, _) = journaled(dir.path(), 1);
        kept[0].entry.path = "renamed.pdf".into();
        kept[0].renamed = true;
        let reader = RecordLines::new(None, journal.file(), None);
        let (_, record) = reader.record(&kept[0]).expect("reads");
        assert_eq!(record.record().source.file, "renamed.pdf");
        assert_eq!(
            record.record().error.as_ref().map(|e| e.message.as_str()),
            Some("cannot read doc0000.pdf: 読めません")
        );
    }

    #[test]
    fn the_progress_bar_names_the_review_index_only_when_one_is_written() {
        assert!(progress_template(true).ends_with(" · {msg}"), "{}", progress_template(true));
        assert!(!progress_template(false).contains("{msg}"));
        assert!(ProgressStyle::with_template(&progress_template(true)).is_ok());
    }
}
