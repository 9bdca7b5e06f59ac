// tokku patch (performance, see PATCHES.md §3): a fast path for
// `adobe_cmap_parser::get_unicode_map`. adobe-cmap-parser lexes a ToUnicode CMap with
// pom parser combinators (one boxed closure call per byte); on the seed renditions that
// was 13-18 % of an extraction. This lexer accepts only the plain subset of the syntax
// that real ToUnicode CMaps use (comments, names, integers, operators, hex strings,
// literal strings without escapes, arrays, dictionaries, ASCII white space) and lexes it
// exactly as adobe-cmap-parser does; the interpretation below repeats adobe-cmap-parser's
// `get_unicode_map` step by step. On anything outside that subset, and on every input
// where adobe-cmap-parser would panic or wrap around, it returns None and the caller
// uses adobe-cmap-parser itself, so results (and errors) are unchanged.

use std::collections::HashMap;

#[derive(Debug, PartialEq)]
enum Token {
    Integer(i64),
    Operator(Vec<u8>),
    /// A hex or literal string, decoded.
    Str(Vec<u8>),
    Array(Vec<Token>),
    /// Names, booleans and dictionaries: never looked at by the interpretation.
    Other,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\r' | b'\n')
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

fn hex(b: u8) -> Option<u8> {
    match b {
        b'0'..=b'9' => Some(b - b'0'),
        b'a'..=b'f' => Some(b - b'a' + 10),
        b'A'..=b'F' => Some(b - b'A' + 10),
        _ => None,
    }
}

struct Lexer<'a> {
    b: &'a [u8],
    i: usize,
}

impl<'a> Lexer<'a> {
    fn skip_ws(&mut self) {
        while self.i < self.b.len() && is_ws(self.b[self.i]) {
            self.i += 1;
        }
    }

    /// A hex string at `<` (pairs of hex digits, white space only between pairs).
    fn hex_string(&mut self) -> Option<Vec<u8>> {
        self.i += 1;
        let mut out = Vec::new();
        loop {
            while self.i < self.b.len() && matches!(self.b[self.i], b' ' | b'\t' | b'\r' | b'\n' | b'\0' | b'\x0c') {
                self.i += 1;
            }
            let c = *self.b.get(self.i)?;
            if c == b'>' {
                self.i += 1;
                return Some(out);
            }
            let hi = hex(c)?;
            let lo = hex(*self.b.get(self.i + 1)?)?;
            out.push(hi << 4 | lo);
            self.i += 2;
        }
    }

    /// One value and the white space after it (adobe-cmap-parser's `value`).
    fn value(&mut self, depth: usize) -> Option<Token> {
        if depth > 32 {
            return None;
        }
        let c = *self.b.get(self.i)?;
        let token = match c {
            b'<' if self.b.get(self.i + 1) == Some(&b'<') => {
                self.i += 2;
                // Dictionary entries: a name, white space, a value.
                self.skip_ws();
                loop {
                    match *self.b.get(self.i)? {
                        b'>' if self.b.get(self.i + 1) == Some(&b'>') => {
                            self.i += 2;
                            break;
                        }
                        b'/' => {
                            self.name()?;
                            self.skip_ws();
                            self.value(depth + 1)?;
                        }
                        _ => return None,
                    }
                }
                Token::Other
            }
            b'<' => Token::Str(self.hex_string()?),
            b'[' => {
                self.i += 1;
                self.skip_ws();
                let mut items = Vec::new();
                loop {
                    if *self.b.get(self.i)? == b']' {
                        self.i += 1;
                        break;
                    }
                    items.push(self.value(depth + 1)?);
                }
                Token::Array(items)
            }
            b'(' => {
                // Literal strings without escapes or nested parentheses only.
                let start = self.i + 1;
                let len = self.b[start..].iter().position(|&x| matches!(x, b')' | b'(' | b'\\'))?;
                if self.b[start + len] != b')' {
                    return None;
                }
                self.i = start + len + 1;
                Token::Str(self.b[start..start + len].to_vec())
            }
            b'/' => {
                self.name()?;
                Token::Other
            }
            _ => {
                let start = self.i;
                while self.i < self.b.len() && !is_ws(self.b[self.i]) && !is_delim(self.b[self.i]) {
                    self.i += 1;
                }
                let word = &self.b[start..self.i];
                if word.is_empty() {
                    return None;
                }
                let digits = word.strip_prefix(b"+").or_else(|| word.strip_prefix(b"-")).unwrap_or(word);
                if !digits.is_empty() && digits.len() <= 18 && digits.iter().all(u8::is_ascii_digit) {
                    Token::Integer(std::str::from_utf8(word).ok()?.parse().ok()?)
                } else if word.iter().all(|&x| x.is_ascii_alphabetic() || matches!(x, b'*' | b'\'' | b'"')) {
                    // `true`/`false` (and words they begin) lex differently.
                    if word.starts_with(b"true") || word.starts_with(b"false") {
                        return None;
                    }
                    Token::Operator(word.to_vec())
                } else {
                    return None;
                }
            }
        };
        self.skip_ws();
        Some(token)
    }

    /// A name without `#` escapes.
    fn name(&mut self) -> Option<()> {
        self.i += 1;
        while self.i < self.b.len() {
            match self.b[self.i] {
                b'#' | b'\0' | b'\x0c' => return None,
                b' ' | b'\t' | b'\n' | b'\r' | b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%' => break,
                _ => self.i += 1,
            }
        }
        Some(())
    }
}

/// The whole CMap lexed, or None when it leaves the plain subset.
fn lex(b: &[u8]) -> Option<Vec<Token>> {
    let mut lexer = Lexer { b, i: 0 };
    let mut out = Vec::new();
    lexer.skip_ws();
    while lexer.i < b.len() {
        if b[lexer.i] == b'%' {
            // A comment must end with an end of line.
            let end = b[lexer.i..].iter().position(|&x| x == b'\r' || x == b'\n')?;
            lexer.i += end;
            lexer.skip_ws();
            continue;
        }
        out.push(lexer.value(0)?);
    }
    if out.is_empty() {
        return None;
    }
    Some(out)
}

fn as_code(s: &[u8]) -> Option<u32> {
    if s.len() > 4 {
        return None;
    }
    Some(s.iter().fold(0u32, |code, &c| (code << 8) | c as u32))
}

/// adobe-cmap-parser's `get_unicode_map` for a plain CMap; None where that function
/// should be called instead (unusual syntax, or an input it would panic on).
pub fn get_unicode_map(input: &[u8]) -> Option<Result<HashMap<u32, Vec<u8>>, &'static str>> {
    let lexed = lex(input)?;
    let mut map = HashMap::new();
    let mut i = 0;
    while i < lexed.len() {
        let Token::Operator(o) = &lexed[i] else {
            i += 1;
            continue;
        };
        match o.as_slice() {
            b"beginbfchar" => {
                let Token::Integer(count) = lexed.get(i.checked_sub(1)?)? else { return Some(Err("beginbfchar exected int")) };
                i += 1;
                for _ in 0..*count {
                    let Token::Str(code) = lexed.get(i)? else { return Some(Err("beginbfchar exected hexstring")) };
                    let Token::Str(unicode) = lexed.get(i + 1)? else { return Some(Err("beginbfchar exected hexstring")) };
                    map.insert(as_code(code)?, unicode.clone());
                    i += 2;
                }
                i += 1;
            }
            b"beginbfrange" => {
                let Token::Integer(count) = lexed.get(i.checked_sub(1)?)? else { return Some(Err("beginbfrange exected int")) };
                i += 1;
                for _ in 0..*count {
                    let Token::Str(lower) = lexed.get(i)? else { return Some(Err("beginbfrange exected hexstring")) };
                    let lower = as_code(lower)?;
                    let Token::Str(upper) = lexed.get(i + 1)? else { return Some(Err("beginbfrange exected hexstring")) };
                    let upper = as_code(upper)?;
                    match lexed.get(i + 2)? {
                        Token::Str(start) if start.len() == 4 => {
                            let val = as_code(start)?;
                            if upper >= lower {
                                val.checked_add(upper - lower)?;
                            }
                            for c in lower..=upper {
                                map.insert(c, (val + (c - lower)).to_be_bytes().to_vec());
                            }
                        }
                        Token::Str(start) if start.len() == 2 => {
                            let val = as_code(start)? as u16;
                            if upper >= lower {
                                if upper - lower > u16::MAX as u32 {
                                    return None;
                                }
                                val.checked_add((upper - lower) as u16)?;
                            }
                            for c in lower..=upper {
                                map.insert(c, (val + (c - lower) as u16).to_be_bytes().to_vec());
                            }
                        }
                        Token::Str(_) => return None,
                        Token::Array(codes) => {
                            if upper < lower {
                                return None;
                            }
                            if (upper - lower + 1) as usize != codes.len() {
                                return Some(Err("bad length of array"));
                            }
                            for (c, code) in (lower..=upper).zip(codes) {
                                let Token::Str(s) = code else { return Some(Err("beginbfrange exected hexstring")) };
                                map.insert(c, s.clone());
                            }
                        }
                        _ => return Some(Err("beginbfrange exected array or literal")),
                    }
                    i += 3;
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    Some(Ok(map))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same_as_adobe(cmap: &[u8]) {
        let fast = get_unicode_map(cmap).expect("the fast path takes a plain CMap");
        let slow = adobe_cmap_parser::get_unicode_map(cmap);
        assert_eq!(fast, slow);
    }

    #[test]
    fn plain_cmaps_map_as_adobe_cmap_parser_maps_them() {
        same_as_adobe(b"/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n/CIDSystemInfo << /Registry (Adobe) /Ordering (UCS) /Supplement 0 >> def\n/CMapName /Adobe-Identity-UCS def\n/CMapType 2 def\n1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n2 beginbfchar\n<0003> <0020>\n<0010> <4EE4 548C>\nendbfchar\n2 beginbfrange\n<0020> <0022> <3042>\n<0030> <0031> [<0041> <D842DFB7>]\nendbfrange\nendcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n");
        same_as_adobe(b"%!PS-Adobe-3.0 Resource-CMap\n%%EndComments\n1 beginbfrange <01> <05> <0061> endbfrange\n");
    }

    #[test]
    fn unusual_syntax_goes_to_adobe_cmap_parser() {
        assert!(get_unicode_map(b"1 beginbfchar (a\\)) <0041> endbfchar").is_none());
        assert!(get_unicode_map(b"1 beginbfchar <01> <0041> endbfchar 1.5").is_none());
        assert!(get_unicode_map(b"beginbfchar").is_none());
    }
}
