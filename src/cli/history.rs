//! `tokku history DIR_OR_DB --zone NAME`: one zone's targets as a fiscal year × value
//! table on the terminal, for a person to look at: the latest value of each field (the
//! panel's, see `panel`), marked `*` where an earlier report gave another value, numbers
//! with thousands separators, columns aligned by display width. From a batch's folder
//! it reads the batch's own panel (so the zones are named by the zone list the batch was
//! given); from a records.ndjson it makes the panel (with `--zones` if given); from a
//! database it reads the panel tables.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use rusqlite::Connection;

use tokku::jp::zones::comparable_name;

use crate::cli::batch::panel::{self, PanelRow};

/// The `history` subcommand's arguments.
#[derive(clap::Args, Debug)]
pub struct HistoryArgs {
    /// A batch output folder (its records.ndjson), a records.ndjson file, or a batch's SQLite database.
    pub source: PathBuf,
    /// The zone: its official name or the name its reports use (a part of it is enough).
    #[arg(long)]
    pub zone: String,
    /// A zone list of your own (the format of data/zones.json), searched before the official one.
    #[arg(long, value_name = "FILE")]
    pub zones: Option<PathBuf>,
    /// `base`: values in the records' base units (円, 人 …); `report`: in the unit the
    /// reports wrote them (億円, 百万円 …) where that is a multiple of the base unit.
    #[arg(long, value_enum, default_value = "base")]
    pub units: Units,
}

/// The units `history` prints values in.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Units {
    Base,
    Report,
}

/// Units a report writes money and counts in, with the base unit of the records and
/// their size in it (longest first where one ends another: 百万円 before 万円).
const REPORT_UNITS: [(&str, &str, f64); 8] = [
    ("兆円", "円", 1e12),
    ("億円", "円", 1e8),
    ("百万円", "円", 1e6),
    ("千万円", "円", 1e7),
    ("万円", "円", 1e4),
    ("千円", "円", 1e3),
    ("万人", "人", 1e4),
    ("千人", "人", 1e3),
];

/// The unit a report wrote a value in (`115億円`, base unit 円 → 億円 and its size), when
/// it is a multiple of the base unit.
pub fn report_unit(base_unit: &str, report_text: &str) -> Option<(&'static str, f64)> {
    REPORT_UNITS
        .iter()
        .find(|(name, base, _)| *base == base_unit && report_text.ends_with(name))
        .map(|(name, _, size)| (*name, *size))
}

/// Each target's unit as its reports wrote it, by (zone, target key): the zone's official
/// name, else its name as written (compared without spaces).
type ReportUnits = std::collections::HashMap<(String, String), (&'static str, f64)>;

fn zone_key(official: Option<&str>, name: &str) -> String {
    official.map(str::to_string).unwrap_or_else(|| comparable_name(name))
}

/// The report units of the records of `source` (a batch folder, its records.ndjson or its
/// database).
fn report_units(args: &HistoryArgs) -> Result<ReportUnits, String> {
    let mut units = ReportUnits::new();
    let records_file = if args.source.is_dir() {
        Some(args.source.join("records.ndjson"))
    } else if args.source.extension().is_some_and(|e| e == "ndjson") {
        Some(args.source.clone())
    } else {
        None
    };
    if let Some(path) = records_file {
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let extra = match &args.zones {
            Some(file) => panel::read_extra_zones(file)?,
            None => Vec::new(),
        };
        let zones = panel::zone_list(&extra);
        for record in panel::records_from_ndjson(&text) {
            let Some(name) = record.report.as_ref().and_then(|r| r.zone_name.clone()) else {
                continue;
            };
            let official = crate::cli::batch::outputs::official_zone_name(&record, &zones);
            let zone = zone_key(official.as_deref(), &name);
            for target in record.indicators.iter().flat_map(|i| &i.targets) {
                let quantities = target.series.iter().flat_map(|p| [&p.target, &p.actual]);
                for q in quantities.flatten() {
                    if let Some(unit) = report_unit(&q.unit, &q.text) {
                        units.insert((zone.clone(), target.key.clone()), unit);
                    }
                }
            }
        }
        return Ok(units);
    }
    let connection =
        Connection::open_with_flags(&args.source, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)
            .map_err(|e| format!("{}: {e}", args.source.display()))?;
    let mut select = connection
        .prepare(
            "SELECT r.zone_official_name, r.zone_name, t.key, o.target_unit, o.target_text, o.actual_unit, o.actual_text
             FROM observations o JOIN targets t ON t.target_id = o.target_id
             JOIN indicators i ON i.indicator_id = t.indicator_id JOIN reports r ON r.report_id = i.report_id
             ORDER BY o.observation_id",
        )
        .map_err(|e| format!("{}: {e}", args.source.display()))?;
    type Row = (Option<String>, Option<String>, String, [Option<String>; 4]);
    let rows = select
        .query_map([], |r| -> rusqlite::Result<Row> {
            Ok((r.get(0)?, r.get(1)?, r.get(2)?, [r.get(3)?, r.get(4)?, r.get(5)?, r.get(6)?]))
        })
        .and_then(|rows| rows.collect::<rusqlite::Result<Vec<Row>>>())
        .map_err(|e| format!("{}: {e}", args.source.display()))?;
    for (official, name, key, [target_unit, target_text, actual_unit, actual_text]) in rows {
        let zone = zone_key(official.as_deref(), name.as_deref().unwrap_or_default());
        for (unit, text) in [(target_unit, target_text), (actual_unit, actual_text)] {
            if let (Some(unit), Some(text)) = (unit, text) {
                if let Some(found) = report_unit(&unit, &text) {
                    units.insert((zone.clone(), key.clone()), found);
                }
            }
        }
    }
    Ok(units)
}

/// (zone, target key, target name, fiscal year, field) of every restated value.
type RestatedCells = BTreeSet<panel::RestatedCell>;

fn load(args: &HistoryArgs) -> Result<(Vec<PanelRow>, RestatedCells), String> {
    // A batch's folder: its own panel, made with the zone list the batch was given.
    let panel_file = args.source.join(crate::cli::batch::outputs::PANEL_FILE);
    if args.source.is_dir() && args.zones.is_none() && panel_file.is_file() {
        let rows = panel::read_panel_csv(&panel_file)?;
        let restatements = args.source.join(crate::cli::batch::outputs::RESTATEMENTS_FILE);
        let cells = panel::read_restatements_csv(&restatements)?.into_iter().collect();
        return Ok((rows, cells));
    }
    let records_file =
        if args.source.is_dir() { Some(args.source.join("records.ndjson")) } else { None };
    let is_ndjson = args.source.extension().is_some_and(|e| e == "ndjson");
    if records_file.is_some() || is_ndjson {
        let path = records_file.unwrap_or_else(|| args.source.clone());
        let text = std::fs::read_to_string(&path)
            .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
        let extra = match &args.zones {
            Some(file) => panel::read_extra_zones(file)?,
            None => Vec::new(),
        };
        let built = panel::build(&panel::records_from_ndjson(&text), &extra);
        let cells = built
            .restatements
            .iter()
            .map(|r| {
                (
                    r.zone.clone(),
                    r.target_key.clone(),
                    r.target_name.clone(),
                    r.fiscal_year,
                    r.field.clone(),
                )
            })
            .collect();
        return Ok((built.rows, cells));
    }
    let rows = panel::rows_from_sqlite(&args.source).map_err(|e| {
        format!("{}: not a batch database with a panel table: {e}", args.source.display())
    })?;
    Ok((
        rows,
        restated_cells_from_sqlite(&args.source)
            .map_err(|e| format!("{}: {e}", args.source.display()))?,
    ))
}

fn restated_cells_from_sqlite(database: &Path) -> rusqlite::Result<RestatedCells> {
    let connection =
        Connection::open_with_flags(database, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut select = connection
        .prepare("SELECT zone, target_key, target_name, fiscal_year, field FROM restatements")?;
    let cells =
        select.query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))?;
    cells.collect()
}

use crate::cli::text::{display_width as width, grid, thousands};

/// The table of one zone's rows (rows of other zones are left out by the caller).
pub fn render(zone_rows: &[&PanelRow], restated: &RestatedCells, units: &ReportUnits) -> String {
    let mut out = String::new();
    let Some(first) = zone_rows.first() else { return out };
    out.push_str(&first.zone);
    if first.zone_official_name.is_none() {
        out.push_str(" (not in the zone list)");
    }
    out.push('\n');
    let mut targets: Vec<(&str, &str)> = Vec::new();
    for row in zone_rows {
        if !targets.contains(&(row.target_key.as_str(), row.target_name.as_str())) {
            targets.push((&row.target_key, &row.target_name));
        }
    }
    let mut any_mark = false;
    for (key, name) in targets {
        let rows: Vec<&&PanelRow> =
            zone_rows.iter().filter(|r| r.target_key == key && r.target_name == name).collect();
        let zone = zone_key(first.zone_official_name.as_deref(), &first.zone);
        let in_report_unit = units.get(&(zone, key.to_string())).copied();
        let unit = match in_report_unit {
            Some((name, _)) => format!(" ({name})"),
            None => rows
                .iter()
                .find_map(|r| r.unit.clone())
                .map(|u| format!(" ({u})"))
                .unwrap_or_default(),
        };
        out.push_str(&format!("\n数値目標 {key} {name}{unit}\n"));
        let cell = |row: &PanelRow, field: &str, value: Option<f64>| -> String {
            // Progress stays in %; target and actual in the report's unit when asked.
            let size = in_report_unit.filter(|_| field != "progress_pct").map_or(1.0, |(_, s)| s);
            let shown = |v: f64| ((v / size) * 1e6).round() / 1e6;
            let text = value
                .map(|v| thousands(&crate::cli::batch::outputs::number_text(shown(v))))
                .unwrap_or_else(|| "·".into());
            let mark = restated.contains(&(
                row.zone.clone(),
                row.target_key.clone(),
                row.target_name.clone(),
                row.fiscal_year,
                field.to_string(),
            ));
            if mark {
                format!("{text}*")
            } else {
                text
            }
        };
        let lines: [(&str, Vec<String>); 3] = [
            ("目標値", rows.iter().map(|r| cell(r, "target", r.target)).collect()),
            ("実績値", rows.iter().map(|r| cell(r, "actual", r.actual)).collect()),
            ("進捗度", rows.iter().map(|r| cell(r, "progress_pct", r.progress_pct)).collect()),
        ];
        any_mark |= lines.iter().any(|(_, cells)| cells.iter().any(|c| c.ends_with('*')));
        let years: Vec<String> = rows.iter().map(|r| format!("{}年度", r.fiscal_year)).collect();
        let widths: Vec<usize> = (0..rows.len())
            .map(|k| {
                lines.iter().map(|(_, c)| width(&c[k])).max().unwrap_or(1).max(width(&years[k]))
            })
            .collect();
        out.push_str(&grid(&years, &lines, &widths));
    }
    if any_mark {
        out.push_str("\n* restated: an earlier report gave another value (the latest report's is shown; restatements.csv lists both)\n");
    }
    out
}

/// Runs `tokku history`: 0 when the zone was found, 1 when not, 2 for an unreadable source.
pub fn run(args: &HistoryArgs) -> ExitCode {
    let (rows, restated) = match load(args) {
        Ok(loaded) => loaded,
        Err(message) => {
            eprintln!("tokku history: {message}");
            return ExitCode::from(2);
        }
    };
    let wanted = comparable_name(&args.zone);
    let matches = |row: &PanelRow| {
        let names = [Some(row.zone.as_str()), row.zone_official_name.as_deref()];
        !wanted.is_empty() && names.iter().flatten().any(|n| comparable_name(n).contains(&wanted))
    };
    let mut zones: Vec<&str> =
        rows.iter().filter(|r| matches(r)).map(|r| r.zone.as_str()).collect();
    zones.dedup();
    if zones.is_empty() {
        let mut known: Vec<&str> = rows.iter().map(|r| r.zone.as_str()).collect();
        known.dedup();
        eprintln!(
            "tokku history: no zone matches {:?}; the zones are: {}",
            args.zone,
            known.join(", ")
        );
        return ExitCode::from(1);
    }
    let units = match args.units {
        Units::Base => ReportUnits::new(),
        Units::Report => match report_units(args) {
            Ok(units) => units,
            Err(message) => {
                eprintln!("tokku history: {message}");
                return ExitCode::from(2);
            }
        },
    };
    let mut text = String::new();
    for (k, zone) in zones.iter().enumerate() {
        if k > 0 {
            text.push('\n');
        }
        let zone_rows: Vec<&PanelRow> = rows.iter().filter(|r| r.zone == *zone).collect();
        text.push_str(&render(&zone_rows, &restated, &units));
    }
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::SUCCESS
}

#[cfg(test)]
mod tests {
    use super::report_unit;

    #[test]
    fn the_report_unit_is_the_multiple_its_text_ends_with() {
        assert_eq!(report_unit("円", "115億円"), Some(("億円", 1e8)));
        assert_eq!(report_unit("円", "3百万円"), Some(("百万円", 1e6)));
        assert_eq!(report_unit("円", "5万円"), Some(("万円", 1e4)));
        assert_eq!(report_unit("人", "508,000人"), None);
        assert_eq!(report_unit("人", "115億円"), None, "another base unit");
    }
}
