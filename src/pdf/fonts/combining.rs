//! Suspect ToUnicode entries that give a spacing glyph the text of a combining mark
//! (issue 23), judged against the embedded TrueType program's own cmap.
//!
//! Skia (Chromium's PDF backend) writes one code point per glyph in the ToUnicode it
//! emits: the smallest of those the font's cmap maps to that glyph. IPAexMincho maps
//! U+0336 COMBINING LONG STROKE OVERLAY and U+2014 EM DASH to one glyph, so a `—` drawn
//! in Chromium comes back as U+0336 (`スマ—ト` read as `スマ̶ト`). A real combining
//! mark is drawn over the previous glyph with zero advance; a glyph with a normal
//! advance that stands as a character of its own is not one. For such a glyph the
//! font's cmap is asked for every code point of that glyph: one non-combining candidate
//! (or several of one look-alike class, the dashes) is its text; none or several
//! different ones make it undecodable (left out of the text and counted in the page's
//! `undecodable_glyphs` warning), never a silent guess.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use unicode_general_category::{get_general_category, GeneralCategory};
use unicode_normalization::UnicodeNormalization;

/// What to do with one ToUnicode entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Verdict {
    /// The entry stands (not a combining mark, or a real one drawn with zero advance).
    Keep,
    /// The entry's text is replaced by this code point of the font's cmap.
    Replace(char),
    /// The glyph's text cannot be told: the entry is dropped, the glyph is undecodable.
    Undecodable,
}

/// True for a nonspacing or enclosing mark (general category Mn or Me), e.g. U+0336,
/// U+0305, U+0332. Spacing marks (Mc) have an advance of their own and are not suspect.
pub fn is_combining(c: char) -> bool {
    matches!(
        get_general_category(c),
        GeneralCategory::NonspacingMark | GeneralCategory::EnclosingMark
    )
}

/// The dash-like characters that tokku's normalization reads as one class by context
/// (see `crate::jp::normalize`, rule 4): between katakana each is the long-vowel mark,
/// elsewhere `-`; a glyph shared by several of them reads the same whichever is chosen.
fn is_dash_lookalike(c: char) -> bool {
    let folded: String = c.to_string().nfkc().collect();
    let mut chars = folded.chars();
    match (chars.next(), chars.next()) {
        (Some(f), None) => crate::jp::normalize::is_dash(f),
        _ => false,
    }
}

/// Judges one ToUnicode entry: `mapped` is its text, `advance` the glyph's width in the
/// PDF (/W or /DW, thousandths of an em), `cmap_candidates` every code point the
/// embedded font's cmap maps to the glyph.
///
/// Written for h06_yukimihara_agri__chromium.pdf (held-out corpus): CID <2FB4>, width
/// 1000, ToUnicode U+0336, IPAexMincho's cmap {U+0336, U+2014} → U+2014.
pub fn judge(mapped: &str, advance: f64, cmap_candidates: &[char]) -> Verdict {
    let all_marks = !mapped.is_empty() && mapped.chars().all(is_combining);
    if !all_marks || advance.abs() < f64::EPSILON {
        return Verdict::Keep;
    }
    let spacing: BTreeSet<char> =
        cmap_candidates.iter().copied().filter(|&c| !is_combining(c)).collect();
    match spacing.len() {
        0 => Verdict::Undecodable,
        1 => spacing.first().map_or(Verdict::Undecodable, |&c| Verdict::Replace(c)),
        _ if spacing.iter().all(|&c| is_dash_lookalike(c)) => {
            spacing.first().map_or(Verdict::Undecodable, |&c| Verdict::Replace(c))
        }
        _ => Verdict::Undecodable,
    }
}

/// What the check changed in one font's ToUnicode.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Outcome {
    /// code → (old text, new character).
    pub replaced: BTreeMap<u32, (String, char)>,
    /// code → old text, dropped (the glyph is undecodable).
    pub dropped: BTreeMap<u32, String>,
}

impl Outcome {
    pub fn is_empty(&self) -> bool {
        self.replaced.is_empty() && self.dropped.is_empty()
    }
}

/// Judges every entry of `to_unicode` (code → text; the font's codes are its CIDs, as
/// with an Identity encoding) whose code is in `used` (None: every code), and applies
/// the verdicts to the map. `width_of` gives a CID's advance, `candidates_of` the cmap
/// code points of the CID's glyph.
pub fn check(
    to_unicode: &mut HashMap<u32, String>,
    used: Option<&BTreeSet<u32>>,
    width_of: impl Fn(u32) -> f64,
    candidates_of: impl Fn(u32) -> Vec<char>,
) -> Outcome {
    let mut outcome = Outcome::default();
    let suspects: Vec<u32> = to_unicode
        .iter()
        .filter(|(code, text)| {
            used.is_none_or(|u| u.contains(code))
                && !text.is_empty()
                && text.chars().all(is_combining)
        })
        .map(|(code, _)| *code)
        .collect();
    for code in suspects {
        let Some(text) = to_unicode.get(&code).cloned() else { continue };
        match judge(&text, width_of(code), &candidates_of(code)) {
            Verdict::Keep => {}
            Verdict::Replace(c) => {
                to_unicode.insert(code, c.to_string());
                outcome.replaced.insert(code, (text, c));
            }
            Verdict::Undecodable => {
                to_unicode.remove(&code);
                outcome.dropped.insert(code, text);
            }
        }
    }
    outcome
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_spacing_glyph_mapped_to_a_combining_mark_takes_the_one_spacing_cmap_candidate() {
        // h06: IPAexMincho's glyph uni0336 is also U+2014; Skia wrote U+0336.
        assert_eq!(judge("\u{0336}", 1000.0, &['\u{0336}', '\u{2014}']), Verdict::Replace('—'));
        // The order of the cmap's code points does not matter.
        assert_eq!(judge("\u{0305}", 500.0, &['\u{203E}', '\u{0305}']), Verdict::Replace('‾'));
    }

    #[test]
    fn several_different_candidates_or_none_make_the_glyph_undecodable() {
        assert_eq!(judge("\u{0336}", 1000.0, &['\u{0336}', '\u{2014}', 'A']), Verdict::Undecodable);
        assert_eq!(judge("\u{0332}", 1000.0, &['\u{0332}']), Verdict::Undecodable);
        assert_eq!(judge("\u{0332}", 1000.0, &[]), Verdict::Undecodable);
    }

    #[test]
    fn candidates_of_one_lookalike_class_give_the_smallest() {
        // EM DASH, HORIZONTAL BAR and BOX DRAWINGS LIGHT HORIZONTAL all read as the
        // long-vowel mark between katakana and as `-` elsewhere.
        assert_eq!(
            judge("\u{0336}", 1000.0, &['\u{2500}', '\u{2015}', '\u{0336}', '\u{2014}']),
            Verdict::Replace('\u{2014}')
        );
    }

    #[test]
    fn a_real_combining_mark_with_zero_advance_stays() {
        assert_eq!(judge("\u{0301}", 0.0, &['\u{0301}']), Verdict::Keep);
        assert_eq!(judge("\u{0336}", 0.0, &['\u{0336}', '\u{2014}']), Verdict::Keep);
        // Not a combining mark: nothing to judge.
        assert_eq!(judge("—", 1000.0, &['\u{0336}', '\u{2014}']), Verdict::Keep);
        assert_eq!(judge("e\u{0301}", 1000.0, &['e']), Verdict::Keep);
        // A spacing mark (Mc, Devanagari vowel sign AA) has an advance of its own.
        assert_eq!(judge("\u{093E}", 400.0, &['\u{093E}']), Verdict::Keep);
    }

    #[test]
    fn check_rewrites_only_used_suspect_codes() {
        let mut map: HashMap<u32, String> = [
            (0x2FB4, "\u{0336}".to_string()),
            (0x30ED, "\u{0305}".to_string()),
            (0x0041, "A".to_string()),
            (0x0042, "\u{0301}".to_string()),
        ]
        .into_iter()
        .collect();
        let used: BTreeSet<u32> = [0x2FB4, 0x30ED, 0x41, 0x42].into_iter().collect();
        let outcome = check(
            &mut map,
            Some(&used),
            |cid| if cid == 0x42 { 0.0 } else { 1000.0 },
            |cid| match cid {
                0x2FB4 => vec!['\u{0336}', '\u{2014}'],
                0x30ED => vec!['\u{0305}'],
                _ => vec![],
            },
        );
        assert_eq!(map.get(&0x2FB4).map(String::as_str), Some("—"));
        assert_eq!(map.get(&0x30ED), None);
        assert_eq!(map.get(&0x41).map(String::as_str), Some("A"));
        assert_eq!(map.get(&0x42).map(String::as_str), Some("\u{0301}"));
        assert_eq!(outcome.replaced.len(), 1);
        assert_eq!(outcome.dropped.keys().copied().collect::<Vec<_>>(), vec![0x30ED]);
        // An unused code is not judged.
        let mut map: HashMap<u32, String> = [(7, "\u{0336}".to_string())].into_iter().collect();
        let used: BTreeSet<u32> = BTreeSet::new();
        assert!(check(&mut map, Some(&used), |_| 1000.0, |_| vec![]).is_empty());
        assert_eq!(map.len(), 1);
    }
}
