//! What a batch can reuse instead of extracting again: the records of the previous run
//! in the output directory (`manifest.ndjson` + `records.ndjson`) and of an interrupted
//! run (the journal), keyed by the input's sha256 and the tokku version. Also the
//! journal itself: every record extracted is appended to it at once, so an interrupted
//! run loses no finished work; it is removed once the outputs are complete.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::os::unix::fs::FileExt;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Mutex;

use tokku::record::Record;

use super::manifest::{observation_count, Converted, Kept, ManifestEntry, Span, Status, Stored, TOKKU_VERSION};
use super::outputs::{MANIFEST_FILE, RECORDS_FILE};

/// The journal of the running (or an interrupted) batch in the output directory. One
/// line per extracted document: the manifest entry's JSON, a tab, the record's JSON
/// line (JSON text never holds a raw tab, so the split is unambiguous).
pub const JOURNAL_FILE: &str = ".tokku-batch-journal.ndjson";

/// Records that may be reused, by sha256 of the input bytes: each a manifest entry and
/// where its record line is (the previous `records.ndjson` or the journal), not the record.
#[derive(Debug, Default)]
pub struct Reusable {
    by_sha256: HashMap<String, Vec<Kept>>,
    /// The previous run's `records.ndjson`, held open: the spans of [`Stored::Previous`]
    /// are read from it while the new outputs are written (a new generation replaces it
    /// only once they are complete).
    previous_records: Option<File>,
}

impl Reusable {
    /// Loads the previous outputs and the journal of `out_dir`, a line at a time (each
    /// record is parsed to check it, then dropped). Lines that cannot be read are left
    /// out (their documents are extracted again); the notes say so.
    pub fn load(out_dir: &Path) -> (Reusable, Vec<String>) {
        let mut reusable = Reusable::default();
        let mut notes = Vec::new();
        reusable.load_previous_outputs(out_dir, &mut notes);
        reusable.load_journal(out_dir, &mut notes);
        (reusable, notes)
    }

    /// Keeps a record of a previous run when it can be reused: made by this version
    /// from bytes of the manifest entry's sha256. The entry is made again from the
    /// record (as for a fresh one), keeping the original's milliseconds.
    fn insert(&mut self, entry: ManifestEntry, record: &Record, stored: Stored) {
        let usable = !entry.sha256.is_empty() && entry.tokku_version == TOKKU_VERSION && record.source.sha256.as_deref() == Some(entry.sha256.as_str());
        if usable {
            let kept = Kept { entry: ManifestEntry::for_record(&entry.path, record, entry.milliseconds), observations: observation_count(record), stored, renamed: false };
            self.by_sha256.entry(entry.sha256).or_default().push(kept);
        }
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
                Err(e) => notes.push(format!("{MANIFEST_FILE}: a line that is not a manifest entry is left out ({e})")),
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
                    notes.push(format!("{RECORDS_FILE}: a line that is not a record is left out ({e})"));
                    continue;
                }
            };
            if let Some(entry) = entries.remove(&record.source.file) {
                self.insert(entry, &record, Stored::Previous(Span { offset, length: line.len() }));
            }
        }
        if lines.failed {
            notes.push(format!("cannot read all of {}; the rest is extracted again", out_dir.join(RECORDS_FILE).display()));
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
                let span = Span { offset: offset + line.len() as u64 - record_line.len() as u64, length: record_line.len() };
                self.insert(entry, &record, Stored::Journal(span));
            }
        }
        if recovered > 0 {
            notes.push(format!("recovered {recovered} records from an interrupted run ({JOURNAL_FILE})"));
        }
    }

    /// The reusable record of an input with these bytes, as the input named `path`:
    /// status `skipped`, the original's milliseconds, and `source.file` set to `path`
    /// (when read) when the record was made under another name.
    pub fn take(&self, sha256: &str, path: &str) -> Option<Kept> {
        let candidates = self.by_sha256.get(sha256)?;
        let same_path = candidates.iter().find(|c| c.entry.path == path);
        let found = same_path.or_else(|| candidates.first())?;
        let mut kept = found.clone();
        kept.renamed = found.entry.path != path;
        kept.entry.path = path.to_string();
        kept.entry.status = Status::Skipped;
        Some(kept)
    }

    /// The previous run's records file (to be read through [`RecordLines`]).
    pub fn previous_records(&self) -> Option<&File> {
        self.previous_records.as_ref()
    }
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
                Some((offset, String::from_utf8(std::mem::take(&mut self.buffer)).unwrap_or_else(|_| "\u{fffd}".to_string())))
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
    census: Census,
}

impl<'a> RecordLines<'a> {
    /// Reads from the previous `records.ndjson`, the journal and the new `records.ndjson`.
    pub fn new(previous: Option<&'a File>, journal: &'a File, output: Option<&'a File>) -> RecordLines<'a> {
        RecordLines { previous, journal, output, census: Census::default() }
    }

    /// The record line of a document, as `records.ndjson` holds it.
    pub fn line(&self, kept: &Kept) -> io::Result<String> {
        let (file, span) = match &kept.stored {
            Stored::Held(line) => return renamed_line(line.clone(), kept),
            Stored::Journal(span) => (Some(self.journal), span),
            Stored::Previous(span) => (self.previous, span),
            Stored::Output(span) => (self.output, span),
        };
        let file = file.ok_or_else(|| io::Error::other("the file of a stored record is not open"))?;
        let mut bytes = vec![0u8; span.length];
        file.read_exact_at(&mut bytes, span.offset)?;
        let line = String::from_utf8(bytes).map_err(io::Error::other)?;
        renamed_line(line, kept)
    }

    /// The record line and the record it holds.
    pub fn record(&self, kept: &Kept) -> io::Result<(String, Loaded<'_>)> {
        let line = self.line(kept)?;
        let record = serde_json::from_str(&line).map_err(io::Error::other)?;
        Ok((line, Loaded::new(record, &self.census)))
    }

    /// The most records read back by this reader that were alive at once.
    #[cfg(test)]
    pub fn peak_records_alive(&self) -> usize {
        self.census.peak.load(Ordering::Relaxed)
    }
}

/// Counts records alive: now and at most.
#[derive(Debug, Default)]
struct Census {
    alive: AtomicUsize,
    peak: AtomicUsize,
}

/// A record read back; counted as alive until dropped.
pub struct Loaded<'a> {
    record: Record,
    census: &'a Census,
}

impl<'a> Loaded<'a> {
    fn new(record: Record, census: &'a Census) -> Loaded<'a> {
        let alive = census.alive.fetch_add(1, Ordering::Relaxed) + 1;
        census.peak.fetch_max(alive, Ordering::Relaxed);
        Loaded { record, census }
    }

    pub fn record(&self) -> &Record {
        &self.record
    }
}

impl std::borrow::Borrow<Record> for Loaded<'_> {
    fn borrow(&self) -> &Record {
        &self.record
    }
}

impl Drop for Loaded<'_> {
    fn drop(&mut self) {
        self.census.alive.fetch_sub(1, Ordering::Relaxed);
    }
}

/// The line with `source.file` set to the document's path when it was made under
/// another name (the file name goes nowhere else in a record).
fn renamed_line(line: String, kept: &Kept) -> io::Result<String> {
    if !kept.renamed {
        return Ok(line);
    }
    let mut value: serde_json::Value = serde_json::from_str(&line).map_err(io::Error::other)?;
    let file = value.pointer_mut("/source/file").ok_or_else(|| io::Error::other("a stored record without source.file"))?;
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
pub struct Journal {
    path: PathBuf,
    file: File,
    /// The file's length: where the next line goes. Held while a line is written.
    end: Mutex<u64>,
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
        Ok(Journal { path, file, end: Mutex::new(length) })
    }

    /// Appends one extracted document and syncs it to disk before returning (a record
    /// journaled is a record kept, whatever happens to the run next); returns where its
    /// record line is. The lock is held only while the line is written: the sync runs
    /// outside it, so one thread's sync does not stop the others from writing, and a
    /// sync covers every line written before it.
    pub fn append(&self, converted: &Converted) -> io::Result<Span> {
        let entry = serde_json::to_string(&converted.entry).map_err(io::Error::other)?;
        let line = format!("{entry}\t{}\n", converted.record_line);
        let offset = {
            let mut end = self.end.lock().map_err(|_| io::Error::other("the journal's lock is poisoned"))?;
            let offset = *end;
            (&self.file).write_all(line.as_bytes())?;
            *end += line.len() as u64;
            offset
        };
        self.file.sync_data()?;
        Ok(Span { offset: offset + entry.len() as u64 + 1, length: converted.record_line.len() })
    }

    /// The journal's file, for reading record lines back.
    pub fn file(&self) -> &File {
        &self.file
    }

    /// Removes the journal once the outputs hold everything it had.
    pub fn remove(self) -> io::Result<()> {
        drop(self.file);
        std::fs::remove_file(&self.path)
    }
}
