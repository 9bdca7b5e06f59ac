//! Writes review pages (`tokku::review`) to a directory: `tokku review FILE... --out DIR`
//! extracts each file for its page; `tokku review BATCH_DIR` (a batch output folder)
//! and `tokku batch --review` write a page for every record of the batch into
//! `BATCH_DIR/review/`, reading each input again only for its layout (where each value
//! stands on its page), and a page per zone across its report years with a zone index
//! (`review_zones`, from the batch's panel). Document pages are written one at a time,
//! so memory holds one document's page; the zone pages hold the batch's records (as
//! `tokku history` does). Pages are in `--lang` (default: the environment's).

use std::borrow::Borrow;
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rayon::prelude::*;

use tokku::jp::zones::Zone;
use tokku::lang::Lang;
use tokku::pdf::limits::Limits;
use tokku::record::Record;
use tokku::review::{
    layout_of, page_names, review_bytes, write_index, write_page, write_zone_pages, IndexEntry,
    INDEX_FILE,
};

use crate::cli::batch::outputs::RECORDS_FILE;
use crate::cli::batch::panel;

/// The `review` subcommand's arguments.
#[derive(clap::Args, Debug)]
pub struct ReviewArgs {
    /// PDF or text files (the same inputs as `extract`), or one batch output folder (its
    /// records.ndjson): then every record gets a page, and every zone a page across years.
    #[arg(required = true)]
    pub files: Vec<PathBuf>,
    /// Directory for the pages and index.html (created if missing); for a batch output
    /// folder, BATCH_DIR/review unless given.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// A zone list of your own (the format of data/zones.json), searched before the official
    /// one when a batch folder's reports are grouped by zone.
    #[arg(long, value_name = "FILE")]
    pub zones: Option<PathBuf>,
    /// The pages' language (default: from LC_ALL / LC_MESSAGES / LANG; ja when it starts with `ja`).
    #[arg(long, value_enum)]
    pub lang: Option<Lang>,
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

/// `tokku review`: one page per file and the index, or (for a batch output folder) the
/// batch's pages and zone pages. Exit 0 when every file gave a record without error, 1
/// when any failed (its page shows the error) or a page could not be written, 2 for a
/// usage error.
pub fn run(args: &ReviewArgs) -> ExitCode {
    let lang = Lang::chosen(args.lang);
    if let [folder] = args.files.as_slice() {
        if folder.join(RECORDS_FILE).is_file() {
            return review_batch_folder(args, folder, lang);
        }
    }
    let Some(out) = &args.out else {
        eprintln!("tokku review: --out DIR is needed for files (a batch output folder needs none)");
        return ExitCode::from(2);
    };
    if let Err(e) = std::fs::create_dir_all(out) {
        eprintln!("tokku review: cannot create {}: {e}", out.display());
        return ExitCode::from(2);
    }
    let limits = args.limits.limits();
    let files: Vec<String> = args.files.iter().map(|p| p.display().to_string()).collect();
    let names = page_names(&files.iter().map(String::as_str).collect::<Vec<_>>());
    let written: Vec<Result<IndexEntry, String>> = args
        .files
        .par_iter()
        .zip(&files)
        .zip(&names)
        .map(|((path, name), page)| {
            let reviewed = match std::fs::read(path) {
                Ok(bytes) => review_bytes(&bytes, name, &limits),
                Err(e) => tokku::review::Reviewed {
                    record: Record::unreadable(name, format!("cannot read {name}: {e}")),
                    doc: None,
                },
            };
            write_page(out, page, &reviewed.record, reviewed.doc.as_ref(), None, lang)
                .map_err(|e| format!("cannot write the page of {name}: {e}"))
        })
        .collect();
    finish("tokku review", out, written, lang)
}

/// `tokku review BATCH_DIR`: the pages `tokku batch --review` writes, from the folder's
/// records; each input is read again (by the path its record names) for its layout.
fn review_batch_folder(args: &ReviewArgs, folder: &Path, lang: Lang) -> ExitCode {
    let extra_zones = match args.zones.as_deref().map(panel::read_extra_zones).transpose() {
        Ok(zones) => zones.unwrap_or_default(),
        Err(message) => {
            eprintln!("tokku review: {message}");
            return ExitCode::from(2);
        }
    };
    let records_path = folder.join(RECORDS_FILE);
    let records = match std::fs::read_to_string(&records_path) {
        Ok(text) => panel::records_from_ndjson(&text),
        Err(e) => {
            eprintln!("tokku review: cannot read {}: {e}", records_path.display());
            return ExitCode::from(2);
        }
    };
    let review_dir = args.out.clone().unwrap_or_else(|| batch_review_dir(folder));
    let load = |position: usize| -> Result<(&Record, Option<PathBuf>), String> {
        let record = records.get(position).ok_or_else(|| format!("no record {position}"))?;
        let path = PathBuf::from(&record.source.file);
        Ok((record, path.is_file().then_some(path)))
    };
    let options = ReviewOptions { lang, extra_zones: &extra_zones };
    let written = write_review_dir(
        &review_dir,
        &records_path,
        records.len(),
        &load,
        &args.limits.limits(),
        &options,
    );
    match written {
        Ok((index, entries)) => {
            summary("tokku review", &index, &entries);
            if entries.iter().any(|e| e.status != "ok") {
                ExitCode::from(1)
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("tokku review: {message}");
            ExitCode::from(1)
        }
    }
}

/// How the pages of a batch are written.
pub struct ReviewOptions<'a> {
    pub lang: Lang,
    /// `--zones FILE`'s zones, searched before the official list.
    pub extra_zones: &'a [Zone],
}

/// `tokku batch --review`: a page for every one of the batch's `count` records (in the
/// records' order) into the batch's review directory, each input read again for its
/// layout under `limits`, and the zone pages of the batch's panel. `load` gives record
/// number `position` and its input's path; records are loaded, paged and dropped one at
/// a time on each thread, and the index is made from the pages' small entries. Returns
/// the index's path.
pub fn write_batch_review<R, F>(
    out: &Path,
    count: usize,
    load: &F,
    limits: &Limits,
    options: &ReviewOptions,
) -> Result<PathBuf, String>
where
    R: Borrow<Record>,
    F: Fn(usize) -> Result<(R, Option<PathBuf>), String> + Sync,
{
    write_review_dir(&batch_review_dir(out), &out.join(RECORDS_FILE), count, load, limits, options)
        .map(|(index, _)| index)
}

/// The pages of a batch's records into `dir`: zone pages from `records_file` first (so
/// each document page can link to its zone), then the document pages and the index.
fn write_review_dir<R, F>(
    dir: &Path,
    records_file: &Path,
    count: usize,
    load: &F,
    limits: &Limits,
    options: &ReviewOptions,
) -> Result<(PathBuf, Vec<IndexEntry>), String>
where
    R: Borrow<Record>,
    F: Fn(usize) -> Result<(R, Option<PathBuf>), String> + Sync,
{
    std::fs::create_dir_all(dir).map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
    let text = std::fs::read_to_string(records_file)
        .map_err(|e| format!("cannot read {}: {e}", records_file.display()))?;
    let records = panel::records_from_ndjson(&text);
    drop(text);
    let files: Vec<&str> = records.iter().map(|r| r.source.file.as_str()).collect();
    let document_pages: HashMap<String, String> =
        files.iter().map(|f| f.to_string()).zip(page_names(&files)).collect();
    let (zones, zone_of_file) =
        crate::cli::review_zones::zone_views(&records, options.extra_zones, &document_pages);
    drop(records);
    write_zone_pages(dir, &zones, options.lang)
        .map_err(|e| format!("cannot write the zone pages into {}: {e}", dir.display()))?;
    drop(zones);
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
            let file = &record.source.file;
            // A record not in records.ndjson (none, in a batch) is named alone.
            let page = document_pages
                .get(file)
                .cloned()
                .unwrap_or_else(|| page_names(&[file.as_str()]).remove(0));
            let zone = zone_of_file.get(file).map(String::as_str);
            write_page(dir, &page, record, doc.as_ref(), zone, options.lang)
                .map_err(|e| format!("cannot write the review page of {file}: {e}"))
        })
        .collect();
    let entries: Vec<IndexEntry> = written.into_iter().collect::<Result<_, _>>()?;
    remove_stale_pages(dir, &entries);
    let index = write_index(dir, &entries, true, options.lang)
        .map_err(|e| format!("cannot write {}: {e}", dir.join(INDEX_FILE).display()))?;
    Ok((index, entries))
}

/// Removes pages of an earlier run that the index no longer lists (the directory is
/// tokku's own: only `.html` files are touched).
fn remove_stale_pages(dir: &Path, entries: &[IndexEntry]) {
    let kept: HashSet<&str> = entries
        .iter()
        .map(|e| e.page.as_str())
        .chain([INDEX_FILE, tokku::review::ZONE_INDEX_FILE])
        .collect();
    let Ok(listing) = std::fs::read_dir(dir) else { return };
    for entry in listing.flatten() {
        let name = entry.file_name().to_string_lossy().to_string();
        if name.ends_with(".html") && !kept.contains(name.as_str()) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

fn summary(command: &str, index: &Path, entries: &[IndexEntry]) {
    eprintln!(
        "{command}: {} pages, {} with an error, {} warnings. Open {}",
        entries.len(),
        entries.iter().filter(|e| e.status != "ok").count(),
        entries.iter().map(|e| e.warnings).sum::<usize>(),
        index.display()
    );
}

fn finish(
    command: &str,
    dir: &Path,
    written: Vec<Result<IndexEntry, String>>,
    lang: Lang,
) -> ExitCode {
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
    for entry in entries.iter().filter(|e| e.status != "ok") {
        // Said on stderr too: the page shows the error, but the terminal should say which file.
        eprintln!("{command}: {} failed: {} (its page shows why)", entry.file, entry.status);
        failed = true;
    }
    match write_index(dir, &entries, false, lang) {
        Ok(index) => summary(command, &index, &entries),
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
