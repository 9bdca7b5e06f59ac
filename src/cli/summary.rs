//! `tokku extract --summary`: a record as a short text for a person to read (the JSON
//! record of a report is about 50 KB on one line). Values are shown as the report wrote
//! them (`475億円`), missing ones as `-`; every warning is listed with its page and path.

use std::fmt::Write;

use tokku::jp::quantity::Quantity;
use tokku::record::Record;

/// The summary of one record, ending with a newline.
pub fn record_summary(record: &Record) -> String {
    let mut out = String::new();
    let source = &record.source;
    let mut about = Vec::new();
    if let Some(pages) = source.pages {
        about.push(format!("{pages} pages"));
    }
    if let Some(producer) = &source.producer {
        about.push(producer.clone());
    }
    if let Some(encoding) = &source.encoding {
        about.push(encoding.clone());
    }
    let _ = writeln!(out, "{} ({})", source.file, about.join(", "));
    if let Some(error) = &record.error {
        let code = serde_json::to_value(error.code).ok();
        let code = code.as_ref().and_then(|c| c.as_str()).unwrap_or("error");
        let _ = writeln!(out, "error {code}: {}", error.message);
    }
    if let Some(report) = &record.report {
        let _ = writeln!(out, "{}", report.title.as_deref().unwrap_or("(no title)"));
        let zone = report.zone_name.as_deref().unwrap_or("-");
        match report.zone_official_name.as_deref() {
            Some(official) if official != zone => {
                let _ = writeln!(out, "  zone: {zone} (official: {official})");
            }
            _ => {
                let _ = writeln!(out, "  zone: {zone}");
            }
        }
        let year = report.fiscal_year.map(|y| y.to_string()).unwrap_or_else(|| "-".into());
        let _ = writeln!(
            out,
            "  kind: {} · fiscal year {year} · authors: {}",
            report.zone_kind.as_deref().unwrap_or("-"),
            report.authors.join("、")
        );
    }
    for indicator in &record.indicators {
        let _ = writeln!(
            out,
            "評価指標({}) {} · 進捗度 {}",
            indicator.number,
            indicator.name,
            percent(indicator.progress_pct)
        );
        for target in &indicator.targets {
            let period = target
                .period
                .as_ref()
                .map(|p| format!(", {}–{}", p.start_fiscal_year, p.end_fiscal_year))
                .unwrap_or_default();
            let basis = target.goal_basis.as_deref().unwrap_or("-");
            let _ = writeln!(
                out,
                "  数値目標 {} {} · goal {} ({basis}{period})",
                target.key,
                target.name,
                quantity(target.goal.as_ref())
            );
            for point in &target.series {
                let _ = writeln!(
                    out,
                    "    {}年度  目標値 {}  実績値 {}  進捗度 {}",
                    point.fiscal_year,
                    quantity(point.target.as_ref()),
                    quantity(point.actual.as_ref()),
                    percent(point.progress_pct)
                );
            }
        }
    }
    if record.report.is_some() {
        let support = record.support.as_ref().map(|s| {
            format!(
                "fiscal {}, tax {}, interest subsidy {}",
                count(s.fiscal.count),
                count(s.tax.count),
                count(s.interest_subsidy.count)
            )
        });
        let _ = writeln!(
            out,
            "別紙2 regulatory measures: {} · section 5 support: {} · 別紙3 local measures: {} · sections: {}",
            record.regulatory_measures.len(),
            support.unwrap_or_else(|| "-".into()),
            record.local_measures.len(),
            record.sections.len()
        );
    }
    let _ = writeln!(out, "warnings: {}", record.warnings.len());
    for warning in &record.warnings {
        let page = warning.page.map(|p| format!(" p.{p}")).unwrap_or_default();
        let path = warning.path.as_deref().map(|p| format!(" {p}")).unwrap_or_default();
        let _ = writeln!(out, "  {}{page}{path}: {}", warning.code, warning.message);
    }
    out
}

fn quantity(value: Option<&Quantity>) -> String {
    value.map(|q| q.text.clone()).unwrap_or_else(|| "-".into())
}

fn percent(value: Option<f64>) -> String {
    value.map(|v| format!("{v}%")).unwrap_or_else(|| "-".into())
}

fn count(value: Option<u32>) -> String {
    value.map(|v| v.to_string()).unwrap_or_else(|| "-".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_seed_text_summary_shows_its_facts_as_written() {
        let path = concat!(env!("CARGO_MANIFEST_DIR"), "/fixtures/text/seed_utf8.txt");
        let bytes = std::fs::read(path).expect("the seed text");
        let record = tokku::Extractor::new().record(&bytes, "seed_utf8.txt");
        let summary = record_summary(&record);
        // Values typed from the seed report, as it writes them.
        assert!(summary.contains("令和2年度 国際戦略総合特別区域評価書"), "{summary}");
        assert!(
            summary.contains("数値目標 1-1 特区関連事業による投資額 · goal 475億円"),
            "{summary}"
        );
        assert!(
            summary.contains("2017年度  目標値 115億円  実績値 119億円  進捗度 104%"),
            "{summary}"
        );
        assert!(summary.contains("progress_mismatch"), "{summary}");
        assert!(summary.lines().count() < 120, "{summary}");
    }
}
