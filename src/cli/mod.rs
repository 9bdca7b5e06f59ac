//! The `tokku` binary's commands, above the library: each subcommand's arguments and
//! runner, the batch runner with its outputs (NDJSON, CSV, SQLite, xlsx, panel), and the
//! output discipline every command writes through ([`output`]). Nothing in the library
//! imports this module.

pub mod batch;
pub mod extract;
pub mod help;
pub mod history;
pub mod limits;
pub mod normalized_text;
pub mod output;
pub mod regression;
pub mod review_pages;
pub mod review_zones;
pub mod summary;
pub mod tables;
pub mod text;
pub mod validate;

use std::ffi::OsString;
use std::path::Path;
use std::sync::OnceLock;

use tokku::i18n::{Arg, Msg};
use tokku::lang::Lang;
use tokku::msg;
use tokku::record::ErrorCode;

/// One line on stderr in `lang`: `tokku: ` and the message.
pub fn complain(message: Msg, lang: Lang) {
    eprintln!("tokku: {}", message.render(lang));
}

/// [`complain`] that a document gave an error record: its file, error code and message.
pub fn complain_failed(file: &Path, code: ErrorCode, message: impl Into<Arg>, lang: Lang) {
    let code = serde_json::to_value(code).unwrap_or_default();
    complain(
        msg!(
            "cli.record_failed",
            file = file.display().to_string(),
            code = code.as_str().unwrap_or_default(),
            message = message
        ),
        lang,
    );
}

/// The language of this run, set once by `main` after parsing the arguments.
static RUN_LANG: OnceLock<Lang> = OnceLock::new();

/// The `--lang` flag's value parser (`ja` or `en`): the library's [`Lang`] knows no clap.
pub fn parse_lang(value: &str) -> Result<Lang, String> {
    value.parse()
}

/// Sets the language of this run's messages (once; later calls change nothing).
pub fn set_lang(lang: Lang) {
    let _ = RUN_LANG.set(lang);
}

/// The language of this run's messages: as set by `main`, else the environment's (a
/// panic before the arguments were parsed).
pub fn lang() -> Lang {
    RUN_LANG.get().copied().unwrap_or_else(Lang::from_env)
}

/// The language given by `--lang ja` or `--lang=ja` in the arguments, read before clap
/// parses them (the help texts depend on it); `None` when absent or not a language
/// (clap then reports the bad value).
pub fn lang_in_args(args: impl IntoIterator<Item = OsString>) -> Option<Lang> {
    let args: Vec<String> = args.into_iter().map(|a| a.to_string_lossy().into_owned()).collect();
    let mut found = None;
    for (i, arg) in args.iter().enumerate() {
        if arg == "--" {
            break;
        }
        let value = match arg.strip_prefix("--lang") {
            Some("") => args.get(i + 1).map(String::as_str),
            Some(rest) => rest.strip_prefix('='),
            None => None,
        };
        if let Some(lang) = value.and_then(|v| v.parse::<Lang>().ok()) {
            found = Some(lang);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang_of(args: &[&str]) -> Option<Lang> {
        lang_in_args(args.iter().map(OsString::from))
    }

    #[test]
    fn lang_is_found_in_both_forms_and_the_last_wins() {
        assert_eq!(lang_of(&["tokku", "--lang", "ja", "extract", "x.pdf"]), Some(Lang::Ja));
        assert_eq!(lang_of(&["tokku", "extract", "--lang=en", "x.pdf"]), Some(Lang::En));
        assert_eq!(lang_of(&["tokku", "--lang", "ja", "--lang", "en"]), Some(Lang::En));
        assert_eq!(lang_of(&["tokku", "extract", "x.pdf"]), None);
        assert_eq!(lang_of(&["tokku", "--lang", "fr"]), None);
        assert_eq!(lang_of(&["tokku", "extract", "--", "--lang", "ja"]), None);
    }
}
