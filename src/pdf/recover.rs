//! Recovery of damaged PDFs, as poppler and qpdf do it: the file is scanned for
//! `N G obj` headers (never trusting the cross-reference table), each object's extent and
//! each stream's true data length are found (by /Length when it holds, else by scanning
//! for `endstream`), and — when the file's own table is broken — a clean file is rebuilt
//! from the scanned objects with a fresh cross-reference table and correct /Length
//! values. The scan also gives the limit checks every stream before lopdf sees it.

#[cfg(feature = "work-counters")]
use std::cell::Cell;
use std::collections::{BTreeMap, HashMap};

use regex::bytes::Regex;

/// One stream's data as found in the file.
#[derive(Debug, Clone, PartialEq)]
pub struct ScannedStream {
    /// Offset of the first data byte (after `stream` and its end-of-line).
    pub data_start: usize,
    /// Offset just past the last data byte.
    pub data_end: usize,
    /// The /Length as written: a number, a reference, or none.
    pub declared: DeclaredLength,
    /// False when the data ran to the end of the file without `endstream`.
    pub terminated: bool,
}

/// A stream's /Length entry as written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum DeclaredLength {
    Direct(i64),
    Reference(u32, u16),
    Missing,
}

/// One indirect object as found by the scan.
#[derive(Debug, Clone, PartialEq)]
pub struct ScannedObject {
    pub id: (u32, u16),
    /// Offset of the header's first digit.
    pub header: usize,
    /// The object's value (the dictionary of a stream): from after `obj` to its end.
    pub value: (usize, usize),
    /// The top-level dictionary, when the value is one.
    pub dict: Option<(usize, usize)>,
    pub stream: Option<ScannedStream>,
}

/// Everything the scan found.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub version: String,
    /// Offset of `%PDF-` (lopdf's offsets count from there).
    pub pdf_start: usize,
    pub objects: Vec<ScannedObject>,
    /// Dictionaries that follow a `trailer` keyword.
    pub trailers: Vec<(usize, usize)>,
    /// The offset `startxref` names (the last one in the file).
    pub startxref: Option<usize>,
}

/// What a rebuild repaired, for the `pdf_repaired` warning.
#[derive(Debug, Clone, Default)]
pub struct Rebuilt {
    pub bytes: Vec<u8>,
    pub objects: usize,
    pub notes: Vec<String>,
}

fn is_ws(b: u8) -> bool {
    matches!(b, b'\0' | b'\t' | b'\n' | b'\x0c' | b'\r' | b' ')
}

fn is_delim(b: u8) -> bool {
    matches!(b, b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%')
}

/// Skips white space and comments.
fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while i < b.len() {
        if is_ws(b[i]) {
            i += 1;
        } else if b[i] == b'%' {
            while i < b.len() && b[i] != b'\n' && b[i] != b'\r' {
                i += 1;
            }
        } else {
            break;
        }
    }
    i
}

/// A lexical token of PDF syntax.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Tok<'a> {
    DictOpen,
    DictClose,
    ArrayOpen,
    ArrayClose,
    Name(&'a [u8]),
    Str,
    /// A number or a keyword.
    Word(&'a [u8]),
    /// A stray delimiter (`)`, `{`, `}`, a lone `>`).
    Other,
}

/// The token at `i` (after white space) and the offset just past it.
fn token(b: &[u8], i: usize) -> Option<(usize, Tok<'_>, usize)> {
    let i = skip_ws(b, i);
    let c = *b.get(i)?;
    let start = i;
    let (tok, end) = match c {
        b'<' if b.get(i + 1) == Some(&b'<') => (Tok::DictOpen, i + 2),
        b'>' if b.get(i + 1) == Some(&b'>') => (Tok::DictClose, i + 2),
        b'<' => {
            let end = b[i..].iter().position(|&x| x == b'>').map(|p| i + p + 1).unwrap_or(b.len());
            (Tok::Str, end)
        }
        b'(' => {
            let mut depth = 0usize;
            let mut j = i;
            while j < b.len() {
                match b[j] {
                    b'\\' => j += 1,
                    b'(' => depth += 1,
                    b')' => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
            (Tok::Str, (j + 1).min(b.len()))
        }
        b'[' => (Tok::ArrayOpen, i + 1),
        b']' => (Tok::ArrayClose, i + 1),
        b'/' => {
            let mut j = i + 1;
            while j < b.len() && !is_ws(b[j]) && !is_delim(b[j]) {
                j += 1;
            }
            (Tok::Name(&b[i + 1..j]), j)
        }
        b')' | b'{' | b'}' | b'>' => (Tok::Other, i + 1),
        _ => {
            let mut j = i;
            while j < b.len() && !is_ws(b[j]) && !is_delim(b[j]) {
                j += 1;
            }
            (Tok::Word(&b[i..j]), j)
        }
    };
    Some((start, tok, end))
}

fn is_int(word: &[u8]) -> bool {
    !word.is_empty() && word.iter().all(u8::is_ascii_digit)
}

fn parse_int<T: std::str::FromStr>(word: &[u8]) -> Option<T> {
    std::str::from_utf8(word).ok()?.parse().ok()
}

/// Skips one value starting at `i` (a reference `N G R` counts as one); returns its span.
fn skip_value(b: &[u8], i: usize) -> Option<(usize, usize)> {
    let (start, tok, mut end) = token(b, i)?;
    match tok {
        Tok::DictOpen | Tok::ArrayOpen => {
            let mut depth = 1usize;
            while depth > 0 {
                let (_, t, e) = token(b, end)?;
                end = e;
                match t {
                    Tok::DictOpen | Tok::ArrayOpen => depth += 1,
                    Tok::DictClose | Tok::ArrayClose => depth -= 1,
                    Tok::Word(w) if w == b"obj" || w == b"endobj" || w == b"stream" => return None,
                    _ => {}
                }
                if depth > 1000 {
                    return None;
                }
            }
        }
        Tok::Word(w) if is_int(w) => {
            if let Some((_, Tok::Word(g), e2)) = token(b, end) {
                if is_int(g) {
                    if let Some((_, Tok::Word(r), e3)) = token(b, e2) {
                        if r == b"R" {
                            end = e3;
                        }
                    }
                    let _ = e2;
                }
            }
        }
        Tok::DictClose | Tok::ArrayClose => return None,
        _ => {}
    }
    Some((start, end))
}

/// The value span of `key` at the top level of the dictionary spanning `dict`.
pub fn dict_get(b: &[u8], dict: (usize, usize), key: &[u8]) -> Option<(usize, usize)> {
    let b = &b[..dict.1];
    let (_, open, mut i) = token(b, dict.0)?;
    if open != Tok::DictOpen {
        return None;
    }
    loop {
        let (_, tok, end) = token(b, i)?;
        match tok {
            Tok::DictClose => return None,
            Tok::Name(name) => {
                let span = skip_value(b, end)?;
                if name == key {
                    return Some(span);
                }
                i = span.1;
            }
            _ => i = end,
        }
    }
}

/// The names of a /Filter value (one name or an array of names).
pub fn filter_names(b: &[u8], dict: (usize, usize)) -> Vec<Vec<u8>> {
    let Some((s, e)) = dict_get(b, dict, b"Filter") else { return Vec::new() };
    let mut names = Vec::new();
    let mut i = s;
    while let Some((_, tok, end)) = token(&b[..e], i) {
        if let Tok::Name(n) = tok {
            names.push(n.to_vec());
        }
        i = end;
    }
    names
}

/// The name under `key` in the dictionary, if it is a name.
fn dict_name<'b>(b: &'b [u8], dict: (usize, usize), key: &[u8]) -> Option<&'b [u8]> {
    let (s, e) = dict_get(b, dict, key)?;
    match token(&b[..e], s)? {
        (_, Tok::Name(name), _) => Some(name),
        _ => None,
    }
}

/// True when the dictionary's `key` is the name `value`.
pub fn dict_has_name(b: &[u8], dict: (usize, usize), key: &[u8], value: &[u8]) -> bool {
    dict_get(b, dict, key)
        .and_then(|(s, e)| token(&b[..e], s))
        .is_some_and(|(_, tok, _)| tok == Tok::Name(value))
}

/// A reference `N G R` in the dictionary under `key`.
pub fn dict_ref(b: &[u8], dict: (usize, usize), key: &[u8]) -> Option<(u32, u16)> {
    let (s, e) = dict_get(b, dict, key)?;
    let b = &b[..e];
    let (_, Tok::Word(n), i) = token(b, s)? else { return None };
    let (_, Tok::Word(g), i) = token(b, i)? else { return None };
    let (_, Tok::Word(r), _) = token(b, i)? else { return None };
    (r == b"R").then_some(())?;
    Some((parse_int(n)?, parse_int(g)?))
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from >= hay.len() {
        return None;
    }
    memchr::memmem::find(&hay[from..], needle).map(|p| p + from)
}

fn header_regex() -> &'static Regex {
    static RE: std::sync::OnceLock<Regex> = std::sync::OnceLock::new();
    RE.get_or_init(|| {
        crate::jp::patterns::static_bytes_regex(
            r"(?-u)([0-9]{1,10})[\x00\t\n\x0c\r ]+([0-9]{1,5})[\x00\t\n\x0c\r ]+obj",
        )
    })
}

/// The object number and generation of a header the header regex matched (`12 0 obj`).
fn header_numbers(header: &[u8]) -> (&[u8], &[u8]) {
    let number_end = header.iter().position(|&c| !c.is_ascii_digit()).unwrap_or(header.len());
    let rest = &header[number_end..];
    let generation_start = rest.iter().position(u8::is_ascii_digit).unwrap_or(rest.len());
    let rest = &rest[generation_start..];
    let generation_end = rest.iter().position(|&c| !c.is_ascii_digit()).unwrap_or(rest.len());
    (&header[..number_end], &rest[..generation_end])
}

/// Scans the whole file for objects, trailers and `startxref`. `check` is called once
/// per object found and may stop the scan (a deadline).
pub fn scan(b: &[u8], mut check: impl FnMut(usize) -> bool) -> Scan {
    let pdf_start = find(b, b"%PDF-", 0).unwrap_or(0);
    let version = b[pdf_start..]
        .get(5..8)
        .filter(|v| v[0].is_ascii_digit() && v[1] == b'.' && v[2].is_ascii_digit())
        .map(|v| String::from_utf8_lossy(v).into_owned())
        .unwrap_or_else(|| "1.7".into());
    let mut out = Scan { version, pdf_start, ..Scan::default() };
    let re = header_regex();
    let mut pos = pdf_start;
    while let Some(m) = re.find_at(b, pos) {
        let (start, end) = (m.start(), m.end());
        // The header must stand alone: not the tail of a longer word or number, and
        // `obj` must not run on (`objx`).
        let before_ok = start == 0 || is_ws(b[start - 1]) || is_delim(b[start - 1]);
        let after_ok = end == b.len() || is_ws(b[end]) || is_delim(b[end]);
        // The match is `number space+ generation space+ obj`: its two digit runs are the
        // regex's groups (read without asking the regex for captures, a slower search).
        let (number, generation) = header_numbers(m.as_bytes());
        let (Some(num), Some(gen)) = (parse_int::<u32>(number), parse_int::<u16>(generation))
        else {
            pos = start + 1;
            continue;
        };
        if !before_ok || !after_ok {
            pos = start + 1;
            continue;
        }
        if !check(out.objects.len()) {
            break;
        }
        let (object, next) = read_object(b, (num, gen), start, end);
        pos = next.max(start + 1);
        if let Some(object) = object {
            out.objects.push(object);
        }
    }
    // Trailers and startxref, outside objects.
    let mut i = pdf_start;
    while let Some(t) = find(b, b"trailer", i) {
        i = t + 7;
        if let Some((s, tok, _)) = token(b, i) {
            if tok == Tok::DictOpen {
                if let Some(span) = skip_value(b, s) {
                    out.trailers.push(span);
                }
            }
        }
    }
    let mut i = pdf_start;
    while let Some(t) = find(b, b"startxref", i) {
        i = t + 9;
        if let Some((_, Tok::Word(w), _)) = token(b, i) {
            if let Some(n) = parse_int::<usize>(w) {
                out.startxref = Some(n + pdf_start);
            }
        }
    }
    out
}

/// Reads the object whose header spans `start..end`; returns it (None when nothing
/// usable follows the header) and where scanning goes on.
fn read_object(
    b: &[u8],
    id: (u32, u16),
    start: usize,
    end: usize,
) -> (Option<ScannedObject>, usize) {
    let value_start = end;
    let Some((vs, tok, _)) = token(b, value_start) else { return (None, b.len()) };
    // The value: one object (a dictionary, array, number …).
    let span = match tok {
        Tok::Word(w) if w == b"endobj" => (vs, vs),
        Tok::Word(w) if w == b"obj" || w == b"stream" => return (None, vs),
        _ => match skip_value(b, vs) {
            Some(span) => span,
            None => return (None, vs + 1),
        },
    };
    let dict = (tok == Tok::DictOpen).then_some(span);
    let mut object =
        ScannedObject { id, header: start, value: (value_start, span.1), dict, stream: None };
    let Some((ks, next, ke)) = token(b, span.1) else { return (Some(object), b.len()) };
    match next {
        Tok::Word(w) if w == b"endobj" => (Some(object), ke),
        Tok::Word(w) if w == b"stream" && dict.is_some() => {
            let mut data_start = ke;
            if b.get(data_start) == Some(&b'\r') {
                data_start += 1;
            }
            if b.get(data_start) == Some(&b'\n') {
                data_start += 1;
            }
            let declared = dict.map(|d| declared_length(b, d)).unwrap_or(DeclaredLength::Missing);
            // A direct /Length that lands on `endstream` is believed; otherwise the data
            // runs to the next `endstream`.
            let by_length = match declared {
                DeclaredLength::Direct(n) if n >= 0 => {
                    lands_on_endstream(b, data_start, n as usize)
                }
                _ => None,
            };
            let (data_end, after, terminated) = match by_length {
                Some(after) => (data_start + declared_direct(declared), after, true),
                None => match find(b, b"endstream", data_start) {
                    Some(es) => (trim_eol(b, data_start, es), es + 9, true),
                    None => (b.len(), b.len(), false),
                },
            };
            object.stream = Some(ScannedStream { data_start, data_end, declared, terminated });
            let after = match token(b, after) {
                Some((_, Tok::Word(w), e)) if w == b"endobj" => e,
                _ => after,
            };
            (Some(object), after)
        }
        // No `endobj`: the object ends where its value does.
        _ => (Some(object), ks),
    }
}

fn declared_direct(d: DeclaredLength) -> usize {
    match d {
        DeclaredLength::Direct(n) => n.max(0) as usize,
        _ => 0,
    }
}

fn declared_length(b: &[u8], dict: (usize, usize)) -> DeclaredLength {
    if let Some(r) = dict_ref(b, dict, b"Length") {
        return DeclaredLength::Reference(r.0, r.1);
    }
    match dict_get(b, dict, b"Length").and_then(|(s, e)| token(&b[..e], s)) {
        Some((_, Tok::Word(w), _)) => {
            parse_int::<i64>(w).map(DeclaredLength::Direct).unwrap_or(DeclaredLength::Missing)
        }
        _ => DeclaredLength::Missing,
    }
}

/// When `len` data bytes from `start` are followed by (white space and) `endstream`,
/// the offset after `endstream`.
fn lands_on_endstream(b: &[u8], start: usize, len: usize) -> Option<usize> {
    let end = start.checked_add(len)?;
    if end > b.len() {
        return None;
    }
    let mut i = end;
    while i < b.len() && is_ws(b[i]) && i < end + 4 {
        i += 1;
    }
    b[i..].starts_with(b"endstream").then_some(i + 9)
}

/// The end of stream data that is followed by `endstream` at `es`: one end-of-line
/// before the keyword belongs to the syntax, not the data.
fn trim_eol(b: &[u8], start: usize, es: usize) -> usize {
    let mut end = es;
    if end > start && b[end - 1] == b'\n' {
        end -= 1;
    }
    if end > start && b[end - 1] == b'\r' {
        end -= 1;
    }
    end
}

#[cfg(feature = "work-counters")]
thread_local! {
    /// How many object indexes this thread has built, and how many header lookups it
    /// made (the algorithm's guard: one index per document, one lookup per entry).
    static COUNTERS: Cell<ScanCounters> = const { Cell::new(ScanCounters { index_builds: 0, header_lookups: 0 }) };
}

/// Work counters of this thread's scanned files (for tests that guard the algorithm:
/// the index is built once per document whatever its object count).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ScanCounters {
    pub index_builds: usize,
    pub header_lookups: usize,
}

/// This thread's counters since it started (built only with the `work-counters` feature,
/// for tests).
#[cfg(feature = "work-counters")]
pub fn scan_counters() -> ScanCounters {
    COUNTERS.with(Cell::get)
}

/// Adds to this thread's counters (a no-op without the `work-counters` feature).
#[cfg_attr(not(feature = "work-counters"), allow(unused_variables))]
fn count(update: impl FnOnce(&mut ScanCounters)) {
    #[cfg(feature = "work-counters")]
    COUNTERS.with(|c| {
        let mut counters = c.get();
        update(&mut counters);
        c.set(counters);
    });
}

/// The one interface to the low-level scanner: a file scanned once, with an index of its
/// object headers (by offset and by id) and its trailer built once, shared by every use
/// (xref check, stream budget, /Length check, trailer, rebuild).
#[derive(Debug)]
pub struct ScannedFile<'a> {
    bytes: &'a [u8],
    scan: Scan,
    /// Header offset → index in `scan.objects`.
    by_header: HashMap<usize, usize>,
    /// Object id → index of its last definition.
    by_id: HashMap<(u32, u16), usize>,
    /// Object number → index of its last definition (later definitions are updates).
    latest: BTreeMap<u32, usize>,
    /// Dictionaries of cross-reference streams (`/Type /XRef`).
    xref_dicts: Vec<(usize, usize)>,
    trailer: Option<(usize, usize)>,
    has_object_streams: bool,
    /// Objects that are tagged-PDF structure elements (`/Type /StructElem` dictionaries).
    structure_elements: Vec<usize>,
}

impl<'a> ScannedFile<'a> {
    /// Scans `bytes` (see [`scan`]; `check` may stop the scan) and indexes what it found.
    pub fn new(bytes: &'a [u8], check: impl FnMut(usize) -> bool) -> ScannedFile<'a> {
        Self::from_scan(bytes, scan(bytes, check))
    }

    /// Indexes a scan of `bytes`.
    pub fn from_scan(bytes: &'a [u8], scan: Scan) -> ScannedFile<'a> {
        count(|c| c.index_builds += 1);
        let mut by_header = HashMap::with_capacity(scan.objects.len());
        let mut by_id = HashMap::with_capacity(scan.objects.len());
        let mut latest = BTreeMap::new();
        let mut xref_dicts = Vec::new();
        let mut has_object_streams = false;
        let mut structure_elements = Vec::new();
        for (index, object) in scan.objects.iter().enumerate() {
            by_header.insert(object.header, index);
            by_id.insert(object.id, index);
            latest.insert(object.id.0, index);
            if let Some(dict) = object.dict {
                match dict_name(bytes, dict, b"Type") {
                    Some(b"XRef") => xref_dicts.push(dict),
                    Some(b"ObjStm") if object.stream.is_some() => has_object_streams = true,
                    Some(b"StructElem") if object.stream.is_none() => {
                        structure_elements.push(index)
                    }
                    _ => {}
                }
            }
        }
        let mut candidates: Vec<(usize, usize)> = scan.trailers.clone();
        candidates.extend(xref_dicts.iter().copied());
        candidates.sort();
        let trailer = candidates.into_iter().rev().find(|d| dict_ref(bytes, *d, b"Root").is_some());
        ScannedFile {
            bytes,
            scan,
            by_header,
            by_id,
            latest,
            xref_dicts,
            trailer,
            has_object_streams,
            structure_elements,
        }
    }

    /// The file's bytes.
    pub fn bytes(&self) -> &'a [u8] {
        self.bytes
    }

    /// What the scan found.
    pub fn scan(&self) -> &Scan {
        &self.scan
    }

    /// Every object found, in file order.
    pub fn objects(&self) -> &[ScannedObject] {
        &self.scan.objects
    }

    /// Offset of `%PDF-` (lopdf's offsets count from there).
    pub fn pdf_start(&self) -> usize {
        self.scan.pdf_start
    }

    /// The last definition of each object number (later definitions are updates).
    pub fn latest(&self) -> impl DoubleEndedIterator<Item = (u32, &ScannedObject)> + '_ {
        self.latest.iter().map(|(&number, &index)| (number, &self.scan.objects[index]))
    }

    /// The integer value of an object (for an indirect /Length).
    pub fn int_value(&self, id: (u32, u16)) -> Option<i64> {
        let o = &self.scan.objects[*self.by_id.get(&id)?];
        match token(&self.bytes[..o.value.1], o.value.0)? {
            (_, Tok::Word(w), _) => parse_int(w),
            _ => None,
        }
    }

    /// The stream's /Length as a number (an indirect one resolved), if any.
    fn declared_value(&self, declared: DeclaredLength) -> Option<i64> {
        match declared {
            DeclaredLength::Direct(n) => Some(n),
            DeclaredLength::Reference(n, g) => self.int_value((n, g)),
            DeclaredLength::Missing => None,
        }
    }

    /// Streams whose /Length does not match the data found (with what it should be).
    pub fn bad_lengths(&self) -> Vec<((u32, u16), Option<i64>, usize)> {
        let b = self.bytes;
        let mut bad = Vec::new();
        for o in &self.scan.objects {
            let Some(s) = &o.stream else { continue };
            let actual = s.data_end - s.data_start;
            let declared = self.declared_value(s.declared);
            let ok = match declared {
                Some(n) if n >= 0 => {
                    n as usize == actual
                        || lands_on_endstream(b, s.data_start, n as usize).is_some()
                }
                _ => false,
            };
            if !ok || !s.terminated {
                bad.push((o.id, declared, actual));
            }
        }
        bad
    }

    /// The trailer dictionary to use: the last `trailer` (or cross-reference stream
    /// dictionary) that names a /Root.
    pub fn trailer(&self) -> Option<(usize, usize)> {
        self.trailer
    }

    /// True when the trailer names an /Encrypt dictionary.
    pub fn is_encrypted(&self) -> bool {
        self.trailer.is_some_and(|t| dict_get(self.bytes, t, b"Encrypt").is_some())
    }

    /// The document catalog: the trailer's /Root, or an object of /Type /Catalog.
    pub fn root(&self) -> Option<(u32, u16)> {
        let b = self.bytes;
        if let Some(root) = self.trailer.and_then(|t| dict_ref(b, t, b"Root")) {
            // The catalog may also sit inside an object stream, out of the scan's sight.
            let found = self.latest.get(&root.0).is_some_and(|&i| self.scan.objects[i].id == root);
            if found || self.has_object_streams {
                return Some(root);
            }
        }
        self.latest()
            .rev()
            .map(|(_, o)| o)
            .find(|o| o.dict.is_some_and(|d| dict_has_name(b, d, b"Type", b"Catalog")))
            .map(|o| o.id)
    }

    /// True when the file holds object streams (objects the scan cannot see directly).
    pub fn has_object_streams(&self) -> bool {
        self.has_object_streams
    }

    /// The file with the value of every structure element (`/Type /StructElem`, the
    /// tagged-PDF structure tree: Chromium writes one per run of text, 90 % of its
    /// objects) replaced by `null` and spaces. Same length and offsets, so the
    /// cross-reference table still holds; the loader then skips parsing objects that text
    /// extraction never reads (neither pdf-extract nor tokku follows the structure tree).
    /// None when there are none, or the file is encrypted.
    pub fn without_structure_elements(&self) -> Option<Vec<u8>> {
        if self.structure_elements.is_empty() || self.is_encrypted() {
            return None;
        }
        let mut out = self.bytes.to_vec();
        for &index in &self.structure_elements {
            let (start, end) = self.scan.objects[index].value;
            if end - start < 6 {
                continue;
            }
            out[start..end].fill(b' ');
            out[start + 1..start + 5].copy_from_slice(b"null");
        }
        Some(out)
    }

    /// True when the offset points (after white space) at the header of the object `id`.
    pub fn header_at(&self, offset: usize, id: (u32, u16)) -> bool {
        count(|c| c.header_lookups += 1);
        self.by_header.get(&offset).is_some_and(|&i| self.scan.objects[i].id == id)
    }

    /// Problems with the file's own cross-reference structure that lopdf cannot get
    /// past: `startxref` (or a /Prev) pointing at neither a table nor an object.
    pub fn xref_pointer_problem(&self) -> Option<String> {
        let b = self.bytes;
        let points_ok = |offset: usize| {
            let at = skip_ws(b, offset.min(b.len()));
            b[at..].starts_with(b"xref") || self.by_header.contains_key(&at)
        };
        match self.scan.startxref {
            None => return Some("no startxref".into()),
            Some(o) if !points_ok(o) => {
                return Some(format!(
                    "startxref {o} points at neither a cross-reference table nor an object"
                ))
            }
            _ => {}
        }
        for &d in self.scan.trailers.iter().chain(&self.xref_dicts) {
            for key in [&b"Prev"[..], b"XRefStm"] {
                if let Some((s, e)) = dict_get(b, d, key) {
                    if let Some((_, Tok::Word(w), _)) = token(&b[..e], s) {
                        match parse_int::<usize>(w) {
                            Some(o) if points_ok(o) => {}
                            _ => {
                                return Some(format!(
                                "/{} {} points at neither a cross-reference table nor an object",
                                String::from_utf8_lossy(key),
                                String::from_utf8_lossy(w)
                            ))
                            }
                        }
                    }
                }
            }
        }
        None
    }

    /// Rebuilds a clean file from the scan: the latest definition of every complete object,
    /// each stream with its true /Length, a fresh cross-reference table and a trailer with
    /// the original /Root, /Info, /Encrypt and /ID. `None` when no catalog can be found.
    pub fn rebuild(&self) -> Result<Rebuilt, String> {
        let (b, scan) = (self.bytes, &self.scan);
        let root = self
            .root()
            .ok_or("no document catalog found (the file is truncated or not a PDF document)")?;
        let mut notes = Vec::new();
        let mut out: Vec<u8> = Vec::with_capacity(b.len() + 1024);
        out.extend_from_slice(
            format!("%PDF-{}\n%\u{e2}\u{e3}\u{cf}\u{d3}\n", scan.version).as_bytes(),
        );
        let mut offsets: BTreeMap<u32, (u16, usize)> = BTreeMap::new();
        let mut dropped = Vec::new();
        let mut fixed_lengths = 0usize;
        for (_, object) in self.latest() {
            // A stream cut off by the end of the file is left out: half a content stream
            // would be read as if it were all of it.
            if object.stream.as_ref().is_some_and(|s| !s.terminated) {
                dropped.push(object.id);
                continue;
            }
            offsets.insert(object.id.0, (object.id.1, out.len()));
            out.extend_from_slice(format!("{} {} obj\n", object.id.0, object.id.1).as_bytes());
            match (&object.stream, object.dict) {
                (Some(stream), Some(dict)) => {
                    let len = stream.data_end - stream.data_start;
                    let declared = self.declared_value(stream.declared);
                    if declared != Some(len as i64) {
                        fixed_lengths += 1;
                    }
                    match dict_get(b, dict, b"Length") {
                        Some((s, e)) => {
                            out.extend_from_slice(&b[dict.0..s]);
                            out.extend_from_slice(format!("{len}").as_bytes());
                            out.extend_from_slice(&b[e..dict.1]);
                        }
                        None => {
                            // Insert /Length before the closing `>>`.
                            let close = dict.1.saturating_sub(2).max(dict.0);
                            out.extend_from_slice(&b[dict.0..close]);
                            out.extend_from_slice(format!(" /Length {len}>>").as_bytes());
                        }
                    }
                    out.extend_from_slice(b"\nstream\n");
                    out.extend_from_slice(&b[stream.data_start..stream.data_end]);
                    out.extend_from_slice(b"\nendstream");
                }
                _ => out.extend_from_slice(&b[object.value.0..object.value.1]),
            }
            out.extend_from_slice(b"\nendobj\n");
        }
        if !offsets.contains_key(&root.0) && !self.has_object_streams {
            return Err("the document catalog is cut off (the file is truncated)".into());
        }
        let size = offsets.keys().next_back().map(|&n| n + 1).unwrap_or(1);
        let xref_at = out.len();
        out.extend_from_slice(b"xref\n0 1\n0000000000 65535 f \n");
        // Subsections of consecutive numbers keep the table small for sparse numbering.
        let entries: Vec<(u32, u16, usize)> =
            offsets.iter().filter(|(&n, _)| n > 0).map(|(&n, &(g, o))| (n, g, o)).collect();
        let mut i = 0;
        while i < entries.len() {
            let mut j = i + 1;
            while j < entries.len() && entries[j].0 == entries[j - 1].0 + 1 {
                j += 1;
            }
            out.extend_from_slice(format!("{} {}\n", entries[i].0, j - i).as_bytes());
            for &(_, g, o) in &entries[i..j] {
                out.extend_from_slice(format!("{o:010} {g:05} n \n").as_bytes());
            }
            i = j;
        }
        out.extend_from_slice(
            format!("trailer\n<< /Size {size} /Root {} {} R", root.0, root.1).as_bytes(),
        );
        if let Some(t) = self.trailer {
            for key in [&b"Info"[..], b"Encrypt", b"ID"] {
                if let Some((s, e)) = dict_get(b, t, key) {
                    out.extend_from_slice(b" /");
                    out.extend_from_slice(key);
                    out.push(b' ');
                    out.extend_from_slice(&b[s..e]);
                }
            }
        }
        out.extend_from_slice(format!(" >>\nstartxref\n{xref_at}\n%%EOF\n").as_bytes());
        if fixed_lengths > 0 {
            notes.push(format!("{fixed_lengths} stream /Length values corrected from the data found before endstream"));
        }
        if !dropped.is_empty() {
            let list: Vec<String> =
                dropped.iter().take(5).map(|(n, g)| format!("{n} {g} R")).collect();
            notes.push(format!(
                "{} objects cut off by the end of the file left out ({})",
                dropped.len(),
                list.join(", ")
            ));
        }
        Ok(Rebuilt { bytes: out, objects: offsets.len(), notes })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SMALL: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n3 0 obj\n<< /Length 99 >>\nstream\nBT (x) Tj ET\nendstream\nendobj\n4 0 obj 5 endobj\nxref\n0 1\n0000000000 65535 f \ntrailer\n<< /Size 5 /Root 1 0 R >>\nstartxref\n9999\n%%EOF\n";

    #[test]
    fn header_numbers_are_the_two_digit_runs() {
        assert_eq!(header_numbers(b"12 0 obj"), (&b"12"[..], &b"0"[..]));
        assert_eq!(header_numbers(b"7\r\n \x0065535\x00\tobj"), (&b"7"[..], &b"65535"[..]));
        // Where the regex matched the tail of a longer number, the scan refuses the header.
        let scan = scan(
            b"%PDF-1.4\n123456789012 0 obj\n5\nendobj\n x12 0 obj 6 endobj 40000000000 0 obj\n",
            |_| true,
        );
        assert!(scan.objects.is_empty(), "{:?}", scan.objects);
    }

    #[test]
    fn scan_finds_objects_streams_and_trailer() {
        let scan = scan(SMALL, |_| true);
        let ids: Vec<(u32, u16)> = scan.objects.iter().map(|o| o.id).collect();
        assert_eq!(ids, vec![(1, 0), (2, 0), (3, 0), (4, 0)]);
        let stream = scan.objects[2].stream.as_ref().expect("a stream");
        assert_eq!(&SMALL[stream.data_start..stream.data_end], b"BT (x) Tj ET");
        assert_eq!(stream.declared, DeclaredLength::Direct(99));
        assert_eq!(scan.startxref, Some(9999));
        let file = ScannedFile::from_scan(SMALL, scan);
        assert_eq!(file.bad_lengths(), vec![((3, 0), Some(99), 12)]);
        assert_eq!(file.root(), Some((1, 0)));
        assert!(file.xref_pointer_problem().is_some());
        assert_eq!(file.int_value((4, 0)), Some(5));
    }

    #[test]
    fn rebuild_writes_a_file_lopdf_reads_with_true_lengths() {
        let file = ScannedFile::new(SMALL, |_| true);
        let rebuilt = file.rebuild().expect("rebuilds");
        let doc =
            pdf_extract::Document::load_mem(&rebuilt.bytes).expect("lopdf reads the rebuilt file");
        let stream = doc.get_object((3, 0)).and_then(|o| o.as_stream()).expect("stream 3");
        assert_eq!(stream.content, b"BT (x) Tj ET");
        assert_eq!(rebuilt.notes.len(), 1, "{:?}", rebuilt.notes);
        assert!(rebuilt.notes[0].contains("/Length"));
    }

    #[test]
    fn structure_elements_are_blanked_in_place_and_the_rest_kept() {
        let b: &[u8] = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R /StructTreeRoot 3 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n3 0 obj\n<< /Type /StructTreeRoot /K 4 0 R >>\nendobj\n4 0 obj\n<</Type /StructElem /S /P /P 3 0 R /Alt (a \\) b) /K 0>>\nendobj\ntrailer\n<< /Size 5 /Root 1 0 R >>\n";
        let file = ScannedFile::new(b, |_| true);
        let blanked = file.without_structure_elements().expect("one structure element");
        assert_eq!(blanked.len(), b.len(), "offsets are kept");
        let again = ScannedFile::new(&blanked, |_| true);
        let ids: Vec<(u32, u16)> = again.objects().iter().map(|o| o.id).collect();
        assert_eq!(ids, vec![(1, 0), (2, 0), (3, 0), (4, 0)]);
        assert_eq!(again.objects()[3].dict, None, "the element is now null");
        assert_eq!(&blanked[..again.objects()[3].header], &b[..file.objects()[3].header]);
        let value = again.objects()[3].value;
        assert_eq!(std::str::from_utf8(&blanked[value.0..value.1]).map(str::trim), Ok("null"));
        assert!(ScannedFile::new(SMALL, |_| true).without_structure_elements().is_none());
    }

    #[test]
    fn headers_inside_words_and_strings_are_not_objects() {
        let b = b"%PDF-1.4\n1 0 obj\n(12 0 obj) endobj\nx2 0 obj\n";
        let scan = scan(b, |_| true);
        assert_eq!(scan.objects.iter().map(|o| o.id).collect::<Vec<_>>(), vec![(1, 0)]);
    }
}
