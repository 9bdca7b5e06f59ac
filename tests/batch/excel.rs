//! Excel-friendly batch outputs: the CSVs start with the UTF-8 byte order mark (unless
//! `--csv-no-bom`) and read back with the csv crate; `--xlsx` holds the same tables,
//! cell for cell, with numbers as numbers, dates as dates, text as text and the header
//! row frozen (read with calamine); `--review` writes the review pages and the summary
//! line names their index.

use std::io::Read;
use std::path::Path;
use std::process::{Command, Output};

use calamine::{open_workbook, Data, Reader, Xlsx};
// The columns the Python package reads as text: a text cell of the workbook elsewhere
// would be a number there.
use tokku::tables::TEXT_COLUMNS;

fn batch(inputs: &[&str], out: &Path, extra: &[&str]) -> Output {
    let output = Command::new(env!("CARGO_BIN_EXE_tokku"))
        .arg("batch")
        .args(inputs)
        .arg("--out")
        .arg(out)
        .args(["--jobs", "2"])
        .args(extra)
        .output()
        .expect("tokku runs");
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

/// Header and rows of a CSV, read with the csv crate (which drops the byte order mark).
fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let mut reader =
        csv::Reader::from_path(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let header = reader.headers().expect("header").iter().map(str::to_string).collect();
    let rows = reader
        .records()
        .map(|r| r.expect("a CSV record").iter().map(str::to_string).collect())
        .collect();
    (header, rows)
}

/// Days since 1899-12-30 (Excel's serial date) of `YYYY-MM-DD`, computed here from the
/// civil calendar (days-from-civil algorithm), not by the writer.
fn excel_serial(date: &str) -> f64 {
    let parts: Vec<i64> = date.split('-').map(|p| p.parse().expect("date part")).collect();
    let (y, m, d) = (parts[0], parts[1], parts[2]);
    let days = |y: i64, m: i64, d: i64| {
        let y = if m <= 2 { y - 1 } else { y };
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let mp = (m + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146097 + doe
    };
    (days(y, m, d) - days(1899, 12, 30)) as f64
}

const DATE_COLUMNS: [&str; 3] = ["designated_on", "plan_approved_on", "plan_last_approved_on"];

#[test]
fn csvs_carry_the_bom_and_the_workbook_holds_the_same_cells() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("out");
    let workbook = dir.path().join("tables.xlsx");
    // The seed's PDFs and the three-year panel of fixtures/panel (a restatement, a renamed
    // target, a misspelled zone name), so every table, the panel's included, has rows.
    let zones = ["--zones", "fixtures/panel/zones.json"];
    let output = batch(
        &["fixtures/pdf", "fixtures/panel"],
        &out,
        &["--xlsx", workbook.to_str().expect("path"), "--review", zones[0], zones[1]],
    );
    assert_eq!(output.status.code(), Some(1), "not_a_report.pdf is an error record");
    let stderr = String::from_utf8_lossy(&output.stderr);
    let index = out.join("review").join("index.html");
    assert!(
        stderr.contains(&index.display().to_string()),
        "the summary names the review index: {stderr}"
    );
    assert!(
        stderr.contains(&workbook.display().to_string()),
        "the summary names the workbook: {stderr}"
    );
    assert!(index.is_file());
    let pages = std::fs::read_dir(out.join("review"))
        .expect("review dir")
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".html"))
        .count();
    assert_eq!(pages, 5 + 3 + 2, "a page per input, the index and the zone index");

    let tables = ["observations", "reports", "local_measures", "panel", "restatements"];
    let mut sheets: Xlsx<_> = open_workbook(&workbook).expect("calamine opens the workbook");
    assert_eq!(sheets.sheet_names(), tables);
    for name in tables {
        let csv_path = out.join(format!("{name}.csv"));
        let bytes = std::fs::read(&csv_path).expect("csv");
        assert!(bytes.starts_with(b"\xEF\xBB\xBF"), "{name}.csv starts with the UTF-8 BOM");
        let (header, rows) = read_csv(&csv_path);
        assert_eq!(
            header[0],
            if name.starts_with("panel") || name == "restatements" { "zone" } else { "file" },
            "the csv crate reads the first column's name without the BOM"
        );
        assert!(!rows.is_empty());
        let range = sheets.worksheet_range(name).expect("sheet");
        assert_eq!(range.height(), rows.len() + 1, "{name}: a header and the same rows");
        let sheet_header: Vec<String> = (0..header.len())
            .map(|c| range.get((0, c)).map(|d| d.to_string()).unwrap_or_default())
            .collect();
        assert_eq!(sheet_header, header);
        for (r, row) in rows.iter().enumerate() {
            for (c, text) in row.iter().enumerate() {
                let column = header[c].as_str();
                let cell = range.get((r + 1, c)).cloned().unwrap_or(Data::Empty);
                let at = format!("{name} row {} column {column}", r + 2);
                match cell {
                    Data::Empty => assert_eq!(text, "", "{at}"),
                    Data::String(s) => {
                        assert_eq!(&s, text, "{at}");
                        assert!(
                            TEXT_COLUMNS.contains(&column),
                            "{at}: {s:?} should be a number or date"
                        );
                    }
                    Data::Float(f) => assert_eq!(
                        f,
                        text.parse::<f64>().unwrap_or_else(|_| panic!("{at}: {text:?}")),
                        "{at}"
                    ),
                    Data::Int(i) => assert_eq!(i.to_string(), *text, "{at}"),
                    Data::DateTime(d) => {
                        assert!(DATE_COLUMNS.contains(&column), "{at}");
                        assert_eq!(d.as_f64(), excel_serial(text), "{at}: {text}");
                    }
                    other => panic!("{at}: unexpected cell {other:?}"),
                }
            }
        }
    }
    // The seed's 2017 investment row, as typed from the report: numbers stay numbers.
    let observations = sheets.worksheet_range("observations").expect("sheet");
    let row = (1..observations.height())
        .find(|&r| {
            observations.get((r, 0)).is_some_and(|d| *d == "fixtures/pdf/seed_libreoffice.pdf")
                && observations.get((r, 8)) == Some(&Data::Float(2017.0))
                && observations.get((r, 6)) == Some(&Data::String("1-1".into()))
        })
        .expect("the 2017 row of 1-1");
    assert_eq!(observations.get((row, 10)), Some(&Data::Float(11_500_000_000.0)));
    assert_eq!(observations.get((row, 12)), Some(&Data::Float(104.0)));
    assert_eq!(
        observations.get((row, 3)),
        Some(&Data::String("京浜臨海部ライフイノベーション国際戦略総合特区".into())),
        "the zone's official name beside the name the seed writes"
    );
    let reports = sheets.worksheet_range("reports").expect("sheet");
    let seed = (1..reports.height())
        .find(|&r| reports.get((r, 0)).is_some_and(|d| *d == "fixtures/pdf/seed_libreoffice.pdf"))
        .expect("seed row");
    // 平成23年12月22日指定: serial 40899.
    assert!(
        matches!(reports.get((seed, 9)), Some(Data::DateTime(d)) if d.as_f64() == 40899.0),
        "{:?}",
        reports.get((seed, 9))
    );

    // Same inputs, same bytes: a second run (everything reused) writes the same workbook.
    let again = dir.path().join("again.xlsx");
    let output = batch(
        &["fixtures/pdf", "fixtures/panel"],
        &out,
        &["--xlsx", again.to_str().expect("path"), zones[0], zones[1]],
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        std::fs::read(&again).expect("second workbook")
            == std::fs::read(&workbook).expect("first workbook"),
        "the workbook's bytes changed"
    );

    // The header row is frozen and filtered on every sheet; numbers have a thousands format.
    let mut archive =
        zip::ZipArchive::new(std::fs::File::open(&workbook).expect("xlsx")).expect("zip");
    for k in 1..=tables.len() {
        let sheet = format!("xl/worksheets/sheet{k}.xml");
        let mut xml = String::new();
        archive.by_name(&sheet).expect("sheet part").read_to_string(&mut xml).expect("xml");
        assert!(
            xml.contains(
                r#"<pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/>"#
            ),
            "{sheet}: {xml}"
        );
        assert!(xml.contains("<autoFilter ref=\"A1:"), "{sheet}: an autofilter");
    }
    let mut styles = String::new();
    archive.by_name("xl/styles.xml").expect("styles").read_to_string(&mut styles).expect("xml");
    assert!(styles.contains(r##"formatCode="#,##0""##), "a thousands format: {styles}");
}

#[test]
fn csv_no_bom_leaves_the_mark_off() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = batch(&["fixtures/pdf/seed_libreoffice.pdf"], dir.path(), &["--csv-no-bom"]);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    for name in ["observations.csv", "reports.csv"] {
        let bytes = std::fs::read(dir.path().join(name)).expect("csv");
        assert!(bytes.starts_with(b"file,"), "{name} starts with its header");
    }
    assert!(!dir.path().join("review").exists(), "no review pages unless asked");
}
