-- tokku batch --sqlite FILE: the records of a batch as relational tables.
-- One row in `reports` per record (error records too, with error_code set), its
-- 評価指標 in `indicators`, their 数値目標 in `targets`, each target's 別紙1 fiscal-year
-- series in `observations`, and the record's warnings in `warnings`; the rest of the
-- report (issue 13): each target's 別紙1 text rows in `target_notes`, section 4 and 別紙2
-- in `regulatory_measures`, section 5 in `support_counts` and `support_projects`, 別紙3 in
-- `local_measures`, the body's numbered sections in `sections` and, for full-text
-- search, `sections_fts`.
-- Values are in the contract's base units (円, 人, …) as REAL; *_text is the report's
-- own text of the value; positions are 0-based, in report order. The database is made
-- anew from the records on every run (same records → same bytes).

CREATE TABLE reports (
    report_id             INTEGER PRIMARY KEY,   -- 1-based, in records.ndjson order
    file                  TEXT NOT NULL UNIQUE,  -- source.file
    sha256                TEXT,                  -- NULL only when the input could not be read (error_code io)
    media_type            TEXT,
    encoding              TEXT,
    pages                 INTEGER,
    producer              TEXT,
    title                 TEXT,
    fiscal_year           INTEGER,               -- the report's fiscal year (令和2年度 → 2020)
    zone_kind             TEXT,                  -- international | regional
    zone_name             TEXT,                  -- as the report writes it
    zone_official_name    TEXT,                  -- the zone list's name (data/zones.json, plus --zones); NULL when not listed
    authors               TEXT,                  -- JSON array, in order
    designated_on         TEXT,
    plan_approved_on      TEXT,
    plan_last_approved_on TEXT,
    previous_score        REAL,
    error_code            TEXT,                  -- NULL unless the record is an error record
    error_message         TEXT
);

CREATE TABLE indicators (
    indicator_id INTEGER PRIMARY KEY,
    report_id    INTEGER NOT NULL REFERENCES reports (report_id),
    position     INTEGER NOT NULL,
    number       INTEGER NOT NULL,                -- 評価指標（1） → 1
    name         TEXT NOT NULL,
    progress_pct REAL,
    UNIQUE (report_id, position)
);

CREATE TABLE targets (
    target_id                INTEGER PRIMARY KEY,
    indicator_id             INTEGER NOT NULL REFERENCES indicators (indicator_id),
    position                 INTEGER NOT NULL,
    key                      TEXT NOT NULL,       -- 数値目標（1）－① → 1-1
    name                     TEXT NOT NULL,
    goal_value               REAL,
    goal_unit                TEXT,
    goal_text                TEXT,
    goal_basis               TEXT,                -- cumulative | final_year
    period_start_fiscal_year INTEGER,
    period_end_fiscal_year   INTEGER,
    baseline_value           REAL,
    baseline_unit            TEXT,
    baseline_text            TEXT,
    baseline_fiscal_year     INTEGER,
    current_target_value     REAL,                -- 当該年度目標値
    current_target_unit      TEXT,
    current_target_text      TEXT,
    current_actual_value     REAL,                -- 当該年度実績値
    current_actual_unit      TEXT,
    current_actual_text      TEXT,
    current_progress_pct     REAL,
    current_contribution_pct REAL,
    UNIQUE (indicator_id, position)
);

CREATE TABLE observations (
    observation_id INTEGER PRIMARY KEY,
    target_id      INTEGER NOT NULL REFERENCES targets (target_id),
    position       INTEGER NOT NULL,
    fiscal_year    INTEGER NOT NULL,              -- the 別紙1 column's fiscal year
    target_value   REAL,
    target_unit    TEXT,
    target_text    TEXT,
    actual_value   REAL,
    actual_unit    TEXT,
    actual_text    TEXT,
    progress_pct   REAL,
    UNIQUE (target_id, position)
);

CREATE TABLE warnings (
    warning_id INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports (report_id),
    position   INTEGER NOT NULL,
    code       TEXT NOT NULL,
    message    TEXT NOT NULL,
    path       TEXT,                              -- JSON pointer into the record
    page       INTEGER,
    UNIQUE (report_id, position)
);

CREATE TABLE target_notes (                        -- record: indicators[].targets[].notes
    target_id        INTEGER PRIMARY KEY REFERENCES targets (target_id),
    alternative      TEXT,                        -- 代替指標又は定性的評価の考え方
    approach         TEXT,                        -- 目標達成の考え方及び目標達成に向けた主な取組、関連事業
    target_rationale TEXT,                        -- 各年度の目標設定の考え方や数値の根拠等
    self_assessment  TEXT,                        -- 進捗状況に係る自己評価
    external_factors TEXT                         -- 外部要因等特記事項
);

CREATE TABLE regulatory_measures (                 -- record: regulatory_measures[]
    regulatory_measure_id INTEGER PRIMARY KEY,
    report_id             INTEGER NOT NULL REFERENCES reports (report_id),
    position              INTEGER NOT NULL,
    category              TEXT NOT NULL,          -- specific_project | general_project | proposal | feasible_in_consultation | nationwide
    name                  TEXT NOT NULL,
    related_targets       TEXT NOT NULL,          -- JSON array of target keys ("2", "1-1", "all")
    used                  INTEGER,                -- 評価対象年度における活用の有無: 1 有, 0 無, NULL not told
    ministry_evaluation   TEXT,
    note                  TEXT,                   -- 備考
    page                  INTEGER,
    UNIQUE (report_id, position)
);

CREATE TABLE support_counts (                      -- record: support.{fiscal,tax,interest_subsidy}.count
    report_id INTEGER NOT NULL REFERENCES reports (report_id),
    kind      TEXT NOT NULL,                      -- fiscal | tax | interest_subsidy
    count     INTEGER,                            -- the 件数 the heading states; NULL when not stated
    PRIMARY KEY (report_id, kind)
);

CREATE TABLE support_projects (                    -- record: support.*.projects[]
    support_project_id INTEGER PRIMARY KEY,
    report_id          INTEGER NOT NULL REFERENCES reports (report_id),
    kind               TEXT NOT NULL,             -- fiscal | tax | interest_subsidy
    position           INTEGER NOT NULL,          -- within its kind
    number             TEXT NOT NULL,             -- ①-1
    name               TEXT NOT NULL,
    funding            TEXT,                      -- adjustment_fund | existing_program | NULL
    UNIQUE (report_id, kind, position)
);

CREATE TABLE local_measures (                      -- record: local_measures[] (別紙3); also local_measures.csv
    local_measure_id INTEGER PRIMARY KEY,
    report_id        INTEGER NOT NULL REFERENCES reports (report_id),
    position         INTEGER NOT NULL,
    category         TEXT NOT NULL,               -- fiscal | tax | finance | deregulation | regulation | other | contributing_project | organization | private
    name             TEXT NOT NULL,               -- 事業名 / 取組
    summary          TEXT,                        -- 事業概要
    related_targets  TEXT NOT NULL,               -- JSON array of target keys
    result           TEXT,                        -- 実績
    authority        TEXT,                        -- 自治体名
    page             INTEGER,
    UNIQUE (report_id, position)
);

CREATE TABLE sections (                            -- record: sections[]
    section_id INTEGER PRIMARY KEY,
    report_id  INTEGER NOT NULL REFERENCES reports (report_id),
    position   INTEGER NOT NULL,
    number     TEXT NOT NULL,                     -- "7"
    title      TEXT NOT NULL,                     -- 総合評価
    text       TEXT NOT NULL,
    page       INTEGER,
    UNIQUE (report_id, position)
);

-- Full-text search over the sections: SQLite's trigram tokenizer indexes every run of
-- three characters of the title and the text, so any word of three characters or more
-- matches as it is written (`sections_fts MATCH '国際共同治験'`), Japanese or Latin.
-- The other columns are stored, not indexed.
CREATE VIRTUAL TABLE sections_fts USING fts5 (
    section_id UNINDEXED, report_id UNINDEXED, number UNINDEXED,
    title, text,
    tokenize = 'trigram'
);

-- Words of one or two characters (too short for trigrams): the indexed column `terms`
-- holds, for each run of Japanese characters, its overlapping character pairs in order
-- and then its single characters, and each Latin word as it is
-- (`sections_terms MATCH '治験'`).
CREATE VIRTUAL TABLE sections_terms USING fts5 (
    section_id UNINDEXED, report_id UNINDEXED,
    terms,
    tokenize = 'unicode61'
);

CREATE INDEX indicators_by_report ON indicators (report_id);
CREATE INDEX targets_by_indicator ON targets (indicator_id);
CREATE INDEX observations_by_target ON observations (target_id);
CREATE INDEX warnings_by_report ON warnings (report_id);
CREATE INDEX regulatory_measures_by_report ON regulatory_measures (report_id);
CREATE INDEX support_projects_by_report ON support_projects (report_id);
CREATE INDEX local_measures_by_report ON local_measures (report_id);
CREATE INDEX sections_by_report ON sections (report_id);

-- The tidy table of observations.csv: one row per report × 数値目標 × fiscal year.
CREATE VIEW observation_rows AS
SELECT r.file,
       r.zone_kind,
       r.zone_name,
       r.zone_official_name,
       r.fiscal_year AS report_fiscal_year,
       i.number      AS indicator_number,
       t.key         AS target_key,
       t.name        AS target_name,
       o.fiscal_year,
       CASE WHEN o.target_unit IS NOT NULL AND o.actual_unit IS NOT NULL AND o.target_unit <> o.actual_unit
            THEN o.target_unit || '/' || o.actual_unit
            ELSE COALESCE(o.target_unit, o.actual_unit) END AS unit,
       o.target_value,
       o.actual_value,
       o.progress_pct
FROM observations o
JOIN targets t    ON t.target_id = o.target_id
JOIN indicators i ON i.indicator_id = t.indicator_id
JOIN reports r    ON r.report_id = i.report_id;
