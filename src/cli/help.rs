//! The help texts in the user's language: clap's `about` and `help` strings are written
//! in English in the code (doc comments); for Japanese, this sets them from the message
//! catalogue on the `clap::Command` before it parses (the top level, each subcommand's
//! about and the global `--lang`). clap's own words (`Usage:`, `Options:`, `Print help`)
//! stay English.

use clap::Command;
use tokku::i18n::{entry, text};
use tokku::lang::Lang;

/// The catalogue key of a subcommand's about (`help.extract`).
pub fn about_key(subcommand: &str) -> String {
    format!("help.{subcommand}")
}

/// `command` with its help texts in `lang` (English: as written in the code).
pub fn localized(command: Command, lang: Lang) -> Command {
    if lang == Lang::En {
        return command;
    }
    let names: Vec<String> = command.get_subcommands().map(|c| c.get_name().to_string()).collect();
    let mut command = command
        .about(text("help.about", lang))
        .mut_arg("lang", |arg| arg.help(text("help.lang", lang)));
    for name in names {
        let key = about_key(&name);
        if let Some(entry) = entry(&key) {
            let about = match lang {
                Lang::Ja => entry.ja,
                Lang::En => entry.en,
            };
            command = command.mut_subcommand(&name, |sub| sub.about(about));
        }
    }
    command
}
