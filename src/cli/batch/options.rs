//! The options a record depends on, stored with each document in the manifest
//! (`options`), and the rule that tells whether a record made under earlier options can
//! be reused under this run's: a record is made again exactly when the options that
//! changed could change it (`--respect-permissions` only for a copy-restricted or
//! encrypted PDF, `--lang` only for a record with messages, a looser limit only for a
//! record refused at a limit, a tighter one for every record it could stop).

use serde::{Deserialize, Serialize};

use tokku::extract::UndecodableText;
use tokku::lang::Lang;
use tokku::record::{ErrorCode, Record, SCHEMA_VERSION};

/// What of the run's options went into a record (with the manifest entry's
/// `tokku_version`, the record's fingerprint): serialized in this field order, so the
/// manifest stays byte for byte the same from run to run.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordOptions {
    /// The record schema's version (`schema_version` of the record).
    pub schema_version: String,
    /// The language of the record's messages (`ja` / `en`).
    pub lang: String,
    /// `--respect-permissions`.
    pub respect_permissions: bool,
    /// What a document of mostly undecodable glyphs becomes (`refuse`: an `unreadable_text` error).
    pub undecodable_text: String,
    /// `--timeout-secs` (as applied: at least 1).
    pub timeout_secs: u64,
    /// `--max-decompressed-mb`.
    pub max_decompressed_mb: u64,
    /// `--max-pages`.
    pub max_pages: u32,
    /// `--max-objects`.
    pub max_objects: u32,
    /// `--max-glyphs`.
    pub max_glyphs: u64,
    /// `--max-memory-mb`, enforced only in a worker process (`--isolate`); null otherwise.
    pub max_memory_mb: Option<u64>,
}

impl RecordOptions {
    /// The options of a batch run.
    pub fn of_run(
        limits: &crate::cli::limits::LimitArgs,
        isolate: bool,
        lang: Lang,
        undecodable: UndecodableText,
    ) -> RecordOptions {
        RecordOptions {
            schema_version: SCHEMA_VERSION.to_string(),
            lang: lang.tag().to_string(),
            respect_permissions: limits.respect_permissions,
            undecodable_text: match undecodable {
                UndecodableText::Refuse => "refuse",
                UndecodableText::Keep => "keep",
            }
            .to_string(),
            timeout_secs: limits.timeout_secs.max(1),
            max_decompressed_mb: limits.max_decompressed_mb,
            max_pages: limits.max_pages,
            max_objects: limits.max_objects,
            max_glyphs: limits.max_glyphs,
            max_memory_mb: isolate.then_some(limits.max_memory_mb),
        }
    }
}

#[cfg(test)]
impl RecordOptions {
    /// The options of a run without flags, in English.
    pub fn defaults() -> RecordOptions {
        use clap::Parser;
        #[derive(Parser)]
        struct Flags {
            #[command(flatten)]
            limits: crate::cli::limits::LimitArgs,
        }
        match Flags::try_parse_from(["tokku"]) {
            Ok(flags) => RecordOptions::of_run(&flags.limits, false, Lang::En, Default::default()),
            Err(e) => panic!("no flags parse: {e}"),
        }
    }
}

/// Why a record of an earlier run is not reused: one of the options it was made under
/// differs from this run's in a way that can change it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OptionChange {
    /// Made by another tokku version.
    Version,
    /// The manifest entry holds no options (written before tokku recorded them).
    Unrecorded,
    /// The record schema's version.
    Schema,
    Lang,
    RespectPermissions,
    UndecodableText,
    TimeoutSecs,
    MaxDecompressedMb,
    MaxPages,
    MaxObjects,
    MaxGlyphs,
    MaxMemoryMb,
}

impl OptionChange {
    /// Every change, in the order the summary names them.
    pub const ALL: [OptionChange; 12] = [
        OptionChange::Version,
        OptionChange::Unrecorded,
        OptionChange::Schema,
        OptionChange::Lang,
        OptionChange::RespectPermissions,
        OptionChange::UndecodableText,
        OptionChange::TimeoutSecs,
        OptionChange::MaxDecompressedMb,
        OptionChange::MaxPages,
        OptionChange::MaxObjects,
        OptionChange::MaxGlyphs,
        OptionChange::MaxMemoryMb,
    ];

    /// The flag's name, or `None` for a change that is not a flag (the summary words it
    /// from the message catalogue).
    pub fn flag(self) -> Option<&'static str> {
        Some(match self {
            OptionChange::Version
            | OptionChange::Unrecorded
            | OptionChange::Schema
            | OptionChange::UndecodableText => return None,
            OptionChange::Lang => "--lang",
            OptionChange::RespectPermissions => "--respect-permissions",
            OptionChange::TimeoutSecs => "--timeout-secs",
            OptionChange::MaxDecompressedMb => "--max-decompressed-mb",
            OptionChange::MaxPages => "--max-pages",
            OptionChange::MaxObjects => "--max-objects",
            OptionChange::MaxGlyphs => "--max-glyphs",
            OptionChange::MaxMemoryMb => "--max-memory-mb",
        })
    }

    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of [`OptionChange`]s (empty: the record can be reused).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Changes(u16);

impl Changes {
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    pub fn contains(self, change: OptionChange) -> bool {
        self.0 & change.bit() != 0
    }

    pub fn insert(&mut self, change: OptionChange) {
        self.0 |= change.bit();
    }

    pub fn union(self, other: Changes) -> Changes {
        Changes(self.0 | other.0)
    }

    /// The changes in the summary's order.
    pub fn iter(self) -> impl Iterator<Item = OptionChange> {
        OptionChange::ALL.into_iter().filter(move |c| self.contains(*c))
    }
}

/// What of a stored record the options can touch, read from the record once when the
/// catalogue is loaded (the record itself is not kept).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct RecordTraits {
    /// The record's `schema_version`.
    pub schema_current: bool,
    /// It has messages (warnings or an error), written in the run's language.
    pub has_messages: bool,
    /// Read despite permissions that forbid copying (`copy_restricted` warning) or
    /// refused as `encrypted`: `--respect-permissions` decides between the two.
    pub permissions_matter: bool,
    /// Refused at a limit (`limit_exceeded`): another limit may let it through.
    pub stopped_at_limit: bool,
    /// Of mostly undecodable glyphs (`unreadable_text`, as an error or a warning).
    pub undecodable: bool,
    /// `source.pages`.
    pub pages: Option<u32>,
    /// Not a PDF (a text, or refused as no PDF at all): only the wall time and the
    /// memory bound it; the limits of reading a PDF cannot change it.
    pub not_pdf: bool,
}

impl RecordTraits {
    pub fn of(record: &Record) -> RecordTraits {
        let error = record.error.as_ref().map(|e| e.code);
        let warned = |code: &str| record.warnings.iter().any(|w| w.code == code);
        RecordTraits {
            schema_current: record.schema_version == SCHEMA_VERSION,
            has_messages: error.is_some() || !record.warnings.is_empty(),
            permissions_matter: error == Some(ErrorCode::Encrypted) || warned("copy_restricted"),
            stopped_at_limit: error == Some(ErrorCode::LimitExceeded),
            undecodable: error == Some(ErrorCode::UnreadableText) || warned("unreadable_text"),
            pages: record.source.pages,
            not_pdf: record.source.media_type.as_deref() == Some("text/plain")
                || matches!(error, Some(ErrorCode::NotPdf | ErrorCode::EmptyInput)),
        }
    }
}

/// What in a record made under `made_under` (`None`: not recorded) could differ under
/// this run's options `now`. A limit: a record stopped at a limit is made again when any
/// limit differs (it could pass, or stop at another one); any other record when a limit
/// is tighter now (it could be stopped), except that a tighter `--max-pages` spares a
/// record of no more pages than the new limit. A text is bound only by the wall time
/// and the memory.
pub fn changes(
    made_under: Option<&RecordOptions>,
    now: &RecordOptions,
    record: &RecordTraits,
) -> Changes {
    let mut changes = Changes::default();
    let Some(then) = made_under else {
        changes.insert(OptionChange::Unrecorded);
        return changes;
    };
    if then.schema_version != now.schema_version || !record.schema_current {
        changes.insert(OptionChange::Schema);
    }
    if then.lang != now.lang && record.has_messages {
        changes.insert(OptionChange::Lang);
    }
    if then.respect_permissions != now.respect_permissions && record.permissions_matter {
        changes.insert(OptionChange::RespectPermissions);
    }
    if then.undecodable_text != now.undecodable_text && record.undecodable {
        changes.insert(OptionChange::UndecodableText);
    }
    let unlimited = u64::MAX;
    let limits = [
        (OptionChange::TimeoutSecs, then.timeout_secs, now.timeout_secs),
        (OptionChange::MaxDecompressedMb, then.max_decompressed_mb, now.max_decompressed_mb),
        (OptionChange::MaxPages, u64::from(then.max_pages), u64::from(now.max_pages)),
        (OptionChange::MaxObjects, u64::from(then.max_objects), u64::from(now.max_objects)),
        (OptionChange::MaxGlyphs, then.max_glyphs, now.max_glyphs),
        (
            OptionChange::MaxMemoryMb,
            then.max_memory_mb.unwrap_or(unlimited),
            now.max_memory_mb.unwrap_or(unlimited),
        ),
    ];
    for (change, then_value, now_value) in limits {
        let pdf_only = !matches!(change, OptionChange::TimeoutSecs | OptionChange::MaxMemoryMb);
        let differs = if pdf_only && record.not_pdf {
            false
        } else if record.stopped_at_limit {
            then_value != now_value
        } else if change == OptionChange::MaxPages {
            now_value < then_value && record.pages.is_none_or(|pages| u64::from(pages) > now_value)
        } else {
            now_value < then_value
        };
        if differs {
            changes.insert(change);
        }
    }
    changes
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    #[derive(Parser)]
    struct Flags {
        #[command(flatten)]
        limits: crate::cli::limits::LimitArgs,
    }

    fn options(flags: &[&str], lang: Lang) -> RecordOptions {
        let args = std::iter::once("tokku").chain(flags.iter().copied());
        let parsed = Flags::try_parse_from(args).expect("flags parse");
        RecordOptions::of_run(&parsed.limits, false, lang, UndecodableText::Refuse)
    }

    /// A 17-page report read without trouble but with warnings (as the seed is).
    fn plain() -> RecordTraits {
        RecordTraits {
            schema_current: true,
            has_messages: true,
            pages: Some(17),
            ..Default::default()
        }
    }

    #[test]
    fn the_same_options_change_nothing() {
        let now = options(&[], Lang::En);
        assert!(changes(Some(&now.clone()), &now, &plain()).is_empty());
    }

    #[test]
    fn options_not_recorded_are_a_change() {
        let now = options(&[], Lang::En);
        let found: Vec<_> = changes(None, &now, &plain()).iter().collect();
        assert_eq!(found, [OptionChange::Unrecorded]);
    }

    #[test]
    fn respect_permissions_changes_only_a_copy_restricted_or_encrypted_pdf() {
        let then = options(&[], Lang::En);
        let now = options(&["--respect-permissions"], Lang::En);
        assert!(changes(Some(&then), &now, &plain()).is_empty());
        let restricted = RecordTraits { permissions_matter: true, ..plain() };
        assert!(changes(Some(&then), &now, &restricted).contains(OptionChange::RespectPermissions));
        assert!(changes(Some(&now), &then, &restricted).contains(OptionChange::RespectPermissions));
    }

    #[test]
    fn the_language_changes_only_a_record_with_messages() {
        let then = options(&[], Lang::En);
        let now = options(&[], Lang::Ja);
        assert!(changes(Some(&then), &now, &plain()).contains(OptionChange::Lang));
        let silent = RecordTraits { has_messages: false, ..plain() };
        assert!(changes(Some(&then), &now, &silent).is_empty());
    }

    #[test]
    fn a_looser_limit_changes_only_a_record_stopped_at_a_limit() {
        let then = options(&["--timeout-secs", "5", "--max-pages", "3"], Lang::En);
        let now = options(&[], Lang::En);
        assert!(changes(Some(&then), &now, &plain()).is_empty());
        let stopped = RecordTraits { stopped_at_limit: true, has_messages: true, ..plain() };
        let found: Vec<_> = changes(Some(&then), &now, &stopped).iter().collect();
        assert_eq!(found, [OptionChange::TimeoutSecs, OptionChange::MaxPages]);
    }

    #[test]
    fn a_tighter_limit_changes_every_record_it_could_stop() {
        let then = options(&[], Lang::En);
        let tighter_time = options(&["--timeout-secs", "5"], Lang::En);
        assert!(changes(Some(&then), &tighter_time, &plain()).contains(OptionChange::TimeoutSecs));
        // 17 pages: a limit of 17 cannot stop it, one of 16 can.
        let seventeen = options(&["--max-pages", "17"], Lang::En);
        assert!(changes(Some(&then), &seventeen, &plain()).is_empty());
        let sixteen = options(&["--max-pages", "16"], Lang::En);
        assert!(changes(Some(&then), &sixteen, &plain()).contains(OptionChange::MaxPages));
        let unknown_pages = RecordTraits { pages: None, ..plain() };
        assert!(changes(Some(&then), &seventeen, &unknown_pages).contains(OptionChange::MaxPages));
    }

    #[test]
    fn the_limits_of_reading_a_pdf_do_not_change_a_text() {
        let then = options(&[], Lang::En);
        let now =
            options(&["--max-pages", "1", "--max-glyphs", "1", "--timeout-secs", "1"], Lang::En);
        let text = RecordTraits { pages: None, not_pdf: true, ..plain() };
        let found: Vec<_> = changes(Some(&then), &now, &text).iter().collect();
        assert_eq!(found, [OptionChange::TimeoutSecs]);
        let pdf: Vec<_> = changes(Some(&then), &now, &plain()).iter().collect();
        assert_eq!(
            pdf,
            [OptionChange::TimeoutSecs, OptionChange::MaxPages, OptionChange::MaxGlyphs]
        );
    }

    #[test]
    fn memory_is_a_limit_only_in_a_worker_process() {
        let parsed = Flags::try_parse_from(["tokku"]).expect("flags parse");
        let in_process = RecordOptions::of_run(&parsed.limits, false, Lang::En, Default::default());
        let isolated = RecordOptions::of_run(&parsed.limits, true, Lang::En, Default::default());
        assert_eq!(in_process.max_memory_mb, None);
        assert!(changes(Some(&in_process), &isolated, &plain()).contains(OptionChange::MaxMemoryMb));
        assert!(changes(Some(&isolated), &in_process, &plain()).is_empty());
    }

    #[test]
    fn another_schema_version_changes_every_record() {
        let now = options(&[], Lang::En);
        let older = RecordOptions { schema_version: "0".into(), ..now.clone() };
        assert!(changes(Some(&older), &now, &plain()).contains(OptionChange::Schema));
        let old_record = RecordTraits { schema_current: false, ..plain() };
        assert!(changes(Some(&now), &now, &old_record).contains(OptionChange::Schema));
    }

    #[test]
    fn the_options_serialize_in_a_stable_order() {
        let json = serde_json::to_string(&options(&[], Lang::Ja)).expect("serializes");
        let start = format!(
            r#"{{"schema_version":"{SCHEMA_VERSION}","lang":"ja","respect_permissions":false,"undecodable_text":"refuse","timeout_secs":{},"#,
            tokku::pdf::limits::DEFAULT_WALL_TIME_SECS
        );
        assert!(json.starts_with(&start), "{json}");
        assert!(json.ends_with(r#""max_memory_mb":null}"#), "{json}");
    }
}
