//! Text normalization for report text (interim: NFKC keeping ①–⑳, dashes to "-",
//! spaces between CJK removed; the full rule list is issue 4).

use unicode_normalization::UnicodeNormalization;

fn is_cjk(c: char) -> bool {
    matches!(c as u32, 0x3000..=0x30FF | 0x4E00..=0x9FFF | 0xFF00..=0xFFEF) || ('①'..='⑳').contains(&c)
}

/// Normalizes report text. Keeps line breaks (`\n`) and page breaks (`\f`).
pub fn normalize(text: &str) -> String {
    let mut mapped = String::with_capacity(text.len());
    for c in text.chars() {
        if ('①'..='⑳').contains(&c) {
            mapped.push(c);
        } else if matches!(c, '－' | '−' | '‐' | '–' | '―') {
            mapped.push('-');
        } else if matches!(c, '〜' | '～') {
            mapped.push('~');
        } else {
            mapped.extend(std::iter::once(c).nfkc());
        }
    }
    let chars: Vec<char> = mapped.chars().collect();
    let mut out = String::with_capacity(mapped.len());
    for (i, &c) in chars.iter().enumerate() {
        if c == ' ' {
            let prev = out.chars().last();
            let next = chars.get(i + 1).copied();
            let joins = |p: char, n: char| (is_cjk(p) || p.is_ascii_digit()) && (is_cjk(n) || n.is_ascii_digit()) && (is_cjk(p) || is_cjk(n));
            if matches!((prev, next), (Some(p), Some(n)) if joins(p, n)) || prev == Some(' ') {
                continue;
            }
        }
        out.push(c);
    }
    out
}
