//! Writing the panel: its rows and restatements as table rows of typed cells (written
//! by the batch's one CSV writer and workbook, see `outputs`), its warnings as NDJSON
//! lines, its SQLite tables (schemas/panel.sql), and reading them back for `history`.

use std::path::Path;

use rusqlite::{params, Connection};

pub use tokku::tables::panel::{panel_rows, restatement_rows};
use tokku::tables::panel::{Panel, PanelRow};
use tokku::tables::PANEL_COLUMNS;

/// The tables `panel` and `restatements`, kept as a file for users to read and reuse.
pub const PANEL_SCHEMA_SQL: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/panel.sql"));

/// Lines of `panel_warnings.ndjson`.
pub fn warning_lines(panel: &Panel) -> String {
    panel
        .warnings
        .iter()
        .filter_map(|w| serde_json::to_string(w).ok())
        .map(|line| format!("{line}\n"))
        .collect()
}

/// Inserts a part of the panel into the tables of [`PANEL_SCHEMA_SQL`].
pub fn insert_panel(connection: &Connection, panel: &Panel) -> rusqlite::Result<()> {
    let mut insert = connection.prepare_cached(
        "INSERT INTO panel VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for r in &panel.rows {
        insert.execute(params![
            r.zone,
            r.zone_official_name,
            r.target_key,
            r.target_name,
            r.fiscal_year,
            r.unit,
            r.target,
            r.target_report_year,
            r.actual,
            r.actual_report_year,
            r.progress_pct,
            r.progress_report_year,
            r.restated
        ])?;
    }
    let mut insert = connection.prepare_cached(
        "INSERT INTO restatements VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    )?;
    for r in &panel.restatements {
        insert.execute(params![
            r.zone,
            r.zone_official_name,
            r.target_key,
            r.target_name,
            r.fiscal_year,
            r.field,
            r.unit,
            r.value,
            r.report_year,
            r.file,
            r.latest_value,
            r.latest_report_year,
            r.latest_file
        ])?;
    }
    Ok(())
}

/// Reads the table `panel` of a database written by a batch.
pub fn rows_from_sqlite(database: &Path) -> rusqlite::Result<Vec<PanelRow>> {
    let connection =
        Connection::open_with_flags(database, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut select = connection
        .prepare(&format!("SELECT {} FROM panel ORDER BY rowid", PANEL_COLUMNS.join(", ")))?;
    let rows = select.query_map([], |r| {
        Ok(PanelRow {
            zone: r.get(0)?,
            zone_official_name: r.get(1)?,
            target_key: r.get(2)?,
            target_name: r.get(3)?,
            fiscal_year: r.get(4)?,
            unit: r.get(5)?,
            target: r.get(6)?,
            target_report_year: r.get(7)?,
            actual: r.get(8)?,
            actual_report_year: r.get(9)?,
            progress_pct: r.get(10)?,
            progress_report_year: r.get(11)?,
            restated: r.get(12)?,
        })
    })?;
    rows.collect()
}

/// The records of a CSV written by the batch (its BOM, if any, left out), by column name.
fn csv_records(path: &Path) -> Result<Vec<std::collections::HashMap<String, String>>, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let bytes = bytes.strip_prefix(crate::cli::batch::outputs::UTF8_BOM).unwrap_or(&bytes);
    let mut reader = csv::Reader::from_reader(bytes);
    let header = reader.headers().map_err(|e| format!("{}: {e}", path.display()))?.clone();
    reader
        .records()
        .map(|record| {
            let record = record.map_err(|e| format!("{}: {e}", path.display()))?;
            Ok(header.iter().map(String::from).zip(record.iter().map(String::from)).collect())
        })
        .collect()
}

fn parsed<T: std::str::FromStr>(text: Option<&String>) -> Option<T> {
    text.filter(|t| !t.is_empty()).and_then(|t| t.parse().ok())
}

/// Reads `panel.csv` as the batch wrote it (with the zone names of the batch's zone list).
pub fn read_panel_csv(path: &Path) -> Result<Vec<PanelRow>, String> {
    let bad = |what: &str| format!("{}: a row without {what}", path.display());
    csv_records(path)?
        .into_iter()
        .map(|row| {
            let text = |name: &str| row.get(name).cloned().filter(|t| !t.is_empty());
            Ok(PanelRow {
                zone: text("zone").ok_or_else(|| bad("zone"))?,
                zone_official_name: text("zone_official_name"),
                target_key: text("target_key").unwrap_or_default(),
                target_name: text("target_name").unwrap_or_default(),
                fiscal_year: parsed(row.get("fiscal_year")).ok_or_else(|| bad("fiscal_year"))?,
                unit: text("unit"),
                target: parsed(row.get("target")),
                target_report_year: parsed(row.get("target_report_year")),
                actual: parsed(row.get("actual")),
                actual_report_year: parsed(row.get("actual_report_year")),
                progress_pct: parsed(row.get("progress_pct")),
                progress_report_year: parsed(row.get("progress_report_year")),
                restated: row.get("restated").is_some_and(|r| r == "1"),
            })
        })
        .collect()
}

/// A restated value's place: (zone, target key, target name, fiscal year, field).
pub type RestatedCell = (String, String, String, i32, String);

/// Reads `restatements.csv`: the place of each restated value.
pub fn read_restatements_csv(path: &Path) -> Result<Vec<RestatedCell>, String> {
    Ok(csv_records(path)?
        .into_iter()
        .filter_map(|row| {
            Some((
                row.get("zone")?.clone(),
                row.get("target_key")?.clone(),
                row.get("target_name")?.clone(),
                parsed(row.get("fiscal_year"))?,
                row.get("field")?.clone(),
            ))
        })
        .collect())
}
