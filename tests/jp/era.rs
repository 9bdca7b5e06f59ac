//! Case tables for `jp::era`: dates, fiscal years and fiscal-year ranges as the reports
//! write them.

use tokku::jp::{parse_date, parse_fiscal_year, parse_fiscal_year_range};

/// (input, expected ISO date or None)
const DATES: &[(&str, Option<&str>)] = &[
    ("平成23年12月22日指定", Some("2011-12-22")),
    ("平成24年3月9日認定（平成29年6月23日最終認定）", Some("2012-03-09")),
    ("（平成29年6月23日最終認定）", Some("2017-06-23")),
    ("平成２３年１２月２２日", Some("2011-12-22")),
    ("平成 23 年 12 月 22 日", Some("2011-12-22")),
    ("令和3年1月28日にオンラインにて実施", Some("2021-01-28")),
    ("令和元年5月1日", Some("2019-05-01")),
    ("平成31年4月30日", Some("2019-04-30")),
    ("平成31年4月に川崎市殿町地区に大学院ヘルスイノベーション研究科を設置", None),
    ("令和2年8月に薬事承認された", None),
    ("2020年12月8日に体外診断用医薬品として厚生労働省の承認を受け", Some("2020-12-08")),
    ("昭和64年1月7日", Some("1989-01-07")),
    ("平成元年1月8日", Some("1989-01-08")),
    ("令和二年十二月八日", Some("2020-12-08")),
    ("平成二十三年十二月二十二日", Some("2011-12-22")),
    ("H23.12.22", Some("2011-12-22")),
    ("R2.8.1", Some("2020-08-01")),
    ("R元.5.1", Some("2019-05-01")),
    ("2020/12/8", Some("2020-12-08")),
    ("2021-01-28", Some("2021-01-28")),
    ("令和2年2月29日", Some("2020-02-29")),
    ("令和3年2月29日", None),
    ("令和2年13月1日", None),
    ("令和2年4月31日", None),
    ("平成0年1月1日", None),
    ("明治元年10月23日", Some("1868-10-23")),
    ("大正15年12月25日", Some("1926-12-25")),
    ("日付なし", None),
    ("", None),
];

/// (input, expected fiscal year)
const FISCAL_YEARS: &[(&str, Option<i32>)] = &[
    ("令和2年度 国際戦略総合特別区域評価書", Some(2020)),
    ("当初(平成29年度)", Some(2017)),
    ("令和元年度", Some(2019)),
    ("平成31年度", Some(2019)),
    ("平成30年度", Some(2018)),
    ("令和3年度", Some(2021)),
    ("令和4年度", Some(2022)),
    ("令和6年度", Some(2024)),
    ("平成24年度", Some(2012)),
    ("平成32年度", Some(2020)),
    ("令和２年度", Some(2020)),
    ("令和 2 年度", Some(2020)),
    ("令和二年度", Some(2020)),
    ("平成二十五年度", Some(2013)),
    ("平成二五年度", Some(2013)),
    ("2020年度", Some(2020)),
    ("２０２０年度", Some(2020)),
    ("二〇二〇年度", Some(2020)),
    ("FY2020", Some(2020)),
    ("H29", Some(2017)),
    ("H29年度", Some(2017)),
    ("Ｈ２９年度", Some(2017)),
    ("R3", Some(2021)),
    ("R元", Some(2019)),
    ("R元年度", Some(2019)),
    ("R2実績 マッチング：41件、事業化：2件", Some(2020)),
    ("5ヵ年実績(H27)の伸びから推計した", Some(2015)),
    ("令和2年8月に薬事承認された", None),
    ("令和3年においては既存企業の事業の拡大に伴う", None),
    ("平成31年4月に川崎市殿町地区に", None),
    ("H23.12.22", None),
    ("R2年8月", None),
    ("SARS-CoV-2", None),
    ("H2O", None),
    ("CH29", None),
    ("当該年度目標値", None),
    ("本年度においては", None),
    ("5年間（平成29～令和3年度）累計：475億円", Some(2017)),
    ("平成24～28年度", Some(2012)),
    ("令和2年度の数値目標に対する進捗状況は", Some(2020)),
    ("平成27年度に実施した進出企業を対象としたアンケート", Some(2015)),
    ("パシフィコ横浜大規模改修工事においては平成25年度に認定され", Some(2013)),
    ("12020年度", None),
    ("", None),
];

/// (input, expected range)
const RANGES: &[(&str, Option<(i32, i32)>)] = &[
    ("5年間（平成29～令和3年度）", Some((2017, 2021))),
    ("5年間（平成29～令和3年度）累計：475億円", Some((2017, 2021))),
    ("5年間（平成29〜令和3年度）累計：1,500人", Some((2017, 2021))),
    ("平成24～28年度", Some((2012, 2016))),
    ("平成24年度～平成28年度", Some((2012, 2016))),
    ("平成24年度～28年度", Some((2012, 2016))),
    ("平成29年度から令和3年度まで", Some((2017, 2021))),
    ("平成29～令和元年度", Some((2017, 2019))),
    ("平成30～31年度", Some((2018, 2019))),
    ("令和元～5年度", Some((2019, 2023))),
    ("令和２～６年度", Some((2020, 2024))),
    ("令和二～六年度", Some((2020, 2024))),
    ("2017～2021年度", Some((2017, 2021))),
    ("2017年度～2021年度", Some((2017, 2021))),
    ("H29～R3", Some((2017, 2021))),
    ("H24-28年度", Some((2012, 2016))),
    ("平成29 ～ 令和3年度", Some((2017, 2021))),
    ("令和3～平成29年度", None),
    ("令和2年度", None),
    ("令和2年10月14～16日", None),
    ("", None),
];

#[test]
fn date_case_table() {
    let mut failures = Vec::new();
    for (input, expected) in DATES {
        let got = parse_date(input).map(|d| d.to_iso());
        if got.as_deref() != *expected {
            failures.push(format!("parse_date({input:?}) = {got:?}, expected {expected:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        DATES.len(),
        failures.join("\n")
    );
}

#[test]
fn fiscal_year_case_table() {
    let mut failures = Vec::new();
    for (input, expected) in FISCAL_YEARS {
        let got = parse_fiscal_year(input);
        if got != *expected {
            failures.push(format!("parse_fiscal_year({input:?}) = {got:?}, expected {expected:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        FISCAL_YEARS.len(),
        failures.join("\n")
    );
}

#[test]
fn fiscal_year_range_case_table() {
    let mut failures = Vec::new();
    for (input, expected) in RANGES {
        let got = parse_fiscal_year_range(input);
        if got != *expected {
            failures.push(format!(
                "parse_fiscal_year_range({input:?}) = {got:?}, expected {expected:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} failed:\n{}",
        failures.len(),
        RANGES.len(),
        failures.join("\n")
    );
}

#[test]
fn heisei_31_and_reiwa_gannen_are_the_same_fiscal_year() {
    assert_eq!(parse_fiscal_year("平成31年度"), parse_fiscal_year("令和元年度"));
    assert_eq!(parse_fiscal_year("H31"), parse_fiscal_year("R元"));
}
