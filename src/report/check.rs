//! Check: cross-checks the report's own numbers and adds warnings with a stable code,
//! a plain message, the JSON pointer of the doubted field and its page. A check never
//! changes a value: the reports contain real mistakes (the seed's 別紙1 says 138% for
//! 116/87 = 133%), and so can an extractor; warnings tell both apart from good data.
//!
//! Codes: `progress_mismatch`, `indicator_progress_mismatch`, `goal_sum_mismatch`,
//! `body_table_mismatch` (the 当該年度 values, `/…/series/k/…`, and the goal, `/…/goal`),
//! `series_shape`, `contribution_sum`.

use crate::i18n::Msg;
use crate::jp::{format_like, Quantity};
use crate::msg;
use crate::record::{Indicator, Record, Target, Warning};

/// Where each indicator, target and 別紙1 table stands, for the warnings' `page`.
#[derive(Debug, Default, Clone)]
pub struct PageHints {
    /// Page of each 評価指標 line, by indicator index.
    pub indicators: Vec<u32>,
    /// Page of each 数値目標 line, by target key.
    pub body: Vec<(String, u32)>,
    /// Page of each target's 別紙1 table, by target key.
    pub tables: Vec<(String, u32)>,
    /// The goal each target's 別紙1 table states in its label cells (the text after the
    /// target's name: `1,250件(累計)`), by target key, where the table states one.
    pub table_goals: Vec<(String, String)>,
}

impl PageHints {
    fn body_page(&self, key: &str) -> Option<u32> {
        self.body.iter().find(|(k, _)| k == key).map(|(_, p)| *p)
    }
    fn table_page(&self, key: &str) -> Option<u32> {
        self.tables.iter().find(|(k, _)| k == key).map(|(_, p)| *p)
    }
    fn indicator_page(&self, index: usize) -> Option<u32> {
        self.indicators.get(index).copied()
    }
}

/// Runs every check on a record and appends its warnings.
pub fn check_record(record: &mut Record, pages: &PageHints) {
    let mut warnings = Vec::new();
    let fiscal_year = record.report.as_ref().and_then(|r| r.fiscal_year);
    for (i, indicator) in record.indicators.iter().enumerate() {
        for (j, target) in indicator.targets.iter().enumerate() {
            let base = format!("/indicators/{i}/targets/{j}");
            progress_checks(target, &base, pages, &mut warnings);
            goal_sum_check(target, &base, pages, &mut warnings);
            if let Some(year) = fiscal_year {
                body_table_check(target, year, &base, pages, &mut warnings);
            }
            body_table_goal_check(target, &base, pages, &mut warnings);
            series_shape_check(target, &base, pages, &mut warnings);
        }
        indicator_progress_check(indicator, i, pages, &mut warnings);
        contribution_sum_check(indicator, i, pages, &mut warnings);
    }
    record.warnings.extend(warnings);
}

// ---------------------------------------------------------------------------------
// progress_mismatch

/// The reports state 進捗度 as 実績値 / 目標値 in whole percent. A stated value more than
/// one point away from the computed one (which allows for any rounding rule) is doubted.
/// No progress is computed for a missing, zero or negative target, nor for a negative
/// actual (the reports write "-" there).
pub fn progress_mismatch(
    target: Option<&Quantity>,
    actual: Option<&Quantity>,
    stated: Option<f64>,
) -> Option<Msg> {
    let (target, actual, stated) = (target?, actual?, stated?);
    if target.value <= 0.0 || actual.value < 0.0 || target.unit != actual.unit {
        return None;
    }
    let computed = actual.value / target.value * 100.0;
    ((computed - stated).abs() > 1.0).then(|| {
        msg!(
            "progress_mismatch.values",
            stated = stated.to_string(),
            actual = &actual.text,
            target = &target.text,
            computed = format!("{computed:.1}")
        )
    })
}

fn progress_checks(target: &Target, base: &str, pages: &PageHints, warnings: &mut Vec<Warning>) {
    let current = &target.current;
    if let Some(message) =
        progress_mismatch(current.target.as_ref(), current.actual.as_ref(), current.progress_pct)
    {
        warnings.push(Warning::new(
            "progress_mismatch",
            msg!("progress_mismatch.current", mismatch = message),
            Some(format!("{base}/current/progress_pct")),
            pages.body_page(&target.key),
        ));
    }
    for (k, point) in target.series.iter().enumerate() {
        if let Some(message) =
            progress_mismatch(point.target.as_ref(), point.actual.as_ref(), point.progress_pct)
        {
            warnings.push(Warning::new(
                "progress_mismatch",
                msg!("progress_mismatch.series", year = point.fiscal_year, mismatch = message),
                Some(format!("{base}/series/{k}/progress_pct")),
                pages.table_page(&target.key),
            ));
        }
    }
}

// ---------------------------------------------------------------------------------
// indicator_progress_mismatch

/// An 評価指標's 進捗度 is the 寄与度-weighted sum of its 数値目標' 進捗度 (a "-" counts
/// as 0, as the reports do: the seed's 75% ≈ 0.33 × 145 + 0.33 × 0 + 0.33 × 81). With
/// one target, the two are equal. Doubted when more than one point off both the sum with
/// the weights as written and the sum with weights scaled to 100%.
fn indicator_progress_check(
    indicator: &Indicator,
    index: usize,
    pages: &PageHints,
    warnings: &mut Vec<Warning>,
) {
    let Some(stated) = indicator.progress_pct else { return };
    let targets = &indicator.targets;
    let computed: Vec<f64> = match targets.as_slice() {
        [] => return,
        [only] => match only.current.progress_pct {
            Some(p) => vec![p],
            None => return,
        },
        many => {
            let weights: Option<Vec<f64>> =
                many.iter().map(|t| t.current.contribution_pct).collect();
            let Some(weights) = weights else { return };
            let total: f64 = weights.iter().sum();
            if total <= 0.0 {
                return;
            }
            let weighted: f64 = many
                .iter()
                .zip(&weights)
                .map(|(t, w)| t.current.progress_pct.unwrap_or(0.0) * w / 100.0)
                .sum();
            vec![weighted, weighted * 100.0 / total]
        }
    };
    if computed.iter().all(|c| (c - stated).abs() > 1.0) {
        let shown: Vec<String> = computed.iter().map(|c| format!("{c:.1}%")).collect();
        let shown = match shown.as_slice() {
            [one] => Msg::Plain(one.clone()),
            _ => msg!("indicator_progress_mismatch.either", first = &shown[0], second = &shown[1]),
        };
        warnings.push(Warning::new(
            "indicator_progress_mismatch",
            msg!(
                "indicator_progress_mismatch",
                number = indicator.number,
                stated = stated.to_string(),
                shown = shown
            ),
            Some(format!("/indicators/{index}/progress_pct")),
            pages.indicator_page(index),
        ));
    }
}

// ---------------------------------------------------------------------------------
// goal_sum_mismatch

/// A cumulative (累計) goal over a period must equal the sum of the 別紙1 yearly targets
/// of that period. Checked only when every year of the period has a target.
fn goal_sum_check(target: &Target, base: &str, pages: &PageHints, warnings: &mut Vec<Warning>) {
    if target.goal_basis.as_deref() != Some("cumulative") {
        return;
    }
    let (Some(goal), Some(period)) = (target.goal.as_ref(), target.period) else { return };
    let mut sum = 0.0;
    let mut texts: Vec<String> = Vec::new();
    for year in period.start_fiscal_year..=period.end_fiscal_year {
        let Some(value) =
            target.series.iter().find(|p| p.fiscal_year == year).and_then(|p| p.target.as_ref())
        else {
            return;
        };
        if value.unit != goal.unit {
            return;
        }
        sum += value.value;
        texts.push(value.text.clone());
    }
    if (sum - goal.value).abs() > goal.value.abs() * 0.005 {
        warnings.push(Warning::new(
            "goal_sum_mismatch",
            msg!(
                "goal_sum_mismatch",
                goal = &goal.text,
                start = period.start_fiscal_year,
                end = period.end_fiscal_year,
                targets = texts.join(" + "),
                sum = format_like(sum, goal)
            ),
            Some(format!("{base}/goal")),
            pages.body_page(&target.key),
        ));
    }
}

fn format_value(value: f64) -> String {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        format!("{}", value as i64)
    } else {
        format!("{value}")
    }
}

// ---------------------------------------------------------------------------------
// body_table_mismatch

/// The body's 当該年度 values must equal the 別紙1 series at the report's fiscal year;
/// a difference is either the report's mistake or a value read in the wrong column.
fn body_table_check(
    target: &Target,
    year: i32,
    base: &str,
    pages: &PageHints,
    warnings: &mut Vec<Warning>,
) {
    let Some((k, point)) = target.series.iter().enumerate().find(|(_, p)| p.fiscal_year == year)
    else {
        return;
    };
    let current = &target.current;
    let pairs = [
        (
            "target",
            "目標値",
            current.target.as_ref().map(|q| q.value),
            point.target.as_ref().map(|q| q.value),
        ),
        (
            "actual",
            "実績値",
            current.actual.as_ref().map(|q| q.value),
            point.actual.as_ref().map(|q| q.value),
        ),
        ("progress_pct", "進捗度", current.progress_pct, point.progress_pct),
    ];
    for (field, label, body, table) in pairs {
        if body != table {
            let show = |v: Option<f64>| match v {
                Some(v) => Msg::Plain(format_value(v)),
                None => msg!("body_table_mismatch.none"),
            };
            warnings.push(Warning::new(
                "body_table_mismatch",
                msg!(
                    "body_table_mismatch",
                    label = label,
                    year = year,
                    body = show(body),
                    table = show(table)
                ),
                Some(format!("{base}/series/{k}/{field}")),
                pages.table_page(&target.key),
            ));
        }
    }
}

/// The goal the body states for a target must be the goal its 別紙1 table states in
/// the label cells (`数値目標（１）－② 外国企業とのビジネスマッチング件数 １，２５０件（累計）`
/// against the body's `累計：1,200件`). Compared only when both read as quantities; the
/// record keeps the body's goal.
fn body_table_goal_check(
    target: &Target,
    base: &str,
    pages: &PageHints,
    warnings: &mut Vec<Warning>,
) {
    let Some(body) = target.goal.as_ref() else { return };
    let Some((_, stated)) = pages.table_goals.iter().find(|(k, _)| *k == target.key) else {
        return;
    };
    let Some(table) = table_goal(stated) else { return };
    if body.value != table.value || body.unit != table.unit {
        warnings.push(Warning::new(
            "body_table_mismatch",
            msg!(
                "body_table_mismatch.goal",
                key = &target.key,
                body = &body.text,
                table = &table.text
            ),
            Some(format!("{base}/goal")),
            pages.body_page(&target.key),
        ));
    }
}

/// The goal quantity of a 別紙1 table's label text after the target's name: a goal form
/// (`475億円(累計)`, `80回(令和3年度)`, an A→B form's B) or a bare quantity; None when
/// the cells state none that reads.
fn table_goal(text: &str) -> Option<Quantity> {
    // The label cells go on with the next cell's title (`…1,250件(累計)寄与度(※):50(%)`).
    let end = ["寄与度", "評価指標", "数値目標", "代替指標"]
        .iter()
        .filter_map(|word| text.find(word))
        .min()
        .unwrap_or(text.len());
    let text = text[..end].trim();
    let goal = match crate::report::goals::read_goal(text) {
        Some(reading) => reading.goal?,
        None => text.to_string(),
    };
    crate::jp::parse_quantity(&goal).ok().flatten()
}

// ---------------------------------------------------------------------------------
// series_shape

/// A series must run in increasing fiscal years without repeats, keep one unit, and
/// hold no value 10^3.5 times larger or smaller than the median of its row (a lost or
/// doubled 万 or 億).
fn series_shape_check(target: &Target, base: &str, pages: &PageHints, warnings: &mut Vec<Warning>) {
    let page = pages.table_page(&target.key);
    for (k, pair) in target.series.windows(2).enumerate() {
        if pair[1].fiscal_year <= pair[0].fiscal_year {
            warnings.push(Warning::new(
                "series_shape",
                msg!(
                    "series_shape.order",
                    year = pair[1].fiscal_year,
                    previous = pair[0].fiscal_year
                ),
                Some(format!("{base}/series/{}/fiscal_year", k + 1)),
                page,
            ));
        }
    }
    let unit = target.goal.as_ref().map(|g| g.unit.clone()).or_else(|| {
        target
            .series
            .iter()
            .find_map(|p| p.target.as_ref().or(p.actual.as_ref()))
            .map(|q| q.unit.clone())
    });
    if let Some(unit) = unit {
        for (k, point) in target.series.iter().enumerate() {
            for (field, value) in [("target", &point.target), ("actual", &point.actual)] {
                if let Some(q) = value {
                    if q.unit != unit {
                        warnings.push(Warning::new(
                            "series_shape",
                            msg!(
                                "series_shape.unit",
                                year = point.fiscal_year,
                                field = field,
                                value = &q.text,
                                unit = &q.unit,
                                series_unit = &unit
                            ),
                            Some(format!("{base}/series/{k}/{field}")),
                            page,
                        ));
                    }
                }
            }
        }
    }
    for field in ["target", "actual"] {
        let values: Vec<(usize, &Quantity)> = target
            .series
            .iter()
            .enumerate()
            .filter_map(|(k, p)| {
                if field == "target" { p.target.as_ref() } else { p.actual.as_ref() }
                    .map(|q| (k, q))
            })
            .filter(|(_, q)| q.value > 0.0)
            .collect();
        if values.len() < 3 {
            continue;
        }
        let mut sorted: Vec<f64> = values.iter().map(|(_, q)| q.value).collect();
        sorted.sort_by(f64::total_cmp);
        let median = sorted[sorted.len() / 2];
        for (k, q) in values {
            if (q.value / median).log10().abs() >= 3.5 {
                warnings.push(Warning::new(
                    "series_shape",
                    msg!(
                        "series_shape.magnitude",
                        year = target.series[k].fiscal_year,
                        field = field,
                        value = &q.text,
                        power = format!("{:.0}", (q.value / median).log10()),
                        median = format_value(median)
                    ),
                    Some(format!("{base}/series/{k}/{field}")),
                    page,
                ));
            }
        }
    }
}

// ---------------------------------------------------------------------------------
// contribution_sum

/// The 寄与度 of an indicator's 数値目標 should sum to about 100% (each may be rounded
/// down: 33 + 33 + 33 = 99 is fine). Some given and some missing is doubted too.
fn contribution_sum_check(
    indicator: &Indicator,
    index: usize,
    pages: &PageHints,
    warnings: &mut Vec<Warning>,
) {
    let given: Vec<f64> =
        indicator.targets.iter().filter_map(|t| t.current.contribution_pct).collect();
    if given.is_empty() {
        return;
    }
    let path = Some(format!("/indicators/{index}/targets"));
    if given.len() < indicator.targets.len() {
        warnings.push(Warning::new(
            "contribution_sum",
            msg!(
                "contribution_sum.partial",
                number = indicator.number,
                given = given.len(),
                targets = indicator.targets.len()
            ),
            path,
            pages.indicator_page(index),
        ));
        return;
    }
    let sum: f64 = given.iter().sum();
    if (sum - 100.0).abs() > given.len() as f64 {
        warnings.push(Warning::new(
            "contribution_sum",
            msg!("contribution_sum.total", number = indicator.number, sum = format_value(sum)),
            path,
            pages.indicator_page(index),
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::record::{CurrentValues, Period, ReportHeader, SeriesPoint, Source};

    fn q(value: f64, unit: &str, text: &str) -> Quantity {
        Quantity { value, unit: unit.into(), text: text.into() }
    }
    fn yen(oku: f64) -> Quantity {
        q(oku * 1e8, "円", &format!("{oku}億円"))
    }
    fn point(
        year: i32,
        target: Option<Quantity>,
        actual: Option<Quantity>,
        progress: Option<f64>,
    ) -> SeriesPoint {
        SeriesPoint { fiscal_year: year, target, actual, progress_pct: progress }
    }

    /// The seed's 投資額 target: consistent in every respect.
    fn investment() -> Target {
        Target {
            key: "1-1".into(),
            name: "特区関連事業による投資額".into(),
            goal: Some(yen(475.0)),
            goal_basis: Some("cumulative".into()),
            period: Some(Period { start_fiscal_year: 2017, end_fiscal_year: 2021 }),
            baseline: None,
            current: CurrentValues {
                target: Some(yen(93.0)),
                actual: Some(yen(135.0)),
                progress_pct: Some(145.0),
                contribution_pct: Some(100.0),
            },
            series: vec![
                point(2017, Some(yen(115.0)), Some(yen(119.0)), Some(104.0)),
                point(2018, Some(yen(81.0)), Some(yen(141.0)), Some(174.0)),
                point(2019, Some(yen(87.0)), Some(yen(116.0)), Some(133.0)),
                point(2020, Some(yen(93.0)), Some(yen(135.0)), Some(145.0)),
                point(2021, Some(yen(99.0)), None, None),
            ],
            notes: None,
        }
    }

    fn record_of(targets: Vec<Target>, indicator_progress: Option<f64>) -> Record {
        Record::of_report(
            Source::default(),
            Some(ReportHeader { fiscal_year: Some(2020), ..ReportHeader::default() }),
            vec![Indicator {
                number: 1,
                name: "経済効果".into(),
                progress_pct: indicator_progress,
                targets,
            }],
            Vec::new(),
        )
    }

    fn codes(record: &Record) -> Vec<(String, Option<String>)> {
        let mut record = record.clone();
        check_record(&mut record, &PageHints::default());
        record.warnings.iter().map(|w| (w.code.clone(), w.path.clone())).collect()
    }

    #[test]
    fn a_consistent_target_raises_nothing() {
        assert_eq!(codes(&record_of(vec![investment()], Some(145.0))), vec![]);
    }

    #[test]
    fn progress_mismatch_fires_on_the_seeds_138_and_not_on_rounding() {
        let mut t = investment();
        t.series[2].progress_pct = Some(138.0);
        assert_eq!(
            codes(&record_of(vec![t], Some(145.0))),
            vec![(
                "progress_mismatch".into(),
                Some("/indicators/0/targets/0/series/2/progress_pct".into())
            )]
        );
        let message = progress_mismatch(Some(&yen(87.0)), Some(&yen(116.0)), Some(138.0))
            .expect("mismatch")
            .to_string();
        assert!(message.contains("133.3"), "{message}");
        // 5/6 = 83.3 stated as 83: rounding, not a mistake. A negative actual has no progress.
        assert_eq!(
            progress_mismatch(Some(&q(6.0, "件", "6件")), Some(&q(5.0, "件", "5件")), Some(83.0)),
            None
        );
        assert_eq!(
            progress_mismatch(
                Some(&q(100.0, "人", "100人")),
                Some(&q(-18.0, "人", "-18人")),
                Some(0.0)
            ),
            None
        );
    }

    #[test]
    fn goal_sum_mismatch_fires_when_the_years_do_not_add_up() {
        let mut t = investment();
        t.goal = Some(yen(500.0));
        assert_eq!(
            codes(&record_of(vec![t.clone()], Some(145.0))),
            vec![("goal_sum_mismatch".into(), Some("/indicators/0/targets/0/goal".into()))]
        );
        // A year of the period without a target: nothing to sum, nothing said.
        t.series[4].target = None;
        assert_eq!(codes(&record_of(vec![t], Some(145.0))), vec![]);
    }

    #[test]
    fn body_table_mismatch_fires_on_the_goal_when_the_tables_label_states_another() {
        let with_table_goal = |stated: &str| {
            let mut record = record_of(vec![investment()], Some(145.0));
            let hints = PageHints {
                body: vec![("1-1".into(), 2)],
                table_goals: vec![("1-1".into(), stated.into())],
                ..PageHints::default()
            };
            check_record(&mut record, &hints);
            record
                .warnings
                .iter()
                .map(|w| (w.code.clone(), w.path.clone(), w.page))
                .collect::<Vec<_>>()
        };
        // The seed's form `４７５億円（累計）`: the same goal, nothing said.
        assert_eq!(with_table_goal("475億円(累計)寄与度(※):100(%)"), vec![]);
        // Another 累計 figure in the table (m12's `１，２５０件（累計）` against 1,200件).
        assert_eq!(
            with_table_goal("480億円(累計)寄与度(※):100(%)"),
            vec![(
                "body_table_mismatch".into(),
                Some("/indicators/0/targets/0/goal".into()),
                Some(2)
            )]
        );
        // A table stating no goal that reads: nothing to compare.
        assert_eq!(with_table_goal(""), vec![]);
        assert_eq!(with_table_goal("特区関連事業の投資"), vec![]);
    }

    #[test]
    fn body_table_mismatch_fires_when_body_and_table_disagree() {
        let mut t = investment();
        t.current.actual = Some(yen(136.0));
        let found = codes(&record_of(vec![t], Some(145.0)));
        assert!(
            found.contains(&(
                "body_table_mismatch".into(),
                Some("/indicators/0/targets/0/series/3/actual".into())
            )),
            "{found:?}"
        );
    }

    #[test]
    fn series_shape_fires_on_order_unit_and_lost_magnitude() {
        let mut t = investment();
        t.series.swap(0, 1);
        assert!(codes(&record_of(vec![t], Some(145.0))).iter().any(|(c, p)| c == "series_shape"
            && p.as_deref() == Some("/indicators/0/targets/0/series/1/fiscal_year")));
        let mut t = investment();
        t.series[1].actual = Some(q(141.0, "円", "141円"));
        let found = codes(&record_of(vec![t], Some(145.0)));
        assert!(
            found.iter().any(|(c, p)| c == "series_shape"
                && p.as_deref() == Some("/indicators/0/targets/0/series/1/actual")),
            "{found:?}"
        );
        let mut t = investment();
        t.series[0].target = Some(q(115.0, "件", "115件"));
        let found = codes(&record_of(vec![t], Some(145.0)));
        assert!(
            found.iter().any(|(c, p)| c == "series_shape"
                && p.as_deref() == Some("/indicators/0/targets/0/series/0/target")),
            "{found:?}"
        );
    }

    #[test]
    fn indicator_progress_follows_the_weighted_targets() {
        let people = |p: Option<f64>| {
            let mut t = investment();
            t.series.clear();
            t.goal = None;
            t.current = CurrentValues {
                target: None,
                actual: None,
                progress_pct: p,
                contribution_pct: Some(33.0),
            };
            t
        };
        // The seed: 75% for 145%, "-" and 81% at 33% each.
        let seed = vec![people(Some(145.0)), people(None), people(Some(81.0))];
        assert_eq!(codes(&record_of(seed.clone(), Some(75.0))), vec![]);
        assert_eq!(
            codes(&record_of(seed, Some(90.0))),
            vec![("indicator_progress_mismatch".into(), Some("/indicators/0/progress_pct".into()))]
        );
    }

    #[test]
    fn contribution_sum_fires_away_from_100() {
        let with = |c: Vec<Option<f64>>| {
            c.into_iter()
                .map(|c| {
                    let mut t = investment();
                    t.series.clear();
                    t.current.contribution_pct = c;
                    t
                })
                .collect::<Vec<_>>()
        };
        let fired = |targets| {
            codes(&record_of(targets, None)).iter().filter(|(c, _)| c == "contribution_sum").count()
        };
        assert_eq!(fired(with(vec![Some(33.0), Some(33.0), Some(33.0)])), 0);
        assert_eq!(fired(with(vec![Some(50.0), Some(30.0)])), 1);
        assert_eq!(fired(with(vec![Some(50.0), None])), 1);
    }
}
