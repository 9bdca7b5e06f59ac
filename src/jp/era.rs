//! 和暦: era dates and fiscal years (placeholder API; implemented under issue 4).

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

/// The first era date in `text` (平成23年12月22日 → 2011-12-22).
pub fn parse_date(_text: &str) -> Option<JpDate> {
    None
}

/// The first fiscal year in `text` (令和2年度 → 2020, 当初(平成29年度) → 2017, R元 → 2019).
pub fn parse_fiscal_year(_text: &str) -> Option<i32> {
    None
}

/// A fiscal-year range (平成29～令和3年度 → (2017, 2021)).
pub fn parse_fiscal_year_range(_text: &str) -> Option<(i32, i32)> {
    None
}
