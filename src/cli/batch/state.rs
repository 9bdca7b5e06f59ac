//! The catalogue a batch adds to, and what it can reuse instead of extracting again: the
//! documents of the published set in the output directory (`manifest.ndjson` +
//! `records.ndjson`, every one kept unless this run replaces or prunes it) and the
//! records of an interrupted run (the journal), reused by the input's sha256 when made
//! by this tokku version under options that make the same record (`options`). Also the
//! journal itself: every record extracted is appended to it at once, so an interrupted
//! run loses no finished work; it is removed once the outputs are complete.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Condvar, Mutex};

use tokku::record::Record;

use super::manifest::{
    observation_count, CatalogueEntry, FreshRecord, ManifestEntry, Span, Status, Stored,
    TOKKU_VERSION,
};
use super::options::{self, Changes, OptionChange, RecordOptions, RecordTraits};
use super::outputs::{MANIFEST_FILE, RECORDS_FILE};

/// The journal of the running (or an interrupted) batch in the output directory. One
/// line per extracted document: the manifest entry's JSON, a tab, the record's JSON
/// line (JSON text never holds a raw tab, so the split is unambiguous).
pub const JOURNAL_FILE: &str = ".tokku-batch-journal.ndjson";

/// Records that may be reused, by sha256 of the input bytes: each a manifest entry and
/// where its record line is (the previous `records.ndjson` or the journal), not the record.
#[derive(Debug, Default)]
pub struct Reusable {
    by_sha256: HashMap<String, Vec<Candidate>>,
    /// This run's options, which a stored record must have been made under (as far as
    /// they can change it) to be reused.
    options: Option<RecordOptions>,
    /// Every document of the published set, in its order, whatever version made it.
    catalogue: Vec<CatalogueEntry>,
    /// Whether records may be reused (not with `--force`).
    reuse: bool,
    /// The previous run's `records.ndjson`, held open: the spans of [`Stored::Previous`]
    /// are read from it while the new outputs are written (a new generation replaces it
    /// only once they are complete).
    previous_records: Option<File>,
}

impl Reusable {
    /// Loads the previous outputs and the journal of `out_dir`, a line at a time (each
    /// record is parsed to check it, then dropped). Lines that cannot be read are left
    /// out (their documents are extracted again); the notes say so.
    /// With `reuse` false (`--force`) the catalogue is loaded but nothing is reused.
    /// `options` are this run's: a record made under options that would make another
    /// record is not reused ([`Lookup::Stale`]).
    pub fn load(out_dir: &Path, reuse: bool, options: &RecordOptions) -> (Reusable, Vec<String>) {
        let mut reusable =
            Reusable { reuse, options: Some(options.clone()), ..Reusable::default() };
        let mut notes = Vec::new();
        reusable.load_previous_outputs(out_dir, &mut notes);
        if reuse {
            reusable.load_journal(out_dir, &mut notes);
        }
        (reusable, notes)
    }

    /// The documents of the published set, in its order.
    pub fn catalogue(&self) -> &[CatalogueEntry] {
        &self.catalogue
    }

    /// Keeps a record of a previous run as a candidate for reuse: made from bytes of the
    /// manifest entry's sha256; reusable when made by this version under options that
    /// make the same record (else what differs is kept, for the summary). The entry is
    /// made again from the record (as for a fresh one), keeping the original's
    /// milliseconds and options.
    fn insert(&mut self, entry: ManifestEntry, record: &Record, stored: Stored) {
        if entry.sha256.is_empty() || record.source.sha256.as_deref() != Some(entry.sha256.as_str())
        {
            return;
        }
        let changes = if entry.tokku_version != TOKKU_VERSION {
            let mut changes = Changes::default();
            changes.insert(OptionChange::Version);
            changes
        } else {
            match &self.options {
                Some(now) => {
                    options::changes(entry.options.as_ref(), now, &RecordTraits::of(record))
                }
                None => Changes::default(),
            }
        };
        let kept = CatalogueEntry {
            entry: ManifestEntry::for_record(
                &entry.path,
                record,
                entry.milliseconds,
                entry.options.clone(),
            ),
            observations: observation_count(record),
            stored,
            renamed: false,
        };
        self.by_sha256.entry(entry.sha256).or_default().push(Candidate { kept, changes });
    }

    fn load_previous_outputs(&mut self, out_dir: &Path, notes: &mut Vec<String>) {
        let Some(manifest) = open_optional(&out_dir.join(MANIFEST_FILE), notes) else { return };
        let Some(records) = open_optional(&out_dir.join(RECORDS_FILE), notes) else { return };
        let mut entries: HashMap<String, ManifestEntry> = HashMap::new();
        let mut lines = Lines::new(manifest);
        while let Some((_, line)) = lines.next_line() {
            if line.trim().is_empty() {
                continue;
            }
            match serde_json::from_str::<ManifestEntry>(&line) {
                Ok(entry) => {
                    entries.insert(entry.path.clone(), entry);
                }
                Err(e) => notes.push(format!(
                    "{MANIFEST_FILE}: a line that is not a manifest entry is left out ({e})"
                )),
            }
        }
        let Ok(reader) = records.try_clone() else { return };
        let mut lines = Lines::new(reader);
        while let Some((offset, line)) = lines.next_line() {
            if line.trim().is_empty() {
                continue;
            }
            let record: Record = match serde_json::from_str(&line) {
                Ok(record) => record,
                Err(e) => {
                    notes.push(format!(
                        "{RECORDS_FILE}: a line that is not a record is left out ({e})"
                    ));
                    continue;
                }
            };
            if let Some(entry) = entries.remove(&record.source.file) {
                let stored = Stored::Previous(Span { offset, length: line.len() });
                self.catalogue.push(CatalogueEntry {
                    entry: entry.clone(),
                    observations: observation_count(&record),
                    stored: stored.clone(),
                    renamed: false,
                });
                self.insert(entry, &record, stored);
            }
        }
        if lines.failed {
            notes.push(format!(
                "cannot read all of {}; the rest is extracted again",
                out_dir.join(RECORDS_FILE).display()
            ));
        }
        self.previous_records = Some(records);
    }

    fn load_journal(&mut self, out_dir: &Path, notes: &mut Vec<String>) {
        let Some(journal) = open_optional(&out_dir.join(JOURNAL_FILE), notes) else { return };
        let mut recovered = 0;
        let mut lines = Lines::new(journal);
        while let Some((offset, line)) = lines.next_line() {
            // The last line of an interrupted run may be cut short: it does not parse and is left out.
            let Some((entry, record_line)) = line.split_once('\t') else { continue };
            let Ok(entry) = serde_json::from_str::<ManifestEntry>(entry) else { continue };
            if let Ok(record) = serde_json::from_str::<Record>(record_line) {
                recovered += 1;
                let span = Span {
                    offset: offset + line.len() as u64 - record_line.len() as u64,
                    length: record_line.len(),
                };
                self.insert(entry, &record, Stored::Journal(span));
            }
        }
        if recovered > 0 {
            notes.push(format!(
                "recovered {recovered} records from an interrupted run ({JOURNAL_FILE})"
            ));
        }
    }

    /// The reusable record of an input with bytes of this sha256, as the input named `path`:
    /// status `skipped`, the original's milliseconds and options, and `source.file` set to
    /// `path` (when read) when the record was made under another name. A record made
    /// under options that make another record is not reused: [`Lookup::Stale`] says what
    /// differs (of the record made under this name, or else of the first one).
    /// The input's sha256 is computed only when there is anything to reuse.
    pub fn take(&self, sha256: impl FnOnce() -> String, path: &str) -> Lookup {
        if !self.reuse || self.by_sha256.is_empty() {
            return Lookup::Absent;
        }
        let Some(candidates) = self.by_sha256.get(&sha256()) else { return Lookup::Absent };
        let usable = |c: &&Candidate| c.changes.is_empty();
        let same_path = |c: &&Candidate| c.kept.entry.path == path;
        let found = candidates
            .iter()
            .find(|c| usable(c) && same_path(c))
            .or_else(|| candidates.iter().find(usable));
        let Some(found) = found else {
            let stale = candidates.iter().find(same_path).or_else(|| candidates.first());
            return match stale {
                Some(stale) => Lookup::Stale(stale.changes),
                None => Lookup::Absent,
            };
        };
        let mut kept = found.kept.clone();
        kept.renamed = found.kept.entry.path != path;
        kept.entry.path = path.to_string();
        kept.entry.status = Status::Skipped;
        Lookup::Reuse(Box::new(kept))
    }

    /// The previous run's records file (to be read through [`RecordLines`]).
    pub fn previous_records(&self) -> Option<&File> {
        self.previous_records.as_ref()
    }
}

/// A stored record that may be reused, and what of the options it was made under
/// differs from this run's (empty: it is reused).
#[derive(Debug)]
struct Candidate {
    kept: CatalogueEntry,
    changes: Changes,
}

/// What [`Reusable::take`] found for an input.
#[derive(Debug)]
pub enum Lookup {
    /// The record of an earlier run, reused.
    Reuse(Box<CatalogueEntry>),
    /// A record of the same bytes, made under options (or a version) that would make
    /// another record: the input is extracted again.
    Stale(Changes),
    /// No record of the same bytes (or `--force`).
    Absent,
}

/// Reads a file a line at a time with each line's byte offset (lines without their
/// `\n`; a line that is not UTF-8 reads as `\u{fffd}`, which parses as nothing).
struct Lines {
    reader: BufReader<File>,
    offset: u64,
    buffer: Vec<u8>,
    failed: bool,
}

impl Lines {
    fn new(file: File) -> Lines {
        Lines { reader: BufReader::new(file), offset: 0, buffer: Vec::new(), failed: false }
    }

    fn next_line(&mut self) -> Option<(u64, String)> {
        self.buffer.clear();
        match self.reader.read_until(b'\n', &mut self.buffer) {
            Ok(0) => None,
            Ok(read) => {
                let offset = self.offset;
                self.offset += read as u64;
                if self.buffer.last() == Some(&b'\n') {
                    self.buffer.pop();
                }
                // Not UTF-8: a line that parses as nothing.
                Some((
                    offset,
                    String::from_utf8(std::mem::take(&mut self.buffer))
                        .unwrap_or_else(|_| "\u{fffd}".to_string()),
                ))
            }
            Err(_) => {
                self.failed = true;
                None
            }
        }
    }
}

/// Reads record lines back from where they are stored (many threads at once: each
/// read is a positioned read of a file held open), and counts the records parsed from
/// them that are alive, so a test can tell that a writer holds a few at a time.
pub struct RecordLines<'a> {
    previous: Option<&'a File>,
    journal: &'a File,
    output: Option<&'a File>,
    census: AliveCount,
}

impl<'a> RecordLines<'a> {
    /// Reads from the previous `records.ndjson`, the journal and the new `records.ndjson`.
    pub fn new(
        previous: Option<&'a File>,
        journal: &'a File,
        output: Option<&'a File>,
    ) -> RecordLines<'a> {
        RecordLines { previous, journal, output, census: AliveCount::default() }
    }

    /// The record line of a document, as `records.ndjson` holds it.
    pub fn line(&self, kept: &CatalogueEntry) -> io::Result<String> {
        let (file, span) = match &kept.stored {
            Stored::InMemory(line) => return renamed_line(line.clone(), kept),
            Stored::Journal(span) => (Some(self.journal), span),
            Stored::Previous(span) => (self.previous, span),
            Stored::Output(span) => (self.output, span),
        };
        let file =
            file.ok_or_else(|| io::Error::other("the file of a stored record is not open"))?;
        let mut bytes = vec![0u8; span.length];
        file.read_exact_at(&mut bytes, span.offset)?;
        let line = String::from_utf8(bytes).map_err(io::Error::other)?;
        renamed_line(line, kept)
    }

    /// The record line and the record it holds.
    pub fn record(&self, kept: &CatalogueEntry) -> io::Result<(String, CountedRecord<'_>)> {
        let line = self.line(kept)?;
        let record = serde_json::from_str(&line).map_err(io::Error::other)?;
        Ok((line, CountedRecord::new(record, &self.census)))
    }

    /// The most records read back by this reader that were alive at once.
    #[cfg(test)]
    pub fn peak_records_alive(&self) -> usize {
        self.census.peak.load(Ordering::Relaxed)
    }
}

/// Counts records alive: now and at most.
#[derive(Debug, Default)]
struct AliveCount {
    alive: AtomicUsize,
    peak: AtomicUsize,
}

/// A record read back; counted as alive until dropped.
pub struct CountedRecord<'a> {
    record: Record,
    census: &'a AliveCount,
}

impl<'a> CountedRecord<'a> {
    fn new(record: Record, census: &'a AliveCount) -> CountedRecord<'a> {
        let alive = census.alive.fetch_add(1, Ordering::Relaxed) + 1;
        census.peak.fetch_max(alive, Ordering::Relaxed);
        CountedRecord { record, census }
    }

    pub fn record(&self) -> &Record {
        &self.record
    }
}

impl std::borrow::Borrow<Record> for CountedRecord<'_> {
    fn borrow(&self) -> &Record {
        &self.record
    }
}

impl Drop for CountedRecord<'_> {
    fn drop(&mut self) {
        self.census.alive.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The line with `source.file` set to the document's path when it was made under
/// another name (the file name goes nowhere else in a record).
fn renamed_line(line: String, kept: &CatalogueEntry) -> io::Result<String> {
    if !kept.renamed {
        return Ok(line);
    }
    let mut value: serde_json::Value = serde_json::from_str(&line).map_err(io::Error::other)?;
    let file = value
        .pointer_mut("/source/file")
        .ok_or_else(|| io::Error::other("a stored record without source.file"))?;
    *file = serde_json::Value::String(kept.entry.path.clone());
    serde_json::to_string(&value).map_err(io::Error::other)
}

fn open_optional(path: &Path, notes: &mut Vec<String>) -> Option<File> {
    match File::open(path) {
        Ok(file) => Some(file),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => {
            notes.push(format!("cannot read {}: {e}; nothing of it is reused", path.display()));
            None
        }
    }
}

/// The journal being written by this run; safe to append to from many threads.
///
/// Each line is written at once (a killed run loses no record that was appended) and
/// synced to disk by a thread of its own, which syncs whenever lines were written since
/// its last sync: the extracting threads never wait for the disk, and a machine that
/// stops loses at most the lines of the last sync's few milliseconds — records still in
/// flight, which a rerun extracts again.
pub struct Journal {
    path: PathBuf,
    file: Arc<File>,
    shared: Arc<(Mutex<JournalState>, Condvar)>,
    syncer: Option<std::thread::JoinHandle<()>>,
}

/// What the appending threads and the syncing thread share.
#[derive(Debug, Default)]
struct JournalState {
    /// The file's length: where the next line goes.
    end: u64,
    /// Lines written, and lines known to be on disk.
    written: u64,
    synced: u64,
    stopping: bool,
    /// The first sync that failed.
    failure: Option<String>,
}

impl Journal {
    /// Opens the journal of `out_dir` for appending (keeping what an interrupted run wrote).
    pub fn open(out_dir: &Path) -> io::Result<Journal> {
        let path = out_dir.join(JOURNAL_FILE);
        let mut file = OpenOptions::new().create(true).read(true).append(true).open(&path)?;
        // A line cut short by an interruption must not swallow the next one.
        let mut length = file.metadata()?.len();
        if length > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(length - 1))?;
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
                length += 1;
            }
        }
        let file = Arc::new(file);
        let shared = Arc::new((
            Mutex::new(JournalState { end: length, ..JournalState::default() }),
            Condvar::new(),
        ));
        let syncer = {
            let (file, shared) = (Arc::clone(&file), Arc::clone(&shared));
            std::thread::Builder::new()
                .name("tokku-journal-sync".into())
                .spawn(move || sync_until_stopped(&file, &shared))?
        };
        Ok(Journal { path, file, shared, syncer: Some(syncer) })
    }

    /// Appends one extracted document (written through to the file before this returns;
    /// on disk a few milliseconds later); returns where its record line is.
    pub fn append(&self, converted: &FreshRecord) -> io::Result<Span> {
        let entry = serde_json::to_string(&converted.entry).map_err(io::Error::other)?;
        let line = format!("{entry}\t{}\n", converted.record_line);
        let (state, wake) = &*self.shared;
        let mut state =
            state.lock().map_err(|_| io::Error::other("the journal's lock is poisoned"))?;
        if let Some(failure) = &state.failure {
            return Err(io::Error::other(failure.clone()));
        }
        let offset = state.end;
        (&*self.file).write_all(line.as_bytes())?;
        state.end += line.len() as u64;
        state.written += 1;
        drop(state);
        wake.notify_all();
        Ok(Span { offset: offset + entry.len() as u64 + 1, length: converted.record_line.len() })
    }

    /// Syncs what is written and stops the syncing thread; says whether a sync failed.
    pub fn finish_syncing(&mut self) -> io::Result<()> {
        let (state, wake) = &*self.shared;
        if let Ok(mut state) = state.lock() {
            state.stopping = true;
        }
        wake.notify_all();
        if let Some(syncer) = self.syncer.take() {
            syncer.join().map_err(|_| io::Error::other("the journal's syncing thread panicked"))?;
        }
        let state = state.lock().map_err(|_| io::Error::other("the journal's lock is poisoned"))?;
        match &state.failure {
            Some(failure) => Err(io::Error::other(failure.clone())),
            None => Ok(()),
        }
    }

    /// The journal's file, for reading record lines back.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// Removes the journal once the outputs hold everything it had.
    pub fn remove(mut self) -> io::Result<()> {
        let _ = self.finish_syncing();
        std::fs::remove_file(&self.path)
    }
}

impl Drop for Journal {
    fn drop(&mut self) {
        let _ = self.finish_syncing();
    }
}

/// The syncing thread: syncs the journal whenever lines were written since the last
/// sync (one sync covers every line written before it), until told to stop with
/// everything synced.
fn sync_until_stopped(file: &File, shared: &(Mutex<JournalState>, Condvar)) {
    let (state, wake) = shared;
    let Ok(mut guard) = state.lock() else { return };
    loop {
        while guard.written == guard.synced && !guard.stopping {
            guard = match wake.wait(guard) {
                Ok(guard) => guard,
                Err(_) => return,
            };
        }
        if guard.written == guard.synced {
            return;
        }
        let target = guard.written;
        drop(guard);
        let synced = file.sync_data();
        guard = match state.lock() {
            Ok(guard) => guard,
            Err(_) => return,
        };
        guard.synced = target;
        if let Err(e) = synced {
            guard.failure.get_or_insert_with(|| format!("cannot sync the journal: {e}"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn converted(path: &str, text: &str) -> FreshRecord {
        let record = Record::failed(
            tokku::record::Source { file: path.to_string(), ..Default::default() },
            tokku::record::ErrorCode::Io,
            text,
            Vec::new(),
        );
        FreshRecord::from_record(path, &record, 1, &RecordOptions::defaults()).expect("serializes")
    }

    /// A `not_a_report` record of bytes whose sha256 is `sha`, made under `options`.
    fn not_a_report(path: &str, sha: &str, options: &RecordOptions) -> FreshRecord {
        let record = Record::failed(
            tokku::record::Source {
                file: path.to_string(),
                sha256: Some(sha.to_string()),
                ..Default::default()
            },
            tokku::record::ErrorCode::NotAReport,
            format!("made in {}", options.lang),
            Vec::new(),
        );
        FreshRecord::from_record(path, &record, 1, options).expect("serializes")
    }

    #[test]
    fn a_record_made_under_this_runs_options_is_reused_before_a_stale_one() {
        let dir = tempfile::tempdir().expect("temp dir");
        let english = RecordOptions::defaults();
        let japanese = RecordOptions { lang: "ja".into(), ..english.clone() };
        // Published by a run in Japanese; then a run in English was interrupted.
        let published = not_a_report("a.pdf", "abc", &japanese);
        let entry = serde_json::to_string(&published.entry).expect("entry");
        std::fs::write(dir.path().join(MANIFEST_FILE), format!("{entry}\n")).expect("manifest");
        std::fs::write(dir.path().join(RECORDS_FILE), format!("{}\n", published.record_line))
            .expect("records");
        let journal = Journal::open(dir.path()).expect("journal");
        journal.append(&not_a_report("a.pdf", "abc", &english)).expect("appends");
        drop(journal);

        for (now, made_in) in [(&english, "made in en"), (&japanese, "made in ja")] {
            let (reusable, _) = Reusable::load(dir.path(), true, now);
            let Lookup::Reuse(kept) = reusable.take(|| "abc".into(), "a.pdf") else {
                panic!("a record made in {} is reused", now.lang)
            };
            assert_eq!(kept.entry.options.as_ref(), Some(now));
            let journal = File::open(dir.path().join(JOURNAL_FILE)).expect("journal");
            let lines = RecordLines::new(reusable.previous_records(), &journal, None);
            assert!(lines.line(&kept).expect("reads").contains(made_in));
        }
        // A tighter wall time could change both: neither is reused, and the lookup says
        // what differs from the published record (the first made under this name).
        let tighter = RecordOptions { timeout_secs: 5, ..english.clone() };
        let (reusable, _) = Reusable::load(dir.path(), true, &tighter);
        match reusable.take(|| "abc".into(), "a.pdf") {
            Lookup::Stale(changes) => {
                let changes: Vec<_> = changes.iter().collect();
                assert_eq!(changes, [OptionChange::Lang, OptionChange::TimeoutSecs]);
            }
            other => panic!("not reused: {other:?}"),
        }
        // With --force nothing is reused, and other bytes find nothing.
        let (forced, _) = Reusable::load(dir.path(), false, &english);
        assert!(matches!(forced.take(|| "abc".into(), "a.pdf"), Lookup::Absent));
        let (reusable, _) = Reusable::load(dir.path(), true, &english);
        assert!(matches!(reusable.take(|| "other".into(), "a.pdf"), Lookup::Absent));
    }

    #[test]
    fn lines_appended_from_many_threads_are_whole_read_back_and_synced() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut journal = Journal::open(dir.path()).expect("opens");
        let spans: Vec<(Span, String)> = std::thread::scope(|scope| {
            let workers: Vec<_> = (0..4)
                .map(|t| {
                    let journal = &journal;
                    scope.spawn(move || {
                        (0..25)
                            .map(|i| {
                                let c =
                                    converted(&format!("{t}/{i}.pdf"), &"読めない".repeat(i * 50));
                                (journal.append(&c).expect("appends"), c.record_line)
                            })
                            .collect::<Vec<_>>()
                    })
                })
                .collect();
            workers.into_iter().flat_map(|w| w.join().expect("worker")).collect()
        });
        journal.finish_syncing().expect("every line synced");
        {
            let (state, _) = &*journal.shared;
            let state = state.lock().expect("state");
            assert_eq!((state.written, state.synced), (100, 100));
        }
        let lines = RecordLines::new(None, journal.file(), None);
        for (span, line) in &spans {
            let kept = CatalogueEntry {
                entry: converted("x", "").entry,
                observations: 0,
                stored: Stored::Journal(*span),
                renamed: false,
            };
            assert_eq!(&lines.line(&kept).expect("reads"), line);
        }
        // Every line of the file is an entry, a tab and a record (no two lines mixed).
        let text = std::fs::read_to_string(dir.path().join(JOURNAL_FILE)).expect("journal");
        assert_eq!(text.lines().count(), 100);
        assert!(text.lines().all(|l| l
            .split_once('\t')
            .is_some_and(|(e, r)| serde_json::from_str::<ManifestEntry>(e).is_ok()
                && serde_json::from_str::<Record>(r).is_ok())));
    }

    #[test]
    fn a_journal_reopened_after_a_cut_short_line_starts_on_a_new_line() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join(JOURNAL_FILE), "{\"path\":\"cut").expect("write");
        let journal = Journal::open(dir.path()).expect("opens");
        let c = converted("a.pdf", "x");
        let span = journal.append(&c).expect("appends");
        let lines = RecordLines::new(None, journal.file(), None);
        let kept = CatalogueEntry {
            entry: c.entry.clone(),
            observations: 0,
            stored: Stored::Journal(span),
            renamed: false,
        };
        assert_eq!(lines.line(&kept).expect("reads"), c.record_line);
        let text = std::fs::read_to_string(dir.path().join(JOURNAL_FILE)).expect("journal");
        assert!(text.starts_with("{\"path\":\"cut\n"), "{text}");
    }
}
