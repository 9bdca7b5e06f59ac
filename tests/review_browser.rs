//! `tokku review` pages rendered in a real headless Chromium: the DOM the browser built
//! (not the HTML tokku wrote) is checked against the seed's hand-typed golden record —
//! a chart per 数値目標 with one point per 目標値 and 実績値 of its 別紙1 series, the 138%
//! progress_mismatch warning inside the cell of that value, the 135億円 cell highlighted
//! in the drawing of its page — and a report carrying HTML/SVG/script injection strings
//! is shown as text, running none of it. Screenshots go to target/ for a person to look
//! at (`make review-screenshot` copies one to docs/ for the README).
//!
//! Needs Chromium (.ci/run installs it). Without it the tests say so and pass, unless
//! the environment variable CI is set: in CI they must run.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;
use unicode_normalization::UnicodeNormalization;

const SEED_PDF: &str = "fixtures/pdf/seed_libreoffice.pdf";
const SEED_GOLDEN: &str = "fixtures/expected/seed_libreoffice.json";

fn find_on_path(names: &[&str]) -> Option<PathBuf> {
    let path = std::env::var_os("PATH")?;
    std::env::split_paths(&path)
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)))
        .find(|p| p.is_file())
}

/// The browser, or `None` (with a message) when it is truly absent and CI is not set.
fn chromium_or_skip(test: &str) -> Option<PathBuf> {
    match find_on_path(&["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"]) {
        Some(browser) => Some(browser),
        None if std::env::var_os("CI").is_some() => {
            panic!("CI is set but Chromium is not installed (.ci/run installs it): {test} must run")
        }
        None => {
            eprintln!("SKIPPED {test}: no chromium on PATH (install it, e.g. apt-get install chromium; CI installs it and runs this test)");
            None
        }
    }
}

/// Runs headless Chromium with `args` then `url`, killed after two minutes.
fn chromium(browser: &Path, args: &[String], url: &str) -> String {
    let profile = tempfile::tempdir().expect("profile dir");
    let mut command = Command::new(browser);
    command
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--no-first-run",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .args(args)
        .arg(url)
        .stdout(Stdio::piped())
        .stderr(Stdio::null());
    let mut child = command.spawn().expect("chromium starts");
    let started = Instant::now();
    let mut stdout = child.stdout.take().expect("stdout");
    let reader = std::thread::spawn(move || {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut stdout, &mut text).expect("chromium's output is UTF-8");
        text
    });
    loop {
        if child.try_wait().expect("wait").is_some() {
            break;
        }
        if started.elapsed() > Duration::from_secs(120) {
            let _ = child.kill();
            panic!("chromium did not finish within 2 minutes on {url}");
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    reader.join().expect("reader")
}

fn dump_dom(browser: &Path, url: &str) -> Html {
    let text = chromium(browser, &["--dump-dom".to_string()], url);
    assert!(text.contains("</html>"), "chromium gave no DOM for {url}: {text}");
    Html::parse_document(&text)
}

fn screenshot(browser: &Path, url: &str, to: &Path, height: u32) {
    let _ = std::fs::remove_file(to);
    chromium(
        browser,
        &[
            format!("--screenshot={}", to.display()),
            format!("--window-size=1000,{height}"),
            "--hide-scrollbars".into(),
        ],
        url,
    );
    let png = std::fs::read(to).unwrap_or_else(|e| panic!("no screenshot {}: {e}", to.display()));
    assert!(png.starts_with(b"\x89PNG"), "{} is not a PNG", to.display());
}

fn file_url(path: &Path) -> String {
    format!("file://{}", path.canonicalize().expect("absolute path").display())
}

fn review(inputs: &[&Path], out: &Path) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_tokku"));
    command.arg("review").args(inputs).arg("--out").arg(out);
    let output = command.output().expect("tokku runs");
    assert!(
        !String::from_utf8_lossy(&output.stderr).contains("panicked"),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
    html.select(&selector).collect()
}

fn select_in<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    let selector = Selector::parse(css).unwrap_or_else(|e| panic!("selector {css}: {e:?}"));
    element.select(&selector).collect()
}

fn attr(element: ElementRef, name: &str) -> f64 {
    element
        .value()
        .attr(name)
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("attribute {name} of {:?}", element.value()))
}

fn nfkc(text: &str) -> String {
    text.nfkc().filter(|c| !c.is_whitespace()).collect()
}

#[test]
fn the_seed_review_page_shows_charts_warnings_and_highlighted_cells_in_chromium() {
    let Some(browser) = chromium_or_skip(
        "the_seed_review_page_shows_charts_warnings_and_highlighted_cells_in_chromium",
    ) else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let output = review(&[Path::new(SEED_PDF)], dir.path());
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let page = dir.path().join("001-seed_libreoffice.html");
    let bytes = std::fs::read(&page).expect("the page");
    assert!(
        bytes.len() < 2_000_000,
        "the page should be small enough to mail: {} bytes",
        bytes.len()
    );
    let html = String::from_utf8(bytes).expect("UTF-8");
    assert!(
        !html.contains("http://") && !html.contains("https://") && !html.contains("<script"),
        "no network, no script on a document page"
    );
    let dom = dump_dom(&browser, &file_url(&page));
    let golden: Value =
        serde_json::from_str(&std::fs::read_to_string(SEED_GOLDEN).expect("golden"))
            .expect("golden JSON");

    // The policy forbids any script it did not write (a document page has none).
    let policy = select(&dom, "meta[http-equiv=Content-Security-Policy]");
    assert_eq!(policy.len(), 1);
    assert!(policy[0].value().attr("content").unwrap_or("").contains("script-src 'none'"));

    // Every 数値目標 of the golden has a chart with one point per stated 目標値 and 実績値.
    let mut targets = 0;
    for indicator in golden["indicators"].as_array().expect("indicators") {
        for target in indicator["targets"].as_array().expect("targets") {
            targets += 1;
            let key = target["key"].as_str().expect("key");
            let sections =
                select(&dom, &format!("section.target-block[data-target-key=\"{key}\"]"));
            assert_eq!(sections.len(), 1, "one section for 数値目標 {key}");
            let charts = select_in(sections[0], "svg.chart");
            assert_eq!(charts.len(), 1, "a chart for 数値目標 {key}");
            let series = target["series"].as_array().expect("series");
            let stated = |field: &str| series.iter().filter(|p| !p[field].is_null()).count();
            let drawn = |class: &str| select_in(charts[0], &format!("circle.pt.{class}")).len();
            assert_eq!(drawn("target"), stated("target"), "目標値 points of {key}");
            assert_eq!(drawn("actual"), stated("actual"), "実績値 points of {key}");
            // The points stand at their years: the 2020 actual of 1-1 is 135億円.
            if key == "1-1" {
                let actual_2020 = select_in(charts[0], "circle.pt.actual[data-year=\"2020\"]");
                assert_eq!(actual_2020[0].value().attr("data-value"), Some("13500000000"));
            }
            // The report year is marked.
            assert_eq!(
                select_in(charts[0], "line.report-year[data-year=\"2020\"]").len(),
                1,
                "report year of {key}"
            );
        }
    }
    assert_eq!(targets, 6);
    assert_eq!(select(&dom, "svg.chart").len(), targets, "no chart without a target");

    // The seed's 138% warning sits in the cell of the value its pointer names.
    let mismatch = golden["warnings"]
        .as_array()
        .expect("warnings")
        .iter()
        .find(|w| w["code"] == "progress_mismatch")
        .expect("golden warning");
    let pointer = mismatch["path"].as_str().expect("path");
    let shown = select(
        &dom,
        &format!("span.warning[data-code=progress_mismatch][data-path=\"{pointer}\"]"),
    );
    assert_eq!(shown.len(), 1, "the progress_mismatch warning is shown once beside its value");
    let cell = shown[0]
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "td")
        .expect("inside a table cell");
    assert_eq!(cell.value().attr("data-pointer"), Some(pointer));
    assert_eq!(select_in(cell, "span.value")[0].text().collect::<String>(), "138%");
    let row = cell
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "tr")
        .expect("row");
    assert_eq!(row.value().attr("data-year"), Some("2019"));
    assert!(shown[0].text().collect::<String>().contains("133.3%"), "the message is shown");

    // The 135億円 cell: its link targets a box in the drawing of page 7 that encloses the word 135億円.
    let value_cells: Vec<ElementRef> = select(&dom, "table.series td[data-pointer]")
        .into_iter()
        .filter(|td| {
            select_in(*td, "span.value")
                .first()
                .is_some_and(|v| v.text().collect::<String>() == "135億円")
        })
        .collect();
    assert_eq!(value_cells.len(), 1, "one series cell reads 135億円");
    assert_eq!(
        value_cells[0].value().attr("data-pointer"),
        Some("/indicators/0/targets/0/series/3/actual")
    );
    let link = select_in(value_cells[0], "a.src")[0];
    assert_eq!(link.text().collect::<String>(), "p.7");
    let fragment = link.value().attr("href").expect("href").trim_start_matches('#').to_string();
    let boxes =
        select(&dom, &format!("section.drawing[data-page=\"7\"] svg rect.cell[id=\"{fragment}\"]"));
    assert_eq!(boxes.len(), 1, "the link's target is a cell box in the drawing of page 7");
    let (x, y, w, h) = (
        attr(boxes[0], "x"),
        attr(boxes[0], "y"),
        attr(boxes[0], "width"),
        attr(boxes[0], "height"),
    );
    let svg = boxes[0]
        .ancestors()
        .filter_map(ElementRef::wrap)
        .find(|e| e.value().name() == "svg")
        .expect("svg");
    let words: Vec<ElementRef> = select_in(svg, "text")
        .into_iter()
        .filter(|t| nfkc(&t.text().collect::<String>()) == "135億円")
        .collect();
    assert!(!words.is_empty(), "the drawing of page 7 shows the word 135億円");
    let inside = |t: &ElementRef| {
        let (tx, ty, tw) = (attr(*t, "x"), attr(*t, "y"), attr(*t, "textLength"));
        tx >= x - 0.5 && tx + tw <= x + w + 0.5 && ty > y && ty <= y + h + 0.5
    };
    assert_eq!(
        words.iter().filter(|t| inside(t)).count(),
        1,
        "the highlighted box encloses the word 135億円"
    );
    // No other value's box on the page encloses it.
    let others = select_in(svg, "rect.cell")
        .into_iter()
        .filter(|r| r.value().attr("id") != Some(fragment.as_str()))
        .filter(|r| {
            let (rx, ry, rw, rh) =
                (attr(*r, "x"), attr(*r, "y"), attr(*r, "width"), attr(*r, "height"));
            words.iter().any(|t| {
                attr(*t, "x") >= rx - 0.5
                    && attr(*t, "x") + attr(*t, "textLength") <= rx + rw + 0.5
                    && attr(*t, "y") > ry
                    && attr(*t, "y") <= ry + rh + 0.5
            })
        })
        .count();
    assert_eq!(others, 0);

    // Screenshots for a person: the top of the page, and the drawing with the cell lit.
    let target = Path::new(env!("CARGO_MANIFEST_DIR")).join("target");
    screenshot(&browser, &file_url(&page), &target.join("review-seed.png"), 1250);
    // Headless screenshots do not scroll to a fragment: the whole page, the cell lit.
    screenshot(
        &browser,
        &format!("{}#{fragment}", file_url(&page)),
        &target.join("review-seed-cell.png"),
        13000,
    );
}

#[test]
fn the_index_lists_every_document_and_its_own_script_sorts_it() {
    let Some(browser) =
        chromium_or_skip("the_index_lists_every_document_and_its_own_script_sorts_it")
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let not_a_report = Path::new("fixtures/pdf/not_a_report.pdf");
    let text = Path::new("fixtures/text/seed_utf8.txt");
    let output = review(&[Path::new(SEED_PDF), not_a_report, text], dir.path());
    assert_eq!(output.status.code(), Some(1), "one input is not a report");
    let index = dir.path().join("index.html");
    let dom = dump_dom(&browser, &format!("{}#sort=warnings-desc", file_url(&index)));
    let tables = select(&dom, "table.sortable");
    assert_eq!(
        tables[0].value().attr("data-sortable"),
        Some("ready"),
        "the index's own script ran under its policy"
    );
    let rows = select(&dom, "table.sortable tbody tr");
    assert_eq!(rows.len(), 3);
    let cells = |row: &ElementRef| {
        select_in(*row, "td").iter().map(|c| c.text().collect::<String>()).collect::<Vec<_>>()
    };
    // Sorted by warnings, most first (the golden records' warnings): the text input (2 +
    // zone_name_variant + columns_by_cell_order = 4), the PDF (2 + zone_name_variant = 3),
    // not_a_report (0).
    let warnings: Vec<String> = rows.iter().map(|r| cells(r)[4].clone()).collect();
    assert_eq!(warnings, ["4", "3", "0"]);
    let statuses: Vec<String> = rows.iter().map(|r| cells(r)[3].clone()).collect();
    assert_eq!(statuses, ["ok", "ok", "not_a_report"]);
    // Each row links to its page, which exists.
    for row in &rows {
        let href = select_in(*row, "a")[0].value().attr("href").expect("link").to_string();
        assert!(dir.path().join(&href).is_file(), "{href}");
    }
}

/// The seed as text, with injection strings in the header (zone name, authors), a
/// 数値目標's name (body and 別紙1 label) and a 別紙1 cell.
fn hostile_report() -> String {
    let seed = std::fs::read_to_string("fixtures/text/seed_utf8.txt").expect("seed text");
    let mark = "document.body.setAttribute('data-pwned','1')";
    let replaced = seed
        .replacen(
            "京浜臨海部ライフノベーション国際戦略総合特区",
            &format!("京浜<script>{mark}</script>\" onmouseover=\"{mark}\" data-injected=\"特区"),
            1,
        )
        .replacen("神奈川県、横浜市", &format!("神奈川県、<img src=x onerror=\"{mark}\">横浜市"), 1)
        .replace(
            "特区関連事業による投資額",
            &format!("特区関連事業による投資額<svg onload=\"{mark}\">"),
        )
        .replacen(
            "\t119億円\t",
            &format!("\t<iframe srcdoc=\"<script>{mark}</script>\"></iframe>\t"),
            1,
        );
    assert_ne!(replaced, seed);
    replaced
}

#[test]
fn injection_strings_in_a_report_are_shown_as_text_and_run_nothing() {
    let Some(browser) =
        chromium_or_skip("injection_strings_in_a_report_are_shown_as_text_and_run_nothing")
    else {
        return;
    };
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("hostile.txt");
    let hostile = hostile_report();
    std::fs::write(&input, &hostile).expect("input");
    let out = dir.path().join("review");
    let output = review(&[&input], &out);
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let dom = dump_dom(&browser, &file_url(&out.join("001-hostile.html")));
    // Nothing ran, and no element was made from the document's text.
    assert!(select(&dom, "[data-pwned]").is_empty(), "an injected handler ran");
    for css in [
        "script",
        "img",
        "iframe",
        "svg[onload]",
        "[onmouseover]",
        "[onerror]",
        "[onload]",
        "[data-injected]",
    ] {
        assert!(select(&dom, css).is_empty(), "an element {css} came from the document");
    }
    // The strings are there as text where they belong.
    let zone = select(&dom, "tr[id=\"at-report-zone_name\"] td")[0].text().collect::<String>();
    assert!(
        zone.starts_with(
            "京浜<script>document.body.setAttribute('data-pwned','1')</script>\" onmouseover=\""
        ),
        "{zone}"
    );
    let authors = select(&dom, "tr[id=\"at-report-authors\"] td")[0].text().collect::<String>();
    assert!(authors.contains("<img src=x onerror="), "{authors}");
    let name = select(&dom, "section.target-block[data-target-key=\"1-1\"] .target-name")[0]
        .text()
        .collect::<String>();
    assert!(
        name.ends_with("<svg onload=\"document.body.setAttribute('data-pwned','1')\">"),
        "{name}"
    );
    // The unreadable cell is a warning whose message quotes it, beside the 2017 actual.
    let cell = select(&dom, "td[data-pointer=\"/indicators/0/targets/0/series/0/actual\"]")[0];
    let warning = select_in(cell, "span.warning[data-code=unreadable_value]");
    assert_eq!(warning.len(), 1, "the unreadable cell's warning sits at its value");
    // (Table cells are read without their spaces: the quoted text is `<iframesrcdoc=…`.)
    let message = warning[0].text().collect::<String>();
    assert!(
        message.contains("<iframesrcdoc=")
            && message.contains("<script>document.body.setAttribute('data-pwned','1')</script>"),
        "{message}"
    );
    // The index shows the zone name as text too, and its own script still runs.
    let index = dump_dom(&browser, &file_url(&out.join("index.html")));
    assert!(select(&index, "[data-pwned], img, iframe, svg, [onmouseover]").is_empty());
    assert_eq!(select(&index, "script").len(), 1, "only the index's own script");
    assert_eq!(select(&index, "table.sortable")[0].value().attr("data-sortable"), Some("ready"));
}
