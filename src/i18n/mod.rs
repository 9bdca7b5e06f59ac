//! The message catalogue: every text tokku says to a user (warnings' messages, error
//! records, stderr lines, help texts, table labels, the review pages' words), as one
//! Japanese and one English
//! template per key, and [`Msg`], a message not yet rendered: a key and named arguments,
//! carried by a [`crate::record::Warning`] until the record is rendered in the reader's
//! language ([`crate::record::Record::localize`]).
//!
//! A template names its arguments in braces (`{key}`); both texts of a key use the same
//! names (tested), and every `msg!` in the sources names a key of the catalogue with
//! exactly its arguments (tested by reading the sources, see the tests). A warning's key
//! is its code, or its code, a dot and a variant (`series_shape.unit`), so every warning
//! code has its pair of texts.
//!
//! Why a plain table and not a crate: rust-i18n renders at the call (`t!`) in a global or
//! given locale, but a warning is made deep in the pipeline before anyone knows the
//! reader's language, so the message must stay a value (key + arguments) and be rendered
//! later; fluent-bundle could render such values, but brings about ten crates (syntax
//! parser, plural rules, language identifiers, memoizer) and Unicode isolation marks to
//! switch off, for two languages of which one has no plurals and about 150 short
//! sentences. The table, its renderer and their tests are this one file.
//!
//! A plain `String` still makes a message ([`Msg::Plain`]): the same text in every
//! language, for new warnings not yet given a key (`plain_messages_are_listed` lists
//! the sites so none goes unnoticed).

pub mod lang;

use crate::lang::Lang;

/// A message to a user, rendered in a language by [`Msg::render`].
#[derive(Debug, Clone, PartialEq)]
pub enum Msg {
    /// Text not in the catalogue: the same in every language.
    Plain(String),
    /// A catalogue message and its named arguments (boxed: a message is as small as a
    /// `String`, so the error types that carry one stay small).
    Keyed(Box<Keyed>),
}

/// A catalogue key and the named arguments of its message.
#[derive(Debug, Clone, PartialEq)]
pub struct Keyed {
    pub key: &'static str,
    pub args: Vec<(&'static str, Arg)>,
}

/// An argument of a message: text as it is (a name from the report, a number), or
/// another message rendered in the same language.
#[derive(Debug, Clone, PartialEq)]
pub enum Arg {
    Text(String),
    Msg(Msg),
}

/// A catalogue message: `msg!("series_missing", key = target.key)`.
#[macro_export]
macro_rules! msg {
    ($key:literal $(, $name:ident = $value:expr)* $(,)?) => {
        $crate::i18n::Msg::new($key)$(.arg(stringify!($name), $value))*
    };
}

impl Msg {
    /// A catalogue message without arguments yet.
    pub fn new(key: &'static str) -> Msg {
        debug_assert!(entry(key).is_some(), "message key {key:?} is not in the catalogue");
        Msg::Keyed(Box::new(Keyed { key, args: Vec::new() }))
    }

    /// Adds a named argument.
    pub fn arg(mut self, name: &'static str, value: impl Into<Arg>) -> Msg {
        if let Msg::Keyed(keyed) = &mut self {
            keyed.args.push((name, value.into()));
        }
        self
    }

    /// The catalogue key, or `None` for a plain text.
    pub fn key(&self) -> Option<&'static str> {
        match self {
            Msg::Plain(_) => None,
            Msg::Keyed(keyed) => Some(keyed.key),
        }
    }

    /// The message in `lang`. An argument the template does not name is left out; a
    /// placeholder without its argument stays as written (the tests rule both out).
    pub fn render(&self, lang: Lang) -> String {
        let (key, args) = match self {
            Msg::Plain(text) => return text.clone(),
            Msg::Keyed(keyed) => (keyed.key, &keyed.args),
        };
        let Some(entry) = entry(key) else {
            return key.to_string();
        };
        let template = match lang {
            Lang::Ja => entry.ja,
            Lang::En => entry.en,
        };
        let mut out = String::with_capacity(template.len() + 16);
        let mut rest = template;
        while let Some(open) = rest.find('{') {
            out.push_str(&rest[..open]);
            let after = &rest[open + 1..];
            match after.find('}').map(|close| (&after[..close], close)) {
                Some((name, close)) if is_placeholder_name(name) => {
                    match args.iter().find(|(n, _)| *n == name) {
                        Some((_, Arg::Text(text))) => out.push_str(text),
                        Some((_, Arg::Msg(inner))) => out.push_str(&inner.render(lang)),
                        None => out.push_str(&rest[open..open + close + 2]),
                    }
                    rest = &after[close + 1..];
                }
                _ => {
                    out.push('{');
                    rest = after;
                }
            }
        }
        out.push_str(rest);
        out
    }
}

/// English, the language of the code and of the record contract's examples.
impl std::fmt::Display for Msg {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(Lang::En))
    }
}

impl From<String> for Msg {
    fn from(text: String) -> Msg {
        Msg::Plain(text)
    }
}

impl From<&str> for Msg {
    fn from(text: &str) -> Msg {
        Msg::Plain(text.to_string())
    }
}

impl From<Msg> for Arg {
    fn from(msg: Msg) -> Arg {
        Arg::Msg(msg)
    }
}

macro_rules! text_args {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(value: $t) -> Arg {
                Arg::Text(value.to_string())
            }
        }
    )*};
}
text_args!(String, &str, &String, u32, i32, u64, usize, char);

/// One message: its key and its two texts.
#[derive(Debug)]
pub struct Entry {
    pub key: &'static str,
    pub ja: &'static str,
    pub en: &'static str,
}

/// The entry of `key`.
pub fn entry(key: &str) -> Option<&'static Entry> {
    CATALOGUE.iter().find(|e| e.key == key)
}

/// The text of an argument-free message in `lang` (labels, help texts).
pub fn text(key: &'static str, lang: Lang) -> String {
    Msg::new(key).render(lang)
}

/// The label of a table column (`field` = `"column"`) or of an enumeration value of a
/// column (`label("zone_kind", "regional", Lang::Ja)` → 地域活性化) in `lang`, for
/// tables read by people (the xlsx). English, and a value without a label, stay the
/// record's code: the records and the CSVs keep their stable codes.
pub fn label(field: &str, value: &str, lang: Lang) -> String {
    match (lang, entry(&format!("label.{field}.{value}"))) {
        (Lang::Ja, Some(entry)) => entry.ja.to_string(),
        _ => value.to_string(),
    }
}

fn is_placeholder_name(name: &str) -> bool {
    !name.is_empty()
        && name.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
}

/// The placeholder names of a template, sorted and without repeats.
pub fn placeholders(template: &str) -> Vec<&str> {
    let mut names = Vec::new();
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        let after = &rest[open + 1..];
        match after.find('}') {
            Some(close) if is_placeholder_name(&after[..close]) => {
                names.push(&after[..close]);
                rest = &after[close + 1..];
            }
            _ => rest = after,
        }
    }
    names.sort_unstable();
    names.dedup();
    names
}

macro_rules! catalogue {
    ($($key:literal => ($ja:literal, $en:literal),)*) => {
        /// Every message: key, Japanese, English.
        pub static CATALOGUE: &[Entry] = &[$(Entry { key: $key, ja: $ja, en: $en },)*];
    };
}

catalogue! {
    // ----- error records (key = error.*) -----
    "error.html_page" => ("入力はPDFではなくHTMLページです（エラーページが .pdf として保存された可能性があります）", "the input is an HTML page (an error page saved as .pdf?), not a PDF"),
    "error.empty_input" => ("入力が空です（0バイト）", "the input is empty (0 bytes)"),
    "error.not_pdf" => ("入力はPDFでも、UTF-8・UTF-16（BOM付き）・Shift_JIS・EUC-JPのテキストでもありません", "the input is neither a PDF nor text in UTF-8, UTF-16 (with BOM), Shift_JIS or EUC-JP"),
    "error.encrypted" => ("PDFが暗号化されていて読めません（{detail}）", "{detail}"),
    "error.damaged" => ("PDFが壊れていて読めません（{detail}）", "{detail}"),
    "error.limit_exceeded" => ("文書ごとの上限を超えたため読むのを中止しました（{detail}）", "{detail}"),
    "error.internal" => ("tokkuの内部エラーです（不具合です。報告してください）：{detail}", "{detail}"),
    "error.no_text_layer" => ("PDFにテキスト層がありません（スキャン画像？）。先にOCRを行ってください", "the PDF has no text layer (a scan?); run OCR first"),
    "error.internal_panic" => ("この入力の処理中にtokkuが失敗しました（不具合です。報告してください）：{panic}", "tokku failed on this input (a bug; please report it): {panic}"),
    "error.unserializable" => ("レコードをJSONにできません：{detail}", "the record cannot be serialized: {detail}"),
    "error.schema_violation" => ("抽出したレコードがスキーマに違反しています（不具合です。報告してください）：{violations}", "the extracted record violates the schema (a bug; please report it): {violations}"),
    "error.not_a_report" => ("総合特別区域評価書の表題も評価指標の節も見つかりません", "no 総合特別区域評価書 title and no 評価指標 section found"),
    "page_list.one" => ("{pages}ページ（全{total}ページ中）", "page {pages} (of {total})"),
    "page_list.many" => ("{pages}ページ（全{total}ページ中）", "pages {pages} (of {total})"),
    "error.io" => ("{file} を読めません：{reason}", "cannot read {file}: {reason}"),
    "io.not_found" => ("ファイルがありません（{detail}）", "{detail}"),
    "io.permission_denied" => ("読み取りの権限がありません（{detail}）", "{detail}"),
    "io.is_a_directory" => ("ファイルではなくフォルダです（{detail}）", "{detail}"),
    "io.other" => ("入出力エラーです（{detail}）", "{detail}"),
    "error.wall_time" => ("上限 wall_time を超えました：読み取りに{seconds}秒以上かかりました。{how}", "limit wall_time exceeded: reading took longer than {seconds} s; {how}"),
    "error.wall_time.stopped" => ("読み取りは上限の後に止まりました", "the reader stopped after the limit"),
    "error.wall_time.abandoned" => ("読み取りを打ち切りました", "the reader was abandoned"),
    "error.wall_time.killed" => ("ワーカープロセスを強制終了しました", "the worker process was killed"),
    "error.thread_lost" => ("読み取りのスレッドがレコードを返さずに終わりました（不具合です。報告してください）", "the reading thread ended without a record (a bug; please report it)"),
    "error.worker_start" => ("ワーカープロセスを起動できません：{detail}", "cannot start a worker process: {detail}"),
    "error.worker_memory" => ("上限 memory を超えました：このファイルを読むワーカープロセスが{mib} MiBを超えるメモリを必要としたため停止しました（--max-memory-mb）", "limit memory exceeded: the worker process reading this file needed more than {mib} MiB of memory (--max-memory-mb) and was stopped"),
    "error.worker_exited" => ("このファイルを読むワーカープロセスがレコードを出さずに終了しました（終了コード {status}）", "the worker process reading this file exited with status {status} without a record"),
    "error.worker_killed" => ("このファイルを読むワーカープロセスがシグナルで終了し、レコードを出しませんでした（メモリ不足か、PDF依存ライブラリのスタックオーバーフロー？）", "the worker process reading this file was killed by a signal (out of memory, or a stack overflow in a PDF dependency?) without a record"),
    // ----- the command line (key = cli.*) -----
    "cli.record_failed" => ("{file}：{message}（{code}）", "{file}: {code}: {message}"),
    "cli.file_failed" => ("{file}：{message}", "{file}: {message}"),
    "cli.internal_error" => ("{file}：内部エラー：{panic}", "{file}: internal error: {panic}"),
    "cli.unserializable" => ("{file} のレコードをJSONにできません：{detail}", "cannot serialize the record of {file}: {detail}"),
    "cli.warning" => ("警告：{code}{page}：{message}", "warning: {code}{page}: {message}"),
    // English as before (the page's Debug form, which tests/pdf/realworld.rs reads).
    "cli.on_page" => ("（{page}ページ）", " (page Some({page}))"),
    "cli.no_page" => ("（ページなし）", " (page None)"),
    "cli.cannot_write_output" => ("出力を書き込めません：{detail}", "cannot write the output: {detail}"),
    "cli.panic" => ("内部エラー：{message}{place}（tokkuの不具合です。報告してください。RUST_BACKTRACE=1 でバックトレースを表示します）", "internal error: {message}{place} (a bug in tokku; please report it; RUST_BACKTRACE=1 shows a backtrace)"),
    "cli.not_json" => ("JSONではありません：{detail}", "not JSON: {detail}"),
    "cli.valid" => ("{file}：有効です", "{file}: valid"),
    "cli.path_missing" => ("{path} がありません", "{path} does not exist"),
    "cli.no_documents" => ("文書が見つかりません（フォルダからは *.pdf と *.txt を探します）", "no documents found (folders are searched for *.pdf and *.txt)"),
    "batch.no_documents" => ("文書が見つかりません（ディレクトリからは *.pdf と *.txt を探します）", "no documents found (directories are searched for *.pdf and *.txt)"),
    "batch.cannot_create_out" => ("出力ディレクトリ {path} を作れません：{detail}", "cannot create the output directory {path}: {detail}"),
    "cli.no_year_tables" => ("{file}：別紙1の年度表が見つかりません", "{file}: no 別紙1 year tables found"),
    // ----- help texts (key = help.*; English as the doc comments in main.rs) -----
    "help.about" => ("総合特別区域評価書（PDFまたはテキスト）→ 検証済みのJSONレコード", "総合特別区域評価書 (PDF or text) → validated JSON records"),
    "help.lang" => ("メッセージ・警告・ヘルプの言語：ja または en（既定：LC_ALL、LC_MESSAGES、LANG の順に見て、ja で始まれば ja）", "Language of messages, warnings and help: ja or en (default: from LC_ALL, LC_MESSAGES or LANG; ja when it starts with \"ja\")"),
    "help.extract" => ("入力ごとにJSONレコードを1行ずつ出力します（標準出力にNDJSON）", "Print one JSON record per input (NDJSON on stdout)."),
    "help.extract-one" => ("隔離実行用のワーカー：1ファイル、1レコード行", "Worker for isolated runs: one file, one record line (see tokku::extract::worker)."),
    "help.text" => ("文書の正規化したテキストを出力します（ページの区切りは改ページ文字）", "Print a document's normalized text, pages separated by form feeds."),
    "help.validate" => ("レコード（JSONファイルまたはNDJSON）をスキーマで検証します", "Check records (a JSON file or NDJSON) against the schema."),
    "help.tables" => ("見つかった別紙1の年度表を、人が確かめられるように表示します", "Show the 別紙1 year tables found, for a person to check."),
    "help.batch" => ("多数の文書を並列にレコードへ変換し、マニフェスト・CSV・必要ならSQLiteを書き出します", "Convert many documents in parallel into records, a manifest, a CSV and optionally SQLite."),
    "help.diff" => ("2つのレコード集合（NDJSONファイルまたはbatchの出力フォルダ）を項目ごとに比較します", "Compare two record sets fact by fact (NDJSON files or batch output folders)."),
    "help.verify" => ("フォルダ内の評価書をすべて抽出し、それぞれの NAME.expected.json と比較します", "Extract every report in folders and compare it with its NAME.expected.json."),
    "help.history" => ("1つの特区の数値目標を評価年度ごとに（batchのパネルから）年度×値の表で表示します", "One zone's targets across its report years (the batch panel) as a year × value table."),
    "help.review" => ("レコードを文書と照らし合わせて確かめるためのHTMLページを文書ごとに（とindex.htmlを）書き出します", "Write an HTML page per document (and index.html) to check each record against its document."),
    // ----- labels of enumeration values and table columns (xlsx) -----
    "label.zone_kind.international" => ("国際戦略", "international"),
    "label.zone_kind.regional" => ("地域活性化", "regional"),
    "label.status.ok" => ("正常", "ok"),
    "label.status.error" => ("エラー", "error"),
    "label.category.fiscal" => ("財政", "fiscal"),
    "label.category.tax" => ("税制", "tax"),
    "label.category.finance" => ("金融", "finance"),
    "label.category.deregulation" => ("規制緩和", "deregulation"),
    "label.category.regulation" => ("規制強化", "regulation"),
    "label.category.other" => ("その他", "other"),
    "label.category.contributing_project" => ("目標の達成に寄与したその他の事業", "contributing_project"),
    "label.category.organization" => ("体制強化", "organization"),
    "label.category.private" => ("民間の取組等", "private"),
    "label.error_code.empty_input" => ("空の入力", "empty_input"),
    "label.error_code.not_pdf" => ("PDFでもテキストでもない", "not_pdf"),
    "label.error_code.encrypted" => ("暗号化", "encrypted"),
    "label.error_code.damaged" => ("破損", "damaged"),
    "label.error_code.no_text_layer" => ("テキスト層なし", "no_text_layer"),
    "label.error_code.unreadable_text" => ("文字を読めない", "unreadable_text"),
    "label.error_code.not_a_report" => ("評価書ではない", "not_a_report"),
    "label.error_code.io" => ("読み込みエラー", "io"),
    "label.error_code.schema_violation" => ("スキーマ違反", "schema_violation"),
    "label.error_code.internal" => ("内部エラー", "internal"),
    "label.error_code.limit_exceeded" => ("上限超過", "limit_exceeded"),
    "label.column.file" => ("ファイル", "file"),
    "label.column.status" => ("状態", "status"),
    "label.column.error_code" => ("エラーの種類", "error_code"),
    "label.column.title" => ("表題", "title"),
    "label.column.fiscal_year" => ("年度", "fiscal_year"),
    "label.column.zone_kind" => ("特区の種類", "zone_kind"),
    "label.column.zone_name" => ("特区名", "zone_name"),
    "label.column.authors" => ("作成主体", "authors"),
    "label.column.designated_on" => ("指定日", "designated_on"),
    "label.column.plan_approved_on" => ("計画認定日", "plan_approved_on"),
    "label.column.plan_last_approved_on" => ("最終の計画認定日", "plan_last_approved_on"),
    "label.column.previous_score" => ("前回の評価", "previous_score"),
    "label.column.targets" => ("数値目標の数", "targets"),
    "label.column.observations" => ("年度値の数", "observations"),
    "label.column.warnings" => ("警告の数", "warnings"),
    "label.column.report_fiscal_year" => ("評価書の年度", "report_fiscal_year"),
    "label.column.indicator_number" => ("評価指標の番号", "indicator_number"),
    "label.column.target_key" => ("数値目標の番号", "target_key"),
    "label.column.target_name" => ("数値目標", "target_name"),
    "label.column.unit" => ("単位", "unit"),
    "label.column.target" => ("目標値", "target"),
    "label.column.actual" => ("実績値", "actual"),
    "label.column.progress_pct" => ("進捗度（%）", "progress_pct"),
    "label.column.category" => ("区分", "category"),
    "label.column.name" => ("事業名", "name"),
    "label.column.summary" => ("事業概要", "summary"),
    "label.column.related_targets" => ("関連する数値目標", "related_targets"),
    "label.column.result" => ("実績", "result"),
    "label.column.authority" => ("自治体名", "authority"),
    "label.column.page" => ("ページ", "page"),
    "label.column.zone_official_name" => ("特区の正式名称", "zone_official_name"),
    "label.column.zone" => ("特区", "zone"),
    "label.column.target_report_year" => ("目標値の評価書年度", "target_report_year"),
    "label.column.actual_report_year" => ("実績値の評価書年度", "actual_report_year"),
    "label.column.progress_report_year" => ("進捗度の評価書年度", "progress_report_year"),
    "label.column.restated" => ("修正あり", "restated"),
    "label.column.field" => ("項目", "field"),
    "label.column.value" => ("値", "value"),
    "label.column.report_year" => ("評価書の年度", "report_year"),
    "label.column.latest_value" => ("最新の値", "latest_value"),
    "label.column.latest_report_year" => ("最新の評価書年度", "latest_report_year"),
    "label.column.latest_file" => ("最新のファイル", "latest_file"),
    // ----- the review pages' own words (key = review.*; src/review/labels.rs) -----
    // review pages: page furniture
    "review.back_to_index" => ("← 一覧", "← Index"),
    "review.zone_index" => ("特区ごとの一覧", "Zones"),
    "review.document_index" => ("文書の一覧", "Documents"),
    "review.error" => ("エラー", "Error"),
    "review.warnings" => ("警告", "Warnings"),
    "review.to_place" => ("→ 該当箇所", "→ where"),
    "review.read_at" => ("読み取った位置を描画で見る", "See where it was read on the page drawing"),
    "review.pages_suffix" => ("ページ", "pages"),
    "review.points_suffix" => ("点", " points"),
    // review pages: header facts
    "review.fiscal_year" => ("年度", "Fiscal year"),
    "review.zone_kind" => ("特区の種類", "Kind of zone"),
    "review.zone_name" => ("特区の名称", "Zone"),
    "review.authors" => ("作成主体", "Authors"),
    "review.designated_on" => ("指定日", "Designated on"),
    "review.plan_approved_on" => ("計画認定日", "Plan approved on"),
    "review.plan_last_approved_on" => ("最終認定日", "Plan last approved on"),
    "review.previous_score" => ("前年度の評価", "Previous year's score"),
    "review.file" => ("ファイル", "File"),
    "review.format" => ("形式", "Format"),
    // review pages: indicators and targets
    "review.indicator" => ("評価指標", "Indicator"),
    "review.progress_short" => ("進捗度", "progress"),
    "review.target_heading" => ("数値目標", "Target"),
    "review.goal" => ("目標", "Goal"),
    "review.current_year" => ("当該年度", "Report year"),
    "review.target_value" => ("目標値", "Target"),
    "review.actual_value" => ("実績値", "Actual"),
    "review.progress" => ("進捗度", "Progress"),
    "review.contribution" => ("寄与度", "Contribution"),
    "review.source" => ("出典", "Source"),
    "review.no_annex1_values" => ("別紙1 の値がありません", "No 別紙1 values"),
    "review.legend_target" => ("● 目標値", "● target"),
    "review.legend_actual" => ("● 実績値", "● actual"),
    "review.legend_markers" => ("破線: 報告年度・目標年度", "dashed: report year, goal year"),
    "review.report_year_marker" => ("報告年度", "report year"),
    "review.goal_year_marker" => ("目標年度", "goal year"),
    "review.chart_of" => ("の目標値と実績値", ": targets and actuals"),
    // review pages: the rest of the report
    "review.annex2" => ("別紙2 規制の特例措置を活用した事業等", "別紙2 Regulatory measures"),
    "review.annex2_measure" => ("措置", "Measure"),
    "review.category" => ("区分", "Category"),
    "review.related_targets" => ("関連する数値目標", "Related targets"),
    "review.used" => ("活用の有無", "Used"),
    "review.used_yes" => ("有", "yes"),
    "review.used_no" => ("無", "no"),
    "review.ministry_evaluation" => ("規制所管府省による評価", "Ministry's evaluation"),
    "review.note" => ("備考", "Note"),
    "review.section5" => ("5 財政・税制・金融支援", "Section 5: fiscal, tax and financial support"),
    "review.count" => ("件数", "Count"),
    "review.projects" => ("事業", "Projects"),
    "review.funding" => ("財源", "Funding"),
    "review.annex3" => ("別紙3 地域独自の取組", "別紙3 Local measures"),
    "review.summary" => ("概要", "Summary"),
    "review.result" => ("実績", "Result"),
    "review.authority" => ("自治体", "Authority"),
    "review.sections" => ("本文の節", "Sections"),
    // review pages: drawings
    "review.drawings" => ("読み取った位置", "Where each value was read"),
    "review.drawings_help" => ("値の横の p.N をクリックすると、その値を読んだセル（または行）が下の描画で強調されます。描画は PDF の文字レイヤー（語の位置と罫線）と tokku が見つけた表の格子（破線）から作ったもので、PDF そのものの見た目ではありません。", "Click p.N beside a value to light up the cell (or line) it was read from in the drawings below. A drawing is made from the PDF's text layer (word positions and ruling lines) and the table grid tokku found (dashed); it is not the PDF's own look."),
    "review.text_layer" => ("の文字レイヤー", " text layer"),
    "review.text_layer_note" => ("(tokku が読んだ語の位置・罫線・見つけた表の格子)", "(words as tokku read them, ruling lines, the table grid it found)"),
    // review pages: the document index
    "review.documents" => ("文書", "documents"),
    "review.errors" => ("エラー", "errors"),
    "review.sort_help" => ("列見出しをクリックで並べ替え", "click a column heading to sort"),
    "review.status" => ("状態", "Status"),
    "review.targets" => ("数値目標", "Targets"),
    "review.zone_page" => ("特区のページ", "Zone page"),
    // review pages: zone pages
    "review.zone" => ("特区", "Zone"),
    "review.reports_held" => ("報告書", "Reports"),
    "review.latest_year" => ("最新の報告年度", "Latest report year"),
    "review.latest_progress" => ("最新の進捗度(評価指標ごと)", "Latest progress per indicator"),
    "review.zones" => ("特区", "zones"),
    "review.zone_reports" => ("この特区の報告書", "This zone's reports"),
    "review.report_of" => ("の報告書", " report"),
    "review.yearly_progress" => ("年度ごとの値(最新の報告書による)", "Values by fiscal year (latest report)"),
    "review.restated" => ("修正あり", "restated"),
    "review.restated_help" => ("◆ 後の報告書で別の値に修正された値(両方の報告書を表示)", "◆ a value a later report restated (both reports named)"),
    "review.restated_from" => ("修正前", "earlier"),
    "review.restated_to" => ("修正後", "later"),
    "review.goal_and_period" => ("目標期間", "Goal period"),
    "review.warnings_by_year" => ("年度ごとの警告", "Warnings by report year"),
    "review.panel_warnings" => ("複数年度の照合による警告", "Warnings from linking the years"),
    "review.line_per_report" => ("線: 報告書ごとの値(凡例の年度の報告書)", "lines: the values each report gives (legend: report year)"),
    // ----- the record's enumerations as the review pages show them (key = review.value.FIELD.CODE) -----
    "review.value.zone_kind.international" => ("国際戦略", "international strategy"),
    "review.value.zone_kind.regional" => ("地域活性化", "regional revitalization"),
    "review.value.goal_basis.cumulative" => ("累計", "cumulative"),
    "review.value.goal_basis.final_year" => ("最終年度", "final year"),
    "review.value.status.ok" => ("正常", "ok"),
    "review.value.measure_category.specific_project" => ("特定事業", "specific project"),
    "review.value.measure_category.general_project" => ("一般事業", "general project"),
    "review.value.measure_category.proposal" => ("規制の特例措置の提案", "proposal"),
    "review.value.measure_category.feasible_in_consultation" => ("協議で実現可能となった措置", "feasible in consultation"),
    "review.value.measure_category.nationwide" => ("全国展開された措置", "nationwide"),
    "review.value.support_kind.fiscal" => ("財政支援", "fiscal support"),
    "review.value.support_kind.tax" => ("税制支援", "tax support"),
    "review.value.support_kind.interest_subsidy" => ("金融支援(利子補給金)", "financial support (interest subsidy)"),
    "review.value.funding.adjustment_fund" => ("調整費", "adjustment fund"),
    "review.value.funding.existing_program" => ("既存の補助制度等", "existing program"),
    "review.value.local_category.fiscal" => ("財政", "fiscal"),
    "review.value.local_category.tax" => ("税制", "tax"),
    "review.value.local_category.finance" => ("金融", "finance"),
    "review.value.local_category.deregulation" => ("規制緩和", "deregulation"),
    "review.value.local_category.regulation" => ("規制強化", "regulation"),
    "review.value.local_category.other" => ("その他", "other"),
    "review.value.local_category.contributing_project" => ("目標達成に寄与したその他の事業", "contributing project"),
    "review.value.local_category.organization" => ("体制強化", "organization"),
    "review.value.local_category.private" => ("民間の取組等", "private initiatives"),
    "review.value.note_field.alternative" => ("代替指標", "alternative indicator"),
    "review.value.note_field.approach" => ("目標達成の考え方及び主な取組", "approach"),
    "review.value.note_field.target_rationale" => ("目標設定の考え方・数値の根拠", "rationale of the targets"),
    "review.value.note_field.self_assessment" => ("進捗状況に係る自己評価", "self-assessment"),
    "review.value.note_field.external_factors" => ("外部要因等特記事項", "external factors"),
    "review.value.related_targets.all" => ("全て", "all"),
    "review.value.field.target" => ("目標値", "target"),
    "review.value.field.actual" => ("実績値", "actual"),
    "review.value.field.progress_pct" => ("進捗度", "progress"),
    // ----- the batch summary (key = batch.*) -----
    "batch.nothing_written" => ("{inputs}が何も指していません。何も書きませんでした（パスを確かめるか、globパターンを引用符で囲んでください）", "{inputs} named nothing; nothing was written (check the paths, or quote a glob pattern)"),
    "batch.inputs.one" => ("1個の入力", "an input"),
    "batch.inputs.many" => ("{count}個の入力", "{count} inputs"),
    "batch.documents.one" => ("文書1件", "1 document"),
    "batch.documents.many" => ("文書{count}件", "{count} documents"),
    "batch.pages.one" => ("1ページ", "1 page"),
    "batch.pages.many" => ("{count}ページ", "{count} pages"),
    "batch.observations.one" => ("年度値1件", "1 observation"),
    "batch.observations.many" => ("年度値{count}件", "{count} observations"),
    "batch.catalogue" => ("tokku batch：カタログの{documents}：追加{added}、更新{updated}{for_options}、変更なし{unchanged}、以前の実行から保持{kept}、削除{pruned}{moved}（抽出{extracted}）。", "tokku batch: {documents} in the catalogue: {added} added, {updated} updated{for_options}, {unchanged} unchanged, {kept} kept from earlier runs, {pruned} pruned{moved} ({extracted} extracted)."),
    "batch.for_options" => ("（うち{count}件はオプションの変更による：{options}）", " ({count} for changed options: {options})"),
    "batch.option.version" => ("tokkuのバージョン", "the tokku version"),
    "batch.option.unrecorded" => ("以前の実行が記録していないオプション", "options an earlier run did not record"),
    "batch.option.schema" => ("レコードのスキーマのバージョン", "the record schema version"),
    "batch.option.undecodable_text" => ("変換できない文字の扱い", "the undecodable-text policy"),
    "batch.moved" => ("、名前が変わった{documents}", ", {documents} under a new name"),
    "batch.totals" => ("{pages}、{errors}、{warnings}、{observations}。", " {pages}, {errors}, {warnings}; {observations}."),
    "batch.closing" => ("{seconds}秒（{jobs}{rate}{memory}）。書き込み先：{written}。", " {seconds} s with {jobs}{rate}{memory}. Written: {written}."),
    "batch.list_separator" => ("、", ", "),
    "batch.written.database" => ("データベース {path}", "the database {path}"),
    "batch.written.workbook" => ("ブック {path}", "the workbook {path}"),
    "batch.written.review" => ("確認ページ（{seconds}秒。{index} を開いてください）", "the review pages in {seconds} s (open {index})"),
    "batch.failed.one" => ("失敗した入力1件：", "1 input failed:"),
    "batch.failed.many" => ("失敗した入力{count}件：", "{count} inputs failed:"),
    "batch.failed_more" => ("… ほかに{count}件（{manifest} にすべて記載）", "… and {count} more ({manifest} names them all)"),
    "batch.rate" => ("、毎秒{rate}ページ", ", {rate} pages/s"),
    "batch.memory" => ("、最大メモリ{mib} MiB", ", peak memory {mib} MiB"),
    "batch.jobs.one" => ("1ジョブ", "1 job"),
    "batch.jobs.many" => ("{count}ジョブ", "{count} jobs"),
    "batch.warnings.one" => ("警告1件", "1 warning"),
    "batch.warnings.many" => ("警告{count}件", "{count} warnings"),
    "batch.errors.one" => ("エラー1件", "1 error"),
    "batch.errors.many" => ("エラー{count}件", "{count} errors"),
    "help.extract.files" => ("PDFまたはテキストのファイル（UTF-8、BOM付きUTF-16、Shift_JIS、EUC-JP）", "PDF or text files (UTF-8, UTF-16 with BOM, Shift_JIS, EUC-JP)."),
    "help.extract.strict" => ("警告のあるレコードが1つでもあれば終了コード1で終わります", "Exit 1 when any record carries a warning."),
    "help.batch.prune" => ("ファイルがもう存在しない、以前の実行の文書をカタログから外します", "Drop from the catalogue the documents of earlier runs whose file no longer exists."),
    "help.batch.exclude" => ("このglobパターンに合うファイルを除きます（パス全体またはファイル名に対して：`--exclude 'メモ.txt'`）。複数回指定できます", "Leave out the files this glob pattern matches (on the whole path or the file name: `--exclude 'メモ.txt'`); may be given more than once."),
    "help.batch.zones" => ("独自の特区一覧（data/zones.json の形式）。特区の正式名称を引くときとパネルが評価書を特区ごとにまとめるとき、公式の一覧より先に探します", "A zone list of your own (the format of data/zones.json), searched before the official one for the zones' official names and when the panel groups reports by zone."),
    "help.batch.inputs" => ("PDFまたはテキストのファイル、ディレクトリ（*.pdf と *.txt を再帰的に探します）、またはglobパターン。何も指さないものは使い方の誤りです（何も書きません）", "PDF or text files, directories (walked recursively for *.pdf and *.txt) or glob patterns. One that names nothing is a usage error (nothing is written)."),
    "help.batch.out" => ("出力ディレクトリ（なければ作ります）。実行をまたいで文書が蓄積されるカタログです：records.ndjson、manifest.ndjson、CSV、パネル", "Output directory (created if missing), a catalogue that accumulates across runs: records.ndjson, manifest.ndjson, the CSVs and the panel."),
    "help.batch.sqlite" => ("レコードをこのSQLiteデータベースにも書き込みます（schemas/observations.sql と schemas/panel.sql の表）。ほかの出力と一緒に公開されます", "Also write the records into this SQLite database (tables of schemas/observations.sql and schemas/panel.sql), published with the other outputs."),
    "help.batch.jobs" => ("同時に変換する文書の数 [既定：全コア]", "Documents converted at once [default: all cores]."),
    "help.batch.force" => ("以前の実行のレコードを再利用せず、すべての入力を抽出し直します", "Extract every input again instead of reusing the records of earlier runs."),
    "help.batch.csv_no_bom" => ("CSVをUTF-8のBOMなしで書きます（既定ではExcelがUTF-8として読めるようにBOMを付けます）", "Write the CSVs without the UTF-8 byte order mark (by default they start with one, so that Excel reads them as UTF-8)."),
    "help.batch.xlsx" => ("表をこのExcelブックにも書きます（表ごとに1シート、パネルの表も）", "Also write the tables into this Excel workbook (one sheet per table, the panel's too)."),
    "help.arg.timeout_secs" => ("文書ごとの実時間の上限（秒）", "Wall time per document, in seconds"),
    "help.arg.max_decompressed_mb" => ("文書ごとに展開するストリームのバイト数の上限（MiB）", "Decompressed stream bytes per document, in MiB"),
    "help.arg.max_objects" => ("文書ごとの間接オブジェクト数の上限", "Indirect objects per document"),
    "help.arg.max_glyphs" => ("文書ごとに描く文字（と保持する罫線）の数の上限", "Glyphs drawn (and ruling lines kept) per document"),
    "help.arg.max_memory_mb" => ("batch --isolate の各ワーカープロセスのメモリ（アドレス空間）の上限（MiB）。超えたワーカーは limit_exceeded で停止します", "Memory (address space) of each worker process under `batch --isolate`, in MiB; a worker that needs more is stopped with `limit_exceeded`"),
    "help.batch.isolate" => ("文書ごとに別のワーカープロセスで抽出し、実時間の上限を超えたら強制終了します（依存ライブラリを内側から止められない場合でも確実に止まります）", "Extract each document in its own worker process, killed when it exceeds the wall time (a hard stop even where a dependency cannot be interrupted from inside)"),
    "help.batch.review" => ("レコードごとの確認ページと索引も DIR/review/ に書きます（各レコードを文書と照らし合わせるためのHTML）", "Also write a review page per record and an index into DIR/review/ (HTML to check each record against its document)"),
    "help.arg.max_pages" => ("文書ごとのページ数の上限", "Pages per document"),
    // ----- warnings (key = code, or code.variant) -----
    "page_without_text" => ("このページには画像はありますが文字のレイヤーがありません（スキャンした用紙？）。ここに書かれた内容は記録にありません。OCRにかけるか、作成した部署に元のファイルを求めてください", "this page holds an image but no text layer (a scanned sheet?): whatever it shows is missing from the record; run OCR on it or ask the office for the original"),
    "body_table_mismatch.goal" => ("数値目標 {key} の目標：本文は {body}、別紙1の表は {table}", "goal of 数値目標 {key}: the body says {body}, the 別紙1 table {table}"),
    "text_unread" => ("{part} の行のうちどの読み取り規則も使わなかった行があります（「{first}」から）：そこにある事実が記録から欠けているかもしれません", "lines of {part} that no reader used, from 「{first}」: a fact there may be missing from the record"),
    "numbering_garbled" => ("評価指標 {indicator} の数値目標の枝番号が文字コードの変換で失われていました（{heading}）。順番どおりに番号を付けました", "the sub-numbers of the 数値目標 under 評価指標 {indicator} were lost in the text's encoding ({heading}); they were numbered by their order"),
    "numbering_garbled.reference" => ("{name}：関連する数値目標の番号が文字コードの変換で失われていました（{reference}）。どの数値目標か分からないため、この参照は記録に含めていません", "{name}: the number of a related 数値目標 was lost in the text's encoding ({reference}); which target it names cannot be told, so the reference is left out of the record"),
    "numbering_garbled.support" => ("財政・税制・金融支援の丸数字（①②③）が文字コードの変換で失われていました。見出しの語句で読み、事業の番号は書かれたとおり（?-1 など）にしています", "the circled numbers (①②③) of section 5's support parts were lost in the text's encoding: the parts were read by their words and the project numbers are kept as written (?-1 …)"),
    "copy_restricted" => ("このPDFはユーザーパスワードなしで暗号化され、権限設定でテキストのコピーが禁止されています（{denied}）。pdftotextやpdfminerと同様に読みました（--respect-permissions を付けるとこうしたファイルは読みません）", "the PDF is encrypted without a user password and its permissions forbid copying text ({denied}); it was read anyway, as pdftotext and pdfminer do (--respect-permissions refuses such files)"),
    "pdf_repaired" => ("PDFが壊れていたため修復して読みました：{repairs}", "the PDF is damaged and was repaired: {repairs}"),
    "page_unreadable" => ("{page}ページを読めませんでした（{reason}）。このページのテキストは欠けているか不完全です。他のページは読めました", "page {page} could not be read ({reason}); its text is missing or incomplete, the other pages were read"),
    "operators_skipped" => ("このページの描画命令{count}個を実行できず、読み飛ばしました（最初のもの：{first}）。それらが描く文字は欠けています", "{count} drawing operators on this page could not be executed and were skipped (first: {first}); text they drew is missing"),
    "undecodable_glyphs" => ("このページの{count}文字（{share}%）はUnicodeへの対応がなく、テキストから欠けています", "{count} glyphs ({share}%) on this page have no Unicode mapping and are missing from the text"),
    "unreadable_text" => ("{total}文字のうち{undecodable}文字（{share}%）をテキストに変換できませんでした：{pages}", "{undecodable} of {total} glyphs ({share}%) could not be decoded to text, on {pages}"),
    "font_without_tounicode.aj1" => ("フォント {font} にはToUnicode表がないため、Adobe-Japan1の表で文字を読みました{unmapped}", "font {font} has no ToUnicode map; its text was decoded through the Adobe-Japan1 table{unmapped}"),
    "font_without_tounicode.truetype" => ("フォント {font} にはToUnicode表がないため、埋め込みTrueTypeのcmapで文字を読みました{unmapped}", "font {font} has no ToUnicode map; its text was decoded through the embedded TrueType cmap{unmapped}"),
    "font_without_tounicode.collection" => ("フォント {font} にはToUnicode表がないため、{collection}の表で文字を読みました{unmapped}", "font {font} has no ToUnicode map; its text was decoded through the {collection} table{unmapped}"),
    "font_without_tounicode.unmapped" => ("。{count}個の文字コードにはUnicodeの値がありませんでした", "; {count} codes had no Unicode value"),
    "font_unreadable" => ("フォント {font} の文字を読めません（{reason}）。その文字はテキストから欠けています{unmapped}", "font {font} cannot be decoded ({reason}); its glyphs are missing from the text{unmapped}"),
    "columns_by_cell_order" => ("テキスト入力には位置の情報がないため、別紙1の値はタブ区切りのセルの順で年度に割り当てました", "text input has no positions: 別紙1 values were put under fiscal years by their tab-separated cell order"),
    "notes_unread.unmatched" => ("{page}ページの別紙1の表がどの数値目標のものか、表の名前から分かりませんでした。この表の記述（目標達成の考え方など）は記録にありません", "the 別紙1 table on page {page} could not be matched to a 数値目標 by its name: its notes (目標達成の考え方 …) are not in the record"),
    "notes_unread" => ("数値目標 {key} の別紙1の表にはセルの間の罫線がないため、文章の行を読みませんでした", "the 別紙1 table of 数値目標 {key} has no ruling lines between its cells: its text rows were not read"),
    "unknown_target_reference" => ("「{name}」は数値目標 {key} を挙げていますが、この評価書にその数値目標はありません", "「{name}」 names 数値目標 {key}, which is not a target of this report"),
    "field_missing" => ("{what}が評価書に見つかりません", "{what} not found in the report"),
    "field_missing.title" => ("表題（…年度 …総合特別区域評価書）", "the title (…年度 …総合特別区域評価書)"),
    "field_missing.fiscal_year" => ("評価書の年度", "the fiscal year of the report"),
    "field_missing.zone_name" => ("特区の名称（1の節）", "the zone's name (section 1)"),
    "field_missing.authors" => ("作成主体の名称", "作成主体の名称"),
    "field_missing.indicators" => ("評価指標（3の①）", "the 評価指標 (section 3 ①)"),
    "field_missing.targets" => ("評価指標({number})の数値目標", "a 数値目標 under 評価指標({number})"),
    "field_missing.current" => ("数値目標 {key} の【当該年度目標値…】の行", "the 【当該年度目標値…】 line of 数値目標 {key}"),
    "annex_table_unmatched" => ("別紙1の表（{label}）は名称が本文のどの数値目標とも一致しないため、その値を使っていません", "a 別紙1 table ({label}) matches no 数値目標 of the body by name; its values are not used"),
    "annex_table_ambiguous" => ("別紙1の表（{label}）は名称が{count}個の数値目標に一致するため、その値を使っていません", "a 別紙1 table ({label}) matches {count} 数値目標 by name; its values are not used"),
    "annex_table_duplicate" => ("数値目標 {key} に一致する別紙1の表が2つ目にもあります。最初の表だけを使っています", "a second 別紙1 table matches 数値目標 {key}; only the first is used"),
    "ambiguous_cell" => ("別紙1：{problem}。この値は除外しました", "別紙1: {problem}; the value is left out"),
    "annex_row_missing" => ("別紙1：{problem}。系列のこの行は空です", "別紙1: {problem}; that row of the series is empty"),
    "annex_extra_cells" => ("別紙1：{problem}。余分なセルは除外しました", "別紙1: {problem}; the surplus cells are left out"),
    "progress_mismatch.values" => ("進捗度は{stated}%と記載されていますが、実績値 {actual} ÷ 目標値 {target} = {computed}%です", "進捗度 {stated}% stated, but 実績値 {actual} / 目標値 {target} = {computed}%"),
    "progress_mismatch.current" => ("当該年度：{mismatch}", "当該年度: {mismatch}"),
    "progress_mismatch.series" => ("別紙1 {year}年度：{mismatch}", "別紙1 {year}年度: {mismatch}"),
    "indicator_progress_mismatch" => ("評価指標({number})の進捗度は{stated}%と記載されていますが、その数値目標からは{shown}になります", "評価指標({number}) states 進捗度 {stated}%, but its 数値目標 give {shown}"),
    "indicator_progress_mismatch.either" => ("{first}または{second}", "{first} or {second}"),
    "goal_sum_mismatch" => ("{start}–{end}年度の累計目標は{goal}ですが、各年度の目標値 {targets} の合計は{sum}です", "累計 goal {goal} for {start}–{end}, but the yearly targets {targets} sum to {sum}"),
    "body_table_mismatch" => ("{year}年度の{label}：本文では{body}、別紙1の表では{table}です", "{label} of {year}年度: the body says {body}, the 別紙1 table {table}"),
    "body_table_mismatch.none" => ("記載なし", "none"),
    "series_shape.order" => ("{year}年度が{previous}年度の後にあります（順序が逆か重複しています）", "fiscal year {year} follows {previous}: out of order or repeated"),
    "series_shape.unit" => ("{year}年度の{field} {value} の単位は{unit}ですが、系列の単位は{series_unit}です", "{year}年度 {field} {value} is in {unit}, the series in {series_unit}"),
    "series_shape.magnitude" => ("{year}年度の{field} {value} は行の中央値{median}の約10^{power}倍です（万・億の脱落か重複？）", "{year}年度 {field} {value} is about 10^{power} times the row's median {median}: a lost or extra 万/億?"),
    "contribution_sum.partial" => ("評価指標({number})：{targets}個の数値目標のうち寄与度があるのは{given}個だけです", "評価指標({number}): 寄与度 given for {given} of its {targets} 数値目標"),
    "contribution_sum.total" => ("評価指標({number})：数値目標の寄与度の合計が{sum}%で、約100%になりません", "評価指標({number}): the 寄与度 of its 数値目標 sum to {sum}%, not about 100%"),
    "indicator_numbering" => ("番号のない評価指標を、順序から{number}番としました：{line}", "評価指標 without a number; numbered {number} by its order: {line}"),
    "unparsed_line.indicator" => ("評価指標の行を読み取れません：{line}", "評価指標 line not understood: {line}"),
    "unparsed_line.target" => ("数値目標の行を読み取れません：{line}", "数値目標 line not understood: {line}"),
    "unparsed_line.orphan_current" => ("数値目標の外に当該年度の値があります：{line}", "当該年度 values outside a 数値目標: {line}"),
    "unparsed_line.current" => ("当該年度の値を読み取れません：{line}", "当該年度 values not understood: {line}"),
    "orphan_target" => ("評価指標より前に数値目標があります：{line}", "数値目標 appears before any 評価指標: {line}"),
    "target_numbering.repeated" => ("評価指標 {number} の下に番号のない2つ目の数値目標があり、その番号 {key} は1つ目と重複しています", "a second unnumbered 数値目標 under 評価指標 {number}; its key {key} repeats the first's"),
    "target_numbering.misplaced" => ("数値目標 {key} が評価指標 {number} の下にあります", "数値目標 {key} stands under 評価指標 {number}"),
    "goal_missing" => ("数値目標 {key} の目標の行が見つかりません", "no goal line found for 数値目標 {key}"),
    "unreadable_value" => ("{text} を数量として読めません：{reason}", "cannot read a quantity from {text}: {reason}"),
    "unreadable_value.goal" => ("数値目標 {key} の目標が既知の形式ではありません：{text}", "the goal of 数値目標 {key} is in no known form: {text}"),
    "zone_name_variant" => ("評価書は特区名を{name}と書いています。これは正式名称{official}の既知の表記揺れです", "the report writes the zone name {name}, a known variant of the official {official}"),
    "zone_unknown" => ("特区名{name}はtokkuの指定特区一覧（data/zones.json）にありません", "the zone name {name} is not in tokku's list of designated zones (data/zones.json)"),
    "support_count_mismatch" => ("5の節：見出しには{count}件とありますが、列挙されている事業は{listed}件です{note}", "section 5: the heading states {count}件, but {listed} projects are listed{note}"),
    "support_count_mismatch.uncounted" => ("（ほかに、当該年度の適用がなかったとする小見出しの下に{uncounted}件あります）", " ({uncounted} more listed under a sub-heading saying they had no application in the year)"),
    "annex_table_unread.annex2" => ("別紙2はありますが、その表の見出し（…事業の名称 | 関連する数値目標）を読み取れません（罫線のないPDF？）。その行は欠けています", "別紙2 was found, but no table header (…事業の名称 | 関連する数値目標) could be read in it (a PDF without ruling lines?): its rows are missing"),
    "annex_table_unread.annex3" => ("別紙3はありますが、その表の見出し（事業名 | 事業概要 | …）を読み取れません（罫線のないPDF？）。その行は欠けています", "別紙3 was found, but no table header (事業名 | 事業概要 | …) could be read in it (a PDF without ruling lines?): its rows are missing"),
    "ministry_evaluation_unclear" => ("別紙2：「{name}」の規制所管府省による評価にはチェック欄がありますが、どれにチェックがあるか判別できません", "別紙2: the 規制所管府省による評価 of 「{name}」 has checkboxes, but none can be told to be checked"),
    "annex1_problem.row_missing" => ("表の見出しの下に{row}の行がありません", "no {row} row found under the header"),
    "annex1_problem.extra_cells" => ("{row}の行のセルが年度の数より多くあります", "{row} row has more cells than fiscal years"),
    "annex1_problem.merged" => ("{row}の行：{value} は {first} と {rest} の列にまたがる1つのセルにあります（間に罫線がありません）", "{row} row: {value} stands in one cell merged across the {first} and {rest} columns (no ruling line between them)"),
    "annex1_problem.across" => ("{row}の行：x={x0}..{x1} の {value} は {first} と {second} の列にまたがっています", "{row} row: {value} at x={x0}..{x1} stands across the {first} and {second} columns"),
    "annex1_problem.outside" => ("{row}の行：x={x0}..{x1} の {value} はどの年度の列の下にもありません", "{row} row: {value} at x={x0}..{x1} stands under no fiscal-year column"),
    "quantity.percent_magnitude" => ("百分率に桁の単位（万、億…）は付きません", "a percentage has no magnitude (万, 億, …)"),
    "quantity.percent_unit" => ("単位 {unit} は百分率ではありません", "unit {unit} is not a percentage"),
    "quantity.magnitude_order" => ("{text} の桁の単位の順序が逆です", "magnitudes out of order in {text}"),
    "quantity.no_number" => ("数がありません", "no number"),
    "quantity.separator" => ("桁区切りの位置が誤っています", "misplaced thousands separator"),
    "quantity.bare_point" => ("数字のない小数点です", "a decimal point without digits"),
    "quantity.second_point" => ("2つ目の小数点か、小数部の後の桁区切りがあります", "a second decimal point or a separator after decimals"),
    "quantity.too_many_digits" => ("桁が多すぎます", "too many digits"),
    "quantity.unit_numeral" => ("単位 {unit} が読み取れない数字か桁の単位で始まっています", "unit {unit} starts with a numeral or magnitude that is not read"),
    "quantity.unit_char" => ("{character} は単位（{unit}）の一部になりえません", "{character} cannot be part of a unit ({unit})"),
    "series_missing" => ("数値目標 {key} の別紙1の表が見つかりません", "no 別紙1 table found for 数値目標 {key}"),
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_message_has_a_japanese_and_an_english_text_with_the_same_placeholders() {
        for e in CATALOGUE {
            assert!(!e.ja.trim().is_empty() && !e.en.trim().is_empty(), "{}: an empty text", e.key);
            assert!(
                // Kana, kanji or full-width punctuation (a text that is all structure:
                // "{file}：{message}（{code}）").
                e.ja.chars().any(|c| matches!(c, '\u{3000}'..='\u{30ff}' | '\u{4e00}'..='\u{9fff}' | '\u{ff00}'..='\u{ffef}')),
                "{}: the Japanese text is not Japanese: {}",
                e.key,
                e.ja
            );
            // The same text only where the English is Japanese already (a report's term).
            assert!(
                e.ja != e.en || !e.en.chars().any(|c| c.is_ascii_alphabetic()),
                "{}: untranslated",
                e.key
            );
            assert_eq!(placeholders(e.ja), placeholders(e.en), "{}: placeholders differ", e.key);
        }
    }

    #[test]
    fn a_message_renders_its_arguments_and_nested_messages_in_each_language() {
        let message = Msg::new("field_missing").arg("what", Msg::new("field_missing.fiscal_year"));
        assert_eq!(
            message.render(Lang::En),
            "the fiscal year of the report not found in the report"
        );
        assert_eq!(message.render(Lang::Ja), "評価書の年度が評価書に見つかりません");
        let message = Msg::new("series_missing").arg("key", "1-2");
        assert_eq!(message.render(Lang::Ja), "数値目標 1-2 の別紙1の表が見つかりません");
        assert_eq!(message.to_string(), "no 別紙1 table found for 数値目標 1-2");
        // A plain text is the same in every language; a brace that names nothing stays.
        assert_eq!(Msg::from("{x} as is").render(Lang::Ja), "{x} as is");
        assert_eq!(placeholders("a {b} {c_1} {B} {} {b}"), ["b", "c_1"]);
    }

    /// Every value of the record's enumerations that the tables carry has a Japanese
    /// label; English labels are the codes themselves.
    #[test]
    fn every_enumeration_value_has_a_japanese_label() {
        use crate::record::{ErrorCode, LocalCategory};
        // Exhaustive matches: a new variant fails to compile until it is listed here.
        let category = |c: LocalCategory| match c {
            LocalCategory::Fiscal
            | LocalCategory::Tax
            | LocalCategory::Finance
            | LocalCategory::Deregulation
            | LocalCategory::Regulation
            | LocalCategory::Other
            | LocalCategory::ContributingProject
            | LocalCategory::Organization
            | LocalCategory::Private => c.name(),
        };
        let error = |c: ErrorCode| match c {
            ErrorCode::EmptyInput
            | ErrorCode::NotPdf
            | ErrorCode::Encrypted
            | ErrorCode::Damaged
            | ErrorCode::NoTextLayer
            | ErrorCode::UnreadableText
            | ErrorCode::NotAReport
            | ErrorCode::Io
            | ErrorCode::SchemaViolation
            | ErrorCode::Internal
            | ErrorCode::LimitExceeded => serde_json::to_value(c).ok(),
        };
        let mut values: Vec<(&str, String)> = vec![
            ("zone_kind", "international".into()),
            ("zone_kind", "regional".into()),
            ("status", "ok".into()),
            ("status", "error".into()),
        ];
        use LocalCategory as L;
        for c in [
            L::Fiscal,
            L::Tax,
            L::Finance,
            L::Deregulation,
            L::Regulation,
            L::Other,
            L::ContributingProject,
            L::Organization,
            L::Private,
        ] {
            values.push(("category", category(c).to_string()));
        }
        use ErrorCode as E;
        for c in [
            E::EmptyInput,
            E::NotPdf,
            E::Encrypted,
            E::Damaged,
            E::NoTextLayer,
            E::UnreadableText,
            E::NotAReport,
            E::Io,
            E::SchemaViolation,
            E::Internal,
            E::LimitExceeded,
        ] {
            let code = error(c).and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default();
            values.push(("error_code", code));
        }
        for (field, value) in &values {
            let ja = label(field, value, Lang::Ja);
            assert_ne!(&ja, value, "{field} {value}: no Japanese label");
            assert_eq!(&label(field, value, Lang::En), value);
            let entry = entry(&format!("label.{field}.{value}")).expect("an entry");
            assert_eq!(entry.en, value, "the English label is the code");
        }
        assert_eq!(label("zone_kind", "regional", Lang::Ja), "地域活性化");
        assert_eq!(label("category", "fiscal", Lang::Ja), "財政");
        // A value without a label stays as it is.
        assert_eq!(label("zone_kind", "unheard_of", Lang::Ja), "unheard_of");
    }

    #[test]
    fn keys_are_unique() {
        let mut keys: Vec<&str> = CATALOGUE.iter().map(|e| e.key).collect();
        keys.sort_unstable();
        let before = keys.len();
        keys.dedup();
        assert_eq!(before, keys.len(), "a key is defined twice");
    }
}
