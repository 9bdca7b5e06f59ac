//! Reading reports into records: the report-model corpus and its coverage rule, the
//! golden records, 別紙1 layouts and strategies, fiscal years by column, wording
//! variants, the rest of the report (sections 4–7, 別紙2, 別紙3) and missing fields.
//! One test binary: each file below is a module of it.

#[path = "../common/mod.rs"]
mod common;

mod annex1_layouts;
mod annex1_strategies;
mod corpus;
mod coverage_props;
mod fiscal_year_columns;
mod golden;
mod missing_fields;
mod rest_of_report;
mod wording_variants;
