//! Text for people on the terminal: counts with their noun (`1 document`), numbers with
//! thousands separators, columns padded by display width (a kanji takes two columns,
//! per the `unicode-width` crate).

use unicode_width::UnicodeWidthStr;

pub use tokku::compare::diff::counted;

/// A number as the records print it (see `outputs::number_text`) with `,` between
/// thousands: `11500000000` → `11,500,000,000`, `-1234.5` → `-1,234.5`.
pub fn thousands(number: &str) -> String {
    let (sign, rest) = match number.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", number),
    };
    let (whole, fraction) = match rest.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (rest, None),
    };
    if !whole.bytes().all(|b| b.is_ascii_digit()) {
        return number.to_string();
    }
    let mut grouped = String::new();
    for (i, digit) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(digit);
    }
    match fraction {
        Some(fraction) => format!("{sign}{grouped}.{fraction}"),
        None => format!("{sign}{grouped}"),
    }
}

/// The columns `text` takes on a terminal.
pub fn display_width(text: &str) -> usize {
    UnicodeWidthStr::width(text)
}

/// `text` right-aligned in `width` terminal columns.
pub fn pad_left(text: &str, width: usize) -> String {
    format!("{}{text}", " ".repeat(width.saturating_sub(display_width(text))))
}

/// A fiscal year × value grid for a person at a terminal: a line of the `columns`'
/// headings, then a line per row, its name right-aligned in six columns, each cell
/// right-aligned in its column's `widths` between `|`s (`tokku tables`, `tokku history`).
pub fn grid(columns: &[String], rows: &[(&str, Vec<String>)], widths: &[usize]) -> String {
    let line = |head: &str, cells: &[String]| {
        format!(
            "  {} |{}\n",
            pad_left(head, 6),
            cells
                .iter()
                .zip(widths)
                .map(|(c, w)| format!(" {} |", pad_left(c, *w)))
                .collect::<String>()
        )
    };
    let mut out = line("", columns);
    for (head, cells) in rows {
        out.push_str(&line(head, cells));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped_from_the_right_and_fractions_kept() {
        assert_eq!(thousands("11500000000"), "11,500,000,000");
        assert_eq!(thousands("999"), "999");
        assert_eq!(thousands("1000"), "1,000");
        assert_eq!(thousands("-1234.5"), "-1,234.5");
        assert_eq!(thousands("133.3"), "133.3");
    }

    #[test]
    fn japanese_text_is_padded_by_its_display_width() {
        assert_eq!(display_width("治験"), 4);
        assert_eq!(pad_left("治験", 6), "  治験");
        assert_eq!(counted(1, "document"), "1 document");
        assert_eq!(counted(2, "document"), "2 documents");
    }
}
