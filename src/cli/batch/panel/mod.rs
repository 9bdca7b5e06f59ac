//! The panel: one zone across its report years, made from a batch's records
//! (the library's `tokku::tables::panel`: zones, targets linked across reports,
//! restatements) and written with the
//! batch's other outputs into the same published set (`writing`: `panel.csv`,
//! `restatements.csv`, `panel_warnings.ndjson`, the workbook's sheets and the SQLite
//! tables `panel` and `restatements` of schemas/panel.sql).

mod writing;

pub use tokku::tables::panel::{
    build, panel_of_records_file, read_extra_zones, records_from_ndjson, zone_list, Panel,
    PanelRow, PanelWarning,
};
pub use writing::{insert_panel, panel_rows, restatement_rows, rows_from_sqlite, warning_lines};
pub use writing::{read_panel_csv, read_restatements_csv, RestatedCell, PANEL_SCHEMA_SQL};
