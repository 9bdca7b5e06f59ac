//! The `tokku` command line: a thin layer over the library. Exit status 0 when every
//! input gave a record without error, 1 when any failed, 2 for a usage error. Every
//! command writes through [`output`]: a closed pipe ends it quietly, a write error is one
//! line and status 1, a bug is one line (no backtrace unless `RUST_BACKTRACE` is set).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use tokku::extract::{Extractor, UndecodableText};
use tokku::lang::Lang;
use tokku::msg;
use tokku::record::schema;
use tokku::report::annex1;

mod cli;

use cli::output::{self, Output};
use cli::{batch, complain, extract, history, regression, review_pages};

/// mimalloc instead of the system allocator: reading a PDF builds and drops many small
/// objects (content operations, glyphs, strings), and glibc's malloc and free were a
/// fifth of a document's CPU (issue 16; perf on `tokku batch`). Built without
/// transparent huge pages (`no_thp`): with them a batch's peak RSS nearly doubled
/// (35 → 63 MiB on 20 seed renditions) for no measurable CPU gain; without, 42 MiB.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[derive(Parser)]
#[command(
    name = "tokku",
    version,
    about = "総合特別区域評価書 (PDF or text) → validated JSON records"
)]
struct Cli {
    /// Language of messages, warnings and help: ja or en (default: from LC_ALL,
    /// LC_MESSAGES or LANG; ja when it starts with "ja").
    #[arg(long, global = true, value_parser = cli::parse_lang, value_name = "LANG")]
    lang: Option<Lang>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Print one JSON record per input (NDJSON on stdout).
    Extract {
        /// PDF or text files (UTF-8, UTF-16 with BOM, Shift_JIS, EUC-JP).
        #[arg(required = true)]
        files: Vec<PathBuf>,
        /// Exit 1 when any record carries a warning.
        #[arg(long)]
        strict: bool,
        /// Print each record as a short text for a person (values as the report wrote
        /// them, warnings with their pages) instead of JSON.
        #[arg(long)]
        summary: bool,
        #[command(flatten)]
        limits: crate::cli::limits::LimitArgs,
    },
    /// Worker for isolated runs: one file, one record line (see tokku::extract::worker).
    #[command(hide = true)]
    ExtractOne {
        file: PathBuf,
        #[command(flatten)]
        limits: crate::cli::limits::LimitArgs,
    },
    /// Print a document's normalized text, pages separated by form feeds.
    Text {
        file: PathBuf,
        /// Refuse PDFs whose permissions forbid copying text (`encrypted`).
        #[arg(long)]
        respect_permissions: bool,
    },
    /// Check records (a JSON file or NDJSON) against the schema.
    Validate { file: PathBuf },
    /// Show the 別紙1 year tables found, for a person to check.
    Tables {
        file: PathBuf,
        /// Refuse PDFs whose permissions forbid copying text (`encrypted`).
        #[arg(long)]
        respect_permissions: bool,
    },
    /// Convert many documents in parallel into records, a manifest, a CSV and optionally SQLite.
    Batch(batch::BatchArgs),
    /// Compare two record sets fact by fact (NDJSON files or batch output folders).
    Diff(regression::DiffArgs),
    /// Extract every report in folders and compare it with its NAME.expected.json.
    Verify(regression::VerifyArgs),
    /// One zone's targets across its report years (the batch panel) as a year × value table.
    History(history::HistoryArgs),
    /// Write an HTML page per document (and index.html) to check each record against its document.
    Review(review_pages::ReviewArgs),
}

fn main() -> ExitCode {
    output::install_panic_hook();
    // The language is needed for the help before the arguments are parsed: `--lang` is
    // looked for by hand first, then the environment decides.
    let lang = cli::lang_in_args(std::env::args_os()).unwrap_or_else(Lang::from_env);
    let matches = cli::help::localized(Cli::command(), lang).get_matches();
    let cli = Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit());
    let lang = cli.lang.unwrap_or(lang);
    cli::set_lang(lang);
    // A panic that escapes a command was reported by the hook in one line: status 1.
    std::panic::catch_unwind(move || run(cli, lang)).unwrap_or(ExitCode::from(1))
}

fn run(cli: Cli, lang: Lang) -> ExitCode {
    match cli.command {
        Command::Extract { files, strict, summary, limits } => {
            extract::run(&files, strict, summary, &limits.limits(), lang)
        }
        Command::ExtractOne { file, limits } => extract::run_one(&file, &limits.limits(), lang),
        Command::Text { file, respect_permissions } => {
            text(&file, &permission_limits(respect_permissions), lang)
        }
        Command::Validate { file } => validate(&file, lang),
        Command::Tables { file, respect_permissions } => {
            tables(&file, &permission_limits(respect_permissions), lang)
        }
        Command::Batch(mut args) => {
            args.lang = args.lang.or(Some(lang));
            batch::run(&args)
        }
        Command::Diff(args) => regression::diff(&args),
        Command::Verify(args) => regression::verify(&args),
        Command::History(args) => history::run(&args),
        Command::Review(mut args) => {
            args.lang = args.lang.or(Some(lang));
            review_pages::run(&args)
        }
    }
}

/// The default limits, with `--respect-permissions` as given.
fn permission_limits(respect_permissions: bool) -> tokku::pdf::limits::Limits {
    tokku::pdf::limits::Limits { respect_permissions, ..Default::default() }
}

fn text(path: &PathBuf, limits: &tokku::pdf::limits::Limits, lang: Lang) -> ExitCode {
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            complain(tokku::extract::worker::cannot_read(&path.display().to_string(), &e), lang);
            return ExitCode::from(1);
        }
    };
    let extractor =
        Extractor::new().with_limits(*limits).with_undecodable_text(UndecodableText::Keep);
    let read = extractor.read(&bytes, &path.display().to_string());
    match read {
        Ok(read) => {
            for warning in &read.warnings {
                let mut warning = warning.clone();
                warning.localize(lang);
                let page = match warning.page {
                    Some(page) => msg!("cli.on_page", page = page),
                    None => msg!("cli.no_page"),
                };
                complain(
                    msg!(
                        "cli.warning",
                        code = &warning.code,
                        page = page,
                        message = &warning.message
                    ),
                    lang,
                );
            }
            let mut out = Output::stdout();
            match out.line(&read.doc.full_text()) {
                Ok(()) => output::finish(out, "text", ExitCode::SUCCESS),
                Err(stop) => stop.exit("text"),
            }
        }
        Err(failure) => {
            let code = serde_json::to_value(failure.code).unwrap_or_default();
            complain(
                msg!(
                    "cli.record_failed",
                    file = path.display().to_string(),
                    code = code.as_str().unwrap_or_default(),
                    message = failure.message
                ),
                lang,
            );
            ExitCode::from(1)
        }
    }
}

fn validate(path: &PathBuf, lang: Lang) -> ExitCode {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) => {
            complain(tokku::extract::worker::cannot_read(&path.display().to_string(), &e), lang);
            return ExitCode::from(1);
        }
    };
    // One JSON document, or NDJSON (one record per line).
    let documents: Vec<(usize, Result<serde_json::Value, serde_json::Error>)> =
        match serde_json::from_str(&text) {
            Ok(value) => vec![(1, Ok(value))],
            Err(_) => text
                .lines()
                .enumerate()
                .filter(|(_, l)| !l.trim().is_empty())
                .map(|(i, l)| (i + 1, serde_json::from_str(l)))
                .collect(),
        };
    let mut failed = false;
    for (line, document) in documents {
        match document {
            Err(e) => {
                failed = true;
                let message = msg!("cli.not_json", detail = e.to_string());
                eprintln!("{}:{line}: {}", path.display(), message.render(lang));
            }
            Ok(value) => {
                if let Err(violations) = schema::validate(&value) {
                    failed = true;
                    for v in violations {
                        eprintln!("{}:{line}: {v}", path.display());
                    }
                }
            }
        }
    }
    if failed {
        ExitCode::from(1)
    } else {
        let mut out = Output::stdout();
        match out.line(&msg!("cli.valid", file = path.display().to_string()).render(lang)) {
            Ok(()) => output::finish(out, "validate", ExitCode::SUCCESS),
            Err(stop) => stop.exit("validate"),
        }
    }
}

fn tables(path: &PathBuf, limits: &tokku::pdf::limits::Limits, lang: Lang) -> ExitCode {
    let file = path.display().to_string();
    let bytes = match std::fs::read(path) {
        Ok(b) => b,
        Err(e) => {
            complain(tokku::extract::worker::cannot_read(&file, &e), lang);
            return ExitCode::from(1);
        }
    };
    let read = match Extractor::new().with_limits(*limits).with_lang(lang).read(&bytes, &file) {
        Ok(read) => read,
        Err(failure) => {
            complain(msg!("cli.file_failed", file = &file, message = failure.message), lang);
            return ExitCode::from(1);
        }
    };
    let found = annex1::read_year_tables(&read.doc);
    let mut report = String::new();
    for (number, table) in found.iter().enumerate() {
        let pages = if table.last_page == table.page {
            format!("page {}", table.page)
        } else {
            format!("pages {}-{}", table.page, table.last_page)
        };
        report.push_str(&format!(
            "table {} · {pages} · strategy {} · rows by {} · confidence {:.2}\n  label: {}\n",
            number + 1,
            table.strategy,
            table.row_bounds,
            table.confidence,
            table.label_text
        ));
        // A grid: one column per fiscal year, as wide as its widest cell; "·" = empty.
        let rows: [(&str, &Vec<Option<String>>); 3] =
            [("目標値", &table.targets), ("実績値", &table.actuals), ("進捗度", &table.progress)];
        let cell = |c: &Option<String>| c.clone().unwrap_or_else(|| "·".into());
        let width = cli::text::display_width;
        let widths: Vec<usize> = (0..table.years.len())
            .map(|k| {
                rows.iter()
                    .map(|(_, row)| row.get(k).map(|c| width(&cell(c))).unwrap_or(1))
                    .max()
                    .unwrap_or(1)
                    .max(6)
            })
            .collect();
        let pad = cli::text::pad_left;
        let line = |head: &str, cells: Vec<String>| {
            format!(
                "  {} |{}\n",
                pad(head, 6),
                cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!(" {} |", pad(c, *w)))
                    .collect::<String>()
            )
        };
        report.push_str(&line("", table.years.iter().map(|y| format!("{y}年度")).collect()));
        for (label, row) in rows {
            report.push_str(&line(
                label,
                (0..table.years.len())
                    .map(|k| row.get(k).map(cell).unwrap_or_else(|| "·".into()))
                    .collect(),
            ));
        }
        for problem in &table.problems {
            report.push_str(&format!("  ! {}\n", problem.message.render(lang)));
        }
    }
    let mut out = Output::stdout();
    if let Err(stop) = out.text(&report) {
        return stop.exit("tables");
    }
    if found.is_empty() {
        complain(msg!("cli.no_year_tables", file = &file), lang);
        return output::finish(out, "tables", ExitCode::from(1));
    }
    output::finish(out, "tables", ExitCode::SUCCESS)
}

#[cfg(test)]
mod tests {
    use super::*;
    use cli::help::about_key;

    /// The catalogue's English help is the code's (doc comments), and every subcommand
    /// has a Japanese one, so `--lang ja` leaves no command in English.
    #[test]
    fn every_subcommand_has_its_about_in_the_catalogue() {
        let command = Cli::command();
        for sub in command.get_subcommands() {
            let key = about_key(sub.get_name());
            let entry = tokku::i18n::entry(&key)
                .unwrap_or_else(|| panic!("{key}: no help text in the catalogue"));
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            assert_eq!(entry.en.trim_end_matches('.'), about.trim_end_matches('.'), "{key}");
        }
        let localized = cli::help::localized(Cli::command(), Lang::Ja);
        for sub in localized.get_subcommands() {
            let about = sub.get_about().map(|a| a.to_string()).unwrap_or_default();
            assert!(about.chars().any(|c| matches!(c, '\u{3040}'..='\u{30ff}')), "{about}");
        }
        let lang_help = localized
            .get_arguments()
            .find(|a| a.get_id() == "lang")
            .and_then(|a| a.get_help())
            .map(|h| h.to_string());
        assert!(lang_help.is_some_and(|h| h.starts_with("メッセージ")));
    }

    /// Every argument help in the catalogue names an argument that exists, and its
    /// English is the code's (so the Japanese cannot fall out of step unnoticed).
    #[test]
    fn argument_helps_in_the_catalogue_match_the_code() {
        let command = Cli::command();
        let mut matched = Vec::new();
        for sub in command.get_subcommands() {
            for arg in sub.get_arguments() {
                let id = arg.get_id().to_string();
                if let Some(key) = cli::help::arg_help_key(sub.get_name(), &id) {
                    let entry = tokku::i18n::entry(&key).expect("an entry");
                    let help = arg.get_help().map(|h| h.to_string()).unwrap_or_default();
                    assert_eq!(entry.en.trim_end_matches('.'), help.trim_end_matches('.'), "{key}");
                    matched.push(key);
                }
            }
        }
        for entry in tokku::i18n::CATALOGUE {
            let arg_key = entry.key.starts_with("help.") && entry.key.matches('.').count() == 2;
            if arg_key {
                assert!(matched.iter().any(|k| k == entry.key), "{}: names no argument", entry.key);
            }
        }
        let localized = cli::help::localized(Cli::command(), Lang::Ja);
        let strict = localized
            .find_subcommand("extract")
            .and_then(|e| e.get_arguments().find(|a| a.get_id() == "strict"))
            .and_then(|a| a.get_help())
            .map(|h| h.to_string());
        assert_eq!(
            strict.as_deref(),
            Some("警告のあるレコードが1つでもあれば終了コード1で終わります")
        );
    }
}
