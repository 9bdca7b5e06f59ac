//! Linking the panel: one zone across its report years. Built from the new
//! `records.ndjson` of every batch (so a resumed or incremental batch gives the same
//! panel, byte for byte), it groups the records by zone, links each 数値目標 across the zone's reports and keeps,
//! for every target × fiscal year × field, the value of the latest report, with every
//! earlier differing value kept as a restatement.
//!
//! - Zone: the official name when the report's zone name (or a listed variant) is in the
//!   zone list (data/zones.json, plus `--zones FILE`), else the report's name as written
//!   (normalized, spaces removed, for grouping).
//! - Linking a target to the same target of an earlier report of the zone: the same key
//!   (数値目標（1）－① → `1-1`) and the same name after normalization; or the same key and
//!   a different name when the two share a value of their 別紙1 series (the same target
//!   or actual for the same fiscal year), or when the zone list has a rename rule for it
//!   (`target_renames`: key, from, to): a renamed target (`target_renamed`). The same key
//!   with another name, no shared value and no rule is another target.
//! - Two reports of one zone and one report year: the first by file name is used, the
//!   other named in `report_year_duplicate`.
//! - `series_restated`: an earlier report's value (target, actual or progress) for a
//!   fiscal year differs from the latest report's; both values and both files.
//!   `goal_changed`: a target's goal differs from the previous report's.
//!
//! The rows, restatements and warnings made here are written by `writing`.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader};
use std::os::unix::fs::FileExt;
use std::path::Path;

use serde::Serialize;
use serde_json::{json, Value};

use crate::jp::zones::{
    comparable_name, lookup_in, official_zones, parse_zone_list, TargetRename, Zone,
};
use crate::jp::Quantity;
use crate::record::Record;

use super::{number_text, Cell};

/// One target × fiscal year of a zone: the latest value of each field and the report
/// year it comes from.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelRow {
    pub zone: String,
    pub zone_official_name: Option<String>,
    pub target_key: String,
    pub target_name: String,
    pub fiscal_year: i32,
    pub unit: Option<String>,
    pub target: Option<f64>,
    pub target_report_year: Option<i32>,
    pub actual: Option<f64>,
    pub actual_report_year: Option<i32>,
    pub progress_pct: Option<f64>,
    pub progress_report_year: Option<i32>,
    /// An earlier report gave another value for one of the fields.
    pub restated: bool,
}

/// An earlier report's value that differs from the latest report's.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Restatement {
    pub zone: String,
    pub zone_official_name: Option<String>,
    pub target_key: String,
    pub target_name: String,
    pub fiscal_year: i32,
    /// `target`, `actual` or `progress_pct`.
    pub field: String,
    pub unit: Option<String>,
    pub value: f64,
    pub report_year: i32,
    pub file: String,
    pub latest_value: f64,
    pub latest_report_year: i32,
    pub latest_file: String,
}

/// A batch-level warning of `panel_warnings.ndjson`.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct PanelWarning {
    pub code: String,
    pub zone: String,
    pub target_key: Option<String>,
    pub fiscal_year: Option<i32>,
    pub field: Option<String>,
    pub message: String,
    /// The values in conflict, each with the report year and file it comes from.
    pub values: Vec<Value>,
}

/// The panel of a batch.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Panel {
    pub rows: Vec<PanelRow>,
    pub restatements: Vec<Restatement>,
    pub warnings: Vec<PanelWarning>,
}

/// A value seen in one report.
#[derive(Debug, Clone)]
struct ReportedValue {
    value: f64,
    unit: Option<String>,
    report_year: i32,
    file: String,
}

const FIELDS: [&str; 3] = ["target", "actual", "progress_pct"];

/// A target followed across a zone's reports.
struct LinkedTarget {
    key: String,
    name: String,
    /// The report year that last linked to this chain (one link per report).
    last_report_year: Option<i32>,
    last_file: String,
    goal: Option<(Quantity, i32, String)>,
    /// Fiscal year → the values of each field (FIELDS order), in report-year order.
    years: BTreeMap<i32, [Vec<ReportedValue>; 3]>,
}

impl LinkedTarget {
    /// Whether a series shares a non-null target or actual of some fiscal year with this chain.
    fn shares_a_value(&self, series: &[crate::record::SeriesPoint]) -> bool {
        series.iter().any(|point| {
            let Some(fields) = self.years.get(&point.fiscal_year) else { return false };
            [(&point.target, 0), (&point.actual, 1)].iter().any(|(quantity, field)| {
                quantity.as_ref().is_some_and(|q| {
                    fields[*field].iter().any(|seen| {
                        same(seen.value, q.value) && seen.unit.as_deref() == Some(q.unit.as_str())
                    })
                })
            })
        })
    }
}

/// A number as the records write it: integral values without a decimal point.
fn number_value(value: f64) -> Value {
    serde_json::from_str(&number_text(value)).unwrap_or(Value::Null)
}

fn same(a: f64, b: f64) -> bool {
    a == b
}

/// A report of the panel, with its record.
struct PanelReport<'a> {
    file: &'a str,
    year: i32,
    record: &'a Record,
}

/// Reads the zone list of `--zones FILE`, to be searched before the official list.
pub fn read_extra_zones(path: &Path) -> Result<Vec<Zone>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read the zone list {}: {e}", path.display()))?;
    parse_zone_list(&text).map_err(|e| format!("{}: {e}", path.display()))
}

/// Parses the lines of `records.ndjson` (a line that is not a record is left out).
pub fn records_from_ndjson(text: &str) -> Vec<Record> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter_map(|line| serde_json::from_str(line).ok())
        .collect()
}

/// A report of the panel as the first pass finds it: enough to order it within its
/// zone and to read its record again (`at`: a byte offset and length in
/// `records.ndjson`, or a position in a list of records).
#[derive(Debug, Clone)]
struct ReportAt {
    file: String,
    year: i32,
    at: (u64, usize),
}

/// The reports of one zone.
struct ZoneGroup {
    /// The official name when the zone is listed, else the first report's name as written.
    zone: String,
    official: Option<String>,
    renames: Vec<TargetRename>,
    reports: Vec<ReportAt>,
}

/// The fields of a record that place it in the panel (the rest of the line is skipped
/// unparsed in the first pass).
#[derive(Debug, serde::Deserialize)]
struct RecordHead {
    source: HeadSource,
    report: Option<HeadReport>,
    error: Option<serde::de::IgnoredAny>,
}

#[derive(Debug, serde::Deserialize)]
struct HeadSource {
    file: String,
}

#[derive(Debug, serde::Deserialize)]
struct HeadReport {
    fiscal_year: Option<i32>,
    zone_name: Option<String>,
}

/// Groups reports by zone (zone key → its reports, in zone-key order): each report
/// without error that has a report year and a zone name, zones looked up in `zones`.
fn group(
    heads: impl Iterator<Item = (RecordHead, (u64, usize))>,
    zones: &[Zone],
) -> BTreeMap<String, ZoneGroup> {
    let mut by_zone: BTreeMap<String, ZoneGroup> = BTreeMap::new();
    for (head, at) in heads {
        add_to_group(&mut by_zone, head, at, zones);
    }
    by_zone
}

/// Adds one report to its zone's group (see [`group`]).
fn add_to_group(
    by_zone: &mut BTreeMap<String, ZoneGroup>,
    head: RecordHead,
    at: (u64, usize),
    zones: &[Zone],
) {
    if head.error.is_some() {
        return;
    }
    let Some(report) = head.report else { return };
    let (Some(year), Some(name)) = (report.fiscal_year, report.zone_name.as_deref()) else {
        return;
    };
    let zone = lookup_in(zones, name).zone();
    let official = zone.map(|z| z.official_name.clone());
    let key = official.clone().unwrap_or_else(|| comparable_name(name));
    let group = by_zone.entry(key).or_insert_with(|| ZoneGroup {
        zone: official.clone().unwrap_or_else(|| name.to_string()),
        official: official.clone(),
        renames: zone.map(|z| z.target_renames.clone()).unwrap_or_default(),
        reports: Vec::new(),
    });
    group.reports.push(ReportAt { file: head.source.file, year, at });
}

/// The panel zone by zone, in zone-key order: for each zone, the records of the reports
/// it uses (the first by file name of each report year) are read with `load`, its part
/// of the panel is made and given to `emit`, and the records are dropped before the next
/// zone. Memory holds one zone's reports, however many documents the batch has.
fn zone_panels(
    groups: BTreeMap<String, ZoneGroup>,
    mut load: impl FnMut(&ReportAt) -> Result<Record, String>,
    mut emit: impl FnMut(Panel) -> Result<(), String>,
) -> Result<(), String> {
    for (_, ZoneGroup { zone, official, renames, mut reports }) in groups {
        let mut panel = Panel::default();
        reports.sort_by(|a, b| a.year.cmp(&b.year).then_with(|| a.file.cmp(&b.file)));
        let mut used: Vec<ReportAt> = Vec::new();
        for report in reports {
            match used.iter().find(|u| u.year == report.year) {
                // Given out at once: they are as many as the documents of a year.
                Some(first) => emit(Panel::warned(PanelWarning {
                    code: "report_year_duplicate".into(),
                    zone: zone.clone(),
                    target_key: None,
                    fiscal_year: Some(report.year),
                    field: None,
                    message: format!("two reports of {zone} for report year {}: {} is used, {} is left out of the panel", report.year, first.file, report.file),
                    values: vec![json!({"report_year": first.year, "file": first.file}), json!({"report_year": report.year, "file": report.file})],
                }))?,
                None => used.push(report),
            }
        }
        let records = used.iter().map(&mut load).collect::<Result<Vec<Record>, String>>()?;
        let reports: Vec<PanelReport> = used
            .iter()
            .zip(&records)
            .map(|(r, record)| PanelReport { file: &r.file, year: r.year, record })
            .collect();
        zone_panel(&zone, official.as_deref(), &renames, &reports, &mut panel);
        emit(panel)?;
    }
    Ok(())
}

/// The zone list: `extra_zones` first, then the official list.
pub fn zone_list(extra_zones: &[Zone]) -> Vec<Zone> {
    extra_zones.iter().chain(official_zones()).cloned().collect()
}

/// Builds the panel of these records, zones looked up in `extra_zones` then the official list.
pub fn build(records: &[Record], extra_zones: &[Zone]) -> Panel {
    let heads = records.iter().enumerate().map(|(position, record)| {
        let head = RecordHead {
            source: HeadSource { file: record.source.file.clone() },
            report: record
                .report
                .as_ref()
                .map(|r| HeadReport { fiscal_year: r.fiscal_year, zone_name: r.zone_name.clone() }),
            error: record.error.as_ref().map(|_| serde::de::IgnoredAny),
        };
        (head, (position as u64, 0))
    });
    let mut panel = Panel::default();
    let load = |report: &ReportAt| {
        records
            .get(report.at.0 as usize)
            .cloned()
            .ok_or_else(|| format!("no record {}", report.at.0))
    };
    let emit = |zone: Panel| {
        panel.rows.extend(zone.rows);
        panel.restatements.extend(zone.restatements);
        panel.warnings.extend(zone.warnings);
        Ok(())
    };
    // Loading from the list cannot fail.
    let _ = zone_panels(group(heads, &zone_list(extra_zones)), load, emit);
    panel
}

fn zone_panel(
    zone: &str,
    official: Option<&str>,
    renames: &[TargetRename],
    reports: &[PanelReport],
    panel: &mut Panel,
) {
    let mut chains: Vec<LinkedTarget> = Vec::new();
    for report in reports {
        for target in report.record.indicators.iter().flat_map(|i| &i.targets) {
            let name = comparable_name(&target.name);
            let free =
                |c: &LinkedTarget| c.key == target.key && c.last_report_year != Some(report.year);
            let has_rule = |c: &LinkedTarget| {
                renames.iter().any(|r| {
                    r.key == target.key
                        && comparable_name(&r.from) == comparable_name(&c.name)
                        && comparable_name(&r.to) == name
                })
            };
            let linked = match chains
                .iter()
                .position(|c| free(c) && comparable_name(&c.name) == name)
            {
                Some(found) => found,
                None => match chains
                    .iter()
                    .position(|c| free(c) && (c.shares_a_value(&target.series) || has_rule(c)))
                {
                    Some(renamed) => {
                        let chain = &chains[renamed];
                        let why = if has_rule(chain) {
                            "a rename rule of the zone list"
                        } else {
                            "same key, a shared 別紙1 value"
                        };
                        panel.warnings.push(PanelWarning {
                            code: "target_renamed".into(),
                            zone: zone.to_string(),
                            target_key: Some(target.key.clone()),
                            fiscal_year: None,
                            field: Some("name".into()),
                            message: format!("数値目標 {} is named {} in the report of {} ({}), {} in the report of {} ({}) (linked: {why})", target.key, chain.name, optional_year(chain.last_report_year), chain.last_file, target.name, report.year, report.file),
                            values: vec![
                                json!({"value": chain.name, "report_year": chain.last_report_year, "file": chain.last_file}),
                                json!({"value": target.name, "report_year": report.year, "file": report.file}),
                            ],
                        });
                        renamed
                    }
                    None => {
                        chains.push(LinkedTarget {
                            key: target.key.clone(),
                            name: target.name.clone(),
                            last_report_year: None,
                            last_file: String::new(),
                            goal: None,
                            years: BTreeMap::new(),
                        });
                        chains.len() - 1
                    }
                },
            };
            let chain = &mut chains[linked];
            chain.name = target.name.clone();
            chain.last_report_year = Some(report.year);
            chain.last_file = report.file.to_string();
            if let Some(goal) = &target.goal {
                if let Some((previous, year, file)) = &chain.goal {
                    if !same(previous.value, goal.value) || previous.unit != goal.unit {
                        panel.warnings.push(PanelWarning {
                            code: "goal_changed".into(),
                            zone: zone.to_string(),
                            target_key: Some(target.key.clone()),
                            fiscal_year: None,
                            field: Some("goal".into()),
                            message: format!("数値目標 {} {}: goal {} in the report of {year}, {} in the report of {}", target.key, target.name, previous.text, goal.text, report.year),
                            values: vec![
                                json!({"value": number_value(previous.value), "unit": previous.unit, "text": previous.text, "report_year": year, "file": file}),
                                json!({"value": number_value(goal.value), "unit": goal.unit, "text": goal.text, "report_year": report.year, "file": report.file}),
                            ],
                        });
                    }
                }
                chain.goal = Some((goal.clone(), report.year, report.file.to_string()));
            }
            for point in &target.series {
                let fields = chain.years.entry(point.fiscal_year).or_default();
                let seen = |value: f64, unit: Option<String>| ReportedValue {
                    value,
                    unit,
                    report_year: report.year,
                    file: report.file.to_string(),
                };
                if let Some(q) = &point.target {
                    fields[0].push(seen(q.value, Some(q.unit.clone())));
                }
                if let Some(q) = &point.actual {
                    fields[1].push(seen(q.value, Some(q.unit.clone())));
                }
                if let Some(p) = point.progress_pct {
                    fields[2].push(seen(p, Some("%".into())));
                }
            }
        }
    }
    for chain in &chains {
        for (fiscal_year, fields) in &chain.years {
            let mut row = PanelRow {
                zone: zone.to_string(),
                zone_official_name: official.map(str::to_string),
                target_key: chain.key.clone(),
                target_name: chain.name.clone(),
                fiscal_year: *fiscal_year,
                unit: None,
                target: None,
                target_report_year: None,
                actual: None,
                actual_report_year: None,
                progress_pct: None,
                progress_report_year: None,
                restated: false,
            };
            for (field, values) in FIELDS.iter().zip(fields) {
                let Some(latest) = values.last() else { continue };
                match *field {
                    "target" => {
                        (row.target, row.target_report_year) =
                            (Some(latest.value), Some(latest.report_year))
                    }
                    "actual" => {
                        (row.actual, row.actual_report_year) =
                            (Some(latest.value), Some(latest.report_year))
                    }
                    _ => {
                        (row.progress_pct, row.progress_report_year) =
                            (Some(latest.value), Some(latest.report_year))
                    }
                }
                if *field != "progress_pct" && row.unit.is_none() {
                    row.unit = latest.unit.clone();
                }
                for earlier in
                    values.iter().filter(|s| !same(s.value, latest.value) || s.unit != latest.unit)
                {
                    row.restated = true;
                    let unit = earlier.unit.clone();
                    panel.restatements.push(Restatement {
                        zone: zone.to_string(),
                        zone_official_name: official.map(str::to_string),
                        target_key: chain.key.clone(),
                        target_name: chain.name.clone(),
                        fiscal_year: *fiscal_year,
                        field: field.to_string(),
                        unit: unit.clone(),
                        value: earlier.value,
                        report_year: earlier.report_year,
                        file: earlier.file.clone(),
                        latest_value: latest.value,
                        latest_report_year: latest.report_year,
                        latest_file: latest.file.clone(),
                    });
                    let unit_text = unit.clone().unwrap_or_default();
                    panel.warnings.push(PanelWarning {
                        code: "series_restated".into(),
                        zone: zone.to_string(),
                        target_key: Some(chain.key.clone()),
                        fiscal_year: Some(*fiscal_year),
                        field: Some(field.to_string()),
                        message: format!(
                            "数値目標 {} {} {}年度 {field}: {}{unit_text} in the report of {} ({}), {}{unit_text} in the report of {} ({})",
                            chain.key,
                            chain.name,
                            fiscal_year,
                            number_text(earlier.value),
                            earlier.report_year,
                            earlier.file,
                            number_text(latest.value),
                            latest.report_year,
                            latest.file
                        ),
                        values: vec![
                            json!({"value": number_value(earlier.value), "unit": earlier.unit, "report_year": earlier.report_year, "file": earlier.file}),
                            json!({"value": number_value(latest.value), "unit": latest.unit, "report_year": latest.report_year, "file": latest.file}),
                        ],
                    });
                }
            }
            panel.rows.push(row);
        }
    }
}

fn optional_year(year: Option<i32>) -> String {
    year.map(|y| y.to_string()).unwrap_or_default()
}

impl Panel {
    /// A part of the panel that is one warning.
    fn warned(warning: PanelWarning) -> Panel {
        Panel { warnings: vec![warning], ..Panel::default() }
    }
}

/// Makes the panel of a `records.ndjson` file zone by zone, giving each zone's part to
/// `emit`: a first pass reads each record's file name, report year and zone name (with
/// where its line is), a second reads each zone's records again from the file. Memory
/// holds the zones' report lists and one zone's records.
pub fn panel_of_records_file(
    records: &File,
    records_path: &Path,
    zones: &[Zone],
    emit: impl FnMut(Panel) -> Result<(), String>,
) -> Result<(), String> {
    let cannot_read = |e: std::io::Error| format!("cannot read {}: {e}", records_path.display());
    let mut groups = BTreeMap::new();
    let mut reader = BufReader::new(records.try_clone().map_err(cannot_read)?);
    let mut line = String::new();
    let mut offset = 0u64;
    loop {
        line.clear();
        let read = reader.read_line(&mut line).map_err(cannot_read)?;
        if read == 0 {
            break;
        }
        let content = line.trim_end_matches('\n');
        // A line that is not a record is left out.
        if let Ok(head) = serde_json::from_str::<RecordHead>(content) {
            add_to_group(&mut groups, head, (offset, content.len()), zones);
        }
        offset += read as u64;
    }
    let load = |report: &ReportAt| {
        let (offset, length) = report.at;
        let mut bytes = vec![0u8; length];
        records.read_exact_at(&mut bytes, offset).map_err(cannot_read)?;
        serde_json::from_slice(&bytes).map_err(|e| {
            format!("{}: the record of {} does not parse: {e}", records_path.display(), report.file)
        })
    };
    zone_panels(groups, load, emit)
}

/// The rows of `panel.csv` (and the `panel` sheet) of a part of the panel.
pub fn panel_rows(panel: &Panel) -> Vec<Vec<Cell>> {
    panel
        .rows
        .iter()
        .map(|row| {
            vec![
                Cell::Text(row.zone.clone()),
                Cell::text(row.zone_official_name.clone()),
                Cell::Text(row.target_key.clone()),
                Cell::Text(row.target_name.clone()),
                Cell::year(Some(row.fiscal_year)),
                Cell::text(row.unit.clone()),
                Cell::number(row.target),
                Cell::year(row.target_report_year),
                Cell::number(row.actual),
                Cell::year(row.actual_report_year),
                Cell::number(row.progress_pct),
                Cell::year(row.progress_report_year),
                Cell::Number(if row.restated { 1.0 } else { 0.0 }),
            ]
        })
        .collect()
}

/// The rows of `restatements.csv` (and the `restatements` sheet).
pub fn restatement_rows(panel: &Panel) -> Vec<Vec<Cell>> {
    panel
        .restatements
        .iter()
        .map(|r| {
            vec![
                Cell::Text(r.zone.clone()),
                Cell::text(r.zone_official_name.clone()),
                Cell::Text(r.target_key.clone()),
                Cell::Text(r.target_name.clone()),
                Cell::year(Some(r.fiscal_year)),
                Cell::Text(r.field.clone()),
                Cell::text(r.unit.clone()),
                Cell::Number(r.value),
                Cell::year(Some(r.report_year)),
                Cell::Text(r.file.clone()),
                Cell::Number(r.latest_value),
                Cell::year(Some(r.latest_report_year)),
                Cell::Text(r.latest_file.clone()),
            ]
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A record of one target `key` named `name` with a goal and one series point.
    fn record(
        file: &str,
        year: i32,
        name: &str,
        goal: f64,
        fiscal_year: i32,
        actual: f64,
    ) -> Record {
        let value = serde_json::json!({
            "schema_version": "1",
            "source": {"file": file, "sha256": file, "media_type": "text/plain", "encoding": "UTF-8", "pages": null, "producer": null},
            "report": {"title": null, "fiscal_year": year, "zone_kind": "regional", "zone_name": "テスト用の架空特区", "authors": [],
                       "designated_on": null, "plan_approved_on": null, "plan_last_approved_on": null, "previous_score": null},
            "indicators": [{"number": 1, "name": "指標", "progress_pct": null, "targets": [{
                "key": "1", "name": name, "goal": {"value": goal, "unit": "件", "text": format!("{goal}件")}, "goal_basis": "cumulative",
                "period": null, "baseline": null, "current": {"target": null, "actual": null, "progress_pct": null, "contribution_pct": null},
                "series": [{"fiscal_year": fiscal_year, "target": null, "actual": {"value": actual, "unit": "件", "text": format!("{actual}件")}, "progress_pct": null}]}]}],
            "warnings": [], "error": null
        });
        serde_json::from_value(value).expect("a record")
    }

    #[test]
    fn a_changed_goal_is_warned_with_both_values() {
        let records = [
            record("a.txt", 2019, "件数", 30.0, 2019, 5.0),
            record("b.txt", 2020, "件数", 35.0, 2020, 6.0),
        ];
        let panel = build(&records, &[]);
        let goal: Vec<&PanelWarning> =
            panel.warnings.iter().filter(|w| w.code == "goal_changed").collect();
        assert_eq!(goal.len(), 1);
        assert_eq!(goal[0].values[0]["value"], 30);
        assert_eq!(goal[0].values[1]["value"], 35);
        assert_eq!(
            (goal[0].values[0]["file"].as_str(), goal[0].values[1]["file"].as_str()),
            (Some("a.txt"), Some("b.txt"))
        );
        // An unknown zone is grouped by its name as written.
        assert_eq!(panel.rows[0].zone, "テスト用の架空特区");
        assert_eq!(panel.rows[0].zone_official_name, None);
    }

    #[test]
    fn the_same_key_with_another_name_and_no_shared_value_is_another_target() {
        let records = [
            record("a.txt", 2019, "件数", 30.0, 2019, 5.0),
            record("b.txt", 2020, "別の件数", 30.0, 2020, 6.0),
        ];
        let panel = build(&records, &[]);
        assert!(panel.warnings.iter().all(|w| w.code != "target_renamed"));
        let names: Vec<&str> = panel.rows.iter().map(|r| r.target_name.as_str()).collect();
        assert_eq!(names, ["件数", "別の件数"]);
    }

    #[test]
    fn a_rename_rule_of_the_zone_list_links_a_renamed_target() {
        let records = [
            record("a.txt", 2019, "件数", 30.0, 2019, 5.0),
            record("b.txt", 2020, "別の件数", 30.0, 2020, 6.0),
        ];
        let zone = Zone {
            official_name: "テスト用の架空特区".into(),
            kind: "regional".into(),
            designation_round: None,
            designated_on: None,
            revoked_on: None,
            variants: Vec::new(),
            target_renames: vec![TargetRename {
                key: "1".into(),
                from: "件数".into(),
                to: "別の件数".into(),
            }],
        };
        let panel = build(&records, &[zone]);
        let renamed: Vec<&PanelWarning> =
            panel.warnings.iter().filter(|w| w.code == "target_renamed").collect();
        assert_eq!(renamed.len(), 1);
        assert!(
            renamed[0].message.contains("a rename rule of the zone list"),
            "{}",
            renamed[0].message
        );
        let names: Vec<&str> = panel.rows.iter().map(|r| r.target_name.as_str()).collect();
        assert_eq!(names, ["別の件数", "別の件数"]);
    }

    #[test]
    fn a_zone_is_made_from_its_used_reports_alone_and_duplicates_are_never_read() {
        let in_zone = |file: &str, year: i32, zone: &str| {
            let mut r = record(file, year, "件数", 30.0, year, 5.0);
            r.report.as_mut().expect("report").zone_name = Some(zone.to_string());
            r
        };
        let mut records =
            vec![in_zone("a.txt", 2019, "架空の甲特区"), in_zone("b.txt", 2020, "架空の甲特区")];
        records.extend((0..20).map(|i| in_zone(&format!("c{i:02}.txt"), 2020, "架空の甲特区")));
        records.push(in_zone("y.txt", 2019, "架空の乙特区"));
        let heads = records.iter().enumerate().map(|(position, r)| {
            let head: RecordHead =
                serde_json::from_value(serde_json::to_value(r).expect("json")).expect("a head");
            (head, (position as u64, 0))
        });
        let groups = group(heads, &zone_list(&[]));
        let loads = std::cell::Cell::new(0usize);
        let mut since_emit = 0usize;
        let mut most_at_once = 0usize;
        let mut duplicates = 0usize;
        let load = |report: &ReportAt| {
            loads.set(loads.get() + 1);
            Ok(records[report.at.0 as usize].clone())
        };
        let emit = |zone: Panel| {
            let loaded = loads.get() - since_emit;
            since_emit = loads.get();
            most_at_once = most_at_once.max(loaded);
            duplicates +=
                zone.warnings.iter().filter(|w| w.code == "report_year_duplicate").count();
            Ok(())
        };
        zone_panels(groups, load, emit).expect("panel");
        assert_eq!(
            loads.get(),
            3,
            "a.txt, b.txt and y.txt are read; the 20 duplicates of 2020 are not"
        );
        assert_eq!(most_at_once, 2, "a zone holds its own report years only");
        assert_eq!(duplicates, 20);
    }
}
