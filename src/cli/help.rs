//! The help texts in the user's language: clap's `about` and `help` strings are written
//! in English in the code (doc comments); for Japanese, this sets them from the message
//! catalogue on the `clap::Command` before it parses (the top level, each subcommand's
//! about, the global `--lang`, and the arguments that have a text: `help.SUB.ARG`, else
//! `help.arg.ARG` for an argument several commands share). clap's own words (`Usage:`,
//! `Options:`, `Print help`) stay English.

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
        command = command.mut_subcommand(&name, |sub| localized_args(sub, lang));
    }
    command
}

/// The catalogue key of an argument's help: the subcommand's own, else the shared one.
pub fn arg_help_key(subcommand: &str, arg: &str) -> Option<String> {
    [format!("help.{subcommand}.{arg}"), format!("help.arg.{arg}")]
        .into_iter()
        .find(|key| entry(key).is_some())
}

/// `sub` with the help of each of its arguments that has a text in the catalogue.
fn localized_args(mut sub: Command, lang: Lang) -> Command {
    let name = sub.get_name().to_string();
    let ids: Vec<String> = sub.get_arguments().map(|a| a.get_id().to_string()).collect();
    for id in ids {
        if let Some(entry) = arg_help_key(&name, &id).and_then(|key| entry(&key)) {
            let help = match lang {
                Lang::Ja => entry.ja,
                Lang::En => entry.en,
            };
            sub = sub.mut_arg(id, |arg| arg.help(help));
        }
    }
    sub
}
