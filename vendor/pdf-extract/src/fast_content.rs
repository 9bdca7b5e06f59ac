// tokku patch (performance, see PATCHES.md §4): a fast path for lopdf's
// `Content::decode`. lopdf parses page content with nom combinators; on the seed
// renditions that was 25-32 % of an extraction. This hand-written lexer accepts the plain
// subset of content syntax that page content uses (numbers, names without `#` escapes,
// literal and hex strings, arrays, dictionaries, operators of letters and `*'"`, comments
// between operations) and builds exactly the operations lopdf builds for it. On anything
// outside that subset (inline images, words that mix digits and letters, `R`, `#`, …)
// it returns None and the caller uses lopdf, so results are unchanged — including
// lopdf's silent truncation at the first token it cannot parse.

use lopdf::content::{Content, Operation};
use lopdf::{Dictionary, Object, StringFormat};

/// White space between operations and after operands (lopdf's `content_space`).
fn is_content_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

/// White space inside arrays and dictionaries (lopdf's `white_space`/`space`).
fn is_space(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n' | b'\0' | b'\x0c')
}

fn is_delimiter(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn is_regular(b: u8) -> bool {
    !is_space(b) && !is_delimiter(b)
}

fn hex_value(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

/// How deep arrays, dictionaries and parentheses may nest here (lopdf allows more; deeper
/// input goes to lopdf).
const MAX_DEPTH: usize = 32;

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
}

enum Word<'a> {
    Operand(Object),
    Operator(&'a [u8]),
}

impl<'a> Lexer<'a> {
    fn peek(&self) -> Option<u8> {
        self.b.get(self.i).copied()
    }

    fn skip_content_space(&mut self) {
        while self.i < self.b.len() && is_content_space(self.b[self.i]) {
            self.i += 1;
        }
    }

    /// lopdf's `space` inside arrays and dictionaries: white space and comments.
    fn skip_space(&mut self) -> Option<()> {
        loop {
            match self.peek() {
                Some(c) if is_space(c) => self.i += 1,
                Some(b'%') => self.comment()?,
                _ => return Some(()),
            }
        }
    }

    /// A comment with its end of line (lopdf's `comment`: one is required).
    fn comment(&mut self) -> Option<()> {
        let rest = &self.b[self.i..];
        let end = rest.iter().position(|&x| x == b'\r' || x == b'\n')?;
        self.i += end;
        if self.b[self.i] == b'\r' && self.b.get(self.i + 1) == Some(&b'\n') {
            self.i += 2;
        } else {
            self.i += 1;
        }
        Some(())
    }

    /// A number, `null`, `true`/`false` or an operator: one regular word.
    fn word(&mut self) -> Option<Word<'a>> {
        let start = self.i;
        while self.i < self.b.len() && is_regular(self.b[self.i]) {
            self.i += 1;
        }
        let word = &self.b[start..self.i];
        if word.is_empty() {
            return None;
        }
        let first = word[0];
        if first.is_ascii_digit() || matches!(first, b'+' | b'-' | b'.') {
            return number(word).map(Word::Operand);
        }
        match word {
            b"null" => return Some(Word::Operand(Object::Null)),
            b"true" => return Some(Word::Operand(Object::Boolean(true))),
            b"false" => return Some(Word::Operand(Object::Boolean(false))),
            _ => {}
        }
        // Words that lopdf would split or read otherwise go to lopdf.
        if word.starts_with(b"null") || word.starts_with(b"true") || word.starts_with(b"false") || word.starts_with(b"BI") {
            return None;
        }
        if word.iter().all(|&c| c.is_ascii_alphabetic() || matches!(c, b'*' | b'\'' | b'"')) {
            return Some(Word::Operator(word));
        }
        None
    }

    fn name(&mut self) -> Option<Vec<u8>> {
        self.i += 1;
        let start = self.i;
        while self.i < self.b.len() && is_regular(self.b[self.i]) {
            if self.b[self.i] == b'#' {
                return None;
            }
            self.i += 1;
        }
        Some(self.b[start..self.i].to_vec())
    }

    /// A literal string at `(`, as lopdf decodes it.
    fn literal_string(&mut self) -> Option<Vec<u8>> {
        self.i += 1;
        let mut out = Vec::new();
        let mut depth = 0usize;
        loop {
            let c = self.peek()?;
            match c {
                b'(' => {
                    depth += 1;
                    if depth > MAX_DEPTH {
                        return None;
                    }
                    out.push(b'(');
                    self.i += 1;
                }
                b')' => {
                    self.i += 1;
                    if depth == 0 {
                        return Some(out);
                    }
                    depth -= 1;
                    out.push(b')');
                }
                b'\\' => {
                    self.i += 1;
                    let e = self.peek()?;
                    match e {
                        b'0'..=b'7' => {
                            let mut value = 0u16;
                            let mut n = 0;
                            while n < 3 && matches!(self.peek(), Some(b'0'..=b'7')) {
                                value = value * 8 + (self.b[self.i] - b'0') as u16;
                                self.i += 1;
                                n += 1;
                            }
                            out.push(value as u8);
                        }
                        b'\r' => {
                            self.i += 1;
                            if self.peek() == Some(b'\n') {
                                self.i += 1;
                            }
                        }
                        b'\n' => self.i += 1,
                        b'n' => {
                            out.push(b'\n');
                            self.i += 1;
                        }
                        b'r' => {
                            out.push(b'\r');
                            self.i += 1;
                        }
                        b't' => {
                            out.push(b'\t');
                            self.i += 1;
                        }
                        b'b' => {
                            out.push(b'\x08');
                            self.i += 1;
                        }
                        b'f' => {
                            out.push(b'\x0c');
                            self.i += 1;
                        }
                        other => {
                            out.push(other);
                            self.i += 1;
                        }
                    }
                }
                // Ends of line (and every other byte) are kept as they are.
                other => {
                    out.push(other);
                    self.i += 1;
                }
            }
        }
    }

    /// A hex string at `<`: digits paired into bytes, white space skipped, an odd last
    /// digit read as the high half.
    fn hex_string(&mut self) -> Option<Object> {
        self.i += 1;
        let mut out = Vec::new();
        let mut high = true;
        loop {
            while self.peek().is_some_and(is_space) {
                self.i += 1;
            }
            let c = self.peek()?;
            if c == b'>' {
                self.i += 1;
                return Some(Object::String(out, StringFormat::Hexadecimal));
            }
            let v = hex_value(c)?;
            if high {
                out.push(v << 4);
            } else if let Some(last) = out.last_mut() {
                *last |= v;
            }
            high = !high;
            self.i += 1;
        }
    }

    /// An operand inside an array or a dictionary (lopdf's `_direct_object`, without
    /// references), with the space after it.
    fn direct_object(&mut self, depth: usize) -> Option<Object> {
        let object = self.value(depth)?;
        self.skip_space()?;
        Some(object)
    }

    /// A value that is not a bare word at content level: string, name, array, dictionary;
    /// inside arrays and dictionaries also numbers and null/true/false.
    fn value(&mut self, depth: usize) -> Option<Object> {
        if depth > MAX_DEPTH {
            return None;
        }
        match self.peek()? {
            b'(' => Some(Object::String(self.literal_string()?, StringFormat::Literal)),
            b'<' if self.b.get(self.i + 1) == Some(&b'<') => Some(Object::Dictionary(self.dictionary(depth + 1)?)),
            b'<' => self.hex_string(),
            b'[' => {
                self.i += 1;
                self.skip_space()?;
                let mut items = Vec::new();
                loop {
                    if self.peek()? == b']' {
                        self.i += 1;
                        return Some(Object::Array(items));
                    }
                    items.push(self.direct_object(depth + 1)?);
                }
            }
            b'/' => Some(Object::Name(self.name()?)),
            _ => match self.word()? {
                // Inside arrays and dictionaries a number could begin a reference
                // (`1 0 R`); operators are not values there.
                Word::Operand(object) => {
                    if matches!(object, Object::Integer(_)) && self.reference_follows() {
                        return None;
                    }
                    Some(object)
                }
                Word::Operator(_) => None,
            },
        }
    }

    /// True when `N G R` could start at the integer just read (lopdf tries a reference
    /// first); such input goes to lopdf.
    fn reference_follows(&self) -> bool {
        let rest = &self.b[self.i..];
        rest.iter().filter(|c| !is_space(**c)).take(3).any(|&c| c == b'R' || c == b'%')
    }

    /// A dictionary at `<<` (entries: name, space, direct object).
    fn dictionary(&mut self, depth: usize) -> Option<Dictionary> {
        self.i += 2;
        self.skip_space()?;
        let mut dict = Dictionary::new();
        loop {
            match self.peek()? {
                b'>' if self.b.get(self.i + 1) == Some(&b'>') => {
                    self.i += 2;
                    return Some(dict);
                }
                b'/' => {
                    let key = self.name()?;
                    self.skip_space()?;
                    let value = self.direct_object(depth)?;
                    dict.set(key, value);
                }
                _ => return None,
            }
        }
    }
}

/// A number word as lopdf reads it (real before integer), or None.
fn number(word: &[u8]) -> Option<Object> {
    let (negative, digits) = match word[0] {
        b'+' => (false, &word[1..]),
        b'-' => (true, &word[1..]),
        _ => (false, word),
    };
    let mut dots = 0;
    for &c in digits {
        if c == b'.' {
            dots += 1;
        } else if !c.is_ascii_digit() {
            return None;
        }
    }
    if digits.is_empty() || dots > 1 {
        return None;
    }
    if dots == 1 {
        // lopdf's real: digits '.' digits* | '.' digits.
        if digits == b"." {
            return None;
        }
        let text = std::str::from_utf8(word).ok()?;
        return text.parse::<f32>().ok().map(Object::Real);
    }
    if digits.len() > 18 {
        return None;
    }
    // At most 18 digits: no overflow; the value `str::parse::<i64>` gives.
    let value = digits.iter().fold(0i64, |v, &c| v * 10 + i64::from(c - b'0'));
    Some(Object::Integer(if negative { -value } else { value }))
}

#[cfg(feature = "work-counters")]
thread_local! {
    /// Operations `decode` has built on this thread (tokku's tests count them to check
    /// that a page's content is decoded into operations once per document).
    static OPERATIONS_BUILT: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Operations [`decode`] has built on this thread so far (built only with the
/// `work-counters` feature, for tokku's tests).
#[cfg(feature = "work-counters")]
pub fn operations_built() -> u64 {
    OPERATIONS_BUILT.with(|c| c.get())
}

/// `Content::decode` of a plain content stream, or None where lopdf must decode it.
pub fn decode(b: &[u8]) -> Option<Content<Vec<Operation>>> {
    let mut operations = Vec::new();
    lex(b, &mut |operator, operands| {
        let operator = std::str::from_utf8(operator).ok()?.to_string();
        operations.push(Operation { operator, operands: std::mem::take(operands) });
        Some(())
    })?;
    #[cfg(feature = "work-counters")]
    OPERATIONS_BUILT.with(|c| c.set(c.get() + operations.len() as u64));
    Some(Content { operations })
}

/// The lexer's walk over a plain content stream: each operation is handed to `on_op`
/// (its operator and operands; `on_op` may take the operands, which are cleared after
/// it returns) in order. Returns None where `decode` returns None — on input outside
/// the plain subset, or when `on_op` returns None — after having handed over the
/// operations before that point: a caller that needs all or nothing must buffer.
pub fn lex<'a>(b: &'a [u8], on_op: &mut dyn FnMut(&'a [u8], &mut Vec<Object>) -> Option<()>) -> Option<()> {
    let mut lexer = Lexer { b, i: 0 };
    let mut operands: Vec<Object> = Vec::new();
    lexer.skip_content_space();
    while let Some(c) = lexer.peek() {
        match c {
            b'%' => {
                // Comments only where an operation begins; lopdf does not skip space
                // after them.
                if !operands.is_empty() {
                    return None;
                }
                lexer.comment()?;
                if lexer.peek().is_some_and(is_space) {
                    return None;
                }
                continue;
            }
            b'(' | b'<' | b'[' | b'/' => {
                let operand = lexer.value(0)?;
                if matches!(operand, Object::Name(_) | Object::String(..) | Object::Array(_) | Object::Dictionary(_)) {
                    operands.push(operand);
                } else {
                    return None;
                }
            }
            _ => match lexer.word()? {
                Word::Operand(object) => operands.push(object),
                Word::Operator(op) => {
                    on_op(op, &mut operands)?;
                    operands.clear();
                }
            },
        }
        // Operands and operators end with content space only (not \0 or form feed).
        if lexer.peek().is_some_and(|c| is_space(c) && !is_content_space(c)) {
            return None;
        }
        lexer.skip_content_space();
    }
    if !operands.is_empty() {
        return None;
    }
    Some(())
}
