//! 和暦: era dates and fiscal years of the reports, read into Gregorian years.
//!
//! Every function first runs `jp::normalize`, so full-width digits,
//! `～`/`〜` and layout spaces (`平成 29 年度`) are accepted. Rules:
//!
//! - Eras: 明治 (1868), 大正 (1912), 昭和 (1926), 平成 (1989), 令和 (2019); year *n* of an era
//!   is `start + n - 1`, and `元` is year 1. Era years are counted arithmetically and
//!   not cut at the era's end, because plans written before 2019 name years such as
//!   平成32年度 (= 2020); 平成31年度 and 令和元年度 are both 2019. Era years 1–99.
//! - Numbers: ASCII or full-width digits, and kanji numerals, both positional
//!   (`二〇二〇`) and with 十/百/千 (`二十五`, `三十一`).
//! - Abbreviations: `H` (平成) and `R` (令和) only (`H29`, `R3`, `R元`, `H29年度`).
//!   `S`, `T`, `M` are not read as eras: in these reports they start model numbers and
//!   names far more often than 昭和 years. An abbreviation stands alone: the character
//!   before it is not an ASCII letter or digit, and (unless `年度` follows) the
//!   character after it is not an ASCII letter or digit nor `.` `/` `-` `年` `月` `日`
//!   (so `H23.12.22` is a date, not fiscal year 23, and `R2年8月` is not a fiscal year).
//! - A **fiscal year** (年度, starting in April; the Gregorian year in which it starts) is
//!   read only from: `<era><n>年度`, `<4 digits>年度`, `FY<4 digits>`, a standalone
//!   abbreviation, or the start of a range (below). A date (`令和2年8月`) or a bare
//!   calendar year (`令和3年においては`) is never a fiscal year.
//! - A **range** is `<start>` `~`/`-`/`から` `<end>年度`, where the end may omit the
//!   era, which is then the start's (`平成24～28年度` → (2012, 2016),
//!   `平成29～令和3年度` → (2017, 2021), `平成29年度から令和3年度まで`,
//!   `2017~2021年度`, `H29~R3`). A range whose end is before its start is not a range.
//! - A **date** is `<era><n>年<m>月<d>日`, `<4 digits>年<m>月<d>日`, `H23.12.22`-style
//!   abbreviations, or `2020/12/8` / `2020-12-08`; month and day must exist in the
//!   Gregorian calendar (leap years included). A month without a day is not a date.

use super::normalize;
use regex::Regex;
use std::sync::LazyLock;

/// A calendar date read from Japanese text.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JpDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

impl JpDate {
    /// ISO 8601 form, `2011-12-22`.
    pub fn to_iso(&self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

/// The eras, their first Gregorian year and their one-letter abbreviation.
const ERAS: &[(&str, i32, Option<char>)] = &[
    ("明治", 1868, None),
    ("大正", 1912, None),
    ("昭和", 1926, None),
    ("平成", 1989, Some('H')),
    ("令和", 2019, Some('R')),
];

/// The years tokku accepts as report years at all.
const YEAR_RANGE: std::ops::RangeInclusive<i32> = 1868..=2200;

const ERA: &str = "(明治|大正|昭和|平成|令和)";
/// An era year: 1–2 digits, 元, or a kanji numeral.
const ERA_N: &str = "([0-9]{1,2}|元|[〇一二三四五六七八九十]{1,4})";
/// A month or a day.
const MD: &str = "([0-9]{1,2}|[〇一二三四五六七八九十]{1,3})";
/// A Gregorian year.
const GREG: &str = "([0-9]{4}|[〇一二三四五六七八九]{4})";

static ERA_DATE: LazyLock<Regex> = LazyLock::new(|| re(&format!("{ERA}{ERA_N}年{MD}月{MD}日")));
static GREG_DATE: LazyLock<Regex> = LazyLock::new(|| re(&format!("{GREG}年{MD}月{MD}日")));
static ABBR_DATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"([HR])([0-9]{1,2}|元)\.([0-9]{1,2})\.([0-9]{1,2})"));
static NUM_DATE: LazyLock<Regex> =
    LazyLock::new(|| re(r"([0-9]{4})(/|-)([0-9]{1,2})(/|-)([0-9]{1,2})"));

static ERA_FY: LazyLock<Regex> = LazyLock::new(|| re(&format!("{ERA}{ERA_N}年度")));
static GREG_FY: LazyLock<Regex> = LazyLock::new(|| re(&format!("{GREG}年度")));
static FY_PREFIX: LazyLock<Regex> = LazyLock::new(|| re(r"FY ?([0-9]{4})"));
static ABBR_FY: LazyLock<Regex> = LazyLock::new(|| re(r"([HR])([0-9]{1,2}|元)(年度)?"));

static ERA_RANGE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!("{ERA}{ERA_N}(?:年度)?(?:~|-|から){ERA}?{ERA_N}年度")));
static GREG_RANGE: LazyLock<Regex> =
    LazyLock::new(|| re(&format!("{GREG}(?:年度)?(?:~|-|から){GREG}年度")));
static ABBR_RANGE: LazyLock<Regex> =
    LazyLock::new(|| re(r"([HR])([0-9]{1,2}|元)(?:年度)?(?:~|-)([HR])?([0-9]{1,2}|元)(年度)?"));

/// A character every fiscal-year and range pattern needs (`年度`, `FY`, `H`/`R`): text
/// without one is no fiscal year, and the patterns need not run (most table cells).
const FISCAL_YEAR_MARKS: [char; 4] = ['年', 'F', 'H', 'R'];
/// A character every date pattern needs (`年`, `H`/`R`, `/` or `-`).
const DATE_MARKS: [char; 5] = ['年', 'H', 'R', '/', '-'];

/// Compiles one of the module's fixed patterns.
fn re(pattern: &str) -> Regex {
    crate::jp::patterns::static_regex(pattern)
}

/// The first era date in `text` (平成23年12月22日 → 2011-12-22).
pub fn parse_date(text: &str) -> Option<JpDate> {
    let t = normalize(text);
    // Every date form holds 年, an abbreviation letter, or a / or - separator.
    if !t.contains(DATE_MARKS) {
        return None;
    }
    let mut best: Option<(usize, JpDate)> = None;
    let mut offer = |pos: usize, date: Option<JpDate>| {
        if let Some(d) = date {
            if best.is_none_or(|(p, _)| pos < p) {
                best = Some((pos, d));
            }
        }
    };
    for c in ERA_DATE.captures_iter(&t) {
        let year = era_year(&c[1], &c[2]);
        offer(c.get(0).map_or(0, |m| m.start()), year.and_then(|y| make_date(y, &c[3], &c[4])));
    }
    for c in GREG_DATE.captures_iter(&t) {
        let start = c.get(0).map_or(0, |m| m.start());
        if preceded_by_digit(&t, start) {
            continue;
        }
        offer(start, gregorian_year(&c[1]).and_then(|y| make_date(y, &c[2], &c[3])));
    }
    for c in ABBR_DATE.captures_iter(&t) {
        let (start, end) = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        if !standalone_before(&t, start)
            || followed_by(&t, end, |n| n.is_ascii_alphanumeric() || n == '.')
        {
            continue;
        }
        let year = abbr_era(&c[1]).and_then(|era| era_year(era, &c[2]));
        offer(start, year.and_then(|y| make_date(y, &c[3], &c[4])));
    }
    for c in NUM_DATE.captures_iter(&t) {
        let (start, end) = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        if c[2] != c[4]
            || preceded_by_digit(&t, start)
            || followed_by(&t, end, |n| n.is_ascii_digit())
        {
            continue;
        }
        offer(start, gregorian_year(&c[1]).and_then(|y| make_date(y, &c[3], &c[5])));
    }
    best.map(|(_, d)| d)
}

/// The first fiscal year in `text` (令和2年度 → 2020, 当初(平成29年度) → 2017, R元 → 2019).
/// The start of a range counts (`平成29~令和3年度` → 2017). See the module doc for what
/// is and is not read as a fiscal year.
pub fn parse_fiscal_year(text: &str) -> Option<i32> {
    let t = normalize(text);
    if !t.contains(FISCAL_YEAR_MARKS) {
        return None;
    }
    let mut best: Option<(usize, i32)> = None;
    let mut offer = |pos: usize, year: Option<i32>| {
        if let Some(y) = year {
            if best.is_none_or(|(p, _)| pos < p) {
                best = Some((pos, y));
            }
        }
    };
    for c in ERA_FY.captures_iter(&t) {
        offer(c.get(0).map_or(0, |m| m.start()), era_year(&c[1], &c[2]));
    }
    for c in GREG_FY.captures_iter(&t) {
        let start = c.get(0).map_or(0, |m| m.start());
        if !preceded_by_digit(&t, start) {
            offer(start, gregorian_year(&c[1]));
        }
    }
    for c in FY_PREFIX.captures_iter(&t) {
        let (start, end) = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        if standalone_before(&t, start) && !followed_by(&t, end, |n| n.is_ascii_digit()) {
            offer(start, gregorian_year(&c[1]));
        }
    }
    for m in ABBR_FY.captures_iter(&t) {
        let (start, end) = m.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        if abbreviation_stands_alone(&t, start, end, m.get(3).is_some()) {
            offer(start, abbr_era(&m[1]).and_then(|era| era_year(era, &m[2])));
        }
    }
    if let Some((pos, (first, _))) = first_range(&t) {
        offer(pos, Some(first));
    }
    best.map(|(_, y)| y)
}

/// A fiscal-year range (平成29～令和3年度 → (2017, 2021); 平成24～28年度 → (2012, 2016)).
pub fn parse_fiscal_year_range(text: &str) -> Option<(i32, i32)> {
    first_range(&normalize(text)).map(|(_, r)| r)
}

/// The first range in normalized text, with its byte position.
fn first_range(t: &str) -> Option<(usize, (i32, i32))> {
    if !t.contains(FISCAL_YEAR_MARKS) {
        return None;
    }
    let mut best: Option<(usize, (i32, i32))> = None;
    let mut offer = |pos: usize, range: Option<(i32, i32)>| {
        if let Some((a, b)) = range {
            if a <= b && best.is_none_or(|(p, _)| pos < p) {
                best = Some((pos, (a, b)));
            }
        }
    };
    for c in ERA_RANGE.captures_iter(t) {
        let start = era_year(&c[1], &c[2]);
        let end_era = c.get(3).map_or(&c[1], |m| m.as_str());
        let end = era_year(end_era, &c[4]);
        offer(c.get(0).map_or(0, |m| m.start()), start.zip(end));
    }
    for c in GREG_RANGE.captures_iter(t) {
        let pos = c.get(0).map_or(0, |m| m.start());
        if !preceded_by_digit(t, pos) {
            offer(pos, gregorian_year(&c[1]).zip(gregorian_year(&c[2])));
        }
    }
    for c in ABBR_RANGE.captures_iter(t) {
        let (pos, end) = c.get(0).map_or((0, 0), |m| (m.start(), m.end()));
        if !abbreviation_stands_alone(t, pos, end, c.get(5).is_some()) {
            continue;
        }
        let first_era = abbr_era(&c[1]);
        let second_era = c.get(3).map_or(first_era, |m| abbr_era(m.as_str()));
        let a = first_era.and_then(|e| era_year(e, &c[2]));
        let b = second_era.and_then(|e| era_year(e, &c[4]));
        offer(pos, a.zip(b));
    }
    best
}

fn abbr_era(letter: &str) -> Option<&'static str> {
    let l = letter.chars().next()?;
    ERAS.iter().find(|(_, _, a)| *a == Some(l)).map(|(name, _, _)| *name)
}

/// Gregorian year of year `n` of `era` (`元` is 1).
fn era_year(era: &str, n: &str) -> Option<i32> {
    let (_, first, _) = ERAS.iter().find(|(name, _, _)| *name == era)?;
    let n = if n == "元" { 1 } else { number(n)? };
    if !(1..=99).contains(&n) {
        return None;
    }
    Some(first + n as i32 - 1)
}

fn gregorian_year(s: &str) -> Option<i32> {
    let y = i32::try_from(number(s)?).ok()?;
    YEAR_RANGE.contains(&y).then_some(y)
}

fn make_date(year: i32, month: &str, day: &str) -> Option<JpDate> {
    let month = number(month)?;
    let day = number(day)?;
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return None;
    }
    Some(JpDate { year, month, day })
}

fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        _ => 0,
    }
}

/// A number written in ASCII digits or kanji numerals (positional `二〇二〇` or with
/// 十/百/千: `二十五`, `十`, `百二`). `None` if it is neither or does not fit.
pub(crate) fn number(s: &str) -> Option<u32> {
    if s.is_empty() {
        return None;
    }
    if s.chars().all(|c| c.is_ascii_digit()) {
        return s.parse().ok();
    }
    if s.contains(['十', '百', '千']) {
        let mut total: u32 = 0;
        let mut pending: Option<u32> = None;
        let mut last_unit = u32::MAX;
        for c in s.chars() {
            if let Some(d) = kanji_digit(c) {
                if pending.is_some() {
                    return None;
                }
                pending = Some(d);
            } else {
                let unit = match c {
                    '十' => 10,
                    '百' => 100,
                    '千' => 1000,
                    _ => return None,
                };
                if unit >= last_unit {
                    return None;
                }
                last_unit = unit;
                let d = pending.take().unwrap_or(1);
                if d == 0 {
                    return None;
                }
                total = total.checked_add(d.checked_mul(unit)?)?;
            }
        }
        return total.checked_add(pending.unwrap_or(0));
    }
    let mut total: u32 = 0;
    for c in s.chars() {
        total = total.checked_mul(10)?.checked_add(kanji_digit(c)?)?;
    }
    Some(total)
}

fn kanji_digit(c: char) -> Option<u32> {
    Some(match c {
        '〇' | '零' => 0,
        '一' => 1,
        '二' => 2,
        '三' => 3,
        '四' => 4,
        '五' => 5,
        '六' => 6,
        '七' => 7,
        '八' => 8,
        '九' => 9,
        _ => return None,
    })
}

fn preceded_by_digit(t: &str, pos: usize) -> bool {
    t.get(..pos).and_then(|s| s.chars().next_back()).is_some_and(|c| c.is_ascii_digit())
}

fn standalone_before(t: &str, pos: usize) -> bool {
    !t.get(..pos).and_then(|s| s.chars().next_back()).is_some_and(|c| c.is_ascii_alphanumeric())
}

fn followed_by(t: &str, pos: usize, pred: impl Fn(char) -> bool) -> bool {
    t.get(pos..).and_then(|s| s.chars().next()).is_some_and(pred)
}

/// An `H29` / `R元` abbreviation is read only when it stands alone (see the module doc).
fn abbreviation_stands_alone(t: &str, start: usize, end: usize, has_nendo: bool) -> bool {
    if !standalone_before(t, start) {
        return false;
    }
    if has_nendo {
        return true;
    }
    !followed_by(t, end, |n| {
        n.is_ascii_alphanumeric() || matches!(n, '.' | '/' | '-' | '年' | '月' | '日')
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    proptest::proptest! {
        /// Text without a mark character matches no fiscal-year, range or date pattern,
        /// so the parsers may return early on it.
        #[test]
        fn no_pattern_matches_text_without_its_marks(chars in proptest::collection::vec(proptest::sample::select(&[
            '0', '1', '2', '9', '元', '一', '十', '〇', '度', '月', '日', '平', '成', '令', '和', '明', '治', '大', '正', '昭',
            '~', 'か', 'ら', 'Y', 'E', '.', ' ', '(', '末', 'ま', 'で', '/', '-',
        ][..]), 0..16)) {
            let text: String = chars.into_iter().collect();
            for re in [&ERA_FY, &GREG_FY, &FY_PREFIX, &ABBR_FY, &ERA_RANGE, &GREG_RANGE, &ABBR_RANGE] {
                proptest::prop_assert!(text.contains(FISCAL_YEAR_MARKS) || !re.is_match(&text), "{} matches {:?}", re.as_str(), text);
            }
            for re in [&ERA_DATE, &GREG_DATE, &ABBR_DATE, &NUM_DATE] {
                proptest::prop_assert!(text.contains(DATE_MARKS) || !re.is_match(&text), "{} matches {:?}", re.as_str(), text);
            }
        }
    }

    #[test]
    fn kanji_numbers() {
        assert_eq!(number("二十五"), Some(25));
        assert_eq!(number("二〇二〇"), Some(2020));
        assert_eq!(number("十"), Some(10));
        assert_eq!(number("三十一"), Some(31));
        assert_eq!(number("十十"), None);
        assert_eq!(number("二三十"), None);
        assert_eq!(number(""), None);
    }

    #[test]
    fn seed_dates_and_years() {
        assert_eq!(
            parse_date("平成23年12月22日指定").map(|d| d.to_iso()),
            Some("2011-12-22".into())
        );
        assert_eq!(parse_fiscal_year("令和元年度"), Some(2019));
        assert_eq!(parse_fiscal_year("令和2年8月に薬事承認された"), None);
        assert_eq!(
            parse_fiscal_year_range("5年間（平成29～令和3年度）累計：475億円"),
            Some((2017, 2021))
        );
    }
}
