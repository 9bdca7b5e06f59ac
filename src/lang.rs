//! The language of messages to users (stderr, warnings, help, labels): Japanese or
//! English. A floor module: it imports nothing of tokku. The default comes from the
//! environment like any POSIX program's (`LC_ALL`, then `LC_MESSAGES`, then `LANG`);
//! `--lang ja|en` overrides it.

use std::str::FromStr;

/// A language tokku speaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, clap::ValueEnum)]
pub enum Lang {
    /// 日本語
    Ja,
    /// English (the default when the environment names no Japanese locale).
    #[default]
    En,
}

impl Lang {
    /// The language the environment asks for: the first of `LC_ALL`, `LC_MESSAGES`,
    /// `LANG` that is set and not empty decides (as in POSIX); Japanese when it starts
    /// with `ja` (`ja_JP.UTF-8`, `ja`), else English (`C`, `POSIX`, `en_US.UTF-8`, unset).
    pub fn from_env() -> Lang {
        Lang::from_locale_vars(|name| std::env::var(name).ok())
    }

    /// [`Lang::from_env`] over any source of variables (for tests).
    pub fn from_locale_vars(var: impl Fn(&str) -> Option<String>) -> Lang {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .find_map(|name| var(name).filter(|v| !v.is_empty()));
        match value {
            Some(v) if v.starts_with("ja") => Lang::Ja,
            _ => Lang::En,
        }
    }

    /// The language's code (`"ja"`, `"en"`), as `--lang` and HTML `lang` take it.
    pub fn code(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }
}

impl FromStr for Lang {
    type Err = String;

    /// `ja` or `en` (any case).
    fn from_str(text: &str) -> Result<Lang, String> {
        match text.to_ascii_lowercase().as_str() {
            "ja" => Ok(Lang::Ja),
            "en" => Ok(Lang::En),
            _ => Err(format!("unknown language {text:?} (ja or en)")),
        }
    }
}

impl std::fmt::Display for Lang {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lang_of(vars: &[(&str, &str)]) -> Lang {
        Lang::from_locale_vars(|name| {
            vars.iter().find(|(n, _)| *n == name).map(|(_, v)| v.to_string())
        })
    }

    #[test]
    fn japanese_locales_give_japanese_and_the_rest_english() {
        assert_eq!(lang_of(&[("LANG", "ja_JP.UTF-8")]), Lang::Ja);
        assert_eq!(lang_of(&[("LANG", "ja")]), Lang::Ja);
        assert_eq!(lang_of(&[("LANG", "C")]), Lang::En);
        assert_eq!(lang_of(&[("LANG", "en_US.UTF-8")]), Lang::En);
        assert_eq!(lang_of(&[]), Lang::En);
    }

    #[test]
    fn lc_all_then_lc_messages_then_lang_decide() {
        assert_eq!(lang_of(&[("LC_ALL", "C"), ("LANG", "ja_JP.UTF-8")]), Lang::En);
        assert_eq!(lang_of(&[("LC_MESSAGES", "ja_JP.UTF-8"), ("LANG", "C")]), Lang::Ja);
        assert_eq!(
            lang_of(&[("LC_ALL", "ja_JP.UTF-8"), ("LC_MESSAGES", "C"), ("LANG", "C")]),
            Lang::Ja
        );
        // An empty variable is as if unset (POSIX).
        assert_eq!(lang_of(&[("LC_ALL", ""), ("LANG", "ja_JP.UTF-8")]), Lang::Ja);
    }

    #[test]
    fn lang_parses_from_its_code() {
        assert_eq!("ja".parse::<Lang>(), Ok(Lang::Ja));
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
        assert_eq!(Lang::Ja.to_string(), "ja");
    }
}
