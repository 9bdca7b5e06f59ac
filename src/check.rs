//! Check: cross-checks the report's own numbers and adds warnings; a check never
//! changes a value. (The full set of checks is issue 6; this holds progress_mismatch.)

use crate::jp::Quantity;
use crate::record::{Record, Warning};

/// Runs every check on a record and appends its warnings.
pub fn check_record(record: &mut Record, pages: &PageHints) {
    let mut warnings = Vec::new();
    for (i, indicator) in record.indicators.iter().enumerate() {
        for (j, target) in indicator.targets.iter().enumerate() {
            let base = format!("/indicators/{i}/targets/{j}");
            let current = &target.current;
            if let Some(message) = progress_mismatch(current.target.as_ref(), current.actual.as_ref(), current.progress_pct) {
                warnings.push(Warning::new("progress_mismatch", format!("当該年度: {message}"), Some(format!("{base}/current/progress_pct")), pages.body_page(&target.key)));
            }
            for (k, point) in target.series.iter().enumerate() {
                if let Some(message) = progress_mismatch(point.target.as_ref(), point.actual.as_ref(), point.progress_pct) {
                    warnings.push(Warning::new(
                        "progress_mismatch",
                        format!("別紙1 {}年度: {message}", point.fiscal_year),
                        Some(format!("{base}/series/{k}/progress_pct")),
                        pages.table_page(&target.key),
                    ));
                }
            }
        }
    }
    body_table_mismatch(record, pages, &mut warnings);
    record.warnings.extend(warnings);
}

/// The body's 当該年度 values must equal the 別紙1 series at the report's fiscal year;
/// a difference is either the report's mistake or a value read in the wrong column.
fn body_table_mismatch(record: &Record, pages: &PageHints, warnings: &mut Vec<Warning>) {
    let Some(year) = record.report.as_ref().and_then(|r| r.fiscal_year) else { return };
    for (i, indicator) in record.indicators.iter().enumerate() {
        for (j, target) in indicator.targets.iter().enumerate() {
            let Some((k, point)) = target.series.iter().enumerate().find(|(_, p)| p.fiscal_year == year) else { continue };
            let base = format!("/indicators/{i}/targets/{j}/series/{k}");
            let current = &target.current;
            let pairs = [
                ("target", "目標値", current.target.as_ref().map(|q| q.value), point.target.as_ref().map(|q| q.value)),
                ("actual", "実績値", current.actual.as_ref().map(|q| q.value), point.actual.as_ref().map(|q| q.value)),
                ("progress_pct", "進捗度", current.progress_pct, point.progress_pct),
            ];
            for (field, label, body, table) in pairs {
                if body != table {
                    let show = |v: Option<f64>| v.map(|v| v.to_string()).unwrap_or_else(|| "none".into());
                    warnings.push(Warning::new(
                        "body_table_mismatch",
                        format!("{label} of {}年度: the body says {}, the 別紙1 table {}", year, show(body), show(table)),
                        Some(format!("{base}/{field}")),
                        pages.table_page(&target.key),
                    ));
                }
            }
        }
    }
}

/// Where each target's body text and 別紙1 table stand, for the warnings' `page`.
#[derive(Debug, Default, Clone)]
pub struct PageHints {
    pub body: Vec<(String, u32)>,
    pub tables: Vec<(String, u32)>,
}

impl PageHints {
    fn body_page(&self, key: &str) -> Option<u32> {
        self.body.iter().find(|(k, _)| k == key).map(|(_, p)| *p)
    }
    fn table_page(&self, key: &str) -> Option<u32> {
        self.tables.iter().find(|(k, _)| k == key).map(|(_, p)| *p)
    }
}

/// The reports state 進捗度 as 実績値 / 目標値 in whole percent. A stated value more than
/// one point away from the computed one (which allows for any rounding rule) is doubted.
/// No progress is computed for a missing, zero or negative target, nor for a negative
/// actual (the reports write "-" there).
pub fn progress_mismatch(target: Option<&Quantity>, actual: Option<&Quantity>, stated: Option<f64>) -> Option<String> {
    let (target, actual, stated) = (target?, actual?, stated?);
    if target.value <= 0.0 || actual.value < 0.0 || target.unit != actual.unit {
        return None;
    }
    let computed = actual.value / target.value * 100.0;
    ((computed - stated).abs() > 1.0).then(|| {
        format!(
            "進捗度 {stated}% stated, but 実績値 {} / 目標値 {} = {:.1}%",
            actual.text, target.text, computed
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(value: f64, text: &str) -> Quantity {
        Quantity { value, unit: "円".into(), text: text.into() }
    }

    #[test]
    fn the_seeds_138_percent_is_doubted_and_its_145_is_not() {
        let message = progress_mismatch(Some(&q(87e8, "87億円")), Some(&q(116e8, "116億円")), Some(138.0)).expect("mismatch");
        assert!(message.contains("133.3"), "{message}");
        assert_eq!(progress_mismatch(Some(&q(93e8, "93億円")), Some(&q(135e8, "135億円")), Some(145.0)), None);
        // 5/6 = 83.3 stated as 83: rounding, not a mistake.
        assert_eq!(progress_mismatch(Some(&q(6.0, "6件")), Some(&q(5.0, "5件")), Some(83.0)), None);
        // A negative actual has no progress to check.
        assert_eq!(progress_mismatch(Some(&q(100.0, "100人")), Some(&q(-18.0, "-18人")), Some(0.0)), None);
    }
}
