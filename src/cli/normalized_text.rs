//! `tokku text FILE`: the document's normalized text as the report readers see it (pages
//! separated by form feeds), undecodable glyphs kept, with the reading's warnings on
//! stderr, for a person checking what tokku read.

use std::path::Path;
use std::process::ExitCode;

use tokku::extract::{Extractor, UndecodableText};
use tokku::lang::Lang;
use tokku::msg;
use tokku::pdf::limits::Limits;

use crate::cli::output::{self, Output};
use crate::cli::{complain, complain_failed};

/// The body of `tokku text`: the document's warnings on stderr, its text on stdout.
pub fn run(path: &Path, limits: &Limits, lang: Lang) -> ExitCode {
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
            complain_failed(path, failure.code, failure.message, lang);
            ExitCode::from(1)
        }
    }
}
