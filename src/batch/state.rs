//! What a batch can reuse instead of extracting again: the records of the previous run
//! in the output directory (`manifest.ndjson` + `records.ndjson`) and of an interrupted
//! run (the journal), keyed by the input's sha256 and the tokku version. Also the
//! journal itself: every record (extracted or reused) is appended to it at once, so an
//! interrupted run loses no finished work, and the outputs are streamed back from it;
//! it is removed once the outputs are complete.

use std::collections::HashMap;
use std::fs::{File, OpenOptions};
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use super::manifest::{Converted, ManifestEntry, Status, TOKKU_VERSION};
use super::outputs::{MANIFEST_FILE, RECORDS_FILE};

/// The journal of the running (or an interrupted) batch in the output directory. One
/// line per extracted document: the manifest entry's JSON, a tab, the record's JSON
/// line (JSON text never holds a raw tab, so the split is unambiguous).
pub const JOURNAL_FILE: &str = ".tokku-batch-journal.ndjson";

/// Records that may be reused, by sha256 of the input bytes.
#[derive(Debug, Default)]
pub struct Reusable {
    by_sha256: HashMap<String, Vec<Converted>>,
}

impl Reusable {
    /// Loads the previous outputs and the journal of `out_dir`. Lines that cannot be
    /// read are left out (their documents are extracted again); the notes say so.
    pub fn load(out_dir: &Path) -> (Reusable, Vec<String>) {
        let mut reusable = Reusable::default();
        let mut notes = Vec::new();
        reusable.load_previous_outputs(out_dir, &mut notes);
        reusable.load_journal(out_dir, &mut notes);
        (reusable, notes)
    }

    fn insert(&mut self, converted: Converted) {
        let usable = !converted.entry.sha256.is_empty()
            && converted.entry.tokku_version == TOKKU_VERSION
            && converted.record.source.sha256.as_deref() == Some(converted.entry.sha256.as_str());
        if usable {
            self.by_sha256.entry(converted.entry.sha256.clone()).or_default().push(converted);
        }
    }

    fn load_previous_outputs(&mut self, out_dir: &Path, notes: &mut Vec<String>) {
        let (Some(manifest), Some(records)) = (read_optional(&out_dir.join(MANIFEST_FILE), notes), read_optional(&out_dir.join(RECORDS_FILE), notes)) else {
            return;
        };
        let mut record_lines: HashMap<String, &str> = HashMap::new();
        for line in records.lines().filter(|l| !l.trim().is_empty()) {
            match serde_json::from_str::<serde_json::Value>(line) {
                Ok(value) => {
                    if let Some(file) = value.pointer("/source/file").and_then(|f| f.as_str()) {
                        record_lines.insert(file.to_string(), line);
                    }
                }
                Err(e) => notes.push(format!("{RECORDS_FILE}: a line that is not JSON is left out ({e})")),
            }
        }
        for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
            let entry: ManifestEntry = match serde_json::from_str(line) {
                Ok(entry) => entry,
                Err(e) => {
                    notes.push(format!("{MANIFEST_FILE}: a line that is not a manifest entry is left out ({e})"));
                    continue;
                }
            };
            let Some(record_line) = record_lines.get(&entry.path) else { continue };
            match Converted::from_line(entry, record_line.to_string()) {
                Ok(converted) => self.insert(converted),
                Err(e) => notes.push(format!("{RECORDS_FILE}: a line that is not a record is left out ({e})")),
            }
        }
    }

    fn load_journal(&mut self, out_dir: &Path, notes: &mut Vec<String>) {
        let Some(journal) = read_optional(&out_dir.join(JOURNAL_FILE), notes) else { return };
        let mut recovered = 0;
        for line in journal.lines() {
            // The last line of an interrupted run may be cut short: it does not parse and is left out.
            let Some((entry, record_line)) = line.split_once('\t') else { continue };
            let Ok(entry) = serde_json::from_str::<ManifestEntry>(entry) else { continue };
            if let Ok(converted) = Converted::from_line(entry, record_line.to_string()) {
                recovered += 1;
                self.insert(converted);
            }
        }
        if recovered > 0 {
            notes.push(format!("recovered {recovered} records from an interrupted run ({JOURNAL_FILE})"));
        }
    }

    /// The reusable record of an input with these bytes, as the input named `path`:
    /// status `skipped`, the original's milliseconds, and `source.file` set to `path`
    /// when the record was made under another name.
    pub fn take(&self, sha256: &str, path: &str) -> Option<Converted> {
        let candidates = self.by_sha256.get(sha256)?;
        let same_path = candidates.iter().find(|c| c.entry.path == path);
        let found = same_path.or_else(|| candidates.first())?;
        let mut converted = if found.entry.path == path { found.clone() } else { renamed(found, path)? };
        let milliseconds = found.entry.milliseconds;
        converted.entry = ManifestEntry::for_record(path, &converted.record, milliseconds);
        converted.entry.status = Status::Skipped;
        Some(converted)
    }
}

/// A record made under another file name, with `source.file` changed to `path` (the
/// file name goes nowhere else in a record).
fn renamed(found: &Converted, path: &str) -> Option<Converted> {
    let mut value: serde_json::Value = serde_json::from_str(&found.record_line).ok()?;
    *value.pointer_mut("/source/file")? = serde_json::Value::String(path.to_string());
    let record_line = serde_json::to_string(&value).ok()?;
    Converted::from_line(found.entry.clone(), record_line).ok()
}

fn read_optional(path: &Path, notes: &mut Vec<String>) -> Option<String> {
    match std::fs::read_to_string(path) {
        Ok(text) => Some(text),
        Err(e) if e.kind() == io::ErrorKind::NotFound => None,
        Err(e) => {
            notes.push(format!("cannot read {}: {e}; nothing of it is reused", path.display()));
            None
        }
    }
}

/// Where a document's line is in the journal (byte offset and length, without the `\n`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct JournalSpan {
    offset: u64,
    length: usize,
}

/// The journal being written by this run; safe to append to from many threads.
pub struct Journal {
    path: PathBuf,
    file: Mutex<File>,
}

impl Journal {
    /// Opens the journal of `out_dir` for appending (keeping what an interrupted run wrote).
    pub fn open(out_dir: &Path) -> io::Result<Journal> {
        let path = out_dir.join(JOURNAL_FILE);
        let mut file = OpenOptions::new().create(true).read(true).append(true).open(&path)?;
        // A line cut short by an interruption must not swallow the next one.
        let length = file.metadata()?.len();
        if length > 0 {
            let mut last = [0u8; 1];
            file.seek(SeekFrom::Start(length - 1))?;
            file.read_exact(&mut last)?;
            if last[0] != b'\n' {
                file.write_all(b"\n")?;
            }
        }
        Ok(Journal { path, file: Mutex::new(file) })
    }

    /// Appends one document, written through to the file; returns where its line is,
    /// to be read back by `read_line`.
    pub fn append(&self, converted: &Converted) -> io::Result<JournalSpan> {
        let entry = serde_json::to_string(&converted.entry).map_err(io::Error::other)?;
        let line = format!("{entry}\t{}\n", converted.record_line);
        let mut file = self.file.lock().map_err(|_| io::Error::other("the journal's lock is poisoned"))?;
        // Opened for appending: the line goes to the end, wherever the cursor is.
        let offset = file.seek(SeekFrom::End(0))?;
        file.write_all(line.as_bytes())?;
        file.flush()?;
        Ok(JournalSpan { offset, length: line.len() - 1 })
    }

    /// The document journaled at `span`: its manifest entry and record line.
    pub fn read_line(&self, span: JournalSpan) -> io::Result<Converted> {
        let mut bytes = vec![0u8; span.length];
        {
            let mut file = self.file.lock().map_err(|_| io::Error::other("the journal's lock is poisoned"))?;
            file.seek(SeekFrom::Start(span.offset))?;
            file.read_exact(&mut bytes)?;
        }
        let line = String::from_utf8(bytes).map_err(io::Error::other)?;
        let (entry, record_line) = line.split_once('\t').ok_or_else(|| io::Error::other("a journal line without a tab"))?;
        let entry: ManifestEntry = serde_json::from_str(entry).map_err(io::Error::other)?;
        Converted::from_line(entry, record_line.to_string()).map_err(io::Error::other)
    }

    /// Removes the journal once the outputs hold everything it had.
    pub fn remove(self) -> io::Result<()> {
        drop(self.file);
        std::fs::remove_file(&self.path)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use tokku::record::{ErrorCode, Record, Source};

    fn converted(name: &str) -> Converted {
        let record = Record::failed(Source { file: name.to_string(), ..Source::default() }, ErrorCode::Io, format!("cannot read {name}"), Vec::new());
        Converted::from_record(name, record, 7).expect("serializes")
    }

    #[test]
    fn record_lines_are_read_back_from_where_they_were_appended() {
        let dir = tempfile::tempdir().expect("temp dir");
        // An interrupted run's journal, its last line cut short.
        std::fs::write(dir.path().join(JOURNAL_FILE), "{\"path\":\"old.pdf\"}\t{\"sour").expect("old journal");
        let journal = Journal::open(dir.path()).expect("opens");
        let first = converted("a.pdf");
        let second = converted("b/日本語.pdf");
        let span_a = journal.append(&first).expect("appends");
        let span_b = journal.append(&second).expect("appends");
        let read_b = journal.read_line(span_b).expect("reads");
        let read_a = journal.read_line(span_a).expect("reads");
        assert_eq!((read_b.entry, read_b.record_line), (second.entry.clone(), second.record_line.clone()));
        assert_eq!((read_a.entry, read_a.record_line), (first.entry.clone(), first.record_line.clone()));
        assert!(first.record_line.contains("a.pdf") && second.record_line.contains("日本語"));
    }
}
