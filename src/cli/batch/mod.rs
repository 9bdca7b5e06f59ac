//! `tokku batch`: converts many documents in parallel (rayon) into a catalogue in the
//! output directory: `records.ndjson`, `manifest.ndjson`, the CSVs, the panel and
//! optionally a SQLite database, a workbook and review pages. The catalogue accumulates
//! (keyed by content): a run adds new documents, extracts changed ones again, reuses the
//! record of an input whose sha256 and tokku version match and whose options would make
//! the same record (`options`), and keeps the documents of
//! earlier runs that are not among its inputs (`--prune` drops those whose file is gone).
//! Each document is isolated (a bad one is one error record), the run is resumable
//! (finished records are journaled at once), and every output is written into a new
//! generation and published at once (`publish`).

mod inputs;
mod interrupt;
mod lock;
mod manifest;
mod options;
pub mod outputs;
pub mod panel;
mod publish;
mod sqlite;
mod state;
mod xlsx;

use std::collections::{HashMap, HashSet};
use std::io::{BufWriter, IsTerminal, Write};
use std::num::NonZeroUsize;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use rayon::prelude::*;
use tokku::extract::{Extractor, Isolation};
use tokku::i18n::Msg;

use tokku::input::detect::sha256_hex;
use tokku::jp::zones::Zone;
use tokku::record::Record;

use inputs::{Input, Location};
use manifest::{CatalogueEntry, FreshRecord, Span, Status, Stored};
use options::{Changes, RecordOptions};
use outputs::{
    Bom, Cell, TableCsv, MANIFEST_FILE, PANEL_TABLES, PANEL_WARNINGS_FILE, RECORDS_FILE,
    RECORD_TABLES,
};
use state::{Journal, Lookup, RecordLines, Reusable};

/// The `batch` subcommand's arguments.
#[derive(clap::Args, Debug)]
pub struct BatchArgs {
    /// PDF or text files, directories (walked recursively for *.pdf and *.txt) or glob
    /// patterns. One that names nothing is a usage error (nothing is written).
    #[arg(required = true)]
    pub inputs: Vec<PathBuf>,
    /// Output directory (created if missing), a catalogue that accumulates across runs:
    /// records.ndjson, manifest.ndjson, the CSVs and the panel.
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    /// Also write the records into this SQLite database (tables of schemas/observations.sql
    /// and schemas/panel.sql), published with the other outputs.
    #[arg(long, value_name = "FILE")]
    pub sqlite: Option<PathBuf>,
    /// Documents converted at once [default: all cores].
    #[arg(long, value_name = "N")]
    pub jobs: Option<NonZeroUsize>,
    /// Extract every input again instead of reusing the records of earlier runs.
    #[arg(long)]
    pub force: bool,
    /// Drop from the catalogue the documents of earlier runs whose file no longer exists.
    #[arg(long)]
    pub prune: bool,
    /// Leave out the files this glob pattern matches (on the whole path or the file
    /// name: `--exclude 'メモ.txt'`); may be given more than once.
    #[arg(long, value_name = "GLOB")]
    pub exclude: Vec<String>,
    /// Extract each document in its own worker process, killed when it exceeds the wall
    /// time (a hard stop even where a dependency cannot be interrupted from inside).
    #[arg(long)]
    pub isolate: bool,
    /// A zone list of your own (the format of data/zones.json), searched before the official
    /// one for the zones' official names and when the panel groups reports by zone.
    #[arg(long, value_name = "FILE")]
    pub zones: Option<PathBuf>,
    /// Write the CSVs without the UTF-8 byte order mark (by default they start with one,
    /// so that Excel reads them as UTF-8).
    #[arg(long)]
    pub csv_no_bom: bool,
    /// Also write the tables into this Excel workbook (one sheet per table, the panel's too).
    #[arg(long, value_name = "FILE")]
    pub xlsx: Option<PathBuf>,
    /// Also write a review page per record and an index into DIR/review/ (HTML to check
    /// each record against its document).
    #[arg(long)]
    pub review: bool,
    /// The language of the records' messages and of the review pages (default: from LC_ALL / LC_MESSAGES / LANG; ja when it starts with `ja`).
    #[arg(long, value_parser = crate::cli::parse_lang)]
    pub lang: Option<tokku::lang::Lang>,
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

/// Runs a batch. Exit status 0 when every input gave a record without error, 1 when any
/// input failed (or an output could not be written), 2 for a usage error (found before
/// anything is written), 130 when interrupted.
pub fn run(args: &BatchArgs) -> ExitCode {
    let started = Instant::now();
    let usage_error = |message: &str| {
        eprintln!("tokku batch: {message}");
        ExitCode::from(2)
    };
    let lang = tokku::lang::Lang::chosen(args.lang);
    let extra_zones = match args.zones.as_deref().map(panel::read_extra_zones).transpose() {
        Ok(zones) => zones.unwrap_or_default(),
        Err(message) => return usage_error(&message),
    };
    let mut exclude = Vec::new();
    for pattern in &args.exclude {
        match glob::Pattern::new(pattern) {
            Ok(pattern) => exclude.push(pattern),
            Err(e) => return usage_error(&format!("--exclude {pattern}: not a glob pattern: {e}")),
        }
    }
    let documents = match inputs::expand(&args.inputs, &exclude) {
        Ok(documents) => documents,
        Err(problems) => {
            for problem in &problems {
                eprintln!("tokku batch: {problem}");
            }
            return usage_error(&messages::nothing_written(problems.len(), lang));
        }
    };
    if documents.is_empty() {
        return usage_error(&messages::no_documents(lang));
    }
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        return usage_error(&format!(
            "cannot create the output directory {}: {e}",
            args.out.display()
        ));
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
    let interrupt = interrupt::Interrupt::install(args.out.join(lock::LOCK_FILE));
    // What the records depend on; batch reads with the extractor's default policy for
    // undecodable text (refused as `unreadable_text`).
    let record_options = RecordOptions::of_run(
        &args.limits,
        args.isolate,
        lang,
        tokku::extract::UndecodableText::default(),
    );
    let (reusable, notes) = Reusable::load(&args.out, !args.force, &record_options);
    for note in notes {
        eprintln!("tokku batch: {note}");
    }
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
                return usage_error(&format!("--isolate needs the path of the tokku binary: {e}"))
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
    // With each document, what of the options changed when its earlier record was not reused.
    let convert_one = |input: &Input| -> Result<(CatalogueEntry, Changes), serde_json::Error> {
        let conversion = convert(input, &reusable, &extraction, lang, &record_options)?;
        let changes = conversion.changes();
        let entry = match conversion {
            Conversion::Reused(entry) => entry,
            Conversion::Extracted(fresh, _) => match journal.append(&fresh) {
                Ok(span) => CatalogueEntry {
                    entry: fresh.entry,
                    observations: fresh.observations,
                    stored: Stored::Journal(span),
                    renamed: false,
                },
                Err(e) => {
                    if let Ok(mut failure) = journal_failure.lock() {
                        failure.get_or_insert_with(|| e.to_string());
                    }
                    CatalogueEntry {
                        entry: fresh.entry,
                        observations: fresh.observations,
                        stored: Stored::InMemory(fresh.record_line),
                        renamed: false,
                    }
                }
            },
        };
        interrupt.finished.fetch_add(1, Ordering::Relaxed);
        progress.inc(1);
        Ok((entry, changes))
    };
    let converted = match largest_first(&pool, jobs, &documents, convert_one) {
        Ok(converted) => converted,
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
    let input_paths: Vec<Option<PathBuf>> = documents
        .iter()
        .map(|d| match &d.location {
            Location::File(path) => Some(path.clone()),
            Location::Missing(_) => None,
        })
        .collect();
    let (mut catalogue, tally) = merge_catalogue(converted, &input_paths, &reusable, args.prune);
    // The catalogue is in name order; the outputs are in that order.
    debug_assert!(catalogue.windows(2).all(|w| w[0].entry.path <= w[1].entry.path));

    let bom = if args.csv_no_bom { Bom::Leave } else { Bom::Write };
    let zones = panel::zone_list(&extra_zones);
    let lines = RecordLines::new(reusable.previous_records(), journal.file(), None);
    let request = OutputRequest {
        out: &args.out,
        sqlite: args.sqlite.as_deref(),
        workbook: args.xlsx.as_deref(),
        bom,
        zones: &zones,
        lang,
    };
    let written = pool.install(|| write_outputs(&request, &mut catalogue, &lines, interrupt));
    let (mut set, failures) = match written {
        Ok(written) => written,
        Err(message) => {
            progress.finish_and_clear();
            eprintln!(
                "tokku batch: {message}; the journal {} keeps the records extracted",
                args.out.join(state::JOURNAL_FILE).display()
            );
            return ExitCode::from(1);
        }
    };
    drop(reusable);
    // The run's time and rate are those of the conversion; the review pages' time is told apart.
    let converted_in = started.elapsed();
    let review_started = Instant::now();
    let mut review_failed = false;
    if let Some(index) = &review_index {
        progress.set_message(format!("writing the review pages → {}", index.display()));
        let options = crate::cli::review_pages::ReviewOptions {
            lang: tokku::lang::Lang::chosen(args.lang),
            extra_zones: &extra_zones,
        };
        if let Err(message) =
            write_review(&mut set, &catalogue, &pool, &args.limits.limits(), &options)
        {
            eprintln!("tokku batch: {message}");
            review_failed = true;
        }
    }
    if let Err(e) = interrupt.publishing(|| set.commit()) {
        progress.finish_and_clear();
        eprintln!(
            "tokku batch: cannot publish the outputs in {}: {e}; the journal {} keeps the records extracted",
            args.out.display(),
            args.out.join(state::JOURNAL_FILE).display()
        );
        return ExitCode::from(1);
    }
    if let Err(e) = journal.remove() {
        eprintln!("tokku batch: warning: cannot remove the journal: {e}");
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
    eprintln!("{}", summary(&catalogue, &tally, &failures, jobs, converted_in, &outputs, lang));
    if review_failed || tally.failed > 0 {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

/// The review pages of every document of the catalogue, into the new generation's
/// `review/` (each input read again for its layout; a kept document's file when it is
/// still there).
fn write_review(
    set: &mut publish::OutputSet,
    catalogue: &[CatalogueEntry],
    pool: &rayon::ThreadPool,
    limits: &tokku::pdf::limits::Limits,
    options: &crate::cli::review_pages::ReviewOptions,
) -> Result<(), String> {
    let generation = set.generation().to_path_buf();
    set.directory("review").map_err(|e| format!("cannot write the review pages: {e}"))?;
    let records = std::fs::File::open(generation.join(RECORDS_FILE)).map_err(|e| {
        format!("cannot read {} back: {e}", generation.join(RECORDS_FILE).display())
    })?;
    let lines = RecordLines::new(None, &records, Some(&records));
    let load = |position: usize| -> Result<(state::CountedRecord, Option<PathBuf>), String> {
        let entry = &catalogue[position];
        let (_, record) = lines
            .record(entry)
            .map_err(|e| format!("cannot read the record of {} back: {e}", entry.entry.path))?;
        let path = Some(PathBuf::from(&entry.entry.path)).filter(|p| p.is_file());
        Ok((record, path))
    };
    pool.install(|| {
        crate::cli::review_pages::write_batch_review(
            &generation,
            catalogue.len(),
            &load,
            limits,
            options,
        )
    })
    .map(|_| ())
}

/// What a run did to the catalogue, for the summary.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
struct Tally {
    /// Inputs not in the catalogue before.
    added: usize,
    /// Inputs in the catalogue before, with other bytes now or with the same bytes and a
    /// record made under options that would make another one: extracted again.
    updated: usize,
    /// Of `updated`, those extracted again for the options (same bytes).
    for_options: usize,
    /// What of the options changed, over those.
    options_changed: Changes,
    /// Inputs in the catalogue before, with the same bytes.
    unchanged: usize,
    /// Documents of earlier runs not among the inputs, kept.
    kept: usize,
    /// Documents of earlier runs whose file is gone, dropped (`--prune`).
    pruned: usize,
    /// Documents of earlier runs whose bytes are among the inputs under another name.
    moved: usize,
    /// Inputs whose record is an error record.
    failed: usize,
}

/// The new catalogue: this run's inputs (`converted`, in name order; `changes` what of
/// the options made each one's earlier record stale; `paths` their files) and the documents of the published set that are not among them — kept, or
/// dropped with `prune` when their file is gone, or dropped when their bytes came back
/// under another name (the catalogue is keyed by content) — in name order.
fn merge_catalogue(
    converted: Vec<(CatalogueEntry, Changes)>,
    paths: &[Option<PathBuf>],
    reusable: &Reusable,
    prune: bool,
) -> (Vec<CatalogueEntry>, Tally) {
    let mut tally = Tally::default();
    let before: HashMap<&str, &str> = reusable
        .catalogue()
        .iter()
        .map(|c| (c.entry.path.as_str(), c.entry.sha256.as_str()))
        .collect();
    let input_names: HashSet<&str> = converted.iter().map(|(c, _)| c.entry.path.as_str()).collect();
    let input_shas: HashSet<&str> = converted
        .iter()
        .map(|(c, _)| c.entry.sha256.as_str())
        .filter(|sha| !sha.is_empty())
        .collect();
    for ((entry, changes), _path) in converted.iter().zip(paths) {
        match before.get(entry.entry.path.as_str()) {
            None => tally.added += 1,
            Some(sha) if !sha.is_empty() && *sha == entry.entry.sha256 => {
                if changes.is_empty() {
                    tally.unchanged += 1;
                } else {
                    tally.updated += 1;
                    tally.for_options += 1;
                    tally.options_changed = tally.options_changed.union(*changes);
                }
            }
            Some(_) => tally.updated += 1,
        }
        if entry.entry.error_code.is_some() {
            tally.failed += 1;
        }
    }
    let mut kept = Vec::new();
    for previous in reusable.catalogue() {
        let path = previous.entry.path.as_str();
        if input_names.contains(path) {
            continue;
        }
        if !previous.entry.sha256.is_empty() && input_shas.contains(previous.entry.sha256.as_str())
        {
            tally.moved += 1;
        } else if prune && !Path::new(path).exists() {
            tally.pruned += 1;
        } else {
            tally.kept += 1;
            let mut entry = previous.clone();
            entry.entry.status = Status::Kept;
            kept.push(entry);
        }
    }
    // Taken apart in place (no second list of every entry: the memory of a large batch).
    let mut catalogue: Vec<CatalogueEntry> =
        converted.into_iter().map(|(entry, _)| entry).collect();
    catalogue.extend(kept);
    catalogue.sort_by(|a, b| a.entry.path.cmp(&b.entry.path));
    (catalogue, tally)
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
enum Conversion {
    Reused(CatalogueEntry),
    /// Extracted, with what of the options changed when a record of the same bytes was
    /// not reused for them (empty otherwise).
    Extracted(FreshRecord, Changes),
}

impl Conversion {
    /// What of the options made an earlier record of the same bytes stale (empty when
    /// there was none, or it was reused).
    fn changes(&self) -> Changes {
        match self {
            Conversion::Reused(_) => Changes::default(),
            Conversion::Extracted(_, changes) => *changes,
        }
    }
}

/// One document: reused when its bytes were converted before by this version under
/// options that make the same record, extracted otherwise (under `options`, which its
/// manifest entry keeps); a file that cannot be read gives an `io` error record.
fn convert(
    input: &Input,
    reusable: &Reusable,
    extraction: &Extraction,
    lang: tokku::lang::Lang,
    options: &RecordOptions,
) -> Result<Conversion, serde_json::Error> {
    let started = Instant::now();
    let mut changes = Changes::default();
    let mut record = match &input.location {
        Location::Missing(reason) => Record::unreadable(&input.name, reason.clone()),
        Location::File(path) => match std::fs::read(path) {
            Err(e) => {
                Record::unreadable(&input.name, format!("cannot read {}: {e}", path.display()))
            }
            Ok(bytes) => {
                match reusable.take(|| sha256_hex(&bytes), &input.name) {
                    Lookup::Reuse(previous) => return Ok(Conversion::Reused(*previous)),
                    Lookup::Stale(stale) => changes = stale,
                    Lookup::Absent => {}
                }
                match extraction {
                    Extraction::InProcess(limits) => Extractor::new()
                        .with_limits(*limits)
                        .with_isolation(Isolation::Watchdog)
                        .with_lang(lang)
                        .record(&bytes, &input.name),
                    Extraction::Isolated { exe, limits } => {
                        let (mut record, _stats) = Extractor::new()
                            .with_limits(*limits)
                            .with_isolation(Isolation::WorkerProcess { exe: exe.clone() })
                            .with_lang(lang)
                            .record_file(path);
                        record.source.file = input.name.clone();
                        record
                    }
                }
            }
        },
    };
    record.localize(lang);
    let milliseconds = u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX);
    FreshRecord::from_record(&input.name, &record, milliseconds, options)
        .map(|fresh| Conversion::Extracted(fresh, changes))
}

/// How many records the outputs read back at once (parsed in parallel, then written in
/// order): memory holds at most this many records, whatever the number of documents.
const RECORDS_AT_ONCE: usize = 8;

/// Where the outputs go and how they are written.
struct OutputRequest<'a> {
    out: &'a Path,
    sqlite: Option<&'a Path>,
    workbook: Option<&'a Path>,
    bom: Bom,
    /// The zone list (`--zones` first, then the official one).
    zones: &'a [Zone],
    /// The language of the workbook's headings and labels.
    lang: tokku::lang::Lang,
}

/// A failed input of this run, for the summary.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Failure {
    path: String,
    code: String,
    message: String,
}

/// How many failed inputs the summary names.
const FAILURES_NAMED: usize = 10;

/// Writes every output into a new generation, ready to be published as one set
/// ([`publish`]: the next run trusts the manifest and records of the published set only):
/// the records, the manifest, the CSVs, the database and the workbook (at the paths
/// asked for, which become links into the set), then the panel made from the new
/// records. The records are read back from where they are stored, [`RECORDS_AT_ONCE`]
/// at a time, and every output gets its lines and rows of each record in turn;
/// afterwards each document's record is found in the new `records.ndjson`
/// ([`Stored::Output`]). Returns the set (to add the review pages to and publish) and
/// the first [`FAILURES_NAMED`] failed inputs of this run.
fn write_outputs(
    request: &OutputRequest,
    catalogue: &mut [CatalogueEntry],
    lines: &RecordLines,
    interrupt: &interrupt::Interrupt,
) -> Result<(publish::OutputSet, Vec<Failure>), String> {
    let out = request.out;
    let mut set = publish::OutputSet::begin(out)
        .map_err(|e| format!("cannot write in {}: {e}", out.display()))?;
    interrupt.writing(Some(set.generation().to_path_buf()));
    let cannot_write = |name: &str, e: &dyn std::fmt::Display| {
        format!("cannot write {}: {e}", out.join(name).display())
    };
    let mut create =
        |name: &str| set.create(name).map(BufWriter::new).map_err(|e| cannot_write(name, &e));
    let mut records = create(RECORDS_FILE)?;
    let mut manifest = create(MANIFEST_FILE)?;
    let mut tables = Vec::new();
    for table in RECORD_TABLES.iter().chain(&PANEL_TABLES) {
        tables.push(
            TableCsv::start(create(table.file)?, table.columns, request.bom)
                .map_err(|e| cannot_write(table.file, &e))?,
        );
    }
    let mut panel_warnings = create(PANEL_WARNINGS_FILE)?;
    let cannot_make_workbook = |e: &dyn std::fmt::Display| {
        format!(
            "cannot make the workbook {}: {e}",
            request.workbook.map(|p| p.display().to_string()).unwrap_or_default()
        )
    };
    let mut book = match request.workbook {
        Some(path) => {
            let in_set = set.file_at(path).map_err(|e| cannot_make_workbook(&e))?;
            let writer = xlsx::WorkbookWriter::new(&outputs::all_tables(), request.lang)
                .map_err(|e| cannot_make_workbook(&e))?;
            Some((writer, in_set))
        }
        None => None,
    };
    let cannot_write_database = |e: &dyn std::fmt::Display| {
        format!(
            "cannot write the database {}: {e}",
            request.sqlite.map(|p| p.display().to_string()).unwrap_or_default()
        )
    };
    let mut database = match request.sqlite {
        Some(path) => {
            let in_set = set.file_at(path).map_err(|e| cannot_write_database(&e))?;
            Some(sqlite::DatabaseWriter::create(&in_set).map_err(|e| cannot_write_database(&e))?)
        }
        None => None,
    };
    let mut failures = Vec::new();
    let mut offset = 0u64;
    for chunk in catalogue.chunks_mut(RECORDS_AT_ONCE) {
        let loaded: Vec<std::io::Result<(String, state::CountedRecord)>> =
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
            if let (Some(error), true) = (&record.record().error, k.entry.status != Status::Kept) {
                if failures.len() < FAILURES_NAMED {
                    failures.push(Failure {
                        path: k.entry.path.clone(),
                        code: k.entry.error_code.clone().unwrap_or_default(),
                        message: error.message.clone(),
                    });
                }
            }
            let rows = outputs::rows_of(record.record(), request.zones);
            for (table, rows) in rows.iter().enumerate() {
                add_rows(&mut tables[table], book.as_mut().map(|(b, _)| b), table, rows)
                    .map_err(|e| cannot_write(RECORD_TABLES[table].file, &e))?;
            }
            if let Some(database) = &mut database {
                database
                    .add(record.record(), request.zones)
                    .map_err(|e| cannot_write_database(&e))?;
            }
        }
    }
    records.flush().map_err(|e| cannot_write(RECORDS_FILE, &e))?;
    manifest.flush().map_err(|e| cannot_write(MANIFEST_FILE, &e))?;
    drop((records, manifest));
    // The panel is made from the new records, so a resumed or incremental run gives the same panel.
    let records_path = set.generation().join(RECORDS_FILE);
    let new_records = std::fs::File::open(&records_path)
        .map_err(|e| format!("cannot read {} back: {e}", records_path.display()))?;
    let first_panel_table = RECORD_TABLES.len();
    panel::panel_of_records_file(&new_records, &out.join(RECORDS_FILE), request.zones, |zone| {
        let parts = [panel::panel_rows(&zone), panel::restatement_rows(&zone)];
        for (k, rows) in parts.iter().enumerate() {
            let table = first_panel_table + k;
            add_rows(&mut tables[table], book.as_mut().map(|(b, _)| b), table, rows)
                .map_err(|e| cannot_write(PANEL_TABLES[k].file, &e))?;
        }
        panel_warnings
            .write_all(panel::warning_lines(&zone).as_bytes())
            .map_err(|e| cannot_write(PANEL_WARNINGS_FILE, &e))?;
        if let Some(database) = &mut database {
            database.add_panel(&zone).map_err(|e| cannot_write_database(&e))?;
        }
        Ok(())
    })?;
    let files = RECORD_TABLES.iter().chain(&PANEL_TABLES).map(|t| t.file);
    for (table, file) in tables.into_iter().zip(files) {
        table
            .finish()
            .map_err(|e| cannot_write(file, &e))?
            .flush()
            .map_err(|e| cannot_write(file, &e))?;
    }
    panel_warnings.flush().map_err(|e| cannot_write(PANEL_WARNINGS_FILE, &e))?;
    drop(panel_warnings);
    if let Some((book, in_set)) = book {
        book.finish(&in_set).map_err(|e| cannot_make_workbook(&e))?;
    }
    if let Some(database) = database {
        database.finish().map_err(|e| cannot_write_database(&e))?;
    }
    Ok((set, failures))
}

/// Writes rows into a table's CSV and, with a workbook, into its sheet.
fn add_rows<W: Write>(
    csv: &mut TableCsv<W>,
    book: Option<&mut xlsx::WorkbookWriter>,
    table: usize,
    rows: &[Vec<Cell>],
) -> Result<(), String> {
    for row in rows {
        csv.row(row).map_err(|e| e.to_string())?;
    }
    if let Some(book) = book {
        for row in rows {
            book.add_row(table, row).map_err(|e| format!("the workbook: {e}"))?;
        }
    }
    Ok(())
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

/// The closing paragraph on stderr: what the run did to the catalogue, the failed
/// inputs by name (the first [`FAILURES_NAMED`]) and where everything is.
fn summary(
    catalogue: &[CatalogueEntry],
    tally: &Tally,
    failures: &[Failure],
    jobs: usize,
    elapsed: Duration,
    outputs: &Outputs,
    lang: tokku::lang::Lang,
) -> String {
    let extracted: Vec<&CatalogueEntry> =
        catalogue.iter().filter(|k| matches!(k.entry.status, Status::Ok | Status::Error)).collect();
    let pages: u64 = catalogue.iter().filter_map(|k| k.entry.pages).map(u64::from).sum();
    let extracted_pages: u64 = extracted.iter().filter_map(|k| k.entry.pages).map(u64::from).sum();
    let errors = catalogue.iter().filter(|k| k.entry.error_code.is_some()).count();
    let warnings: usize = catalogue.iter().map(|k| k.entry.warnings).sum();
    let observations: usize = catalogue.iter().map(|k| k.observations).sum();
    let seconds = elapsed.as_secs_f64();
    let rate = (extracted_pages > 0 && seconds > 0.0).then(|| extracted_pages as f64 / seconds);
    let memory = tokku::extract::worker::peak_rss_kib().map(|kib| kib / 1024);
    let mut written = vec![Msg::Plain(outputs.out.display().to_string())];
    if let Some(database) = outputs.sqlite {
        written.push(messages::written_database(database));
    }
    if let Some(workbook) = outputs.xlsx {
        written.push(messages::written_workbook(workbook));
    }
    if let Some((index, took)) = outputs.review {
        written.push(messages::written_review(index, took.as_secs_f64()));
    }
    let mut text = messages::catalogue_line(catalogue.len(), tally, extracted.len(), lang);
    text.push_str(&messages::totals_line(pages, errors, warnings, observations, lang));
    text.push_str(&messages::closing_line(seconds, jobs, rate, memory, &written, lang));
    if tally.failed > 0 {
        text.push_str(&messages::failures_block(failures, tally.failed, lang));
    }
    text
}

/// The batch's sentences for people, from the message catalogue (`tokku::i18n`) in the
/// run's language; the English texts are the ones the tests and the docs quote.
mod messages {
    use super::options::OptionChange;
    use super::{Failure, Tally, MANIFEST_FILE};
    use tokku::i18n::Msg;
    use tokku::lang::Lang;
    use tokku::msg;

    /// `n` things by the catalogue's `KEY.one` / `KEY.many` (`1 document`, `5 documents`).
    fn counted(n: usize, (one, many): (&'static str, &'static str)) -> Msg {
        if n == 1 {
            Msg::new(one)
        } else {
            Msg::new(many).arg("count", n)
        }
    }

    /// No document among the inputs.
    pub fn no_documents(lang: Lang) -> String {
        msg!("batch.no_documents").render(lang)
    }

    /// After the arguments that name nothing.
    pub fn nothing_written(problems: usize, lang: Lang) -> String {
        msg!(
            "batch.nothing_written",
            inputs = counted(problems, ("batch.inputs.one", "batch.inputs.many"))
        )
        .render(lang)
    }

    /// `tokku batch: 7 documents in the catalogue: 2 added, 1 updated, 3 unchanged, 1 kept, 0 pruned (3 extracted).`
    pub fn catalogue_line(documents: usize, tally: &Tally, extracted: usize, lang: Lang) -> String {
        let moved = if tally.moved > 0 {
            msg!(
                "batch.moved",
                documents = counted(tally.moved, ("batch.documents.one", "batch.documents.many"))
            )
        } else {
            Msg::Plain(String::new())
        };
        msg!(
            "batch.catalogue",
            documents = counted(documents, ("batch.documents.one", "batch.documents.many")),
            added = tally.added,
            updated = tally.updated,
            for_options = for_options(tally, lang),
            unchanged = tally.unchanged,
            kept = tally.kept,
            pruned = tally.pruned,
            moved = moved,
            extracted = extracted
        )
        .render(lang)
    }

    /// ` (2 for changed options: --respect-permissions)` after the updated count, when
    /// documents of the same bytes were extracted again for the options; empty otherwise.
    fn for_options(tally: &Tally, lang: Lang) -> Msg {
        if tally.for_options == 0 {
            return Msg::Plain(String::new());
        }
        let separator = msg!("batch.list_separator").render(lang);
        let changed: Vec<String> = tally
            .options_changed
            .iter()
            .map(|change| match change.flag() {
                Some(flag) => flag.to_string(),
                None => match change {
                    OptionChange::Version => msg!("batch.option.version"),
                    OptionChange::Unrecorded => msg!("batch.option.unrecorded"),
                    OptionChange::Schema => msg!("batch.option.schema"),
                    _ => msg!("batch.option.undecodable_text"),
                }
                .render(lang),
            })
            .collect();
        msg!("batch.for_options", count = tally.for_options, options = changed.join(&separator))
    }

    /// ` 12 pages, 1 error, 3 warnings; 40 observations.`
    pub fn totals_line(
        pages: u64,
        errors: usize,
        warnings: usize,
        observations: usize,
        lang: Lang,
    ) -> String {
        msg!(
            "batch.totals",
            pages = counted(pages as usize, ("batch.pages.one", "batch.pages.many")),
            errors = counted(errors, ("batch.errors.one", "batch.errors.many")),
            warnings = counted(warnings, ("batch.warnings.one", "batch.warnings.many")),
            observations =
                counted(observations, ("batch.observations.one", "batch.observations.many"))
        )
        .render(lang)
    }

    /// ` 0.3 s with 2 jobs, 290.0 pages/s, peak memory 48 MiB. Written: out, the database ….`
    pub fn closing_line(
        seconds: f64,
        jobs: usize,
        rate: Option<f64>,
        memory_mib: Option<u64>,
        written: &[Msg],
        lang: Lang,
    ) -> String {
        let rate = rate.map(|r| msg!("batch.rate", rate = format!("{r:.1}")));
        let memory = memory_mib.map(|m| msg!("batch.memory", mib = m));
        let separator = msg!("batch.list_separator").render(lang);
        let written: Vec<String> = written.iter().map(|w| w.render(lang)).collect();
        msg!(
            "batch.closing",
            seconds = format!("{seconds:.1}"),
            jobs = counted(jobs, ("batch.jobs.one", "batch.jobs.many")),
            rate = rate.unwrap_or(Msg::Plain(String::new())),
            memory = memory.unwrap_or(Msg::Plain(String::new())),
            written = written.join(&separator)
        )
        .render(lang)
    }

    /// What the run wrote besides DIR, for [`closing_line`].
    pub fn written_database(path: &std::path::Path) -> Msg {
        msg!("batch.written.database", path = path.display().to_string())
    }

    /// The workbook, for [`closing_line`].
    pub fn written_workbook(path: &std::path::Path) -> Msg {
        msg!("batch.written.workbook", path = path.display().to_string())
    }

    /// The review pages, for [`closing_line`].
    pub fn written_review(index: &std::path::Path, seconds: f64) -> Msg {
        msg!(
            "batch.written.review",
            seconds = format!("{seconds:.1}"),
            index = index.display().to_string()
        )
    }

    /// The failed inputs, one a line: `  FILE: CODE: message`, then how many more.
    pub fn failures_block(failures: &[Failure], failed: usize, lang: Lang) -> String {
        let failed_line = counted(failed, ("batch.failed.one", "batch.failed.many"));
        let mut text = format!("\n{}", failed_line.render(lang));
        for failure in failures {
            text.push_str(&format!("\n  {}: {}: {}", failure.path, failure.code, failure.message));
        }
        if failed > failures.len() {
            let more = msg!(
                "batch.failed_more",
                count = failed - failures.len(),
                manifest = MANIFEST_FILE
            );
            text.push_str(&format!("\n  {}", more.render(lang)));
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` documents journaled as a batch journals them, kept as the batch keeps them.
    fn journaled(out: &Path, count: usize) -> (Journal, Vec<CatalogueEntry>, Vec<String>) {
        let journal = Journal::open(out).expect("journal");
        let mut kept = Vec::new();
        let mut lines = Vec::new();
        for i in 0..count {
            let record = Record::unreadable(
                &format!("doc{i:04}.pdf"),
                format!("cannot read doc{i:04}.pdf: 読めません"),
            );
            let converted = FreshRecord::from_record(
                &record.source.file,
                &record,
                1,
                &RecordOptions::defaults(),
            )
            .expect("serializes");
            let span = journal.append(&converted).expect("appends");
            lines.push(converted.record_line.clone());
            kept.push(CatalogueEntry {
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
            let request = OutputRequest {
                out: dir.path(),
                sqlite: None,
                workbook: None,
                bom: Bom::Write,
                zones: &[],
                lang: tokku::lang::Lang::En,
            };
            let interrupt = interrupt::Interrupt::default();
            let (set, failures) =
                write_outputs(&request, &mut kept, &reader, &interrupt).expect("writes");
            set.commit().expect("published");
            assert_eq!(failures.len(), count.min(FAILURES_NAMED), "the failed inputs are named");
            let peak = reader.peak_records_alive();
            assert!(
                peak >= 1 && peak <= RECORDS_AT_ONCE.min(count),
                "{count} documents: {peak} records alive at once"
            );
            // Every record line, in order, and a row each in reports.csv.
            let written = std::fs::read_to_string(dir.path().join(RECORDS_FILE)).expect("records");
            assert_eq!(written, lines.iter().map(|l| format!("{l}\n")).collect::<String>());
            let reports =
                std::fs::read_to_string(dir.path().join(outputs::REPORTS_FILE)).expect("reports");
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
