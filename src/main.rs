//! The `tokku` command line: a thin layer over the library. Exit status 0 when every
//! input gave a record without error, 1 when any failed, 2 for a usage error. Every
//! command writes through [`output`]: a closed pipe ends it quietly, a write error is one
//! line and status 1, a bug is one line (no backtrace unless `RUST_BACKTRACE` is set).

use std::path::PathBuf;
use std::process::ExitCode;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

use tokku::lang::Lang;

mod cli;

use cli::limits::permission_limits;
use cli::output;
use cli::{batch, extract, history, normalized_text, regression, review_pages, tables, validate};

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
            normalized_text::run(&file, &permission_limits(respect_permissions), lang)
        }
        Command::Validate { file } => validate::run(&file, lang),
        Command::Tables { file, respect_permissions } => {
            tables::run(&file, &permission_limits(respect_permissions), lang)
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
