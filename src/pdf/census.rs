//! A census of content streams before the interpreter sees them: each page's content
//! (and each form XObject's) is inflated in 64 KiB pieces and tokenized on the fly,
//! counting operators and the bytes of the strings that text-showing operators draw.
//! pdf-extract parses a page's whole content into memory before drawing it (about 100
//! bytes per operator), so a page of tens of millions of `(ab) Tj` would take gigabytes;
//! the census refuses it first, holding no more than a piece at a time: a content stream
//! of more than [`MAX_STREAM_OPERATORS`] operators is `limit_exceeded` (`operators`), and
//! a document whose strings alone must draw more glyphs than the glyph budget is
//! `limit_exceeded` (`glyphs`) before any is drawn.

use crate::pdf::limits::{decode_into, Limit, LimitExceeded};

/// Operators one content stream (a page's, or a form's) may hold. A dense page of text
/// and tables holds some tens of thousands.
pub const MAX_STREAM_OPERATORS: u64 = 1_000_000;

/// The longest character code of a PDF font (CMaps map codes of 1 to 4 bytes): a string
/// of n bytes draws at least n / 4 glyphs.
const MAX_CODE_BYTES: u64 = 4;

#[cfg(feature = "work-counters")]
thread_local! {
    /// Documents whose content the census counted on this thread (tests check that it
    /// is skipped when the decoded lengths already settle it).
    static RUNS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Counts one document's census (see `runs`, with the `work-counters` feature; a no-op
/// without it).
pub fn count_run() {
    #[cfg(feature = "work-counters")]
    RUNS.with(|r| r.set(r.get() + 1));
}

/// Documents whose content the census counted on this thread so far (the tests' work
/// counter: built only with the `work-counters` feature).
#[cfg(feature = "work-counters")]
pub fn runs() -> u64 {
    RUNS.with(|r| r.get())
}

/// What a content stream holds.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Census {
    pub operators: u64,
    /// Bytes of the string operands of `Tj`, `TJ`, `'` and `"`.
    pub shown_bytes: u64,
}

impl Census {
    /// The fewest glyphs these strings can draw.
    pub fn glyphs_at_least(&self) -> u64 {
        self.shown_bytes / MAX_CODE_BYTES
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    Between,
    /// Inside a keyword, number or name.
    Token,
    Comment,
    /// Inside `( … )`: nesting depth, whether the last byte was a backslash, and how many
    /// more digits of an octal escape (`\101`, one byte) may follow.
    Literal {
        depth: u32,
        escaped: bool,
        octal: u8,
    },
    Hex,
    /// Inside inline image data (after `ID`), looking for `EI`.
    ImageData,
}

/// The tokenizer, fed piece by piece.
struct Counter {
    state: State,
    census: Census,
    /// String bytes since the last operator (operands of the next one).
    pending: u64,
    /// Hex digits of hex strings since the last operator (two make a byte).
    pending_hex_digits: u64,
    /// The current token (only its first bytes matter: operators are short).
    token: [u8; 3],
    token_len: usize,
    /// Inline image data: the last two bytes seen (to find whitespace + `EI`).
    tail: [u8; 2],
    max_operators: u64,
    /// Shown bytes past which counting stops (the glyph budget is passed already).
    max_shown_bytes: u64,
    stopped: bool,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

impl Counter {
    /// A counter at the start of a stream, stopping past either bound.
    fn new(max_operators: u64, max_shown_bytes: u64) -> Self {
        Counter {
            state: State::Between,
            census: Census::default(),
            pending: 0,
            pending_hex_digits: 0,
            token: [0; 3],
            token_len: 0,
            tail: [0; 2],
            max_operators,
            max_shown_bytes,
            stopped: false,
        }
    }

    fn end_token(&mut self) {
        let token = &self.token[..self.token_len.min(3)];
        let Some(&first) = token.first() else { return };
        self.token_len = 0;
        // Operators start with a letter or a quote; numbers, names and booleans are operands.
        let operator = (first.is_ascii_alphabetic() || first == b'\'' || first == b'"')
            && !matches!(token, b"tru" | b"fal" | b"nul");
        if !operator {
            return;
        }
        self.census.operators += 1;
        if matches!(token, b"Tj" | b"TJ" | b"'" | b"\"") {
            self.census.shown_bytes += self.pending + self.pending_hex_digits.div_ceil(2);
        }
        self.pending = 0;
        self.pending_hex_digits = 0;
        if token == b"ID" {
            self.state = State::ImageData;
            self.tail = [b'I', b'D'];
        }
        if self.census.operators > self.max_operators
            || self.census.shown_bytes > self.max_shown_bytes
        {
            self.stopped = true;
        }
    }

    fn feed(&mut self, piece: &[u8]) {
        for &b in piece {
            match self.state {
                State::Between | State::Token => {
                    if is_white(b) || is_delimiter(b) {
                        if self.state == State::Token {
                            self.end_token();
                            if self.state == State::ImageData {
                                continue;
                            }
                        }
                        self.state = match b {
                            b'%' => State::Comment,
                            b'(' => State::Literal { depth: 0, escaped: false, octal: 0 },
                            b'<' => State::Hex,
                            b'/' => State::Token,
                            _ => State::Between,
                        };
                        if b == b'/' {
                            // A name: an operand, never an operator.
                            self.token = [b'/', 0, 0];
                            self.token_len = 1;
                        }
                    } else {
                        if self.state == State::Between {
                            self.token_len = 0;
                        }
                        if self.token_len < 3 {
                            self.token[self.token_len] = b;
                        }
                        self.token_len += 1;
                        self.state = State::Token;
                    }
                }
                State::Comment => {
                    if b == b'\n' || b == b'\r' {
                        self.state = State::Between;
                    }
                }
                State::Literal { depth, escaped, octal } => {
                    self.state = if escaped {
                        // `\` + newline continues the line (no byte); `\ddd` is one byte.
                        let octal = if b.is_ascii_digit() { 2 } else { 0 };
                        if b != b'\n' && b != b'\r' {
                            self.pending += 1;
                        }
                        State::Literal { depth, escaped: false, octal }
                    } else if octal > 0 && b.is_ascii_digit() {
                        State::Literal { depth, escaped: false, octal: octal - 1 }
                    } else {
                        match b {
                            b'\\' => State::Literal { depth, escaped: true, octal: 0 },
                            b'(' => {
                                self.pending += 1;
                                State::Literal { depth: depth + 1, escaped: false, octal: 0 }
                            }
                            b')' if depth == 0 => State::Between,
                            b')' => {
                                self.pending += 1;
                                State::Literal { depth: depth - 1, escaped: false, octal: 0 }
                            }
                            _ => {
                                self.pending += 1;
                                State::Literal { depth, escaped: false, octal: 0 }
                            }
                        }
                    };
                }
                State::Hex => {
                    if b == b'>' {
                        self.state = State::Between;
                    } else if b == b'<' {
                        // `<<` opens a dictionary (inline image parameters): not a string.
                        self.state = State::Between;
                    } else if b.is_ascii_hexdigit() {
                        self.pending_hex_digits += 1;
                    }
                }
                State::ImageData => {
                    if self.tail[1] == b'E' && b == b'I' && is_white(self.tail[0]) {
                        self.state = State::Between;
                    }
                    self.tail = [self.tail[1], b];
                }
            }
            if self.stopped {
                return;
            }
        }
    }
}

/// Counts a content stream's operators and shown bytes, decoding it under `filters` in
/// pieces. Stops early (returning what it counted, past the bound) once the operators
/// pass `max_operators` or the shown bytes pass `max_shown_bytes`. `cap` bounds the
/// decoded bytes like the stream budget does.
pub fn census(
    filters: &[&[u8]],
    data: &[u8],
    cap: u64,
    max_operators: u64,
    max_shown_bytes: u64,
) -> Census {
    let mut counter = Counter::new(max_operators, max_shown_bytes);
    // Past `cap` the stream budget has refused the document already; count what came.
    let _ = decode_into(filters, data, cap, &mut |piece| {
        counter.feed(piece);
        !counter.stopped
    });
    if counter.state == State::Token {
        counter.end_token();
    }
    counter.census
}

/// The census of a page (its content streams, read as one) or form, checked against the
/// operator bound; the glyphs its strings must draw are added to `glyphs_so_far` and
/// checked against `max_glyphs`.
pub fn check_stream(
    what: &str,
    streams: &[(Vec<&[u8]>, &[u8])],
    cap: u64,
    glyphs_so_far: &mut u64,
    max_glyphs: u64,
) -> Result<(), LimitExceeded> {
    let mut total = Census::default();
    for (filters, data) in streams {
        // Enough shown bytes to pass the glyph budget end the count: the answer is known.
        let glyphs_left =
            max_glyphs.saturating_sub(glyphs_so_far.saturating_add(total.glyphs_at_least()));
        let shown_left = glyphs_left.saturating_add(1).saturating_mul(MAX_CODE_BYTES);
        let census = census(
            filters,
            data,
            cap,
            MAX_STREAM_OPERATORS.saturating_sub(total.operators),
            shown_left,
        );
        total.operators += census.operators;
        total.shown_bytes += census.shown_bytes;
        if total.operators > MAX_STREAM_OPERATORS {
            return Err(LimitExceeded::new(
                Limit::Operators,
                format!("{what} holds more than {MAX_STREAM_OPERATORS} content operators (a content bomb?)"),
            ));
        }
    }
    *glyphs_so_far = glyphs_so_far.saturating_add(total.glyphs_at_least());
    if *glyphs_so_far > max_glyphs {
        return Err(LimitExceeded::new(
            Limit::Glyphs,
            format!("the text of the pages up to {what} draws at least {} glyphs (limit {max_glyphs}, --max-glyphs)", *glyphs_so_far),
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(content: &[u8]) -> Census {
        census(&[], content, u64::MAX, u64::MAX, u64::MAX)
    }

    #[test]
    fn operators_and_shown_strings_are_counted() {
        let content = b"BT /F1 12 Tf 72 712 Td (Hello) Tj [(Wor) -20 (ld)] TJ <00410042> Tj ET";
        let c = plain(content);
        // BT, Tf, Td, Tj, TJ, Tj, ET
        assert_eq!(c.operators, 7);
        assert_eq!(c.shown_bytes, 5 + 5 + 4);
    }

    #[test]
    fn strings_that_are_not_shown_and_escapes_and_comments_are_handled() {
        // A string operand of a non-showing operator (a marked-content tag) is not text;
        // an escaped parenthesis stays inside the string; a comment holds no operators.
        let c = plain(b"/Span <</ActualText (x)>> BDC (a\\)b) Tj EMC % Tj Tj Tj\n1 0 0 1 0 0 cm true false null");
        assert_eq!(c.operators, 4, "{c:?}");
        assert_eq!(c.shown_bytes, 3, "{c:?}");
        // An octal escape is one byte; a nested pair of parentheses is part of the string.
        assert_eq!(plain(b"(\\101\\1022(x)) Tj").shown_bytes, 6);
    }

    /// The census of `content` fed `piece` bytes at a time.
    fn in_pieces(content: &[u8], piece: usize) -> Census {
        let mut counter = Counter::new(u64::MAX, u64::MAX);
        for chunk in content.chunks(piece) {
            counter.feed(chunk);
        }
        if counter.state == State::Token {
            counter.end_token();
        }
        counter.census
    }

    #[test]
    fn pieces_cut_anywhere_count_as_the_whole() {
        // The inflater hands the census pieces cut anywhere (inside strings, escapes,
        // comments, tokens): the counts must not depend on where.
        let content: &[u8] = b"BT /F1 12 Tf (plain run of text) Tj (esc\\aped \\( \\101\\1029 (nested) \\\n) Tj\n\
            % a comment with (parens) and <hex> Tj Tj\r\n<4E 2d30a>Tj [<00 41> -20 (x)] TJ <</A <0a>>> BDC ET";
        let whole = plain(content);
        // BT Tf Tj Tj Tj TJ BDC ET; 17 + 23 literal bytes, 7 hex digits (4 bytes), 1 + 2 in TJ.
        assert_eq!(whole.operators, 8, "{whole:?}");
        assert_eq!(whole.shown_bytes, 17 + 23 + 4 + 3, "{whole:?}");
        for piece in [1, 2, 3, 5, 7, 64] {
            assert_eq!(in_pieces(content, piece), whole, "pieces of {piece} bytes");
        }
    }

    #[test]
    fn inline_image_data_is_skipped() {
        let c = plain(b"q BI /W 4 /H 1 /BPC 8 /CS /G ID \x01Tj(x)Tj\x02 EI Q");
        assert_eq!(c.operators, 4, "q BI ID Q, nothing inside the data: {c:?}");
    }

    #[test]
    fn counting_stops_past_the_operator_cap() {
        let content = b"(ab) Tj\n".repeat(10_000);
        let c = census(&[], &content, u64::MAX, 100, u64::MAX);
        assert!(c.operators > 100 && c.operators < 200, "{c:?}");
    }

    #[test]
    fn a_page_past_the_bounds_is_refused() {
        let bomb = b"(ab) Tj\n".repeat(MAX_STREAM_OPERATORS as usize + 10);
        let mut glyphs = 0;
        let error = check_stream("page 1", &[(Vec::new(), &bomb)], u64::MAX, &mut glyphs, u64::MAX)
            .expect_err("operators");
        assert_eq!(error.limit, Limit::Operators);
        let text = b"(abcdefgh) Tj\n".repeat(1000);
        let mut glyphs = 0;
        check_stream("page 1", &[(Vec::new(), &text)], u64::MAX, &mut glyphs, 10_000)
            .expect("8,000 bytes: at least 2,000 glyphs");
        assert_eq!(glyphs, 2000);
        let error = check_stream("page 2", &[(Vec::new(), &text)], u64::MAX, &mut glyphs, 3_000)
            .expect_err("glyphs");
        assert_eq!(error.limit, Limit::Glyphs);
    }
}
