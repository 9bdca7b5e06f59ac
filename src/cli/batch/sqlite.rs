//! The `--sqlite FILE` output: the batch's records as the tables of
//! `schemas/observations.sql` and its panel as those of `schemas/panel.sql`, built anew
//! in the batch's new generation (published with the other outputs, see `publish`),
//! rows inserted in record order with ids counted from 1, so the same records give the
//! same database bytes. Records are added one at a time ([`DatabaseWriter`]).

use std::path::Path;

use rusqlite::{params, Connection};

use tokku::jp::Quantity;
use tokku::record::Record;

use tokku::jp::zones::Zone;

use super::manifest::error_code_name;
use super::outputs::official_zone_name;
use super::panel::{insert_panel, Panel, PANEL_SCHEMA_SQL};

/// The schema, kept as a file for users to read and reuse.
pub const SCHEMA_SQL: &str =
    include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/schemas/observations.sql"));

/// Why the database could not be written.
#[derive(Debug, thiserror::Error)]
pub enum DatabaseError {
    #[error("{0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// The database being written into a new file (of the new generation), every row
/// inside one transaction, records added one at a time in order (the batch streams them
/// back from where it stored them, so memory holds one record), then the panel a zone
/// at a time; [`DatabaseWriter::finish`] commits and closes it.
pub struct DatabaseWriter {
    connection: Connection,
    ids: RowIds,
}

impl DatabaseWriter {
    /// Starts the database in the new file `path`.
    pub fn create(path: &Path) -> Result<DatabaseWriter, DatabaseError> {
        let connection = Connection::open(path)?;
        connection.execute_batch("PRAGMA foreign_keys = ON;")?;
        connection.execute_batch(SCHEMA_SQL)?;
        connection.execute_batch(PANEL_SCHEMA_SQL)?;
        connection.execute_batch("BEGIN DEFERRED")?;
        Ok(DatabaseWriter { connection, ids: RowIds::default() })
    }

    /// Adds the rows of the next record (the zone's official name looked up in `zones`).
    pub fn add(&mut self, record: &Record, zones: &[Zone]) -> Result<(), DatabaseError> {
        insert_record(&self.connection, record, zones, &mut self.ids)?;
        Ok(())
    }

    /// Adds a zone's part of the panel.
    pub fn add_panel(&mut self, panel: &Panel) -> Result<(), DatabaseError> {
        insert_panel(&self.connection, panel)?;
        Ok(())
    }

    /// Commits and closes the database.
    pub fn finish(self) -> Result<(), DatabaseError> {
        self.connection.execute_batch("COMMIT")?;
        self.connection.close().map_err(|(_, e)| e)?;
        Ok(())
    }
}

/// Counters of the rows inserted so far, which are also the next ids.
#[derive(Default)]
struct RowIds {
    report: i64,
    indicator: i64,
    target: i64,
    observation: i64,
    warning: i64,
    regulatory_measure: i64,
    support_project: i64,
    local_measure: i64,
    section: i64,
}

fn insert_record(
    transaction: &Connection,
    record: &Record,
    zones: &[Zone],
    ids: &mut RowIds,
) -> rusqlite::Result<()> {
    let mut insert_report = transaction.prepare_cached(
        "INSERT INTO reports (report_id, file, sha256, media_type, encoding, pages, producer, title, fiscal_year, zone_kind, zone_name,
                              zone_official_name, authors, designated_on, plan_approved_on, plan_last_approved_on, previous_score,
                              error_code, error_message)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19)",
    )?;
    let mut insert_indicator = transaction.prepare_cached(
        "INSERT INTO indicators (indicator_id, report_id, position, number, name, progress_pct) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut insert_target = transaction.prepare_cached(
        "INSERT INTO targets (target_id, indicator_id, position, key, name, goal_value, goal_unit, goal_text, goal_basis,
                              period_start_fiscal_year, period_end_fiscal_year, baseline_value, baseline_unit, baseline_text, baseline_fiscal_year,
                              current_target_value, current_target_unit, current_target_text, current_actual_value, current_actual_unit,
                              current_actual_text, current_progress_pct, current_contribution_pct)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21, ?22, ?23)",
    )?;
    let mut insert_observation = transaction.prepare_cached(
        "INSERT INTO observations (observation_id, target_id, position, fiscal_year, target_value, target_unit, target_text,
                                   actual_value, actual_unit, actual_text, progress_pct)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
    )?;
    let mut insert_notes = transaction.prepare_cached(
        "INSERT INTO target_notes (target_id, alternative, approach, target_rationale, self_assessment, external_factors)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?;
    let mut insert_warning = transaction.prepare_cached(
        "INSERT INTO warnings (warning_id, report_id, position, code, message, path, page) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    {
        ids.report += 1;
        let report = record.report.clone().unwrap_or_default();
        let authors = if record.report.is_some() {
            serde_json::to_string(&report.authors).ok()
        } else {
            None
        };
        insert_report.execute(params![
            ids.report,
            record.source.file,
            record.source.sha256,
            record.source.media_type,
            record.source.encoding,
            record.source.pages,
            record.source.producer,
            report.title,
            report.fiscal_year,
            report.zone_kind,
            report.zone_name,
            official_zone_name(record, zones),
            authors,
            report.designated_on,
            report.plan_approved_on,
            report.plan_last_approved_on,
            report.previous_score,
            record.error.as_ref().map(|e| error_code_name(e.code)),
            record.error.as_ref().map(|e| e.message.clone()),
        ])?;
        for (indicator_position, indicator) in record.indicators.iter().enumerate() {
            ids.indicator += 1;
            insert_indicator.execute(params![
                ids.indicator,
                ids.report,
                indicator_position,
                indicator.number,
                indicator.name,
                indicator.progress_pct
            ])?;
            for (target_position, target) in indicator.targets.iter().enumerate() {
                ids.target += 1;
                let (goal_value, goal_unit, goal_text) = quantity_columns(target.goal.as_ref());
                let (baseline_value, baseline_unit, baseline_text) =
                    quantity_columns(target.baseline.as_ref().map(|b| &b.value));
                let (current_target_value, current_target_unit, current_target_text) =
                    quantity_columns(target.current.target.as_ref());
                let (current_actual_value, current_actual_unit, current_actual_text) =
                    quantity_columns(target.current.actual.as_ref());
                insert_target.execute(params![
                    ids.target,
                    ids.indicator,
                    target_position,
                    target.key,
                    target.name,
                    goal_value,
                    goal_unit,
                    goal_text,
                    target.goal_basis,
                    target.period.map(|p| p.start_fiscal_year),
                    target.period.map(|p| p.end_fiscal_year),
                    baseline_value,
                    baseline_unit,
                    baseline_text,
                    target.baseline.as_ref().and_then(|b| b.fiscal_year),
                    current_target_value,
                    current_target_unit,
                    current_target_text,
                    current_actual_value,
                    current_actual_unit,
                    current_actual_text,
                    target.current.progress_pct,
                    target.current.contribution_pct,
                ])?;
                if let Some(notes) = &target.notes {
                    insert_notes.execute(params![
                        ids.target,
                        notes.alternative,
                        notes.approach,
                        notes.target_rationale,
                        notes.self_assessment,
                        notes.external_factors
                    ])?;
                }
                for (point_position, point) in target.series.iter().enumerate() {
                    ids.observation += 1;
                    let (target_value, target_unit, target_text) =
                        quantity_columns(point.target.as_ref());
                    let (actual_value, actual_unit, actual_text) =
                        quantity_columns(point.actual.as_ref());
                    insert_observation.execute(params![
                        ids.observation,
                        ids.target,
                        point_position,
                        point.fiscal_year,
                        target_value,
                        target_unit,
                        target_text,
                        actual_value,
                        actual_unit,
                        actual_text,
                        point.progress_pct,
                    ])?;
                }
            }
        }
        for (warning_position, warning) in record.warnings.iter().enumerate() {
            ids.warning += 1;
            insert_warning.execute(params![
                ids.warning,
                ids.report,
                warning_position,
                warning.code,
                warning.message,
                warning.path,
                warning.page
            ])?;
        }
        insert_rest_of_report(transaction, record, ids.report, ids)?;
    }
    Ok(())
}

/// The rows of the issue 13 additions: 別紙2/section 4, section 5, 別紙3 and the sections
/// (with their full-text index).
fn insert_rest_of_report(
    transaction: &Connection,
    record: &Record,
    report_id: i64,
    ids: &mut RowIds,
) -> rusqlite::Result<()> {
    let json = |keys: &[String]| serde_json::to_string(keys).unwrap_or_else(|_| "[]".to_string());
    let mut insert_measure = transaction.prepare_cached(
        "INSERT INTO regulatory_measures (regulatory_measure_id, report_id, position, category, name, related_targets, used, ministry_evaluation, note, page)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (position, measure) in record.regulatory_measures.iter().enumerate() {
        ids.regulatory_measure += 1;
        insert_measure.execute(params![
            ids.regulatory_measure,
            report_id,
            position,
            measure.category.name(),
            measure.name,
            json(&measure.related_targets),
            measure.used,
            measure.ministry_evaluation,
            measure.note,
            measure.page
        ])?;
    }
    if let Some(support) = &record.support {
        let mut insert_count = transaction.prepare_cached(
            "INSERT INTO support_counts (report_id, kind, count) VALUES (?1, ?2, ?3)",
        )?;
        let mut insert_project = transaction.prepare_cached(
            "INSERT INTO support_projects (support_project_id, report_id, kind, position, number, name, funding) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        )?;
        for (kind, part) in [
            ("fiscal", &support.fiscal),
            ("tax", &support.tax),
            ("interest_subsidy", &support.interest_subsidy),
        ] {
            insert_count.execute(params![report_id, kind, part.count])?;
            for (position, project) in part.projects.iter().enumerate() {
                ids.support_project += 1;
                insert_project.execute(params![
                    ids.support_project,
                    report_id,
                    kind,
                    position,
                    project.number,
                    project.name,
                    project.funding
                ])?;
            }
        }
    }
    let mut insert_local = transaction.prepare_cached(
        "INSERT INTO local_measures (local_measure_id, report_id, position, category, name, summary, related_targets, result, authority, page)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
    )?;
    for (position, measure) in record.local_measures.iter().enumerate() {
        ids.local_measure += 1;
        insert_local.execute(params![
            ids.local_measure,
            report_id,
            position,
            measure.category.name(),
            measure.name,
            measure.summary,
            json(&measure.related_targets),
            measure.result,
            measure.authority,
            measure.page
        ])?;
    }
    let mut insert_section = transaction.prepare_cached(
        "INSERT INTO sections (section_id, report_id, position, number, title, text, page) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    let mut insert_fts = transaction.prepare_cached(
        "INSERT INTO sections_fts (section_id, report_id, number, title, text) VALUES (?1, ?2, ?3, ?4, ?5)",
    )?;
    let mut insert_terms = transaction.prepare_cached(
        "INSERT INTO sections_terms (section_id, report_id, terms) VALUES (?1, ?2, ?3)",
    )?;
    for (position, section) in record.sections.iter().enumerate() {
        ids.section += 1;
        insert_section.execute(params![
            ids.section,
            report_id,
            position,
            section.number,
            section.title,
            section.text,
            section.page
        ])?;
        insert_fts.execute(params![
            ids.section,
            report_id,
            section.number,
            section.title,
            section.text
        ])?;
        let terms = search_terms(&format!("{}\n{}", section.title, section.text));
        insert_terms.execute(params![ids.section, report_id, terms])?;
    }
    Ok(())
}

/// The indexed terms of a text for `sections_terms` (words of one or two characters): for each run of Japanese (non-ASCII
/// letters and digits) its overlapping character pairs in order, then its single
/// characters; each run of Latin letters and digits as one word; separated by spaces.
/// `国際共同治験` → `国際 際共 共同 同治 治験 国 際 共 同 治 験`.
pub fn search_terms(text: &str) -> String {
    let mut terms: Vec<String> = Vec::new();
    let mut run: Vec<char> = Vec::new();
    let mut word = String::new();
    let flush_run = |run: &mut Vec<char>, terms: &mut Vec<String>| {
        if run.len() > 1 {
            terms.extend(run.windows(2).map(|w| w.iter().collect::<String>()));
        }
        terms.extend(run.iter().map(|c| c.to_string()));
        run.clear();
    };
    for c in text.chars() {
        if c.is_alphanumeric() && !c.is_ascii() {
            if !word.is_empty() {
                terms.push(std::mem::take(&mut word));
            }
            run.push(c);
        } else if c.is_ascii_alphanumeric() {
            flush_run(&mut run, &mut terms);
            word.push(c);
        } else {
            flush_run(&mut run, &mut terms);
            if !word.is_empty() {
                terms.push(std::mem::take(&mut word));
            }
        }
    }
    flush_run(&mut run, &mut terms);
    if !word.is_empty() {
        terms.push(word);
    }
    terms.join(" ")
}

fn quantity_columns(quantity: Option<&Quantity>) -> (Option<f64>, Option<String>, Option<String>) {
    match quantity {
        Some(q) => (Some(q.value), Some(q.unit.clone()), Some(q.text.clone())),
        None => (None, None, None),
    }
}

#[cfg(test)]
mod tests {
    use super::search_terms;

    #[test]
    fn japanese_runs_become_pairs_then_characters_and_latin_words_stay() {
        assert_eq!(search_terms("国際共同治験"), "国際 際共 共同 同治 治験 国 際 共 同 治 験");
        assert_eq!(search_terms("PMDAによる治験"), "PMDA によ よる る治 治験 に よ る 治 験");
        assert_eq!(search_terms("治"), "治");
    }
}
