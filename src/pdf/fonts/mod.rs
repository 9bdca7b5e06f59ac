//! Font repair before text extraction (issue 3): makes every Japanese font class
//! decodable by pdf-extract 0.12 by rewriting Type0 font dictionaries in memory.
//!
//! pdf-extract computes a glyph's CID as `code + dst_CID_lo` of the matching cidrange
//! and looks both /W and /ToUnicode up by that value. Every repair therefore makes
//! code == CID (an identity /Encoding) and keys the synthesized /ToUnicode and the
//! rekeyed /W by the character code:
//!
//! * Identity-H/V without ToUnicode, Adobe-Japan1: ToUnicode from the compiled
//!   Adobe-Japan1 table ([`tables::AJ1`]).
//! * Identity-H/V without ToUnicode, embedded TrueType (CIDFontType2): ToUnicode by
//!   reversing the font program's cmap, through /CIDToGIDMap.
//! * Predefined CMaps (UniJIS-UCS2/UTF16, 90ms(p)-RKSJ, EUC, H/V): identity /Encoding
//!   CMap with the CMap's codespace, ToUnicode from the code (UTF-16, Shift_JIS or
//!   EUC-JP via encoding_rs, falling back to the CID's Adobe-Japan1 value) and /W
//!   rekeyed from CID to code through the predefined CMap.
//! * Identity-H/V with ToUnicode and simple fonts are left alone (only /W entries that
//!   pdf-extract would misread or panic on are rewritten), except that a ToUnicode
//!   entry giving a spacing glyph of an embedded TrueType font the text of a combining
//!   mark is judged against the font's cmap ([`combining`], issue 23).
//!
//! Fonts that cannot be decoded get an empty ToUnicode and an identity encoding so
//! that their glyphs come out as "" (counted as undecodable) instead of making
//! pdf-extract panic, and are listed in [`FontRepairReport::unrepaired`].

pub mod combining;
mod synth;
pub mod tables;
mod truetype;
mod usage;

use std::collections::BTreeMap;
use std::time::{Duration, Instant};

use encoding_rs::{BIG5, EUC_JP, EUC_KR, GBK, SHIFT_JIS};
use pdf_extract::{Dictionary, Document, Object, ObjectId, Stream};

use synth::deref;
use tables::{CodeSpace, PredefinedCMap};

/// What the repair pass did to a document's fonts.
#[derive(Debug, Clone, Default)]
pub struct FontRepairReport {
    /// Human-readable notes, one per repaired font
    /// (e.g. "font HeiseiMin-W3 (7 0 R): synthesized ToUnicode from Adobe-Japan1 (57 codes)").
    pub repaired: Vec<String>,
    /// Human-readable warnings, one per font that could not be made decodable; its glyphs
    /// will decode as "" (or the font is left as it was when the problem is harmless).
    pub unrepaired: Vec<String>,
    /// Structured per-font details (repaired and unrepaired).
    pub fonts: Vec<FontRepair>,
    /// Wall time spent in [`repair_fonts`].
    pub elapsed: Duration,
}

/// What was done to one Type0 font.
#[derive(Debug, Clone, PartialEq)]
pub struct FontRepair {
    pub object: ObjectId,
    pub base_font: String,
    pub kind: RepairKind,
    /// Codes given a Unicode value in the synthesized ToUnicode.
    pub mapped_codes: usize,
    /// Codes used in the document for which no Unicode value was found.
    pub unmapped_codes: usize,
}

/// Classification of a repair.
#[derive(Debug, Clone, PartialEq)]
pub enum RepairKind {
    /// ToUnicode synthesized from the Adobe-Japan1 table (Identity-H/V font).
    Aj1ToUnicode,
    /// ToUnicode synthesized from the table of a Chinese or Korean character
    /// collection (Identity-H/V font), named e.g. "Adobe-Korea1".
    CollectionToUnicode(String),
    /// ToUnicode synthesized from the embedded TrueType program's cmap.
    TrueTypeCmap,
    /// Predefined CMap (name) replaced by an identity encoding; ToUnicode and /W rekeyed.
    PredefinedCMap(String),
    /// Only /W (or other structure pdf-extract trips on) rewritten.
    Structure,
    /// Not decodable: reason. Glyphs will decode as "".
    Unrepairable(String),
    /// ToUnicode entries that gave spacing glyphs the text of combining marks (Skia's
    /// habit, issue 23): `replaced` took the font's cmap candidate, `dropped` were
    /// removed (their glyphs decode as "" and count as undecodable).
    CombiningMarks { replaced: usize, dropped: usize },
}

/// Repairs the document's fonts in memory so that pdf-extract can decode them.
/// Never panics; malformed font dictionaries are skipped or neutralized and reported.
pub fn repair_fonts(doc: &mut Document) -> FontRepairReport {
    let start = Instant::now();
    let mut report = FontRepairReport::default();
    hoist_inline_type0_fonts(doc);
    let type0: Vec<ObjectId> = doc
        .objects
        .iter()
        .filter(|(_, o)| {
            o.as_dict()
                .is_ok_and(|d| d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0"))
        })
        .map(|(id, _)| *id)
        .collect();
    if type0.is_empty() {
        report.elapsed = start.elapsed();
        return report;
    }
    let mut usage: Option<usage::Usage> = None;
    for id in type0 {
        let outcome = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
            repair_one(doc, id, &mut usage)
        }));
        let Ok(outcome) = outcome else {
            report.unrepaired.push(format!(
                "font {} {} R: internal error while repairing; left as is",
                id.0, id.1
            ));
            continue;
        };
        let Some(r) = outcome else { continue };
        let what = match &r.kind {
            RepairKind::Aj1ToUnicode => format!("synthesized ToUnicode from Adobe-Japan1 ({} codes)", r.mapped_codes),
            RepairKind::CollectionToUnicode(c) => format!("synthesized ToUnicode from {c} ({} codes)", r.mapped_codes),
            RepairKind::TrueTypeCmap => format!("synthesized ToUnicode from the embedded TrueType cmap ({} codes)", r.mapped_codes),
            RepairKind::PredefinedCMap(n) => format!("replaced predefined CMap {n} by an identity encoding; synthesized ToUnicode ({} codes) and rekeyed /W", r.mapped_codes),
            RepairKind::Structure => "rewrote /W (or missing entries) that pdf-extract would misread".to_string(),
            RepairKind::Unrepairable(why) => format!("cannot decode: {why}; its glyphs will decode as empty text"),
            RepairKind::CombiningMarks { replaced, dropped } => format!("ToUnicode mapped spacing glyphs to combining marks: {replaced} codes given the embedded cmap's character, {dropped} left undecodable"),
        };
        let mut line = format!("font {} ({} {} R): {what}", r.base_font, r.object.0, r.object.1);
        if r.unmapped_codes > 0 && !matches!(r.kind, RepairKind::Unrepairable(_)) {
            line.push_str(&format!("; {} used codes have no Unicode value", r.unmapped_codes));
        }
        if matches!(r.kind, RepairKind::Unrepairable(_)) {
            report.unrepaired.push(line);
        } else {
            report.repaired.push(line);
        }
        report.fonts.push(r);
    }
    report.elapsed = start.elapsed();
    report
}

/// Where inline Type0 fonts are looked for: dictionaries nested this deep in an object
/// (object → /Resources → /Font → font).
const INLINE_FONT_DEPTH: usize = 3;

fn is_type0_font(d: &Dictionary) -> bool {
    d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Type0")
}

/// Key paths (from an object's dictionary) of inline Type0 font dictionaries.
fn inline_type0_paths(
    d: &Dictionary,
    depth: usize,
    path: &mut Vec<Vec<u8>>,
    out: &mut Vec<Vec<Vec<u8>>>,
) {
    for (key, value) in d.iter() {
        if let Object::Dictionary(inner) = value {
            path.push(key.clone());
            if is_type0_font(inner) {
                out.push(path.clone());
            } else if depth > 0 {
                inline_type0_paths(inner, depth - 1, path, out);
            }
            path.pop();
        }
    }
}

fn dict_at_mut<'a>(mut d: &'a mut Dictionary, path: &[Vec<u8>]) -> Option<&'a mut Dictionary> {
    for key in path {
        d = match d.get_mut(key).ok()? {
            Object::Dictionary(inner) => inner,
            _ => return None,
        };
    }
    Some(d)
}

/// Moves Type0 font dictionaries written inline in a /Font resource dictionary into
/// objects of their own (the resource entry then refers to it), so that the repairs
/// below, which edit fonts by object id, reach them. issue11555.pdf of pdf.js has its
/// 90ms-RKSJ-V font inline in the page's resources; left as it was, pdf-extract read
/// its codes as Identity-H and decoded nothing.
fn hoist_inline_type0_fonts(doc: &mut Document) {
    let mut found: Vec<(ObjectId, Vec<Vec<u8>>)> = Vec::new();
    for (id, object) in &doc.objects {
        let dict = match object {
            Object::Dictionary(d) => d,
            Object::Stream(s) => &s.dict,
            _ => continue,
        };
        let mut paths = Vec::new();
        inline_type0_paths(dict, INLINE_FONT_DEPTH, &mut Vec::new(), &mut paths);
        found.extend(paths.into_iter().map(|p| (*id, p)));
    }
    for (id, path) in found {
        let Some((last, parent_path)) = path.split_last() else { continue };
        let font = {
            let root = match doc.objects.get_mut(&id) {
                Some(Object::Dictionary(d)) => d,
                Some(Object::Stream(s)) => &mut s.dict,
                _ => continue,
            };
            let Some(parent) = dict_at_mut(root, parent_path) else { continue };
            match parent.get(last) {
                Ok(Object::Dictionary(font)) => font.clone(),
                _ => continue,
            }
        };
        let font_id = doc.add_object(Object::Dictionary(font));
        let root = match doc.objects.get_mut(&id) {
            Some(Object::Dictionary(d)) => d,
            Some(Object::Stream(s)) => &mut s.dict,
            _ => continue,
        };
        if let Some(parent) = dict_at_mut(root, parent_path) {
            parent.set(last.clone(), Object::Reference(font_id));
        }
    }
}

fn name_of(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<String> {
    match deref(doc, d.get(key).ok()?) {
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

fn string_of(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<String> {
    match deref(doc, d.get(key).ok()?) {
        Object::String(s, _) => Some(String::from_utf8_lossy(s).into_owned()),
        Object::Name(n) => Some(String::from_utf8_lossy(n).into_owned()),
        _ => None,
    }
}

fn num_of(doc: &Document, d: &Dictionary, key: &[u8]) -> Option<f64> {
    match deref(doc, d.get(key).ok()?) {
        Object::Integer(i) => Some(*i as f64),
        Object::Real(r) => Some(*r as f64),
        _ => None,
    }
}

/// Where the descendant CIDFont dictionary lives, so it can be edited.
enum CidLoc {
    Object(ObjectId),
    /// Inline in the font's /DescendantFonts array (itself inline or an object).
    Inline(Option<ObjectId>),
}

/// How the font's codes are turned into Unicode.
enum Source {
    Aj1,
    /// A Chinese or Korean collection's CID → Unicode table, with its ordering.
    Collection(&'static [u32], String),
    TrueType(std::collections::HashMap<u32, char>),
    Predefined(&'static PredefinedCMap, Legacy),
}

#[derive(Clone, Copy, PartialEq)]
enum Legacy {
    Utf16,
    ShiftJis,
    EucJp,
    Jis,
    /// GB 2312 / GBK / GB 18030 codes (GB-EUC, GBpc-EUC, GBK-EUC, GBKp-EUC, GBK2K).
    Gbk,
    /// Big Five codes (B5pc, ETen-B5, ETenms-B5, HKscs-B5).
    Big5,
    /// KS X 1001 EUC / Unified Hangul Code (KSC-EUC, KSCms-UHC, KSCpc-EUC).
    EucKr,
    /// A code set encoding_rs has no decoder for (CNS-EUC): text only from ToUnicode.
    None,
}

/// How the codes of a predefined CMap are text, by its name (ISO 32000-1 Table 118).
fn legacy_of(name: &str) -> Legacy {
    if name.starts_with("Uni") {
        Legacy::Utf16
    } else if name.contains("RKSJ") {
        Legacy::ShiftJis
    } else if name.starts_with("EUC") {
        Legacy::EucJp
    } else if name.starts_with("GB") {
        Legacy::Gbk
    } else if name.starts_with("B5") || name.starts_with("ETen") || name.starts_with("HKscs") {
        Legacy::Big5
    } else if name.starts_with("KSC") {
        Legacy::EucKr
    } else if name.starts_with("CNS") {
        Legacy::None
    } else {
        Legacy::Jis
    }
}

/// True for the predefined CMaps of Adobe-Japan1, whose CIDs the Adobe-Japan1 table
/// can turn into text when the code itself cannot.
fn is_japan1_cmap(name: &str) -> bool {
    !(name.starts_with("UniGB") || name.starts_with("UniCNS") || name.starts_with("UniKS"))
        && matches!(legacy_of(name), Legacy::Utf16 | Legacy::ShiftJis | Legacy::EucJp | Legacy::Jis)
}

fn legacy_text(legacy: Legacy, code: u32, nbytes: u8) -> Option<String> {
    let bytes: Vec<u8> = code.to_be_bytes()[4 - nbytes.clamp(1, 4) as usize..].to_vec();
    let s = match legacy {
        Legacy::Utf16 => {
            let units: Vec<u16> = if nbytes >= 4 {
                vec![(code >> 16) as u16, code as u16]
            } else {
                vec![code as u16]
            };
            String::from_utf16(&units).ok()?
        }
        Legacy::ShiftJis => {
            SHIFT_JIS.decode_without_bom_handling_and_without_replacement(&bytes)?.into_owned()
        }
        Legacy::EucJp => {
            EUC_JP.decode_without_bom_handling_and_without_replacement(&bytes)?.into_owned()
        }
        Legacy::Jis => {
            let b: Vec<u8> = bytes.iter().map(|b| b | 0x80).collect();
            EUC_JP.decode_without_bom_handling_and_without_replacement(&b)?.into_owned()
        }
        Legacy::Gbk => {
            GBK.decode_without_bom_handling_and_without_replacement(&bytes)?.into_owned()
        }
        Legacy::Big5 => {
            BIG5.decode_without_bom_handling_and_without_replacement(&bytes)?.into_owned()
        }
        Legacy::EucKr => {
            EUC_KR.decode_without_bom_handling_and_without_replacement(&bytes)?.into_owned()
        }
        Legacy::None => return None,
    };
    let bad = s.is_empty()
        || s.chars().any(|c| {
            c == '\u{FFFD}' || (c as u32) < 0x20 && c != '\t' || (0x7F..0xA0).contains(&(c as u32))
        });
    (!bad).then_some(s)
}

fn repair_one(
    doc: &mut Document,
    id: ObjectId,
    usage: &mut Option<usage::Usage>,
) -> Option<FontRepair> {
    let font = doc.get_object(id).ok()?.as_dict().ok()?.clone();
    let base_font = name_of(doc, &font, b"BaseFont").unwrap_or_else(|| "(no BaseFont)".into());
    let mut result = FontRepair {
        object: id,
        base_font: base_font.clone(),
        kind: RepairKind::Structure,
        mapped_codes: 0,
        unmapped_codes: 0,
    };
    let mut font_edits: Vec<(Vec<u8>, Object)> = Vec::new();
    let mut structural = false;
    if !matches!(deref(doc, font.get(b"BaseFont").unwrap_or(&Object::Null)), Object::Name(_)) {
        font_edits.push((b"BaseFont".to_vec(), Object::Name(b"Unknown".to_vec())));
        structural = true;
    }

    // Descendant CIDFont.
    let desc_raw = font.get(b"DescendantFonts").ok().cloned();
    let (cid, cid_loc) = match desc_raw.as_ref().map(|o| (o, deref(doc, o))) {
        Some((raw, Object::Array(a))) if !a.is_empty() => {
            let arr_id = if let Object::Reference(r) = raw { Some(*r) } else { None };
            match &a[0] {
                Object::Reference(r) => match doc.get_object(*r).and_then(Object::as_dict) {
                    Ok(d) => (d.clone(), CidLoc::Object(*r)),
                    Err(_) => {
                        return Some(unrepairable(
                            doc,
                            id,
                            result,
                            "DescendantFonts[0] is not a dictionary",
                        ))
                    }
                },
                Object::Dictionary(d) => (d.clone(), CidLoc::Inline(arr_id)),
                _ => {
                    return Some(unrepairable(
                        doc,
                        id,
                        result,
                        "DescendantFonts[0] is not a dictionary",
                    ))
                }
            }
        }
        _ => return Some(unrepairable(doc, id, result, "missing or empty /DescendantFonts")),
    };
    let mut cid_edits: Vec<(Vec<u8>, Option<Object>)> = Vec::new();
    let descriptor = cid
        .get(b"FontDescriptor")
        .ok()
        .map(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
        .cloned();
    if descriptor.is_none() {
        cid_edits.push((b"FontDescriptor".to_vec(), Some(Object::Dictionary(Dictionary::new()))));
        structural = true;
    }
    let dw = num_of(doc, &cid, b"DW").unwrap_or(1000.0);
    if cid.has(b"DW") && !matches!(cid.get(b"DW"), Ok(Object::Integer(_))) {
        cid_edits.push((b"DW".to_vec(), Some(Object::Integer(dw.round() as i64))));
        structural = true;
    }
    let widths = match cid.get(b"W") {
        Ok(w) => match synth::parse_w(doc, w) {
            Some(w) => Some(w),
            None => {
                cid_edits.push((b"W".to_vec(), None));
                structural = true;
                None
            }
        },
        Err(_) => None,
    };
    let (cid_widths, w_canonical) = match widths {
        Some(w) => (w.map, w.canonical),
        None => (BTreeMap::new(), true),
    };

    // Encoding and ToUnicode.
    let encoding = font.get(b"Encoding").ok().map(|o| deref(doc, o).clone());
    let to_unicode = font.get(b"ToUnicode").ok().map(|o| deref(doc, o));
    let has_to_unicode = matches!(to_unicode, Some(Object::Stream(_)));
    let bad_to_unicode = match to_unicode {
        None | Some(Object::Stream(_)) | Some(Object::Null) => false,
        Some(Object::Name(n)) => n.as_slice() != b"Identity-H",
        Some(_) => true,
    };
    if bad_to_unicode {
        font_edits.push((b"ToUnicode".to_vec(), Object::Null));
    }
    let registry =
        cid.get(b"CIDSystemInfo").ok().and_then(|o| deref(doc, o).as_dict().ok()).map(|d| {
            (
                string_of(doc, d, b"Registry").unwrap_or_default(),
                string_of(doc, d, b"Ordering").unwrap_or_default(),
            )
        });
    let is_aj1 = registry.as_ref().is_some_and(|(r, o)| r == "Adobe" && o == "Japan1");
    let subtype = name_of(doc, &cid, b"Subtype").unwrap_or_default();

    let source = match &encoding {
        Some(Object::Name(n)) if n.as_slice() == b"Identity-H" || n.as_slice() == b"Identity-V" => {
            if has_to_unicode {
                None
            } else {
                let tt = if subtype == "CIDFontType2" {
                    truetype_map(doc, &cid, descriptor.as_ref())
                } else {
                    None
                };
                match tt {
                    Some(m) => Some(Source::TrueType(m)),
                    None if is_aj1 => Some(Source::Aj1),
                    None if registry
                        .as_ref()
                        .is_some_and(|(r, o)| r == "Adobe" && tables::collection(o).is_some()) =>
                    {
                        let ordering =
                            registry.as_ref().map(|(_, o)| o.clone()).unwrap_or_default();
                        tables::collection(&ordering).map(|t| Source::Collection(t, ordering))
                    }
                    None => {
                        let (r, o) = registry.clone().unwrap_or_default();
                        let why = if subtype == "CIDFontType2" {
                            format!("Identity encoding without ToUnicode, {r}-{o}, and no usable embedded TrueType cmap")
                        } else {
                            format!("Identity encoding without ToUnicode and unsupported character collection {r}-{o}")
                        };
                        return Some(unrepairable(doc, id, result, &why));
                    }
                }
            }
        }
        Some(Object::Name(n)) => {
            let name = String::from_utf8_lossy(n).into_owned();
            match tables::cmap(&name) {
                Some(cm) => Some(Source::Predefined(cm, legacy_of(&name))),
                None => {
                    return Some(unrepairable(
                        doc,
                        id,
                        result,
                        &format!("unknown predefined CMap /{name}"),
                    ))
                }
            }
        }
        Some(Object::Stream(_)) => {
            if !has_to_unicode {
                return Some(unrepairable(
                    doc,
                    id,
                    result,
                    "embedded /Encoding CMap without ToUnicode is not supported",
                ));
            }
            None
        }
        _ => {
            return Some(unrepairable(doc, id, result, "/Encoding missing or not a name or stream"))
        }
    };

    let identity = matches!(&encoding, Some(Object::Name(n)) if n.as_slice() == b"Identity-H" || n.as_slice() == b"Identity-V");
    let mut combining_checked = false;
    if source.is_none() && identity && has_to_unicode && subtype == "CIDFontType2" {
        if let Some((tu, outcome)) = check_combining_marks(
            doc,
            to_unicode,
            &cid,
            descriptor.as_ref(),
            |c| cid_widths.get(&c).copied().unwrap_or(dw),
            id,
            usage,
        ) {
            let tu = doc.add_object(Stream::new(Dictionary::new(), tu));
            font_edits.push((b"ToUnicode".to_vec(), Object::Reference(tu)));
            result.kind = RepairKind::CombiningMarks {
                replaced: outcome.replaced.len(),
                dropped: outcome.dropped.len(),
            };
            combining_checked = true;
        }
    }

    match source {
        None => {
            if w_canonical && !structural && !bad_to_unicode && !combining_checked {
                return None;
            }
            if !w_canonical {
                cid_edits.push((b"W".to_vec(), Some(synth::write_w(&cid_widths, dw))));
            }
        }
        Some(source) => {
            // Codes of this font and their lengths.
            let codespace: Vec<(u8, u32, u32)> = match &source {
                Source::Predefined(cm, _) => {
                    cm.codespace().iter().map(|c| (c.nbytes, c.lo, c.hi)).collect()
                }
                _ => vec![(2, 0, 0xFFFF)],
            };
            let used = usage.get_or_insert_with(|| usage::collect(doc));
            let codes: Vec<(u32, u8)> = match used.strings.get(&id) {
                Some(strings) if used.complete => usage::split_codes(strings, &codespace),
                _ => match &source {
                    Source::Aj1 => (0..tables::AJ1.len()).map(|c| (c, 2)).collect(),
                    Source::Collection(t, _) => (0..t.len() as u32).map(|c| (c, 2)).collect(),
                    Source::TrueType(m) => {
                        let mut v: Vec<(u32, u8)> = m.keys().map(|&c| (c, 2)).collect();
                        v.sort_unstable();
                        v
                    }
                    Source::Predefined(cm, _) => cm.all_codes(),
                },
            };
            let mut entries: Vec<(u32, u8, String)> = Vec::with_capacity(codes.len());
            let mut code_widths = BTreeMap::new();
            for &(code, nb) in &codes {
                let text = match &source {
                    Source::Aj1 => tables::AJ1.get(code),
                    Source::Collection(t, _) => tables::collection_text(t, code),
                    Source::TrueType(m) => m.get(&code).map(|c| c.to_string()),
                    Source::Predefined(cm, legacy) => {
                        let cidv = cm.lookup(code);
                        if let Some(c) = cidv {
                            code_widths.insert(code, cid_widths.get(&c).copied().unwrap_or(dw));
                        }
                        let japan1 = is_japan1_cmap(&cm.name);
                        legacy_text(*legacy, code, nb)
                            .or_else(|| cidv.filter(|_| japan1).and_then(|c| tables::AJ1.get(c)))
                    }
                };
                match text {
                    Some(t) => entries.push((code, nb, t)),
                    None => result.unmapped_codes += 1,
                }
            }
            result.mapped_codes = entries.len();
            if !has_to_unicode {
                let tu = doc
                    .add_object(Stream::new(Dictionary::new(), synth::to_unicode_cmap(&entries)));
                font_edits.push((b"ToUnicode".to_vec(), Object::Reference(tu)));
            }
            match &source {
                Source::Predefined(cm, _) => {
                    let cs: Vec<CodeSpace> = cm.codespace().to_vec();
                    let enc = doc.add_object(Stream::new(
                        Dictionary::new(),
                        synth::identity_encoding_cmap(&cm.name, &cs),
                    ));
                    font_edits.push((b"Encoding".to_vec(), Object::Reference(enc)));
                    cid_edits.push((b"W".to_vec(), Some(synth::write_w(&code_widths, dw))));
                    result.kind = RepairKind::PredefinedCMap(cm.name.clone());
                }
                Source::Aj1 => result.kind = RepairKind::Aj1ToUnicode,
                Source::Collection(_, ordering) => {
                    result.kind = RepairKind::CollectionToUnicode(format!("Adobe-{ordering}"))
                }
                Source::TrueType(_) => result.kind = RepairKind::TrueTypeCmap,
            }
            if !matches!(source, Source::Predefined(..)) && !w_canonical {
                cid_edits.push((b"W".to_vec(), Some(synth::write_w(&cid_widths, dw))));
            }
        }
    }
    apply(doc, id, &cid_loc, font_edits, cid_edits);
    Some(result)
}

/// A rewritten ToUnicode for an Identity-encoded TrueType CID font whose ToUnicode maps
/// spacing glyphs to combining marks ([`combining`]), with what was changed; None when
/// no entry is suspect. Written for h06_yukimihara_agri__chromium.pdf: Skia's ToUnicode
/// of AAAAAA+IPAexMincho maps CID <2FB4> (width 1000) to U+0336, the font's cmap maps
/// U+0336 and U+2014 to that glyph, so <2FB4> becomes U+2014.
fn check_combining_marks(
    doc: &Document,
    to_unicode: Option<&Object>,
    cid: &Dictionary,
    descriptor: Option<&Dictionary>,
    width_of: impl Fn(u32) -> f64,
    font: ObjectId,
    usage: &mut Option<usage::Usage>,
) -> Option<(Vec<u8>, combining::Outcome)> {
    let Some(Object::Stream(stream)) = to_unicode else { return None };
    let data = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    let mut map = pdf_extract::fast_paths::unicode_map(&data);
    if !map.values().any(|t| !t.is_empty() && t.chars().all(combining::is_combining)) {
        return None;
    }
    let program = descriptor
        .and_then(|d| d.get(b"FontFile2").ok())
        .and_then(|f| deref(doc, f).as_stream().ok())
        .map(|s| s.decompressed_content().unwrap_or_else(|_| s.content.clone()));
    // Without an embedded TrueType program there is no cmap to judge by: left alone.
    let glyph_chars = truetype::code_points_by_glyph(&program?).unwrap_or_default();
    // Only now, with a suspect entry, are the pages scanned for the codes they show.
    let used = usage.get_or_insert_with(|| usage::collect(doc));
    let used: Option<std::collections::BTreeSet<u32>> = used.complete.then(|| {
        used.strings
            .get(&font)
            .map(|s| usage::split_codes(s, &[(2, 0, 0xFFFF)]).into_iter().map(|(c, _)| c).collect())
            .unwrap_or_default()
    });
    let cid_to_gid: Option<Vec<u8>> = match cid.get(b"CIDToGIDMap").ok().map(|o| deref(doc, o)) {
        Some(Object::Stream(s)) => {
            Some(s.decompressed_content().unwrap_or_else(|_| s.content.clone()))
        }
        _ => None,
    };
    let gid_of = |c: u32| -> Option<u16> {
        match &cid_to_gid {
            Some(bytes) => {
                let i = c as usize * 2;
                bytes.get(i..i + 2).map(|p| u16::from_be_bytes([p[0], p[1]]))
            }
            None => u16::try_from(c).ok(),
        }
    };
    let outcome = combining::check(&mut map, used.as_ref(), width_of, |c| {
        gid_of(c).and_then(|g| glyph_chars.get(&g)).cloned().unwrap_or_default()
    });
    if outcome.is_empty() {
        return None;
    }
    // Identity-H/V codes are two bytes: a longer source code can never be shown.
    let mut entries: Vec<(u32, u8, String)> = map
        .into_iter()
        .filter(|(code, _)| *code <= 0xFFFF)
        .map(|(code, text)| (code, 2, text))
        .collect();
    entries.sort_unstable_by_key(|e| e.0);
    Some((synth::to_unicode_cmap(&entries), outcome))
}

fn truetype_map(
    doc: &Document,
    cid: &Dictionary,
    descriptor: Option<&Dictionary>,
) -> Option<std::collections::HashMap<u32, char>> {
    let file = descriptor?.get(b"FontFile2").ok()?;
    let stream = deref(doc, file).as_stream().ok()?;
    let data = stream.decompressed_content().unwrap_or_else(|_| stream.content.clone());
    let (gid_map, nglyphs) = truetype::gid_to_unicode(&data)?;
    let mut out = std::collections::HashMap::new();
    match cid.get(b"CIDToGIDMap").ok().map(|o| deref(doc, o)) {
        Some(Object::Stream(s)) => {
            let bytes = s.decompressed_content().unwrap_or_else(|_| s.content.clone());
            for (c, pair) in bytes.chunks_exact(2).enumerate() {
                let gid = u16::from_be_bytes([pair[0], pair[1]]);
                if let Some(ch) = gid_map.get(&gid) {
                    out.insert(c as u32, *ch);
                }
            }
        }
        _ => {
            for gid in 0..nglyphs {
                if let Some(ch) = gid_map.get(&gid) {
                    out.insert(gid as u32, *ch);
                }
            }
        }
    }
    (!out.is_empty()).then_some(out)
}

/// Neutralizes a font pdf-extract cannot decode (or would panic on): identity 2-byte
/// encoding and an empty ToUnicode, so its glyphs decode as "".
fn unrepairable(doc: &mut Document, id: ObjectId, mut result: FontRepair, why: &str) -> FontRepair {
    result.kind = RepairKind::Unrepairable(why.to_string());
    let cs = [CodeSpace { nbytes: 2, lo: 0, hi: 0xFFFF }];
    let enc = doc
        .add_object(Stream::new(Dictionary::new(), synth::identity_encoding_cmap("Unknown", &cs)));
    let tu = doc.add_object(Stream::new(Dictionary::new(), synth::empty_to_unicode_cmap()));
    let mut edits = vec![
        (b"Encoding".to_vec(), Object::Reference(enc)),
        (b"ToUnicode".to_vec(), Object::Reference(tu)),
    ];
    // A font without a usable descendant would still make pdf-extract panic; give it a
    // minimal one (widths fall back to 1000).
    let desc_ok = doc
        .get_object(id)
        .ok()
        .and_then(|o| o.as_dict().ok())
        .and_then(|f| f.get(b"DescendantFonts").ok())
        .map(|o| deref(doc, o))
        .and_then(|o| o.as_array().ok())
        .and_then(|a| a.first())
        .map(|o| deref(doc, o))
        .and_then(|o| o.as_dict().ok())
        .is_some_and(|d| {
            d.get(b"FontDescriptor").map(|o| deref(doc, o).as_dict().is_ok()).unwrap_or(false)
        });
    if !desc_ok {
        let mut cid = Dictionary::new();
        cid.set("Type", Object::Name(b"Font".to_vec()));
        cid.set("Subtype", Object::Name(b"CIDFontType0".to_vec()));
        cid.set("FontDescriptor", Object::Dictionary(Dictionary::new()));
        edits.push((b"DescendantFonts".to_vec(), Object::Array(vec![Object::Dictionary(cid)])));
    }
    if !doc
        .get_object(id)
        .ok()
        .and_then(|o| o.as_dict().ok())
        .is_some_and(|f| matches!(f.get(b"BaseFont").map(|o| deref(doc, o)), Ok(Object::Name(_))))
    {
        edits.push((b"BaseFont".to_vec(), Object::Name(b"Unknown".to_vec())));
    }
    if let Ok(Object::Dictionary(f)) = doc.get_object_mut(id) {
        for (k, v) in edits {
            f.set(k, v);
        }
    }
    result
}

fn apply(
    doc: &mut Document,
    id: ObjectId,
    loc: &CidLoc,
    font_edits: Vec<(Vec<u8>, Object)>,
    cid_edits: Vec<(Vec<u8>, Option<Object>)>,
) {
    let edit_cid = |d: &mut Dictionary, edits: &[(Vec<u8>, Option<Object>)]| {
        for (k, v) in edits {
            match v {
                Some(v) => d.set(k.clone(), v.clone()),
                None => {
                    d.remove(k);
                }
            }
        }
    };
    if !cid_edits.is_empty() {
        match loc {
            CidLoc::Object(cid_id) => {
                if let Ok(Object::Dictionary(d)) = doc.get_object_mut(*cid_id) {
                    edit_cid(d, &cid_edits);
                }
            }
            CidLoc::Inline(Some(arr_id)) => {
                if let Ok(Object::Array(a)) = doc.get_object_mut(*arr_id) {
                    if let Some(Object::Dictionary(d)) = a.first_mut() {
                        edit_cid(d, &cid_edits);
                    }
                }
            }
            CidLoc::Inline(None) => {
                if let Ok(Object::Dictionary(f)) = doc.get_object_mut(id) {
                    if let Ok(Object::Array(a)) = f.get_mut(b"DescendantFonts") {
                        if let Some(Object::Dictionary(d)) = a.first_mut() {
                            edit_cid(d, &cid_edits);
                        }
                    }
                }
            }
        }
    }
    if let Ok(Object::Dictionary(f)) = doc.get_object_mut(id) {
        for (k, v) in font_edits {
            if matches!(v, Object::Null) {
                f.remove(&k);
            } else {
                f.set(k, v);
            }
        }
    }
}
