//! How real reports vary in wording and layout (goal forms, headings and numbering, page
//! furniture, characters, year tables, qualitative targets, header variants): one test per
//! kind of variation.
//! Each reads several small documents built here as text (and, for page furniture and
//! year tables, as synthetic PDF layout pages: glyphs at positions, as the PDF reader
//! gives them) and compares with values typed by hand from those documents, never from
//! tokku's output. The report-model corpus (tests/report/corpus.rs) covers the same bullets
//! through every producer; these tests pin each rule to its own small example.

use serde_json::{json, Value};
use tokku::extract::ReadDocument;
use tokku::jp::normalize;
use tokku::pdf::layout::{Glyph, Page};
use tokku::record::Source;
use tokku::text::document::Doc;
use tokku::Extractor;

/// The record of a text document.
fn record(text: &str) -> Value {
    let record =
        serde_json::to_value(tokku::Extractor::new().record(text.as_bytes(), "varies.txt"))
            .expect("a record serializes");
    assert!(record["error"].is_null(), "{}", record["error"]);
    record
}

/// The record of synthetic PDF layout pages.
fn layout_record(pages: Vec<Page>) -> Value {
    let read = ReadDocument {
        doc: Doc::from_pdf_pages(pages),
        source: Source { file: "varies.pdf".into(), ..Source::default() },
        warnings: Vec::new(),
    };
    serde_json::to_value(Extractor::new().record_of(read)).expect("a record serializes")
}

/// Warnings as (code, path).
fn warnings(record: &Value) -> Vec<(String, String)> {
    record["warnings"]
        .as_array()
        .into_iter()
        .flatten()
        .map(|w| {
            (
                w["code"].as_str().unwrap_or_default().to_string(),
                w["path"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

/// Warnings whose path starts with `prefix`.
fn warnings_at(record: &Value, prefix: &str) -> Vec<(String, String)> {
    warnings(record).into_iter().filter(|(_, path)| path.starts_with(prefix)).collect()
}

/// A Quantity as the record writes it (an integral value is written as an integer).
fn quantity(value: f64, unit: &str, text: &str) -> Value {
    let value = if value.fract() == 0.0 { json!(value as i64) } else { json!(value) };
    json!({"value": value, "unit": unit, "text": text})
}

/// Lays out a string as 10pt glyphs, 10pt wide each, from x on the baseline y.
fn text_at(page: &mut Page, text: &str, x: f64, y: f64) {
    for (i, ch) in text.chars().enumerate() {
        page.glyphs.push(Glyph {
            text: ch.to_string().into(),
            x: x + 10.0 * i as f64,
            y,
            width: 10.0,
            size: 10.0,
        });
    }
}

/// A portrait A4 page holding `lines` from y=80, one every 16pt, at the left margin.
fn body_page(number: u32, lines: &[&str]) -> Page {
    let mut page = Page { number, width: 595.0, height: 842.0, ..Page::default() };
    for (i, line) in lines.iter().enumerate() {
        text_at(&mut page, line, 40.0, 80.0 + 16.0 * i as f64);
    }
    page
}

const HEADER: &str = "令和3年度 地域活性化総合特別区域評価書
作成主体の名称：長峰県
1 地域活性化総合特別区域の名称
長峰高原地域活性化総合特区
2 総合特区計画の状況
";

#[test]
fn goal_forms() {
    let text = format!(
        "{HEADER}3 目標に向けた取組の進捗に関する評価（別紙1）
① 評価指標
評価指標（1）：観光の振興【進捗度100%】
数値目標（1）－①：観光入込客数
8,300人（平成24年度）→ 12,500人（平成30年度）
【当該年度目標値12,500人、当該年度実績値12,500人、進捗度100%、寄与度25%】
数値目標（1）－②：宿泊件数
（平成23年度）640件→（平成29年度）1,150件
【当該年度目標値1,150件、当該年度実績値1,150件、進捗度100%、寄与度25%】
数値目標（1）－③：交流人口
平成25年度1,340千人 → 平成30年度1,800千人
【当該年度目標値1,800千人、当該年度実績値1,800千人、進捗度100%、寄与度25%】
数値目標（1）－④：農産物出荷量
令和3年度：9,000t（基準値：7,400t（平成28年度））
【当該年度目標値9,000t、当該年度実績値9,000t、進捗度100%、寄与度25%】
評価指標（2）：産業の振興【進捗度100%】
数値目標（2）－①：新規参入企業数
単年度：45社（令和3年度）
【当該年度目標値45社、当該年度実績値45社、進捗度100%、寄与度20%】
数値目標（2）－②：投資額
5年間（平成29～令和3年度）累計：475億円
【当該年度目標値93億円、当該年度実績値93億円、進捗度100%、寄与度20%】
数値目標（2）－③：補助金交付額
5年間（平成29～令和3年度）累計：3,000千円
【当該年度目標値600千円、当該年度実績値600千円、進捗度100%、寄与度20%】
数値目標（2）－④：販売額
令和3年度：250百万円
【当該年度目標値250百万円、当該年度実績値250百万円、進捗度100%、寄与度20%】
数値目標（2）－⑤：農業法人数
60経営体（令和3年度）
【当該年度目標値60経営体、当該年度実績値60経営体、進捗度100%、寄与度20%】
評価指標（3）：暮らしの向上【進捗度100%】
数値目標（3）－①：来訪者数
令和3年度：12万人
【当該年度目標値12万人、当該年度実績値12万人、進捗度100%、寄与度50%】
数値目標（3）－②：満足度
令和3年度：85%
【当該年度目標値85%、当該年度実績値85%、進捗度100%、寄与度50%】
評価指標（4）：読めない目標【進捗度100%】
数値目標（4）：謎の指標
令和3年度：おおむね達成
【当該年度目標値10件、当該年度実績値10件、進捗度100%】
②寄与度の考え方
特になし
"
    );
    let r = record(&text);
    let target = |i: usize, j: usize| r["indicators"][i]["targets"][j].clone();
    // A→B, year after each value: baseline A with its year, goal B, final_year, no period.
    let t = target(0, 0);
    assert_eq!(t["key"], "1-1");
    assert_eq!(t["goal"], quantity(12500.0, "人", "12,500人"));
    assert_eq!(t["goal_basis"], "final_year");
    assert!(t["period"].is_null(), "{}", t["period"]);
    assert_eq!(
        t["baseline"],
        json!({"value": quantity(8300.0, "人", "8,300人"), "fiscal_year": 2012})
    );
    // A→B, year before each value.
    let t = target(0, 1);
    assert_eq!(t["goal"], quantity(1150.0, "件", "1,150件"));
    assert_eq!(
        t["baseline"],
        json!({"value": quantity(640.0, "件", "640件"), "fiscal_year": 2011})
    );
    assert!(t["period"].is_null());
    // A→B, year as a prefix, 千人.
    let t = target(0, 2);
    assert_eq!(t["goal"], quantity(1_800_000.0, "人", "1,800千人"));
    assert_eq!(
        t["baseline"],
        json!({"value": quantity(1_340_000.0, "人", "1,340千人"), "fiscal_year": 2013})
    );
    assert_eq!(t["goal_basis"], "final_year");
    // 基準値 clause, t.
    let t = target(0, 3);
    assert_eq!(t["goal"], quantity(9000.0, "t", "9,000t"));
    assert_eq!(t["goal_basis"], "final_year");
    assert_eq!(
        t["baseline"],
        json!({"value": quantity(7400.0, "t", "7,400t"), "fiscal_year": 2016})
    );
    // 単年度 with its year, 社.
    let t = target(1, 0);
    assert_eq!(
        (t["goal"].clone(), t["goal_basis"].clone()),
        (quantity(45.0, "社", "45社"), json!("final_year"))
    );
    assert!(t["baseline"].is_null() && t["period"].is_null());
    // 累計 with its period, 億円 and 千円.
    let t = target(1, 1);
    assert_eq!(t["goal"], quantity(47_500_000_000.0, "円", "475億円"));
    assert_eq!(t["goal_basis"], "cumulative");
    assert_eq!(t["period"], json!({"start_fiscal_year": 2017, "end_fiscal_year": 2021}));
    assert_eq!(target(1, 2)["goal"], quantity(3_000_000.0, "円", "3,000千円"));
    // 百万円, 経営体 (value then year), 万人, %.
    assert_eq!(target(1, 3)["goal"], quantity(250_000_000.0, "円", "250百万円"));
    let t = target(1, 4);
    assert_eq!(
        (t["goal"].clone(), t["goal_basis"].clone()),
        (quantity(60.0, "経営体", "60経営体"), json!("final_year"))
    );
    assert_eq!(target(2, 0)["goal"], quantity(120_000.0, "人", "12万人"));
    assert_eq!(target(2, 1)["goal"], quantity(85.0, "%", "85%"));
    // A goal that holds no number: null, and a warning naming it.
    assert!(target(3, 0)["goal"].is_null());
    assert!(
        warnings_at(&r, "/indicators/3/targets/0/goal")
            .iter()
            .any(|(code, _)| code == "unreadable_value"),
        "{:?}",
        warnings(&r)
    );
    // Nothing else is doubted about the goals.
    for i in 0..3 {
        assert!(
            warnings(&r)
                .iter()
                .all(|(_, path)| !path.starts_with(&format!("/indicators/{i}/targets"))
                    || path.ends_with("/series")),
            "{:?}",
            warnings(&r)
        );
    }
}

#[test]
fn headings_and_numbering() {
    // Full-width markers, and each sub-heading marker garbled, spaced or missing.
    let variants = [
        ("３ 目標に向けた取組の進捗に関する評価（別紙1）\n（１）評価指標", "（２）寄与度の考え方"),
        ("3 目標に向けた取組の進捗に関する評価（別紙1）\n?評価指標", "?寄与度の考え方"),
        ("3 目標に向けた取組の進捗に関する評価（別紙1）\n〓評価指標", "〓寄与度の考え方"),
        ("3 目標に向けた取組の進捗に関する評価（別紙1）\n① 評 価 指 標", "② 寄 与 度 の 考 え 方"),
        ("目標に向けた取組の進捗に関する評価（別紙1）", "寄与度の考え方"),
    ];
    for (start, end) in variants {
        let text = format!(
            "{HEADER}{start}
評価指標（1）：観光交流人口の拡大による地域経済の
活性化【進捗度96%】
数値目標（1）-①：観光入込客数
5年間（平成29～令和3年度）累計：100人
【当該年度目標値20人、当該年度実績値19人、進捗度95%、寄与度50%】
数値目標(1)－②：観光消費額
5年間（平成29～令和3年度）累計：100人
【当該年度目標値20人、当該年度実績値19人、進捗度95%、寄与度50%】
評価指標（2）：地域産業の振興
【進捗度―】
数値目標：農業法人の経営体数
5年間（平成29～令和3年度）累計：100人
【当該年度目標値20人、当該年度実績値―、進捗度―】
評価指標（3）：雇用【進捗度100%】
数値目標3-1：新規雇用者数
5年間（平成29～令和3年度）累計：100人
【当該年度目標値20人、当該年度実績値20人、進捗度100%、寄与度100%】
{end}
特になし
4 規制の特例措置を活用した事業等の実績及び自己評価（別紙2）
"
        );
        let r = record(&text);
        let indicators = r["indicators"].as_array().cloned().unwrap_or_default();
        assert_eq!(indicators.len(), 3, "{start}: {}", r["indicators"]);
        // The wrapped indicator line is one name with its progress.
        assert_eq!(indicators[0]["name"], "観光交流人口の拡大による地域経済の活性化", "{start}");
        assert_eq!(indicators[0]["progress_pct"], 96, "{start}");
        let keys: Vec<&str> = indicators
            .iter()
            .flat_map(|i| i["targets"].as_array().into_iter().flatten())
            .filter_map(|t| t["key"].as_str())
            .collect();
        // The lone unnumbered target of 評価指標（2） is keyed "2".
        assert_eq!(keys, vec!["1-1", "1-2", "2", "3-1"], "{start}");
        assert_eq!(indicators[1]["targets"][0]["name"], "農業法人の経営体数");
        // 【進捗度―】: null, and no warning about it.
        assert!(indicators[1]["progress_pct"].is_null(), "{start}");
        assert!(
            warnings_at(&r, "/indicators/1/progress_pct").is_empty(),
            "{start}: {:?}",
            warnings(&r)
        );
        assert!(
            !warnings(&r)
                .iter()
                .any(|(code, _)| code == "unparsed_line" || code == "target_numbering"),
            "{start}: {:?}",
            warnings(&r)
        );
        // Section 3 ① ends at 寄与度の考え方: nothing after it is read as an indicator.
        assert_eq!(
            indicators[2]["targets"][0]["current"]["actual"],
            quantity(20.0, "人", "20人"),
            "{start}"
        );
    }
}

#[test]
fn page_furniture() {
    // Text: running header, `- N -` page numbers at form feeds, a 数値目標 name straddling
    // the page break.
    let header = "令和3年度 地域活性化総合特別区域評価書（長峰特区）";
    let text = format!(
        "{header}\n令和3年度 地域活性化総合特別区域評価書\n作成主体の名称：長峰県\n1 地域活性化総合特別区域の名称\n長峰高原地域活性化総合特区\n2 総合特区計画の状況\n- 1 -\n\u{c}\
         {header}\n3 目標に向けた取組の進捗に関する評価（別紙1）\n① 評価指標\n評価指標（1）：観光の振興【進捗度100%】\n数値目標（1）：都市農村交流施設の\n- 2 -\n\u{c}\
         {header}\n利用者数\n5年間（平成29～令和3年度）累計：100人\n【当該年度目標値20人、当該年度実績値20人、進捗度100%】\n②寄与度の考え方\n- 3 -\n\u{c}\
         {header}\n7 総合評価\nおおむね順調である。\n- 4 -\n"
    );
    let r = record(&text);
    assert_eq!(r["indicators"][0]["targets"][0]["name"], "都市農村交流施設の利用者数");
    assert_eq!(r["report"]["title"], "令和3年度 地域活性化総合特別区域評価書");
    assert_eq!(r["report"]["zone_name"], "長峰高原地域活性化総合特区");
    let doc = Doc::from_text(&text);
    let kept = doc.text();
    assert!(
        !kept.contains("- 1 -") && !kept.contains("- 2 -") && !kept.contains("- 4 -"),
        "{kept}"
    );
    // The document's first line is never dropped (a title printed as the running header
    // of every page is still the title); every later copy of the running header is.
    assert_eq!(kept.matches("(長峰特区)").count(), 1, "{kept}");
    assert!(kept.starts_with("令和3年度地域活性化総合特別区域評価書(長峰特区)"), "{kept}");
    assert!(kept.contains("7総合評価"), "a heading at the top of one page stays: {kept}");
    // `3 / 15` and bare page numbers.
    for number in ["{n} / 4", "{n}"] {
        let pages: Vec<String> = (1..=4)
            .map(|n| {
                let k = ["一", "二", "三", "四"][n - 1];
                format!(
                    "第{k}章の始まり\n第{k}章の本文\n第{k}章の終わり\n{}",
                    number.replace("{n}", &n.to_string())
                )
            })
            .collect();
        let doc = Doc::from_text(&pages.join("\n\u{c}"));
        assert!(
            doc.pages.iter().all(|p| p.lines.len() == 3 && p.furniture.len() == 1),
            "{number}: {:?}",
            doc.pages
        );
    }
    // Numbers that do not count the pages up are content, not page numbers.
    let doc = Doc::from_text("一行目\n7\n\u{c}一行目です\n5\n\u{c}一行目だ\n9\n");
    assert!(doc.pages.iter().all(|p| p.furniture.is_empty()), "{:?}", doc.pages);

    // PDF layout: the running header near the top edge and `- N -` near the bottom edge
    // of every page; the target name breaks across pages 1 and 2.
    let furnish = |mut page: Page, n: u32| {
        text_at(&mut page, "令和3年度 地域活性化総合特別区域評価書（長峰特区）", 100.0, 30.0);
        text_at(&mut page, &format!("- {n} -"), 280.0, 815.0);
        page
    };
    let pages = vec![
        furnish(
            body_page(
                1,
                &[
                    "令和3年度 地域活性化総合特別区域評価書",
                    "作成主体の名称：長峰県",
                    "1 地域活性化総合特別区域の名称",
                    "長峰高原地域活性化総合特区",
                    "2 総合特区計画の状況",
                    "① 評価指標",
                    "評価指標（1）：観光の振興【進捗度100%】",
                    "数値目標（1）：都市農村交流施設の",
                ],
            ),
            1,
        ),
        furnish(
            body_page(
                2,
                &[
                    "利用者数",
                    "5年間（平成29～令和3年度）累計：100人",
                    "【当該年度目標値20人、当該年度実績値20人、進捗度100%】",
                    "②寄与度の考え方",
                ],
            ),
            2,
        ),
        furnish(body_page(3, &["7 総合評価", "おおむね順調である。"]), 3),
    ];
    let r = layout_record(pages);
    assert_eq!(r["indicators"][0]["targets"][0]["name"], "都市農村交流施設の利用者数");
    assert_eq!(r["indicators"][0]["targets"][0]["goal"], quantity(100.0, "人", "100人"));
    assert_eq!(r["report"]["title"], "令和3年度 地域活性化総合特別区域評価書");
    assert!(!r.to_string().contains("- 1 -") && !r.to_string().contains("長峰特区)"), "{r}");
}

#[test]
fn characters() {
    // Every radical of Unicode's EquivalentUnifiedIdeograph.txt folds to its unified
    // ideograph, except where Japanese fonts share the glyph of another JIS kanji
    // (JapaneseGlyphEquivalents.txt): then to that kanji.
    let parse = |path: &str| -> Vec<(u32, u32, u32)> {
        std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("{path}: {e}"))
            .lines()
            .filter_map(|raw| {
                let line = raw.split('#').next().unwrap_or("").trim();
                let (source, target) = line.split_once(';')?;
                let (first, last) =
                    source.trim().split_once("..").unwrap_or((source.trim(), source.trim()));
                let hex = |s: &str| {
                    u32::from_str_radix(s.trim(), 16).unwrap_or_else(|e| panic!("{path}: {s}: {e}"))
                };
                Some((hex(first), hex(last), hex(target)))
            })
            .collect()
    };
    let japanese = parse("src/jp/data/JapaneseGlyphEquivalents.txt");
    let mut radicals = 0;
    for (first, last, unified) in parse("src/jp/data/EquivalentUnifiedIdeograph.txt") {
        for cp in first..=last {
            if !(0x2E80..=0x2FDF).contains(&cp) {
                continue; // CJK Strokes are not folded (see gen_radicals.py)
            }
            let expected =
                japanese.iter().find(|(r, _, _)| *r == cp).map_or(unified, |(_, _, u)| *u);
            let (radical, expected) = (
                char::from_u32(cp).expect("a code point"),
                char::from_u32(expected).expect("a code point"),
            );
            assert_eq!(
                normalize(&radical.to_string()),
                expected.to_string(),
                "U+{cp:04X} {radical}"
            );
            radicals += 1;
        }
    }
    assert_eq!(radicals, 328, "Unicode 15.0 lists 328 radicals with an equivalent");
    assert_eq!(normalize("⿊川県"), "黒川県");
    assert_eq!(normalize("⼾田市"), "戸田市");
    // Every CJK compatibility ideograph with a unified equivalent folds to it.
    let mut compatibility = 0;
    for cp in (0xF900..=0xFAFF).chain(0x2F800..=0x2FA1F) {
        let Some(c) = char::from_u32(cp) else { continue };
        let mut decomposed = Vec::new();
        unicode_normalization::char::decompose_canonical(c, |d| decomposed.push(d));
        if let [unified] = decomposed.as_slice() {
            if *unified != c {
                assert_eq!(normalize(&c.to_string()), unified.to_string(), "U+{cp:04X}");
                compatibility += 1;
            }
        }
    }
    assert!(compatibility > 1000, "{compatibility} compatibility ideographs");
    // In a report: radicals and compatibility ideographs read as the kanji they stand for.
    assert_eq!(normalize("⻑野県"), "長野県");
    let text = HEADER
        .replace("作成主体の名称：長峰県", "作成主体の名称：⻑野県、松本市、\u{FA19}田町")
        .replace("長峰高原地域活性化総合特区", "⻑野⾼原観光\u{FA26}市地域活性化総合特区");
    let r = record(&format!("{text}① 評価指標\n評価指標（1）：観光⾏政の推進【進捗度100%】\n数値目標（1）：観光客数\n令和3年度：100人\n【当該年度目標値100人、当該年度実績値100人、進捗度100%】\n"));
    assert_eq!(r["report"]["authors"], json!(["長野県", "松本市", "神田町"]));
    assert_eq!(r["report"]["zone_name"], "長野高原観光都市地域活性化総合特区");
    assert_eq!(r["indicators"][0]["name"], "観光行政の推進");
}

/// A report whose 別紙1 tables follow in `annex` (text, tab-separated cells).
fn with_annex(targets: &str, annex: &str) -> String {
    format!("{HEADER}① 評価指標\n{targets}②寄与度の考え方\n特になし\n\u{c}{annex}")
}

#[test]
fn year_tables() {
    let targets = "評価指標（1）：観光の振興【進捗度100%】
数値目標（1）－①：観光客数
5年間（平成29～令和3年度）累計：600人
【当該年度目標値140人、当該年度実績値140人、進捗度100%、寄与度50%】
数値目標（1）－②：宿泊者数
令和3年度：70人
【当該年度目標値70人、当該年度実績値70人、進捗度100%、寄与度50%】
評価指標（2）：産業の振興【進捗度100%】
数値目標（2）：出荷額
令和3年度：12億円
【当該年度目標値12億円、当該年度実績値12億円、進捗度100%】
";
    // 当初(平成29年度) + 平成30–32年度 (平成31 = 2019, 平成32 = 2020) + 令和3年度: 5 columns;
    // H29 … R3 bare; 2011年度 … 2021年度: 11 columns, split over a page break without
    // its header repeated; and with the header repeated.
    let annex_variants = [
        "■ 目標に向けた取組の進捗に関する評価
\t\t当初(平成29年度)\t平成30年度\t平成31年度\t平成32年度\t令和3年度
評価指標(1)\t数値目標(1)-① 観光客数 600人(累計)\t目標値\t100人\t110人\t120人\t130人\t140人
\t\t実績値\t105人\t\t125人\t130人\t140人
\t\t進捗度(%)\t105%\t-\t104%\t100%\t100%
■ 目標に向けた取組の進捗に関する評価
\t\tH29\tH30\tR1\tR2\tR3
評価指標(1)\t数値目標(1)-② 宿泊者数 70人(令和3年度)\t目標値\t50人\t55人\t60人\t65人\t70人
\t\t実績値\t50人\t55人\t60人\t65人\t70人
\t\t進捗度(%)\t100%\t100%\t100%\t100%\t100%
■ 目標に向けた取組の進捗に関する評価
\t\t2011年度\t2012年度\t2013年度\t2014年度\t2015年度\t2016年度\t2017年度\t2018年度\t2019年度\t2020年度\t2021年度
評価指標(2)\t数値目標(2) 出荷額 12億円(令和3年度)\t目標値\t2億円\t3億円\t4億円\t5億円\t6億円\t7億円\t8億円\t9億円\t10億円\t11億円\t12億円
\u{c}\t\t実績値\t2億円\t3億円\t4億円\t5億円\t6億円\t7億円\t8億円\t9億円\t10億円\t11億円\t12億円
\t\t進捗度(%)\t100%\t100%\t100%\t100%\t100%\t100%\t100%\t100%\t100%\t100%\t100%
",
        "■ 目標に向けた取組の進捗に関する評価
\t\t当初(H29年度)\tH30年度\t令和元年度\t令和2年度\t令和3年度
評価指標(1)\t数値目標(1)-① 観光客数 600人(累計)\t目標値\t100人\t110人\t120人\t130人\t140人
\t\t実績値\t105人\t\t125人\t130人\t140人
\t\t進捗度(%)\t105%\t-\t104%\t100%\t100%
■ 目標に向けた取組の進捗に関する評価
\t\t2017年度\t2018年度\t2019年度\t2020年度\t2021年度
評価指標(1)\t数値目標(1)-② 宿泊者数 70人(令和3年度)\t目標値\t50人\t55人\t60人\t65人\t70人
\u{c}\t\t2017年度\t2018年度\t2019年度\t2020年度\t2021年度
\t\t実績値\t50人\t55人\t60人\t65人\t70人
\t\t進捗度(%)\t100%\t100%\t100%\t100%\t100%
■ 目標に向けた取組の進捗に関する評価
\t\t平成23年度\t平成24年度\t平成25年度\t平成26年度\t平成27年度\t平成28年度\t平成29年度\t平成30年度\t令和元年度\t令和2年度\t令和3年度
評価指標(2)\t数値目標(2) 出荷額 12億円(令和3年度)\t目標値\t2億円\t3億円\t4億円\t5億円\t6億円\t7億円\t8億円\t9億円\t10億円\t11億円\t12億円
\t\t実績値\t2億円\t3億円\t4億円\t5億円\t6億円\t7億円\t8億円\t9億円\t10億円\t11億円\t12億円
\t\t進捗度(%)\t100%\t100%\t100%\t100%\t100%\t100%\t100%\t100%\t100%\t100%\t100%
",
    ];
    for annex in annex_variants {
        let r = record(&with_annex(targets, annex));
        let series = |i: usize, j: usize| r["indicators"][i]["targets"][j]["series"].clone();
        let years = |s: &Value| {
            s.as_array()
                .into_iter()
                .flatten()
                .map(|p| p["fiscal_year"].as_i64().unwrap_or(0))
                .collect::<Vec<_>>()
        };
        assert_eq!(years(&series(0, 0)), vec![2017, 2018, 2019, 2020, 2021], "{}", series(0, 0));
        assert_eq!(series(0, 0)[1]["actual"], Value::Null, "an empty cell is null");
        assert_eq!(series(0, 0)[2]["actual"], quantity(125.0, "人", "125人"));
        assert_eq!(series(0, 0)[1]["progress_pct"], Value::Null);
        assert_eq!(series(0, 0)[0]["progress_pct"], 105);
        assert_eq!(years(&series(0, 1)), vec![2017, 2018, 2019, 2020, 2021]);
        assert_eq!(series(0, 1)[4]["actual"], quantity(70.0, "人", "70人"));
        let long = series(1, 0);
        assert_eq!(years(&long), (2011..=2021).collect::<Vec<_>>());
        assert_eq!(
            long[10]["actual"],
            quantity(1_200_000_000.0, "円", "12億円"),
            "the rows after the page break join the table"
        );
        assert_eq!(long[0]["progress_pct"], 100);
        // The invented zone is in no official list (zone_unknown, issue 14): that is no doubt
        // about the table.
        let doubts: Vec<_> = warnings(&r)
            .into_iter()
            .filter(|(code, _)| code != "columns_by_cell_order" && code != "zone_unknown")
            .collect();
        assert!(doubts.is_empty(), "{doubts:?}");
    }

    // PDF layout: bare H29 / H30 / R1 header cells; the 数値目標 name wrapped inside a
    // narrow label cell, its second line starting left of its first (centred text).
    let mut table = Page { number: 2, width: 842.0, height: 595.0, ..Page::default() };
    text_at(&mut table, "■目標に向けた取組の進捗に関する評価", 20.0, 60.0);
    for (year, x) in [("H29", 210.0), ("H30", 310.0), ("R1", 410.0)] {
        text_at(&mut table, year, x, 90.0);
    }
    text_at(&mut table, "数値目標(1)", 20.0, 110.0);
    text_at(&mut table, "特区関連事業の", 30.0, 125.0);
    text_at(&mut table, "就業者数", 20.0, 140.0);
    text_at(&mut table, "目標値", 150.0, 125.0);
    for (value, x) in [("10人", 210.0), ("20人", 310.0), ("30人", 410.0)] {
        text_at(&mut table, value, x, 125.0);
    }
    text_at(&mut table, "実績値", 150.0, 155.0);
    text_at(&mut table, "12人", 210.0, 155.0);
    text_at(&mut table, "30人", 410.0, 155.0);
    text_at(&mut table, "進捗度", 150.0, 185.0);
    text_at(&mut table, "120%", 210.0, 185.0);
    text_at(&mut table, "100%", 410.0, 185.0);
    let body = body_page(
        1,
        &[
            "令和元年度 地域活性化総合特別区域評価書",
            "① 評価指標",
            "評価指標（1）：雇用の拡大【進捗度100%】",
            "数値目標（1）：特区関連事業の就業者数",
            "令和元年度：30人",
            "【当該年度目標値30人、当該年度実績値30人、進捗度100%】",
            "②寄与度の考え方",
        ],
    );
    let r = layout_record(vec![body, table]);
    let series = &r["indicators"][0]["targets"][0]["series"];
    assert_eq!(
        *series,
        json!([
            {"fiscal_year": 2017, "target": quantity(10.0, "人", "10人"), "actual": quantity(12.0, "人", "12人"), "progress_pct": 120},
            {"fiscal_year": 2018, "target": quantity(20.0, "人", "20人"), "actual": null, "progress_pct": null},
            {"fiscal_year": 2019, "target": quantity(30.0, "人", "30人"), "actual": quantity(30.0, "人", "30人"), "progress_pct": 100}
        ]),
        "{}",
        r["warnings"]
    );
}

#[test]
fn qualitative_and_alternative_targets() {
    let text = with_annex(
        "評価指標（1）：住民の生活の質の向上【進捗度―】
数値目標（1）：高齢者の生活満足度の向上
定性的評価により評価する（代替指標：見守りサービス利用者の満足度）
【当該年度目標値―、当該年度実績値―、進捗度―】
評価指標（2）：担い手の確保【進捗度100%】
数値目標（2）：新規就業者数
令和3年度：100人
【当該年度目標値100人、当該年度実績値100人、進捗度100%】
",
        "■ 目標に向けた取組の進捗に関する評価
\t\t令和元年度\t令和2年度\t令和3年度
評価指標(1)\t数値目標(1) 高齢者の生活満足度の向上\t目標値\t―\t―\t―
\t\t実績値\t―\t―\t―
\t\t進捗度(%)\t―\t―\t―
\t代替指標又は定性的評価の考え方\t見守りサービス利用者の満足度は85%（令和3年度、回答者1,200人）であった。
■ 目標に向けた取組の進捗に関する評価
\t\t令和元年度\t令和2年度\t令和3年度
評価指標(2)\t数値目標(2) 新規就業者数\t目標値\t80人\t90人\t100人
\t\t実績値\t80人\t90人\t100人
\t\t進捗度(%)\t100%\t100%\t100%
",
    );
    let r = record(&text);
    let target = &r["indicators"][0]["targets"][0];
    assert_eq!(target["name"], "高齢者の生活満足度の向上");
    for field in ["goal", "goal_basis", "period", "baseline"] {
        assert!(target[field].is_null(), "{field}: {}", target[field]);
    }
    assert_eq!(
        target["current"],
        json!({"target": null, "actual": null, "progress_pct": null, "contribution_pct": null})
    );
    assert!(r["indicators"][0]["progress_pct"].is_null());
    // The table's `―` cells are null; the numbers of the 代替指標 text are no values.
    assert_eq!(
        target["series"],
        json!([
            {"fiscal_year": 2019, "target": null, "actual": null, "progress_pct": null},
            {"fiscal_year": 2020, "target": null, "actual": null, "progress_pct": null},
            {"fiscal_year": 2021, "target": null, "actual": null, "progress_pct": null}
        ])
    );
    // No noise about the qualitative target: nothing missing, nothing unreadable.
    assert!(warnings_at(&r, "/indicators/0").is_empty(), "{:?}", warnings(&r));
    // The numeric target beside it is read as usual.
    assert_eq!(
        r["indicators"][1]["targets"][0]["series"][2]["actual"],
        quantity(100.0, "人", "100人")
    );

    // Without any 別紙1 table the qualitative target raises no series_missing either.
    let text = text.split('\u{c}').next().unwrap_or_default().to_string();
    let r = record(&text);
    assert!(warnings_at(&r, "/indicators/0").is_empty(), "{:?}", warnings(&r));
    assert!(warnings_at(&r, "/indicators/1/targets/0/series")
        .iter()
        .any(|(code, _)| code == "series_missing"));
}

#[test]
fn header_variants() {
    let body = "① 評価指標\n評価指標（1）：観光の振興【進捗度100%】\n数値目標（1）：観光客数\n令和3年度：100人\n【当該年度目標値100人、当該年度実績値100人、進捗度100%】\n②寄与度の考え方\n";
    struct Case {
        header: &'static str,
        title: &'static str,
        fiscal_year: i64,
        zone_kind: &'static str,
        authors: Vec<&'static str>,
        designated: &'static str,
        approved: &'static str,
        last_approved: Value,
        score: Value,
    }
    let cases = [
        Case {
            header: "平成30年度 地域活性化総合特別区域評価書\n作成主体の名称：岡山県\n1 地域活性化総合特別区域の名称\n岡山地域医療総合特区\n2 総合特区計画の状況\n③ 総合特区の指定時期及び総合特区計画の認定時期\n平成25年2月15日指定\n平成25年3月29日認定\n④ 前年度の評価結果\n地域活性化総合特区 3.8点\n",
            title: "平成30年度 地域活性化総合特別区域評価書",
            fiscal_year: 2018,
            zone_kind: "regional",
            authors: vec!["岡山県"],
            designated: "2013-02-15",
            approved: "2013-03-29",
            last_approved: Value::Null,
            score: json!(3.8),
        },
        Case {
            header: "令和元年度 国際戦略総合特別区域評価書\n作成主体の名称：長野県・松本市・塩尻市\n1 国際戦略総合特別区域の名称\n信州国際戦略総合特区\n2 総合特区計画の状況\n令和元年6月28日指定\n令和元年9月30日認定（令和2年3月31日最終認定）\n④ 前年度の評価結果\n国際戦略総合特区　３．８点\n",
            title: "令和元年度 国際戦略総合特別区域評価書",
            fiscal_year: 2019,
            zone_kind: "international",
            authors: vec!["長野県", "松本市", "塩尻市"],
            designated: "2019-06-28",
            approved: "2019-09-30",
            last_approved: json!("2020-03-31"),
            score: json!(3.8),
        },
        Case {
            header: "平成24年度 国際戦略総合特別区域評価書\n作成主体の名称：白鳥県 白鳥市　大川町\n1 国際戦略総合特別区域の名称\n白鳥国際戦略総合特区\n2 総合特区計画の状況\n平成23年12月22日指定\n平成24年3月9日認定\n④ 前年度の評価結果\n該当なし（本年度が初年度の評価のため）\n",
            title: "平成24年度 国際戦略総合特別区域評価書",
            fiscal_year: 2012,
            zone_kind: "international",
            authors: vec!["白鳥県", "白鳥市", "大川町"],
            designated: "2011-12-22",
            approved: "2012-03-09",
            last_approved: Value::Null,
            score: Value::Null,
        },
        Case {
            header: "令和2年度 国際戦略総合特別区域評価書\n作成主体の名称：風早県、風早市、東浦市、西浦市、南台町、北台町、中原村、上野町、下野町、川\n辺村\n1 国際戦略総合特別区域の名称\n風早湾岸国際戦略総合特区\n2 総合特区計画の状況\n平成23年12月22日指定\n平成24年3月9日認定（令和元年6月1日最終認定）\n④ 前年度の評価結果\n国際戦略総合特区 4点\n",
            title: "令和2年度 国際戦略総合特別区域評価書",
            fiscal_year: 2020,
            zone_kind: "international",
            authors: vec!["風早県", "風早市", "東浦市", "西浦市", "南台町", "北台町", "中原村", "上野町", "下野町", "川辺村"],
            designated: "2011-12-22",
            approved: "2012-03-09",
            last_approved: json!("2019-06-01"),
            score: json!(4),
        },
    ];
    for case in cases {
        let r = record(&format!(
            "{}3 目標に向けた取組の進捗に関する評価（別紙1）\n{body}",
            case.header
        ));
        let report = &r["report"];
        assert_eq!(report["title"], case.title);
        assert_eq!(report["fiscal_year"], case.fiscal_year, "{}", case.title);
        assert_eq!(report["zone_kind"], case.zone_kind, "{}", case.title);
        assert_eq!(report["authors"], json!(case.authors), "{}", case.title);
        assert_eq!(report["designated_on"], case.designated, "{}", case.title);
        assert_eq!(report["plan_approved_on"], case.approved, "{}", case.title);
        assert_eq!(report["plan_last_approved_on"], case.last_approved, "{}", case.title);
        assert_eq!(report["previous_score"], case.score, "{}", case.title);
        // Every invented zone is unknown to the official list (issue 14); nothing else about
        // the header may be doubted.
        let header_doubts: Vec<_> = warnings_at(&r, "/report")
            .into_iter()
            .filter(|(code, _)| code != "zone_unknown")
            .collect();
        assert!(header_doubts.is_empty(), "{}: {:?}", case.title, warnings(&r));
    }
}
