//! The record comparison engine behind `tokku diff` and `tokku verify` (and the
//! project's own golden tests): two records, or two record sets, compared fact by fact.
//!
//! - Facts are leaves of the record named by JSON pointer (RFC 6901). A changed fact
//!   carries both values; an added fact is named by its position in NEW, a removed one
//!   by its position in OLD.
//! - Numbers compare by value (`1.0` equals `1`).
//! - The lists whose order carries no meaning are matched by key, not position:
//!   `/indicators` by `number`, `/indicators/*/targets` by `key`, and
//!   `/indicators/*/targets/*/series` by `fiscal_year` (a reordered series is no
//!   difference). Other lists are compared by position.
//! - Warnings are compared as a multiset: gained (in NEW only) and lost (in OLD only).
//! - Ignore patterns (`/source/file`, `/warnings/*/message`) are globs over pointers,
//!   `*` standing for one pointer segment; a pattern also ignores everything below it.
//! - Record sets are matched by `source.sha256`, falling back to `source.file`, then to
//!   the file's base name.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use serde::Serialize;
use serde_json::Value;

/// The list fields matched by a key: a pointer pattern (`*` = any index) and the key field.
const KEYED_LISTS: [(&str, &str); 3] = [
    ("/indicators", "number"),
    ("/indicators/*/targets", "key"),
    ("/indicators/*/targets/*/series", "fiscal_year"),
];

/// Patterns of pointers whose differences do not count.
#[derive(Debug, Clone, Default)]
pub struct Ignore {
    patterns: Vec<glob::Pattern>,
}

impl Ignore {
    /// Compiles the patterns; an invalid one is an error naming it.
    pub fn new<S: AsRef<str>>(patterns: &[S]) -> Result<Self, String> {
        let mut compiled = Vec::new();
        for pattern in patterns {
            let text = pattern.as_ref();
            if !text.starts_with('/') {
                return Err(format!(
                    "ignore pattern {text:?} is not a JSON pointer (it starts with /)"
                ));
            }
            compiled.push(
                glob::Pattern::new(text).map_err(|e| format!("ignore pattern {text:?}: {e}"))?,
            );
        }
        Ok(Ignore { patterns: compiled })
    }

    /// Whether `pointer`, or a pointer above it, matches a pattern.
    pub fn covers(&self, pointer: &str) -> bool {
        if self.patterns.is_empty() {
            return false;
        }
        let options = glob::MatchOptions {
            case_sensitive: true,
            require_literal_separator: true,
            require_literal_leading_dot: false,
        };
        let mut prefix_ends: Vec<usize> =
            pointer.match_indices('/').map(|(i, _)| i).skip(1).collect();
        prefix_ends.push(pointer.len());
        prefix_ends
            .iter()
            .any(|&end| self.patterns.iter().any(|p| p.matches_with(&pointer[..end], options)))
    }
}

/// One fact that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Change {
    /// In NEW only; the pointer names its position in NEW.
    Added { pointer: String, new: Value },
    /// In OLD only; the pointer names its position in OLD.
    Removed { pointer: String, old: Value },
    /// In both with different values; the pointer names the position in NEW.
    Changed { pointer: String, old: Value, new: Value },
}

impl Change {
    pub fn pointer(&self) -> &str {
        match self {
            Change::Added { pointer, .. }
            | Change::Removed { pointer, .. }
            | Change::Changed { pointer, .. } => pointer,
        }
    }

    /// `~ /a/b: 1 → 2`, `+ /a/c: "x"`, `- /a/d: null`.
    pub fn line(&self) -> String {
        match self {
            Change::Added { pointer, new } => format!("+ {pointer}: {}", compact(new)),
            Change::Removed { pointer, old } => format!("- {pointer}: {}", compact(old)),
            Change::Changed { pointer, old: Value::String(old), new: Value::String(new) }
                if old.chars().count() + new.chars().count() > 2 * SPAN_CONTEXT + 40 =>
            {
                let (old, new) = changed_span(old, new);
                format!("~ {pointer}: {old} → {new}")
            }
            Change::Changed { pointer, old, new } => {
                format!("~ {pointer}: {} → {}", compact(old), compact(new))
            }
        }
    }
}

/// Characters of context shown on each side of a changed span of a long text.
const SPAN_CONTEXT: usize = 30;

/// Two long texts as the span where they differ, with [`SPAN_CONTEXT`] characters of
/// context on each side and `…` where text is left out, each quoted as JSON:
/// `"…国際共同治験の[ ]SmartAmp…"`-like, instead of both whole texts.
pub fn changed_span(old: &str, new: &str) -> (String, String) {
    let old: Vec<char> = old.chars().collect();
    let new: Vec<char> = new.chars().collect();
    let prefix = old.iter().zip(&new).take_while(|(a, b)| a == b).count();
    let suffix = old[prefix..]
        .iter()
        .rev()
        .zip(new[prefix..].iter().rev())
        .take_while(|(a, b)| a == b)
        .count();
    let show = |text: &[char]| {
        let start = prefix.saturating_sub(SPAN_CONTEXT);
        let end = (text.len() - suffix + SPAN_CONTEXT).min(text.len());
        let mut shown = String::new();
        if start > 0 {
            shown.push('…');
        }
        shown.extend(&text[start..end]);
        if end < text.len() {
            shown.push('…');
        }
        compact(&Value::String(shown))
    };
    (show(&old), show(&new))
}

/// A warning gained or lost, with its position in the record it is in.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct WarningChange {
    pub pointer: String,
    pub warning: Value,
}

impl WarningChange {
    /// `code (path): message`.
    fn describe(&self) -> String {
        let text =
            |field: &str| self.warning.get(field).and_then(Value::as_str).map(str::to_string);
        let code = text("code").unwrap_or_else(|| compact(&self.warning));
        let path = text("path").map(|p| format!(" ({p})")).unwrap_or_default();
        let message = text("message").map(|m| format!(": {m}")).unwrap_or_default();
        format!("{code}{path}{message}")
    }
}

/// The differences between two records.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct RecordDiff {
    pub changes: Vec<Change>,
    pub warnings_gained: Vec<WarningChange>,
    pub warnings_lost: Vec<WarningChange>,
}

impl RecordDiff {
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty() && self.warnings_gained.is_empty() && self.warnings_lost.is_empty()
    }

    /// One line per difference, each indented by `indent`.
    pub fn lines(&self, indent: &str) -> Vec<String> {
        let mut lines: Vec<String> =
            self.changes.iter().map(|c| format!("{indent}{}", c.line())).collect();
        lines.extend(
            self.warnings_gained.iter().map(|w| format!("{indent}+ warning {}", w.describe())),
        );
        lines.extend(
            self.warnings_lost.iter().map(|w| format!("{indent}- warning {}", w.describe())),
        );
        lines
    }
}

/// Compares two records (JSON values of the contract's shape).
pub fn diff_records(old: &Value, new: &Value, ignore: &Ignore) -> RecordDiff {
    let mut diff = RecordDiff::default();
    compare(old, new, "", "", "", ignore, &mut diff.changes);
    let (gained, lost) = warning_changes(old.get("warnings"), new.get("warnings"), ignore);
    diff.warnings_gained = gained;
    diff.warnings_lost = lost;
    diff
}

/// `pattern` is `pointer` with every array index replaced by `*`; `old_pointer` is the
/// position in OLD (named by removals).
fn compare(
    old: &Value,
    new: &Value,
    pointer: &str,
    old_pointer: &str,
    pattern: &str,
    ignore: &Ignore,
    out: &mut Vec<Change>,
) {
    if ignore.covers(pointer) {
        return;
    }
    match (old, new) {
        (Value::Object(o), Value::Object(n)) => {
            for (key, old_value) in o {
                if pointer.is_empty() && key == "warnings" {
                    continue; // compared as a multiset
                }
                let segment = escape(key);
                let child = format!("{pointer}/{segment}");
                let old_child = format!("{old_pointer}/{segment}");
                match n.get(key) {
                    Some(new_value) => compare(
                        old_value,
                        new_value,
                        &child,
                        &old_child,
                        &format!("{pattern}/{segment}"),
                        ignore,
                        out,
                    ),
                    None if !ignore.covers(&old_child) => {
                        out.push(Change::Removed { pointer: old_child, old: old_value.clone() })
                    }
                    None => {}
                }
            }
            for (key, new_value) in n.iter().filter(|(k, _)| !o.contains_key(*k)) {
                if pointer.is_empty() && key == "warnings" {
                    continue;
                }
                let child = format!("{pointer}/{}", escape(key));
                if !ignore.covers(&child) {
                    out.push(Change::Added { pointer: child, new: new_value.clone() });
                }
            }
        }
        (Value::Array(o), Value::Array(n)) => {
            let element_pattern = format!("{pattern}/*");
            let pairs = match KEYED_LISTS.iter().find(|(list, _)| *list == pattern) {
                Some((_, key)) => pair_by_key(o, n, key),
                None => pair_by_position(o.len(), n.len()),
            };
            for pair in pairs {
                match pair {
                    (Some(i), Some(j)) => compare(
                        &o[i],
                        &n[j],
                        &format!("{pointer}/{j}"),
                        &format!("{old_pointer}/{i}"),
                        &element_pattern,
                        ignore,
                        out,
                    ),
                    (Some(i), None) => {
                        let at = format!("{old_pointer}/{i}");
                        if !ignore.covers(&at) {
                            out.push(Change::Removed { pointer: at, old: o[i].clone() });
                        }
                    }
                    (None, Some(j)) => {
                        let at = format!("{pointer}/{j}");
                        if !ignore.covers(&at) {
                            out.push(Change::Added { pointer: at, new: n[j].clone() });
                        }
                    }
                    (None, None) => {}
                }
            }
        }
        _ if same_leaf(old, new) => {}
        _ => out.push(Change::Changed {
            pointer: pointer.to_string(),
            old: old.clone(),
            new: new.clone(),
        }),
    }
}

/// Equal scalars (numbers by value) or deeply equal values.
fn same_leaf(old: &Value, new: &Value) -> bool {
    match (old, new) {
        (Value::Number(a), Value::Number(b)) => a.as_f64() == b.as_f64(),
        _ => old == new,
    }
}

/// Pairs elements with the same key (the k-th of a key in OLD with its k-th in NEW), in
/// NEW's order, then OLD's unmatched elements.
fn pair_by_key(old: &[Value], new: &[Value], key: &str) -> Vec<(Option<usize>, Option<usize>)> {
    let mut by_key: HashMap<String, std::collections::VecDeque<usize>> = HashMap::new();
    for (i, element) in old.iter().enumerate() {
        by_key.entry(key_text(element.get(key))).or_default().push_back(i);
    }
    let mut matched = vec![false; old.len()];
    let mut pairs = Vec::new();
    for (j, element) in new.iter().enumerate() {
        let partner =
            by_key.get_mut(&key_text(element.get(key))).and_then(|queue| queue.pop_front());
        if let Some(i) = partner {
            matched[i] = true;
        }
        pairs.push((partner, Some(j)));
    }
    pairs.extend(matched.iter().enumerate().filter(|(_, m)| !**m).map(|(i, _)| (Some(i), None)));
    pairs
}

fn pair_by_position(old: usize, new: usize) -> Vec<(Option<usize>, Option<usize>)> {
    (0..old.max(new)).map(|k| ((k < old).then_some(k), (k < new).then_some(k))).collect()
}

/// A key as text, numbers by value (`2017.0` and `2017` are one key).
fn key_text(key: Option<&Value>) -> String {
    match key {
        Some(Value::Number(n)) => {
            n.as_f64().map(|f| format!("{f}")).unwrap_or_else(|| n.to_string())
        }
        Some(other) => other.to_string(),
        None => "null".to_string(),
    }
}

/// Warnings in NEW and not OLD (gained) and in OLD and not NEW (lost), compared as a
/// multiset of warnings without their ignored fields.
fn warning_changes(
    old: Option<&Value>,
    new: Option<&Value>,
    ignore: &Ignore,
) -> (Vec<WarningChange>, Vec<WarningChange>) {
    let list = |warnings: Option<&Value>| -> Vec<(String, Value)> {
        let Some(Value::Array(items)) = warnings else { return Vec::new() };
        items
            .iter()
            .enumerate()
            .map(|(i, w)| (format!("/warnings/{i}"), w.clone()))
            .filter(|(pointer, _)| !ignore.covers(pointer))
            .collect()
    };
    let comparable = |pointer: &str, warning: &Value| -> String {
        match warning {
            Value::Object(fields) => {
                let kept: BTreeMap<&String, &Value> = fields
                    .iter()
                    .filter(|(k, _)| !ignore.covers(&format!("{pointer}/{}", escape(k))))
                    .collect();
                serde_json::to_string(&kept).unwrap_or_default()
            }
            other => other.to_string(),
        }
    };
    let old = list(old);
    let new = list(new);
    let mut unmatched_old: HashMap<String, usize> = HashMap::new();
    for (pointer, warning) in &old {
        *unmatched_old.entry(comparable(pointer, warning)).or_default() += 1;
    }
    let mut gained = Vec::new();
    let mut kept_in_new: HashMap<String, usize> = HashMap::new();
    for (pointer, warning) in &new {
        let text = comparable(pointer, warning);
        match unmatched_old.get_mut(&text) {
            Some(count) if *count > 0 => {
                *count -= 1;
                *kept_in_new.entry(text).or_default() += 1;
            }
            _ => gained.push(WarningChange { pointer: pointer.clone(), warning: warning.clone() }),
        }
    }
    let mut lost = Vec::new();
    for (pointer, warning) in &old {
        let text = comparable(pointer, warning);
        match kept_in_new.get_mut(&text) {
            Some(count) if *count > 0 => *count -= 1,
            _ => lost.push(WarningChange { pointer: pointer.clone(), warning: warning.clone() }),
        }
    }
    (gained, lost)
}

/// RFC 6901: `~` → `~0`, `/` → `~1`.
fn escape(segment: &str) -> String {
    segment.replace('~', "~0").replace('/', "~1")
}

/// A value on one line, non-ASCII text as it is.
pub fn compact(value: &Value) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// Records read from a file or a batch output folder, and the tokku versions of its manifest.
#[derive(Debug, Clone, Default)]
pub struct RecordSet {
    pub label: String,
    pub records: Vec<Value>,
    /// The distinct `tokku_version`s of the folder's manifest (empty for a file).
    pub tokku_versions: Vec<String>,
}

/// Reads a record set: a batch output folder (`records.ndjson`, and `manifest.ndjson`
/// for the versions), an NDJSON file, or a file holding one JSON record or an array of them.
pub fn read_record_set(path: &Path) -> Result<RecordSet, String> {
    let label = path.display().to_string();
    if path.is_dir() {
        let records_path = path.join("records.ndjson");
        let records = read_records_file(&records_path)?;
        let mut tokku_versions = Vec::new();
        if let Ok(manifest) = std::fs::read_to_string(path.join("manifest.ndjson")) {
            for line in manifest.lines().filter(|l| !l.trim().is_empty()) {
                if let Some(version) = serde_json::from_str::<Value>(line).ok().and_then(|v| {
                    v.get("tokku_version").and_then(Value::as_str).map(str::to_string)
                }) {
                    if !tokku_versions.contains(&version) {
                        tokku_versions.push(version);
                    }
                }
            }
        }
        return Ok(RecordSet { label, records, tokku_versions });
    }
    Ok(RecordSet { label, records: read_records_file(path)?, tokku_versions: Vec::new() })
}

fn read_records_file(path: &Path) -> Result<Vec<Value>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    if let Ok(value) = serde_json::from_str::<Value>(&text) {
        return Ok(match value {
            Value::Array(items) => items,
            other => vec![other],
        });
    }
    let mut records = Vec::new();
    for (number, line) in text.lines().enumerate().filter(|(_, l)| !l.trim().is_empty()) {
        let record = serde_json::from_str(line)
            .map_err(|e| format!("{}:{}: not JSON: {e}", path.display(), number + 1))?;
        records.push(record);
    }
    Ok(records)
}

/// What became of one document of the two sets.
#[derive(Debug, Clone, Serialize)]
pub struct DocumentDiff {
    /// `source.file` in NEW (in OLD for a document only there).
    pub file: String,
    /// `source.file` in OLD when it differs from NEW's (a renamed input).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub old_file: Option<String>,
    pub sha256: Option<String>,
    pub status: DocumentStatus,
    #[serde(flatten)]
    pub diff: RecordDiff,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentStatus {
    Equal,
    Different,
    OnlyInOld,
    OnlyInNew,
}

/// The comparison of two record sets.
#[derive(Debug, Clone, Serialize)]
pub struct SetDiff {
    pub old: SetInfo,
    pub new: SetInfo,
    pub documents: Vec<DocumentDiff>,
    pub summary: Summary,
}

#[derive(Debug, Clone, Serialize)]
pub struct SetInfo {
    pub path: String,
    pub records: usize,
    pub tokku_versions: Vec<String>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Summary {
    pub equal: usize,
    pub different: usize,
    pub only_in_old: usize,
    pub only_in_new: usize,
    pub facts_changed: usize,
    pub facts_added: usize,
    pub facts_removed: usize,
    pub warnings_gained: usize,
    pub warnings_lost: usize,
}

impl SetDiff {
    /// Whether the sets hold the same documents with the same facts and warnings.
    pub fn is_equal(&self) -> bool {
        self.summary.different == 0
            && self.summary.only_in_old == 0
            && self.summary.only_in_new == 0
    }

    /// The human report: the versions when they differ, each differing document with its
    /// differences, the documents of one set only, and the summary line.
    pub fn text(&self) -> String {
        let mut out = String::new();
        if !self.old.tokku_versions.is_empty()
            && !self.new.tokku_versions.is_empty()
            && self.old.tokku_versions != self.new.tokku_versions
        {
            out.push_str(&format!(
                "tokku version: {} in OLD, {} in NEW\n",
                self.old.tokku_versions.join(", "),
                self.new.tokku_versions.join(", ")
            ));
        }
        for document in &self.documents {
            match document.status {
                DocumentStatus::Equal => {}
                DocumentStatus::OnlyInOld => {
                    out.push_str(&format!("only in OLD: {}\n", document.file))
                }
                DocumentStatus::OnlyInNew => {
                    out.push_str(&format!("only in NEW: {}\n", document.file))
                }
                DocumentStatus::Different => {
                    let renamed = document
                        .old_file
                        .as_ref()
                        .map(|old| format!(" (was {old})"))
                        .unwrap_or_default();
                    out.push_str(&format!("{}{renamed}\n", document.file));
                    for line in document.diff.lines("  ") {
                        out.push_str(&line);
                        out.push('\n');
                    }
                }
            }
        }
        out.push_str(&self.summary.line());
        out.push('\n');
        out
    }
}

impl Summary {
    /// `2 documents equal, 1 different, 0 only in OLD, 1 only in NEW; facts: 1 changed, 0 added, 1 removed; warnings: 1 gained, 0 lost`.
    pub fn line(&self) -> String {
        format!(
            "{} equal, {} different, {} only in OLD, {} only in NEW; facts: {} changed, {} added, {} removed; warnings: {} gained, {} lost",
            counted(self.equal, "document"),
            self.different,
            self.only_in_old,
            self.only_in_new,
            self.facts_changed,
            self.facts_added,
            self.facts_removed,
            self.warnings_gained,
            self.warnings_lost
        )
    }
}

/// `1 document`, `3 documents`: a count and its noun, plural unless the count is one
/// (the library's and the binary's messages share it).
pub fn counted(count: usize, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{count} {noun}s")
    }
}

fn source_text(record: &Value, field: &str) -> Option<String> {
    record.get("source").and_then(|s| s.get(field)).and_then(Value::as_str).map(str::to_string)
}

fn base_name(file: &str) -> String {
    Path::new(file)
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| file.to_string())
}

/// Pairs the documents of two sets: by sha256 (preferring the same file name among
/// equal hashes), then by file, then by base name.
fn pair_documents(old: &[Value], new: &[Value]) -> Vec<(Option<usize>, Option<usize>)> {
    let mut taken = vec![false; old.len()];
    let mut partner: Vec<Option<usize>> = vec![None; new.len()];
    let rules: [&dyn Fn(&Value, &Value) -> bool; 4] = [
        &|o, n| {
            source_text(o, "sha256").is_some()
                && source_text(o, "sha256") == source_text(n, "sha256")
                && source_text(o, "file") == source_text(n, "file")
        },
        &|o, n| {
            source_text(o, "sha256").is_some()
                && source_text(o, "sha256") == source_text(n, "sha256")
        },
        &|o, n| {
            source_text(o, "file").is_some() && source_text(o, "file") == source_text(n, "file")
        },
        &|o, n| {
            source_text(o, "file").is_some_and(|a| {
                source_text(n, "file").is_some_and(|b| base_name(&a) == base_name(&b))
            })
        },
    ];
    for rule in rules {
        for (j, record) in new.iter().enumerate() {
            if partner[j].is_some() {
                continue;
            }
            if let Some(i) = (0..old.len()).find(|&i| !taken[i] && rule(&old[i], record)) {
                taken[i] = true;
                partner[j] = Some(i);
            }
        }
    }
    let mut pairs: Vec<(Option<usize>, Option<usize>)> =
        partner.iter().enumerate().map(|(j, i)| (*i, Some(j))).collect();
    pairs.extend(taken.iter().enumerate().filter(|(_, t)| !**t).map(|(i, _)| (Some(i), None)));
    pairs
}

/// Compares two record sets: each document of NEW (in NEW's order) with its partner in
/// OLD, then the documents only in OLD.
pub fn diff_sets(old: &RecordSet, new: &RecordSet, ignore: &Ignore) -> SetDiff {
    let mut documents = Vec::new();
    let mut summary = Summary::default();
    for pair in pair_documents(&old.records, &new.records) {
        let document = match pair {
            (Some(i), Some(j)) => {
                let (o, n) = (&old.records[i], &new.records[j]);
                let diff = diff_records(o, n, ignore);
                let file = source_text(n, "file").unwrap_or_default();
                let old_file = source_text(o, "file").filter(|f| *f != file);
                let status =
                    if diff.is_empty() { DocumentStatus::Equal } else { DocumentStatus::Different };
                DocumentDiff { file, old_file, sha256: source_text(n, "sha256"), status, diff }
            }
            (Some(i), None) => only(&old.records[i], DocumentStatus::OnlyInOld),
            (None, Some(j)) => only(&new.records[j], DocumentStatus::OnlyInNew),
            (None, None) => continue,
        };
        match document.status {
            DocumentStatus::Equal => summary.equal += 1,
            DocumentStatus::Different => summary.different += 1,
            DocumentStatus::OnlyInOld => summary.only_in_old += 1,
            DocumentStatus::OnlyInNew => summary.only_in_new += 1,
        }
        for change in &document.diff.changes {
            match change {
                Change::Added { .. } => summary.facts_added += 1,
                Change::Removed { .. } => summary.facts_removed += 1,
                Change::Changed { .. } => summary.facts_changed += 1,
            }
        }
        summary.warnings_gained += document.diff.warnings_gained.len();
        summary.warnings_lost += document.diff.warnings_lost.len();
        documents.push(document);
    }
    let info = |set: &RecordSet| SetInfo {
        path: set.label.clone(),
        records: set.records.len(),
        tokku_versions: set.tokku_versions.clone(),
    };
    SetDiff { old: info(old), new: info(new), documents, summary }
}

fn only(record: &Value, status: DocumentStatus) -> DocumentDiff {
    DocumentDiff {
        file: source_text(record, "file").unwrap_or_default(),
        old_file: None,
        sha256: source_text(record, "sha256"),
        status,
        diff: RecordDiff::default(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn a_long_text_shows_only_its_changed_span_with_context() {
        let old = format!("{}SmartAmpTM2019{}", "あ".repeat(200), "い".repeat(200));
        let new = format!("{}SmartAmp TM2019{}", "あ".repeat(200), "い".repeat(200));
        let (shown_old, shown_new) = changed_span(&old, &new);
        assert_eq!(
            shown_old,
            format!("\"…{}SmartAmpTM2019{}…\"", "あ".repeat(22), "い".repeat(24))
        );
        assert_eq!(
            shown_new,
            format!("\"…{}SmartAmp TM2019{}…\"", "あ".repeat(22), "い".repeat(24))
        );
        let line = Change::Changed {
            pointer: "/sections/1/text".into(),
            old: Value::String(old),
            new: Value::String(new),
        }
        .line();
        assert!(line.len() < 400, "{line}");
    }

    use super::*;
    use serde_json::json;

    #[test]
    fn ignore_patterns_take_one_segment_per_star_and_cover_what_is_below() {
        let ignore = Ignore::new(&["/warnings/*/message", "/source"]).expect("valid patterns");
        assert!(ignore.covers("/warnings/3/message"));
        assert!(!ignore.covers("/warnings/3/code"));
        assert!(ignore.covers("/source/file"));
        assert!(!ignore.covers("/sources"));
        assert!(!ignore.covers("/indicators/0/targets/0/series/1/message"));
        assert!(Ignore::new(&["source/file"]).is_err());
    }

    #[test]
    fn keys_with_slashes_are_escaped() {
        let diff = diff_records(&json!({"a/b": 1}), &json!({"a/b": 2}), &Ignore::default());
        assert_eq!(
            diff.changes,
            vec![Change::Changed { pointer: "/a~1b".into(), old: json!(1), new: json!(2) }]
        );
    }

    #[test]
    fn duplicate_keys_pair_in_order() {
        let old = json!({"indicators": [{"number": 1, "name": "a"}, {"number": 1, "name": "b"}]});
        let new = json!({"indicators": [{"number": 1, "name": "a"}, {"number": 1, "name": "c"}]});
        let diff = diff_records(&old, &new, &Ignore::default());
        assert_eq!(
            diff.changes,
            vec![Change::Changed {
                pointer: "/indicators/1/name".into(),
                old: json!("b"),
                new: json!("c")
            }]
        );
    }

    #[test]
    fn a_warning_repeated_once_more_is_one_gained() {
        let w = json!({"code": "x", "message": "m", "path": null, "page": null});
        let diff = diff_records(
            &json!({"warnings": [w.clone()]}),
            &json!({"warnings": [w.clone(), w.clone()]}),
            &Ignore::default(),
        );
        assert_eq!(
            diff.warnings_gained,
            vec![WarningChange { pointer: "/warnings/1".into(), warning: w }]
        );
        assert!(diff.warnings_lost.is_empty());
    }
}
