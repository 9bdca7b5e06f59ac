//! Quantities of the reports: a number with magnitudes (兆 / 億 / 万 / 千 / 百万 …) and
//! a unit, read into the record contract's `Quantity` (value in the base unit).
//!
//! Grammar, on the `jp::normalize`d and trimmed text:
//!
//! ```text
//! [約|概ね|おおむね|およそ|最大|最低] [sign] group {group} [unit] [以上|以下|以内|未満|超|程度|前後|余|強|弱]
//! sign   = "-" | "+" | "△" | "▲"                (△ and ▲ are minus)
//! group  = number [magnitude]
//! number = digits with "," every three digits, optional ".digits"   (1,500  24.5  0.7)
//! magnitude = [十|百|千] [万|億|兆]                  (千 = 10^3, 百万 = 10^6, 千万 = 10^7, 億 = 10^8 …)
//! unit   = letters (kanji, kana, Latin), % ° / ・, a digit only after a Latin letter (m2, CO2);
//!          not starting with a kanji numeral or magnitude (`5十人` is an error)
//! ```
//!
//! - Several groups are one number when the magnitudes decrease: `1億2,000万円` →
//!   120000000, `1万5000人` → 15000; each later group must be smaller than the
//!   magnitude before it (`1億12,000万` is an error, not a guess).
//! - The value is computed in decimal (integer mantissa × power of ten) and converted
//!   to `f64` once, by a correctly rounded parse, so `1.1億円` is exactly 110000000.
//! - Spaces between sign, number, magnitude and unit are accepted (`475 億円`, `12 t`);
//!   spaces inside a number are not (`1 500` is an error).
//! - A cell without a number — empty, or only dashes after normalization (`-`, `－`,
//!   `―`, `ー`, `--`) — is `Ok(None)`. Anything else that does not match the grammar is
//!   an `Err`: the caller turns it into a warning, never into 0.
//! - `Quantity::text` is the normalized, trimmed input, qualifiers included
//!   (`約17,000回`); the qualifiers do not change the value.

use super::normalize;
use crate::i18n::Msg;
use crate::msg;
use serde::Serialize;

/// A number with its base unit and the normalized source text (the contract's Quantity).
#[derive(Debug, Clone, PartialEq, Serialize, serde::Deserialize)]
pub struct Quantity {
    #[serde(serialize_with = "serialize_number")]
    pub value: f64,
    pub unit: String,
    pub text: String,
}

/// Why a quantity could not be read.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[error("cannot read a quantity from {text:?}: {reason}")]
pub struct QuantityError {
    /// The normalized, trimmed input.
    pub text: String,
    /// Why, a catalogue message (`Display` gives it in English).
    pub reason: Msg,
}

const PREFIXES: &[&str] = &["約", "概ね", "おおむね", "およそ", "最大", "最低"];
const SUFFIXES: &[&str] = &["以上", "以下", "以内", "未満", "超", "程度", "前後", "余", "強", "弱"];

/// The most significant digits a number may have.
const MAX_DIGITS: usize = 30;

/// A decimal number `mantissa × 10^exp`.
#[derive(Debug, Clone, Copy)]
struct Decimal {
    mantissa: u128,
    exp: i32,
}

impl Decimal {
    /// `self < 10^power`.
    fn less_than_pow10(self, power: i32) -> bool {
        // mantissa × 10^exp < 10^power  ⇔  mantissa < 10^(power - exp)
        let diff = power - self.exp;
        if diff < 0 {
            return self.mantissa == 0;
        }
        match 10u128.checked_pow(diff as u32) {
            Some(limit) => self.mantissa < limit,
            None => true,
        }
    }

    fn add(self, other: Decimal) -> Option<Decimal> {
        let exp = self.exp.min(other.exp);
        let a = self.mantissa.checked_mul(10u128.checked_pow((self.exp - exp) as u32)?)?;
        let b = other.mantissa.checked_mul(10u128.checked_pow((other.exp - exp) as u32)?)?;
        Some(Decimal { mantissa: a.checked_add(b)?, exp })
    }

    fn to_f64(self, negative: bool) -> Option<f64> {
        if self.mantissa == 0 {
            return Some(0.0);
        }
        let sign = if negative { "-" } else { "" };
        let v: f64 = format!("{sign}{}e{}", self.mantissa, self.exp).parse().ok()?;
        v.is_finite().then_some(v)
    }
}

/// What the parser read, before it becomes a `Quantity`.
struct Parsed {
    value: f64,
    unit: String,
    has_magnitude: bool,
}

/// Reads a quantity (`475億円`, `-18人`, `24.5万人`). `Ok(None)` for a no-value cell.
pub fn parse_quantity(text: &str) -> Result<Option<Quantity>, QuantityError> {
    let t = normalize(text).trim().to_string();
    match parse(&t) {
        Ok(Some(p)) => Ok(Some(Quantity { value: p.value, unit: p.unit, text: t })),
        Ok(None) => Ok(None),
        Err(reason) => Err(QuantityError { text: t, reason }),
    }
}

/// Reads a percentage (`145%`, `145`); `Ok(None)` for `-`, `―`, empty.
pub fn parse_percent(text: &str) -> Result<Option<f64>, QuantityError> {
    let t = normalize(text).trim().to_string();
    let err = |reason: Msg| QuantityError { text: t.clone(), reason };
    match parse(&t) {
        Ok(None) => Ok(None),
        Ok(Some(p)) if p.has_magnitude => Err(err(msg!("quantity.percent_magnitude"))),
        Ok(Some(p)) if p.unit.is_empty() || p.unit == "%" => Ok(Some(p.value)),
        Ok(Some(p)) => Err(err(msg!("quantity.percent_unit", unit = format!("{:?}", p.unit)))),
        Err(reason) => Err(err(reason)),
    }
}

/// Serializes a number as an integer when it is integral (47500000000, not 47500000000.0).
pub fn serialize_number<S: serde::Serializer>(
    value: &f64,
    serializer: S,
) -> Result<S::Ok, S::Error> {
    if value.fract() == 0.0 && value.abs() < 9.0e15 {
        serializer.serialize_i64(*value as i64)
    } else {
        serializer.serialize_f64(*value)
    }
}

fn is_no_value(t: &str) -> bool {
    t.chars().all(|c| c == '-')
}

fn parse(t: &str) -> Result<Option<Parsed>, Msg> {
    if is_no_value(t) {
        return Ok(None);
    }
    let mut s = t;
    for p in PREFIXES {
        if let Some(rest) = s.strip_prefix(p) {
            s = rest.trim_start();
            break;
        }
    }
    for q in SUFFIXES {
        if let Some(rest) = s.strip_suffix(q) {
            s = rest.trim_end();
            break;
        }
    }
    let chars: Vec<char> = s.chars().collect();
    let mut i = 0;
    let negative = match chars.first() {
        Some('-' | '△' | '▲') => {
            i += 1;
            true
        }
        Some('+') => {
            i += 1;
            false
        }
        _ => false,
    };
    skip_spaces(&chars, &mut i);

    let mut total: Option<Decimal> = None;
    let mut previous_power: Option<i32> = None;
    let mut has_magnitude = false;
    loop {
        if !chars.get(i).is_some_and(|c| c.is_ascii_digit()) {
            break;
        }
        let number = read_number(&chars, &mut i)?;
        skip_spaces(&chars, &mut i);
        let (small, big) = read_magnitude(&chars, &mut i);
        let power = small + big;
        has_magnitude |= power > 0;
        let value = Decimal { mantissa: number.mantissa, exp: number.exp + power };
        if let Some(limit) = previous_power {
            if big >= limit || !value.less_than_pow10(limit) {
                return Err(msg!("quantity.magnitude_order", text = format!("{s:?}")));
            }
        }
        total = Some(match total {
            None => value,
            Some(t) => t.add(value).ok_or("number too large")?,
        });
        skip_spaces(&chars, &mut i);
        if big == 0 {
            break;
        }
        previous_power = Some(big);
    }
    let Some(total) = total else {
        return Err(msg!("quantity.no_number"));
    };
    let unit: String = chars[i..].iter().collect();
    check_unit(&unit)?;
    let value = total.to_f64(negative).ok_or("number out of range")?;
    Ok(Some(Parsed { value, unit, has_magnitude }))
}

fn skip_spaces(chars: &[char], i: &mut usize) {
    while chars.get(*i) == Some(&' ') {
        *i += 1;
    }
}

/// Digits with thousands separators and an optional decimal part.
fn read_number(chars: &[char], i: &mut usize) -> Result<Decimal, Msg> {
    let mut digits = String::new();
    let mut group_len = 0usize;
    let mut groups = 0usize;
    while let Some(&c) = chars.get(*i) {
        if c.is_ascii_digit() {
            digits.push(c);
            group_len += 1;
            *i += 1;
        } else if c == ',' && chars.get(*i + 1).is_some_and(|n| n.is_ascii_digit()) {
            if (groups == 0 && group_len > 3) || (groups > 0 && group_len != 3) {
                return Err(msg!("quantity.separator"));
            }
            groups += 1;
            group_len = 0;
            *i += 1;
        } else {
            break;
        }
    }
    if groups > 0 && group_len != 3 {
        return Err(msg!("quantity.separator"));
    }
    let mut decimals = 0usize;
    if chars.get(*i) == Some(&'.') {
        if !chars.get(*i + 1).is_some_and(|n| n.is_ascii_digit()) {
            return Err(msg!("quantity.bare_point"));
        }
        *i += 1;
        while let Some(&c) = chars.get(*i) {
            if !c.is_ascii_digit() {
                break;
            }
            digits.push(c);
            decimals += 1;
            *i += 1;
        }
        if matches!(chars.get(*i), Some('.' | ',')) {
            return Err(msg!("quantity.second_point"));
        }
    }
    let significant = digits.trim_start_matches('0');
    if significant.len() > MAX_DIGITS {
        return Err(msg!("quantity.too_many_digits"));
    }
    let mantissa = if significant.is_empty() {
        0
    } else {
        significant.parse::<u128>().map_err(|e| e.to_string())?
    };
    Ok(Decimal { mantissa, exp: -(decimals as i32) })
}

/// `[十|百|千][万|億|兆]` → (small power, big power); 十 only before a big one.
fn read_magnitude(chars: &[char], i: &mut usize) -> (i32, i32) {
    let small = match chars.get(*i) {
        Some('百') => 2,
        Some('千') => 3,
        Some('十') if matches!(chars.get(*i + 1), Some('万' | '億' | '兆')) => 1,
        _ => 0,
    };
    let j = *i + usize::from(small > 0);
    let big = match chars.get(j) {
        Some('万') => 4,
        Some('億') => 8,
        Some('兆') => 12,
        _ => 0,
    };
    *i = j + usize::from(big > 0);
    (small, big)
}

fn check_unit(unit: &str) -> Result<(), Msg> {
    if unit.starts_with([
        '〇', '一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '百', '千', '万', '億',
        '兆',
    ]) {
        return Err(msg!("quantity.unit_numeral", unit = format!("{unit:?}")));
    }
    let mut prev: Option<char> = None;
    for c in unit.chars() {
        let ok = matches!(c,
            '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | 'ー'
            | '\u{3400}'..='\u{4DBF}' | '\u{4E00}'..='\u{9FFF}' | '\u{F900}'..='\u{FAFF}'
            | 'A'..='Z' | 'a'..='z' | '%' | '‰' | '°' | '/' | '・')
            || (c.is_ascii_digit()
                && prev.is_some_and(|p| p.is_ascii_alphabetic() || p.is_ascii_digit()))
            || (c == '-' && prev.is_some_and(|p| p.is_ascii_alphabetic()));
        if !ok {
            return Err(msg!(
                "quantity.unit_char",
                character = format!("{c:?}"),
                unit = format!("{unit:?}")
            ));
        }
        prev = Some(c);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seed_cells() {
        let q = parse_quantity("475 億円").unwrap().unwrap();
        assert_eq!(
            (q.value, q.unit.as_str(), q.text.as_str()),
            (47_500_000_000.0, "円", "475億円")
        );
        assert_eq!(parse_quantity("1.1億円").unwrap().unwrap().value, 110_000_000.0);
        assert_eq!(parse_quantity("―").unwrap(), None);
        assert!(parse_quantity("475億円(累計)").is_err());
        assert_eq!(parse_percent("進捗度-".trim_start_matches("進捗度")).unwrap(), None);
    }
}

/// Writes `value` (in base units) the way `like` was written: in its magnitude (億, 万 …)
/// and unit, with thousands separators — 64000000000 like "630億円" → "640億円".
pub fn format_like(value: f64, like: &Quantity) -> String {
    const MAGNITUDES: [(&str, f64); 5] =
        [("兆", 1e12), ("億", 1e8), ("百万", 1e6), ("万", 1e4), ("千", 1e3)];
    let (magnitude, scale) = MAGNITUDES
        .iter()
        .find(|(m, _)| like.text.contains(&format!("{m}{}", like.unit)))
        .map(|(m, s)| (*m, *s))
        .unwrap_or(("", 1.0));
    let scaled = value / scale;
    let number = if (scaled - scaled.round()).abs() < 1e-9 {
        group_thousands(&format!("{}", scaled.round() as i64))
    } else {
        let text = format!("{scaled:.2}");
        let text = text.trim_end_matches('0').trim_end_matches('.');
        match text.split_once('.') {
            Some((whole, fraction)) => format!("{}.{fraction}", group_thousands(whole)),
            None => group_thousands(text),
        }
    };
    format!("{number}{magnitude}{}", like.unit)
}

fn group_thousands(digits: &str) -> String {
    let (sign, digits) = digits.strip_prefix('-').map(|d| ("-", d)).unwrap_or(("", digits));
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    format!("{sign}{out}")
}

#[cfg(test)]
mod format_tests {
    use super::*;

    fn q(value: f64, unit: &str, text: &str) -> Quantity {
        Quantity { value, unit: unit.into(), text: text.into() }
    }

    #[test]
    fn values_are_written_in_the_magnitude_of_their_example() {
        assert_eq!(format_like(64_000_000_000.0, &q(63e9, "円", "630億円")), "640億円");
        assert_eq!(format_like(1110.0, &q(1500.0, "人", "1,500人")), "1,110人");
        assert_eq!(format_like(248_000.0, &q(245_000.0, "人", "24.5万人")), "24.8万人");
        assert_eq!(format_like(48_800.0, &q(49_700.0, "件", "49,700件")), "48,800件");
        assert_eq!(format_like(-1_234_567.0, &q(1.0, "円", "1円")), "-1,234,567円");
        assert_eq!(format_like(1_500_000.0, &q(1e6, "円", "1百万円")), "1.5百万円");
    }
}
