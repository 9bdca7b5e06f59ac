//! Writers for the in-memory font repairs: ToUnicode CMaps (bfrange runs where
//! possible), identity /Encoding CMaps shaped for pdf-extract's parser, and /W
//! width arrays (parsed leniently, written in the array form pdf-extract reads).

use std::collections::BTreeMap;
use std::fmt::Write as _;

use pdf_extract::{Document, Object};

use super::tables::CodeSpace;

const HEADER: &str = "/CIDInit /ProcSet findresource begin\n12 dict begin\nbegincmap\n";
const FOOTER: &str = "endcmap\nCMapName currentdict /CMap defineresource pop\nend\nend\n";

fn hex(code: u32, nbytes: u8) -> String {
    let digits = 2 * nbytes.clamp(1, 4) as usize;
    format!("{:0width$X}", code, width = digits)
}

fn utf16_hex(s: &str) -> String {
    let mut out = String::new();
    for u in s.encode_utf16() {
        let _ = write!(out, "{:04X}", u);
    }
    out
}

/// Writes a ToUnicode CMap for `entries` = (code, code length in bytes, text), sorted by code.
/// Runs of consecutive codes (same length, same high bytes) mapping to consecutive single BMP
/// characters become one bfrange entry; everything else is a bfchar entry.
pub fn to_unicode_cmap(entries: &[(u32, u8, String)]) -> Vec<u8> {
    enum Item<'a> {
        Range(u32, u32, u8, u16),
        Char(u32, u8, &'a str),
    }
    fn single_bmp(s: &str) -> Option<u16> {
        let mut it = s.chars();
        let c = it.next()?;
        if it.next().is_some() {
            return None;
        }
        let v = c as u32;
        (v <= 0xFFFF).then_some(v as u16)
    }
    let mut items = Vec::new();
    let mut i = 0;
    while i < entries.len() {
        let (code, nb, ref s) = entries[i];
        if let Some(u) = single_bmp(s) {
            let mut j = i + 1;
            while j < entries.len() {
                let (c2, nb2, ref s2) = entries[j];
                let k = (j - i) as u32;
                let ok = nb2 == nb
                    && c2 == code + k
                    && c2 >> 8 == code >> 8
                    && single_bmp(s2).map(|u2| u2 as u32) == Some(u as u32 + k);
                if !ok {
                    break;
                }
                j += 1;
            }
            if j - i >= 2 {
                items.push(Item::Range(code, entries[j - 1].0, nb, u));
                i = j;
                continue;
            }
        }
        items.push(Item::Char(code, nb, s));
        i += 1;
    }
    let mut out = String::with_capacity(64 + items.len() * 20);
    out.push_str(HEADER);
    out.push_str("/CIDSystemInfo 3 dict dup begin\n/Registry (Adobe) def\n/Ordering (UCS) def\n/Supplement 0 def\nend def\n");
    out.push_str("/CMapName /Tokku-UCS def\n/CMapType 2 def\n");
    out.push_str("1 begincodespacerange\n<0000> <FFFF>\nendcodespacerange\n");
    let ranges: Vec<&Item> = items.iter().filter(|x| matches!(x, Item::Range(..))).collect();
    let chars: Vec<&Item> = items.iter().filter(|x| matches!(x, Item::Char(..))).collect();
    for block in ranges.chunks(100) {
        let _ = writeln!(out, "{} beginbfrange", block.len());
        for it in block {
            if let Item::Range(lo, hi, nb, u) = it {
                let _ = writeln!(out, "<{}> <{}> <{:04X}>", hex(*lo, *nb), hex(*hi, *nb), u);
            }
        }
        out.push_str("endbfrange\n");
    }
    for block in chars.chunks(100) {
        let _ = writeln!(out, "{} beginbfchar", block.len());
        for it in block {
            if let Item::Char(c, nb, s) = it {
                let _ = writeln!(out, "<{}> <{}>", hex(*c, *nb), utf16_hex(s));
            }
        }
        out.push_str("endbfchar\n");
    }
    out.push_str(FOOTER);
    out.into_bytes()
}

/// A ToUnicode CMap with no mappings: every glyph of the font decodes to "" (counted as
/// undecodable by the pipeline) instead of making pdf-extract panic.
pub fn empty_to_unicode_cmap() -> Vec<u8> {
    to_unicode_cmap(&[])
}

/// Writes an /Encoding CMap that maps every code of `codespace` to CID == code.
///
/// adobe-cmap-parser 0.4 (used by pdf-extract 0.12) takes a codespace entry's code width as
/// *half* its byte length, so a 1-byte range must be written with 2 bytes (`<0000> <0080>`) and
/// a 2-byte range with 4 bytes (`<00008140> <00009FFC>`); and it mis-steps over cidrange
/// entries after the first, so exactly one identity cidrange is written.
pub fn identity_encoding_cmap(name: &str, codespace: &[CodeSpace]) -> Vec<u8> {
    let mut out = String::from(HEADER);
    let _ = writeln!(out, "/CMapName /Tokku-Identity-{} def\n/CMapType 1 def", name);
    let _ = writeln!(out, "{} begincodespacerange", codespace.len());
    for cs in codespace {
        // Two hex digits per byte: pdf-extract's own CMap reader (vendor PATCHES.md)
        // takes a range's width from its byte length.
        let digits = 2 * cs.nbytes.clamp(1, 4) as usize;
        let _ = writeln!(out, "<{:0w$X}> <{:0w$X}>", cs.lo, cs.hi, w = digits);
    }
    out.push_str("endcodespacerange\n1 begincidrange\n<00000000> <FFFFFFFF> 0\nendcidrange\n");
    out.push_str(FOOTER);
    out.into_bytes()
}

fn num(doc: &Document, o: &Object) -> Option<f64> {
    match deref(doc, o) {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

/// Follows a reference (one level is what PDF allows for these values, a few more are tolerated).
pub fn deref<'a>(doc: &'a Document, mut o: &'a Object) -> &'a Object {
    for _ in 0..8 {
        match o {
            Object::Reference(id) => match doc.get_object(*id) {
                Ok(t) => o = t,
                Err(_) => return &Object::Null,
            },
            _ => return o,
        }
    }
    o
}

/// Result of reading a /W array leniently.
pub struct Widths {
    pub map: BTreeMap<u32, f64>,
    /// False when /W had entries pdf-extract would mis-read or panic on
    /// (c_first c_last w form, references, non-numbers, odd tail).
    pub canonical: bool,
}

/// Parses a CID font /W value. Returns None when it is not an array at all.
pub fn parse_w(doc: &Document, w: &Object) -> Option<Widths> {
    let arr = deref(doc, w).as_array().ok()?;
    let mut map = BTreeMap::new();
    let mut canonical = true;
    let mut i = 0;
    while i < arr.len() {
        if !matches!(arr[i], Object::Integer(_)) {
            canonical = false;
        }
        let Some(first) = num(doc, &arr[i]) else {
            canonical = false;
            break;
        };
        let first = if first < 0.0 { 0 } else { first as u32 };
        match arr.get(i + 1).map(|o| (o, deref(doc, o))) {
            Some((raw, Object::Array(ws))) => {
                if matches!(raw, Object::Reference(_)) {
                    canonical = false;
                }
                for (j, wo) in ws.iter().enumerate() {
                    if !matches!(wo, Object::Integer(_) | Object::Real(_)) {
                        canonical = false;
                    }
                    if let Some(v) = num(doc, wo) {
                        map.insert(first.saturating_add(j as u32), v);
                    }
                }
                i += 2;
            }
            Some(_) => {
                // c_first c_last w: pdf-extract 0.12 reads this form wrongly (no widths).
                canonical = false;
                let last = arr.get(i + 1).and_then(|o| num(doc, o));
                let width = arr.get(i + 2).and_then(|o| num(doc, o));
                if let (Some(last), Some(width)) = (last, width) {
                    let last = if last < 0.0 { 0 } else { last as u32 };
                    // Guard against absurd ranges in broken files.
                    if last >= first && last - first <= 0x1_0000 {
                        for c in first..=last {
                            map.insert(c, width);
                        }
                    }
                }
                i += 3;
            }
            None => {
                canonical = false;
                break;
            }
        }
    }
    Some(Widths { map, canonical })
}

/// Writes widths in the `c [w1 w2 ...]` form, skipping entries equal to `dw`.
pub fn write_w(widths: &BTreeMap<u32, f64>, dw: f64) -> Object {
    let mut out = Vec::new();
    let mut run: Vec<Object> = Vec::new();
    let mut run_start = 0u32;
    let mut prev: Option<u32> = None;
    let as_obj = |w: f64| {
        if w.fract() == 0.0 && w.abs() < 1e9 {
            Object::Integer(w as i64)
        } else {
            Object::Real(w as f32)
        }
    };
    for (&c, &w) in widths {
        if (w - dw).abs() < 1e-6 {
            continue;
        }
        if prev.map(|p| p + 1 != c).unwrap_or(true) {
            if !run.is_empty() {
                out.push(Object::Integer(run_start as i64));
                out.push(Object::Array(std::mem::take(&mut run)));
            }
            run_start = c;
        }
        run.push(as_obj(w));
        prev = Some(c);
    }
    if !run.is_empty() {
        out.push(Object::Integer(run_start as i64));
        out.push(Object::Array(run));
    }
    Object::Array(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tounicode_uses_ranges_and_chars() {
        let e = vec![
            (0x41, 2, "A".to_string()),
            (0x42, 2, "B".to_string()),
            (0x43, 2, "C".to_string()),
            (0x50, 2, "有限会社".to_string()),
            (0x51, 2, "\u{20B9F}".to_string()),
        ];
        let s = String::from_utf8(to_unicode_cmap(&e)).unwrap();
        assert!(s.contains("1 beginbfrange\n<0041> <0043> <0041>\nendbfrange"), "{s}");
        assert!(s.contains("<0050> <670996504F1A793E>"), "{s}");
        assert!(s.contains("<0051> <D842DF9F>"), "{s}");
    }
}
