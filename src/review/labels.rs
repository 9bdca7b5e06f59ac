//! The words the review pages say themselves, and the record's enumerations
//! (`regional`, `fiscal`, …) as a person reads them, looked up in the one message
//! catalogue ([`crate::i18n`]): a page word `KEY` is the entry `review.KEY`, an
//! enumeration value `review.value.FIELD.CODE` (in English a phrase, unlike the xlsx
//! labels `label.*`, whose English is the code). The report's own text is shown as
//! written, in either language; records keep their codes. The catalogue's tests check
//! that every entry has both texts; a test here, that every key the pages use is in it.

use crate::i18n::entry;
use crate::lang::Lang;

/// A page's word for `key` (the catalogue's `review.KEY`); `?` if the catalogue has none
/// (a test keeps every key the pages use in the catalogue).
pub fn label(lang: Lang, key: &str) -> &'static str {
    match entry(&format!("review.{key}")) {
        Some(entry) => lang.pick(entry.ja, entry.en),
        None => "?",
    }
}

/// A record enumeration's value as a person reads it (`zone_kind`, `regional` →
/// 地域活性化, the catalogue's `review.value.FIELD.CODE`); a value the catalogue does not
/// know is shown as it is in the record.
pub fn enumeration(lang: Lang, field: &str, code: &str) -> String {
    entry(&format!("review.value.{field}.{code}"))
        .map(|entry| lang.pick(entry.ja, entry.en).to_string())
        .unwrap_or_else(|| code.to_string())
}

/// A fiscal year as a label: `2020年度` or `FY2020`.
pub fn fiscal_year(lang: Lang, year: i32) -> String {
    match lang {
        Lang::Ja => format!("{year}年度"),
        Lang::En => format!("FY{year}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{LocalCategory, MeasureCategory};

    /// Every `label(lang, "key")` written in the review's sources names a key of the table.
    #[test]
    fn every_key_the_pages_use_is_in_the_catalogue() {
        let sources = [
            include_str!("page.rs"),
            include_str!("index.rs"),
            include_str!("chart.rs"),
            include_str!("drawing.rs"),
            include_str!("zone.rs"),
        ];
        let mut used = 0;
        for source in sources {
            for (at, _) in source.match_indices("label(lang, \"") {
                let rest = &source[at + "label(lang, \"".len()..];
                let key = &rest[..rest.find('"').expect("a closing quote")];
                assert!(
                    entry(&format!("review.{key}")).is_some(),
                    "review.{key} is not in the catalogue"
                );
                used += 1;
            }
        }
        assert!(used > 50, "{used} uses found: the scan still finds the pages' labels");
    }

    #[test]
    fn every_category_of_the_record_has_its_words() {
        for category in [
            MeasureCategory::SpecificProject,
            MeasureCategory::GeneralProject,
            MeasureCategory::Proposal,
            MeasureCategory::FeasibleInConsultation,
            MeasureCategory::Nationwide,
        ] {
            assert_ne!(enumeration(Lang::Ja, "measure_category", category.name()), category.name());
        }
        for category in [
            LocalCategory::Fiscal,
            LocalCategory::Tax,
            LocalCategory::Finance,
            LocalCategory::Deregulation,
            LocalCategory::Regulation,
            LocalCategory::Other,
            LocalCategory::ContributingProject,
            LocalCategory::Organization,
            LocalCategory::Private,
        ] {
            assert_ne!(enumeration(Lang::Ja, "local_category", category.name()), category.name());
        }
        assert_eq!(enumeration(Lang::Ja, "zone_kind", "international"), "国際戦略");
        assert_eq!(enumeration(Lang::En, "zone_kind", "regional"), "regional revitalization");
        assert_eq!(enumeration(Lang::Ja, "zone_kind", "unheard_of"), "unheard_of");
    }
}
