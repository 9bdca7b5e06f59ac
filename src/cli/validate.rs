//! `tokku validate FILE`: records (one JSON document, or NDJSON) checked against the
//! record's JSON Schema; each violation on stderr with its line, `FILE: valid` on stdout
//! when there is none.

use std::path::Path;
use std::process::ExitCode;

use tokku::lang::Lang;
use tokku::msg;
use tokku::record::schema;

use crate::cli::complain;
use crate::cli::output::{self, Output};

/// The body of `tokku validate`: status 1 when any document is not JSON or breaks the schema.
pub fn run(path: &Path, lang: Lang) -> ExitCode {
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
