//! Ingest: decides from the bytes (never the file name) whether an input is a PDF or a
//! text file, and decodes text in UTF-8, UTF-16 with BOM, Shift_JIS (CP932) or EUC-JP.

use encoding_rs::{Encoding, EUC_JP, SHIFT_JIS, UTF_16BE, UTF_16LE, UTF_8};
use sha2::{Digest, Sha256};

/// What kind of document the bytes hold.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InputKind {
    /// A PDF (starts with `%PDF-` within the first 1024 bytes).
    Pdf,
    /// Text, decoded, with the name of its encoding as the contract spells it.
    Text { text: String, encoding: &'static str },
    /// Zero bytes.
    Empty,
    /// Bytes that are neither a PDF nor text in a supported encoding.
    Unknown,
}

/// Hex SHA-256 of the input bytes.
pub fn sha256_hex(bytes: &[u8]) -> String {
    let digest = Sha256::digest(bytes);
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

/// Classifies the bytes and decodes text inputs.
pub fn classify(bytes: &[u8]) -> InputKind {
    if bytes.is_empty() {
        return InputKind::Empty;
    }
    let head = &bytes[..bytes.len().min(1024)];
    if head.windows(5).any(|w| w == b"%PDF-") {
        return InputKind::Pdf;
    }
    match decode_text(bytes) {
        Some((text, encoding)) => InputKind::Text { text, encoding },
        None => InputKind::Unknown,
    }
}

/// Decodes text: a BOM decides; otherwise the first of UTF-8, Shift_JIS, EUC-JP that
/// decodes without a single error and looks like text (no NULs, few control characters).
pub fn decode_text(bytes: &[u8]) -> Option<(String, &'static str)> {
    if let Some((encoding, bom_len)) = Encoding::for_bom(bytes) {
        let name = if encoding == UTF_8 {
            "UTF-8"
        } else if encoding == UTF_16LE {
            "UTF-16LE"
        } else if encoding == UTF_16BE {
            "UTF-16BE"
        } else {
            return None;
        };
        let (text, had_errors) = encoding.decode_without_bom_handling(&bytes[bom_len..]);
        return (!had_errors && looks_like_text(&text)).then(|| (text.into_owned(), name));
    }
    let (text, had_errors) = UTF_8.decode_without_bom_handling(bytes);
    if !had_errors && looks_like_text(&text) {
        return Some((text.into_owned(), "UTF-8"));
    }
    // EUC-JP text often decodes as Shift_JIS half-width katakana without a single error
    // (and rarely the other way round), so of the clean decodings the one with fewer
    // half-width katakana wins.
    [(EUC_JP, "EUC-JP"), (SHIFT_JIS, "Shift_JIS")]
        .into_iter()
        .filter_map(|(encoding, name)| {
            let (text, had_errors) = encoding.decode_without_bom_handling(bytes);
            (!had_errors && looks_like_text(&text)).then(|| (text.into_owned(), name))
        })
        .min_by_key(|(text, _)| {
            text.chars().filter(|c| ('\u{ff61}'..='\u{ff9f}').contains(c)).count()
        })
}

/// True when the decoded text has no NUL and under 1% other control characters.
fn looks_like_text(text: &str) -> bool {
    let mut total = 0usize;
    let mut control = 0usize;
    for c in text.chars() {
        total += 1;
        if c == '\0' {
            return false;
        }
        if c.is_control() && !matches!(c, '\n' | '\r' | '\t' | '\u{c}') {
            control += 1;
        }
    }
    total > 0 && control * 100 <= total
}

/// True for an HTML page (an error page saved under a .pdf name): the first non-blank
/// bytes open an HTML document.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let head = &bytes[..bytes.len().min(1024)];
    let head = head.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(head);
    let start = head.iter().position(|b| !b.is_ascii_whitespace()).unwrap_or(head.len());
    let lower: Vec<u8> = head[start..].iter().take(15).map(u8::to_ascii_lowercase).collect();
    lower.starts_with(b"<!doctype html")
        || lower.starts_with(b"<html")
        || lower.starts_with(b"<head")
        || lower.starts_with(b"<?xml") && head.windows(5).any(|w| w.eq_ignore_ascii_case(b"<html"))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str =
        "令和2年度 国際戦略総合特別区域評価書\n作成主体の名称：神奈川県、横浜市、川崎市\n";

    #[test]
    fn detects_each_text_encoding_from_bytes() {
        let (sjis, _, _) = SHIFT_JIS.encode(SAMPLE);
        let (euc, _, _) = EUC_JP.encode(SAMPLE);
        let mut utf16le = vec![0xFF, 0xFE];
        utf16le.extend(SAMPLE.encode_utf16().flat_map(|u| u.to_le_bytes()));
        let mut utf16be = vec![0xFE, 0xFF];
        utf16be.extend(SAMPLE.encode_utf16().flat_map(|u| u.to_be_bytes()));
        for (bytes, expected) in [
            (SAMPLE.as_bytes().to_vec(), "UTF-8"),
            (sjis.into_owned(), "Shift_JIS"),
            (euc.into_owned(), "EUC-JP"),
            (utf16le, "UTF-16LE"),
            (utf16be, "UTF-16BE"),
        ] {
            match classify(&bytes) {
                InputKind::Text { text, encoding } => {
                    assert_eq!(encoding, expected);
                    assert_eq!(text, SAMPLE);
                }
                other => panic!("{expected}: classified as {other:?}"),
            }
        }
    }

    #[test]
    fn pdf_empty_and_binary_are_told_apart() {
        assert_eq!(classify(b"%PDF-1.7\n..."), InputKind::Pdf);
        assert_eq!(classify(b""), InputKind::Empty);
        let binary: Vec<u8> =
            (0..4096u32).map(|i| (i.wrapping_mul(2654435761) >> 13) as u8).collect();
        assert_eq!(classify(&binary), InputKind::Unknown);
    }

    #[test]
    fn html_is_told_from_pdf() {
        assert!(looks_like_html(b"\n <!DOCTYPE html><html><body>404</body></html>"));
        assert!(looks_like_html(b"<HTML><HEAD>"));
        assert!(!looks_like_html(b"%PDF-1.7"));
        assert!(!looks_like_html("令和2年度".as_bytes()));
    }
}
