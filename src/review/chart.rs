//! The chart of one 数値目標: 目標値 and 実績値 by fiscal year of its 別紙1 series as two
//! lines of points, the report's fiscal year and the goal's last year marked by dashed
//! verticals, and the goal itself as a dashed horizontal where it is a yearly level
//! comparable with the points (a 累計 goal is not: it is stated in the caption instead).
//! Inline SVG built with maud, so every text is escaped.

use maud::{html, Markup};

use crate::lang::Lang;
use crate::record::Target;

use super::labels::{fiscal_year, label};

const WIDTH: f64 = 540.0;
const HEIGHT: f64 = 240.0;
const LEFT: f64 = 64.0;
const RIGHT: f64 = 16.0;
const TOP: f64 = 22.0;
const BOTTOM: f64 = 36.0;

/// A point drawn: its fiscal year, value and the text the report gives.
struct Point<'a> {
    year: i32,
    value: f64,
    text: &'a str,
}

/// The chart of a 数値目標, or nothing when its series holds no value at all.
pub fn target_chart(target: &Target, report_year: Option<i32>, lang: Lang) -> Option<Markup> {
    let targets: Vec<Point> = target
        .series
        .iter()
        .filter_map(|p| {
            p.target.as_ref().map(|q| Point { year: p.fiscal_year, value: q.value, text: &q.text })
        })
        .collect();
    let actuals: Vec<Point> = target
        .series
        .iter()
        .filter_map(|p| {
            p.actual.as_ref().map(|q| Point { year: p.fiscal_year, value: q.value, text: &q.text })
        })
        .collect();
    if targets.is_empty() && actuals.is_empty() {
        return None;
    }
    let mut years: Vec<i32> = target.series.iter().map(|p| p.fiscal_year).collect();
    let goal_year = target.period.map(|p| p.end_fiscal_year);
    years.extend(report_year);
    years.extend(goal_year);
    // A goal reached as a level (not a sum of years) shares the points' scale.
    let goal_level =
        target.goal.as_ref().filter(|_| target.goal_basis.as_deref() != Some("cumulative"));
    let mut values: Vec<f64> = targets.iter().chain(&actuals).map(|p| p.value).collect();
    values.extend(goal_level.map(|g| g.value));
    let frame = Frame::new(&years, &values);
    let (x, y) = (|year| frame.x(year), |value| frame.y(value));
    let unit = target
        .series
        .iter()
        .find_map(|p| p.target.as_ref().or(p.actual.as_ref()))
        .map(|q| q.unit.clone())
        .unwrap_or_default();
    let polyline = |points: &[Point]| {
        points
            .iter()
            .map(|p| format!("{:.1},{:.1}", x(p.year), y(p.value)))
            .collect::<Vec<_>>()
            .join(" ")
    };
    Some(html! {
        svg.chart viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-label=(format!("{}{}", target.name, label(lang, "chart_of"))) data-target-key=(target.key) {
            (frame.axes(&unit, true))
            @if let Some(year) = report_year {
                line.marker.report-year x1=(fmt(x(year))) x2=(fmt(x(year))) y1=(fmt(TOP - 8.0)) y2=(fmt(HEIGHT - BOTTOM)) data-year=(year) {}
                text x=(fmt(x(year))) y=(fmt(TOP - 10.0)) text-anchor="middle" { (label(lang, "report_year_marker")) }
            }
            @if let Some(year) = goal_year.filter(|g| Some(*g) != report_year) {
                line.marker.goal-year x1=(fmt(x(year))) x2=(fmt(x(year))) y1=(fmt(TOP - 8.0)) y2=(fmt(HEIGHT - BOTTOM)) data-year=(year) {}
                text x=(fmt(x(year))) y=(fmt(TOP - 10.0)) text-anchor="middle" { (label(lang, "goal_year_marker")) }
            }
            @if let Some(goal) = goal_level {
                line.goal x1=(fmt(LEFT)) x2=(fmt(WIDTH - RIGHT)) y1=(fmt(y(goal.value))) y2=(fmt(y(goal.value))) data-value=(goal.value) {}
                text x=(fmt(WIDTH - RIGHT)) y=(fmt(y(goal.value) - 4.0)) text-anchor="end" { (label(lang, "goal")) " " (goal.text) }
            }
            polyline.series-target points=(polyline(&targets)) {}
            polyline.series-actual points=(polyline(&actuals)) {}
            @for p in &targets {
                circle.pt.target cx=(fmt(x(p.year))) cy=(fmt(y(p.value))) r="4" data-year=(p.year) data-value=(p.value) { title { (p.year) " " (label(lang, "target_value")) " " (p.text) } }
            }
            @for p in &actuals {
                circle.pt.actual cx=(fmt(x(p.year))) cy=(fmt(y(p.value))) r="4" data-year=(p.year) data-value=(p.value) { title { (p.year) " " (label(lang, "actual_value")) " " (p.text) } }
            }
        }
    })
}

/// A value and the text the report gives for it.
pub type Stated<'a> = Option<(f64, &'a str)>;

/// One report's values of a 数値目標 over fiscal years (a line of the zone chart).
pub struct ReportLine<'a> {
    pub report_year: i32,
    /// (fiscal year, 目標値, 実績値), each value with the text the report gives.
    pub points: Vec<(i32, Stated<'a>, Stated<'a>)>,
}

/// A value a later report restated: (fiscal year, field `target`/`actual`, the earlier
/// report's year, the later report's year).
pub type RestatedPoint = (i32, &'static str, i32, i32);

/// The class of the `n`th report's colour (oldest first; six colours, then again):
/// `r0`…`r5`, coloured by the page's style (an inline `style` would break the policy).
pub fn report_colour(n: usize) -> String {
    format!("r{}", n % 6)
}

/// The chart of a 数値目標 across a zone's reports: for every report a line of its 実績値
/// (solid) and of its 目標値 (dashed) over the fiscal years it states, in the report's
/// colour; a value a later report restated is drawn as a ring (`restated`) on both
/// reports' points, named in each point's title. Nothing when no report states a value.
pub fn zone_chart(
    key: &str,
    name: &str,
    unit: &str,
    lines: &[ReportLine],
    restated: &[RestatedPoint],
    lang: Lang,
) -> Option<Markup> {
    let values: Vec<f64> = lines
        .iter()
        .flat_map(|l| &l.points)
        .flat_map(|(_, t, a)| [t.map(|v| v.0), a.map(|v| v.0)])
        .flatten()
        .collect();
    if values.is_empty() {
        return None;
    }
    let years: Vec<i32> = lines.iter().flat_map(|l| l.points.iter().map(|p| p.0)).collect();
    let frame = Frame::new(&years, &values);
    let (x, y) = (|year| frame.x(year), |value| frame.y(value));
    let field_label = |field: &str| match field {
        "target" => label(lang, "target_value"),
        _ => label(lang, "actual_value"),
    };
    // The restatement a point belongs to, if any, and whether it is the earlier value.
    let restatement_of = |report_year: i32, year: i32, field: &str| {
        restated.iter().find(|(fy, f, earlier, later)| {
            *fy == year && *f == field && (*earlier == report_year || *later == report_year)
        })
    };
    Some(html! {
        svg.chart.zone-chart viewBox=(format!("0 0 {WIDTH} {HEIGHT}")) role="img" aria-label=(format!("{key} {name}{}", label(lang, "chart_of"))) data-target-key=(key) {
            (frame.axes(unit, false))
            @for (n, line) in lines.iter().enumerate() {
                @let colour = report_colour(n);
                @for (field, pick) in [("target", 0usize), ("actual", 1usize)] {
                    @let points: Vec<(i32, f64, &str)> = line.points.iter()
                        .filter_map(|(year, t, a)| if pick == 0 { *t } else { *a }.map(|(v, text)| (*year, v, text)))
                        .collect();
                    @if !points.is_empty() {
                        polyline class=(format!("report-line {field} {colour}")) data-report-year=(line.report_year)
                            points=(points.iter().map(|(yr, v, _)| format!("{:.1},{:.1}", x(*yr), y(*v))).collect::<Vec<_>>().join(" ")) {}
                        @for (year, value, text) in &points {
                            @let restatement = restatement_of(line.report_year, *year, field);
                            // Restated points step apart by report, so both stay in sight.
                            @let dx = if restatement.is_some() { (n as f64 - (lines.len() as f64 - 1.0) / 2.0) * 5.0 } else { 0.0 };
                            circle class=(if restatement.is_some() { format!("zpt {field} {colour} restated") } else { format!("zpt {field} {colour}") })
                                cx=(fmt(x(*year) + dx)) cy=(fmt(y(*value))) r=(if restatement.is_some() { "6" } else { "3.5" })
                                data-report-year=(line.report_year) data-year=(year) data-field=(field) data-value=(value) {
                                title {
                                    (fiscal_year(lang, *year)) " " (field_label(field)) " " (text) " — " (fiscal_year(lang, line.report_year)) (label(lang, "report_of"))
                                    @if let Some((_, _, earlier, later)) = restatement {
                                        " (◆ " (label(lang, "restated")) ": " (fiscal_year(lang, *earlier)) " → " (fiscal_year(lang, *later)) ")"
                                    }
                                }
                            }
                        }
                    }
                }
            }
            @for (year, field, earlier, later) in restated {
                @if let Some(point) = lines.iter().find(|l| l.report_year == *later).and_then(|l| l.points.iter().find(|p| p.0 == *year)) {
                    @if let Some((value, _)) = if *field == "target" { point.1 } else { point.2 } {
                        text.restated-label x=(fmt(x(*year) + 8.0)) y=(fmt(y(value) - 8.0)) data-year=(year) data-field=(field) {
                            "◆ " (earlier) "→" (later)
                        }
                    }
                }
            }
        }
    })
}

/// The scales of a chart: fiscal years across, values up (from zero or below, rounded
/// out to whole steps), and the axes drawn on them.
struct Frame {
    first_year: i32,
    last_year: i32,
    low: f64,
    high: f64,
    step: f64,
}

impl Frame {
    /// The frame that holds every year of `years` and every value of `values`.
    fn new(years: &[i32], values: &[f64]) -> Frame {
        let first_year = years.iter().copied().min().unwrap_or(0);
        let last_year = years.iter().copied().max().unwrap_or(0);
        let low = values.iter().copied().fold(0.0_f64, f64::min);
        let high = values.iter().copied().fold(f64::NEG_INFINITY, f64::max).max(low + 1.0);
        let (low, high, step) = nice_scale(low, high);
        Frame { first_year, last_year, low, high, step }
    }

    fn x(&self, year: i32) -> f64 {
        let span_years = f64::from((self.last_year - self.first_year).max(1));
        LEFT + (WIDTH - LEFT - RIGHT) * f64::from(year - self.first_year) / span_years
    }

    fn y(&self, value: f64) -> f64 {
        TOP + (HEIGHT - TOP - BOTTOM) * (self.high - value) / (self.high - self.low)
    }

    /// Gridlines with their value labels, the value axis, the zero line when
    /// `zero_line`, the years under the chart and the unit at its top left.
    fn axes(&self, unit: &str, zero_line: bool) -> Markup {
        let (low, high, step) = (self.low, self.high, self.step);
        let ticks: Vec<f64> =
            (0..=((high - low) / step).round() as i64).map(|n| low + step * n as f64).collect();
        let zero = self.y(0.0_f64.clamp(low, high));
        html! {
            @for tick in &ticks {
                line.gridline x1=(fmt(LEFT)) x2=(fmt(WIDTH - RIGHT)) y1=(fmt(self.y(*tick))) y2=(fmt(self.y(*tick))) {}
                text x=(fmt(LEFT - 6.0)) y=(fmt(self.y(*tick) + 4.0)) text-anchor="end" { (axis_label(*tick)) }
            }
            line.axis x1=(fmt(LEFT)) x2=(fmt(LEFT)) y1=(fmt(TOP)) y2=(fmt(HEIGHT - BOTTOM)) {}
            @if zero_line {
                line.axis x1=(fmt(LEFT)) x2=(fmt(WIDTH - RIGHT)) y1=(fmt(zero)) y2=(fmt(zero)) {}
            }
            @for year in self.first_year..=self.last_year {
                text x=(fmt(self.x(year))) y=(fmt(HEIGHT - BOTTOM + 16.0)) text-anchor="middle" { (year) }
            }
            text x="4" y="12" { (unit) }
        }
    }
}

fn fmt(value: f64) -> String {
    format!("{value:.1}")
}

/// A tick label: 1.2e10 → "120億", 52000 → "5.2万", small numbers as they are.
fn axis_label(value: f64) -> String {
    let magnitude = value.abs();
    let (divisor, suffix) = if magnitude >= 1e8 {
        (1e8, "億")
    } else if magnitude >= 1e4 {
        (1e4, "万")
    } else {
        (1.0, "")
    };
    let scaled = value / divisor;
    let text = if (scaled - scaled.round()).abs() < 1e-9 {
        format!("{}", scaled.round() as i64)
    } else {
        format!("{scaled:.1}")
    };
    format!("{text}{suffix}")
}

/// Rounds a range out to about five steps of 1, 2 or 5 × 10ⁿ.
fn nice_scale(low: f64, high: f64) -> (f64, f64, f64) {
    let raw = (high - low) / 5.0;
    let power = 10f64.powf(raw.log10().floor());
    let step =
        [1.0, 2.0, 5.0, 10.0].iter().map(|m| m * power).find(|s| *s >= raw).unwrap_or(10.0 * power);
    ((low / step).floor() * step, (high / step).ceil() * step, step)
}

#[cfg(test)]
mod tests {
    use super::*;

    use crate::jp::Quantity;
    use crate::record::{CurrentValues, Period, SeriesPoint};

    fn people(value: f64) -> Option<Quantity> {
        Some(Quantity { value, unit: "人".into(), text: format!("{value}人") })
    }

    fn target(basis: &str) -> Target {
        Target {
            key: "1".into(),
            name: "就業者数".into(),
            goal: people(500.0),
            goal_basis: Some(basis.into()),
            period: Some(Period { start_fiscal_year: 2017, end_fiscal_year: 2021 }),
            baseline: None,
            current: CurrentValues::default(),
            series: vec![
                SeriesPoint {
                    fiscal_year: 2017,
                    target: people(100.0),
                    actual: people(120.0),
                    progress_pct: Some(120.0),
                },
                SeriesPoint {
                    fiscal_year: 2018,
                    target: people(200.0),
                    actual: None,
                    progress_pct: None,
                },
                SeriesPoint { fiscal_year: 2019, target: None, actual: None, progress_pct: None },
            ],
            notes: None,
        }
    }

    #[test]
    fn a_chart_has_a_point_per_stated_value_and_marks_the_years() {
        let svg = target_chart(&target("final_year"), Some(2018), Lang::Ja)
            .expect("a chart")
            .into_string();
        assert_eq!(svg.matches("class=\"pt target\"").count(), 2);
        assert_eq!(svg.matches("class=\"pt actual\"").count(), 1);
        assert!(svg.contains("class=\"marker report-year\"") && svg.contains("data-year=\"2018\""));
        // The goal's last year lies beyond the series: the axis reaches it.
        assert!(svg.contains("class=\"marker goal-year\"") && svg.contains(">2021<"));
        // A final-year goal is a level on the points' scale.
        assert!(svg.contains("class=\"goal\"") && svg.contains("data-value=\"500\""));
    }

    #[test]
    fn a_cumulative_goal_is_not_drawn_as_a_level() {
        let svg = target_chart(&target("cumulative"), Some(2018), Lang::Ja)
            .expect("a chart")
            .into_string();
        assert!(!svg.contains("class=\"goal\""));
    }

    #[test]
    fn a_target_without_values_has_no_chart() {
        let mut empty = target("cumulative");
        empty.series.iter_mut().for_each(|p| {
            p.target = None;
            p.actual = None;
        });
        assert!(target_chart(&empty, Some(2018), Lang::Ja).is_none());
    }

    #[test]
    fn scales_round_out_to_whole_steps() {
        assert_eq!(nice_scale(0.0, 14_100_000_000.0), (0.0, 15_000_000_000.0, 5_000_000_000.0));
        assert_eq!(nice_scale(-18.0, 842.0), (-200.0, 1000.0, 200.0));
    }

    #[test]
    fn axis_labels_use_japanese_magnitudes() {
        assert_eq!(axis_label(12_000_000_000.0), "120億");
        assert_eq!(axis_label(52_000.0), "5.2万");
        assert_eq!(axis_label(-200.0), "-200");
    }
}
