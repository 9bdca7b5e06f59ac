//! `tokku history DIR_OR_DB --zone NAME`: one zone's targets as a fiscal year × value
//! table on the terminal, for a person to look at: the latest value of each field (the
//! panel's, see `panel`), marked `*` where an earlier report gave another value.

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
}

/// (zone, target key, target name, fiscal year, field) of every restated value.
type RestatedCells = BTreeSet<(String, String, String, i32, String)>;

fn load(args: &HistoryArgs) -> Result<(Vec<PanelRow>, RestatedCells), String> {
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

/// Display width: East Asian characters count 2.
fn width(text: &str) -> usize {
    text.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum()
}

fn pad(text: &str, to: usize) -> String {
    format!("{}{text}", " ".repeat(to.saturating_sub(width(text))))
}

/// The table of one zone's rows (rows of other zones are left out by the caller).
pub fn render(zone_rows: &[&PanelRow], restated: &RestatedCells) -> String {
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
        let unit =
            rows.iter().find_map(|r| r.unit.clone()).map(|u| format!(" ({u})")).unwrap_or_default();
        out.push_str(&format!("\n数値目標 {key} {name}{unit}\n"));
        let cell = |row: &PanelRow, field: &str, value: Option<f64>| -> String {
            let text =
                value.map(crate::cli::batch::outputs::number_text).unwrap_or_else(|| "·".into());
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
        let line = |head: &str, cells: &[String]| {
            format!(
                "  {} |{}\n",
                pad(head, 6),
                cells
                    .iter()
                    .zip(&widths)
                    .map(|(c, w)| format!(" {} |", pad(c, *w)))
                    .collect::<String>()
            )
        };
        out.push_str(&line("", &years));
        for (label, cells) in &lines {
            out.push_str(&line(label, cells));
        }
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
    let mut text = String::new();
    for (k, zone) in zones.iter().enumerate() {
        if k > 0 {
            text.push('\n');
        }
        let zone_rows: Vec<&PanelRow> = rows.iter().filter(|r| r.zone == *zone).collect();
        text.push_str(&render(&zone_rows, &restated));
    }
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
    ExitCode::SUCCESS
}
