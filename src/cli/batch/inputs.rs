//! Turns the command line's inputs (files, directories walked recursively, glob
//! patterns) into one sorted, de-duplicated list of documents to convert.

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
    /// An argument that named nothing that could be listed (a glob matching no file,
    /// an unreadable directory entry); it becomes an `io` error record.
    Missing(String),
}

/// File extensions taken from directories; files named explicitly are always taken.
const DOCUMENT_EXTENSIONS: [&str; 2] = ["pdf", "txt"];

/// Expands the arguments into documents sorted by name (byte order), each name once.
/// Directories are walked recursively in name order, taking `.pdf` and `.txt` files
/// (any case) and leaving out hidden files and directories (names starting with `.`).
/// An argument that does not exist is read as a glob pattern when it holds `*`, `?` or
/// `[`, and otherwise kept as a file (reading it fails later into an `io` record).
pub fn expand(arguments: &[PathBuf]) -> Vec<Input> {
    let mut by_name: BTreeMap<String, Location> = BTreeMap::new();
    let mut add = |name: String, location: Location| {
        by_name.entry(name).or_insert(location);
    };
    for argument in arguments {
        if argument.is_dir() {
            walk_directory(argument, &mut add);
        } else if argument.exists() || !looks_like_glob(argument) {
            add(argument.display().to_string(), Location::File(argument.clone()));
        } else {
            expand_glob(argument, &mut add);
        }
    }
    by_name.into_iter().map(|(name, location)| Input { name, location }).collect()
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

fn expand_glob(pattern: &Path, add: &mut impl FnMut(String, Location)) {
    let text = pattern.to_string_lossy().to_string();
    let paths = match glob::glob(&text) {
        Ok(paths) => paths,
        Err(error) => {
            add(text, Location::Missing(format!("not a valid glob pattern: {error}")));
            return;
        }
    };
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
    if !matched {
        add(text, Location::Missing("no file matches this pattern".to_string()));
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
        let names: Vec<String> =
            expand(&[root.to_path_buf()]).into_iter().map(|i| i.name).collect();
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
        let inputs = expand(&[root.join("one.pdf"), pattern, root.join("one.pdf")]);
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
    fn a_glob_matching_nothing_and_a_missing_file_are_kept_as_inputs() {
        let dir = tempfile::tempdir().expect("temp dir");
        let pattern = dir.path().join("*.pdf");
        let missing = dir.path().join("gone.pdf");
        let inputs = expand(&[pattern.clone(), missing.clone()]);
        assert_eq!(inputs.len(), 2);
        assert!(inputs.iter().any(|i| i.name == pattern.display().to_string()
            && matches!(i.location, Location::Missing(_))));
        assert!(inputs.iter().any(|i| i.name == missing.display().to_string()
            && i.location == Location::File(missing.clone())));
    }
}
