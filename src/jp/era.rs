//! 和暦: era dates and fiscal years (interim implementation; the full one is issue 4).

use std::sync::LazyLock;

use regex::Regex;

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

fn era_start(era: &str) -> Option<i32> {
    match era {
        "令和" | "R" => Some(2019),
        "平成" | "H" => Some(1989),
        "昭和" | "S" => Some(1926),
        _ => None,
    }
}

fn era_year(era: &str, year: &str) -> Option<i32> {
    let n: i32 = if year == "元" { 1 } else { year.parse().ok()? };
    Some(era_start(era)? + n - 1)
}

static DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(令和|平成|昭和)\s*(元|\d+)\s*年\s*(\d+)\s*月\s*(\d+)\s*日").expect("static regex"));
static FISCAL: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(令和|平成|昭和)\s*(元|\d+)\s*年\s*度").expect("static regex"));
static RANGE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(令和|平成)\s*(元|\d+)\s*(?:年\s*度)?\s*[~〜～]\s*(令和|平成)?\s*(元|\d+)\s*年\s*度").expect("static regex")
});

/// The first era date in `text` (平成23年12月22日 → 2011-12-22).
pub fn parse_date(text: &str) -> Option<JpDate> {
    let c = DATE.captures(text)?;
    Some(JpDate { year: era_year(&c[1], &c[2])?, month: c[3].parse().ok()?, day: c[4].parse().ok()? })
}

/// The first fiscal year in `text` (令和2年度 → 2020, 当初(平成29年度) → 2017).
pub fn parse_fiscal_year(text: &str) -> Option<i32> {
    let c = FISCAL.captures(text)?;
    era_year(&c[1], &c[2])
}

/// A fiscal-year range (平成29～令和3年度 → (2017, 2021)).
pub fn parse_fiscal_year_range(text: &str) -> Option<(i32, i32)> {
    let c = RANGE.captures(text)?;
    let start = era_year(&c[1], &c[2])?;
    let end_era = c.get(3).map(|m| m.as_str()).unwrap_or(&c[1]);
    Some((start, era_year(end_era, &c[4])?))
}
