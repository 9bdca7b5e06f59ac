-- The panel of a batch's database (tokku batch --sqlite): one zone across its report
-- years, the same rows as panel.csv and restatements.csv. `zone` is the official name
-- when the zone is in the zone list (data/zones.json, plus --zones), else the report's
-- name as written; `zone_official_name` is NULL for a zone not in the list.

-- One row per zone × 数値目標 × fiscal year: the latest report's value of each field and
-- the report year it comes from; `restated` = 1 when an earlier report gave another value.
CREATE TABLE panel (
    zone                 TEXT NOT NULL,
    zone_official_name   TEXT,
    target_key           TEXT NOT NULL,
    target_name          TEXT NOT NULL,
    fiscal_year          INTEGER NOT NULL,
    unit                 TEXT,
    target               REAL,
    target_report_year   INTEGER,
    actual               REAL,
    actual_report_year   INTEGER,
    progress_pct         REAL,
    progress_report_year INTEGER,
    restated             INTEGER NOT NULL
);

-- One row per earlier value that differs from the latest report's (`field`: target,
-- actual or progress_pct), with both values, both report years and both files.
CREATE TABLE restatements (
    zone                 TEXT NOT NULL,
    zone_official_name   TEXT,
    target_key           TEXT NOT NULL,
    target_name          TEXT NOT NULL,
    fiscal_year          INTEGER NOT NULL,
    field                TEXT NOT NULL,
    unit                 TEXT,
    value                REAL NOT NULL,
    report_year          INTEGER NOT NULL,
    file                 TEXT NOT NULL,
    latest_value         REAL NOT NULL,
    latest_report_year   INTEGER NOT NULL,
    latest_file          TEXT NOT NULL
);
