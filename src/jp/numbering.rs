//! Numbering marks of the reports: circled numbers (①–⑳, ㉑–㊿) are the sub-numbers of
//! 数値目標 keys (数値目標(1)-① → "1-1").

/// ① → 1 … ⑳ → 20, ㉑ → 21 … ㊿ → 50; a plain decimal number as itself.
pub fn circled_number(text: &str) -> Option<u32> {
    let trimmed = text.trim();
    let mut chars = trimmed.chars();
    let c = chars.next()?;
    if chars.next().is_none() {
        let code = c as u32;
        match code {
            0x2460..=0x2473 => return Some(code - 0x2460 + 1),
            0x3251..=0x325F => return Some(code - 0x3251 + 21),
            0x32B1..=0x32BF => return Some(code - 0x32B1 + 36),
            _ => {}
        }
    }
    if !trimmed.is_empty() && trimmed.chars().all(|c| c.is_ascii_digit()) {
        return trimmed.parse().ok();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn circled_numbers_read_as_their_value() {
        for (text, expected) in [
            ("①", Some(1)),
            ("③", Some(3)),
            ("⑳", Some(20)),
            ("㉑", Some(21)),
            ("㉟", Some(35)),
            ("㊱", Some(36)),
            ("㊿", Some(50)),
            ("2", Some(2)),
            ("12", Some(12)),
            ("", None),
            ("①②", None),
            ("a", None),
            ("-1", None),
        ] {
            assert_eq!(circled_number(text), expected, "{text:?}");
        }
    }
}
