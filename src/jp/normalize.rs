//! Text normalization for report text: one function, [`normalize`], that makes the
//! many spellings of the same fact in 総合特別区域評価書 (full-width digits, dash and
//! tilde variants, layout spaces inside words and numbers) into one canonical text the
//! extractor can match with plain patterns.
//!
//! # Rules, in the order they are applied
//!
//! 1. **Line structure.** `\r\n` and lone `\r` become `\n`. `\n`, `\f` (page break) and
//!    `\t` (table-cell separator) are kept as they are. Other C0/C1 control characters
//!    become a space. Zero-width characters (U+200B–U+200D, U+2060, U+FEFF byte-order
//!    mark, U+00AD soft hyphen) are removed. **CJK radicals become their unified
//!    ideograph:** Chromium/Skia and Word write radicals for common kanji (`⻑野県`,
//!    U+2ED1, → `長野県`; `⾏` U+2F8F → `行`; `⿊` U+2FCA → `黒`). Every CJK Radicals Supplement (U+2E80–2EFF)
//!    and Kangxi radical (U+2F00–2FDF) that Unicode's EquivalentUnifiedIdeograph.txt maps
//!    to a unified ideograph is folded (`radicals_table.rs`, generated from
//!    `data/EquivalentUnifiedIdeograph.txt` by `gen_radicals.py`); NFKC alone covers the
//!    Kangxi radicals but not the Supplement. Where Japanese fonts draw a radical with
//!    the glyph of another JIS X 0208 kanji than Unicode's equivalent, that kanji wins
//!    (`data/JapaneseGlyphEquivalents.txt`: `⿊` → `黒`, not the traditional `黑`; `⼾` →
//!    `戸`, not `戶`): Chromium/Skia writes the radical for the glyph the report drew
//!    for that kanji. CJK compatibility ideographs (U+F900–FAFF,
//!    U+2F800–2FA1F) fold to their unified ideograph by NFKC in rule 2 (`福` U+FA1B → `福`).
//! 2. **NFKC**, except for circled numbers: ①–⑳ (U+2460–U+2473), ㉑–㉟ (U+3251–U+325F)
//!    and ㊱–㊿ (U+32B1–U+32BF) keep their identity, because they are the sub-numbers of
//!    数値目標 keys (`数値目標（1）－①` → key `1-1`). NFKC does the rest: full-width ASCII
//!    becomes ASCII (`（１）` → `(1)`, `：` → `:`, `％` → `%`, `１３５` → `135`), half-width
//!    katakana becomes full-width, the ideographic space U+3000 and NBSP become a space,
//!    `⑴` → `(1)`, `㈱` → `(株)`, `㎡` → `m2`, `™` → `TM` (`SmartAmp™2019` →
//!    `SmartAmpTM2019`; `®` is not a compatibility character and stays). `【】「」『』、。・※■○□△▲` are not
//!    compatibility characters and stay. Note that NFKC also maps superscript digits to
//!    digits (`m²` → `m2`); a superscript directly after a number would join it.
//! 3. **Tildes and wave dashes are range marks:** `〜` (U+301C), `～` (U+FF5E), `~` and
//!    `∼` (U+223C) become ASCII `~` (`平成29～令和3年度` → `平成29~令和3年度`). `〰` is
//!    decoration, not a range mark, and stays.
//!    **Look-alikes of the middle dot** (rule 3b): `‧` U+2027, `·` U+00B7, `∙` U+2219 and
//!    `⋅` U+22C5 become `・` (`財政‧税制‧金融支援` → `財政・税制・金融支援`), except
//!    between two Latin letters or digits (`3·5` stays). The long-vowel mark's look-alikes
//!    (`—` U+2014, `―` U+2015, `─` U+2500, `−` U+2212, `ｰ` U+FF70) are dashes, read by
//!    rule 4: after katakana they are `ー` (`クル─ズ` → `クルーズ`), elsewhere `-`.
//! 4. **Dashes by meaning.** The dash-like characters are `-` `‐` `‑` `‒` `–` `—` `―`
//!    `−` `⁃` `˗` `֊` `⸺` `⸻` `─` `━` `ー` (and `－` `﹣` `ｰ` `⁻` `₋`, which NFKC has
//!    already turned into one of these). A maximal run of them is mapped as a whole,
//!    looking at the character just before the run (P) and the next non-space
//!    character after it (N):
//!    - P is katakana (or `ー`) and N is not a digit or circled number: the run is the
//!      long vowel, every character becomes `ー` (`センタ－` → `センター`).
//!    - P is katakana and N is a digit or circled number: `ー` characters stay `ー`
//!      (`カテゴリー1`), other dashes become `-` (the list markers `ア－1` → `ア-1`).
//!    - P is hiragana: `ー` stays (`すごーい`), other dashes become `-`.
//!    - Otherwise every character becomes ASCII `-`: minus (`－18人` → `-18人`,
//!      `実績値−18人` → `実績値-18人`), hyphen (`数値目標（1）－①` → `数値目標(1)-①`,
//!      `SARS‐CoV‐2` → `SARS-CoV-2`) and the "no value" cell (`―`, `－`, `ー` → `-`,
//!      `進捗度―` → `進捗度-`). A `ー` after a kanji, digit or symbol is never a long
//!      vowel in these reports, so it is a dash too.
//!
//!    Run lengths are kept (`――` → `--`); nothing is collapsed.
//! 5. **Spaces.** Runs of spaces collapse to one space; spaces at the start and end of
//!    a line, and next to a tab or page break, are removed. A space run is removed
//!    entirely when it separates:
//!    - two Japanese characters (kanji, kana, `ー`, CJK punctuation such as `、。「」【】`,
//!      circled numbers, the symbols `※○●◎■□△▲▽▼◆◇☆★`, and the range mark `~`):
//!      `京浜 臨海部` → `京浜臨海部`, `平成29 ~ 令和3年度` → `平成29~令和3年度`;
//!    - a Japanese character and a digit: `475 億円` → `475億円`, `280 件` → `280件`,
//!      `声だけ 5 秒` → `声だけ5秒`, `3 県市` → `3県市`, `目標値 200人` → `目標値200人`;
//!    - a Japanese character and a Latin letter (decision, as neologdn):
//!      `ヘルスケア ICT の取組` → `ヘルスケアICTの取組`,
//!      `Taiga Biotechnologies Japan 株式会社` → `Taiga Biotechnologies Japan株式会社`;
//!    - a digit and a following `%`: `145 %` → `145%`.
//!
//!    Spaces between Latin words, between two numbers, and next to ASCII punctuation
//!    are kept (`Taiga Biotechnologies Japan`, `目標値 200人\t500人` keeps its tab,
//!    `数値目標(1) 特区関連事業` keeps its space after `)`).
//!
//! The function is idempotent: `normalize(normalize(x)) == normalize(x)`.
//!
//! # What the extractor sees
//!
//! - `数値目標（1）－①：` → `数値目標(1)-①:`
//! - `【当該年度目標値93億円、当該年度実績値135億円、進捗度145%、寄与度33%】` is unchanged.
//! - `5年間（平成29～令和3年度）累計：475億円` → `5年間(平成29~令和3年度)累計:475億円`
//! - `進捗度-`, `進捗度－`, `進捗度―`, `進捗度ー` → `進捗度-`
//! - A space between two Japanese phrases is indistinguishable from a layout space and
//!   is removed: `1 国際戦略総合特別区域の名称` → `1国際戦略総合特別区域の名称`,
//!   `令和2年度 国際戦略総合特別区域評価書` → `令和2年度国際戦略総合特別区域評価書`,
//!   `ファンド総額：12億円 投資先：16社` → `ファンド総額:12億円投資先:16社`, and a row label
//!   joins the first cell when only a space separated them: `目標値 200人\t500人` →
//!   `目標値200人\t500人`. A space after `)` stays: `進捗度(%) 421%`, `1,500人 (累計)`.
//!
//! # Where tokku differs from neologdn
//!
//! neologdn (the normalizer of mecab-ipadic-neologd) is built for word segmentation;
//! tokku must keep numbers and keys exactly right, so:
//! - neologdn maps `－ ― — ─ ━ ｰ` to `ー` everywhere; that would turn the minus of
//!   `－18人` and the no-value cell `―` into a long vowel. tokku maps dashes by context
//!   (rule 4); only after katakana are they the long vowel.
//! - neologdn removes tildes by default (`1995〜2001年` → `19952001年`, which changes a
//!   number); tokku maps them to `~`, a range mark (like neologdn's `tilde="normalize"`).
//! - neologdn collapses repeated `ー` (`ウェーーーイ` → `ウェーイ`); tokku keeps the text's
//!   length of every run (no data is in them, but nothing is gained by deleting).
//! - neologdn applies NFKC only to alphanumerics and half-width kana and converts ASCII
//!   symbols to full-width and back; tokku applies full NFKC but keeps circled numbers
//!   (neologdn's NFKC turns `①` into `1`, which would lose the 数値目標 sub-number).
//! - neologdn turns every whitespace, including newlines, into one space and strips the
//!   text; tokku keeps `\n`, `\t` and `\f`, which carry the document's lines, table
//!   cells and pages.
//! - Like neologdn, tokku removes spaces between Japanese characters and between
//!   Japanese and Latin text; in addition it removes those between Japanese and digits
//!   (PDF layout puts them inside quantities: `475 億円`).

use unicode_normalization::UnicodeNormalization;

use super::radicals_table::RADICAL_TO_UNIFIED;

/// Normalizes report text (see the module documentation for the rules).
pub fn normalize(text: &str) -> String {
    // Most calls get text that is already normal (a line normalized when the document
    // was read, cells joined from normalized lines): return it without the passes.
    if is_normalized(text) {
        return text.to_string();
    }
    let mut out = one_pass(text);
    // Removing a space can put a combining mark (e.g. the voiced mark U+3099) or a
    // Hangul jamo next to the character it composes with; NFKC must then run again for
    // the result to be stable. This is rare, so the common path is a single pass.
    for _ in 0..4 {
        if !out.chars().any(may_compose_with_previous) {
            break;
        }
        let again = one_pass(&out);
        if again == out {
            break;
        }
        out = again;
    }
    out
}

/// The text normalized with every whitespace removed: the form in which a table cell's
/// words or a line are compared with others (layout puts spaces anywhere in them).
pub fn compact(text: &str) -> String {
    normalize(text).chars().filter(|c| !c.is_whitespace()).collect()
}

/// True when [`normalize`] returns `text` unchanged, judged in one pass without
/// building anything: no character that rules 1, 3 and 4 change (controls other than
/// `\n` `\t` `\f`, zero-width characters, radicals, tildes, dashes), no space that
/// rule 5 removes (only single spaces between two characters it keeps apart:
/// `Taiga Biotechnologies`, `進捗度(%) 421%`), and every run between circled numbers
/// already in NFKC by the quick check (a `Maybe` counts as no). Conservative: a `false`
/// only means the full passes run.
pub(crate) fn is_normalized(text: &str) -> bool {
    let mut previous: Option<char> = None;
    let mut all_boundaries = true;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        // Letters, digits, kana and kanji: no rule touches them (the common case).
        if c.is_ascii_alphanumeric()
            || matches!(c, '\u{3041}'..='\u{3096}' | '\u{30A1}'..='\u{30FA}' | '\u{4E00}'..='\u{9FFF}')
        {
            previous = Some(c);
            continue;
        }
        all_boundaries &=
            is_nfkc_boundary(c) || is_circled_number(c) || matches!(c, '\n' | '\t' | '\u{0C}');
        match c {
            '\n' | '\t' | '\u{0C}' | '~' => {}
            ' ' => {
                // The next character is judged on its own turn; here only whether rule 5
                // keeps this space: never at an edge, next to a line, cell or page break,
                // in a run of spaces, or between characters that join.
                let (Some(before), Some(&(_, after))) = (previous, chars.peek()) else {
                    return false;
                };
                if matches!(before, '\n' | '\t' | '\u{0C}')
                    || after.is_whitespace()
                    || joins(before, after)
                {
                    return false;
                }
            }
            c if is_dash(c) => {
                // Rule 4 on the whole run, as `map_tildes_and_dashes` sees it: each dash
                // must already be what the rule makes of it (`センター`, `ア-1`, `-18人`).
                let end = text[i..].find(|d: char| !is_dash(d)).map_or(text.len(), |k| i + k);
                let run = &text[i..end];
                if run
                    .chars()
                    .zip(mapped_dashes(
                        run.chars(),
                        previous,
                        text[end..].chars().find(|&n| n != ' '),
                    ))
                    .any(|(d, m)| d != m)
                {
                    return false;
                }
                while chars.next_if(|&(j, _)| j < end).is_some() {}
                all_boundaries &= run.chars().all(is_nfkc_boundary);
                previous = run.chars().last();
                continue;
            }
            c if c.is_whitespace() || c.is_control() || is_tilde(c) => return false,
            c if is_middle_dot_lookalike(c) => return false,
            '\u{200B}'..='\u{200D}'
            | '\u{2060}'
            | '\u{FEFF}'
            | '\u{00AD}'
            | '\u{2E80}'..='\u{2FDF}' => return false,
            _ => {}
        }
        previous = Some(c);
    }
    // Most report text is ASCII, kana and kanji, which NFKC keeps as they are.
    all_boundaries
        || text.split(is_circled_number).all(|run| {
            unicode_normalization::is_nfkc_quick(run.chars())
                == unicode_normalization::IsNormalized::Yes
        })
}

/// Characters that NFKC keeps as they are and that never compose with the character
/// before them (combining class 0, NFKC_Quick_Check=Yes, not a second of any
/// composition): printable ASCII, CJK punctuation, kana and kanji, box drawing and
/// geometric shapes (`■□○`), arrows, `※`. Normalization never crosses the start of one
/// (UAX #15: a boundary stands before every such character), so the text can be
/// normalized piece by piece between them. Checked against Unicode's data by a test.
fn is_nfkc_boundary(c: char) -> bool {
    matches!(c,
        '\u{20}'..='\u{7E}'
        | '\u{3001}'..='\u{3029}'
        | '\u{3030}'..='\u{3035}'
        | '\u{3037}'
        | '\u{303B}'..='\u{3098}'
        | '\u{309D}'..='\u{309E}'
        | '\u{30A0}'..='\u{30FE}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{2190}'..='\u{21FF}'
        | '\u{2500}'..='\u{25FF}'
        | '\u{203B}')
}

fn one_pass(text: &str) -> String {
    let chars = nfkc_keeping_circled(&prepare(text));
    let chars = map_tildes_and_dashes(chars);
    squeeze_spaces(&chars, false)
}

/// [`normalize`], except that a space between two Japanese words stays (one space):
/// `神奈川県 横浜市　川崎市` → `神奈川県 横浜市 川崎市`. For the few places where a
/// space separates items (a list of 作成主体), never for matching.
pub fn normalize_keeping_word_spaces(text: &str) -> String {
    let chars = nfkc_keeping_circled(&prepare(text));
    let chars = map_tildes_and_dashes(chars);
    squeeze_spaces(&chars, true)
}

fn may_compose_with_previous(c: char) -> bool {
    unicode_normalization::char::is_combining_mark(c) || matches!(c, '\u{1160}'..='\u{11FF}')
}

/// Rule 1: line ends, control characters and zero-width characters.
fn prepare(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\r' => {
                if chars.peek() == Some(&'\n') {
                    chars.next();
                }
                out.push('\n');
            }
            '\n' | '\t' | '\u{0C}' => out.push(c),
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{00AD}' => {}
            '\u{2E80}'..='\u{2FDF}' => out.push(unified_ideograph(c)),
            c if c.is_control() => out.push(' '),
            c => out.push(c),
        }
    }
    out
}

/// The unified ideograph a CJK radical stands for (`⻑` → `長`), or the character itself.
pub fn unified_ideograph(c: char) -> char {
    match RADICAL_TO_UNIFIED.binary_search_by_key(&c, |&(radical, _)| radical) {
        Ok(i) => RADICAL_TO_UNIFIED[i].1,
        Err(_) => c,
    }
}

/// Circled numbers that keep their identity through NFKC.
pub(crate) fn is_circled_number(c: char) -> bool {
    matches!(c, '\u{2460}'..='\u{2473}' | '\u{3251}'..='\u{325F}' | '\u{32B1}'..='\u{32BF}')
}

/// Rule 2: NFKC on every run of characters that are not circled numbers. A run is
/// normalized piece by piece, each piece starting at a character before which NFKC
/// never reaches ([`is_nfkc_boundary`]); a piece of one such character is itself.
fn nfkc_keeping_circled(text: &str) -> Vec<char> {
    let mut out = Vec::with_capacity(text.len());
    let mut start = 0;
    let flush = |out: &mut Vec<char>, piece: &str| {
        let mut chars = piece.chars();
        match (chars.next(), chars.next()) {
            (None, _) => {}
            (Some(c), None) if is_nfkc_boundary(c) => out.push(c),
            _ => out.extend(piece.nfkc()),
        }
    };
    for (i, c) in text.char_indices() {
        if is_circled_number(c) {
            flush(&mut out, &text[start..i]);
            out.push(c);
            start = i + c.len_utf8();
        } else if is_nfkc_boundary(c) {
            flush(&mut out, &text[start..i]);
            start = i;
        }
    }
    flush(&mut out, &text[start..]);
    out
}

/// Look-alikes of the middle dot `・` (U+30FB) that some producers' fonts map it to:
/// U+2027 HYPHENATION POINT (a Type3 rendition of `財政・税制・金融支援`), U+00B7
/// MIDDLE DOT, U+2219 BULLET OPERATOR, U+22C5 DOT OPERATOR. (U+FF65 HALFWIDTH KATAKANA
/// MIDDLE DOT is already `・` by NFKC, U+0387 GREEK ANO TELEIA already U+00B7.) The
/// bullet U+2022 `•` is left alone: it is a list marker of its own, not a look-alike.
fn is_middle_dot_lookalike(c: char) -> bool {
    matches!(c, '\u{2027}' | '\u{00B7}' | '\u{2219}' | '\u{22C5}')
}

pub(crate) fn is_dash(c: char) -> bool {
    matches!(
        c,
        '-' | '\u{2010}'
            | '\u{2011}'
            | '\u{2012}'
            | '\u{2013}'
            | '\u{2014}'
            | '\u{2015}'
            | '\u{2212}'
            | '\u{2043}'
            | '\u{02D7}'
            | '\u{058A}'
            | '\u{2E3A}'
            | '\u{2E3B}'
            | '\u{2500}'
            | '\u{2501}'
            | 'ー'
    )
}

fn is_tilde(c: char) -> bool {
    matches!(c, '~' | '\u{301C}' | '\u{FF5E}' | '\u{223C}')
}

/// Katakana letters (not the middle dot ・ or the double hyphen ゠) and the iteration marks.
fn is_katakana(c: char) -> bool {
    matches!(c, '\u{30A1}'..='\u{30FA}' | '\u{30FD}'..='\u{30FF}' | '\u{31F0}'..='\u{31FF}')
}

fn is_hiragana(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{309F}')
}

/// Rules 3 and 4.
fn map_tildes_and_dashes(chars: Vec<char>) -> Vec<char> {
    let mut out: Vec<char> = Vec::with_capacity(chars.len());
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if is_tilde(c) {
            out.push('~');
            i += 1;
            continue;
        }
        if is_middle_dot_lookalike(c) {
            // Rule 3b: a look-alike of `・` is `・` unless it stands between two Latin
            // letters or digits (`3·5`, a decimal or product in Latin text).
            let latin = |n: Option<&char>| n.is_some_and(|n| n.is_ascii_alphanumeric());
            let keep = latin(out.last()) && latin(chars.get(i + 1));
            out.push(if keep { c } else { '・' });
            i += 1;
            continue;
        }
        if !is_dash(c) {
            out.push(c);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_dash(chars[i]) {
            i += 1;
        }
        let prev = out.last().copied();
        let next = chars[i..].iter().copied().find(|&n| n != ' ');
        out.extend(mapped_dashes(chars[start..i].iter().copied(), prev, next));
    }
    out
}

/// Rule 4 for one maximal run of dashes: `prev` is the character before it, `next` the
/// next non-space character after it.
fn mapped_dashes(
    run: impl Iterator<Item = char>,
    prev: Option<char>,
    next: Option<char>,
) -> impl Iterator<Item = char> {
    let next_is_number = next.is_some_and(|n| n.is_ascii_digit() || is_circled_number(n));
    let after_katakana = prev.is_some_and(is_katakana);
    let after_hiragana = prev.is_some_and(is_hiragana);
    run.map(move |d| {
        let long_vowel = (after_katakana && !next_is_number)
            || ((after_katakana || after_hiragana) && d == 'ー');
        if long_vowel {
            'ー'
        } else {
            '-'
        }
    })
}

/// Classes of characters for the space rules.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Japanese,
    Digit,
    Latin,
    Percent,
    Other,
}

pub(crate) fn is_japanese(c: char) -> bool {
    matches!(c,
        '\u{3001}'..='\u{303F}'   // CJK symbols and punctuation (not U+3000, which is NFKC'd)
        | '\u{3040}'..='\u{30FF}' // hiragana, katakana
        | '\u{31F0}'..='\u{31FF}'
        | '\u{3400}'..='\u{4DBF}'
        | '\u{4E00}'..='\u{9FFF}'
        | '\u{F900}'..='\u{FAFF}'
        | '\u{20000}'..='\u{2FA1F}'
        | '\u{FF00}'..='\u{FFEF}' // what NFKC leaves of full-width forms
        | '\u{25A0}'..='\u{25FF}' // ■□▲△○●◎◆◇▼▽
        | '\u{2605}' | '\u{2606}' | '\u{203B}' // ★☆※
        | '~')
        || is_circled_number(c)
}

fn class(c: char) -> Class {
    if is_japanese(c) {
        Class::Japanese
    } else if c.is_ascii_digit() {
        Class::Digit
    } else if c.is_alphabetic() {
        Class::Latin
    } else if c == '%' {
        Class::Percent
    } else {
        Class::Other
    }
}

fn joins(before: char, after: char) -> bool {
    use Class::*;
    matches!(
        (class(before), class(after)),
        (Japanese, Japanese)
            | (Japanese, Digit)
            | (Digit, Japanese)
            | (Japanese, Latin)
            | (Latin, Japanese)
            | (Digit, Percent)
    )
}

/// Rule 5 (with `keep_japanese_gaps`, a space between two Japanese characters stays).
fn squeeze_spaces(chars: &[char], keep_japanese_gaps: bool) -> String {
    let mut out = String::with_capacity(chars.len() * 3);
    let mut i = 0;
    let mut prev: Option<char> = None;
    while i < chars.len() {
        let c = chars[i];
        if c.is_whitespace() && !matches!(c, '\n' | '\t' | '\u{0C}') {
            // NFKC leaves only ' ' among layout spaces, plus a few others
            // (e.g. U+2028): all count as a space here.
            while i < chars.len()
                && chars[i].is_whitespace()
                && !matches!(chars[i], '\n' | '\t' | '\u{0C}')
            {
                i += 1;
            }
            let next = chars.get(i).copied();
            let keep = match (prev, next) {
                (None, _) | (_, None) => false,
                (Some(p), Some(n)) => {
                    let kept_gap = keep_japanese_gaps
                        && class(p) == Class::Japanese
                        && class(n) == Class::Japanese;
                    !(matches!(p, '\n' | '\t' | '\u{0C}')
                        || matches!(n, '\n' | '\t' | '\u{0C}')
                        || (joins(p, n) && !kept_gap))
                }
            };
            if keep {
                out.push(' ');
                prev = Some(' ');
            }
            continue;
        }
        out.push(c);
        prev = Some(c);
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{is_normalized, normalize, one_pass};
    use proptest::prelude::*;

    #[test]
    fn look_alikes_of_the_middle_dot_and_the_long_vowel_fold_to_the_reports_forms() {
        // The middle dot as each producer of issue 23 printed it.
        for dot in ['\u{2027}', '\u{00B7}', '\u{2219}', '\u{22C5}', '\u{FF65}', '\u{30FB}'] {
            let text = format!("財政{dot}税制{dot}金融支援");
            assert_eq!(normalize(&text), "財政・税制・金融支援", "U+{:04X}", dot as u32);
            assert_eq!(normalize(&format!("{dot}臨港地区")), "・臨港地区", "U+{:04X}", dot as u32);
            assert!(!is_normalized(&text) || dot == '\u{30FB}');
        }
        // Between Latin letters or digits a dot is no 中黒: `3·5` stays.
        assert_eq!(normalize("3\u{00B7}5"), "3\u{00B7}5");
        // The bullet is a list marker of its own.
        assert_eq!(normalize("\u{2022}臨港"), "\u{2022}臨港");
        // The long vowel's look-alikes between katakana.
        for bar in ['\u{2014}', '\u{2015}', '\u{2500}', '\u{FF70}', '\u{2212}', '\u{30FC}'] {
            let text = format!("ウォ{bar}タ{bar}フロント・クル{bar}ズ");
            assert_eq!(normalize(&text), "ウォーターフロント・クルーズ", "U+{:04X}", bar as u32);
        }
        // Not after katakana they stay dashes: a no-value cell, a numbering's hyphen.
        assert_eq!(normalize("進捗度\u{2015}"), "進捗度-");
        assert_eq!(normalize("数値目標(1)\u{2014}①"), "数値目標(1)-①");
        assert_eq!(normalize("\u{2500}"), "-");
    }

    /// Characters every rule looks at (both widths, dashes, tildes, spaces, controls,
    /// zero-width, radicals, circled numbers, combining marks, kana, Latin, digits).
    const POOL: &[char] = &[
        '0', '5', '０', '５', '%', '％', '-', '－', '―', 'ー', '‐', '−', '~', '～', '〜', ' ',
        '　', '\t', '\n', '\u{0C}', '\r', '\u{01}', '\u{200B}', '\u{FEFF}', '\u{00AD}', '⻑', '⾏',
        'ア', 'セ', 'ｾ', 'ﾞ', 'か', '\u{3099}', '\u{0301}', 'e', 'A', 'Ｚ', '(', ')', '（', '①',
        '⑳', '⑴', ':', '：', '、', '【', '■', '※', '漢', '億', '\u{1100}', '\u{1161}', '가', '福',
        '\u{2028}',
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        /// The shortcut never skips a change: text it calls normal comes out of the
        /// passes unchanged.
        #[test]
        fn text_judged_normal_is_unchanged_by_the_passes(chars in prop::collection::vec(prop::sample::select(POOL), 0..24)) {
            let text: String = chars.into_iter().collect();
            if is_normalized(&text) {
                prop_assert_eq!(one_pass(&text), text);
            }
        }

        /// Normalized text is judged normal, except where a `Maybe` of the quick check or
        /// a combining mark makes the shortcut give up.
        #[test]
        fn normalized_text_is_mostly_judged_normal(chars in prop::collection::vec(prop::sample::select(POOL), 0..24)) {
            let text: String = chars.into_iter().filter(|c| !matches!(c, '\u{3099}' | '\u{0301}' | '\u{1161}' | 'ﾞ')).collect();
            let normal = normalize(&text);
            prop_assert!(is_normalized(&normal), "{:?} → {:?}", text, normal);
        }
    }

    /// Every boundary character is its own NFKC, and NFKC of a text is the same whole as
    /// piece by piece (after a boundary character come combining marks, voiced marks,
    /// Hangul vowels and full-width forms that compose or change).
    #[test]
    fn boundary_characters_are_stable_and_start_a_piece() {
        use unicode_normalization::UnicodeNormalization;
        let ranges = [
            (0x20, 0x7E),
            (0x3001, 0x30FE),
            (0x3400, 0x4DBF),
            (0x4E00, 0x9FFF),
            (0x2190, 0x21FF),
            (0x2500, 0x25FF),
            (0x203B, 0x203B),
        ];
        let followers =
            ['\u{0301}', '\u{0338}', '\u{3099}', '\u{309A}', '\u{1161}', 'ﾞ', 'Ａ', 'a', '가'];
        for (first, last) in ranges {
            for c in
                (first..=last).filter_map(char::from_u32).filter(|&c| super::is_nfkc_boundary(c))
            {
                assert_eq!(
                    c.to_string().nfkc().collect::<String>(),
                    c.to_string(),
                    "{c:?} changes under NFKC"
                );
                assert_eq!(unicode_normalization::char::canonical_combining_class(c), 0, "{c:?}");
                for before in ['e', 'カ', 'ｶ', '\u{1100}', '<', '='] {
                    let pair: String = [before, c].iter().collect();
                    assert_eq!(
                        pair.nfkc().collect::<String>(),
                        format!("{}{c}", before.to_string().nfkc().collect::<String>()),
                        "{c:?} composes with {before:?}"
                    );
                }
                for after in followers {
                    let text: String = ['a', c, after].iter().collect();
                    assert_eq!(
                        super::nfkc_keeping_circled(&text).into_iter().collect::<String>(),
                        text.nfkc().collect::<String>(),
                        "{text:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn the_shortcut_takes_normal_lines_and_leaves_the_rest() {
        for normal in [
            "数値目標(1)-①:",
            "Taiga Biotechnologies Japan株式会社",
            "進捗度(%) 421%",
            "目標値200人\t500人",
            "京浜臨海部",
        ] {
            assert_eq!(normalize(normal), normal);
        }
        assert!(is_normalized("進捗度(%) 421%"));
        assert!(is_normalized("Taiga Biotechnologies"));
        for normal in ["センター", "ア-1", "-18人", "数値目標(1)-①", "すごーい", "平成29~令和3年度"]
        {
            assert!(is_normalized(normal), "{normal}");
        }
        for changed in [
            "475 億円",
            " 先頭",
            "末尾 ",
            "数値目標（1）",
            "a  b",
            "⻑野県",
            "センタ-",
            "平成29～令和3年度",
            "a\u{200B}b",
            "x \t y",
            "ア－1",
            "実績ー1",
            "漢ー",
        ] {
            assert!(!is_normalized(changed), "{changed}");
        }
    }

    #[test]
    fn seed_phrases() {
        assert_eq!(normalize("数値目標（1）－①："), "数値目標(1)-①:");
        assert_eq!(
            normalize("5年間（平成29～令和3年度）累計：475億円"),
            "5年間(平成29~令和3年度)累計:475億円"
        );
        assert_eq!(normalize("進捗度-"), "進捗度-");
        assert_eq!(normalize("475 億円"), "475億円");
    }
}
