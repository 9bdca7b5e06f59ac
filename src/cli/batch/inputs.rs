//! Turns the command line's inputs (files, directories walked recursively, glob
//! patterns) into one sorted, de-duplicated list of documents to convert, leaving out
//! the files `--exclude` names. An argument that names nothing (a path that does not
//! exist, a glob that matches no file) is a usage error, found before anything is
//! written: a typo must not become a catalogue of one error record.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use walkdir::WalkDir;

/// One document of the batch, named as the user named it (or as found under a
/// directory they named): that name is the record's `source.file` and the sort key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Input {
    pub name: String,
    pub location: Location,
}

/// Where an input's bytes are, or why there are none to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    File(PathBuf),
    /// A directory entry that could not be listed (or a glob match that could not be
    /// read); it becomes an `io` error record.
    Missing(String),
}

/// File extensions taken from directories; files named explicitly are always taken.
const DOCUMENT_EXTENSIONS: [&str; 2] = ["pdf", "txt"];

/// Expands the arguments into documents sorted by name (byte order), each name once,
/// leaving out those `exclude` matches (a pattern is tried on the whole name and on the
/// file name alone, so `メモ.txt` and `drafts/*` both work). Directories are walked
/// recursively in name order, taking `.pdf` and `.txt` files (any case) and leaving out
/// hidden files and directories (names starting with `.`). An argument that does not
/// exist is read as a glob pattern when it holds `*`, `?` or `[`. The arguments that
/// name nothing (no such path, no file matching, not a valid pattern) are the error,
/// each with why.
pub fn expand(arguments: &[PathBuf], exclude: &[glob::Pattern]) -> Result<Vec<Input>, Vec<String>> {
    let mut by_name: BTreeMap<String, Location> = BTreeMap::new();
    let mut problems = Vec::new();
    let excluded = |name: &str| {
        let file_name = Path::new(name).file_name().map(|n| n.to_string_lossy().to_string());
        exclude.iter().any(|pattern| {
            pattern.matches(name) || file_name.as_deref().is_some_and(|f| pattern.matches(f))
        })
    };
    let mut add = |name: String, location: Location| {
        if !excluded(&name) {
            by_name.entry(name).or_insert(location);
        }
    };
    for argument in arguments {
        if argument.is_dir() {
            walk_directory(argument, &mut add);
        } else if argument.exists() {
            add(argument.display().to_string(), Location::File(argument.clone()));
        } else if looks_like_glob(argument) {
            if let Err(problem) = expand_glob(argument, &mut add) {
                problems.push(problem);
            }
        } else {
            problems.push(format!("{}: no such file or directory", argument.display()));
        }
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(by_name.into_iter().map(|(name, location)| Input { name, location }).collect())
}

fn looks_like_glob(path: &Path) -> bool {
    path.to_string_lossy().contains(['*', '?', '['])
}

fn is_hidden(name: &std::ffi::OsStr) -> bool {
    name.to_string_lossy().starts_with('.')
}

fn has_document_extension(path: &Path) -> bool {
    path.extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .is_some_and(|e| DOCUMENT_EXTENSIONS.contains(&e.as_str()))
}

fn walk_directory(root: &Path, add: &mut impl FnMut(String, Location)) {
    let walker = WalkDir::new(root)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|entry| entry.depth() == 0 || !is_hidden(entry.file_name()));
    for entry in walker {
        match entry {
            Ok(entry) => {
                if entry.file_type().is_file() && has_document_extension(entry.path()) {
                    add(
                        entry.path().display().to_string(),
                        Location::File(entry.path().to_path_buf()),
                    );
                }
            }
            Err(error) => {
                let name = error.path().unwrap_or(root).display().to_string();
                add(name, Location::Missing(format!("cannot list this directory entry: {error}")));
            }
        }
    }
}

fn expand_glob(pattern: &Path, add: &mut impl FnMut(String, Location)) -> Result<(), String> {
    let text = pattern.to_string_lossy().to_string();
    let paths = glob::glob(&text).map_err(|e| format!("{text}: not a valid glob pattern: {e}"))?;
    let mut matched = false;
    for path in paths {
        matched = true;
        match path {
            Ok(path) if path.is_dir() => walk_directory(&path, add),
            Ok(path) => add(path.display().to_string(), Location::File(path)),
            Err(error) => add(
                error.path().display().to_string(),
                Location::Missing(format!("cannot read this glob match: {error}")),
            ),
        }
    }
    if matched {
        Ok(())
    } else {
        Err(format!("{text}: no file matches this pattern"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn directories_give_their_documents_sorted_and_skip_hidden_and_other_files() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("b/.hidden")).expect("dirs");
        for name in ["b/z.PDF", "b/a.txt", "b/notes.docx", "b/.x.pdf", "b/.hidden/y.pdf", "a.pdf"] {
            std::fs::write(root.join(name), b"x").expect("file");
        }
        let names: Vec<String> = expand(&[root.to_path_buf()], &[])
            .expect("found")
            .into_iter()
            .map(|i| i.name)
            .collect();
        let expected: Vec<String> = ["a.pdf", "b/a.txt", "b/z.PDF"]
            .iter()
            .map(|n| root.join(n).display().to_string())
            .collect();
        assert_eq!(names, expected);
    }

    #[test]
    fn a_file_named_twice_is_one_input_and_globs_expand() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        for name in ["one.pdf", "two.pdf", "three.txt"] {
            std::fs::write(root.join(name), b"x").expect("file");
        }
        let pattern = root.join("*.pdf");
        let inputs =
            expand(&[root.join("one.pdf"), pattern, root.join("one.pdf")], &[]).expect("found");
        let names: Vec<String> = inputs.iter().map(|i| i.name.clone()).collect();
        assert_eq!(
            names,
            vec![
                root.join("one.pdf").display().to_string(),
                root.join("two.pdf").display().to_string()
            ]
        );
    }

    #[test]
    fn a_glob_matching_nothing_and_a_missing_file_are_both_named_as_errors() {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("there.pdf"), b"x").expect("file");
        let pattern = dir.path().join("*.pdff");
        let missing = dir.path().join("gone.pdf");
        let problems =
            expand(&[dir.path().join("there.pdf"), pattern.clone(), missing.clone()], &[])
                .expect_err("two arguments name nothing");
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with(&pattern.display().to_string()), "{problems:?}");
        assert!(problems[0].contains("no file matches"), "{problems:?}");
        assert!(problems[1].starts_with(&missing.display().to_string()), "{problems:?}");
    }

    #[test]
    fn excluded_files_are_left_out_by_file_name_or_whole_name() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        std::fs::create_dir_all(root.join("drafts")).expect("dirs");
        for name in ["a.pdf", "メモ.txt", "drafts/b.pdf", "c.txt"] {
            std::fs::write(root.join(name), b"x").expect("file");
        }
        let exclude = [
            glob::Pattern::new("メモ.txt").expect("pattern"),
            glob::Pattern::new(&format!("{}/drafts/*", root.display())).expect("pattern"),
        ];
        let names: Vec<String> = expand(&[root.to_path_buf()], &exclude)
            .expect("found")
            .into_iter()
            .map(|i| i.name)
            .collect();
        let expected: Vec<String> =
            ["a.pdf", "c.txt"].iter().map(|n| root.join(n).display().to_string()).collect();
        assert_eq!(names, expected);
    }
}
