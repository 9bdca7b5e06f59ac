//! Publishing a batch's outputs as one set: an interrupted run (kill -9, a full disk)
//! leaves either the previous set or the new one in the output directory, never a mix.
//!
//! Every output of a batch is part of the set: the records, the manifest, the CSVs,
//! the panel's files, the review pages and the database and workbook wherever they are
//! asked for (`--sqlite FILE` and `--xlsx FILE` become links too). Several files cannot
//! be replaced at once, so the files in DIR are symbolic links into one generation
//! directory: `DIR/records.ndjson → .tokku-outputs/current/records.ndjson`,
//! and `DIR/.tokku-outputs/current → gen-…` is itself a link. A run writes its files into
//! a fresh `gen-…` directory, syncs them, and then replaces the `current` link with one
//! `rename` — the single step that switches every file at once. Older generations are
//! removed afterwards. Files of an earlier layout (plain files in DIR) are first moved
//! under `current` without changing what they read as, so the switch stays atomic.

use std::fs::{self, File};
use std::io::{self, Write};
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::time::{SystemTime, UNIX_EPOCH};

/// The directory of generations inside the output directory.
pub const GENERATIONS_DIR: &str = ".tokku-outputs";
/// The link to the published generation, inside [`GENERATIONS_DIR`].
const CURRENT: &str = "current";
/// In each generation: its names and their links, one `name\tlink` a line.
const PUBLISHED_LIST: &str = ".published";

/// A set of output files being written; published by [`OutputSet::commit`].
pub struct OutputSet {
    out: PathBuf,
    generation: PathBuf,
    published: Vec<Published>,
}

/// A file (or directory) of the set and the link that shows it.
struct Published {
    /// The name inside the generation.
    name: String,
    /// The link: `DIR/name`, or a path of the user's choosing outside DIR (`--sqlite FILE`).
    link: PathBuf,
    /// What the link points to: relative inside DIR, absolute from elsewhere.
    target: PathBuf,
}

impl OutputSet {
    /// Starts a new generation in `out`.
    pub fn begin(out: &Path) -> io::Result<OutputSet> {
        let generations = out.join(GENERATIONS_DIR);
        fs::create_dir_all(&generations)?;
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_nanos()).unwrap_or(0);
        let generation = generations.join(format!("gen-{nanos}-{}", std::process::id()));
        fs::create_dir(&generation)?;
        Ok(OutputSet { out: out.to_path_buf(), generation, published: Vec::new() })
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
        self.add(name, self.out.join(name), link_target(name));
        Ok(file)
    }

    /// The path in the generation of a file of the set that another writer makes (the
    /// database, the workbook), shown at `path` once published: `path` becomes a link
    /// into the published generation, like the files in DIR.
    pub fn file_at(&mut self, path: &Path) -> io::Result<PathBuf> {
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .ok_or_else(|| io::Error::other(format!("{} names no file", path.display())))?;
        let in_out = match (path.parent(), fs::canonicalize(&self.out)) {
            (Some(parent), Ok(out)) => {
                let parent = if parent.as_os_str().is_empty() { Path::new(".") } else { parent };
                fs::canonicalize(parent).is_ok_and(|p| p == out)
            }
            _ => false,
        };
        let target = if in_out {
            link_target(&name)
        } else {
            fs::canonicalize(&self.out)?.join(link_target(&name))
        };
        self.add(&name, path.to_path_buf(), target);
        Ok(self.generation.join(name))
    }

    /// A directory of the set (the review pages), to be filled by the caller.
    pub fn directory(&mut self, name: &str) -> io::Result<PathBuf> {
        let dir = self.generation.join(name);
        fs::create_dir_all(&dir)?;
        self.add(name, self.out.join(name), link_target(name));
        Ok(dir)
    }

    /// The generation being written (the batch's outputs are written here first).
    pub fn generation(&self) -> &Path {
        &self.generation
    }

    fn add(&mut self, name: &str, link: PathBuf, target: PathBuf) {
        self.published.retain(|p| p.name != name);
        self.published.push(Published { name: name.to_string(), link, target });
    }

    /// Lists the set's names and links in the generation ([`PUBLISHED_LIST`]), so that the
    /// next run knows which links it must look after.
    fn write_published_list(&self) -> io::Result<()> {
        let list: String =
            self.published.iter().map(|p| format!("{}\t{}\n", p.name, p.link.display())).collect();
        let mut file = File::create(self.generation.join(PUBLISHED_LIST))?;
        file.write_all(list.as_bytes())?;
        file.sync_all()
    }

    /// The outputs of the published set that this run does not write (a workbook asked
    /// for last time but not now) stay as they are: each link is replaced by the file it
    /// shows (a hard link: the same bytes, atomically), no longer part of the set.
    fn keep_what_is_not_written(&self) -> io::Result<()> {
        let current = self.out.join(GENERATIONS_DIR).join(CURRENT);
        let Ok(list) = fs::read_to_string(current.join(PUBLISHED_LIST)) else { return Ok(()) };
        for line in list.lines() {
            let Some((name, link)) = line.split_once('\t') else { continue };
            let link = PathBuf::from(link);
            if self.published.iter().any(|p| p.name == name || p.link == link) {
                continue;
            }
            let shown = current.join(name);
            let is_our_link = fs::read_link(&link).is_ok_and(|t| t.ends_with(link_target(name)));
            if !is_our_link || fs::symlink_metadata(&shown).is_err() {
                continue;
            }
            if fs::metadata(&shown)?.is_dir() {
                fs::remove_file(&link)?;
                fs::rename(&shown, &link)?;
            } else {
                let temporary = link.with_file_name(format!(
                    ".{}.keep-{}",
                    link.file_name().map(|n| n.to_string_lossy().to_string()).unwrap_or_default(),
                    std::process::id()
                ));
                let _ = fs::remove_file(&temporary);
                if fs::hard_link(&shown, &temporary).is_err() {
                    fs::copy(&shown, &temporary)?;
                }
                fs::rename(&temporary, &link)?;
            }
        }
        Ok(())
    }

    /// Publishes the set: every name in `out` reads the new file from now on, all at once.
    pub fn commit(self) -> io::Result<()> {
        let generations = self.out.join(GENERATIONS_DIR);
        for published in &self.published {
            sync_tree(&self.generation.join(&published.name))?;
        }
        sync_dir(&self.generation)?;
        adopt_plain_files(&self.out, &self.published)?;
        for published in &self.published {
            ensure_link(published)?;
        }
        self.write_published_list()?;
        self.keep_what_is_not_written()?;
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

/// Makes the link of a published file (a no-op when it already is one).
fn ensure_link(published: &Published) -> io::Result<()> {
    if fs::read_link(&published.link).is_ok_and(|t| t == published.target) {
        return Ok(());
    }
    replace_with_link(&published.target, &published.link)
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

/// Outputs of an earlier layout (plain files where the links go: every output of an
/// early version, or a database written before it joined the set) become part of the
/// published generation — of the first one, made of them, when there is none yet —
/// then each plain file is replaced by a link that reads the very same bytes. At every
/// step the outputs read as the previous set. (A plain review directory of an early
/// version is moved, not linked: for that moment it is absent.)
fn adopt_plain_files(out: &Path, published: &[Published]) -> io::Result<()> {
    let generations = out.join(GENERATIONS_DIR);
    let plain: Vec<&Published> = published
        .iter()
        .filter(|p| fs::symlink_metadata(&p.link).is_ok_and(|m| !m.file_type().is_symlink()))
        .collect();
    if plain.is_empty() {
        return Ok(());
    }
    fs::create_dir_all(&generations)?;
    let current = generations.join(CURRENT);
    let first = fs::symlink_metadata(&current).is_err();
    let holder = if first {
        let previous = generations.join("gen-0-previous");
        let _ = fs::remove_dir_all(&previous);
        fs::create_dir(&previous)?;
        previous
    } else {
        generations.join(fs::read_link(&current)?)
    };
    for p in &plain {
        let into = holder.join(&p.name);
        if fs::symlink_metadata(&into).is_ok() {
            continue;
        }
        if fs::metadata(&p.link)?.is_dir() {
            fs::rename(&p.link, &into)?;
        } else if fs::hard_link(&p.link, &into).is_err() {
            fs::copy(&p.link, &into)?;
        }
    }
    sync_dir(&holder)?;
    if first {
        replace_with_link(Path::new("gen-0-previous"), &current)?;
        sync_dir(&generations)?;
    }
    for p in &plain {
        ensure_link(p)?;
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

/// Syncs a file, or a directory with the files in it.
fn sync_tree(path: &Path) -> io::Result<()> {
    if fs::metadata(path)?.is_dir() {
        for entry in fs::read_dir(path)? {
            sync_tree(&entry?.path())?;
        }
    }
    File::open(path)?.sync_all()
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
        let published: Vec<Published> = ["a.txt", "b.txt"]
            .iter()
            .map(|name| Published {
                name: name.to_string(),
                link: dir.path().join(name),
                target: link_target(name),
            })
            .collect();
        adopt_plain_files(dir.path(), &published).expect("adopt");
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

    #[test]
    fn a_file_outside_dir_and_a_directory_switch_with_the_set_and_an_unwritten_one_stays() {
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().join("out");
        let elsewhere = dir.path().join("elsewhere").join("t.sqlite");
        fs::create_dir_all(elsewhere.parent().expect("parent")).expect("dirs");
        // A database of an earlier version: a plain file, adopted without a change.
        fs::write(&elsewhere, "plain database").expect("plain");
        for round in ["one", "two"] {
            let mut set = OutputSet::begin(&out).expect("begin");
            set.write("a.txt", round.as_bytes()).expect("a");
            fs::write(set.file_at(&elsewhere).expect("file_at"), format!("db {round}"))
                .expect("db");
            let pages = set.directory("review").expect("review");
            fs::write(pages.join("index.html"), format!("index {round}")).expect("index");
            set.commit().expect("commit");
            assert_eq!(read(&elsewhere), format!("db {round}"));
            assert_eq!(read(&out.join("review").join("index.html")), format!("index {round}"));
            assert!(fs::symlink_metadata(&elsewhere).expect("link").file_type().is_symlink());
        }
        // A run that writes no database: the last one stays, as a plain file.
        let mut set = OutputSet::begin(&out).expect("begin");
        set.write("a.txt", b"three").expect("a");
        set.commit().expect("commit");
        assert_eq!(read(&out.join("a.txt")), "three");
        assert_eq!(read(&elsewhere), "db two");
        assert!(fs::symlink_metadata(&elsewhere).expect("file").file_type().is_file());
        assert_eq!(read(&out.join("review").join("index.html")), "index two");
    }
}
