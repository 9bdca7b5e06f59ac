//! Writing the panel: its rows and restatements as table rows of typed cells (written
//! by the batch's one CSV writer and workbook, see `outputs`), its warnings as NDJSON
//! lines, its SQLite tables (schemas/panel.sql), and reading them back for `history`.

use std::collections::HashMap;
use std::path::Path;

use rusqlite::types::{Value as SqlValue, ValueRef};
use rusqlite::Connection;
use serde::Serialize;
use serde_json::Value as Json;

pub use tokku::tables::panel::{panel_rows, restatement_rows};
use tokku::tables::panel::{Panel, PanelRow};
use tokku::tables::{PANEL_COLUMNS, RESTATEMENT_COLUMNS};

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

/// Inserts a part of the panel into the tables of [`PANEL_SCHEMA_SQL`], a row per
/// [`PanelRow`] and per restatement, each field into the column of its name.
pub fn insert_panel(connection: &Connection, panel: &Panel) -> rusqlite::Result<()> {
    insert_rows(connection, "panel", &PANEL_COLUMNS, &panel.rows)?;
    insert_rows(connection, "restatements", &RESTATEMENT_COLUMNS, &panel.restatements)
}

/// Inserts `rows` into `table`: each row's serialized field named by a column, as the
/// SQL value of its JSON value (text, a whole number as INTEGER and a decimal one as
/// REAL as Rust typed it, `true`/`false` as 1/0, a missing value as NULL).
fn insert_rows<T: Serialize>(
    connection: &Connection,
    table: &str,
    columns: &[&str],
    rows: &[T],
) -> rusqlite::Result<()> {
    let placeholders: Vec<String> = (1..=columns.len()).map(|n| format!("?{n}")).collect();
    let mut insert = connection.prepare_cached(&format!(
        "INSERT INTO {table} ({}) VALUES ({})",
        columns.join(", "),
        placeholders.join(", ")
    ))?;
    for row in rows {
        let fields = serde_json::to_value(row)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let values = columns.iter().map(|column| match &fields[*column] {
            Json::String(text) => SqlValue::Text(text.clone()),
            Json::Bool(flag) => SqlValue::Integer(i64::from(*flag)),
            Json::Number(n) if n.is_f64() => n.as_f64().map_or(SqlValue::Null, SqlValue::Real),
            Json::Number(n) => n.as_i64().map_or(SqlValue::Null, SqlValue::Integer),
            _ => SqlValue::Null,
        });
        insert.execute(rusqlite::params_from_iter(values))?;
    }
    Ok(())
}

/// Reads the table `panel` of a database written by a batch: each row's values as the
/// text the CSV holds (NULL as an empty cell), read as `panel.csv`'s rows are.
pub fn rows_from_sqlite(database: &Path) -> Result<Vec<PanelRow>, String> {
    let read = || -> rusqlite::Result<Vec<HashMap<String, String>>> {
        let connection =
            Connection::open_with_flags(database, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
        let mut select = connection
            .prepare(&format!("SELECT {} FROM panel ORDER BY rowid", PANEL_COLUMNS.join(", ")))?;
        let rows = select.query_map([], |r| {
            (0..PANEL_COLUMNS.len())
                .map(|i| {
                    let text = match r.get_ref(i)? {
                        ValueRef::Null => String::new(),
                        ValueRef::Integer(n) => n.to_string(),
                        ValueRef::Real(x) => x.to_string(),
                        ValueRef::Text(t) | ValueRef::Blob(t) => {
                            String::from_utf8_lossy(t).into_owned()
                        }
                    };
                    Ok((PANEL_COLUMNS[i].to_string(), text))
                })
                .collect()
        })?;
        rows.collect()
    };
    let rows = read().map_err(|e| e.to_string())?;
    rows.iter().map(|row| panel_row_of(row, &database.display().to_string())).collect()
}

/// The records of a CSV written by the batch (its BOM, if any, left out), by column name.
fn csv_records(path: &Path) -> Result<Vec<HashMap<String, String>>, String> {
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
    csv_records(path)?.iter().map(|row| panel_row_of(row, &path.display().to_string())).collect()
}

/// A panel row from its cells by column name, as `panel.csv` and the `panel` table hold
/// them (`source` names the file in the error of a row without zone or fiscal year).
fn panel_row_of(row: &HashMap<String, String>, source: &str) -> Result<PanelRow, String> {
    let bad = |what: &str| format!("{source}: a row without {what}");
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
