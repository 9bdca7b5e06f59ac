//! The panel's files: `panel.csv`, `restatements.csv`, `panel_warnings.ndjson` and the
//! SQLite tables `panel` and `restatements`, rebuilt from `records.ndjson` after every
//! batch a zone at a time. The panel itself (zones, linked targets, restatements) is
//! the library's [`tokku::tables::panel`], shared with the Python package.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{BufRead, BufReader, BufWriter, Write};
use std::os::unix::fs::FileExt;
use std::path::Path;

use rusqlite::{params, Connection};

use tokku::jp::zones::Zone;
use tokku::tables::panel::{add_to_group, csv_line, zone_list, zone_panels, RecordHead, ReportAt};
pub use tokku::tables::panel::{
    build, read_extra_zones, records_from_ndjson, Panel, PanelRow, PANEL_COLUMNS,
    RESTATEMENT_COLUMNS,
};

use super::outputs::temporary_path;

pub const PANEL_FILE: &str = "panel.csv";
pub const RESTATEMENTS_FILE: &str = "restatements.csv";
pub const PANEL_WARNINGS_FILE: &str = "panel_warnings.ndjson";

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

/// The tables `panel` and `restatements` being written into an existing database
/// (replacing them), a zone at a time, inside one transaction.
struct PanelDatabase {
    connection: Connection,
}

impl PanelDatabase {
    fn open(database: &Path) -> rusqlite::Result<PanelDatabase> {
        let connection = Connection::open(database)?;
        connection.execute_batch(
            "BEGIN DEFERRED;
             DROP TABLE IF EXISTS panel;
             DROP TABLE IF EXISTS restatements;
             CREATE TABLE panel (zone TEXT NOT NULL, zone_official_name TEXT, target_key TEXT NOT NULL, target_name TEXT NOT NULL,
                 fiscal_year INTEGER NOT NULL, unit TEXT, target REAL, target_report_year INTEGER, actual REAL, actual_report_year INTEGER,
                 progress_pct REAL, progress_report_year INTEGER, restated INTEGER NOT NULL);
             CREATE TABLE restatements (zone TEXT NOT NULL, target_key TEXT NOT NULL, target_name TEXT NOT NULL, fiscal_year INTEGER NOT NULL,
                 field TEXT NOT NULL, unit TEXT, value REAL NOT NULL, report_year INTEGER NOT NULL, file TEXT NOT NULL,
                 latest_value REAL NOT NULL, latest_report_year INTEGER NOT NULL, latest_file TEXT NOT NULL);",
        )?;
        Ok(PanelDatabase { connection })
    }

    /// Inserts a zone's rows and restatements.
    fn add(&self, panel: &Panel) -> rusqlite::Result<()> {
        let mut insert = self.connection.prepare_cached(
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
        let mut insert = self.connection.prepare_cached(
            "INSERT INTO restatements VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
        )?;
        for r in &panel.restatements {
            insert.execute(params![
                r.zone,
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

    fn finish(self) -> rusqlite::Result<()> {
        self.connection.execute_batch("COMMIT")?;
        self.connection.close().map_err(|(_, e)| e)
    }
}

/// A file written beside its path and renamed over it once complete.
struct Replacement {
    path: std::path::PathBuf,
    temporary: std::path::PathBuf,
    writer: BufWriter<File>,
}

impl Replacement {
    fn create(path: std::path::PathBuf, first: &str) -> Result<Replacement, String> {
        let temporary = temporary_path(&path);
        let file = File::create(&temporary)
            .map_err(|e| format!("cannot write {}: {e}", path.display()))?;
        let mut replacement = Replacement { path, temporary, writer: BufWriter::new(file) };
        replacement.write(first)?;
        Ok(replacement)
    }

    fn write(&mut self, text: &str) -> Result<(), String> {
        self.writer
            .write_all(text.as_bytes())
            .map_err(|e| format!("cannot write {}: {e}", self.path.display()))
    }

    fn finish(self) -> Result<(), String> {
        let failed = |e: std::io::Error| format!("cannot write {}: {e}", self.path.display());
        let file = self.writer.into_inner().map_err(|e| failed(e.into_error()))?;
        file.sync_all().map_err(failed)?;
        drop(file);
        std::fs::rename(&self.temporary, &self.path).map_err(failed)
    }
}

/// Rebuilds the panel from `out/records.ndjson` and writes its files (and the SQLite
/// tables) a zone at a time: a first pass reads each record's file name, report year
/// and zone name (with where its line is), a second reads each zone's records again
/// from the file. Memory holds the zones' report lists and one zone's records.
pub fn write_outputs(
    out: &Path,
    sqlite: Option<&Path>,
    extra_zones: &[Zone],
) -> Result<(), String> {
    let records_path = out.join(super::outputs::RECORDS_FILE);
    let cannot_read = |e: std::io::Error| format!("cannot read {}: {e}", records_path.display());
    let records = File::open(&records_path).map_err(cannot_read)?;
    let zones = zone_list(extra_zones);
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
            add_to_group(&mut groups, head, (offset, content.len()), &zones);
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
    let mut panel_csv =
        Replacement::create(out.join(PANEL_FILE), &csv_line(&PANEL_COLUMNS.map(String::from)))?;
    let mut restatements_csv = Replacement::create(
        out.join(RESTATEMENTS_FILE),
        &csv_line(&RESTATEMENT_COLUMNS.map(String::from)),
    )?;
    let mut warnings = Replacement::create(out.join(PANEL_WARNINGS_FILE), "")?;
    let cannot_write_database = |e: rusqlite::Error| {
        format!(
            "cannot write the panel into {}: {e}",
            sqlite.map(|d| d.display().to_string()).unwrap_or_default()
        )
    };
    let database = sqlite.map(PanelDatabase::open).transpose().map_err(cannot_write_database)?;
    let emit = |zone: Panel| {
        panel_csv.write(&zone.panel_lines())?;
        restatements_csv.write(&zone.restatement_lines())?;
        warnings.write(&zone.warning_lines())?;
        if let Some(database) = &database {
            database.add(&zone).map_err(cannot_write_database)?;
        }
        Ok(())
    };
    zone_panels(groups, load, emit)?;
    panel_csv.finish()?;
    restatements_csv.finish()?;
    warnings.finish()?;
    if let Some(database) = database {
        database.finish().map_err(cannot_write_database)?;
    }
    Ok(())
}
