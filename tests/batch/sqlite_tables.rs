//! `tokku batch --sqlite`: the tables of the issue 13 additions (regulatory_measures,
//! support_counts, support_projects, local_measures, target_notes, sections and the
//! full-text index sections_fts) hold exactly the records' rows, the FTS query of the
//! README finds the seed's sections about 治験 (2, 3 and 7), and local_measures.csv has one row per
//! 別紙3 row.

use std::path::Path;
use std::process::Command;

use serde_json::Value;

use crate::common::count_rows;

fn list_len(record: &Value, pointer: &str) -> usize {
    record.pointer(pointer).and_then(Value::as_array).map_or(0, Vec::len)
}

#[test]
fn the_report_tables_hold_the_records_rows_and_the_sections_are_searchable() {
    let work = tempfile::tempdir().expect("temp dir");
    let out = work.path().join("out");
    let database = out.join("reports.sqlite");
    let output = Command::new(env!("CARGO_BIN_EXE_tokku"))
        .args(["batch", "fixtures/text", "fixtures/pdf/seed_libreoffice.pdf", "--out"])
        .arg(&out)
        .arg("--sqlite")
        .arg(&database)
        .output()
        .expect("tokku runs");
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    let text = std::fs::read_to_string(out.join("records.ndjson")).expect("records");
    let records: Vec<Value> =
        text.lines().map(|l| serde_json::from_str(l).expect("record")).collect();
    assert_eq!(records.len(), 5);
    let sum = |f: &dyn Fn(&Value) -> usize| records.iter().map(f).sum::<usize>();

    let connection = rusqlite::Connection::open(&database).expect("database");
    let measures = sum(&|r| list_len(r, "/regulatory_measures"));
    let locals = sum(&|r| list_len(r, "/local_measures"));
    let sections = sum(&|r| list_len(r, "/sections"));
    let projects = sum(&|r| {
        ["fiscal", "tax", "interest_subsidy"]
            .iter()
            .map(|k| list_len(r, &format!("/support/{k}/projects")))
            .sum()
    });
    let notes = sum(&|r| {
        r["indicators"]
            .as_array()
            .expect("indicators")
            .iter()
            .flat_map(|i| i["targets"].as_array().expect("targets"))
            .filter(|t| !t["notes"].is_null())
            .count()
    });
    // The seed: 11 rows of 現時点で実現可能…, 27 rows of 別紙3, 7 sections, 3 projects, 6 targets.
    assert_eq!(
        (measures, locals, sections, projects, notes),
        (5 * 11, 5 * 27, 5 * 7, 5 * 3, 5 * 6)
    );
    assert_eq!(count_rows(&connection, "regulatory_measures"), measures);
    assert_eq!(count_rows(&connection, "local_measures"), locals);
    assert_eq!(count_rows(&connection, "sections"), sections);
    assert_eq!(count_rows(&connection, "sections_fts"), sections);
    assert_eq!(count_rows(&connection, "support_projects"), projects);
    assert_eq!(count_rows(&connection, "support_counts"), 5 * 3);
    assert_eq!(count_rows(&connection, "target_notes"), notes);
    assert_eq!(
        count_rows(
            &connection,
            "regulatory_measures WHERE used = 0 AND related_targets = '[\"4\"]'"
        ),
        5 * 7,
        "seven rows name 数値目標(4), all 無"
    );
    assert_eq!(count_rows(&connection, "pragma_foreign_key_check"), 0);

    // The README's full-text query: the sections that speak of 治験 (3 and 7 of the seed).
    let libreoffice = "fixtures/pdf/seed_libreoffice.pdf";
    let mut query = connection
        .prepare(
            "SELECT s.number, s.title FROM sections_terms t JOIN sections s ON s.section_id = t.section_id
             JOIN reports r ON r.report_id = s.report_id
             WHERE sections_terms MATCH '治験' AND r.file = ?1 ORDER BY s.section_id",
        )
        .expect("query");
    let found: Vec<(String, String)> = query
        .query_map([libreoffice], |row| Ok((row.get(0)?, row.get(1)?)))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    let record =
        records.iter().find(|r| r["source"]["file"] == libreoffice).expect("libreoffice record");
    let expected: Vec<String> = record["sections"]
        .as_array()
        .expect("sections")
        .iter()
        .filter(|s| s["text"].as_str().is_some_and(|t| t.contains("治験")))
        .map(|s| s["number"].as_str().expect("number").to_string())
        .collect();
    assert_eq!(
        expected,
        vec!["2", "3", "7"],
        "the seed speaks of 治験 in sections 2 (国際共同治験・研究), 3 and 7"
    );
    assert_eq!(found.iter().map(|f| f.0.clone()).collect::<Vec<_>>(), expected);
    assert_eq!(found[2].1, "総合評価");
    // A word of three characters or more is found as it is written (trigrams), in the
    // title or the text: each returns exactly the sections of the record that hold it.
    let sections_holding = |word: &str| -> Vec<String> {
        record["sections"]
            .as_array()
            .expect("sections")
            .iter()
            .filter(|s| {
                s["text"].as_str().is_some_and(|t| t.contains(word))
                    || s["title"].as_str().is_some_and(|t| t.contains(word))
            })
            .map(|s| s["number"].as_str().expect("number").to_string())
            .collect()
    };
    for word in ["革新的", "ベンチャー", "国際共同治験"] {
        let mut query = connection
            .prepare(
                "SELECT s.number FROM sections_fts s JOIN reports r ON r.report_id = s.report_id
                 WHERE sections_fts MATCH ?1 AND r.file = ?2 ORDER BY s.section_id",
            )
            .expect("query");
        let found: Vec<String> = query
            .query_map([word, libreoffice], |row| row.get(0))
            .expect("rows")
            .collect::<Result<_, _>>()
            .expect("rows");
        let expected = sections_holding(word);
        assert!(!expected.is_empty(), "{word} stands in the seed");
        assert_eq!(found, expected, "sections_fts MATCH '{word}'");
    }
    assert_eq!(
        count_rows(&connection, "sections_fts WHERE sections_fts MATCH '国際共同治験'"),
        5 * 3,
        "国際共同治験 stands in sections 2, 3 and 7 of every rendition"
    );
    assert_eq!(count_rows(&connection, "sections_terms WHERE sections_terms MATCH '験治'"), 0);

    // local_measures.csv: a header and one row per 別紙3 row.
    let csv = std::fs::read_to_string(out.join("local_measures.csv")).expect("csv");
    assert_eq!(csv.trim_start_matches('\u{feff}').lines().count(), 1 + locals);
    let row = csv
        .lines()
        .find(|l| l.starts_with(libreoffice) && l.contains(",産業集積奨励奨励金,"))
        .expect("the first 別紙3 row");
    assert!(row.starts_with(&format!("{libreoffice},international,京浜臨海部ライフノベーション国際戦略総合特区,京浜臨海部ライフイノベーション国際戦略総合特区,2020,fiscal,産業集積奨励奨励金,")), "{row}");
    assert!(row.ends_with(",all,・特区区域内においては、累計で認定実績6件。そのうち交付実績は5件。(令和元年度で交付終了),神奈川県,14"), "{row}");
    assert!(Path::new(&out.join("observations.csv")).exists());
}
