extern crate lopdf;

use adobe_cmap_parser::{ByteMapping, CodeRange, CIDRange};
use encoding_rs::UTF_16BE;
use lopdf::content::Content;
pub use lopdf::*;
use euclid::*;
use lopdf::encryption::DecryptionError;
use std::fmt::{Debug, Formatter};
extern crate encoding_rs;
extern crate euclid;
extern crate adobe_cmap_parser;
extern crate type1_encoding_parser;
extern crate unicode_normalization;
use euclid::vec2;
use unicode_normalization::UnicodeNormalization;
use std::fmt;
use std::str;
use std::fs::File;
use std::slice::Iter;
use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::rc::Rc;
use std::borrow::Cow;
use std::marker::PhantomData;
use std::result::Result;
use log::{warn, error, debug};
mod core_fonts;
mod glyphnames;
mod zapfglyphnames;
mod encodings;
// tokku patch: fast content-stream lexing (PATCHES.md §4).
mod fast_content;

/// tokku patch: the fast paths compared with the parsers they stand in for, for tokku's
/// equivalence tests (PATCHES.md §4). None when the fast path declines the input.
#[doc(hidden)]
pub mod fast_paths {
    /// `Content::decode` through the fast content lexer where it applies (the same
    /// operations, faster), lopdf's parser elsewhere.
    pub fn decode_content(data: &[u8]) -> lopdf::Result<lopdf::content::Content<Vec<lopdf::content::Operation>>> {
        match crate::fast_content::decode(data) {
            Some(content) => Ok(content),
            None => lopdf::content::Content::decode(data),
        }
    }

    /// The operations of a plain content stream handed to `on_op` one by one (operator,
    /// operands; `on_op` may take the operands) without building a `Content`: the same
    /// lexer and the same subset as `decode_content`'s fast path (tokku's font usage
    /// scan needs only the text operators). Returns false where the fast lexer declines
    /// the stream, after having handed over the operations before that point: the
    /// caller discards what it got and uses `decode_content`.
    pub fn walk_content<'a>(data: &'a [u8], on_op: &mut dyn FnMut(&'a [u8], &mut Vec<lopdf::Object>)) -> bool {
        crate::fast_content::lex(data, &mut |operator, operands| {
            on_op(operator, operands);
            Some(())
        })
        .is_some()
    }

    /// Operations the fast content lexer has built (as `Operation`s, not walked) on this
    /// thread so far (with the `work-counters` feature only).
    #[cfg(feature = "work-counters")]
    pub fn operations_built() -> u64 {
        crate::fast_content::operations_built()
    }

    /// tokku patch (PATCHES.md §9): a ToUnicode CMap program read exactly as pdf-extract
    /// reads it for decoding (code → text), so that tokku's font repair can judge and
    /// rewrite entries without a second, different reader.
    pub fn unicode_map(data: &[u8]) -> std::collections::HashMap<u32, String> {
        crate::unicode_map_of_cmap(data)
    }

    /// Whether the fast content lexer gives what `Content::decode` gives.
    pub fn content_matches_lopdf(data: &[u8]) -> Option<bool> {
        let fast = crate::fast_content::decode(data)?;
        let slow = lopdf::content::Content::decode(data).ok();
        Some(slow.is_some_and(|slow| format!("{:?}", slow.operations) == format!("{:?}", fast.operations)))
    }
}

pub struct Space;
pub type Transform = Transform2D<f64, Space, Space>;

#[derive(Debug)]
pub enum OutputError
{
    FormatError(std::fmt::Error),
    IoError(std::io::Error),
    PdfError(lopdf::Error),
    /// tokku patch: a page (or form) whose content cannot be interpreted at all; the
    /// page loop reports it through `OutputDev::page_unreadable` and goes on.
    Unreadable(String),
}

impl std::fmt::Display for OutputError
{
    fn fmt(&self, f: &mut Formatter<'_>) -> Result<(), std::fmt::Error> {
        match self {
            OutputError::FormatError(e) => write!(f, "Formating error: {}", e),
            OutputError::IoError(e) => write!(f, "IO error: {}", e),
            OutputError::PdfError(e) => write!(f, "PDF error: {}", e),
            OutputError::Unreadable(e) => write!(f, "unreadable content: {}", e),
        }
    }
}

impl std::error::Error for OutputError{}

impl From<std::fmt::Error> for OutputError {
    fn from(e: std::fmt::Error) -> Self {
        OutputError::FormatError(e)
    }
}

impl From<std::io::Error> for OutputError {
    fn from(e: std::io::Error) -> Self {
        OutputError::IoError(e)
    }
}

impl From<lopdf::Error> for OutputError {
    fn from(e: lopdf::Error) -> Self {
        OutputError::PdfError(e)
    }
}

macro_rules! dlog {
    ($($e:expr),*) => { {} }
    //($($t:tt)*) => { println!($($t)*) }
}

fn get_info(doc: &Document) -> Option<&Dictionary> {
    match doc.trailer.get(b"Info") {
        Ok(&Object::Reference(ref id)) => {
            match doc.get_object(*id) {
                Ok(&Object::Dictionary(ref info)) => { return Some(info); }
                _ => {}
            }
        }
        _ => {}
    }
    None
}

fn get_catalog(doc: &Document) -> &Dictionary {
    match doc.trailer.get(b"Root").unwrap() {
        &Object::Reference(ref id) => {
            match doc.get_object(*id) {
                Ok(&Object::Dictionary(ref catalog)) => { return catalog; }
                _ => {}
            }
        }
        _ => {}
    }
    panic!();
}

fn get_pages(doc: &Document) -> &Dictionary {
    let catalog = get_catalog(doc);
    match catalog.get(b"Pages").unwrap() {
        &Object::Reference(ref id) => {
            match doc.get_object(*id) {
                Ok(&Object::Dictionary(ref pages)) => { return pages; }
                other => {dlog!("pages: {:?}", other)}
            }
        }
        other => { dlog!("pages: {:?}", other)}
    }
    dlog!("catalog {:?}", catalog);
    panic!();
}

#[allow(non_upper_case_globals)]
const PDFDocEncoding: &'static [u16] = &[
    0x0000, 0x0001, 0x0002, 0x0003, 0x0004, 0x0005, 0x0006, 0x0007, 0x0008,
    0x0009, 0x000a, 0x000b, 0x000c, 0x000d, 0x000e, 0x000f, 0x0010, 0x0011,
    0x0012, 0x0013, 0x0014, 0x0015, 0x0016, 0x0017, 0x02d8, 0x02c7, 0x02c6,
    0x02d9, 0x02dd, 0x02db, 0x02da, 0x02dc, 0x0020, 0x0021, 0x0022, 0x0023,
    0x0024, 0x0025, 0x0026, 0x0027, 0x0028, 0x0029, 0x002a, 0x002b, 0x002c,
    0x002d, 0x002e, 0x002f, 0x0030, 0x0031, 0x0032, 0x0033, 0x0034, 0x0035,
    0x0036, 0x0037, 0x0038, 0x0039, 0x003a, 0x003b, 0x003c, 0x003d, 0x003e,
    0x003f, 0x0040, 0x0041, 0x0042, 0x0043, 0x0044, 0x0045, 0x0046, 0x0047,
    0x0048, 0x0049, 0x004a, 0x004b, 0x004c, 0x004d, 0x004e, 0x004f, 0x0050,
    0x0051, 0x0052, 0x0053, 0x0054, 0x0055, 0x0056, 0x0057, 0x0058, 0x0059,
    0x005a, 0x005b, 0x005c, 0x005d, 0x005e, 0x005f, 0x0060, 0x0061, 0x0062,
    0x0063, 0x0064, 0x0065, 0x0066, 0x0067, 0x0068, 0x0069, 0x006a, 0x006b,
    0x006c, 0x006d, 0x006e, 0x006f, 0x0070, 0x0071, 0x0072, 0x0073, 0x0074,
    0x0075, 0x0076, 0x0077, 0x0078, 0x0079, 0x007a, 0x007b, 0x007c, 0x007d,
    0x007e, 0x0000, 0x2022, 0x2020, 0x2021, 0x2026, 0x2014, 0x2013, 0x0192,
    0x2044, 0x2039, 0x203a, 0x2212, 0x2030, 0x201e, 0x201c, 0x201d, 0x2018,
    0x2019, 0x201a, 0x2122, 0xfb01, 0xfb02, 0x0141, 0x0152, 0x0160, 0x0178,
    0x017d, 0x0131, 0x0142, 0x0153, 0x0161, 0x017e, 0x0000, 0x20ac, 0x00a1,
    0x00a2, 0x00a3, 0x00a4, 0x00a5, 0x00a6, 0x00a7, 0x00a8, 0x00a9, 0x00aa,
    0x00ab, 0x00ac, 0x0000, 0x00ae, 0x00af, 0x00b0, 0x00b1, 0x00b2, 0x00b3,
    0x00b4, 0x00b5, 0x00b6, 0x00b7, 0x00b8, 0x00b9, 0x00ba, 0x00bb, 0x00bc,
    0x00bd, 0x00be, 0x00bf, 0x00c0, 0x00c1, 0x00c2, 0x00c3, 0x00c4, 0x00c5,
    0x00c6, 0x00c7, 0x00c8, 0x00c9, 0x00ca, 0x00cb, 0x00cc, 0x00cd, 0x00ce,
    0x00cf, 0x00d0, 0x00d1, 0x00d2, 0x00d3, 0x00d4, 0x00d5, 0x00d6, 0x00d7,
    0x00d8, 0x00d9, 0x00da, 0x00db, 0x00dc, 0x00dd, 0x00de, 0x00df, 0x00e0,
    0x00e1, 0x00e2, 0x00e3, 0x00e4, 0x00e5, 0x00e6, 0x00e7, 0x00e8, 0x00e9,
    0x00ea, 0x00eb, 0x00ec, 0x00ed, 0x00ee, 0x00ef, 0x00f0, 0x00f1, 0x00f2,
    0x00f3, 0x00f4, 0x00f5, 0x00f6, 0x00f7, 0x00f8, 0x00f9, 0x00fa, 0x00fb,
    0x00fc, 0x00fd, 0x00fe, 0x00ff];

fn pdf_to_utf8(s: &[u8]) -> String {
    if s.len() > 2 && s[0] == 0xfe && s[1] == 0xff {
        // tokku patch: unpaired surrogates decode as U+FFFD instead of panicking.
        return UTF_16BE.decode_without_bom_handling(&s[2..]).0.into_owned()
    } else {
        let r : Vec<u8> = s.iter().map(|x| *x).flat_map(|x| {
               let k = PDFDocEncoding[x as usize];
               vec![(k>>8) as u8, k as u8].into_iter()}).collect();
        return UTF_16BE.decode_without_bom_handling(&r).0.into_owned()
    }
}

fn to_utf8(encoding: &[u16], s: &[u8]) -> String {
    if s.len() > 2 && s[0] == 0xfe && s[1] == 0xff {
        // tokku patch: unpaired surrogates decode as U+FFFD instead of panicking.
        return UTF_16BE.decode_without_bom_handling(&s[2..]).0.into_owned()
    } else {
        let r : Vec<u8> = s.iter().map(|x| *x).flat_map(|x| {
            // tokku patch: an encoding table shorter than 256 entries maps the rest to 0.
            let k = encoding.get(x as usize).copied().unwrap_or(0);
            vec![(k>>8) as u8, k as u8].into_iter()}).collect();
        return UTF_16BE.decode_without_bom_handling(&r).0.into_owned()
    }
}


static NULL_OBJECT: Object = Object::Null;
static EMPTY_DICTIONARY: std::sync::LazyLock<Dictionary> = std::sync::LazyLock::new(Dictionary::new);

fn maybe_deref<'a>(doc: &'a Document, o: &'a Object) -> &'a Object {
    match o {
        // tokku patch: a reference to a missing object reads as null (ISO 32000-1 7.3.10)
        // instead of panicking.
        &Object::Reference(r) => doc.get_object(r).unwrap_or(&NULL_OBJECT),
        _ => o
    }
}

fn maybe_get_obj<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    dict.get(key).map(|o| maybe_deref(doc, o)).ok()
}

// an intermediate trait that can be used to chain conversions that may have failed
trait FromOptObj<'a> {
    fn from_opt_obj(doc: &'a Document, obj: Option<&'a Object>, key: &[u8]) -> Self;
}

// conditionally convert to Self returns None if the conversion failed
trait FromObj<'a> where Self: std::marker::Sized {
    fn from_obj(doc: &'a Document, obj: &'a Object) -> Option<Self>;
}

impl<'a, T: FromObj<'a>> FromOptObj<'a> for Option<T> {
    fn from_opt_obj(doc: &'a Document, obj: Option<&'a Object>, _key: &[u8]) -> Self {
        obj.and_then(|x| T::from_obj(doc,x))
    }
}

impl<'a, T: FromObj<'a>> FromOptObj<'a> for T {
    fn from_opt_obj(doc: &'a Document, obj: Option<&'a Object>, key: &[u8]) -> Self {
        T::from_obj(doc, obj.expect(&String::from_utf8_lossy(key))).expect("wrong type")
    }
}

// we follow the same conventions as pdfium for when to support indirect objects:
// on arrays, streams and dicts
impl<'a, T: FromObj<'a>> FromObj<'a> for Vec<T> {
    fn from_obj(doc: &'a Document, obj: &'a Object) -> Option<Self> {
        // tokku patch: an element of the wrong type makes the whole value absent
        // (None) instead of panicking.
        maybe_deref(doc, obj).as_array().ok().and_then(|x| x.iter()
            .map(|x| T::from_obj(doc, x))
            .collect())
    }
}

// XXX: These will panic if we don't have the right number of items
// we don't want to do that
impl<'a, T: FromObj<'a>> FromObj<'a> for [T; 4] {
    fn from_obj(doc: &'a Document, obj: &'a Object) -> Option<Self> {
        let x = maybe_deref(doc, obj).as_array().ok()?;
        let mut all = x.iter().map(|x| T::from_obj(doc, x));
        Some([all.next()??, all.next()??, all.next()??, all.next()??])
    }
}

impl<'a, T: FromObj<'a>> FromObj<'a> for [T; 3] {
    fn from_obj(doc: &'a Document, obj: &'a Object) -> Option<Self> {
        let x = maybe_deref(doc, obj).as_array().ok()?;
        let mut all = x.iter().map(|x| T::from_obj(doc, x));
        Some([all.next()??, all.next()??, all.next()??])
    }
}

impl<'a> FromObj<'a> for f64 {
    fn from_obj(_doc: &Document, obj: &Object) -> Option<Self> {
        match obj {
            &Object::Integer(i) => Some(i as f64),
            &Object::Real(f) => Some(f.into()),
            _ => None
        }
    }
}

impl<'a> FromObj<'a> for i64 {
    fn from_obj(_doc: &Document, obj: &Object) -> Option<Self> {
        match obj {
            &Object::Integer(i) => Some(i),
            _ => None
        }
    }
}

impl<'a> FromObj<'a> for &'a Dictionary {
    fn from_obj(doc: &'a Document, obj: &'a Object) -> Option<&'a Dictionary> {
        maybe_deref(doc, obj).as_dict().ok()
    }
}

impl<'a> FromObj<'a> for &'a Stream {
    fn from_obj(doc: &'a Document, obj: &'a Object) -> Option<&'a Stream> {
        maybe_deref(doc, obj).as_stream().ok()
    }
}

impl<'a> FromObj<'a> for &'a Object {
    fn from_obj(doc: &'a Document, obj: &'a Object) -> Option<&'a Object> {
        Some(maybe_deref(doc, obj))
    }
}

fn get<'a, T: FromOptObj<'a>>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> T {
    T::from_opt_obj(doc, dict.get(key).ok(), key)
}

fn maybe_get<'a, T: FromObj<'a>>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<T> {
    maybe_get_obj(doc, dict, key).and_then(|o| T::from_obj(doc, o))
}

// tokku patch: a missing or non-name entry reads as "" instead of panicking.
fn get_name_string<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> String {
    maybe_get_name(doc, dict, key).map(pdf_to_utf8).unwrap_or_default()
}

#[allow(dead_code)]
fn maybe_get_name_string<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<String> {
    maybe_get_obj(doc, dict, key).and_then(|n| n.as_name().ok()).map(|n| pdf_to_utf8(n))
}

fn maybe_get_name<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    maybe_get_obj(doc, dict, key).and_then(|n| n.as_name().ok())
}

fn maybe_get_array<'a>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<&'a Vec<Object>> {
    maybe_get_obj(doc, dict, key).and_then(|n| n.as_array().ok())
}

#[derive(Clone)]
struct PdfSimpleFont<'a> {
    font: &'a Dictionary,
    doc: &'a Document,
    encoding: Option<Vec<u16>>,
    unicode_map: Option<HashMap<u32, String>>,
    widths: HashMap<CharCode, f64>, // should probably just use i32 here
    missing_width: f64,
}

#[derive(Clone)]
struct PdfType3Font<'a> {
    font: &'a Dictionary,
    doc: &'a Document,
    encoding: Option<Vec<u16>>,
    unicode_map: Option<HashMap<CharCode, String>>,
    widths: HashMap<CharCode, f64>, // should probably just use i32 here
}


/// tokku patch: builds a font; when building panics on a malformed font (a path the
/// patches below did not reach), the font falls back to [`UndecodableFont`]: its
/// glyphs advance and come out as "" (counted as undecodable), and the rest of the
/// page is read.
fn make_font<'a>(doc: &'a Document, font: &'a Dictionary) -> Rc<dyn PdfFont + 'a> {
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| make_font_unguarded(doc, font))) {
        Ok(font) => font,
        Err(_) => {
            warn!("font {:?} could not be built; its glyphs are undecodable", get_name_string(doc, font, b"BaseFont"));
            Rc::new(UndecodableFont { two_byte: get_name_string(doc, font, b"Subtype") == "Type0" })
        }
    }
}

/// tokku patch: the stand-in for a font that could not be built: 1- or 2-byte codes
/// (Type0), a default advance of half an em, no text.
#[derive(Debug)]
struct UndecodableFont {
    two_byte: bool,
}

impl PdfFont for UndecodableFont {
    fn get_width(&self, _id: CharCode) -> f64 {
        500.
    }
    fn next_char(&self, iter: &mut Iter<u8>) -> Option<(CharCode, u8)> {
        let first = *iter.next()? as CharCode;
        if self.two_byte {
            let second = iter.next().map_or(0, |b| *b as CharCode);
            Some((first << 8 | second, 2))
        } else {
            Some((first, 1))
        }
    }
    fn decode_char(&self, _char: CharCode) -> Cow<'_, str> {
        Cow::Borrowed("")
    }
}

fn make_font_unguarded<'a>(doc: &'a Document, font: &'a Dictionary) -> Rc<dyn PdfFont + 'a> {
    let subtype = get_name_string(doc, font, b"Subtype");
    dlog!("MakeFont({})", subtype);
    if subtype == "Type0" {
        Rc::new(PdfCIDFont::new(doc, font))
    } else if subtype == "Type3" {
        Rc::new(PdfType3Font::new(doc, font))
    } else {
        Rc::new(PdfSimpleFont::new(doc, font))
    }
}

fn is_core_font(name: &str) -> bool {
    match name {
        "Courier-Bold" |
        "Courier-BoldOblique" |
        "Courier-Oblique" |
        "Courier" |
        "Helvetica-Bold" |
        "Helvetica-BoldOblique" |
        "Helvetica-Oblique" |
        "Helvetica" |
        "Symbol" |
        "Times-Bold" |
        "Times-BoldItalic" |
        "Times-Italic" |
        "Times-Roman" |
        "ZapfDingbats" => true,
        _ => false,
    }
}

// tokku patch: any other name (StandardEncoding, which upstream did not list, and
// invalid ones seen in real files: Identity-H, NULL, ...) falls back to
// StandardEncoding, as poppler does, instead of panicking; a glyph name without a
// Unicode value maps to 0.
fn encoding_to_unicode_table(name: &[u8]) -> Vec<u16> {
    let encoding = match &name[..] {
        b"MacRomanEncoding" => encodings::MAC_ROMAN_ENCODING,
        b"MacExpertEncoding" => encodings::MAC_EXPERT_ENCODING,
        b"WinAnsiEncoding" => encodings::WIN_ANSI_ENCODING,
        _ => {
            warn!("unexpected encoding {:?}, using StandardEncoding", pdf_to_utf8(name));
            encodings::STANDARD_ENCODING
        }
    };
    glyph_names_to_unicode(&encoding)
}

// tokku patch: one table builder for the named encodings, without unwrap.
fn glyph_names_to_unicode(encoding: &[Option<&str>; 256]) -> Vec<u16> {
    encoding.iter()
        .map(|x| x.and_then(glyphnames::name_to_unicode).unwrap_or(0))
        .collect()
}

/* "Glyphs in the font are selected by single-byte character codes obtained from a string that
    is shown by the text-showing operators. Logically, these codes index into a table of 256
    glyphs; the mapping from codes to glyphs is called the font’s encoding. Each font program
    has a built-in encoding. Under some circumstances, the encoding can be altered by means
    described in Section 5.5.5, “Character Encoding.”
*/
impl<'a> PdfSimpleFont<'a> {
    fn new(doc: &'a Document, font: &'a Dictionary) -> PdfSimpleFont<'a> {
        let base_name = get_name_string(doc, font, b"BaseFont");
        let subtype = get_name_string(doc, font, b"Subtype");

        let encoding: Option<&Object> = get(doc, font, b"Encoding");
        dlog!("base_name {} {} enc:{:?} {:?}", base_name, subtype, encoding, font);
        let descriptor: Option<&Dictionary> = get(doc, font, b"FontDescriptor");
        let mut type1_encoding = None;
        let mut unicode_map = None;
        if let Some(descriptor) = descriptor {
            dlog!("descriptor {:?}", descriptor);
            if subtype == "Type1" {
                let file = maybe_get_obj(doc, descriptor, b"FontFile");
                match file {
                    Some(&Object::Stream(ref s)) => {
                        let s = get_contents(s);
                        //dlog!("font contents {:?}", pdf_to_utf8(&s));
                        // tokku patch: an unparsable font program leaves the built-in encoding unknown.
                        type1_encoding = type1_encoding_parser::get_encoding_map(&s).ok();
                    }
                    _ => { dlog!("font file {:?}", file) }
                }
            } else if subtype == "TrueType" {
                let file = maybe_get_obj(doc, descriptor, b"FontFile2");
                match file {
                    Some(&Object::Stream(ref s)) => {
                        let _s = get_contents(s);
                        //File::create(format!("/tmp/{}", base_name)).unwrap().write_all(&s);
                    }
                    _ => { dlog!("font file {:?}", file) }
                }
            }

            let font_file3 = get::<Option<&Object>>(doc, descriptor, b"FontFile3");
            match font_file3 {
                Some(&Object::Stream(ref s)) => {
                    let subtype = get_name_string(doc, &s.dict, b"Subtype");
                    dlog!("font file {}, {:?}", subtype, s);
                    let s = get_contents(s);
                    // tokku patch: an unparsable CFF program is skipped (no built-in encoding).
                    let table = if subtype == "Type1C" { cff_parser::Table::parse(&s) } else { None };
                    if let Some(table) = table {
                        //use std::io::Write;
                        //File::create(format!("/tmp/{}", base_name)).unwrap().write_all(&s);
                        
                        let encoding = table.encoding.get_code_to_sid_table(&table.charset);

                        let mapping: HashMap<u32, String> = encoding.into_iter().filter_map(|(cid, sid)| {
                            let name = cff_parser::string_by_id(&table, sid)?;
                            if name == ".notdef" {
                                return None;
                            }
                            let unicode = glyphnames::name_to_unicode(&name).or_else(|| {
                                zapfglyphnames::zapfdigbats_names_to_unicode(name)
                            });
                            if unicode.is_none() {
                                warn!("Couldn't find unicode for {}", name);
                                return None;
                            }
                            let str = String::from_utf16_lossy(&[unicode?]);
                            Some((cid as u32, str))
                        }).collect();
                        unicode_map = Some(mapping);
                    }

                    //
                    //File::create(format!("/tmp/{}", base_name)).unwrap().write_all(&s);
                }
                None => {}
                _ => { dlog!("unexpected") }
            }

            let charset = maybe_get_obj(doc, descriptor, b"CharSet");
            let _charset = match charset {
                Some(&Object::String(ref s, _)) => { Some(pdf_to_utf8(&s)) }
                _ => { None }
            };
            //dlog!("charset {:?}", charset);
        }

        let mut unicode_map = match unicode_map {
            Some(mut unicode_map) => {
                unicode_map.extend(get_unicode_map(doc, font).unwrap_or(HashMap::new()));
                Some(unicode_map)
            }
            None => {
                get_unicode_map(doc, font)
            }
        };


        let mut encoding_table = None;
        match encoding {
            Some(&Object::Name(ref encoding_name)) => {
                dlog!("encoding {:?}", pdf_to_utf8(encoding_name));
                encoding_table = Some(encoding_to_unicode_table(encoding_name));
            }
            Some(&Object::Dictionary(ref encoding)) => {
                //dlog!("Encoding {:?}", encoding);
                let mut table = if let Some(base_encoding) = maybe_get_name(doc, encoding, b"BaseEncoding") {
                    dlog!("BaseEncoding {:?}", base_encoding);
                    encoding_to_unicode_table(base_encoding)
                } else {
                    Vec::from(PDFDocEncoding)
                };
                let differences = maybe_get_array(doc, encoding, b"Differences");
                if let Some(differences) = differences {
                    dlog!("Differences");
                    let mut code = 0;
                    for o in differences {
                        let o = maybe_deref(doc, o);
                        match o {
                            &Object::Integer(i) => { code = i; },
                            &Object::Name(ref n) => {
                                let name = pdf_to_utf8(&n);
                                // XXX: names of Type1 fonts can map to arbitrary strings instead of real
                                // unicode names, so we should probably handle this differently
                                let unicode = glyphnames::name_to_unicode(&name);
                                // tokku patch: codes outside 0..=255 are ignored (upstream indexed out of bounds).
                                let unicode = unicode.filter(|_| (0..256).contains(&code));
                                if let Some(unicode) = unicode{
                                    table[code as usize] = unicode;
                                    if let Some(ref mut unicode_map) = unicode_map {
                                        let be = [unicode];
                                        match unicode_map.entry(code as u32) {
                                            // If there's a unicode table entry missing use one based on the name
                                            Entry::Vacant(v) => { v.insert(String::from_utf16_lossy(&be)); }
                                            Entry::Occupied(e) => {
                                                if e.get() != &String::from_utf16_lossy(&be) {
                                                    let normal_match  = e.get().nfkc().eq(String::from_utf16_lossy(&be).nfkc());
                                                    if !normal_match {
                                                        warn!("Unicode mismatch {} {} {:?} {:?} {:?}", normal_match, name, e.get(), String::from_utf16(&be), be);
                                                    }
                                                }
                                            }
                                        }
                                    }
                                } else {
                                    match unicode_map {
                                        Some(ref mut unicode_map) if base_name.contains("FontAwesome") => {
                                            // the fontawesome tex package will use glyph names that don't have a corresponding unicode
                                            // code point, so we'll use an empty string instead. See issue #76
                                            match unicode_map.entry(code as u32) {
                                                Entry::Vacant(v) => { v.insert("".to_owned()); }
                                                // tokku patch: the ToUnicode value wins (upstream panicked).
                                                Entry::Occupied(_) => {}
                                            }
                                        }
                                        _ => {
                                            warn!("unknown glyph name '{}' for font {}", name, base_name);
                                        }
                                    }
                                }
                                dlog!("{} = {} ({:?})", code, name, unicode);
                                if let Some(ref mut unicode_map) = unicode_map {
                                    // The unicode map might not have the code in it, but the code might
                                    // not be used so we don't want to panic here.
                                    // An example of this is the 'suppress' character in the TeX Latin Modern font.
                                    // This shows up in https://arxiv.org/pdf/2405.01295v1.pdf
                                    dlog!("{} {:?}", code, unicode_map.get(&(code as u32)));
                                }
                                code += 1;
                            }
                            // tokku patch: other objects in /Differences are skipped.
                            _ => { warn!("unexpected object in /Differences {:?}", o); }
                        }
                    }
                }
                // "Type" is optional
                let name = encoding.get(b"Type").and_then(|x| x.as_name()).and_then(|x| Ok(pdf_to_utf8(x)));
                dlog!("name: {}", name);

                encoding_table = Some(table);
            }
            None => {
                if let Some(type1_encoding) = type1_encoding {
                    let mut table = Vec::from(PDFDocEncoding);
                    dlog!("type1encoding");
                    for (code, name) in type1_encoding {
                        let unicode = glyphnames::name_to_unicode(&pdf_to_utf8(&name));
                        if let Some(unicode) = unicode {
                            table[code as usize] = unicode;
                        } else {
                            dlog!("unknown character {}", pdf_to_utf8(&name));
                        }
                    }
                    encoding_table = Some(table)
                } else if subtype == "TrueType" {
                    encoding_table = Some(glyph_names_to_unicode(&encodings::WIN_ANSI_ENCODING));
                }
            }
            // tokku patch: an /Encoding of another type is ignored (upstream panicked).
            _ => { warn!("unexpected /Encoding {:?}", encoding); }
        }

        let mut width_map = HashMap::new();
        /* "Ordinarily, a font dictionary that refers to one of the standard fonts
            should omit the FirstChar, LastChar, Widths, and FontDescriptor entries.
            However, it is permissible to override a standard font by including these
            entries and embedding the font program in the PDF file."

            Note: some PDFs include a descriptor but still don't include these entries */

        // If we have widths prefer them over the core font widths. Needed for https://dkp.de/wp-content/uploads/parteitage/Sozialismusvorstellungen-der-DKP.pdf
        if let (Some(first_char), Some(last_char), Some(widths)) = (maybe_get::<i64>(doc, font, b"FirstChar"), maybe_get::<i64>(doc, font, b"LastChar"), maybe_get::<Vec<f64>>(doc, font, b"Widths")) {
            // Some PDF's don't have these like fips-197.pdf
            let mut i: i64 = 0;
            dlog!("first_char {:?}, last_char: {:?}, widths: {} {:?}", first_char, last_char, widths.len(), widths);

            for w in widths {
                width_map.insert((first_char + i) as CharCode, w);
                i += 1;
            }
            // tokku patch: a /Widths array whose length disagrees with LastChar is kept as
            // far as it goes (upstream asserted).
            if first_char + i - 1 != last_char {
                warn!("/Widths has {} entries for FirstChar {} LastChar {}", i, first_char, last_char);
            }
        } else {
            let name = if is_core_font(&base_name) {
                &base_name
            } else {
                warn!("no widths and not core font {:?}", base_name);

                // This situation is handled differently by different readers
                // but basically we try to substitute the best font that we can.

                // Poppler/Xpdf:
                // this is technically an error -- the Widths entry is required
                // for all but the Base-14 fonts -- but certain PDF generators
                // apparently don't include widths for Arial and TimesNewRoman

                // Pdfium: CFX_FontMapper::FindSubstFont

                // mupdf: pdf_load_substitute_font

                // We can try to do a better job guessing at a font by looking at the flags
                // or the basename but for now we'll just use Helvetica
                "Helvetica"
            };
            for font_metrics in core_fonts::metrics().iter() {
                if font_metrics.0 == base_name {
                    if let Some(ref encoding) = encoding_table {
                        dlog!("has encoding");
                        for w in font_metrics.2 {
                            let Some(c) = glyphnames::name_to_unicode(w.2) else { continue };
                            for i in 0..encoding.len() {
                                if encoding[i] == c {
                                    width_map.insert(i as CharCode, w.1 as f64);
                                }
                            }
                        }
                    } else {
                        // Instead of using the encoding from the core font we'll just look up all
                        // of the character names. We should probably verify that this produces the
                        // same result.

                        let mut table = vec![0; 256];
                        for w in font_metrics.2 {
                            dlog!("{} {}", w.0, w.2);
                            // -1 is "not encoded"
                            if (0..256).contains(&w.0) {
                                table[w.0 as usize] = if base_name == "ZapfDingbats" {
                                    zapfglyphnames::zapfdigbats_names_to_unicode(w.2).unwrap_or(0)
                                } else {
                                    glyphnames::name_to_unicode(w.2).unwrap_or(0)
                                }
                            }
                        }

                        let encoding = &table[..];
                        for w in font_metrics.2 {
                            width_map.insert(w.0 as CharCode, w.1 as f64);
                            // -1 is "not encoded"
                        }
                        encoding_table = Some(encoding.to_vec());
                    }
                    /* "Ordinarily, a font dictionary that refers to one of the standard fonts
                        should omit the FirstChar, LastChar, Widths, and FontDescriptor entries.
                        However, it is permissible to override a standard font by including these
                        entries and embedding the font program in the PDF file."

                        Note: some PDFs include a descriptor but still don't include these entries */
                    // assert!(maybe_get_obj(doc, font, b"FirstChar").is_none());
                    // assert!(maybe_get_obj(doc, font, b"LastChar").is_none());
                    // assert!(maybe_get_obj(doc, font, b"Widths").is_none());
                }
            }
        }

        let missing_width = get::<Option<f64>>(doc, font, b"MissingWidth").unwrap_or(0.);
        PdfSimpleFont {doc, font, widths: width_map, encoding: encoding_table, missing_width, unicode_map}
    }

    #[allow(dead_code)]
    fn get_type(&self) -> String {
        get_name_string(self.doc, self.font, b"Type")
    }
    #[allow(dead_code)]
    fn get_basefont(&self) -> String {
        get_name_string(self.doc, self.font, b"BaseFont")
    }
    #[allow(dead_code)]
    fn get_subtype(&self) -> String {
        get_name_string(self.doc, self.font, b"Subtype")
    }
    #[allow(dead_code)]
    fn get_widths(&self) -> Option<&Vec<Object>> {
        maybe_get_obj(self.doc, self.font, b"Widths").and_then(|widths| widths.as_array().ok())
    }
    /* For type1: This entry is obsolescent and its use is no longer recommended. (See
     * implementation note 42 in Appendix H.) */
    #[allow(dead_code)]
    fn get_name(&self) -> Option<String> {
        maybe_get_name_string(self.doc, self.font, b"Name")
    }

    #[allow(dead_code)]
    fn get_descriptor(&self) -> Option<PdfFontDescriptor> {
        maybe_get_obj(self.doc, self.font, b"FontDescriptor").and_then(|desc| desc.as_dict().ok()).map(|desc| PdfFontDescriptor{desc: desc, doc: self.doc})
    }
}



impl<'a> PdfType3Font<'a> {
    fn new(doc: &'a Document, font: &'a Dictionary) -> PdfType3Font<'a> {

        let unicode_map = get_unicode_map(doc, font);
        let encoding: Option<&Object> = get(doc, font, b"Encoding");

        let encoding_table;
        match encoding {
            Some(&Object::Name(ref encoding_name)) => {
                dlog!("encoding {:?}", pdf_to_utf8(encoding_name));
                encoding_table = Some(encoding_to_unicode_table(encoding_name));
            }
            Some(&Object::Dictionary(ref encoding)) => {
                //dlog!("Encoding {:?}", encoding);
                let mut table = if let Some(base_encoding) = maybe_get_name(doc, encoding, b"BaseEncoding") {
                    dlog!("BaseEncoding {:?}", base_encoding);
                    encoding_to_unicode_table(base_encoding)
                } else {
                    Vec::from(PDFDocEncoding)
                };
                let differences = maybe_get_array(doc, encoding, b"Differences");
                if let Some(differences) = differences {
                    dlog!("Differences");
                    let mut code = 0;
                    for o in differences {
                        match o {
                            &Object::Integer(i) => { code = i; },
                            &Object::Name(ref n) => {
                                let name = pdf_to_utf8(&n);
                                // XXX: names of Type1 fonts can map to arbitrary strings instead of real
                                // unicode names, so we should probably handle this differently
                                let unicode = glyphnames::name_to_unicode(&name);
                                // tokku patch: codes outside 0..=255 are ignored.
                                if let (Some(unicode), true) = (unicode, (0..256).contains(&code)) {
                                    table[code as usize] = unicode;
                                }
                                dlog!("{} = {} ({:?})", code, name, unicode);
                                if let Some(ref unicode_map) = unicode_map {
                                    dlog!("{} {:?}", code, unicode_map.get(&(code as u32)));
                                }
                                code += 1;
                            }
                            // tokku patch: other objects in /Differences are skipped.
                            _ => { warn!("unexpected object in /Differences {:?}", o); }
                        }
                    }
                }
                let name_encoded = encoding.get(b"Type");
                if let Ok(Object::Name(name)) = name_encoded {
                    dlog!("name: {}", pdf_to_utf8(name));
                } else {
                    dlog!("name not found");
                }

                encoding_table = Some(table);
            }
            // tokku patch: a missing or invalid /Encoding leaves the codes undecoded
            // unless ToUnicode maps them (upstream panicked).
            _ => { encoding_table = None; }
        }

        // tokku patch: missing /FirstChar, /LastChar or /Widths give no widths (glyphs
        // then advance by 0, see get_width) instead of panicking; a length mismatch is
        // tolerated.
        let first_char: i64 = maybe_get(doc, font, b"FirstChar").unwrap_or(0);
        let widths: Vec<f64> = maybe_get(doc, font, b"Widths").unwrap_or_default();

        let mut width_map = HashMap::new();

        // tokku patch: Type3 widths are in glyph space; scale them by /FontMatrix to
        // the thousandths of text space that show_text expects (upstream assumed the
        // usual [0.001 0 0 0.001 0 0]).
        let scale = maybe_get::<Vec<f64>>(doc, font, b"FontMatrix")
            .and_then(|m| m.first().copied())
            .filter(|a| a.is_finite() && *a != 0.)
            .map_or(1., |a| a.abs() * 1000.);
        let mut i = 0;
        dlog!("first_char {:?}, widths: {} {:?}", first_char, widths.len(), widths);

        for w in widths {
            width_map.insert((first_char + i) as CharCode, w * scale);
            i += 1;
        }
        PdfType3Font {doc, font, widths: width_map, encoding: encoding_table, unicode_map}
    }
}

type CharCode = u32;

struct PdfFontIter<'a>
{
    i: Iter<'a, u8>,
    font: &'a dyn PdfFont,
}

impl<'a> Iterator for PdfFontIter<'a> {
    type Item = (CharCode, u8);
    fn next(&mut self) -> Option<(CharCode, u8)> {
        self.font.next_char(&mut self.i)
    }
}

trait PdfFont : Debug {
    fn get_width(&self, id: CharCode) -> f64;
    fn next_char(&self, iter: &mut Iter<u8>) -> Option<(CharCode, u8)>;
    // tokku patch: borrowed from the font's ToUnicode map where the text is there (an
    // owned String per glyph was an allocation per glyph, issue 16).
    fn decode_char(&self, char: CharCode) -> Cow<'_, str>;
    /// tokku patch: true for a font in vertical writing mode (WMode 1): glyphs advance
    /// down the page instead of across (ISO 32000-1 9.7.4.3).
    fn is_vertical(&self) -> bool { false }

        /*fn char_codes<'a>(&'a self, chars: &'a [u8]) -> PdfFontIter {
            let p = self;
            PdfFontIter{i: chars.iter(), font: p as &PdfFont}
        }*/

}

impl<'a> dyn PdfFont + 'a {
    fn char_codes(&'a self, chars: &'a [u8]) -> PdfFontIter {
        PdfFontIter{i: chars.iter(), font: self}
    }
    fn decode(&self, chars: &[u8]) -> String {
        let strings = self.char_codes(chars).map(|x| self.decode_char(x.0)).collect::<Vec<_>>();
        strings.join("")
    }

}


impl<'a> PdfFont for PdfSimpleFont<'a> {
    fn get_width(&self, id: CharCode) -> f64 {
        let width = self.widths.get(&id);
        if let Some(width) = width {
            return *width;
        } else {
            let mut widths = self.widths.iter().collect::<Vec<_>>();
            widths.sort_by_key(|x| x.0);
            dlog!("missing width for {} len(widths) = {}, {:?} falling back to missing_width {:?}", id, self.widths.len(), widths, self.font);
            return self.missing_width;
        }
    }
    /*fn decode(&self, chars: &[u8]) -> String {
        let encoding = self.encoding.as_ref().map(|x| &x[..]).unwrap_or(&PDFDocEncoding);
        to_utf8(encoding, chars)
    }*/

    fn next_char(&self, iter: &mut Iter<u8>) -> Option<(CharCode, u8)> {
        iter.next().map(|x| (*x as CharCode, 1))
    }
    fn decode_char(&self, char: CharCode) -> Cow<'_, str> {
        let slice = [char as u8];
        if let Some(ref unicode_map) = self.unicode_map {
            let s = unicode_map.get(&char);
            let s = match s {
                None => {
                    debug!("missing char {:?} in unicode map {:?} for {:?}", char, unicode_map, self.font);
                    // some pdf's like http://arxiv.org/pdf/2312.00064v1 are missing entries in their unicode map but do have
                    // entries in the encoding.
                    // tokku patch: neither ToUnicode nor an encoding: the glyph is undecodable ("").
                    let Some(encoding) = self.encoding.as_ref().map(|x| &x[..]) else { return Cow::Borrowed("") };
                    let s = to_utf8(encoding, &slice);
                    debug!("falling back to encoding {} -> {:?}", char, s);
                    Cow::Owned(s)
                }
                Some(s) => { Cow::Borrowed(s.as_str()) }
            };
            return s
        }
        let encoding = self.encoding.as_ref().map(|x| &x[..]).unwrap_or(&PDFDocEncoding);
        //dlog!("char_code {:?} {:?}", char, self.encoding);
        let s = to_utf8(encoding, &slice);
        Cow::Owned(s)
    }
}



impl<'a> fmt::Debug for PdfSimpleFont<'a> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.font.fmt(f)
    }
}

impl<'a> PdfFont for PdfType3Font<'a> {
    fn get_width(&self, id: CharCode) -> f64 {
        let width = self.widths.get(&id);
        if let Some(width) = width {
            return *width;
        } else {
            // tokku patch: a code without a width advances by 0 (upstream panicked).
            dlog!("missing width for {} {:?}", id, self.font);
            return 0.;
        }
    }
    /*fn decode(&self, chars: &[u8]) -> String {
        let encoding = self.encoding.as_ref().map(|x| &x[..]).unwrap_or(&PDFDocEncoding);
        to_utf8(encoding, chars)
    }*/

    fn next_char(&self, iter: &mut Iter<u8>) -> Option<(CharCode, u8)> {
        iter.next().map(|x| (*x as CharCode, 1))
    }
    fn decode_char(&self, char: CharCode) -> Cow<'_, str> {
        let slice = [char as u8];
        if let Some(ref unicode_map) = self.unicode_map {
            let s = unicode_map.get(&char);
            let s = match s {
                None => {
                    debug!("missing char {:?} in unicode map {:?} for {:?}", char, unicode_map, self.font);
                    // some pdf's like http://arxiv.org/pdf/2312.00577v1 are missing entries in their unicode map but do have
                    // entries in the encoding.
                    // tokku patch: neither ToUnicode nor an encoding: the glyph is undecodable ("").
                    let Some(encoding) = self.encoding.as_ref().map(|x| &x[..]) else { return Cow::Borrowed("") };
                    let s = to_utf8(encoding, &slice);
                    debug!("falling back to encoding {} -> {:?}", char, s);
                    Cow::Owned(s)
                }
                Some(s) => { Cow::Borrowed(s.as_str()) }
            };
            return s
        }
        let encoding = self.encoding.as_ref().map(|x| &x[..]).unwrap_or(&PDFDocEncoding);
        //dlog!("char_code {:?} {:?}", char, self.encoding);
        let s = to_utf8(encoding, &slice);
        Cow::Owned(s)
    }
}



impl<'a> fmt::Debug for PdfType3Font<'a> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.font.fmt(f)
    }
}

struct PdfCIDFont<'a> {
    font: &'a Dictionary,
    #[allow(dead_code)]
    doc: &'a Document,
    #[allow(dead_code)]
    encoding: ByteMapping,
    to_unicode: Option<HashMap<u32, String>>,
    widths: HashMap<CharCode, f64>, // should probably just use i32 here
    default_width: Option<f64>, // only used for CID fonts and we should probably brake out the different font types
    vertical: bool,
}

/// tokku patch: a ToUnicode CMap program read as code → text (UTF-16BE decoded;
/// lone surrogates skipped), as `get_unicode_map` uses it.
fn unicode_map_of_cmap(contents: &[u8]) -> HashMap<u32, String> {
    let cmap = lenient_unicode_map(contents);
    let mut unicode = HashMap::new();
    // "It must use the beginbfchar, endbfchar, beginbfrange, and endbfrange operators to
    // define the mapping from character codes to Unicode character sequences expressed in
    // UTF-16BE encoding."
    for (&k, v) in cmap.iter() {
        let mut be: Vec<u16> = Vec::new();
        let mut i = 0;
        // tokku patch: an odd trailing byte is dropped (upstream asserted).
        while i + 1 < v.len() {
            be.push(((v[i] as u16) << 8) | v[i+1] as u16);
            i += 2;
        }
        match &be[..] {
            [0xd800 ..= 0xdfff] => {
                // this range is not specified as not being encoded
                // we ignore them so we don't an error from from_utt16
                continue;
            }
            _ => {}
        }
        let s = String::from_utf16_lossy(&be);

        unicode.insert(k, s);
    }
    unicode
}

fn get_unicode_map<'a>(doc: &'a Document, font: &'a Dictionary) -> Option<HashMap<u32, String>> {
    let to_unicode = maybe_get_obj(doc, font, b"ToUnicode");
    dlog!("ToUnicode: {:?}", to_unicode);
    let mut unicode_map = None;
    match to_unicode {
        Some(&Object::Stream(ref stream)) => {
            let contents = get_contents(stream);
            dlog!("Stream: {}", String::from_utf8(contents.clone()).unwrap());

            // tokku patch: ToUnicode maps are read by `lenient_unicode_map` instead of
            // adobe-cmap-parser, which rejects whole maps for one odd-length hex string
            // or a stray cidrange section, panics on some (an index past its token
            // list), and reads only as many entries as a section's count says (pdf.js
            // issue9949.pdf: "1 beginbfchar" followed by 200 entries, as poppler reads).
            // tokku patch: the map is built by `unicode_map_of_cmap`, which tokku's font
            // repair also reads through `fast_paths::unicode_map` (PATCHES.md §9).
            let unicode = unicode_map_of_cmap(&contents);
            unicode_map = Some(unicode);

            dlog!("map: {:?}", unicode_map);
        }
        None => { }
        Some(&Object::Name(ref name)) => {
            let name = pdf_to_utf8(name);
            // tokku patch: other names are ignored (upstream: todo!).
            if name != "Identity-H" {
                warn!("unsupported ToUnicode name: {:?}", name);
            }
        }
        // tokku patch: other objects are ignored (upstream panicked).
        _ => { warn!("unsupported cmap {:?}", to_unicode) }
    }
    unicode_map
}

/// tokku patch: one token of a content stream for [`lenient_content`].
enum ContentToken {
    Operand(Object),
    Operator(String),
    /// A byte that starts no token (a stray delimiter); skipped.
    Junk,
    End,
}

const MAX_CONTENT_NESTING: usize = 64;

fn is_pdf_delimiter(c: u8) -> bool {
    b"()<>[]{}/%".contains(&c)
}

fn skip_space_and_comments(data: &[u8], i: &mut usize) {
    while *i < data.len() {
        if data[*i].is_ascii_whitespace() || data[*i] == 0 {
            *i += 1;
        } else if data[*i] == b'%' {
            while *i < data.len() && data[*i] != b'\n' && data[*i] != b'\r' { *i += 1; }
        } else {
            break;
        }
    }
}

fn literal_string(data: &[u8], i: &mut usize) -> Vec<u8> {
    // data[*i] == b'('
    *i += 1;
    let mut out = Vec::new();
    let mut depth = 1;
    while *i < data.len() {
        let c = data[*i];
        *i += 1;
        match c {
            b'\\' => {
                let Some(&e) = data.get(*i) else { break };
                *i += 1;
                match e {
                    b'n' => out.push(b'\n'),
                    b'r' => out.push(b'\r'),
                    b't' => out.push(b'\t'),
                    b'b' => out.push(8),
                    b'f' => out.push(12),
                    b'0'..=b'7' => {
                        let mut v = (e - b'0') as u32;
                        for _ in 0..2 {
                            match data.get(*i) {
                                Some(&d @ b'0'..=b'7') => { v = v * 8 + (d - b'0') as u32; *i += 1; }
                                _ => break,
                            }
                        }
                        out.push(v as u8);
                    }
                    b'\r' => { if data.get(*i) == Some(&b'\n') { *i += 1; } }
                    b'\n' => {}
                    other => out.push(other),
                }
            }
            b'(' => { depth += 1; out.push(c); }
            b')' => {
                depth -= 1;
                if depth == 0 { break; }
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    out
}

fn content_token(data: &[u8], i: &mut usize, depth: usize) -> ContentToken {
    skip_space_and_comments(data, i);
    let Some(&c) = data.get(*i) else { return ContentToken::End };
    match c {
        b'(' => ContentToken::Operand(Object::String(literal_string(data, i), StringFormat::Literal)),
        b'<' if data.get(*i + 1) == Some(&b'<') => {
            *i += 2;
            let mut dict = Dictionary::new();
            loop {
                skip_space_and_comments(data, i);
                if *i >= data.len() { break; }
                if data[*i] == b'>' { *i += if data.get(*i + 1) == Some(&b'>') { 2 } else { 1 }; break; }
                match content_token(data, i, depth + 1) {
                    ContentToken::Operand(Object::Name(key)) if depth < MAX_CONTENT_NESTING => {
                        if let ContentToken::Operand(value) = content_token(data, i, depth + 1) {
                            dict.set(key, value);
                        }
                    }
                    ContentToken::End => break,
                    _ => {}
                }
            }
            ContentToken::Operand(Object::Dictionary(dict))
        }
        b'<' => {
            *i += 1;
            let mut digits = Vec::new();
            while *i < data.len() && data[*i] != b'>' {
                if let Some(d) = (data[*i] as char).to_digit(16) { digits.push(d as u8); }
                *i += 1;
            }
            *i += 1;
            if digits.len() % 2 == 1 { digits.push(0); }
            ContentToken::Operand(Object::String(digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect(), StringFormat::Hexadecimal))
        }
        b'[' => {
            *i += 1;
            let mut items = Vec::new();
            loop {
                skip_space_and_comments(data, i);
                if *i >= data.len() { break; }
                if data[*i] == b']' { *i += 1; break; }
                if depth >= MAX_CONTENT_NESTING { *i += 1; continue; }
                match content_token(data, i, depth + 1) {
                    ContentToken::Operand(o) => items.push(o),
                    ContentToken::End => break,
                    // An operator inside an array is malformed; the array ends there.
                    ContentToken::Operator(_) => break,
                    ContentToken::Junk => {}
                }
            }
            ContentToken::Operand(Object::Array(items))
        }
        b'/' => {
            *i += 1;
            let mut name = Vec::new();
            while *i < data.len() && !data[*i].is_ascii_whitespace() && !is_pdf_delimiter(data[*i]) {
                let b = data[*i];
                if b == b'#' {
                    if let Some(v) = data.get(*i + 1..*i + 3).and_then(|h| str::from_utf8(h).ok()).and_then(|h| u8::from_str_radix(h, 16).ok()) {
                        name.push(v);
                        *i += 3;
                        continue;
                    }
                }
                name.push(b);
                *i += 1;
            }
            ContentToken::Operand(Object::Name(name))
        }
        b')' | b'>' | b']' | b'{' | b'}' => { *i += 1; ContentToken::Junk }
        _ => {
            let start = *i;
            while *i < data.len() && !data[*i].is_ascii_whitespace() && !is_pdf_delimiter(data[*i]) && data[*i] != 0 { *i += 1; }
            let word = &data[start..*i];
            if word.is_empty() { *i += 1; return ContentToken::Junk; }
            if word[0].is_ascii_digit() || b"+-.".contains(&word[0]) {
                let text = str::from_utf8(word).unwrap_or("");
                if let Ok(n) = text.parse::<i64>() { return ContentToken::Operand(Object::Integer(n)); }
                if let Ok(n) = text.parse::<f32>() { return ContentToken::Operand(Object::Real(n)); }
                return ContentToken::Junk;
            }
            match word {
                b"true" => ContentToken::Operand(Object::Boolean(true)),
                b"false" => ContentToken::Operand(Object::Boolean(false)),
                b"null" => ContentToken::Operand(Object::Null),
                _ => ContentToken::Operator(String::from_utf8_lossy(word).into_owned()),
            }
        }
    }
}

/// tokku patch: reads a content stream token by token, as poppler does: a token that
/// cannot be read is skipped and reading goes on with the next one. Inline images
/// (BI ... ID data EI) are skipped.
fn lenient_content(data: &[u8]) -> Vec<lopdf::content::Operation> {
    let mut operations = Vec::new();
    let mut operands = Vec::new();
    let mut i = 0;
    loop {
        match content_token(data, &mut i, 0) {
            ContentToken::End => break,
            ContentToken::Junk => {}
            ContentToken::Operand(o) => operands.push(o),
            ContentToken::Operator(op) if op == "ID" => {
                // Inline image data runs to the first EI between white space.
                i += 1;
                while i + 2 <= data.len() {
                    if &data[i..i + 2] == b"EI" && data[i - 1].is_ascii_whitespace() && data.get(i + 2).map_or(true, |c| c.is_ascii_whitespace()) {
                        i += 2;
                        break;
                    }
                    i += 1;
                }
                if i + 2 > data.len() { i = data.len(); }
                operands.clear();
            }
            ContentToken::Operator(op) if op == "BI" => operands.clear(),
            ContentToken::Operator(op) => {
                operations.push(lopdf::content::Operation { operator: op, operands: std::mem::take(&mut operands) });
            }
        }
    }
    operations
}

/// tokku patch: tokens of a CMap program as far as ToUnicode needs them.
#[derive(Debug, PartialEq)]
enum CMapToken {
    Hex(Vec<u8>),
    Open,
    Close,
    Word(Vec<u8>),
}

/// tokku patch: splits a CMap program into hex strings, brackets and words; literal
/// strings, names, dictionaries and comments become words or are skipped. An odd
/// number of hex digits is completed with 0 (ISO 32000-1 7.3.4.3).
fn cmap_tokens(data: &[u8]) -> Vec<CMapToken> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < data.len() {
        let c = data[i];
        if c == b'%' {
            while i < data.len() && data[i] != b'\n' && data[i] != b'\r' { i += 1; }
        } else if c == b'<' && data.get(i + 1) == Some(&b'<') {
            i += 2;
        } else if c == b'>' && data.get(i + 1) == Some(&b'>') {
            i += 2;
        } else if c == b'<' {
            let mut digits = Vec::new();
            i += 1;
            while i < data.len() && data[i] != b'>' {
                if let Some(d) = (data[i] as char).to_digit(16) { digits.push(d as u8); }
                i += 1;
            }
            i += 1;
            if digits.len() % 2 == 1 { digits.push(0); }
            out.push(CMapToken::Hex(digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect()));
        } else if c == b'[' {
            out.push(CMapToken::Open);
            i += 1;
        } else if c == b']' {
            out.push(CMapToken::Close);
            i += 1;
        } else if c == b'(' {
            let mut depth = 0;
            while i < data.len() {
                match data[i] {
                    b'\\' => i += 1,
                    b'(' => depth += 1,
                    b')' => { depth -= 1; if depth == 0 { break; } }
                    _ => {}
                }
                i += 1;
            }
            i += 1;
            out.push(CMapToken::Word(Vec::new()));
        } else if c.is_ascii_whitespace() || c == b'{' || c == b'}' {
            i += 1;
        } else {
            let start = i;
            i += 1;
            while i < data.len() && !data[i].is_ascii_whitespace() && !b"<>[](){}/%".contains(&data[i]) { i += 1; }
            out.push(CMapToken::Word(data[start..i].to_vec()));
        }
    }
    out
}

/// tokku patch: the codespace and CID mappings of an embedded encoding CMap (ISO
/// 32000-1 9.7.5.4), replacing adobe-cmap-parser's get_byte_mapping, which gives a
/// codespace range of n bytes the width n/2 (a 1-byte range width 0, so no code
/// matched and every string decoded to nothing), reads only the first entry of a
/// cidrange section correctly, and panics on lexer errors. An entry that does not fit
/// the grammar is skipped; None when no codespace range is found.
fn byte_mapping(data: &[u8]) -> Option<ByteMapping> {
    let tokens = cmap_tokens(data);
    let mut mapping = ByteMapping { codespace: Vec::new(), cid: Vec::new() };
    let int = |t: &CMapToken| match t {
        CMapToken::Word(w) => str::from_utf8(w).ok()?.parse::<u32>().ok(),
        _ => None,
    };
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            CMapToken::Word(w) if w == b"begincodespacerange" => {
                i += 1;
                while i + 1 < tokens.len() && tokens[i] != CMapToken::Word(b"endcodespacerange".to_vec()) {
                    match (&tokens[i], &tokens[i + 1]) {
                        (CMapToken::Hex(lo), CMapToken::Hex(hi)) if !lo.is_empty() && lo.len() <= 4 => {
                            mapping.codespace.push(CodeRange { width: lo.len() as u32, start: be_code(lo), end: be_code(hi) });
                            i += 2;
                        }
                        _ => i += 1,
                    }
                }
            }
            CMapToken::Word(w) if w == b"begincidrange" => {
                i += 1;
                while i + 2 < tokens.len() && tokens[i] != CMapToken::Word(b"endcidrange".to_vec()) {
                    match (&tokens[i], &tokens[i + 1], int(&tokens[i + 2])) {
                        (CMapToken::Hex(lo), CMapToken::Hex(hi), Some(cid)) => {
                            mapping.cid.push(CIDRange { src_code_lo: be_code(lo), src_code_hi: be_code(hi), dst_CID_lo: cid });
                            i += 3;
                        }
                        _ => i += 1,
                    }
                }
            }
            CMapToken::Word(w) if w == b"begincidchar" => {
                i += 1;
                while i + 1 < tokens.len() && tokens[i] != CMapToken::Word(b"endcidchar".to_vec()) {
                    match (&tokens[i], int(&tokens[i + 1])) {
                        (CMapToken::Hex(code), Some(cid)) => {
                            let code = be_code(code);
                            mapping.cid.push(CIDRange { src_code_lo: code, src_code_hi: code, dst_CID_lo: cid });
                            i += 2;
                        }
                        _ => i += 1,
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    (!mapping.codespace.is_empty()).then_some(mapping)
}

/// tokku patch: true when a CMap program sets /WMode 1 or is named *-V.
fn cmap_is_vertical(data: &[u8]) -> bool {
    let tokens = cmap_tokens(data);
    tokens.windows(2).any(|w| match (&w[0], &w[1]) {
        (CMapToken::Word(k), CMapToken::Word(v)) if k == b"/WMode" => v == b"1",
        (CMapToken::Word(k), CMapToken::Word(v)) if k == b"/CMapName" => v.ends_with(b"-V"),
        _ => false,
    })
}

fn be_code(bytes: &[u8]) -> u32 {
    bytes.iter().take(4).fold(0u32, |acc, b| acc << 8 | *b as u32)
}

/// tokku patch: the bfchar and bfrange entries of a ToUnicode CMap, read token by
/// token; an entry that does not fit the grammar is skipped, not the whole map.
fn lenient_unicode_map(data: &[u8]) -> HashMap<u32, Vec<u8>> {
    let tokens = cmap_tokens(data);
    let mut map = HashMap::new();
    let mut i = 0;
    while i < tokens.len() {
        match &tokens[i] {
            CMapToken::Word(w) if w == b"beginbfchar" => {
                i += 1;
                while i + 1 < tokens.len() && tokens[i] != CMapToken::Word(b"endbfchar".to_vec()) {
                    match (&tokens[i], &tokens[i + 1]) {
                        (CMapToken::Hex(src), CMapToken::Hex(dst)) => {
                            map.insert(be_code(src), dst.clone());
                            i += 2;
                        }
                        _ => i += 1,
                    }
                }
            }
            CMapToken::Word(w) if w == b"beginbfrange" => {
                i += 1;
                while i + 2 < tokens.len() && tokens[i] != CMapToken::Word(b"endbfrange".to_vec()) {
                    match (&tokens[i], &tokens[i + 1], &tokens[i + 2]) {
                        (CMapToken::Hex(lo), CMapToken::Hex(hi), CMapToken::Hex(dst)) => {
                            let (lo, hi) = (be_code(lo), be_code(hi));
                            if hi >= lo && hi - lo <= 0xffff && !dst.is_empty() {
                                for (n, code) in (lo..=hi).enumerate() {
                                    let mut value = dst.clone();
                                    let last = value.len() - 1;
                                    let (low, carry) = value[last].overflowing_add(n as u8);
                                    value[last] = low;
                                    if last > 0 {
                                        value[last - 1] = value[last - 1].wrapping_add((n >> 8) as u8 + carry as u8);
                                    }
                                    map.insert(code, value);
                                }
                            }
                            i += 3;
                        }
                        (CMapToken::Hex(lo), CMapToken::Hex(_), CMapToken::Open) => {
                            let mut code = be_code(lo);
                            i += 3;
                            while i < tokens.len() && tokens[i] != CMapToken::Close {
                                if let CMapToken::Hex(dst) = &tokens[i] {
                                    map.insert(code, dst.clone());
                                }
                                code = code.wrapping_add(1);
                                i += 1;
                            }
                            i += 1;
                        }
                        _ => i += 1,
                    }
                }
            }
            _ => {}
        }
        i += 1;
    }
    map
}


impl<'a> PdfCIDFont<'a> {
    fn new(doc: &'a Document, font: &'a Dictionary) -> PdfCIDFont<'a> {
        let base_name = get_name_string(doc, font, b"BaseFont");
        // tokku patch: a missing descendant font, descriptor or encoding no longer
        // panics. An empty dictionary stands in for the descendant (default widths),
        // and any encoding pdf-extract cannot read (a predefined CMap name that tokku's
        // font repair did not replace, an unparsable embedded CMap, a missing entry)
        // falls back to the 2-byte identity mapping, as poppler does for an unknown
        // CMap; the glyphs then decode through ToUnicode or come out as "" (counted as
        // undecodable by tokku).
        let ciddict = maybe_get_array(doc, font, b"DescendantFonts")
            .and_then(|d| d.first())
            .and_then(|d| maybe_deref(doc, d).as_dict().ok())
            .unwrap_or(&*EMPTY_DICTIONARY);
        let identity = || ByteMapping { codespace: vec![CodeRange{width: 2, start: 0, end: 0xffff }], cid: vec![CIDRange{ src_code_lo: 0, src_code_hi: 0xffff, dst_CID_lo: 0 }]};
        dlog!("base_name {} {:?}", base_name, font);

        // tokku patch: vertical writing mode from the encoding: a predefined CMap named
        // *-V (Identity-V, 90ms-RKSJ-V ...), or an embedded CMap with /WMode 1 or a
        // /CMapName ending in -V (tokku's font repair names the identity CMaps it writes
        // for predefined ones Tokku-Identity-<name>).
        let vertical = match maybe_get_obj(doc, font, b"Encoding") {
            Some(Object::Name(name)) => name.ends_with(b"-V"),
            Some(Object::Stream(stream)) => {
                maybe_get::<i64>(doc, &stream.dict, b"WMode") == Some(1)
                    || maybe_get_name(doc, &stream.dict, b"CMapName").is_some_and(|n| n.ends_with(b"-V"))
                    || cmap_is_vertical(&get_contents(stream))
            }
            _ => false,
        };
        let encoding = match maybe_get_obj(doc, font, b"Encoding") {
            Some(&Object::Name(ref name)) => {
                let name = pdf_to_utf8(name);
                dlog!("encoding {:?}", name);
                if name != "Identity-H" && name != "Identity-V" {
                    warn!("unsupported encoding {}; reading codes as Identity-H", name);
                }
                identity()
            }
            Some(&Object::Stream(ref stream)) => {
                let contents = get_contents(stream);
                match byte_mapping(&contents) {
                    Some(mapping) => mapping,
                    None => {
                        warn!("unreadable encoding CMap; reading codes as Identity-H");
                        identity()
                    }
                }
            }
            other => {
                warn!("unsupported encoding {:?}; reading codes as Identity-H", other);
                identity()
            }
        };

        // Sometimes a Type0 font might refer to the same underlying data as regular font. In this case we may be able to extract some encoding
        // data.
        // We should also look inside the truetype data to see if there's a cmap table. It will help us convert as well.
        // This won't work if the cmap has been subsetted. A better approach might be to hash glyph contents and use that against
        // a global library of glyph hashes
        let unicode_map = get_unicode_map(doc, font);

        dlog!("descendents {:?}", ciddict);

        // tokku patch: DW may be a real; /W is read entry by entry and stops at the
        // first malformed entry (upstream indexed past the end and panicked on
        // non-numbers). The `c_first c_last w` form now uses its third element as
        // the width, for c_first..=c_last (upstream used c_first as the width and
        // left c_last out).
        let default_width = maybe_get::<f64>(doc, ciddict, b"DW").unwrap_or(1000.);
        let w: Option<Vec<&Object>> = maybe_get(doc, ciddict, b"W");
        dlog!("widths {:?}", w);
        let mut widths = HashMap::new();
        let mut i = 0;
        if let Some(w) = w {
            while i + 1 < w.len() {
                if let &Object::Array(ref wa) = maybe_deref(doc, w[i+1]) {
                    let Some(cid) = w[i].as_i64().ok() else { break };
                    let mut j = 0;
                    dlog!("wa: {:?} -> {:?}", cid, wa);
                    for w in wa {
                        widths.insert((cid + j) as CharCode, as_opt_num(maybe_deref(doc, w)).unwrap_or(default_width));
                        j += 1;
                    }
                    i += 2;
                } else {
                    let (Ok(c_first), Ok(c_last), Some(c_width)) = (w[i].as_i64(), w[i + 1].as_i64(), w.get(i + 2).and_then(|o| as_opt_num(o))) else { break };
                    if c_last - c_first > 0x10000 { break; }
                    for id in c_first..=c_last {
                        widths.insert(id as CharCode, c_width);
                    }
                    i += 3;
                }
            }
        }
        PdfCIDFont{doc, font, widths, to_unicode: unicode_map, encoding, default_width: Some(default_width), vertical }
    }
}

impl<'a> PdfFont for PdfCIDFont<'a> {
    // tokku patch: `id` is the character code; the width is the CID's (upstream
    // looked the code up as if it were the CID).
    fn get_width(&self, id: CharCode) -> f64 {
        let width = self.widths.get(&self.cid_of(id));
        if let Some(width) = width {
            dlog!("GetWidth {} -> {}", id, *width);
            return *width;
        } else {
            dlog!("missing width for {} falling back to default_width", id);
            return self.default_width.unwrap_or(1000.);
        }
    }/*
    fn decode(&self, chars: &[u8]) -> String {
        self.char_codes(chars);

        //let utf16 = Vec::new();

        let encoding = self.encoding.as_ref().map(|x| &x[..]).unwrap_or(&PDFDocEncoding);
        to_utf8(encoding, chars)
    }*/

    // tokku patch: returns the character code (ToUnicode is keyed by code, ISO
    // 32000-1 9.10.3; get_width maps it to the CID). Bytes that match no codespace
    // range are consumed as one code of the shortest codespace length (9.7.6.3)
    // instead of ending the string; upstream stopped there and dropped the rest.
    fn next_char(&self, iter: &mut Iter<u8>) -> Option<(CharCode, u8)> {
        let bytes = iter.as_slice();
        if bytes.is_empty() {
            return None;
        }
        let mut c = 0u32;
        let mut found = None;
        for width in 1..=bytes.len().min(4) {
            c = (c << 8) | bytes[width - 1] as u32;
            if self.encoding.codespace.iter().any(|r| r.width as usize == width && c >= r.start && c <= r.end) {
                found = Some((c, width));
                break;
            }
        }
        let (code, width) = found.unwrap_or_else(|| {
            let shortest = self.encoding.codespace.iter().map(|r| r.width as usize).min().unwrap_or(1).clamp(1, 4).min(bytes.len());
            (bytes[..shortest].iter().fold(0u32, |acc, b| acc << 8 | *b as u32), shortest)
        });
        for _ in 0..width {
            iter.next();
        }
        Some((code, width as u8))
    }
    fn is_vertical(&self) -> bool {
        self.vertical
    }
    fn decode_char(&self, char: CharCode) -> Cow<'_, str> {
        let s = self.to_unicode.as_ref().and_then(|x| x.get(&char));
        if let Some(s) = s {
            Cow::Borrowed(s.as_str())
        } else {
            dlog!("Unknown character {:?} in {:?} {:?}", char, self.font, self.to_unicode);
            Cow::Borrowed("")
        }
    }
}

impl<'a> PdfCIDFont<'a> {
    /// tokku patch: the CID of a character code through the encoding's cidrange and
    /// cidchar entries (CID 0, .notdef, for a code they do not cover). Upstream added
    /// dst_CID_lo to the code without subtracting the range's first code.
    fn cid_of(&self, code: CharCode) -> CharCode {
        self.encoding.cid.iter()
            .find(|r| code >= r.src_code_lo && code <= r.src_code_hi)
            .map_or(0, |r| code - r.src_code_lo + r.dst_CID_lo)
    }
}

impl<'a> fmt::Debug for PdfCIDFont<'a> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.font.fmt(f)
    }
}



#[derive(Copy, Clone)]
struct PdfFontDescriptor<'a> {
    desc: &'a Dictionary,
    doc: &'a Document
}

impl<'a> PdfFontDescriptor<'a> {
    #[allow(dead_code)]
    fn get_file(&self) -> Option<&'a Object> {
        maybe_get_obj(self.doc, self.desc, b"FontFile")
    }
}

impl<'a> fmt::Debug for PdfFontDescriptor<'a> {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        self.desc.fmt(f)
    }
}

#[derive(Clone, Debug)]
struct Type0Func {
    domain: Vec<f64>,
    range: Vec<f64>,
    contents: Vec<u8>,
    size: Vec<i64>,
    bits_per_sample: i64,
    encode: Vec<f64>,
    decode: Vec<f64>,
}

#[allow(dead_code)]
fn interpolate(x: f64, x_min: f64, _x_max: f64, y_min: f64, y_max: f64) -> f64 {
    let divisor = x - x_min;
    if divisor != 0. {
        y_min + (x - x_min) * ((y_max - y_min) / divisor)
    } else {
        // (x - x_min) will be 0 which means we want to discard the interpolation
        // and arbitrarily choose y_min to match pdfium
        y_min
    }
}

impl Type0Func {
    #[allow(dead_code)]
    fn eval(&self, _input: &[f64], _output: &mut [f64]) {
        let _n_inputs = self.domain.len() / 2;
        let _n_ouputs = self.range.len() / 2;

    }
}

#[derive(Clone, Debug)]
struct Type2Func {
    c0: Option<Vec<f64>>,
    c1: Option<Vec<f64>>,
    n: f64,
}

#[derive(Clone, Debug)]
enum Function {
    Type0(Type0Func),
    Type2(Type2Func),
    #[allow(dead_code)]
    Type3,
    #[allow(dead_code)]
    Type4(Vec<u8>)
}

impl Function {
    // tokku patch: a malformed function is None (upstream panicked); only colour
    // spaces use functions, and colour does not change the text.
    fn new(doc: &Document, obj: &Object) -> Option<Function> {
        let dict = match obj {
            &Object::Dictionary(ref dict) => dict,
            &Object::Stream(ref stream) => &stream.dict,
            _ => return None,
        };
        let function_type: i64 = maybe_get(doc, dict, b"FunctionType")?;
        let f = match function_type {
            0 => {
                // Sampled function
                let stream = match obj {
                    &Object::Stream(ref stream) => stream,
                    _ => return None,
                };
                let range: Vec<f64> = maybe_get(doc, dict, b"Range")?;
                let domain: Vec<f64> = maybe_get(doc, dict, b"Domain")?;
                let contents = get_contents(stream);
                let size: Vec<i64> = maybe_get(doc, dict, b"Size")?;
                let bits_per_sample = maybe_get(doc, dict, b"BitsPerSample")?;
                // We ignore 'Order' like pdfium, poppler and pdf.js

                let encode = maybe_get::<Vec<f64>>(doc, dict, b"Encode");
                // maybe there's some better way to write this.
                let encode = encode.unwrap_or_else(|| {
                    let mut default = Vec::new();
                    for i in &size {
                        default.extend([0., (i - 1) as f64].iter());
                    }
                    default
                });
                let decode = maybe_get::<Vec<f64>>(doc, dict, b"Decode").unwrap_or_else(|| range.clone());

                Function::Type0(Type0Func { domain, range, size, contents, bits_per_sample, encode, decode })
            }
            2 => {
                // Exponential interpolation function
                let c0 = maybe_get::<Vec<f64>>(doc, dict, b"C0");
                let c1 = maybe_get::<Vec<f64>>(doc, dict, b"C1");
                let n = maybe_get::<f64>(doc, dict, b"N")?;
                Function::Type2(Type2Func { c0, c1, n})
            }
            3 => {
                // Stitching function
                Function::Type3
            }
            4 => {
                // PostScript calculator function
                match obj {
                    &Object::Stream(ref stream) => Function::Type4(get_contents(stream)),
                    _ => return None,
                }
            }
            _ => return None,
        };
        Some(f)
    }
}

fn as_num(o: &Object) -> f64 {
    as_opt_num(o).unwrap_or(0.)
}

/// tokku patch: why one content-stream operator was not executed. `Skip` drops the
/// operator and the interpreter goes on with the next one; `Output` is an error of the
/// output device (e.g. tokku's deadline) and stops the document.
enum OpError {
    Skip(String),
    Output(OutputError),
}

impl OpError {
    fn skip(why: impl Into<String>) -> OpError {
        OpError::Skip(why.into())
    }
}

impl From<OutputError> for OpError {
    fn from(e: OutputError) -> Self {
        OpError::Output(e)
    }
}

/// tokku patch: operand `i` of an operation, or a skip.
fn operand<'o>(operation: &'o lopdf::content::Operation, i: usize) -> Result<&'o Object, OpError> {
    operation.operands.get(i).ok_or_else(|| OpError::skip(format!("{} operands, operand {} missing", operation.operands.len(), i + 1)))
}

/// tokku patch: numeric operand `i`, or a skip.
fn num(operation: &lopdf::content::Operation, i: usize) -> Result<f64, OpError> {
    let o = operand(operation, i)?;
    as_opt_num(o).ok_or_else(|| OpError::skip(format!("operand {} is not a number: {:?}", i + 1, o)))
}

/// tokku patch: name operand `i`, or a skip.
fn name_operand<'o>(operation: &'o lopdf::content::Operation, i: usize) -> Result<&'o [u8], OpError> {
    let o = operand(operation, i)?;
    o.as_name().map_err(|_| OpError::skip(format!("operand {} is not a name: {:?}", i + 1, o)))
}

// tokku patch: a number operand, or None (as_num panics on anything else).
fn as_opt_num(o: &Object) -> Option<f64> {
    match o {
        &Object::Integer(i) => Some(i as f64),
        &Object::Real(f) => Some(f.into()),
        _ => None,
    }
}

#[derive(Clone)]
struct TextState<'a>
{
    font: Option<Rc<dyn PdfFont + 'a>>,
    font_size: f64,
    character_spacing: f64,
    word_spacing: f64,
    horizontal_scaling: f64,
    leading: f64,
    rise: f64,
    tm: Transform,
}

// XXX: We'd ideally implement this without having to copy the uncompressed data
fn get_contents(contents: &Stream) -> Vec<u8> {
    // tokku patch: lopdf has no ASCIIHexDecode; a chain starting with it is
    // hex-decoded here and the rest of the chain handed to lopdf (pdf.js
    // issue6108.pdf's page content is ASCIIHex-encoded).
    let filters = contents.filters().unwrap_or_default();
    if filters.first().is_some_and(|f| *f == b"ASCIIHexDecode" || *f == b"AHx") {
        let data = ascii_hex_decode(&contents.content);
        if filters.len() == 1 {
            return data;
        }
        let mut rest = Stream::new(contents.dict.clone(), data);
        rest.dict.set("Filter", Object::Array(filters[1..].iter().map(|f| Object::Name(f.to_vec())).collect()));
        rest.dict.remove(b"DecodeParms");
        return rest.decompressed_content().unwrap_or(rest.content);
    }
    if contents.filters().is_ok() {
        contents.decompressed_content().unwrap_or_else(|_|contents.content.clone())
    } else {
        contents.content.clone()
    }
}

/// tokku patch: ASCIIHexDecode (ISO 32000-1 7.4.2): hex digits up to '>', white
/// space ignored, an odd final digit followed by 0.
fn ascii_hex_decode(data: &[u8]) -> Vec<u8> {
    let mut digits: Vec<u8> = data.iter().take_while(|c| **c != b'>')
        .filter_map(|c| (*c as char).to_digit(16).map(|d| d as u8)).collect();
    if digits.len() % 2 == 1 { digits.push(0); }
    digits.chunks(2).map(|p| p[0] << 4 | p[1]).collect()
}

/// tokku patch: a page's content streams, each decoded by `get_contents` (lopdf's
/// `get_page_content` leaves ASCIIHex-encoded streams as they are).
fn page_content(doc: &Document, page: ObjectId) -> Vec<u8> {
    let mut content = Vec::new();
    for id in doc.get_page_contents(page) {
        if let Ok(stream) = doc.get_object(id).and_then(Object::as_stream) {
            content.extend_from_slice(&get_contents(stream));
            content.push(b'\n');
        }
    }
    content
}

#[derive(Clone)]
struct GraphicsState<'a>
{
    ctm: Transform,
    ts: TextState<'a>,
    smask: Option<Dictionary>,
    fill_colorspace: ColorSpace,
    fill_color: Vec<f64>,
    stroke_colorspace: ColorSpace,
    stroke_color: Vec<f64>,
    line_width: f64,
}

fn show_text(gs: &mut GraphicsState, s: &[u8],
             _tlm: &Transform,
             _flip_ctm: &Transform,
             output: &mut dyn OutputDev) -> Result<(), OutputError> {
    let ts = &mut gs.ts;
    // tokku patch: text shown before any Tf has no font; it is skipped, as poppler
    // does (upstream panicked).
    let Some(font) = ts.font.as_ref() else {
        warn!("text shown without a font");
        return Ok(());
    };
    //let encoding = font.encoding.as_ref().map(|x| &x[..]).unwrap_or(&PDFDocEncoding);
    dlog!("{:?}", font.decode(s));
    dlog!("{:?}", font.decode(s).as_bytes());
    dlog!("{:?}", s);
    output.begin_word()?;

    for (c, length) in font.char_codes(s) {
        // 5.3.3 Text Space Details
        let tsm = Transform2D::row_major(ts.horizontal_scaling,
                                                 0.,
                                                 0.,
                                                 1.0,
                                                 0.,
                                                 ts.rise);
        // Trm = Tsm × Tm × CTM
        let trm = tsm.post_transform(&ts.tm.post_transform(&gs.ctm));
        //dlog!("ctm: {:?} tm {:?}", gs.ctm, tm);
        //dlog!("current pos: {:?}", position);
        // 5.9 Extraction of Text Content


        //dlog!("w: {}", font.widths[&(*c as i64)]);
        let w0 = font.get_width(c) / 1000.;

        let mut spacing = ts.character_spacing;
        // "Word spacing is applied to every occurrence of the single-byte character code 32 in a
        //  string when using a simple font or a composite font that defines code 32 as a
        //  single-byte code. It does not apply to occurrences of the byte value 32 in
        //  multiple-byte codes."
        let is_space = c == 32 && length == 1;
        if is_space { spacing += ts.word_spacing }

        output.output_character(&trm, w0, spacing, ts.font_size, &font.decode_char(c))?;
        // tokku patch: in vertical writing the glyph advances down by its vertical
        // displacement (default w1 = -1000, DW2), not across (9.7.4.3).
        if font.is_vertical() {
            let ty = -ts.font_size - spacing;
            ts.tm = ts.tm.pre_transform(&Transform2D::create_translation(0., ty));
            continue;
        }
        let tj = 0.;
        let ty = 0.;
        let tx = ts.horizontal_scaling * ((w0 - tj/1000.)* ts.font_size + spacing);
        dlog!("horizontal {} adjust {} {} {} {}", ts.horizontal_scaling, tx, w0, ts.font_size, spacing);
        // dlog!("w0: {}, tx: {}", w0, tx);
        ts.tm = ts.tm.pre_transform(&Transform2D::create_translation(tx, ty));
        let _trm = ts.tm.pre_transform(&gs.ctm);
        //dlog!("post pos: {:?}", trm);

    }
    output.end_word()?;
    Ok(())
}

#[derive(Debug, Clone, Copy)]
pub struct MediaBox {
    pub llx: f64,
    pub lly: f64,
    pub urx: f64,
    pub ury: f64
}

fn apply_state(doc: &Document, gs: &mut GraphicsState, state: &Dictionary) {
    for (k, v) in state.iter() {
        let k : &[u8] = k.as_ref();
        match k {
            b"SMask" => { match maybe_deref(doc, v)  {
                // tokku patch: unexpected values are ignored (upstream panicked);
                // the soft mask does not affect text.
                &Object::Dictionary(ref dict) => {
                    gs.smask = Some(dict.clone());
                }
                _ => { gs.smask = None; }
            }}
            _ => {  dlog!("unapplied state: {:?} {:?}", k, v); }
        }
    }

}

#[derive(Debug)]
pub enum PathOp {
    MoveTo(f64, f64),
    LineTo(f64, f64),
    // XXX: is it worth distinguishing the different kinds of curve ops?
    CurveTo(f64, f64, f64, f64, f64, f64),
    Rect(f64, f64, f64, f64),
    Close,
}

#[derive(Debug)]
pub struct Path {
    pub ops: Vec<PathOp>
}

impl Path {
    fn new() -> Path {
        Path { ops: Vec::new() }
    }
    // tokku patch: None without a current point (upstream panicked).
    fn current_point(&self) -> Option<(f64, f64)> {
        match self.ops.last()? {
            &PathOp::MoveTo(x, y) => { Some((x, y)) }
            &PathOp::LineTo(x, y) => { Some((x, y)) }
            &PathOp::CurveTo(_, _, _, _, x, y) => { Some((x, y)) }
            &PathOp::Rect(x, y, _, _) => { Some((x, y)) }
            &PathOp::Close => { None }
        }
    }
}

#[derive(Clone, Debug)]
pub struct CalGray {
    white_point: [f64; 3],
    black_point: Option<[f64; 3]>,
    gamma: Option<f64>,
}

#[derive(Clone, Debug)]
pub struct CalRGB {
    white_point: [f64; 3],
    black_point: Option<[f64; 3]>,
    gamma: Option<[f64; 3]>,
    matrix: Option<Vec<f64>>
}

#[derive(Clone, Debug)]
pub struct Lab {
    white_point: [f64; 3],
    black_point: Option<[f64; 3]>,
    range: Option<[f64; 4]>,
}

#[derive(Clone, Debug)]
pub enum AlternateColorSpace {
    DeviceGray,
    DeviceRGB,
    DeviceCMYK,
    CalRGB(CalRGB),
    CalGray(CalGray),
    Lab(Lab),
    ICCBased(Vec<u8>)
}

#[derive(Clone)]
pub struct Separation {
    name: String,
    alternate_space: AlternateColorSpace,
    tint_transform: Box<Function>,
}

#[derive(Clone)]
pub enum ColorSpace {
    DeviceGray,
    DeviceRGB,
    DeviceCMYK,
    DeviceN,
    Pattern,
    CalRGB(CalRGB),
    CalGray(CalGray),
    Lab(Lab),
    Separation(Separation),
    ICCBased(Vec<u8>),
    /// tokku patch: an Indexed colour space (upstream panicked on it).
    Indexed,
}

// tokku patch: a colour space that cannot be read (missing resource, unknown family,
// malformed parameters; upstream panicked on each) falls back to DeviceGray: colour
// does not change the text, and the operator goes on. `Indexed` is a family of its own.
fn make_colorspace<'a>(doc: &'a Document, name: &[u8], resources: &'a Dictionary) -> ColorSpace {
    match name {
        b"DeviceGray" => ColorSpace::DeviceGray,
        b"DeviceRGB" => ColorSpace::DeviceRGB,
        b"DeviceCMYK" => ColorSpace::DeviceCMYK,
        b"Pattern" => ColorSpace::Pattern,
        _ => {
            let cs = maybe_get::<&Dictionary>(doc, resources, b"ColorSpace")
                .and_then(|colorspaces| maybe_get_obj(doc, colorspaces, name));
            match cs.and_then(|cs| colorspace_object(doc, cs)) {
                Some(cs) => cs,
                None => {
                    warn!("unreadable colour space {:?}; using DeviceGray", pdf_to_utf8(name));
                    ColorSpace::DeviceGray
                }
            }
        }
    }
}

fn cal_gray(doc: &Document, dict: &Dictionary) -> Option<CalGray> {
    Some(CalGray {
        white_point: maybe_get(doc, dict, b"WhitePoint")?,
        black_point: maybe_get(doc, dict, b"BlackPoint"),
        gamma: maybe_get(doc, dict, b"Gamma"),
    })
}

fn cal_rgb(doc: &Document, dict: &Dictionary) -> Option<CalRGB> {
    Some(CalRGB {
        white_point: maybe_get(doc, dict, b"WhitePoint")?,
        black_point: maybe_get(doc, dict, b"BlackPoint"),
        gamma: maybe_get(doc, dict, b"Gamma"),
        matrix: maybe_get(doc, dict, b"Matrix"),
    })
}

fn lab(doc: &Document, dict: &Dictionary) -> Option<Lab> {
    Some(Lab {
        white_point: maybe_get(doc, dict, b"WhitePoint")?,
        black_point: maybe_get(doc, dict, b"BlackPoint"),
        range: maybe_get(doc, dict, b"Range"),
    })
}

fn colorspace_object<'a>(doc: &'a Document, cs: &'a Object) -> Option<ColorSpace> {
    if let Ok(name) = cs.as_name() {
        return match name {
            b"DeviceRGB" | b"RGB" => Some(ColorSpace::DeviceRGB),
            b"DeviceGray" | b"G" => Some(ColorSpace::DeviceGray),
            b"DeviceCMYK" | b"CMYK" => Some(ColorSpace::DeviceCMYK),
            b"Pattern" => Some(ColorSpace::Pattern),
            _ => None,
        };
    }
    let cs = cs.as_array().ok()?;
    let family = cs.first()?.as_name().ok()?;
    let param = |i: usize| cs.get(i).map(|o| maybe_deref(doc, o));
    let param_dict = |i: usize| param(i).and_then(|o| o.as_dict().ok());
    Some(match family {
        b"Separation" => {
            let name = pdf_to_utf8(param(1)?.as_name().ok()?);
            let alternate_space = match param(2)? {
                Object::Name(name) => match &name[..] {
                    b"DeviceGray" => AlternateColorSpace::DeviceGray,
                    b"DeviceRGB" => AlternateColorSpace::DeviceRGB,
                    b"DeviceCMYK" => AlternateColorSpace::DeviceCMYK,
                    _ => return None,
                },
                Object::Array(alt) => {
                    let alt_param = |i: usize| alt.get(i).map(|o| maybe_deref(doc, o));
                    match alt.first()?.as_name().ok()? {
                        b"ICCBased" => AlternateColorSpace::ICCBased(get_contents(alt_param(1)?.as_stream().ok()?)),
                        b"CalGray" => AlternateColorSpace::CalGray(cal_gray(doc, alt_param(1)?.as_dict().ok()?)?),
                        b"CalRGB" => AlternateColorSpace::CalRGB(cal_rgb(doc, alt_param(1)?.as_dict().ok()?)?),
                        b"Lab" => AlternateColorSpace::Lab(lab(doc, alt_param(1)?.as_dict().ok()?)?),
                        _ => return None,
                    }
                }
                _ => return None,
            };
            let tint_transform = Box::new(Function::new(doc, param(3)?)?);
            ColorSpace::Separation(Separation { name, alternate_space, tint_transform })
        }
        b"ICCBased" => ColorSpace::ICCBased(get_contents(param(1)?.as_stream().ok()?)),
        b"CalGray" => ColorSpace::CalGray(cal_gray(doc, param_dict(1)?)?),
        b"CalRGB" => ColorSpace::CalRGB(cal_rgb(doc, param_dict(1)?)?),
        b"Lab" => ColorSpace::Lab(lab(doc, param_dict(1)?)?),
        b"Pattern" => ColorSpace::Pattern,
        b"Indexed" | b"I" => ColorSpace::Indexed,
        b"DeviceGray" | b"G" => ColorSpace::DeviceGray,
        b"DeviceRGB" | b"RGB" => ColorSpace::DeviceRGB,
        b"DeviceCMYK" | b"CMYK" => ColorSpace::DeviceCMYK,
        b"DeviceN" => ColorSpace::DeviceN,
        _ => return None,
    })
}

struct Processor<'a> {
    // Inline (direct) font dictionaries, keyed by resource name; cleared per page.
    font_table: HashMap<Vec<u8>, Rc<dyn PdfFont + 'a>>,
    // tokku patch: fonts referenced indirectly, keyed by the font dictionary's object
    // id, kept for the whole document so each font is built (ToUnicode inflated and
    // parsed, encoding and widths read) once instead of once per page.
    font_cache: HashMap<ObjectId, Rc<dyn PdfFont + 'a>>,
    _none: PhantomData<&'a ()>,
}

impl<'a> Processor<'a> {
    fn new() -> Processor<'a> {
        Processor { font_table: HashMap::new(), font_cache: HashMap::new(), _none: PhantomData }
    }

    // tokku patch: `ctm` is the initial transformation (identity for a page; the
    // caller's CTM times the form's /Matrix for a form XObject, ISO 32000-1 8.10.1:
    // upstream drew forms in an identity CTM, misplacing their text). A content
    // stream that does not parse is an `OutputError::Unreadable`; an operator that
    // cannot be executed (wrong operand count or types, a missing resource) is
    // skipped and reported through `OutputDev::operator_skipped`.
    fn process_stream(&mut self, doc: &'a Document, content: Vec<u8>, resources: &'a Dictionary, media_box: &MediaBox, output: &mut dyn OutputDev, page_num: u32, ctm: Transform) -> Result<(), OutputError> {
        // tokku patch: lopdf's parser stops at the first token it cannot read and
        // returns the operations before it (a comment glued to an operator, as in
        // `re%`, ended the page there). When it does not read the whole stream, the
        // stream is read again by `lenient_content`, which skips what it cannot read.
        // tokku patch: the fast path first (plain syntax, lopdf's exact result; None on
        // anything else, PATCHES.md §4), then lopdf, then the lenient reader.
        let content = match fast_content::decode(&content) {
            Some(content) => content,
            None => match Content::decode_strict(&content) {
                Ok(content) => content,
                Err(_) => Content { operations: lenient_content(&content) },
            },
        };
        let mut gs: GraphicsState = GraphicsState {
            ts: TextState {
                font: None,
                font_size: std::f64::NAN,
                character_spacing: 0.,
                word_spacing: 0.,
                horizontal_scaling: 100. / 100.,
                leading: 0.,
                rise: 0.,
                tm: Transform2D::identity(),
            },
            fill_color: Vec::new(),
            fill_colorspace: ColorSpace::DeviceGray,
            stroke_color: Vec::new(),
            stroke_colorspace: ColorSpace::DeviceGray,
            line_width: 1.,
            ctm,
            smask: None
        };
        //let mut ts = &mut gs.ts;
        let mut gs_stack = Vec::new();
        let mut mc_stack = Vec::new();
        // XXX: replace tlm with a point for text start
        let mut tlm = Transform2D::identity();
        let mut path = Path::new();
        let flip_ctm = Transform2D::row_major(1., 0., 0., -1., 0., media_box.ury - media_box.lly);
        dlog!("MediaBox {:?}", media_box);
        for operation in &content.operations {
            //dlog!("op: {:?}", operation);
          let outcome = (|| -> Result<(), OpError> {
            match operation.operator.as_ref() {
                "BT" => {
                    tlm = Transform2D::identity();
                    gs.ts.tm = tlm;
                }
                "ET" => {
                    tlm = Transform2D::identity();
                    gs.ts.tm = tlm;
                }
                "cm" => {
                    let m = Transform2D::row_major(num(operation, 0)?,
                                                   num(operation, 1)?,
                                                   num(operation, 2)?,
                                                   num(operation, 3)?,
                                                   num(operation, 4)?,
                                                   num(operation, 5)?);
                    gs.ctm = gs.ctm.pre_transform(&m);
                    dlog!("matrix {:?}", gs.ctm);
                }
                "CS" => {
                    let name = name_operand(operation, 0)?;
                    gs.stroke_colorspace = make_colorspace(doc, name, resources);
                }
                "cs" => {
                    let name = name_operand(operation, 0)?;
                    gs.fill_colorspace = make_colorspace(doc, name, resources);
                }
                // tokku patch: non-numeric operands (a pattern name) are left out.
                "SC" | "SCN" => {
                    gs.stroke_color = match gs.stroke_colorspace {
                        ColorSpace::Pattern => { dlog!("unhandled pattern color"); Vec::new() }
                        _ => { operation.operands.iter().filter_map(as_opt_num).collect() }
                    };
                }
                "sc" | "scn" => {
                    gs.fill_color = match gs.fill_colorspace {
                        ColorSpace::Pattern => { dlog!("unhandled pattern color"); Vec::new() }
                        _ => { operation.operands.iter().filter_map(as_opt_num).collect() }
                    };
                }
                "G" | "g" | "RG" | "rg" | "K" | "k" => {
                    dlog!("unhandled color operation {:?}", operation);
                }
                "TJ" => {
                    match *operand(operation, 0)? {
                        Object::Array(ref array) => {
                            for e in array {
                                match e {
                                    &Object::String(ref s, _) => {
                                        show_text(&mut gs, s, &tlm, &flip_ctm, output)?;
                                    }
                                    &Object::Integer(i) => {
                                        let ts = &mut gs.ts;
                                        let w0 = 0.;
                                        let tj = i as f64;
                                        // tokku patch: vertical fonts move down (9.4.3).
                                        let vertical = ts.font.as_ref().is_some_and(|f| f.is_vertical());
                                        let (tx, ty) = if vertical { (0., -tj / 1000. * ts.font_size) } else { (ts.horizontal_scaling * ((w0 - tj / 1000.) * ts.font_size), 0.) };
                                        ts.tm = ts.tm.pre_transform(&Transform2D::create_translation(tx, ty));
                                        dlog!("adjust text by: {} {:?}", i, ts.tm);
                                    }
                                    &Object::Real(i) => {
                                        let ts = &mut gs.ts;
                                        let w0 = 0.;
                                        let tj = i as f64;
                                        let vertical = ts.font.as_ref().is_some_and(|f| f.is_vertical());
                                        let (tx, ty) = if vertical { (0., -tj / 1000. * ts.font_size) } else { (ts.horizontal_scaling * ((w0 - tj / 1000.) * ts.font_size), 0.) };
                                        ts.tm = ts.tm.pre_transform(&Transform2D::create_translation(tx, ty));
                                        dlog!("adjust text by: {} {:?}", i, ts.tm);
                                    }
                                    _ => { dlog!("kind of {:?}", e); }
                                }
                            }
                        }
                        _ => {}
                    }
                }
                "Tj" => {
                    match *operand(operation, 0)? {
                        Object::String(ref s, _) => {
                            show_text(&mut gs, s, &tlm, &flip_ctm, output)?;
                        }
                        _ => { return Err(OpError::skip("the operand is not a string")) }
                    }
                }
                "'" | "\"" => {
                    // tokku patch: ISO 32000-1 9.4.3. `aw ac string "` sets word spacing
                    // aw and character spacing ac, then acts as `string '`, which is
                    // T* followed by Tj. Upstream ignored both, dropping their text.
                    let text = if operation.operator == "'" {
                        operation.operands.get(0)
                    } else {
                        match (operation.operands.get(0).and_then(as_opt_num), operation.operands.get(1).and_then(as_opt_num)) {
                            (Some(aw), Some(ac)) => {
                                gs.ts.word_spacing = aw;
                                gs.ts.character_spacing = ac;
                                operation.operands.get(2)
                            }
                            _ => None,
                        }
                    };
                    match text {
                        Some(Object::String(s, _)) => {
                            tlm = tlm.pre_transform(&Transform2D::create_translation(0., -gs.ts.leading));
                            gs.ts.tm = tlm;
                            output.end_line()?;
                            show_text(&mut gs, s, &tlm, &flip_ctm, output)?;
                        }
                        _ => { dlog!("malformed text operation {:?}", operation); }
                    }
                }
                "Tc" => {
                    gs.ts.character_spacing = num(operation, 0)?;
                }
                "Tw" => {
                    gs.ts.word_spacing = num(operation, 0)?;
                }
                "Tz" => {
                    gs.ts.horizontal_scaling = num(operation, 0)? / 100.;
                }
                "TL" => {
                    gs.ts.leading = num(operation, 0)?;
                }
                "Tf" => {
                    let fonts: &Dictionary = maybe_get(doc, resources, b"Font").ok_or_else(|| OpError::skip("no /Font resources"))?;
                    let name = name_operand(operation, 0)?;
                    let font_dict: &Dictionary = maybe_get(doc, fonts, name).ok_or_else(|| OpError::skip(format!("no font /{}", pdf_to_utf8(name))))?;
                    // tokku patch: a font given by reference is cached by its object id
                    // (the name is only meaningful within these resources); inline
                    // font dictionaries keep the per-page cache by name.
                    let font = match fonts.get(name) {
                        Ok(&Object::Reference(id)) => self.font_cache.entry(id).or_insert_with(|| make_font(doc, font_dict)).clone(),
                        _ => self.font_table.entry(name.to_owned()).or_insert_with(|| make_font(doc, font_dict)).clone(),
                    };
                    {
                        /*let file = font.get_descriptor().and_then(|desc| desc.get_file());
                    if let Some(file) = file {
                        let file_contents = filter_data(file.as_stream().unwrap());
                        let mut cursor = Cursor::new(&file_contents[..]);
                        //let f = Font::read(&mut cursor);
                        //dlog!("font file: {:?}", f);
                    }*/
                    }
                    gs.ts.font = Some(font);

                    gs.ts.font_size = num(operation, 1)?;
                    dlog!("font {} size: {} {:?}", pdf_to_utf8(name), gs.ts.font_size, operation);
                }
                "Ts" => {
                    gs.ts.rise = num(operation, 0)?;
                }
                "Tm" => {
                    tlm = Transform2D::row_major(num(operation, 0)?,
                                                 num(operation, 1)?,
                                                 num(operation, 2)?,
                                                 num(operation, 3)?,
                                                 num(operation, 4)?,
                                                 num(operation, 5)?);
                    gs.ts.tm = tlm;
                    dlog!("Tm: matrix {:?}", gs.ts.tm);
                    output.end_line()?;
                }
                "Td" => {
                    /* Move to the start of the next line, offset from the start of the current line by (tx , ty ).
                   tx and ty are numbers expressed in unscaled text space units.
                   More precisely, this operator performs the following assignments:
                 */
                    let tx = num(operation, 0)?;
                    let ty = num(operation, 1)?;
                    dlog!("translation: {} {}", tx, ty);

                    tlm = tlm.pre_transform(&Transform2D::create_translation(tx, ty));
                    gs.ts.tm = tlm;
                    dlog!("Td matrix {:?}", gs.ts.tm);
                    output.end_line()?;
                }

                "TD" => {
                    /* Move to the start of the next line, offset from the start of the current line by (tx , ty ).
                   As a side effect, this operator sets the leading parameter in the text state.
                 */
                    let tx = num(operation, 0)?;
                    let ty = num(operation, 1)?;
                    dlog!("translation: {} {}", tx, ty);
                    gs.ts.leading = -ty;

                    tlm = tlm.pre_transform(&Transform2D::create_translation(tx, ty));
                    gs.ts.tm = tlm;
                    dlog!("TD matrix {:?}", gs.ts.tm);
                    output.end_line()?;
                }

                "T*" => {
                    let tx = 0.0;
                    let ty = -gs.ts.leading;

                    tlm = tlm.pre_transform(&Transform2D::create_translation(tx, ty));
                    gs.ts.tm = tlm;
                    dlog!("T* matrix {:?}", gs.ts.tm);
                    output.end_line()?;
                }
                "q" => { gs_stack.push(gs.clone()); }
                "Q" => {
                    let s = gs_stack.pop();
                    if let Some(s) = s {
                        gs = s;
                    } else {
                        warn!("No state to pop");
                    }
                }
                "gs" => {
                    let ext_gstate: &Dictionary = maybe_get(doc, resources, b"ExtGState").ok_or_else(|| OpError::skip("no /ExtGState resources"))?;
                    let name = name_operand(operation, 0)?;
                    let state: &Dictionary = maybe_get(doc, ext_gstate, name).ok_or_else(|| OpError::skip("no such graphics state"))?;
                    apply_state(doc, &mut gs, state);
                }
                "i" => { dlog!("unhandled graphics state flattness operator {:?}", operation); }
                "w" => { gs.line_width = num(operation, 0)?; }
                "J" | "j" | "M" | "d" | "ri"  => { dlog!("unknown graphics state operator {:?}", operation); }
                "m" => { path.ops.push(PathOp::MoveTo(num(operation, 0)?, num(operation, 1)?)) }
                "l" => { path.ops.push(PathOp::LineTo(num(operation, 0)?, num(operation, 1)?)) }
                "c" => {
                    path.ops.push(PathOp::CurveTo(
                        num(operation, 0)?,
                        num(operation, 1)?,
                        num(operation, 2)?,
                        num(operation, 3)?,
                        num(operation, 4)?,
                        num(operation, 5)?))
                }
                "v" => {
                    let (x, y) = path.current_point().ok_or_else(|| OpError::skip("no current point"))?;
                    path.ops.push(PathOp::CurveTo(
                        x,
                        y,
                        num(operation, 0)?,
                        num(operation, 1)?,
                        num(operation, 2)?,
                        num(operation, 3)?))
                }
                "y" => {
                    path.ops.push(PathOp::CurveTo(
                        num(operation, 0)?,
                        num(operation, 1)?,
                        num(operation, 2)?,
                        num(operation, 3)?,
                        num(operation, 2)?,
                        num(operation, 3)?))
                }
                "h" => { path.ops.push(PathOp::Close) }
                "re" => {
                    path.ops.push(PathOp::Rect(num(operation, 0)?,
                                               num(operation, 1)?,
                                               num(operation, 2)?,
                                               num(operation, 3)?))
                }
                "s" | "f*" | "B" | "B*" | "b" => {
                    dlog!("unhandled path op {:?}", operation);
                }
                "S" => {
                    output.stroke(&gs.ctm, &gs.stroke_colorspace, &gs.stroke_color, &path)?;
                    path.ops.clear();
                }
                "F" | "f" => {
                    output.fill(&gs.ctm, &gs.fill_colorspace, &gs.fill_color, &path)?;
                    path.ops.clear();
                }
                "W" | "w*" => { dlog!("unhandled clipping operation {:?}", operation); }
                "n" => {
                    dlog!("discard {:?}", path);
                    path.ops.clear();
                }
                "BMC" | "BDC" => {
                    mc_stack.push(operation);
                }
                "EMC" => {
                    mc_stack.pop();
                }
                "Do" => {
                    // `Do` process an entire subdocument, so we do a recursive call to `process_stream`
                    // with the subdocument content and resources
                    let xobject: &Dictionary = maybe_get(doc, resources, b"XObject").ok_or_else(|| OpError::skip("no /XObject resources"))?;
                    let name = name_operand(operation, 0)?;
                    let xf: &Stream = maybe_get(doc, xobject, name).ok_or_else(|| OpError::skip(format!("no XObject /{}", pdf_to_utf8(name))))?;
                    // tokku patch: only forms have content to interpret (images and
                    // PostScript XObjects are skipped); the form is drawn under
                    // its /Matrix and the current CTM.
                    if maybe_get_name(doc, &xf.dict, b"Subtype").is_some_and(|s| s != b"Form") {
                        return Ok(());
                    }
                    let resources = maybe_get_obj(&doc, &xf.dict, b"Resources").and_then(|n| n.as_dict().ok()).unwrap_or(resources);
                    let matrix = maybe_get::<Vec<f64>>(doc, &xf.dict, b"Matrix")
                        .filter(|m| m.len() == 6)
                        .map_or(Transform2D::identity(), |m| Transform2D::row_major(m[0], m[1], m[2], m[3], m[4], m[5]));
                    let contents = get_contents(xf);
                    match self.process_stream(&doc, contents, resources, &media_box, output, page_num, gs.ctm.pre_transform(&matrix)) {
                        Err(OutputError::Unreadable(why)) => return Err(OpError::Skip(format!("form /{}: {}", pdf_to_utf8(name), why))),
                        other => other?,
                    }
                }
                _ => { dlog!("unknown operation {:?}", operation); }

            }
            Ok(())
          })();
            match outcome {
                Ok(()) => {}
                Err(OpError::Output(e)) => return Err(e),
                Err(OpError::Skip(why)) => {
                    warn!("skipped operator {} on page {}: {}", operation.operator, page_num, why);
                    output.operator_skipped(page_num, &operation.operator, &why)?;
                }
            }
        }
        Ok(())
    }
}


pub trait OutputDev {
    fn begin_page(&mut self, page_num: u32, media_box: &MediaBox, art_box: Option<(f64, f64, f64, f64)>)-> Result<(), OutputError>;
    fn end_page(&mut self)-> Result<(), OutputError>;
    fn output_character(&mut self, trm: &Transform, width: f64, spacing: f64, font_size: f64, char: &str) -> Result<(), OutputError>;
    fn begin_word(&mut self)-> Result<(), OutputError>;
    fn end_word(&mut self)-> Result<(), OutputError>;
    fn end_line(&mut self)-> Result<(), OutputError>;
    fn stroke(&mut self, _ctm: &Transform, _colorspace: &ColorSpace, _color: &[f64], _path: &Path)-> Result<(), OutputError> {Ok(())}
    fn fill(&mut self, _ctm: &Transform, _colorspace: &ColorSpace, _color: &[f64], _path: &Path)-> Result<(), OutputError> {Ok(())}
    /// tokku patch: an operator on page `page_num` was skipped because it could not be
    /// executed (`reason`); the page goes on.
    fn operator_skipped(&mut self, _page_num: u32, _operator: &str, _reason: &str) -> Result<(), OutputError> {Ok(())}
    /// tokku patch: page `page_num` could not be interpreted (`reason`); what it drew
    /// before the failure was delivered, its `end_page` was called, and the next page
    /// follows.
    fn page_unreadable(&mut self, _page_num: u32, _reason: &str) -> Result<(), OutputError> {Ok(())}
}


pub struct HTMLOutput<'a>  {
    file: &'a mut dyn std::io::Write,
    flip_ctm: Transform,
    last_ctm: Transform,
    buf_ctm: Transform,
    buf_font_size: f64,
    buf: String
}

fn insert_nbsp(input: &str) -> String {
    let mut result = String::new();
    let mut word_end = false;
    let mut chars = input.chars().peekable();
    while let Some(c) = chars.next() {
        if c == ' ' {
            if !word_end || chars.peek().filter(|x| **x != ' ').is_none() {
                result += "&nbsp;";
            } else {
                result += " ";
            }
            word_end = false;
        } else {
            word_end = true;
            result.push(c);
        }
    }
    result
}

impl<'a> HTMLOutput<'a> {
    pub fn new(file: &mut dyn std::io::Write) -> HTMLOutput {
        HTMLOutput {
            file,
            flip_ctm: Transform2D::identity(),
            last_ctm: Transform2D::identity(),
            buf_ctm: Transform2D::identity(),
            buf: String::new(),
            buf_font_size: 0.,
        }
    }
    fn flush_string(&mut self) -> Result<(), OutputError>{
        if self.buf.len() != 0 {

            let position = self.buf_ctm.post_transform(&self.flip_ctm);
            let transformed_font_size_vec = self.buf_ctm.transform_vector(vec2(self.buf_font_size, self.buf_font_size));
            // get the length of one sized of the square with the same area with a rectangle of size (x, y)
            let transformed_font_size = (transformed_font_size_vec.x * transformed_font_size_vec.y).sqrt();
            let (x, y) = (position.m31, position.m32);
            warn!("flush {} {:?}", self.buf, (x,y));

            write!(self.file, "<div style='position: absolute; left: {}px; top: {}px; font-size: {}px'>{}</div>\n",
                   x, y, transformed_font_size, insert_nbsp(&self.buf))?;
        }
        Ok(())
    }
}

type ArtBox = (f64, f64, f64, f64);

impl<'a> OutputDev for HTMLOutput<'a> {
    fn begin_page(&mut self, page_num: u32, media_box: &MediaBox, _: Option<ArtBox>) -> Result<(), OutputError> {
        write!(self.file, "<meta charset='utf-8' /> ")?;
        write!(self.file, "<!-- page {} -->", page_num)?;
        write!(self.file, "<div id='page{}' style='position: relative; height: {}px; width: {}px; border: 1px black solid'>", page_num, media_box.ury - media_box.lly, media_box.urx - media_box.llx)?;
        self.flip_ctm = Transform::row_major(1., 0., 0., -1., 0., media_box.ury - media_box.lly);
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        self.flush_string()?;
        self.buf = String::new();
        self.last_ctm = Transform::identity();
        write!(self.file, "</div>")?;
        Ok(())
    }
    fn output_character(&mut self, trm: &Transform, width: f64, spacing: f64, font_size: f64, char: &str) -> Result<(), OutputError>{
        if trm.approx_eq(&self.last_ctm) {
            let position = trm.post_transform(&self.flip_ctm);
            let (x, y) = (position.m31, position.m32);

            warn!("accum {} {:?}", char, (x,y));
            self.buf += char;
        } else {
            warn!("flush {} {:?} {:?} {} {} {}", char, trm, self.last_ctm, width, font_size, spacing);
            self.flush_string()?;
            self.buf = char.to_owned();
            self.buf_font_size = font_size;
            self.buf_ctm = *trm;
        }
        let position = trm.post_transform(&self.flip_ctm);
        let transformed_font_size_vec = trm.transform_vector(vec2(font_size, font_size));
        // get the length of one sized of the square with the same area with a rectangle of size (x, y)
        let transformed_font_size = (transformed_font_size_vec.x * transformed_font_size_vec.y).sqrt();
        let (x, y) = (position.m31, position.m32);
        write!(self.file, "<div style='position: absolute; color: red; left: {}px; top: {}px; font-size: {}px'>{}</div>",
               x, y, transformed_font_size, char)?;
        self.last_ctm = trm.pre_transform(&Transform2D::create_translation(width * font_size + spacing, 0.));

        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {Ok(())}
    fn end_word(&mut self) -> Result<(), OutputError> {Ok(())}
    fn end_line(&mut self) -> Result<(), OutputError> {Ok(())}
}

pub struct SVGOutput<'a>  {
    file: &'a mut dyn std::io::Write
}
impl<'a> SVGOutput<'a> {
    pub fn new(file: &mut dyn std::io::Write) -> SVGOutput {
        SVGOutput{file}
    }
}

impl<'a> OutputDev for SVGOutput<'a> {
    fn begin_page(&mut self, _page_num: u32, media_box: &MediaBox, art_box: Option<(f64, f64, f64, f64)>) -> Result<(), OutputError> {
        let ver = 1.1;
        write!(self.file, "<?xml version=\"1.0\" encoding=\"UTF-8\" ?>\n")?;
        if ver == 1.1 {
            write!(self.file, r#"<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" "http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">"#)?;
        } else {
            write!(self.file, r#"<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.0//EN" "http://www.w3.org/TR/2001/REC-SVG-20010904/DTD/svg10.dtd">"#)?;
        }
        if let Some(art_box) = art_box {
            let width = art_box.2 - art_box.0;
            let height = art_box.3 - art_box.1;
            let y = media_box.ury - art_box.1 - height;
            write!(self.file, "<svg width=\"{}\" height=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" version=\"{}\" viewBox='{} {} {} {}'>", width, height, ver, art_box.0, y, width, height)?;
        } else {
            let width = media_box.urx - media_box.llx;
            let height = media_box.ury - media_box.lly;
            write!(self.file, "<svg width=\"{}\" height=\"{}\" xmlns=\"http://www.w3.org/2000/svg\" version=\"{}\" viewBox='{} {} {} {}'>", width, height, ver, media_box.llx, media_box.lly, width, height)?;
        }
        write!(self.file, "\n")?;
        type Mat = Transform;

        let ctm = Mat::create_scale(1., -1.).post_translate(vec2(0., media_box.ury));
        write!(self.file, "<g transform='matrix({}, {}, {}, {}, {}, {})'>\n",
               ctm.m11,
               ctm.m12,
               ctm.m21,
               ctm.m22,
               ctm.m31,
               ctm.m32,
        )?;
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError>{
        write!(self.file, "</g>\n")?;
        write!(self.file, "</svg>")?;
        Ok(())
    }
    fn output_character(&mut self, _trm: &Transform, _width: f64, _spacing: f64, _font_size: f64, _char: &str) -> Result<(), OutputError>{
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {Ok(())}
    fn end_word(&mut self) -> Result<(), OutputError> {Ok(())}
    fn end_line(&mut self) -> Result<(), OutputError> {Ok(())}
    fn fill(&mut self, ctm: &Transform, _colorspace: &ColorSpace, _color: &[f64], path: &Path) -> Result<(), OutputError>{
        write!(self.file, "<g transform='matrix({}, {}, {}, {}, {}, {})'>",
               ctm.m11,
               ctm.m12,
               ctm.m21,
               ctm.m22,
               ctm.m31,
               ctm.m32,
        )?;

        /*if path.ops.len() == 1 {
            if let PathOp::Rect(x, y, width, height) = path.ops[0] {
                write!(self.file, "<rect x={} y={} width={} height={} />\n", x, y, width, height);
                write!(self.file, "</g>");
                return;
            }
        }*/
        let mut d = Vec::new();
        for op in &path.ops {
            match op {
                &PathOp::MoveTo(x, y) => { d.push(format!("M{} {}", x, y))}
                &PathOp::LineTo(x, y) => { d.push(format!("L{} {}", x, y))},
                &PathOp::CurveTo(x1, y1, x2, y2, x, y) => { d.push(format!("C{} {} {} {} {} {}", x1, y1, x2, y2, x, y))},
                &PathOp::Close => { d.push(format!("Z"))},
                &PathOp::Rect(x, y, width, height) => {
                    d.push(format!("M{} {}", x, y));
                    d.push(format!("L{} {}", x + width, y));
                    d.push(format!("L{} {}", x + width, y + height));
                    d.push(format!("L{} {}", x, y + height));
                    d.push(format!("Z"));
                }

            }
        }
        write!(self.file, "<path d='{}' />", d.join(" "))?;
        write!(self.file, "</g>")?;
        write!(self.file, "\n")?;
        Ok(())
    }
}

/*
File doesn't implement std::fmt::Write so we have
to do some gymnastics to accept a File or String
See https://github.com/rust-lang/rust/issues/51305
*/

pub trait ConvertToFmt {
    type Writer: std::fmt::Write;
    fn convert(self) -> Self::Writer;
}

impl<'a> ConvertToFmt for &'a mut String {
    type Writer = &'a mut String;
    fn convert(self) -> Self::Writer {
        self
    }
}

pub struct WriteAdapter<W> {
    f: W,
}

impl<W: std::io::Write> std::fmt::Write for WriteAdapter<W> {
    fn write_str(&mut self, s: &str) -> Result<(), std::fmt::Error> {
        self.f.write_all(s.as_bytes()).map_err(|_| fmt::Error)
    }
}

impl<'a> ConvertToFmt for &'a mut dyn std::io::Write {
    type Writer = WriteAdapter<Self>;
    fn convert(self) -> Self::Writer {
        WriteAdapter { f: self }
    }
}

impl<'a> ConvertToFmt for &'a mut File {
    type Writer = WriteAdapter<Self>;
    fn convert(self) -> Self::Writer {
        WriteAdapter { f: self }
    }
}

pub struct PlainTextOutput<W: ConvertToFmt>   {
    writer: W::Writer,
    last_end: f64,
    last_y: f64,
    first_char: bool,
    flip_ctm: Transform,
}

impl<W: ConvertToFmt> PlainTextOutput<W> {
    pub fn new(writer: W) -> PlainTextOutput<W> {
        PlainTextOutput{
            writer: writer.convert(),
            last_end: 100000.,
            first_char: false,
            last_y: 0.,
            flip_ctm: Transform2D::identity(),
        }
    }
}

/* There are some structural hints that PDFs can use to signal word and line endings:
 * however relying on these is not likely to be sufficient. */
impl<W: ConvertToFmt> OutputDev for PlainTextOutput<W> {
    fn begin_page(&mut self, _page_num: u32, media_box: &MediaBox, _: Option<ArtBox>) -> Result<(), OutputError> {
        self.flip_ctm = Transform2D::row_major(1., 0., 0., -1., 0., media_box.ury - media_box.lly);
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(&mut self, trm: &Transform, width: f64, _spacing: f64, font_size: f64, char: &str) -> Result<(), OutputError> {
        let position = trm.post_transform(&self.flip_ctm);
        let transformed_font_size_vec = trm.transform_vector(vec2(font_size, font_size));
        // get the length of one sized of the square with the same area with a rectangle of size (x, y)
        let transformed_font_size = (transformed_font_size_vec.x*transformed_font_size_vec.y).sqrt();
        let (x, y) = (position.m31, position.m32);
        use std::fmt::Write;
        //dlog!("last_end: {} x: {}, width: {}", self.last_end, x, width);
        if self.first_char {
            if (y - self.last_y).abs() > transformed_font_size * 1.5 {
                write!(self.writer, "\n")?;
            }

            // we've moved to the left and down
            if x < self.last_end && (y - self.last_y).abs() > transformed_font_size * 0.5 {
                write!(self.writer, "\n")?;
            }

            if x > self.last_end + transformed_font_size * 0.1 {
                dlog!("width: {}, space: {}, thresh: {}", width, x - self.last_end, transformed_font_size * 0.1);
                write!(self.writer, " ")?;
            }
        }
        //let norm = unicode_normalization::UnicodeNormalization::nfkc(char);
        write!(self.writer, "{}", char)?;
        self.first_char = false;
        self.last_y = y;
        self.last_end = x + width * transformed_font_size;
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        self.first_char = true;
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {Ok(())}
    fn end_line(&mut self) -> Result<(), OutputError>{
        //write!(self.file, "\n");
        Ok(())
    }
}


pub fn print_metadata(doc: &Document) {
    dlog!("Version: {}", doc.version);
    if let Some(ref info) = get_info(&doc) {
        for (k, v) in *info {
            match v {
                &Object::String(ref s, StringFormat::Literal) => { dlog!("{}: {}", pdf_to_utf8(k), pdf_to_utf8(s)); }
                _ => {}
            }
        }
    }
    dlog!("Page count: {}", get::<i64>(&doc, &get_pages(&doc), b"Count"));
    dlog!("Pages: {:?}", get_pages(&doc));
    dlog!("Type: {:?}", get_pages(&doc).get(b"Type").and_then(|x| x.as_name()).unwrap());
}

/// Extract the text from a pdf at `path` and return a `String` with the results
pub fn extract_text<P: std::convert::AsRef<std::path::Path>>(path: P) -> Result<String, OutputError> {
    let mut s = String::new();
    {
        let mut output = PlainTextOutput::new(&mut s);
        let mut doc = Document::load(path)?;
        maybe_decrypt(&mut doc)?;
        output_doc(&doc, &mut output)?;
    }
    Ok(s)
}

fn maybe_decrypt(doc: &mut Document) -> Result<(), OutputError> {
    if ! doc.is_encrypted() {
        return Ok(());
    }

    if let Err(e) = doc.decrypt("") {
        if let Error::Decryption(DecryptionError::IncorrectPassword) = e {
            error!("Encrypted documents must be decrypted with a password using {{extract_text|extract_text_from_mem|output_doc}}_encrypted")
        }

        return Err(OutputError::PdfError(e));
    }

    Ok(())
}

pub fn extract_text_encrypted<P: std::convert::AsRef<std::path::Path>>(
    path: P,
    password: &str,
) -> Result<String, OutputError> {
    let mut s = String::new();
    {
        let mut output = PlainTextOutput::new(&mut s);
        let mut doc = Document::load(path)?;
        output_doc_encrypted(&mut doc, &mut output, password)?;
    }
    Ok(s)
}

pub fn extract_text_from_mem(buffer: &[u8]) -> Result<String, OutputError> {
    let mut s = String::new();
    {
        let mut output = PlainTextOutput::new(&mut s);
        let mut doc = Document::load_mem(buffer)?;
        maybe_decrypt(&mut doc)?;
        output_doc(&doc, &mut output)?;
    }
    Ok(s)
}

pub fn extract_text_from_mem_encrypted(
    buffer: &[u8],
    password: &str,
) -> Result<String, OutputError> {
    let mut s = String::new();
    {
        let mut output = PlainTextOutput::new(&mut s);
        let mut doc = Document::load_mem(buffer)?;
        output_doc_encrypted(&mut doc, &mut output, password)?;
    }
    Ok(s)
}


fn extract_text_by_page(doc: &Document, page_num: u32) -> Result<String, OutputError> {
    let mut s = String::new();
    {
        let mut output = PlainTextOutput::new(&mut s);
        output_doc_page(doc, &mut output, page_num)?;
    }
    Ok(s)
}

/// Extract the text from a pdf at `path` and return a `Vec<String>` with the results separately by page

pub fn extract_text_by_pages<P: std::convert::AsRef<std::path::Path>>(path: P) -> Result<Vec<String>, OutputError> {
    let mut v = Vec::new();
    {
        let mut doc = Document::load(path)?;
        maybe_decrypt(&mut doc)?;
        let mut page_num = 1;
        while let Ok(content) = extract_text_by_page(&doc, page_num) {
            v.push(content);
            page_num += 1;
        }
    }
    Ok(v)
}

pub fn extract_text_by_pages_encrypted<P: std::convert::AsRef<std::path::Path>>(path: P, password: &str) -> Result<Vec<String>, OutputError> {
    let mut v = Vec::new();
    {
        let mut doc = Document::load(path)?;
        doc.decrypt(password)?;
        let mut page_num = 1;
        while let Ok(content) = extract_text_by_page(&mut doc, page_num) {
            v.push(content);
            page_num += 1;
        }
    }
    Ok(v)
}

pub fn extract_text_from_mem_by_pages(buffer: &[u8]) -> Result<Vec<String>, OutputError> {
    let mut v = Vec::new();
    {
        let mut doc = Document::load_mem(buffer)?;
        maybe_decrypt(&mut doc)?;
        let mut page_num = 1;
        while let Ok(content) = extract_text_by_page(&doc, page_num) {
            v.push(content);
            page_num += 1;
        }
    }
    Ok(v)
}

pub fn extract_text_from_mem_by_pages_encrypted(buffer: &[u8], password: &str) -> Result<Vec<String>, OutputError> {
    let mut v = Vec::new();
    {
        let mut doc = Document::load_mem(buffer)?;
        doc.decrypt(password)?;
        let mut page_num = 1;
        while let Ok(content) = extract_text_by_page(&doc, page_num) {
            v.push(content);
            page_num += 1;
        }
    }
    Ok(v)
}


fn get_inherited<'a, T: FromObj<'a>>(doc: &'a Document, dict: &'a Dictionary, key: &[u8]) -> Option<T> {
    let o: Option<T> = get(doc, dict, key);
    if let Some(o) = o {
        Some(o)
    } else {
        let parent = dict.get(b"Parent")
            .and_then(|parent| parent.as_reference())
            .and_then(|id| doc.get_dictionary(id)).ok()?;
        get_inherited(doc, parent, key)
    }
}

pub fn output_doc_encrypted(
    doc: &mut Document,
    output: &mut dyn OutputDev,
    password: &str,
) -> Result<(), OutputError> {
    doc.decrypt(password)?;
    output_doc(doc, output)
}

/// Parse a given document and output it to `output`
///
/// tokku patch: every page is interpreted on its own. A page that cannot be
/// interpreted (its content does not parse, or interpreting it panics) is reported
/// through `OutputDev::page_unreadable` with the reason, and the next page follows;
/// only errors of the output device itself stop the document.
pub fn output_doc(doc: &Document, output: &mut dyn OutputDev) -> Result<(), OutputError> {
    if doc.is_encrypted() {
        error!("Encrypted documents must be decrypted with a password using {{extract_text|extract_text_from_mem|output_doc}}_encrypted");
    }
    let empty_resources = Dictionary::new();
    let pages = doc.get_pages();
    let mut p = Processor::new();
    for dict in pages {
        let page_num = dict.0;
        let object_id = dict.1;
        output_page_recovering(page_num, object_id, doc, &mut p, output, &empty_resources)?;
    }
    Ok(())
}

/// tokku patch: one page under the page-level recovery of [`output_doc`].
fn output_page_recovering<'a>(page_num: u32, object_id: ObjectId, doc: &'a Document, p: &mut Processor<'a>, output: &mut dyn OutputDev, empty_resources: &'a Dictionary) -> Result<(), OutputError> {
    let mut page_open = false;
    let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
        output_doc_inner(page_num, object_id, doc, p, output, empty_resources, &mut page_open)
    }));
    let reason = match outcome {
        Ok(Ok(())) => return Ok(()),
        Ok(Err(OutputError::Unreadable(why))) => why,
        Ok(Err(e)) => return Err(e),
        Err(panic) => {
            let message = panic.downcast_ref::<&str>().map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "panic without a message".to_string());
            format!("the interpreter failed: {}", message)
        }
    };
    // Fonts built for this page may be half-made; forget them.
    p.font_table.clear();
    if page_open {
        output.end_page()?;
    }
    output.page_unreadable(page_num, &reason)
}

pub fn output_doc_page(doc: &Document, output: &mut dyn OutputDev, page_num: u32) -> Result<(), OutputError> {
    if doc.is_encrypted() {
        error!("Encrypted documents must be decrypted with a password using {{extract_text|extract_text_from_mem|output_doc}}_encrypted");
    }
    let empty_resources = Dictionary::new();
    let pages = doc.get_pages();
    let object_id = pages.get(&page_num).ok_or(lopdf::Error::PageNumberNotFound(page_num))?;
    let mut p = Processor::new();
    output_page_recovering(page_num, *object_id, doc, &mut p, output, &empty_resources)
}

/// US Letter, poppler's default for a page without a usable /MediaBox.
const DEFAULT_MEDIA_BOX: MediaBox = MediaBox { llx: 0., lly: 0., urx: 612., ury: 792. };

fn output_doc_inner<'a>(page_num: u32, object_id: ObjectId, doc: &'a Document, p: & mut Processor<'a>, output: &mut dyn OutputDev, empty_resources: &'a Dictionary, page_open: &mut bool) -> Result<(), OutputError> {
    // tokku patch: errors here make the page unreadable (see output_doc) instead of
    // panicking; a missing or short /MediaBox or /ArtBox is replaced or ignored.
    let page_dict = doc.get_object(object_id).ok().and_then(|o| o.as_dict().ok())
        .ok_or_else(|| OutputError::Unreadable(format!("page object {} {} R is not a dictionary", object_id.0, object_id.1)))?;
    dlog!("page {} {:?}", page_num, page_dict);
    // Font resource names (e.g. /F0) are only unique within a page's resource
    // dictionary; the same name can map to a different font on the next page.
    // Reset the font cache per page so a stale entry from an earlier page isn't
    // reused, which would decode text with the wrong font's ToUnicode CMap.
    p.font_table.clear();
    // XXX: Some pdfs lack a Resources directory
    let resources = get_inherited(doc, page_dict, b"Resources").unwrap_or(empty_resources);
    dlog!("resources {:?}", resources);
    // pdfium searches up the page tree for MediaBoxes as needed
    let media_box = match get_inherited::<Vec<f64>>(doc, page_dict, b"MediaBox") {
        Some(b) if b.len() >= 4 => MediaBox { llx: b[0], lly: b[1], urx: b[2], ury: b[3] },
        _ => {
            warn!("page {} has no usable MediaBox; using US Letter", page_num);
            DEFAULT_MEDIA_BOX
        }
    };
    let art_box = maybe_get::<Vec<f64>>(&doc, page_dict, b"ArtBox")
        .filter(|x| x.len() >= 4)
        .map(|x| (x[0], x[1], x[2], x[3]));
    output.begin_page(page_num, &media_box, art_box)?;
    *page_open = true;
    let content = page_content(doc, object_id);
    p.process_stream(&doc, content, resources, &media_box, output, page_num, Transform2D::identity())?;
    output_annotations(page_num, doc, page_dict, p, output, resources, &media_box)?;
    *page_open = false;
    output.end_page()?;
    Ok(())
}

/// tokku patch: draws the normal appearance streams of the page's annotations (form
/// field values, free text, stamps), as viewers and poppler do: each appearance is a
/// form XObject placed by ISO 32000-1 12.5.5 (its /BBox, transformed by its /Matrix,
/// mapped onto the annotation's /Rect). Hidden and NoView annotations are left out; an
/// appearance that cannot be read is reported as a skipped operator.
fn output_annotations<'a>(page_num: u32, doc: &'a Document, page_dict: &'a Dictionary, p: &mut Processor<'a>, output: &mut dyn OutputDev, page_resources: &'a Dictionary, media_box: &MediaBox) -> Result<(), OutputError> {
    let Some(annots) = maybe_get_array(doc, page_dict, b"Annots") else { return Ok(()) };
    let form = FormDefaults::of(doc);
    for annot in annots {
        let Ok(annot) = maybe_deref(doc, annot).as_dict() else { continue };
        const HIDDEN: i64 = 2;
        const NO_VIEW: i64 = 32;
        if maybe_get::<i64>(doc, annot, b"F").unwrap_or(0) & (HIDDEN | NO_VIEW) != 0 {
            continue;
        }
        let appearance = normal_appearance(doc, annot);
        // tokku patch (§7): a form field's value is drawn by tokku when it has no usable
        // appearance (or the form asks viewers to make them); check boxes and radio
        // buttons always draw their state as ☑ / ☐.
        if maybe_get_name(doc, annot, b"Subtype") == Some(b"Widget") {
            if let Some(field) = field_drawing(doc, annot, appearance.is_some(), form.as_ref()) {
                draw_field(doc, annot, &field, output)?;
                continue;
            }
        }
        let Some(appearance) = appearance else { continue };
        let (Some(rect), Some(bbox)) = (maybe_get::<Vec<f64>>(doc, annot, b"Rect"), maybe_get::<Vec<f64>>(doc, &appearance.dict, b"BBox")) else { continue };
        if rect.len() < 4 || bbox.len() < 4 {
            continue;
        }
        let matrix: Transform = maybe_get::<Vec<f64>>(doc, &appearance.dict, b"Matrix")
            .filter(|m| m.len() == 6)
            .map_or(Transform2D::identity(), |m| Transform2D::row_major(m[0], m[1], m[2], m[3], m[4], m[5]));
        let corners = [(bbox[0], bbox[1]), (bbox[2], bbox[1]), (bbox[0], bbox[3]), (bbox[2], bbox[3])]
            .map(|(x, y)| matrix.transform_point(Point2D::new(x, y)));
        let (bx0, bx1) = corners.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| (lo.min(c.x), hi.max(c.x)));
        let (by0, by1) = corners.iter().fold((f64::INFINITY, f64::NEG_INFINITY), |(lo, hi), c| (lo.min(c.y), hi.max(c.y)));
        let (rx0, ry0) = (rect[0].min(rect[2]), rect[1].min(rect[3]));
        let (rw, rh) = ((rect[2] - rect[0]).abs(), (rect[3] - rect[1]).abs());
        let sx = if bx1 - bx0 > 0. { rw / (bx1 - bx0) } else { 1. };
        let sy = if by1 - by0 > 0. { rh / (by1 - by0) } else { 1. };
        let fit = Transform2D::row_major(sx, 0., 0., sy, rx0 - bx0 * sx, ry0 - by0 * sy);
        let resources = maybe_get::<&Dictionary>(doc, &appearance.dict, b"Resources").unwrap_or(page_resources);
        match p.process_stream(doc, get_contents(appearance), resources, media_box, output, page_num, fit.pre_transform(&matrix)) {
            Ok(()) => {}
            Err(OutputError::Unreadable(why)) => output.operator_skipped(page_num, "annotation appearance", &why)?,
            Err(e) => return Err(e),
        }
    }
    Ok(())
}


/// tokku patch (§6): the normal appearance stream of an annotation: /AP /N, or its /AS
/// state when /N is a dictionary of states.
fn normal_appearance<'a>(doc: &'a Document, annot: &'a Dictionary) -> Option<&'a Stream> {
    let ap = maybe_get::<&Dictionary>(doc, annot, b"AP")?;
    match maybe_get_obj(doc, ap, b"N") {
        Some(Object::Stream(s)) => Some(s),
        Some(Object::Dictionary(states)) => {
            let state = maybe_get_name(doc, annot, b"AS")?;
            maybe_get::<&Stream>(doc, states, state)
        }
        _ => None,
    }
}

/// tokku patch (§7): the document's interactive form settings that fields inherit.
struct FormDefaults<'a> {
    /// /NeedAppearances true: viewers must make the fields' appearances themselves.
    need_appearances: bool,
    /// The form's default appearance string (/DA) and quadding (/Q).
    da: Option<&'a [u8]>,
    q: Option<i64>,
}

impl<'a> FormDefaults<'a> {
    fn of(doc: &'a Document) -> Option<FormDefaults<'a>> {
        let catalog = doc.catalog().ok()?;
        let form = maybe_get::<&Dictionary>(doc, catalog, b"AcroForm")?;
        Some(FormDefaults {
            need_appearances: matches!(maybe_get_obj(doc, form, b"NeedAppearances"), Some(Object::Boolean(true))),
            da: maybe_get_obj(doc, form, b"DA").and_then(|o| o.as_str().ok()),
            q: maybe_get::<i64>(doc, form, b"Q"),
        })
    }
}

/// tokku patch (§7): what tokku draws for a form field's widget instead of its appearance.
enum FieldDrawing {
    /// Lines of a text field's value or of a choice field's selected options, at a font
    /// size (0: fit the widget), one of /Q's quaddings (0 left, 1 centre, 2 right).
    Text { lines: Vec<String>, size: f64, quadding: i64, multiline: bool },
    /// A check box or radio button: on or off.
    Check(bool),
}

/// tokku patch (§7): a field attribute, from the widget or the fields above it
/// (/Parent chain, ISO 32000-1 12.7.3.1: /FT, /Ff, /V, /DA, /Q, /Opt are inheritable).
fn field_attribute<'a>(doc: &'a Document, widget: &'a Dictionary, key: &[u8]) -> Option<&'a Object> {
    let mut dict = widget;
    for _ in 0..64 {
        if let Some(value) = maybe_get_obj(doc, dict, key) {
            if !matches!(value, Object::Null) {
                return Some(value);
            }
        }
        dict = maybe_get::<&Dictionary>(doc, dict, b"Parent")?;
    }
    None
}

/// tokku patch (§7): a PDF text string (UTF-16BE with BOM, or PDFDocEncoding).
fn text_string(object: &Object) -> Option<String> {
    match object {
        Object::String(bytes, _) => Some(pdf_to_utf8(bytes)),
        Object::Name(name) => Some(String::from_utf8_lossy(name).into_owned()),
        _ => None,
    }
}

/// tokku patch (§7): decides whether tokku draws a widget itself, as poppler makes the
/// appearance of a field that has none: text fields (/FT /Tx) and choice fields (/Ch)
/// when the widget has no usable appearance or the form sets /NeedAppearances; check
/// boxes and radio buttons (/Btn, not push buttons) always, as ☑ / ☐ (their appearances
/// draw a ZapfDingbats glyph that reads as a letter, or nothing for "off"). Signatures,
/// push buttons and widgets of unknown type keep their appearance.
fn field_drawing(doc: &Document, widget: &Dictionary, has_appearance: bool, form: Option<&FormDefaults>) -> Option<FieldDrawing> {
    let field_type = field_attribute(doc, widget, b"FT").and_then(|o| o.as_name().ok())?;
    let flags = field_attribute(doc, widget, b"Ff").and_then(|o| o.as_i64().ok()).unwrap_or(0);
    const MULTILINE: i64 = 1 << 12;
    const PUSH_BUTTON: i64 = 1 << 16;
    match field_type {
        b"Btn" if flags & PUSH_BUTTON == 0 => {
            let on = match maybe_get_name(doc, widget, b"AS") {
                Some(state) => state != b"Off",
                None => {
                    let value = field_attribute(doc, widget, b"V").and_then(|o| o.as_name().ok());
                    let states = maybe_get::<&Dictionary>(doc, widget, b"AP")
                        .and_then(|ap| maybe_get::<&Dictionary>(doc, ap, b"N"));
                    match (value, states) {
                        (Some(b"Off") | None, _) => false,
                        (Some(v), Some(states)) => states.has(v),
                        (Some(_), None) => true,
                    }
                }
            };
            Some(FieldDrawing::Check(on))
        }
        b"Tx" | b"Ch" => {
            if has_appearance && !form.is_some_and(|f| f.need_appearances) {
                return None;
            }
            let value = field_attribute(doc, widget, b"V");
            let mut lines: Vec<String> = match (field_type, value) {
                (b"Ch", Some(Object::Array(selected))) => selected.iter().filter_map(|o| text_string(maybe_deref(doc, o))).collect(),
                (_, Some(value)) => text_string(value).into_iter().collect(),
                (_, None) => Vec::new(),
            };
            // Bounded work for hostile files: a field shows at most this many values.
            lines.truncate(1000);
            if field_type == b"Ch" {
                // An option may be [export value, text shown]: show the text.
                let options = field_attribute(doc, widget, b"Opt").and_then(|o| o.as_array().ok());
                for line in lines.iter_mut() {
                    let shown = options.into_iter().flatten().take(10_000).find_map(|option| match maybe_deref(doc, option) {
                        Object::Array(pair) if pair.len() == 2 && text_string(maybe_deref(doc, &pair[0])).as_deref() == Some(line.as_str()) => text_string(maybe_deref(doc, &pair[1])),
                        _ => None,
                    });
                    if let Some(shown) = shown {
                        *line = shown;
                    }
                }
            }
            let lines: Vec<String> = lines.iter().flat_map(|l| l.split(['\r', '\n']).map(str::to_string).collect::<Vec<_>>()).collect();
            let da = field_attribute(doc, widget, b"DA").and_then(|o| o.as_str().ok()).or(form.and_then(|f| f.da));
            let quadding = field_attribute(doc, widget, b"Q").and_then(|o| o.as_i64().ok()).or(form.and_then(|f| f.q)).unwrap_or(0);
            Some(FieldDrawing::Text { lines, size: da.and_then(da_font_size).unwrap_or(0.), quadding, multiline: flags & MULTILINE != 0 })
        }
        _ => None,
    }
}

/// tokku patch (§7): the font size of a default appearance string (`/Helv 10 Tf 0 g`):
/// the number before the last `Tf`.
fn da_font_size(da: &[u8]) -> Option<f64> {
    let text = String::from_utf8_lossy(da);
    let words: Vec<&str> = text.split_whitespace().collect();
    let at = words.iter().rposition(|w| *w == "Tf")?;
    let size: f64 = words.get(at.checked_sub(1)?)?.parse().ok()?;
    (size.is_finite() && size >= 0.).then_some(size)
}

/// tokku patch (§7): the advance of a character drawn without a font, in em: full width
/// for East Asian wide characters and the box glyphs, half for the rest.
fn synthetic_advance(c: char) -> f64 {
    let wide = matches!(c as u32,
        0x2460..=0x24FF | 0x25A0..=0x27BF | 0x2E80..=0xD7FF | 0xF900..=0xFAFF
        | 0xFE30..=0xFE4F | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFF);
    if wide { 1. } else { 0.5 }
}

/// tokku patch (§7): draws a field's value or state into its widget's /Rect as poppler
/// lays out a generated appearance: a single line centred vertically (baseline 0.4 em
/// below the middle), 2 units in from the border, aligned by /Q; a multiline field from
/// the top; a size of 0 fits the widget's height. Check boxes draw ☑ or ☐ filling the
/// widget's height. Glyphs advance by `synthetic_advance`.
fn draw_field(doc: &Document, widget: &Dictionary, field: &FieldDrawing, output: &mut dyn OutputDev) -> Result<(), OutputError> {
    let Some(rect) = maybe_get::<Vec<f64>>(doc, widget, b"Rect").filter(|r| r.len() >= 4 && r.iter().all(|v| v.is_finite())) else {
        return Ok(());
    };
    let (x0, y0) = (rect[0].min(rect[2]), rect[1].min(rect[3]));
    let (width, height) = ((rect[2] - rect[0]).abs(), (rect[3] - rect[1]).abs());
    let (lines, size, quadding, multiline) = match field {
        FieldDrawing::Check(on) => {
            let size = (height.min(width) * 0.8).max(1.);
            let mark = if *on { "\u{2611}" } else { "\u{2610}" };
            (vec![mark.to_string()], size, 1, false)
        }
        FieldDrawing::Text { lines, size, quadding, multiline } => {
            let size = if *size > 0. { *size } else if *multiline { 12. } else { (height * 0.67).clamp(1., 12.) };
            (lines.clone(), size, *quadding, *multiline)
        }
    };
    for (i, line) in lines.iter().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let line_width: f64 = line.chars().map(synthetic_advance).sum::<f64>() * size;
        let x = match quadding {
            1 => x0 + (width - line_width) / 2.,
            2 => x0 + width - 2. - line_width,
            _ => x0 + 2.,
        };
        let y = if multiline || lines.len() > 1 {
            y0 + height - 2. - size * 0.88 - i as f64 * size * 1.15
        } else {
            y0 + height / 2. - 0.4 * size
        };
        output.begin_word()?;
        let mut pen = x;
        for c in line.chars() {
            let advance = synthetic_advance(c);
            let trm: Transform = Transform2D::row_major(1., 0., 0., 1., pen, y);
            let mut buffer = [0u8; 4];
            output.output_character(&trm, advance, 0., size, c.encode_utf8(&mut buffer))?;
            pen += advance * size;
        }
        output.end_word()?;
        output.end_line()?;
    }
    Ok(())
}
