//! The report's zone in the official list (`jp::zones`): fills
//! `report.zone_official_name` and says how the report's own spelling relates to it.
//!
//! - The official name as written: the official name, no warning.
//! - A listed variant (section 1 of the seed: 京浜臨海部ライフノベーション国際戦略総合特区):
//!   the official name (京浜臨海部ライフイノベーション国際戦略総合特区) and `zone_name_variant`.
//! - Anything else: null and `zone_unknown` (the list is incomplete: data/zones.json says
//!   which zones are missing). No name at all: nothing here (the missing field is warned of elsewhere).

use crate::jp::zones::{lookup, ZoneMatch};
use crate::msg;
use crate::record::{ReportHeader, Warning};

/// Sets `header.zone_official_name` from the official list; the warning, if any.
pub fn fill_official_name(header: &mut ReportHeader) -> Option<Warning> {
    let name = header.zone_name.clone()?;
    let found = lookup(&name);
    header.zone_official_name = found.zone().map(|zone| zone.official_name.clone());
    let path = Some("/report/zone_name".to_string());
    match found {
        ZoneMatch::Official(_) => None,
        ZoneMatch::Variant(zone) => Some(Warning::new(
            "zone_name_variant",
            msg!("zone_name_variant", name = &name, official = &zone.official_name),
            path,
            None,
        )),
        ZoneMatch::Unknown => {
            Some(Warning::new("zone_unknown", msg!("zone_unknown", name = &name), path, None))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn header(name: Option<&str>) -> ReportHeader {
        ReportHeader { zone_name: name.map(str::to_string), ..ReportHeader::default() }
    }

    #[test]
    fn a_variant_gets_the_official_name_and_a_warning() {
        let mut h = header(Some("京浜臨海部ライフノベーション国際戦略総合特区"));
        let warning = fill_official_name(&mut h).expect("a warning");
        assert_eq!(
            h.zone_official_name.as_deref(),
            Some("京浜臨海部ライフイノベーション国際戦略総合特区")
        );
        assert_eq!(warning.code, "zone_name_variant");
        assert_eq!(warning.path.as_deref(), Some("/report/zone_name"));
    }

    #[test]
    fn the_official_name_needs_no_warning_and_an_unknown_zone_is_null() {
        let mut h = header(Some("つくば国際戦略総合特区"));
        assert_eq!(fill_official_name(&mut h), None);
        assert_eq!(h.zone_official_name.as_deref(), Some("つくば国際戦略総合特区"));
        let mut h = header(Some("架空の総合特区"));
        assert_eq!(fill_official_name(&mut h).map(|w| w.code), Some("zone_unknown".to_string()));
        assert_eq!(h.zone_official_name, None);
        let mut h = header(None);
        assert_eq!(fill_official_name(&mut h), None);
    }
}
