//! The language of what tokku says to a person (review pages now; messages later):
//! Japanese or English. A floor every stage may use; records never depend on it (their
//! codes and enumerations are the same in both).

/// A language tokku can speak.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Lang {
    /// 日本語
    Ja,
    /// English
    En,
}

impl Lang {
    /// The language of the environment, as the C library would choose it: the first set
    /// and non-empty of `LC_ALL`, `LC_MESSAGES`, `LANG`; Japanese when it starts with
    /// `ja` (`ja_JP.UTF-8`, `ja`), English otherwise (and when none is set).
    pub fn from_env() -> Lang {
        let value = ["LC_ALL", "LC_MESSAGES", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty());
        Lang::from_locale(value.as_deref())
    }

    /// The language of a locale value (`ja_JP.UTF-8` → Ja; `C`, `en_US.UTF-8`, none → En).
    pub fn from_locale(value: Option<&str>) -> Lang {
        match value {
            Some(v) if v.starts_with("ja") => Lang::Ja,
            _ => Lang::En,
        }
    }

    /// The `--lang` choice if given, else the environment's.
    pub fn chosen(flag: Option<Lang>) -> Lang {
        flag.unwrap_or_else(Lang::from_env)
    }

    /// The BCP 47 tag, for HTML's `lang` attribute.
    pub fn tag(self) -> &'static str {
        match self {
            Lang::Ja => "ja",
            Lang::En => "en",
        }
    }

    /// One of two texts: `ja` in Japanese, `en` in English.
    pub fn pick<'a>(self, ja: &'a str, en: &'a str) -> &'a str {
        match self {
            Lang::Ja => ja,
            Lang::En => en,
        }
    }
}

impl std::str::FromStr for Lang {
    type Err = String;

    /// `ja` or `en` (any case), as `--lang` takes them.
    fn from_str(value: &str) -> Result<Lang, String> {
        match value.to_ascii_lowercase().as_str() {
            "ja" => Ok(Lang::Ja),
            "en" => Ok(Lang::En),
            _ => Err(format!("{value:?} is not a language tokku speaks (possible values: ja, en)")),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn locales_starting_with_ja_are_japanese() {
        assert_eq!(Lang::from_locale(Some("ja_JP.UTF-8")), Lang::Ja);
        assert_eq!(Lang::from_locale(Some("ja")), Lang::Ja);
        assert_eq!(Lang::from_locale(Some("en_US.UTF-8")), Lang::En);
        assert_eq!(Lang::from_locale(Some("C")), Lang::En);
        assert_eq!(Lang::from_locale(None), Lang::En);
    }

    #[test]
    fn an_explicit_choice_wins_over_the_environment() {
        assert_eq!(Lang::chosen(Some(Lang::Ja)), Lang::Ja);
        assert_eq!(Lang::chosen(Some(Lang::En)), Lang::En);
    }

    #[test]
    fn the_flag_values_parse_and_others_are_refused() {
        assert_eq!("ja".parse::<Lang>(), Ok(Lang::Ja));
        assert_eq!("EN".parse::<Lang>(), Ok(Lang::En));
        assert!("fr".parse::<Lang>().is_err());
    }
}
