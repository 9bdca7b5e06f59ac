//! GID → Unicode for embedded TrueType CID fonts (CIDFontType2), by reversing the
//! font program's own Unicode cmap subtables with ttf-parser.

use std::collections::HashMap;

use ttf_parser::Face;

/// Reverses the Unicode cmap subtables of a TrueType/OpenType font program: one code
/// point per glyph, and the program's glyph count. Returns None when the program does not
/// parse or has no Unicode cmap.
pub fn gid_to_unicode(data: &[u8]) -> Option<(HashMap<u16, char>, u16)> {
    let face = Face::parse(data, 0).ok()?;
    let mut map: HashMap<u16, char> = HashMap::new();
    each_code_point(&face, |gid, ch| {
        // Several code points can share a glyph (e.g. U+2F00 radicals and U+4E00, or
        // compatibility ideographs): keep the preferred one.
        map.entry(gid)
            .and_modify(|old| {
                if rank(ch) < rank(*old) {
                    *old = ch;
                }
            })
            .or_insert(ch);
    })?;
    (!map.is_empty()).then_some((map, face.number_of_glyphs()))
}

fn rank(c: char) -> (u8, u32) {
    let v = c as u32;
    let class = match v {
        0xE000..=0xF8FF | 0xF0000..=0x10FFFF => 4, // private use
        0xF900..=0xFAFF | 0x2F800..=0x2FA1F => 3,  // compatibility ideographs
        0x2E80..=0x2FDF => 2,                      // radicals
        0x10000.. => 1,
        _ => 0,
    };
    (class, v)
}

/// Every Unicode code point the font program's Unicode cmap subtables map to each glyph
/// (glyph 0 left out), sorted; None when the program does not parse or has no cmap.
/// Unlike [`gid_to_unicode`], nothing is preferred: [`super::combining`] needs all of a
/// glyph's code points to judge a ToUnicode entry (IPAexMincho maps U+0336 and U+2014
/// to one glyph).
pub fn code_points_by_glyph(data: &[u8]) -> Option<HashMap<u16, Vec<char>>> {
    let mut map: HashMap<u16, Vec<char>> = HashMap::new();
    each_code_point(&Face::parse(data, 0).ok()?, |gid, ch| map.entry(gid).or_default().push(ch))?;
    for chars in map.values_mut() {
        chars.sort_unstable();
        chars.dedup();
    }
    (!map.is_empty()).then_some(map)
}

/// Calls `found` with (glyph id, code point) for every code point of the face's Unicode
/// cmap subtables (glyph 0 left out); None when the face has no cmap.
fn each_code_point(face: &Face, mut found: impl FnMut(u16, char)) -> Option<()> {
    let cmap = face.tables().cmap?;
    for sub in cmap.subtables {
        if !sub.is_unicode() {
            continue;
        }
        sub.codepoints(|cp| {
            let Some(ch) = char::from_u32(cp) else { return };
            let Some(gid) = sub.glyph_index(cp) else { return };
            if gid.0 != 0 {
                found(gid.0, ch);
            }
        });
    }
    Some(())
}
