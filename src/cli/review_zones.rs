//! The zone pages' content, from a batch's records and the panel `panel::build` makes
//! of them: which reports a zone holds, each 数値目標's latest values and restatements
//! (the panel's rows and restatements), the warnings of linking the years (the panel's
//! warnings), and each report's own 別紙1 values of the target, one line per report.
//!
//! The panel names a target by its key and its latest name. A report's target is found
//! in it by the same key and name, or by following the panel's `target_renamed`
//! warnings from the report's name and year to the latest name (example:
//! fixtures/panel, 数値目標 1-2 is 宿泊者数 in the 令和元年度 and 令和2年度 reports and
//! 延べ宿泊者数 in the 令和3年度 one: the warning 宿泊者数 (2020) → 延べ宿泊者数 (2021)
//! takes the 2019 and 2020 reports' target to the panel's 延べ宿泊者数).
//! A report belongs to a zone by the rule the panel groups by (the official name of the
//! zone list entry its zone name matches, else its zone name compared without spaces),
//! and of two reports of one zone and year the first by file name is the one the panel
//! uses.

use std::collections::{BTreeMap, HashMap};

use tokku::jp::zones::{comparable_name, lookup_in, official_zones, Zone};
use tokku::record::{Record, Target};
use tokku::review::page_names;
use tokku::review::zone::{ZoneLine, ZoneReport, ZoneRow, ZoneTarget, ZoneView};

use crate::cli::batch::panel::{self, Panel, PanelWarning};

/// The zone views of a batch's records, in zone order, and each record's zone page by
/// its file. `document_pages`: each record's document page by its file.
pub fn zone_views(
    records: &[Record],
    extra_zones: &[Zone],
    document_pages: &HashMap<String, String>,
) -> (Vec<ZoneView>, HashMap<String, String>) {
    let built = panel::build(records, extra_zones);
    let zone_list: Vec<Zone> = extra_zones.iter().chain(official_zones()).cloned().collect();
    // Zone key → (zone as the panel names it, official entry, its records).
    let mut groups: BTreeMap<String, (String, Option<&Zone>, Vec<&Record>)> = BTreeMap::new();
    for record in records.iter().filter(|r| r.error.is_none()) {
        let Some(report) = &record.report else { continue };
        let (Some(_), Some(name)) = (report.fiscal_year, report.zone_name.as_deref()) else {
            continue;
        };
        let listed = lookup_in(&zone_list, name).zone();
        let key = listed.map(|z| z.official_name.clone()).unwrap_or_else(|| comparable_name(name));
        groups
            .entry(key)
            .or_insert_with(|| {
                (
                    listed.map(|z| z.official_name.clone()).unwrap_or_else(|| name.to_string()),
                    listed,
                    Vec::new(),
                )
            })
            .2
            .push(record);
    }
    let names: Vec<&str> = groups.values().map(|(zone, _, _)| zone.as_str()).collect();
    let zone_pages = page_names(&names);
    let mut zone_of_file = HashMap::new();
    let mut views = Vec::new();
    for ((zone, listed, mut reports), page) in groups.into_values().zip(zone_pages) {
        reports.sort_by(|a, b| {
            year_of(a).cmp(&year_of(b)).then_with(|| a.source.file.cmp(&b.source.file))
        });
        let mut view = ZoneView {
            zone: zone.clone(),
            official: listed.map(|z| z.official_name.clone()),
            kind: listed
                .map(|z| z.kind.clone())
                .or_else(|| reports.last().and_then(|r| r.report.as_ref()?.zone_kind.clone())),
            page: page.clone(),
            ..ZoneView::default()
        };
        let mut used: Vec<&Record> = Vec::new();
        for record in &reports {
            let year = year_of(record);
            let first_of_year = !used.iter().any(|u| year_of(u) == year);
            if first_of_year {
                used.push(record);
            }
            zone_of_file.insert(record.source.file.clone(), page.clone());
            view.reports.push(ZoneReport {
                year,
                file: record.source.file.clone(),
                page: document_pages.get(&record.source.file).cloned(),
                used: first_of_year,
                indicators: record
                    .indicators
                    .iter()
                    .map(|i| (i.number, i.name.clone(), i.progress_pct))
                    .collect(),
                warnings: record.warnings.clone(),
            });
        }
        let warnings: Vec<&PanelWarning> =
            built.warnings.iter().filter(|w| w.zone == zone).collect();
        view.panel_warnings = warnings.iter().map(|w| (*w).clone()).collect();
        view.targets = zone_targets(&built, &zone, &used, &warnings);
        views.push(view);
    }
    (views, zone_of_file)
}

fn year_of(record: &Record) -> i32 {
    record.report.as_ref().and_then(|r| r.fiscal_year).unwrap_or_default()
}

/// The zone's targets in the panel's order, each with every used report's line.
fn zone_targets(
    built: &Panel,
    zone: &str,
    used: &[&Record],
    warnings: &[&PanelWarning],
) -> Vec<ZoneTarget> {
    let mut targets: Vec<ZoneTarget> = Vec::new();
    for row in built.rows.iter().filter(|r| r.zone == zone) {
        let position =
            match targets.iter().position(|t| t.key == row.target_key && t.name == row.target_name)
            {
                Some(p) => p,
                None => {
                    targets.push(ZoneTarget {
                        key: row.target_key.clone(),
                        name: row.target_name.clone(),
                        ..ZoneTarget::default()
                    });
                    targets.len() - 1
                }
            };
        let target = &mut targets[position];
        if target.unit.is_empty() {
            target.unit = row.unit.clone().unwrap_or_default();
        }
        target.rows.push(ZoneRow {
            fiscal_year: row.fiscal_year,
            target: row.target.zip(row.target_report_year),
            actual: row.actual.zip(row.actual_report_year),
            progress_pct: row.progress_pct.zip(row.progress_report_year),
            restated: row.restated,
        });
    }
    let renames: Vec<&PanelWarning> =
        warnings.iter().copied().filter(|w| w.code == "target_renamed").collect();
    for target in &mut targets {
        target.restatements = built
            .restatements
            .iter()
            .filter(|r| {
                r.zone == zone && r.target_key == target.key && r.target_name == target.name
            })
            .cloned()
            .collect();
        for record in used {
            let year = year_of(record);
            let Some(found) = record.indicators.iter().flat_map(|i| &i.targets).find(|t| {
                t.key == target.key
                    && latest_name(&renames, &t.key, &t.name, year) == comparable_name(&target.name)
            }) else {
                continue;
            };
            target.lines.push(line_of(found, year));
            if let Some(goal) = &found.goal {
                target.goal = Some((goal.text.clone(), found.goal_basis.clone(), year));
            }
            if found.period.is_some() {
                target.period = found.period;
            }
        }
    }
    targets
}

/// A report's 別紙1 values of a target.
fn line_of(target: &Target, report_year: i32) -> ZoneLine {
    ZoneLine {
        report_year,
        points: target
            .series
            .iter()
            .map(|p| {
                (
                    p.fiscal_year,
                    p.target.as_ref().map(|q| (q.value, q.text.clone())),
                    p.actual.as_ref().map(|q| (q.value, q.text.clone())),
                )
            })
            .collect(),
    }
}

/// The name (compared without spaces) a target named `name` in the report of `year`
/// has in the latest report, following the panel's `target_renamed` warnings (each
/// names the earlier name with the last report year that used it, and the new name
/// with the report year that first did).
fn latest_name(renames: &[&PanelWarning], key: &str, name: &str, year: i32) -> String {
    let (mut name, mut year) = (comparable_name(name), year);
    let side = |w: &PanelWarning, n: usize| -> Option<(String, i64)> {
        let value = w.values.get(n)?;
        Some((
            comparable_name(value["value"].as_str()?),
            value["report_year"].as_i64().unwrap_or(i64::MIN),
        ))
    };
    loop {
        let next = renames
            .iter()
            .filter(|w| w.target_key.as_deref() == Some(key))
            .filter_map(|w| Some((side(w, 0)?, side(w, 1)?)))
            .filter(|((from, from_year), (_, to_year))| {
                *from == name && *from_year >= i64::from(year) && *to_year > i64::from(year)
            })
            .min_by_key(|(_, (_, to_year))| *to_year);
        match next {
            Some((_, (to, to_year))) => {
                name = to;
                year = i32::try_from(to_year).unwrap_or(year);
            }
            None => return name,
        }
    }
}
