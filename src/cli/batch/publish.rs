//! Publishing a batch's outputs as one set: an interrupted run (kill -9, a full disk)
//! leaves either the previous set or the new one in the output directory, never a mix.
//!
//! Several files cannot be replaced at once, so the files in DIR are symbolic links into
//! one generation directory: `DIR/records.ndjson → .tokku-outputs/current/records.ndjson`,
//! and `DIR/.tokku-outputs/current → gen-…` is itself a link. A run writes its files into
//! a fresh `gen-…` directory, syncs them, and then replaces the `current` link with one
//! `rename` — the single step that switches every file at once. Older generations are
//! removed afterwards. Files of an earlier layout (plain files in DIR) are first moved
//! under `current` without changing what they read as, so the switch stays atomic.

use std::fs::{self, File};
use std::io;
#[cfg(test)]
use std::io::Write;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The directory of generations inside the output directory.
pub const GENERATIONS_DIR: &str = ".tokku-outputs";
/// The link to the published generation, inside [`GENERATIONS_DIR`].
const CURRENT: &str = "current";

/// A set of output files being written; published by [`OutputSet::commit`].
pub struct OutputSet {
    out: PathBuf,
    generation: PathBuf,
    names: Vec<String>,
}

impl OutputSet {
    /// Starts a new generation in `out`.
    pub fn begin(out: &Path) -> io::Result<OutputSet> {
        let generations = out.join(GENERATIONS_DIR);
        fs::create_dir_all(&generations)?;
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let generation = generations.join(format!("gen-{nanos}-{}", std::process::id()));
        fs::create_dir(&generation)?;
        Ok(OutputSet { out: out.to_path_buf(), generation, names: Vec::new() })
    }

    /// Writes one file of the set at once.
    #[cfg(test)]
    pub fn write(&mut self, name: &str, bytes: &[u8]) -> io::Result<()> {
        self.create(name)?.write_all(bytes)
    }

    /// Creates one file of the set, to be written by the caller (synced to disk before
    /// the set is published).
    pub fn create(&mut self, name: &str) -> io::Result<File> {
        let file = File::create(self.generation.join(name))?;
        self.names.push(name.to_string());
        Ok(file)
    }

    /// Publishes the set: every name in `out` reads the new file from now on, all at once.
    pub fn commit(self) -> io::Result<()> {
        let generations = self.out.join(GENERATIONS_DIR);
        for name in &self.names {
            File::open(self.generation.join(name))?.sync_all()?;
        }
        sync_dir(&self.generation)?;
        adopt_plain_files(&self.out, &self.names)?;
        for name in &self.names {
            ensure_link(&self.out, name)?;
        }
        let generation_name = self.generation.file_name().map(PathBuf::from).unwrap_or_default();
        replace_with_link(&generation_name, &generations.join(CURRENT))?;
        sync_dir(&generations)?;
        remove_other_generations(&generations, &generation_name);
        Ok(())
    }
}

/// What `DIR/name` links to.
fn link_target(name: &str) -> PathBuf {
    Path::new(GENERATIONS_DIR).join(CURRENT).join(name)
}

/// Makes `DIR/name` the link into `current` (a no-op when it already is).
fn ensure_link(out: &Path, name: &str) -> io::Result<()> {
    let path = out.join(name);
    if fs::read_link(&path).is_ok_and(|t| t == link_target(name)) {
        return Ok(());
    }
    replace_with_link(&link_target(name), &path)
}

/// Atomically makes `path` a symbolic link to `target` (a link beside it, renamed over it).
fn replace_with_link(target: &Path, path: &Path) -> io::Result<()> {
    let name = path.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default();
    let temporary = path.with_file_name(format!(".{name}.link-{}", std::process::id()));
    match fs::remove_file(&temporary) {
        Err(e) if e.kind() != io::ErrorKind::NotFound => return Err(e),
        _ => {}
    }
    symlink(target, &temporary)?;
    fs::rename(&temporary, path)
}

/// Outputs of an earlier layout (plain files in DIR, no `current` yet) become the first
/// generation: hard-linked into it, `current` set, then each plain file replaced by a
/// link that reads the very same bytes. At every step DIR reads as the previous set.
fn adopt_plain_files(out: &Path, names: &[String]) -> io::Result<()> {
    let generations = out.join(GENERATIONS_DIR);
    if fs::symlink_metadata(generations.join(CURRENT)).is_ok() {
        return Ok(());
    }
    fs::create_dir_all(&generations)?;
    let plain: Vec<&String> = names
        .iter()
        .filter(|n| fs::symlink_metadata(out.join(n)).is_ok_and(|m| m.file_type().is_file()))
        .collect();
    let previous = generations.join("gen-0-previous");
    let _ = fs::remove_dir_all(&previous);
    fs::create_dir(&previous)?;
    for name in &plain {
        fs::hard_link(out.join(name), previous.join(name))?;
    }
    sync_dir(&previous)?;
    replace_with_link(Path::new("gen-0-previous"), &generations.join(CURRENT))?;
    sync_dir(&generations)?;
    for name in &plain {
        ensure_link(out, name)?;
    }
    sync_dir(out)
}

/// Removes every generation but `keep` (and stray temporary links): older runs' and
/// those of runs interrupted before they published.
fn remove_other_generations(generations: &Path, keep: &Path) {
    let Ok(entries) = fs::read_dir(generations) else { return };
    for entry in entries.flatten() {
        let name = entry.file_name();
        if name == CURRENT || Path::new(&name) == keep {
            continue;
        }
        let path = entry.path();
        if entry.file_type().is_ok_and(|t| t.is_dir()) {
            let _ = fs::remove_dir_all(&path);
        } else {
            let _ = fs::remove_file(&path);
        }
    }
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(path: &Path) -> String {
        fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
    }

    #[test]
    fn a_committed_set_replaces_every_file_and_older_generations_go() {
        let dir = tempfile::tempdir().expect("temp dir");
        for round in ["one", "two", "three"] {
            let mut set = OutputSet::begin(dir.path()).expect("begin");
            set.write("a.txt", format!("a {round}").as_bytes()).expect("write a");
            set.write("b.txt", format!("b {round}").as_bytes()).expect("write b");
            set.commit().expect("commit");
            assert_eq!(read(&dir.path().join("a.txt")), format!("a {round}"));
            assert_eq!(read(&dir.path().join("b.txt")), format!("b {round}"));
        }
        let generations: Vec<_> = fs::read_dir(dir.path().join(GENERATIONS_DIR))
            .expect("generations")
            .flatten()
            .collect();
        assert_eq!(generations.len(), 2, "current and one generation remain");
    }

    #[test]
    fn an_uncommitted_set_changes_nothing() {
        let dir = tempfile::tempdir().expect("temp dir");
        let mut set = OutputSet::begin(dir.path()).expect("begin");
        set.write("a.txt", b"old").expect("write");
        set.commit().expect("commit");
        let mut interrupted = OutputSet::begin(dir.path()).expect("begin");
        interrupted.write("a.txt", b"new").expect("write");
        drop(interrupted);
        assert_eq!(read(&dir.path().join("a.txt")), "old");
    }

    #[test]
    fn plain_files_of_an_earlier_layout_are_adopted_then_replaced() {
        let dir = tempfile::tempdir().expect("temp dir");
        fs::write(dir.path().join("a.txt"), "plain a").expect("plain");
        fs::write(dir.path().join("b.txt"), "plain b").expect("plain");
        adopt_plain_files(dir.path(), &["a.txt".to_string(), "b.txt".to_string()]).expect("adopt");
        assert!(fs::symlink_metadata(dir.path().join("a.txt"))
            .expect("a")
            .file_type()
            .is_symlink());
        assert_eq!(read(&dir.path().join("a.txt")), "plain a");
        assert_eq!(read(&dir.path().join("b.txt")), "plain b");
        let mut set = OutputSet::begin(dir.path()).expect("begin");
        set.write("a.txt", b"new a").expect("write");
        set.write("b.txt", b"new b").expect("write");
        set.commit().expect("commit");
        assert_eq!(read(&dir.path().join("a.txt")), "new a");
        assert_eq!(read(&dir.path().join("b.txt")), "new b");
    }
}
