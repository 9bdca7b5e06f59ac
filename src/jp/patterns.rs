//! The one place where tokku's constant regex patterns (its named pattern rules) are
//! compiled. A pattern is a literal in the source, never input, so a failure here is a
//! programming error caught by the tests that force every pattern; input data never
//! reaches these functions.

/// Compiles a constant text pattern (a literal, or one assembled from literals).
pub fn static_regex(pattern: &str) -> regex::Regex {
    regex::Regex::new(pattern)
        .expect("a constant pattern of tokku compiles (forced by the unit tests)")
}

/// Compiles a constant byte pattern.
pub fn static_bytes_regex(pattern: &str) -> regex::bytes::Regex {
    regex::bytes::Regex::new(pattern)
        .expect("a constant pattern of tokku compiles (forced by the unit tests)")
}

/// What a legacy encoding leaves for a circled digit (①) it cannot hold: `?` after a
/// CP932 / EUC-JP round trip, the geta mark `〓`, U+FFFD (`数値目標(1)??`, `数値目標(1)-〓`,
/// `?財政支援`). The readers of numbered parts read these as a lost number and warn
/// (`numbering_garbled`).
pub const LOST_CIRCLED_DIGIT: [char; 3] = ['?', '〓', '\u{FFFD}'];

/// [`LOST_CIRCLED_DIGIT`] as a character class for the patterns.
pub const LOST_CIRCLED_DIGIT_CLASS: &str = r"[?〓\x{FFFD}]";
