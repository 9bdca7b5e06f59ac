//! Goal forms: reads the goal line(s) of a 数値目標 (section 3 ①) into the goal text,
//! its basis, its period and its baseline. The forms are a rule table (`GOAL_FORMS`),
//! each named and written for the report wording in its example; they are tried in
//! order on the normalized, joined goal text after the baseline clause is taken out.
//!
//! - `累計` → basis cumulative; a goal for one (the last) fiscal year → final_year;
//!   `単年度` with one fiscal year → final_year, with a range (every year) → null.
//! - A→B (`8,300人(平成24年度)→12,500人(平成30年度)`): baseline = A with its fiscal
//!   year, goal = B, basis final_year, period null unless `N年間(X~Y年度)` is written.
//! - `(基準値:7,400t(平成28年度))` anywhere in the goal: the baseline.

use std::sync::LazyLock;

use regex::Regex;

use crate::jp::patterns::static_regex;
use crate::jp::{parse_fiscal_year, parse_fiscal_year_range};

/// A goal as written: texts still to be read as quantities by the caller.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct GoalReading {
    /// The goal's quantity text (`475億円`), or None when the goal states none.
    pub goal: Option<String>,
    /// "cumulative" | "final_year" | None.
    pub basis: Option<&'static str>,
    /// Start and end fiscal year of the goal's period, where written.
    pub period: Option<(i32, i32)>,
    /// The baseline's quantity text and fiscal year, where written.
    pub baseline: Option<(String, Option<i32>)>,
    /// The name of the form that read the goal.
    pub form: &'static str,
}

/// One goal form: its name, the report wording it was written for, its pattern.
pub struct GoalForm {
    pub name: &'static str,
    pub example: &'static str,
    pattern: &'static LazyLock<Regex>,
    read: fn(&regex::Captures, &str) -> GoalReading,
}

/// `5年間(平成29~令和3年度)累計:475億円`, `令和2年度:9,000t`, `単年度:100件`.
static WHEN_COLON: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(
        r"^(?P<when>[^:]*?)\s*(?P<basis>累計|単年度|最終年度|年度末|毎年度)?\s*:\s*(?P<goal>.+)$",
    )
});
/// `8,300人(平成24年度)→12,500人(平成30年度)`, `(平成23年度)640件→(平成29年度)1,150件`.
static ARROW: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"^(?P<from>.+?)\s*(?:→|⇒|➡|->)\s*(?P<to>.+)$"));
/// `1,500人(令和3年度)`, `475億円(累計)`, `475億円(5年間累計)`.
static VALUE_THEN_WHEN: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(r"^(?P<goal>[^()]+?)\s*\(\s*(?P<when>[^()]*(?:年度|累計)[^()]*)\s*\)$")
});
/// `令和3年度1,800千人`, `令和3年度までに1,800千人`.
static WHEN_THEN_VALUE: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(
        r"^(?P<when>(?:(?:平成|令和)\s*(?:[0-9]{1,2}|元)|[HR]\s*[0-9]{1,2}|[0-9]{4})\s*年度\s*(?:末)?\s*(?:まで(?:に)?)?)\s*(?P<goal>[0-9△▲+\-約].*)$",
    )
});
/// `(基準値:7,400t(平成28年度))`, `基準値:7,400t(平成28年度)`, `(設定時:3件(平成24年度))`.
static BASELINE_CLAUSE: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(
        r"\(?\s*(?:基準値|基準|設定時|現状値)\s*:?\s*(?P<value>[^()]*?)\s*\(\s*(?P<year>[^()]*?年度)\s*\)\s*\)?",
    )
});
/// `5年間(平成29~令和3年度)`: the goal's period, wherever it stands.
static PERIOD: LazyLock<Regex> =
    LazyLock::new(|| static_regex(r"[0-9]+\s*年間\s*\(\s*(?P<range>[^()]*?)\s*\)"));
/// A fiscal year on one side of an arrow: `(平成24年度)`, `平成25年度`, `H25年度:`.
static SIDE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    static_regex(
        r"\(?\s*(?P<year>(?:(?:平成|令和)\s*(?:[0-9]{1,2}|元)|[HR]\s*[0-9]{1,2}|[0-9]{4})\s*年度(?:末)?)\s*\)?\s*:?",
    )
});

/// The goal forms, tried in order (the first that reads a goal wins).
pub static GOAL_FORMS: &[GoalForm] = &[
    GoalForm {
        name: "baseline_arrow_goal",
        example: "8,300人（平成24年度）→ 12,500人（平成30年度）",
        pattern: &ARROW,
        read: read_arrow,
    },
    GoalForm {
        name: "when_colon_goal",
        example: "5年間（平成29～令和3年度）累計：475億円",
        pattern: &WHEN_COLON,
        read: read_when_colon,
    },
    GoalForm {
        name: "goal_then_when",
        example: "1,500人（令和3年度）",
        pattern: &VALUE_THEN_WHEN,
        read: read_value_then_when,
    },
    GoalForm {
        name: "when_then_goal",
        example: "令和3年度 1,800千人",
        pattern: &WHEN_THEN_VALUE,
        read: read_when_then_value,
    },
];

/// Reads a goal text (normalized); None when it is no goal form.
pub fn read_goal(text: &str) -> Option<GoalReading> {
    let text = text.trim();
    let mut baseline = None;
    let mut rest = text.to_string();
    if let Some(c) = BASELINE_CLAUSE.captures(text) {
        baseline = Some((c["value"].trim().to_string(), parse_fiscal_year(&c["year"])));
        let whole = c.get(0).map_or(0..0, |m| m.range());
        rest = format!("{}{}", &text[..whole.start], &text[whole.end..]).trim().to_string();
    }
    let period = PERIOD.captures(&rest).and_then(|c| parse_fiscal_year_range(&c["range"]));
    for form in GOAL_FORMS {
        if let Some(c) = form.pattern.captures(&rest) {
            let mut reading = (form.read)(&c, &rest);
            if reading.goal.is_none()
                && reading.baseline.is_none()
                && reading.basis.is_none()
                && reading.period.is_none()
            {
                continue;
            }
            reading.form = form.name;
            if reading.period.is_none() && form.name == "baseline_arrow_goal" {
                reading.period = period;
            }
            if baseline.is_some() {
                reading.baseline = baseline;
            }
            return Some(reading);
        }
    }
    // Only the baseline clause: a goal line without a goal.
    baseline.map(|b| GoalReading {
        baseline: Some(b),
        period,
        form: "baseline_only",
        ..GoalReading::default()
    })
}

/// A side of an arrow: its value text and fiscal year.
fn side(text: &str) -> (String, Option<i32>) {
    let without_period = PERIOD.replace_all(text, "");
    let (value, year) = match SIDE_YEAR.captures(&without_period) {
        Some(c) => {
            let range = c.get(0).map_or(0..0, |m| m.range());
            let value =
                format!("{}{}", &without_period[..range.start], &without_period[range.end..]);
            (value, parse_fiscal_year(&c["year"]))
        }
        None => (without_period.to_string(), None),
    };
    // A label before the value (`現状:8,300人`): only when it holds no digit.
    let value = value.trim().trim_matches(|c| c == ':' || c == '(' || c == ')').trim();
    let value = match value.split_once(':') {
        Some((label, v)) if !label.chars().any(|c| c.is_ascii_digit()) => v.trim(),
        _ => value,
    };
    (value.to_string(), year)
}

fn read_arrow(c: &regex::Captures, _: &str) -> GoalReading {
    let (from, from_year) = side(&c["from"]);
    let (to, _) = side(&c["to"]);
    if !has_digit(&to) {
        return GoalReading::default();
    }
    GoalReading {
        goal: Some(to),
        basis: Some("final_year"),
        period: None,
        baseline: has_digit(&from).then_some((from, from_year)),
        form: "",
    }
}

fn read_when_colon(c: &regex::Captures, _: &str) -> GoalReading {
    // `単年度:45社(平成30年度)`: a year after the value belongs to the `when`.
    let (goal, when) = match VALUE_THEN_WHEN.captures(c["goal"].trim()) {
        Some(v) => (v["goal"].trim().to_string(), format!("{}{}", &c["when"], &v["when"])),
        None => (c["goal"].trim().to_string(), c["when"].to_string()),
    };
    let when = when.as_str();
    let basis_word = c.name("basis").map(|m| m.as_str());
    let period = parse_fiscal_year_range(when);
    let single_year = period.is_none() && parse_fiscal_year(when).is_some();
    if basis_word.is_none() && period.is_none() && !single_year {
        return GoalReading::default();
    }
    let basis = match basis_word {
        Some("累計") => Some("cumulative"),
        Some("最終年度") | Some("年度末") => Some("final_year"),
        Some("毎年度") => None,
        _ if single_year => Some("final_year"),
        _ => None,
    };
    GoalReading { goal: Some(goal), basis, period, baseline: None, form: "" }
}

fn read_value_then_when(c: &regex::Captures, _: &str) -> GoalReading {
    let when = &c["when"];
    let goal = c["goal"].trim().to_string();
    if !has_digit(&goal) {
        return GoalReading::default();
    }
    let period = parse_fiscal_year_range(when);
    let basis = if when.contains("累計") {
        Some("cumulative")
    } else if period.is_none() && parse_fiscal_year(when).is_some() {
        Some("final_year")
    } else {
        None
    };
    GoalReading { goal: Some(goal), basis, period, baseline: None, form: "" }
}

fn read_when_then_value(c: &regex::Captures, _: &str) -> GoalReading {
    GoalReading {
        goal: Some(c["goal"].trim().to_string()),
        basis: Some("final_year"),
        period: None,
        baseline: None,
        form: "",
    }
}

fn has_digit(text: &str) -> bool {
    text.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::jp::normalize;

    #[test]
    fn every_pattern_rule_compiles() {
        for rule in [
            &WHEN_COLON,
            &ARROW,
            &VALUE_THEN_WHEN,
            &WHEN_THEN_VALUE,
            &BASELINE_CLAUSE,
            &PERIOD,
            &SIDE_YEAR,
        ] {
            assert!(!LazyLock::force(rule).as_str().is_empty());
        }
    }

    #[test]
    fn every_form_reads_its_example() {
        for form in GOAL_FORMS {
            let reading = read_goal(&normalize(form.example))
                .unwrap_or_else(|| panic!("{} does not read {}", form.name, form.example));
            assert_eq!(reading.form, form.name, "{}", form.example);
        }
    }

    #[test]
    fn forms_read_baseline_goal_basis_and_period() {
        let r = read_goal(&normalize("（平成23年度）640件→（平成29年度）1,150件")).expect("arrow");
        assert_eq!(
            (r.goal.as_deref(), r.basis, r.period),
            (Some("1,150件"), Some("final_year"), None)
        );
        assert_eq!(r.baseline, Some(("640件".to_string(), Some(2011))));
        let r = read_goal(&normalize("平成25年度1,340千人 → 平成30年度1,800千人")).expect("arrow");
        assert_eq!(
            (r.goal.as_deref(), r.baseline),
            (Some("1,800千人"), Some(("1,340千人".to_string(), Some(2013))))
        );
        let r = read_goal(&normalize("令和2年度：9,000t（基準値：7,400t（平成28年度））"))
            .expect("baseline clause");
        assert_eq!((r.goal.as_deref(), r.basis), (Some("9,000t"), Some("final_year")));
        assert_eq!(r.baseline, Some(("7,400t".to_string(), Some(2016))));
        let r = read_goal(&normalize("単年度：45社（平成30年度）")).expect("single year");
        assert_eq!(
            (r.goal.as_deref(), r.basis, r.period),
            (Some("45社"), Some("final_year"), None)
        );
        let r = read_goal(&normalize("5年間（平成26～平成30年度）：12件")).expect("colon");
        assert_eq!((r.basis, r.period), (None, Some((2014, 2018))));
        let r = read_goal(&normalize(
            "5年間（平成26～平成30年度）8,300人（平成24年度）→12,500人（平成30年度）",
        ))
        .expect("arrow with period");
        assert_eq!((r.goal.as_deref(), r.period), (Some("12,500人"), Some((2014, 2018))));
        assert!(read_goal("特区関連事業の就業者の増加数").is_none());
    }
}
