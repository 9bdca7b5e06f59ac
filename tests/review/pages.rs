//! Review pages without a browser: every value of the seed's record that was read from
//! the PDF links to a box in the drawing of the page it was read from, on the page the
//! golden record's warnings name; a text input's values name their page but have no
//! drawing; an error record gets a page that shows the error.

use scraper::{ElementRef, Html, Selector};
use serde_json::Value;

use tokku::lang::Lang;
use tokku::pdf::limits::Limits;
use tokku::review::{render_page, review_bytes, PageLinks};

/// The links of a page reviewed on its own (no zone page).
const LINKS: PageLinks = PageLinks { index: "index.html", zone: None };

fn page_of(path: &str) -> (Html, Value) {
    let bytes = std::fs::read(path).expect("fixture");
    let reviewed = review_bytes(&bytes, path, &Limits::default());
    let record = serde_json::to_value(&reviewed.record).expect("json");
    (
        Html::parse_document(&render_page(
            &reviewed.record,
            reviewed.doc.as_ref(),
            PageLinks { index: "index.html", zone: None },
            Lang::Ja,
        )),
        record,
    )
}

fn select<'a>(html: &'a Html, css: &str) -> Vec<ElementRef<'a>> {
    html.select(&Selector::parse(css).expect("selector")).collect()
}

fn select_in<'a>(element: ElementRef<'a>, css: &str) -> Vec<ElementRef<'a>> {
    element.select(&Selector::parse(css).expect("selector")).collect()
}

#[test]
fn every_value_read_from_the_pdf_links_to_its_box_in_the_page_drawing() {
    let (html, _) = page_of("fixtures/pdf/seed_libreoffice.pdf");
    let golden: Value = serde_json::from_str(
        &std::fs::read_to_string("fixtures/expected/seed_libreoffice.json").expect("golden"),
    )
    .expect("json");
    let mut linked = 0;
    for cell in select(&html, "td[data-pointer]") {
        let pointer = cell.value().attr("data-pointer").expect("pointer");
        let expected = golden
            .pointer(pointer)
            .unwrap_or_else(|| panic!("{pointer} is not in the golden record"));
        let shown = select_in(cell, "span.value");
        // A value is shown exactly where the golden record has one.
        assert_eq!(
            shown.is_empty(),
            expected.is_null(),
            "{pointer}: shown {:?}, golden {expected}",
            shown.first().map(|s| s.text().collect::<String>())
        );
        if expected.is_null() {
            continue;
        }
        let links = select_in(cell, "a.src");
        assert_eq!(links.len(), 1, "{pointer} has a link to where it was read");
        let target =
            links[0].value().attr("href").expect("href").trim_start_matches('#').to_string();
        let boxes = select(&html, &format!("section.drawing rect[id=\"{target}\"]"));
        assert_eq!(boxes.len(), 1, "{pointer}: its link targets a box in a page drawing");
        assert_eq!(boxes[0].value().attr("data-pointer"), Some(pointer));
        let page = links[0].text().collect::<String>();
        // Pages as the golden's README gives them for the LibreOffice rendition: the
        // 1-1 table on page 7, the 1-2 goal on page 1.
        if pointer.starts_with("/indicators/0/targets/0/series/") {
            assert_eq!(page, "p.7", "{pointer}");
        }
        if pointer == "/indicators/0/targets/1/goal" {
            assert_eq!(page, "p.1", "{pointer}");
        }
        let drawing = boxes[0]
            .ancestors()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().name() == "section")
            .expect("section");
        assert_eq!(
            format!("p.{}", drawing.value().attr("data-page").expect("data-page")),
            page,
            "{pointer}: the box is in the drawing of the page the link names"
        );
        linked += 1;
    }
    // 6 targets: 4 body values and a goal each where stated, and their 別紙1 cells.
    assert!(linked > 90, "{linked} values linked");
}

#[test]
fn text_inputs_name_the_page_but_have_no_drawing() {
    let (html, record) = page_of("fixtures/text/seed_utf8.txt");
    assert!(record["error"].is_null());
    assert!(select(&html, "section.drawing").is_empty());
    assert!(select(&html, "a.src").is_empty());
    assert!(
        !select(&html, "span.src").is_empty(),
        "values still say which page they were read from"
    );
    // The text input's own warning sits in the list at the top (it names no value).
    assert!(html.html().contains("columns_by_cell_order"));
}

#[test]
fn an_error_record_gets_a_page_that_shows_the_error() {
    let (html, record) = page_of("fixtures/pdf/not_a_report.pdf");
    assert_eq!(record["error"]["code"], "not_a_report");
    let boxes = select(&html, "div.error-box[data-error-code=not_a_report]");
    assert_eq!(boxes.len(), 1);
    assert!(select(&html, "svg.chart").is_empty());
}

fn tokku() -> std::process::Command {
    std::process::Command::new(env!("CARGO_BIN_EXE_tokku"))
}

/// Every file below `dir`, recursively.
fn files_below(dir: &std::path::Path) -> Vec<std::path::PathBuf> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir).expect("readable").flatten() {
        let path = entry.path();
        if path.is_dir() {
            found.extend(files_below(&path));
        } else {
            found.push(path);
        }
    }
    found
}

/// The `lang` attribute of a page.
fn page_lang(path: &std::path::Path) -> String {
    let html = Html::parse_document(&std::fs::read_to_string(path).expect("page"));
    select(&html, "html")[0].value().attr("lang").unwrap_or("").to_string()
}

/// Documents and zones named to escape: `..`, absolute paths, both slashes, NUL, `/`-like
/// Unicode (U+2215 ∕, U+FF0F ／), names of 300 bytes, a document called index. Written
/// into a batch folder's records.ndjson by hand (a batch would not make such names from
/// real files, a records file can hold anything), then `tokku review FOLDER --out OUT`.
#[test]
fn hostile_document_names_keep_every_page_inside_the_output_folder() {
    let dir = tempfile::tempdir().expect("temp dir");
    let batch = dir.path().join("batch");
    let root = dir.path().join("root");
    let out = root.join("out");
    std::fs::create_dir_all(&batch).expect("batch dir");
    std::fs::create_dir_all(&root).expect("root dir");
    let (_, base) = page_of("fixtures/text/seed_utf8.txt");
    let long = format!("{}.pdf", "評".repeat(100));
    let files = [
        "../x.pdf".to_string(),
        "../../../../../../tmp/escaped.pdf".to_string(),
        "/etc/passwd".to_string(),
        "a\\..\\..\\b.pdf".to_string(),
        "..".to_string(),
        ".".to_string(),
        String::new(),
        "nul\0byte.pdf".to_string(),
        long.clone(),
        "x".repeat(300),
        "a∕..∕..∕b.pdf".to_string(),
        "c／..／..／d.pdf".to_string(),
        "index.pdf".to_string(),
        "zones.pdf".to_string(),
        "2019/report.pdf".to_string(),
        "2020/report.pdf".to_string(),
    ];
    let zones = [
        "../../zone",
        "a/b\\c",
        "∕..∕z",
        &"区".repeat(100),
        "..",
        "京浜臨海部ライフイノベーション国際戦略総合特区",
    ];
    let mut lines = String::new();
    for (n, file) in files.iter().enumerate() {
        let mut record = base.clone();
        record["source"]["file"] = Value::String(file.clone());
        record["report"]["zone_name"] = Value::String(zones[n % zones.len()].to_string());
        record["report"]["fiscal_year"] = Value::from(2010 + n as i64);
        lines.push_str(&serde_json::to_string(&record).expect("json"));
        lines.push('\n');
    }
    std::fs::write(batch.join("records.ndjson"), lines).expect("records");
    let output = tokku()
        .arg("review")
        .arg(&batch)
        .arg("--out")
        .arg(&out)
        .args(["--lang", "en"])
        .output()
        .expect("tokku runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));

    // Nothing was written anywhere but the output folder.
    let out_real = out.canonicalize().expect("out");
    let written = files_below(&root);
    assert!(written.iter().all(|f| f.starts_with(&out)), "{written:?}");
    let beside: Vec<_> =
        std::fs::read_dir(dir.path()).expect("dir").flatten().map(|e| e.file_name()).collect();
    assert_eq!(beside.len(), 2, "only batch/ and root/ in the temp dir: {beside:?}");
    assert!(!std::path::Path::new("/tmp/escaped.html").exists());
    for file in &written {
        let name = file.file_name().expect("name").to_string_lossy().to_string();
        assert!(name.len() <= 200, "{name} is {} bytes", name.len());
        assert!(!name.contains(['/', '\\', '\0', '∕', '／']), "{name}");
        assert!(!name.starts_with('.'), "{name}");
    }
    // A page per document, each its own, each link inside the folder.
    let index =
        Html::parse_document(&std::fs::read_to_string(out.join("index.html")).expect("index"));
    let pages: Vec<String> = select(&index, "tbody tr td:first-child a")
        .iter()
        .map(|a| a.value().attr("href").expect("href").to_string())
        .collect();
    assert_eq!(pages.len(), files.len());
    let distinct: std::collections::BTreeSet<&String> = pages.iter().collect();
    assert_eq!(distinct.len(), files.len(), "{pages:?}");
    assert!(
        !pages.contains(&"index.html".to_string()) && !pages.contains(&"zones.html".to_string())
    );
    for page in &pages {
        let path = out.join(page).canonicalize().unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(path.starts_with(&out_real) && path.parent() == Some(out_real.as_path()), "{page}");
    }
    // The 300-byte name keeps its Japanese, cut at a character boundary.
    assert!(pages.iter().any(|p| p.starts_with("評評評") && p.ends_with(".html")), "{pages:?}");
    // The zone pages stay in out/zones/.
    let zone_index =
        Html::parse_document(&std::fs::read_to_string(out.join("zones.html")).expect("zones"));
    let zone_pages: Vec<String> = select(&zone_index, "a.zone-link")
        .iter()
        .map(|a| a.value().attr("href").expect("href").to_string())
        .collect();
    assert_eq!(zone_pages.len(), zones.len());
    for page in &zone_pages {
        let path = out.join(page).canonicalize().unwrap_or_else(|e| panic!("{page}: {e}"));
        assert_eq!(path.parent(), Some(out_real.join("zones").as_path()), "{page}");
    }

    // Real files with `/`-like characters and a long Japanese name, given to `tokku review`.
    let inputs = dir.path().join("batch").join("in");
    std::fs::create_dir_all(&inputs).expect("inputs");
    let seed = std::fs::read("fixtures/text/seed_utf8.txt").expect("seed");
    let names = ["a∕..∕b.txt", "c／d.txt", &format!("{}.txt", "評".repeat(80))];
    let paths: Vec<std::path::PathBuf> = names.iter().map(|n| inputs.join(n)).collect();
    for path in &paths {
        std::fs::write(path, &seed).expect("input");
    }
    let out2 = root.join("out2");
    let output = tokku().arg("review").args(&paths).arg("--out").arg(&out2).output().expect("runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let mut written: Vec<String> = std::fs::read_dir(&out2)
        .expect("out2")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .collect();
    written.sort();
    assert_eq!(written.len(), 4, "{written:?}");
    assert!(
        written.contains(&"a_.._b.html".to_string()) && written.contains(&"c_d.html".to_string()),
        "{written:?}"
    );
    // 80 × 3 bytes cut to 200 with `.html`: 65 characters.
    assert!(written.contains(&format!("{}.html", "評".repeat(65))), "{written:?}");
    assert!(files_below(&root).iter().all(|f| f.starts_with(&out) || f.starts_with(&out2)));
}

#[test]
fn the_environment_chooses_the_pages_language_and_lang_overrides_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let run = |case: &str, env: &[(&str, &str)], args: &[&str]| {
        let out = dir.path().join(case);
        let mut command = tokku();
        command.env_remove("LC_ALL").env_remove("LC_MESSAGES").env_remove("LANG");
        command.envs(env.iter().copied());
        let output = command
            .args(["review", "fixtures/text/seed_utf8.txt", "--out"])
            .arg(&out)
            .args(args)
            .output()
            .expect("tokku runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
        page_lang(&out.join("seed_utf8.html"))
    };
    assert_eq!(run("lang-ja", &[("LANG", "ja_JP.UTF-8")], &[]), "ja");
    assert_eq!(run("lang-en", &[("LANG", "en_US.UTF-8")], &[]), "en");
    assert_eq!(run("none", &[], &[]), "en");
    assert_eq!(run("lc-all", &[("LC_ALL", "ja_JP.UTF-8"), ("LANG", "C")], &[]), "ja");
    assert_eq!(run("lc-messages", &[("LC_MESSAGES", "ja_JP.UTF-8"), ("LANG", "C")], &[]), "ja");
    assert_eq!(run("flag", &[("LANG", "ja_JP.UTF-8")], &["--lang", "en"]), "en");
    assert_eq!(run("flag-ja", &[("LANG", "C")], &["--lang", "ja"]), "ja");
}

/// `tokku review BATCH_DIR` makes the pages `batch --review` makes: the same zone page,
/// zone index and document pages, byte for byte (fixtures/panel, its zone list).
#[test]
fn reviewing_a_batch_folder_gives_the_pages_of_batch_review() {
    let dir = tempfile::tempdir().expect("temp dir");
    let batch = |out: &std::path::Path, review: bool| {
        let mut command = tokku();
        command.args([
            "batch",
            "--zones",
            "fixtures/panel/zones.json",
            "--jobs",
            "1",
            "--lang",
            "ja",
            "--out",
        ]);
        command.arg(out);
        if review {
            command.arg("--review");
        }
        let output = command.arg("fixtures/panel").output().expect("tokku runs");
        assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    };
    let (with, without) = (dir.path().join("with"), dir.path().join("without"));
    batch(&with, true);
    batch(&without, false);
    assert!(!without.join("review").exists());
    let output = tokku()
        .arg("review")
        .arg(&without)
        .args(["--zones", "fixtures/panel/zones.json", "--lang", "ja"])
        .output()
        .expect("tokku runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let zone_page = "zones/しらかば高原観光交流地域活性化総合特区.html";
    for page in
        ["index.html", "zones.html", zone_page, "shirakaba_2019.html", "shirakaba_2021.html"]
    {
        let a =
            std::fs::read(with.join("review").join(page)).unwrap_or_else(|e| panic!("{page}: {e}"));
        let b = std::fs::read(without.join("review").join(page))
            .unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(a == b, "{page} differs");
    }
    // Without the zone list the misspelled 2020 report is a zone of its own.
    let output = tokku().arg("review").arg(&without).args(["--lang", "ja"]).output().expect("runs");
    assert!(output.status.success());
    let zones = Html::parse_document(
        &std::fs::read_to_string(without.join("review").join("zones.html")).expect("zones"),
    );
    let hrefs: Vec<&str> =
        select(&zones, "a.zone-link").iter().filter_map(|a| a.value().attr("href")).collect();
    assert_eq!(
        hrefs,
        // In code point order of the names: 化 (U+5316) before 性 (U+6027).
        ["zones/しらかば高原観光交流地域活化総合特区.html", zone_page],
        "the zones in the order of their names"
    );
    let written = std::fs::read_dir(without.join("review").join("zones")).expect("zones/").count();
    assert_eq!(written, 2, "a page per zone, none left from the run before");
}

#[test]
fn table_lines_no_reader_used_are_outlined_on_the_page_drawing() {
    // The seed's 別紙3 page 14 without its ruling lines: its rows are read by column
    // positions (`report::unruled`), but the ruled rows of page 15 that continue that
    // table cannot be placed under a header found by position; the lines no reader used
    // are drawn as unread.
    let file = "fixtures/pdf/seed_libreoffice.pdf";
    let bytes = std::fs::read(file).expect("fixture");
    let read = tokku::Extractor::new().read(&bytes, file).expect("reads");
    let mut pages: Vec<_> = read.doc.pages.iter().filter_map(|p| p.layout.clone()).collect();
    pages.iter_mut().filter(|p| p.number == 14).for_each(|p| p.rules.clear());
    let damaged = tokku::extract::ReadDocument {
        doc: tokku::text::document::Doc::from_pdf_pages(pages),
        source: read.source,
        warnings: read.warnings,
    };
    let (record, doc) = tokku::Extractor::new().record_and_document(damaged);
    let doc = doc.expect("the readers ran");
    assert!(
        record.warnings.iter().any(|w| w.code == "text_unread" && w.page == Some(15)),
        "{:?}",
        record.warnings
    );
    let html = Html::parse_document(&render_page(&record, Some(&doc), LINKS, Lang::En));
    let drawing = select(&html, "section.drawing[data-page='15']");
    assert_eq!(drawing.len(), 1, "page 15 is drawn");
    assert!(!select_in(drawing[0], "rect.unread").is_empty(), "unread lines are outlined");
    assert!(!select_in(drawing[0], ".legend .unread-key").is_empty(), "with a legend");
    // Page 13 (別紙2, read whole) has no unread line.
    for page in select(&html, "section.drawing[data-page='13']") {
        assert!(select_in(page, "rect.unread").is_empty());
    }
    // The undamaged seed has none anywhere.
    let clean = review_bytes(&bytes, file, &Limits::default());
    let html =
        Html::parse_document(&render_page(&clean.record, clean.doc.as_ref(), LINKS, Lang::En));
    assert!(select(&html, "rect.unread").is_empty());
}
