//! Property tests for `jp`: normalization is idempotent and never changes a number's
//! value; the era and quantity parsers read every spelling of a generated value and
//! never panic on any string.

use proptest::prelude::*;
use proptest::test_runner::FileFailurePersistence;
use tokku::jp::{
    normalize, parse_date, parse_fiscal_year, parse_fiscal_year_range, parse_percent,
    parse_quantity,
};

/// Characters that matter to the rules: digits in both widths, separators, magnitudes,
/// dash/tilde variants, spaces, kana (both widths), circled numbers, combining marks.
const POOL: &[char] = &[
    '0', '1', '5', '9', '０', '１', '９', ',', '.', '，', '．', '億', '万', '千', '百', '兆', '円',
    '人', '件', '%', '％', '-', '－', '―', 'ー', '‐', '−', '–', '—', '─', 'ｰ', '~', '～', '〜',
    '∼', '△', '▲', ' ', '　', '\t', '\n', '\u{0C}', '\r', 'ア', 'イ', 'セ', 'ン', 'タ', 'か', 'す',
    'ｾ', 'ﾝ', 'ﾀ', 'ﾞ', '\u{3099}', '\u{0301}', 'e', '漢', '京', '浜', 'A', 'b', 'Z', '(', ')',
    '（', '）', '①', '②', '⑳', '⑴', ':', '：', '、', '。', '【', '】', '「', '」', '※', '■',
    '\u{200B}', '\u{FEFF}', '平', '成', '令', '和', '元', '年', '度', '月', '日', 'H', 'R', '約',
    '以', '上', '\u{1100}', '\u{1161}', '가',
];

fn report_like() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(POOL), 0..48).prop_map(|v| v.into_iter().collect())
}

const FULL: [char; 10] = ['０', '１', '２', '３', '４', '５', '６', '７', '８', '９'];

fn widen(s: &str) -> String {
    s.chars()
        .map(|c| match c {
            '0'..='9' => FULL[c as usize - '0' as usize],
            ',' => '，',
            '.' => '．',
            '%' => '％',
            c => c,
        })
        .collect()
}

fn with_separators(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

fn kanji(n: u32) -> String {
    const D: [&str; 10] = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九"];
    let (t, o) = ((n / 10) as usize, (n % 10) as usize);
    let tens = match t {
        0 => String::new(),
        1 => "十".to_string(),
        _ => format!("{}十", D[t]),
    };
    format!("{tens}{}", D[o])
}

/// An era spelling of fiscal year `y` chosen by `style`.
fn era_spelling(y: i32, style: u8, use_heisei_for_2019: bool) -> String {
    let (era, abbr, n) = if y < 2019 || (y == 2019 && use_heisei_for_2019) {
        ("平成", 'H', (y - 1988) as u32)
    } else {
        ("令和", 'R', (y - 2018) as u32)
    };
    let n_text = match style % 4 {
        0 => n.to_string(),
        1 => widen(&n.to_string()),
        2 => kanji(n),
        _ => {
            if n == 1 {
                "元".to_string()
            } else {
                n.to_string()
            }
        }
    };
    let n_text = if n == 1 && style.is_multiple_of(2) { "元".to_string() } else { n_text };
    // Abbreviations are written with ASCII digits or 元.
    let abbr_n = if n == 1 && style.is_multiple_of(2) { "元".to_string() } else { n.to_string() };
    match style / 4 {
        0 => format!("{era}{n_text}年度"),
        1 => format!("{era} {n_text} 年度"),
        2 => format!("{abbr}{abbr_n}年度"),
        _ => format!("{abbr}{abbr_n}"),
    }
}

/// Every parser of the jp module on `s`, results dropped (the property is "no panic").
fn run_every_parser(s: &str) {
    let _ = parse_date(s);
    let _ = parse_fiscal_year(s);
    let _ = parse_fiscal_year_range(s);
    let _ = parse_quantity(s);
    let _ = parse_percent(s);
}

proptest! {
    // 512 cases by default; PROPTEST_CASES=N for a longer run.
    #![proptest_config(ProptestConfig {
        cases: std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(512),
        // Failures are kept beside this file (tests/jp/props.proptest-regressions) and
        // replayed first; proptest's default would look for them in tests/proptest-regressions/
        // because this folder has a main.rs.
        failure_persistence: Some(Box::new(FileFailurePersistence::WithSource("proptest-regressions"))),
        ..ProptestConfig::default()
    })]

    #[test]
    fn normalize_is_idempotent_on_any_string(s in any::<String>()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn normalize_is_idempotent_on_report_like_text(s in report_like()) {
        let once = normalize(&s);
        prop_assert_eq!(normalize(&once), once);
    }

    #[test]
    fn normalize_keeps_lines_pages_and_cells(s in report_like()) {
        let n = normalize(&s);
        let count = |t: &str, c: char| t.chars().filter(|&x| x == c).count();
        // \r\n and \r become \n; \n, \t and \f are never added or removed otherwise.
        let crlf = s.matches("\r\n").count();
        prop_assert_eq!(count(&n, '\n'), count(&s, '\n') + count(&s, '\r') - crlf);
        prop_assert_eq!(count(&n, '\t'), count(&s, '\t'));
        prop_assert_eq!(count(&n, '\u{0C}'), count(&s, '\u{0C}'));
        prop_assert!(!n.contains("  "));
    }

    #[test]
    fn parsers_never_panic_on_any_string(s in any::<String>()) {
        let _ = normalize(&s);
        run_every_parser(&s);
    }

    #[test]
    fn parsers_never_panic_on_report_like_text(s in report_like()) {
        run_every_parser(&s);
    }

    #[test]
    fn a_parsed_quantity_is_finite_and_its_text_is_the_normalized_input(s in report_like()) {
        if let Ok(Some(q)) = parse_quantity(&s) {
            prop_assert!(q.value.is_finite());
            let normalized = normalize(&s);
            prop_assert_eq!(q.text.as_str(), normalized.trim());
            // Reading the text again gives the same quantity.
            prop_assert_eq!(parse_quantity(&q.text), Ok(Some(q.clone())));
        }
    }

    /// A number written in any of the reports' ways, alone or inside a sentence,
    /// reads back as the same value.
    #[test]
    fn normalization_never_changes_a_numbers_value(
        int in 0u64..10_000_000_000,
        frac in prop::option::of(0u32..1000),
        magnitude in prop::sample::select(vec![("", 0i32), ("千", 3), ("万", 4), ("百万", 6), ("億", 8), ("兆", 12)]),
        unit in prop::sample::select(vec!["円", "人", "件", "社", "回", "箇所", "t", "ha", "%", ""]),
        sign in prop::sample::select(vec![("", false), ("-", true), ("－", true), ("−", true), ("△", true), ("▲", true), ("+", false)]),
        separators in any::<bool>(),
        full_width in any::<bool>(),
        space in prop::sample::select(vec!["", " ", "　"]),
        prefix in prop::sample::select(vec!["", "約"]),
        suffix in prop::sample::select(vec!["", "以上"]),
    ) {
        let (mag, power) = magnitude;
        let (sign_text, negative) = sign;
        let int_text = if separators { with_separators(int) } else { int.to_string() };
        let frac_text = frac.map(|f| format!(".{f:03}")).unwrap_or_default();
        let number = format!("{int_text}{frac_text}");
        let number = if full_width { widen(&number) } else { number };
        // Latin units keep a space before them only when there is no magnitude.
        let space_before_unit = if mag.is_empty() && unit.chars().all(|c| c.is_ascii_alphabetic()) { space } else { "" };
        let cell = format!("{prefix}{sign_text}{number}{space}{mag}{space_before_unit}{unit}{suffix}");

        let expected: f64 = format!("{}{int}{frac_text}e{power}", if negative { "-" } else { "" }).parse().unwrap();
        let expected_unit = unit.to_string();

        let q = parse_quantity(&cell).unwrap_or_else(|e| panic!("{cell:?}: {e}")).unwrap();
        prop_assert_eq!(q.value, expected, "cell {:?}", cell);
        prop_assert_eq!(&q.unit, &expected_unit);

        let sentence = format!("当該年度実績値{cell}、進捗度145%");
        let normalized = normalize(&sentence);
        let inner = normalized
            .strip_prefix("当該年度実績値")
            .and_then(|rest| rest.split('、').next())
            .unwrap_or_else(|| panic!("sentence lost its frame: {normalized:?}"));
        let q2 = parse_quantity(inner).unwrap_or_else(|e| panic!("{inner:?}: {e}")).unwrap();
        prop_assert_eq!(q2.value, expected, "in sentence {:?}", normalized);
        prop_assert_eq!(&q2.unit, &expected_unit);
        prop_assert_eq!(normalize(&normalized), normalized);
    }

    #[test]
    fn every_spelling_of_a_fiscal_year_reads_back(y in 1989i32..=2060, style in 0u8..16, heisei in any::<bool>()) {
        // 平成 goes up to 平成31 in real use; plans written before 2019 also name 平成32.
        let use_heisei = heisei && y <= 2019;
        let s = era_spelling(y, style, use_heisei);
        prop_assert_eq!(parse_fiscal_year(&s), Some(y), "{}", s);
        let framed = format!("当初({s})");
        prop_assert_eq!(parse_fiscal_year(&framed), Some(y), "{}", framed);
        prop_assert_eq!(parse_fiscal_year(&format!("{y}年度")), Some(y));
    }

    #[test]
    fn a_date_reads_back(y in 1989i32..=2060, m in 1u32..=12, d in 1u32..=28, full_width in any::<bool>()) {
        let (era, n) = if y < 2019 || (y == 2019 && m < 5) { ("平成", y - 1988) } else { ("令和", y - 2018) };
        let n = if n == 1 { "元".to_string() } else { n.to_string() };
        let s = format!("{era}{n}年{m}月{d}日指定");
        let s = if full_width { widen(&s) } else { s };
        let got = parse_date(&s).map(|x| x.to_iso());
        prop_assert_eq!(got, Some(format!("{y:04}-{m:02}-{d:02}")));
        // A date is never a fiscal year.
        prop_assert_eq!(parse_fiscal_year(&s), None);
    }

    #[test]
    fn a_range_reads_back(start in 1989i32..=2030, len in 0i32..=10, tilde in prop::sample::select(vec!["~", "～", "〜"])) {
        let end = start + len;
        let spell = |y: i32| if y <= 2018 { ("平成", y - 1988) } else { ("令和", y - 2018) };
        let (e1, n1) = spell(start);
        let (e2, n2) = spell(end);
        let end_text = if e1 == e2 { format!("{n2}年度") } else { format!("{e2}{n2}年度") };
        let n1 = if n1 == 1 { "元".to_string() } else { n1.to_string() };
        let end_text = end_text.replacen("1年度", "元年度", usize::from(n2 == 1));
        let s = format!("{}年間({e1}{n1}{tilde}{end_text})", len + 1);
        prop_assert_eq!(parse_fiscal_year_range(&s), Some((start, end)), "{}", s);
        prop_assert_eq!(parse_fiscal_year(&s), Some(start), "{}", s);
    }
}
