//! The official list of 総合特区 (data/zones.json, compiled in): each zone's official
//! name, kind, designation date and the other spellings seen in reports. A report's zone
//! name is looked up here to fill `report.zone_official_name`: the official name as
//! written, a known variant (the seed report writes 京浜臨海部ライフノベーション国際戦略総合特区
//! for 京浜臨海部ライフイノベーション国際戦略総合特区), or unknown. Names are compared after
//! [`normalize`] with every space removed; nothing else is guessed (a name that is neither
//! the official one nor a listed variant is unknown, however close).

use std::sync::OnceLock;

use serde::Deserialize;

use super::normalize::normalize;

/// The compiled-in list (see its `coverage` note: it is incomplete).
const OFFICIAL_LIST: &str = include_str!("../../data/zones.json");

/// One designated zone.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Zone {
    pub official_name: String,
    /// `international` (国際戦略総合特区) or `regional` (地域活性化総合特区).
    pub kind: String,
    /// 第N次指定: the designation round (1 to 4), as a source gives it (a zone's `note` in
    /// data/zones.json says where it is inferred instead).
    #[serde(default)]
    pub designation_round: Option<u32>,
    /// 指定日 (YYYY-MM-DD), where a source gives it; absent (null) otherwise.
    #[serde(default)]
    pub designated_on: Option<String>,
    /// 指定の解除: the day the designation ended (YYYY-MM-DD), where a source gives it;
    /// absent (null) while the zone is designated or when no source was found.
    #[serde(default)]
    pub revoked_on: Option<String>,
    /// Other spellings seen in reports.
    #[serde(default)]
    pub variants: Vec<String>,
    /// Explicit rename rules for the batch panel (a zone list of your own may give them).
    #[serde(default)]
    pub target_renames: Vec<TargetRename>,
}

/// 数値目標 `key`, named `from` in earlier reports, is named `to` from some report on.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct TargetRename {
    pub key: String,
    pub from: String,
    pub to: String,
}

#[derive(Deserialize)]
struct ZoneList {
    zones: Vec<Zone>,
}

/// How a report's zone name relates to a list.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ZoneMatch<'a> {
    /// The official name (after normalization).
    Official(&'a Zone),
    /// A listed variant spelling of the zone.
    Variant(&'a Zone),
    Unknown,
}

impl<'a> ZoneMatch<'a> {
    pub fn zone(self) -> Option<&'a Zone> {
        match self {
            ZoneMatch::Official(zone) | ZoneMatch::Variant(zone) => Some(zone),
            ZoneMatch::Unknown => None,
        }
    }
}

/// Parses a zone list in the format of data/zones.json (an object with `zones`).
pub fn parse_zone_list(text: &str) -> Result<Vec<Zone>, String> {
    serde_json::from_str::<ZoneList>(text)
        .map(|list| list.zones)
        .map_err(|e| format!("not a zone list: {e}"))
}

/// The compiled-in official list (empty only if data/zones.json were broken, which a test rules out).
pub fn official_zones() -> &'static [Zone] {
    static ZONES: OnceLock<Vec<Zone>> = OnceLock::new();
    ZONES.get_or_init(|| parse_zone_list(OFFICIAL_LIST).unwrap_or_default())
}

/// A zone name as compared: normalized, without spaces.
pub fn comparable_name(name: &str) -> String {
    normalize(name).chars().filter(|c| !c.is_whitespace()).collect()
}

/// Looks a report's zone name up in `zones`.
pub fn lookup_in<'a>(zones: &'a [Zone], name: &str) -> ZoneMatch<'a> {
    let wanted = comparable_name(name);
    if wanted.is_empty() {
        return ZoneMatch::Unknown;
    }
    if let Some(zone) = zones.iter().find(|z| comparable_name(&z.official_name) == wanted) {
        return ZoneMatch::Official(zone);
    }
    match zones.iter().find(|z| z.variants.iter().any(|v| comparable_name(v) == wanted)) {
        Some(zone) => ZoneMatch::Variant(zone),
        None => ZoneMatch::Unknown,
    }
}

/// Looks a report's zone name up in the official list.
pub fn lookup(name: &str) -> ZoneMatch<'static> {
    lookup_in(official_zones(), name)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_compiled_in_list_parses_and_names_each_zone_once() {
        let zones = official_zones();
        assert_eq!(zones.len(), 41, "the zones of data/zones.json");
        assert_eq!(zones.iter().filter(|z| z.kind == "international").count(), 7);
        // The per-round counts that the `coverage` note and the README state (regional zones).
        let regional_in_round = |round: u32| {
            zones
                .iter()
                .filter(|z| z.kind == "regional" && z.designation_round == Some(round))
                .count()
        };
        assert_eq!(
            [1, 2, 3, 4].map(regional_in_round),
            [20, 5, 5, 4],
            "地域活性化総合特区 listed per round"
        );
        let mut names: Vec<String> = zones
            .iter()
            .flat_map(|z| std::iter::once(&z.official_name).chain(&z.variants))
            .map(|n| comparable_name(n))
            .collect();
        let count = names.len();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), count, "a name or variant is listed twice");
        assert!(zones.iter().all(|z| z.kind == "international" || z.kind == "regional"));
    }

    #[test]
    fn each_listed_zone_has_its_round_and_a_date_that_fits_the_round() {
        // The designation dates of the rounds, per the sources in data/zones.json.
        let round_dates =
            [(1, "2011-12-22"), (2, "2012-07-25"), (3, "2013-02-15"), (4, "2013-09-13")];
        for zone in official_zones() {
            let round = zone.designation_round.unwrap_or(0);
            let expected = round_dates.iter().find(|(r, _)| *r == round).map(|(_, date)| *date);
            assert!(
                expected.is_some(),
                "{}: round {round} is not a verified round",
                zone.official_name
            );
            if let Some(date) = zone.designated_on.as_deref() {
                assert_eq!(
                    Some(date),
                    expected,
                    "{}: designated on another day than its round",
                    zone.official_name
                );
            }
            if let (Some(designated), Some(revoked)) =
                (zone.designated_on.as_deref(), zone.revoked_on.as_deref())
            {
                assert!(
                    designated < revoked,
                    "{}: revoked before it was designated",
                    zone.official_name
                );
            }
        }
        // Every 国際戦略総合特区 is of the 1st round.
        assert!(official_zones()
            .iter()
            .filter(|z| z.kind == "international")
            .all(|z| z.designation_round == Some(1)));
    }

    #[test]
    fn the_listed_zones_never_exceed_what_each_round_designated() {
        // data/zones.json `designated`: the per-round counts the sources give, 7 国際戦略 + 41
        // 地域活性化 = 48 in all (MLIT White Paper 2014; JRI Review 2013: 7 + 37 by March 2013).
        let list: serde_json::Value =
            serde_json::from_str(OFFICIAL_LIST).expect("data/zones.json is JSON");
        let designated = &list["designated"];
        let rounds = designated["rounds"].as_array().expect("designated.rounds");
        let count =
            |round: &serde_json::Value, kind: &str| round[kind].as_u64().expect("a count") as usize;
        let total_of = |kind: &str| rounds.iter().map(|round| count(round, kind)).sum::<usize>();
        assert_eq!((total_of("international"), total_of("regional")), (7, 41));
        assert_eq!(designated["total"].as_u64(), Some(48));
        assert_eq!(rounds.len(), 4, "no round after the 4th was found");
        let zones = official_zones();
        for round in rounds {
            let number = round["round"].as_u64().expect("round number") as u32;
            let date = round["designated_on"].as_str().expect("round date");
            for kind in ["international", "regional"] {
                let in_round: Vec<&Zone> = zones
                    .iter()
                    .filter(|z| z.kind == kind && z.designation_round == Some(number))
                    .collect();
                assert!(
                    in_round.len() <= count(round, kind),
                    "round {number}: more {kind} zones listed than designated"
                );
                assert!(
                    in_round.iter().all(|z| z.designated_on.as_deref().is_none_or(|d| d == date)),
                    "round {number}: a zone dated otherwise"
                );
            }
            assert!(
                !round["sources"].as_array().expect("sources").is_empty(),
                "round {number} names no source"
            );
        }
        // Every listed zone is of a round the sources count.
        assert!(zones.iter().all(|z| z.designation_round.is_some_and(|r| (1..=4).contains(&r))));
        // The 3rd and 4th rounds are complete: their 5 and 4 zones are all listed.
        let in_round =
            |round: u32| zones.iter().filter(|z| z.designation_round == Some(round)).count();
        assert_eq!((in_round(3), in_round(4)), (5, 4));
    }

    #[test]
    fn a_name_written_with_its_subtitle_is_a_variant_of_the_zone() {
        // 大分県's page on the designation writes the name with a subtitle in full-width parentheses.
        let variant = lookup(
            "東九州メディカルバレー構想特区（血液・血管医療を中心とした医療産業拠点づくり特区）",
        );
        assert!(
            matches!(variant, ZoneMatch::Variant(z) if z.official_name == "東九州メディカルバレー構想特区")
        );
        assert!(matches!(lookup("東九州メディカルバレー構想特区"), ZoneMatch::Official(_)));
    }

    #[test]
    fn the_seed_zone_is_found_by_its_official_name_and_by_the_seed_misspelling() {
        let official = lookup("京浜臨海部ライフイノベーション国際戦略総合特区");
        assert!(
            matches!(official, ZoneMatch::Official(z) if z.designated_on.as_deref() == Some("2011-12-22"))
        );
        // The seed report, section 1: 京浜臨海部ライフノベーション国際戦略総合特区.
        let variant = lookup("京浜臨海部ライフノベーション国際戦略総合特区");
        assert!(
            matches!(variant, ZoneMatch::Variant(z) if z.official_name == "京浜臨海部ライフイノベーション国際戦略総合特区")
        );
        // Full-width letters and a line-break space fold away.
        assert!(matches!(
            lookup("アジアＮｏ．１航空宇宙産業 クラスター形成特区"),
            ZoneMatch::Official(_)
        ));
    }

    #[test]
    fn the_zones_of_okayama_and_toyama_resolve_to_their_official_names() {
        // Issue 25: 岡山市's zone, named in the mayor's press conferences of 2014-04-08 and
        // 2018-10-09 (city.okayama.jp), designated in February 2013 = the 3rd round.
        let okayama = lookup("岡山型持続可能な社会経済モデル構築総合特区");
        let Some(zone) = okayama.zone() else {
            panic!("岡山市's zone is not in data/zones.json");
        };
        assert!(matches!(okayama, ZoneMatch::Official(_)));
        assert_eq!(zone.official_name, "岡山型持続可能な社会経済モデル構築総合特区");
        assert_eq!(
            (zone.kind.as_str(), zone.designation_round, zone.designated_on.as_deref()),
            ("regional", Some(3), Some("2013-02-15"))
        );
        assert_eq!(zone.revoked_on, None);
        // 富山県's zone, named in the governor's press conference of 2012-08-22; its round is
        // inferred as the 1st and its date was not found, so none is given.
        let toyama = lookup("とやま地域共生型福祉推進特区");
        let Some(zone) = toyama.zone() else {
            panic!("富山県's zone is not in data/zones.json");
        };
        assert!(matches!(toyama, ZoneMatch::Official(_)));
        assert_eq!(zone.official_name, "とやま地域共生型福祉推進特区");
        assert_eq!((zone.kind.as_str(), zone.designation_round), ("regional", Some(1)));
        assert_eq!((zone.designated_on.as_deref(), zone.revoked_on.as_deref()), (None, None));
        // A report that breaks the name over two lines still finds it.
        assert!(matches!(
            lookup("岡山型持続可能な社会経済モデル 構築総合特区"),
            ZoneMatch::Official(z) if z.designation_round == Some(3)
        ));
    }

    #[test]
    fn the_four_zones_lifted_on_2017_03_27_carry_that_date() {
        // 首相官邸「総合特別区域の指定の解除について」(平成29年3月27日,
        // kantei.go.jp/jp/singi/tiiki/sogotoc/sinsei/dai1dai2/sitei_kaijo1703.html): four
        // 地域活性化総合特区, one of the 1st round and three of the 2nd.
        let lifted = [
            ("健幸長寿社会を創造するスマートウエルネスシティ総合特区", 1),
            ("鳥取発次世代社会モデル創造特区", 2),
            ("中心市街地と田園地域が連携する高松コンパクト・エコシティ特区", 2),
            ("椿による五島列島活性化特区", 2),
        ];
        for (name, round) in lifted {
            let zone = lookup(name).zone();
            assert!(
                zone.is_some_and(|z| z.official_name == name
                    && z.kind == "regional"
                    && z.designation_round == Some(round)
                    && z.revoked_on.as_deref() == Some("2017-03-27")),
                "{name}: not listed as lifted on 2017-03-27 ({zone:?})"
            );
        }
        // No other zone was lifted that day.
        let on_that_day = official_zones()
            .iter()
            .filter(|z| z.revoked_on.as_deref() == Some("2017-03-27"))
            .count();
        assert_eq!(on_that_day, lifted.len());
    }

    #[test]
    fn a_close_but_unlisted_name_is_unknown() {
        assert_eq!(lookup("京浜臨海部ライフイノベーション総合特区"), ZoneMatch::Unknown);
        assert_eq!(lookup(""), ZoneMatch::Unknown);
    }
}
