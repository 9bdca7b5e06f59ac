//! The panel of a batch (issue 14) over fixtures/panel: three invented reports of one
//! invented zone (令和元年度–令和3年度) with a planted restatement, a renamed target and
//! a misspelled zone name (fixtures/panel/README.md). Every expected value below was
//! typed from those reports by hand.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use serde_json::Value;

use crate::common::count_rows;

const ZONE: &str = "しらかば高原観光交流地域活性化総合特区";

fn tokku(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_tokku")).args(args).output().expect("tokku runs")
}

fn temp_dir(case: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("tokku-panel-{}-{case}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("temp dir");
    dir
}

fn batch(inputs: &[&str], out: &Path, extra: &[&str]) -> Output {
    let out_arg = out.display().to_string();
    let database = out.join("panel.sqlite").display().to_string();
    let mut args = vec![
        "batch",
        "--zones",
        "fixtures/panel/zones.json",
        "--out",
        &out_arg,
        "--sqlite",
        &database,
        "--jobs",
        "1",
    ];
    args.extend_from_slice(extra);
    args.extend_from_slice(inputs);
    let output = tokku(&args);
    assert_eq!(output.status.code(), Some(0), "{}", String::from_utf8_lossy(&output.stderr));
    output
}

fn read(path: PathBuf) -> String {
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn panel_row(target: &str, year: &str, values: &str, restated: u8) -> String {
    format!("{ZONE},{ZONE},{target},{year},人,{values},{restated}\n")
}

#[test]
fn the_panel_links_three_report_years_and_keeps_the_latest_values() {
    let out = temp_dir("rows");
    batch(&["fixtures/panel"], &out, &[]);
    let mut expected = String::from("\u{feff}zone,zone_official_name,target_key,target_name,fiscal_year,unit,target,target_report_year,actual,actual_report_year,progress_pct,progress_report_year,restated\n");
    // 数値目標(1)-①: 令和3年度's table, the latest, gives every value; 2019's 実績 was restated.
    for (year, values, restated) in [
        ("2017", "400000,2021,410000,2021,103,2021", 0),
        ("2018", "420000,2021,431000,2021,103,2021", 0),
        ("2019", "440000,2021,512000,2021,116,2021", 1),
        ("2020", "460000,2021,230000,2021,50,2021", 0),
        ("2021", "480000,2021,390000,2021,81,2021", 0),
    ] {
        expected.push_str(&panel_row("1-1,観光入込客数", year, values, restated));
    }
    // 数値目標(1)-②, renamed 延べ宿泊者数 in the 令和3年度 report: one target, its latest name.
    for (year, values) in [
        ("2017", "50000,2021,51000,2021,102,2021"),
        ("2018", "52000,2021,53000,2021,102,2021"),
        ("2019", "54000,2021,55000,2021,102,2021"),
        ("2020", "56000,2021,30000,2021,54,2021"),
        ("2021", "58000,2021,47000,2021,81,2021"),
    ] {
        expected.push_str(&panel_row("1-2,延べ宿泊者数", year, values, 0));
    }
    assert_eq!(read(out.join("panel.csv")), expected);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn a_restatement_keeps_both_values_and_both_files() {
    let out = temp_dir("restated");
    batch(&["fixtures/panel"], &out, &[]);
    assert_eq!(
        read(out.join("restatements.csv")),
        format!(
            "\u{feff}zone,zone_official_name,target_key,target_name,fiscal_year,field,unit,value,report_year,file,latest_value,latest_report_year,latest_file\n\
             {ZONE},{ZONE},1-1,観光入込客数,2019,actual,人,508000,2019,fixtures/panel/shirakaba_2019.txt,512000,2021,fixtures/panel/shirakaba_2021.txt\n\
             {ZONE},{ZONE},1-1,観光入込客数,2019,progress_pct,%,115,2019,fixtures/panel/shirakaba_2019.txt,116,2021,fixtures/panel/shirakaba_2021.txt\n"
        )
    );
    let warnings: Vec<Value> = read(out.join("panel_warnings.ndjson"))
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON line"))
        .collect();
    let codes: Vec<&str> = warnings.iter().map(|w| w["code"].as_str().unwrap_or("")).collect();
    assert_eq!(codes, ["target_renamed", "series_restated", "series_restated"]);
    assert_eq!(warnings[0]["target_key"], "1-2");
    assert_eq!(
        warnings[0]["values"],
        serde_json::json!([
            {"value": "宿泊者数", "report_year": 2020, "file": "fixtures/panel/shirakaba_2020.txt"},
            {"value": "延べ宿泊者数", "report_year": 2021, "file": "fixtures/panel/shirakaba_2021.txt"}
        ])
    );
    assert_eq!(
        (
            warnings[1]["target_key"].as_str(),
            warnings[1]["fiscal_year"].as_i64(),
            warnings[1]["field"].as_str()
        ),
        (Some("1-1"), Some(2019), Some("actual"))
    );
    assert_eq!(
        warnings[1]["values"],
        serde_json::json!([
            {"value": 508000, "unit": "人", "report_year": 2019, "file": "fixtures/panel/shirakaba_2019.txt"},
            {"value": 512000, "unit": "人", "report_year": 2021, "file": "fixtures/panel/shirakaba_2021.txt"}
        ])
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn the_misspelled_zone_name_joins_its_zone_and_the_records_say_what_they_know() {
    let out = temp_dir("zone");
    batch(&["fixtures/panel"], &out, &[]);
    let records: Vec<Value> = read(out.join("records.ndjson"))
        .lines()
        .map(|l| serde_json::from_str(l).expect("record"))
        .collect();
    let names: Vec<&str> =
        records.iter().map(|r| r["report"]["zone_name"].as_str().unwrap_or("")).collect();
    assert_eq!(names, [ZONE, "しらかば高原観光交流地域活化総合特区", ZONE]);
    // The invented zone is not in the official list: each record says so (null, zone_unknown).
    for record in &records {
        assert_eq!(record["report"]["zone_official_name"], Value::Null);
        assert!(record["warnings"]
            .as_array()
            .expect("warnings")
            .iter()
            .any(|w| w["code"] == "zone_unknown" && w["path"] == "/report/zone_name"));
    }
    // The panel, given the zone list of fixtures/panel/zones.json, puts all three years under one zone.
    let panel = read(out.join("panel.csv"));
    assert!(panel.lines().skip(1).all(|l| l.starts_with(&format!("{ZONE},{ZONE},"))), "{panel}");
    assert!(panel.contains(",2020,人,460000,2021,230000,2021,"));
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn the_sqlite_tables_hold_the_panel_and_the_restatements() {
    let out = temp_dir("sqlite");
    batch(&["fixtures/panel"], &out, &[]);
    let database = rusqlite::Connection::open(out.join("panel.sqlite")).expect("database");
    let count: i64 = database
        .query_row("SELECT count(*) FROM panel WHERE zone = ?1", [ZONE], |r| r.get(0))
        .expect("panel");
    assert_eq!(count, 10);
    let restated: (f64, i64, String, f64, i64) = database
        .query_row("SELECT value, report_year, file, latest_value, latest_report_year FROM restatements WHERE field = 'actual'", [], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?, r.get(4)?)))
        .expect("one restated actual");
    assert_eq!(
        restated,
        (508000.0, 2019, "fixtures/panel/shirakaba_2019.txt".to_string(), 512000.0, 2021)
    );
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn rerunning_or_resuming_gives_byte_identical_panel_outputs() {
    let out = temp_dir("rerun");
    batch(&["fixtures/panel"], &out, &[]);
    let files = ["panel.csv", "restatements.csv", "panel_warnings.ndjson", "panel.sqlite"];
    let first: Vec<Vec<u8>> =
        files.iter().map(|f| std::fs::read(out.join(f)).expect("output")).collect();
    // Incremental rerun (every record reused), then a forced one, then with the panel files gone.
    batch(&["fixtures/panel"], &out, &[]);
    batch(&["fixtures/panel"], &out, &["--force"]);
    for f in &files[..3] {
        std::fs::remove_file(out.join(f)).expect("remove");
    }
    batch(&["fixtures/panel"], &out, &[]);
    for (file, bytes) in files.iter().zip(&first) {
        assert_eq!(&std::fs::read(out.join(file)).expect("output"), bytes, "{file} changed");
    }
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn two_reports_of_one_zone_and_year_are_a_duplicate() {
    let out = temp_dir("duplicate");
    let inputs = temp_dir("duplicate-in");
    for name in ["shirakaba_2019.txt", "shirakaba_2020.txt"] {
        std::fs::copy(Path::new("fixtures/panel").join(name), inputs.join(name)).expect("copy");
    }
    std::fs::copy("fixtures/panel/shirakaba_2019.txt", inputs.join("shirakaba_2019_copy.txt"))
        .expect("copy");
    batch(&[&inputs.display().to_string()], &out, &[]);
    let warnings = read(out.join("panel_warnings.ndjson"));
    let duplicate: Value = warnings
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON"))
        .find(|w| w["code"] == "report_year_duplicate")
        .expect("a duplicate warning");
    assert_eq!(duplicate["fiscal_year"], 2019);
    let files: Vec<String> = duplicate["values"]
        .as_array()
        .expect("values")
        .iter()
        .map(|v| v["file"].as_str().unwrap_or("").to_string())
        .collect();
    assert_eq!(
        files,
        [
            inputs.join("shirakaba_2019.txt").display().to_string(),
            inputs.join("shirakaba_2019_copy.txt").display().to_string()
        ]
    );
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&inputs);
}

#[test]
fn history_shows_the_zone_year_by_year_with_restated_values_marked() {
    let out = temp_dir("history");
    batch(&["fixtures/panel"], &out, &[]);
    let expected = "\
しらかば高原観光交流地域活性化総合特区

数値目標 1-1 観光入込客数 (人)
         | 2017年度 | 2018年度 | 2019年度 | 2020年度 | 2021年度 |
  目標値 |  400,000 |  420,000 |  440,000 |  460,000 |  480,000 |
  実績値 |  410,000 |  431,000 | 512,000* |  230,000 |  390,000 |
  進捗度 |      103 |      103 |     116* |       50 |       81 |

数値目標 1-2 延べ宿泊者数 (人)
         | 2017年度 | 2018年度 | 2019年度 | 2020年度 | 2021年度 |
  目標値 |   50,000 |   52,000 |   54,000 |   56,000 |   58,000 |
  実績値 |   51,000 |   53,000 |   55,000 |   30,000 |   47,000 |
  進捗度 |      102 |      102 |      102 |       54 |       81 |

* restated: an earlier report gave another value (the latest report's is shown; restatements.csv lists both)
";
    let from_folder = tokku(&[
        "history",
        &out.display().to_string(),
        "--zone",
        "しらかば",
        "--zones",
        "fixtures/panel/zones.json",
    ]);
    assert_eq!(String::from_utf8_lossy(&from_folder.stdout), expected);
    // Without repeating --zones: the folder's own panel names the zones as the batch did.
    let from_folder_alone = tokku(&["history", &out.display().to_string(), "--zone", "しらかば"]);
    assert_eq!(String::from_utf8_lossy(&from_folder_alone.stdout), expected);
    let from_database = tokku(&[
        "history",
        &out.join("panel.sqlite").display().to_string(),
        "--zone",
        "しらかば高原",
    ]);
    assert_eq!(String::from_utf8_lossy(&from_database.stdout), expected);
    let unknown = tokku(&["history", &out.display().to_string(), "--zone", "どこにもない特区"]);
    assert_eq!(unknown.status.code(), Some(1));
    let _ = std::fs::remove_dir_all(&out);
}

/// The distinct values of a column of a CSV the batch wrote.
fn distinct(path: &Path, column: &str) -> std::collections::BTreeSet<String> {
    let bytes = std::fs::read(path).expect("csv");
    assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{} starts with the BOM", path.display());
    let mut reader = csv::Reader::from_reader(&bytes[3..]);
    let at = reader.headers().expect("header").iter().position(|h| h == column).expect(column);
    reader.records().map(|r| r.expect("row")[at].to_string()).collect()
}

#[test]
fn two_batches_over_two_years_into_one_folder_hold_both() {
    let out = temp_dir("accumulated");
    batch(&["fixtures/panel/shirakaba_2019.txt", "fixtures/panel/shirakaba_2020.txt"], &out, &[]);
    let second = batch(&["fixtures/panel/shirakaba_2021.txt"], &out, &[]);
    let stderr = String::from_utf8_lossy(&second.stderr);
    assert!(
        stderr.contains("1 added, 0 updated, 0 unchanged, 2 kept from earlier runs"),
        "{stderr}"
    );
    // The same outputs as one run over the three years.
    let together = temp_dir("together");
    batch(&["fixtures/panel"], &together, &[]);
    for name in
        ["records.ndjson", "reports.csv", "observations.csv", "panel.csv", "restatements.csv"]
    {
        assert_eq!(
            read(out.join(name)).replace(&out.display().to_string(), ""),
            read(together.join(name)).replace(&together.display().to_string(), ""),
            "{name}: two runs hold what one run over both holds"
        );
    }
    assert_eq!(read(out.join("records.ndjson")).lines().count(), 3);
    let connection = rusqlite::Connection::open(out.join("panel.sqlite")).expect("database");
    let years: Vec<i64> = connection
        .prepare("SELECT fiscal_year FROM reports ORDER BY file")
        .expect("query")
        .query_map([], |r| r.get(0))
        .expect("rows")
        .collect::<Result<_, _>>()
        .expect("rows");
    assert_eq!(years, [2019, 2020, 2021]);
    assert_eq!(
        count_rows(&connection, "restatements"),
        2,
        "the 2019 restatement needs the 2021 report of the second run"
    );
    let _ = std::fs::remove_dir_all(&out);
    let _ = std::fs::remove_dir_all(&together);
}

#[test]
fn the_official_name_groups_each_zone_once_in_the_flat_tables() {
    // The seed writes ライフノベーション for ライフイノベーション; the 令和2年度 panel report
    // drops 性 from its zone's name. Grouped by the name as written: three zones; by the
    // official name: two.
    let out = temp_dir("official");
    batch(&["fixtures/text/seed_utf8.txt", "fixtures/panel"], &out, &[]);
    let observations = out.join("observations.csv");
    assert_eq!(distinct(&observations, "zone_name").len(), 3);
    assert_eq!(
        distinct(&observations, "zone_official_name"),
        [ZONE, "京浜臨海部ライフイノベーション国際戦略総合特区"]
            .iter()
            .map(|z| z.to_string())
            .collect()
    );
    assert_eq!(distinct(&out.join("reports.csv"), "zone_official_name").len(), 2);
    let connection = rusqlite::Connection::open(out.join("panel.sqlite")).expect("database");
    let groups = "(SELECT zone_official_name FROM observation_rows GROUP BY zone_official_name)";
    assert_eq!(count_rows(&connection, groups), 2);
    let _ = std::fs::remove_dir_all(&out);
}

#[test]
fn history_prints_values_in_the_unit_the_report_used_when_asked() {
    // The seed's 数値目標(1)-① is written in 億円 (目標 115億円, 実績 119億円 for 2017 …).
    let out = temp_dir("units");
    batch(&["fixtures/text/seed_utf8.txt"], &out, &[]);
    let expected = "\
数値目標 1-1 特区関連事業による投資額 (億円)
         | 2017年度 | 2018年度 | 2019年度 | 2020年度 | 2021年度 | 2022年度 |
  目標値 |      115 |       81 |       87 |       93 |       99 |        · |
  実績値 |      119 |      141 |      116 |      135 |        · |        · |
  進捗度 |      104 |      174 |      138 |      145 |        · |        · |
";
    for source in [out.clone(), out.join("panel.sqlite")] {
        let source = source.display().to_string();
        let shown = tokku(&["history", &source, "--zone", "京浜", "--units", "report"]);
        let text = String::from_utf8_lossy(&shown.stdout);
        assert!(text.contains(expected), "{source}:\n{text}");
        let base = tokku(&["history", &source, "--zone", "京浜"]);
        let text = String::from_utf8_lossy(&base.stdout);
        assert!(
            text.contains("  目標値 | 11,500,000,000 |"),
            "{source}: base units by default:\n{text}"
        );
    }
    let _ = std::fs::remove_dir_all(&out);
}
