//! Writes review pages (`tokku::review`) to a directory: `tokku review FILE... --out DIR`
//! extracts each file for its page, and `tokku batch --review` writes a page for every
//! record of the batch into `DIR/review/`, reading each input again only for its layout
//! (where each value stands on its page). Pages are written one at a time, so memory
//! holds one document's page, not all of them.

use std::borrow::Borrow;
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use tokku::pdf::limits::Limits;
use tokku::record::{ErrorCode, Record, Source};
use tokku::review::{layout_of, review_bytes, write_index, write_page, IndexEntry, INDEX_FILE};

/// The `review` subcommand's arguments.
#[derive(clap::Args, Debug)]
pub struct ReviewArgs {
    /// PDF or text files (the same inputs as `extract`).
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Directory for the pages and index.html (created if missing).
    #[arg(long, value_name = "DIR")]
    pub out: PathBuf,
    #[command(flatten)]
    pub limits: crate::cli::limits::LimitArgs,
}

/// The review directory of a batch's output directory.
pub fn batch_review_dir(out: &Path) -> PathBuf {
    out.join("review")
}

/// The index a batch writes with `--review`.
pub fn batch_review_index(out: &Path) -> PathBuf {
    batch_review_dir(out).join(INDEX_FILE)
}

/// `tokku review`: one page per file and the index. Exit 0 when every file gave a
/// record without error, 1 when any failed (its page shows the error) or a page could
/// not be written.
pub fn run(args: &ReviewArgs) -> ExitCode {
    if let Err(e) = std::fs::create_dir_all(&args.out) {
        eprintln!("tokku review: cannot create {}: {e}", args.out.display());
        return ExitCode::from(2);
    }
    let limits = args.limits.limits();
    let written: Vec<Result<IndexEntry, String>> = args
        .files
        .par_iter()
        .enumerate()
        .map(|(position, path)| {
            let name = path.display().to_string();
            let reviewed = match std::fs::read(path) {
                Ok(bytes) => review_bytes(&bytes, &name, &limits),
                Err(e) => tokku::review::Reviewed {
                    record: io_failure(&name, format!("cannot read {name}: {e}")),
                    doc: None,
                },
            };
            write_page(&args.out, position, &reviewed.record, reviewed.doc.as_ref())
                .map_err(|e| format!("cannot write the page of {name}: {e}"))
        })
        .collect();
    finish("tokku review", &args.out, written)
}

/// `tokku batch --review`: a page for every one of the batch's `count` records (in the
/// records' order) into the batch's review directory, each input read again for its
/// layout under `limits`. `load` gives record number `position` and its input's path;
/// records are loaded, paged and dropped one at a time on each thread, and the index is
/// made from the pages' small entries. Returns the index's path.
pub fn write_batch_review<R, F>(
    out: &Path,
    count: usize,
    load: &F,
    limits: &Limits,
) -> Result<PathBuf, String>
where
    R: Borrow<Record>,
    F: Fn(usize) -> Result<(R, Option<PathBuf>), String> + Sync,
{
    let dir = batch_review_dir(out);
    std::fs::create_dir_all(&dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let written: Vec<Result<IndexEntry, String>> = (0..count)
        .into_par_iter()
        .map(|position| {
            let (record, path) = load(position)?;
            let record = record.borrow();
            let doc = match path {
                Some(path) if record.error.is_none() => std::fs::read(path)
                    .ok()
                    .and_then(|bytes| layout_of(&bytes, &record.source.file, limits)),
                _ => None,
            };
            write_page(&dir, position, record, doc.as_ref())
                .map_err(|e| format!("cannot write the review page of {}: {e}", record.source.file))
        })
        .collect();
    let entries: Vec<IndexEntry> = written.into_iter().collect::<Result<_, _>>()?;
    remove_stale_pages(&dir, &entries);
    write_index(&dir, &entries)
        .map_err(|e| format!("cannot write {}: {e}", dir.join(INDEX_FILE).display()))
}

/// Removes pages of an earlier run that the index no longer lists (the directory is
/// tokku's own: only `.html` files are touched).
fn remove_stale_pages(dir: &Path, entries: &[IndexEntry]) {
    let kept: HashSet<&str> = entries.iter().map(|e| e.page.as_str()).chain([INDEX_FILE]).collect();
    let Ok(listing) = std::fs::read_dir(dir) else { return };
    for entry in listing.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.ends_with(".html") && !kept.contains(name.as_str()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn finish(command: &str, dir: &Path, written: Vec<Result<IndexEntry, String>>) -> ExitCode {
    let mut entries = Vec::new();
    let mut failed = false;
    for result in written {
        match result {
            Ok(entry) => entries.push(entry),
            Err(message) => {
                eprintln!("{command}: {message}");
                failed = true;
            }
        }
    }
    failed |= entries.iter().any(|e| e.status != "ok");
    match write_index(dir, &entries) {
        Ok(index) => eprintln!(
            "{command}: {} pages, {} with an error, {} warnings. Open {}",
            entries.len(),
            entries.iter().filter(|e| e.status != "ok").count(),
            entries.iter().map(|e| e.warnings).sum::<usize>(),
            index.display()
        ),
        Err(e) => {
            eprintln!("{command}: cannot write {}: {e}", dir.join(INDEX_FILE).display());
            return ExitCode::from(1);
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn io_failure(name: &str, message: String) -> Record {
    Record::failed(
        Source { file: name.to_string(), ..Source::default() },
        ErrorCode::Io,
        message,
        Vec::new(),
    )
}
