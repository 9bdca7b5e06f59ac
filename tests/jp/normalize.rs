//! Case table for `jp::normalize`: report wording (from 総合特別区域評価書 text) → the
//! normalized text the extractor sees.

use tokku::jp::normalize;

/// (input, expected output, what the case shows)
const CASES: &[(&str, &str, &str)] = &[
    // --- keys of 数値目標 and 評価指標: full-width brackets, circled numbers, dashes
    ("数値目標（1）－①：", "数値目標(1)-①:", "key with full-width brackets, minus and colon"),
    (
        "数値目標（１）－②：特区関連事業の就業者の増加数",
        "数値目標(1)-②:特区関連事業の就業者の増加数",
        "full-width digit in key",
    ),
    ("数値目標（1）‐③", "数値目標(1)-③", "U+2010 hyphen in key"),
    ("数値目標（1）−①", "数値目標(1)-①", "U+2212 minus in key"),
    ("数値目標（1）―①", "数値目標(1)-①", "U+2015 horizontal bar in key"),
    ("数値目標（1）ー①", "数値目標(1)-①", "long vowel mark misused as hyphen after a bracket"),
    ("数値目標（2）：", "数値目標(2):", "key without sub-number"),
    (
        "評価指標（1）：特区事業の実施によるライフイノベーション分野における経済効果【進捗度75%】",
        "評価指標(1):特区事業の実施によるライフイノベーション分野における経済効果【進捗度75%】",
        "indicator line keeps 【】",
    ),
    (
        "評価指標（4）：新たに展開された商品・サービスの創出件数【進捗度１５０％】",
        "評価指標(4):新たに展開された商品・サービスの創出件数【進捗度150%】",
        "full-width percent",
    ),
    (
        "①-1 地域イノベーション・エコシステム形成プログラム",
        "①-1地域イノベーション・エコシステム形成プログラム",
        "circled number kept; digit–kana space removed",
    ),
    (
        "②-1 革新的な医療機器等の開発と医工連携推進事業",
        "②-1革新的な医療機器等の開発と医工連携推進事業",
        "circled two with hyphen",
    ),
    ("⑳", "⑳", "circled twenty kept"),
    ("⑴", "(1)", "parenthesized digit becomes (1)"),
    ("① 総合特区計画の概要", "①総合特区計画の概要", "space after circled number removed"),
    ("③総合特区として実現しようとする目標", "③総合特区として実現しようとする目標", "no change"),
    // --- the 【当該年度…】 line
    (
        "【当該年度目標値93億円、当該年度実績値135億円、進捗度145%、寄与度33%】",
        "【当該年度目標値93億円、当該年度実績値135億円、進捗度145%、寄与度33%】",
        "already canonical",
    ),
    (
        "【当該年度目標値１００人、当該年度実績値－１８人、進捗度－、寄与度３３％】",
        "【当該年度目標値100人、当該年度実績値-18人、進捗度-、寄与度33%】",
        "full-width minus and no-value",
    ),
    (
        "【当該年度目標値100人、当該年度実績値-18人、進捗度-、寄与度33%】",
        "【当該年度目標値100人、当該年度実績値-18人、進捗度-、寄与度33%】",
        "ASCII dashes kept",
    ),
    (
        "【当該年度目標値100人、当該年度実績値−18人、進捗度―、寄与度33%】",
        "【当該年度目標値100人、当該年度実績値-18人、進捗度-、寄与度33%】",
        "U+2212 minus, U+2015 bar",
    ),
    (
        "【当該年度目標値52,000人、当該年度実績値41,942人、進捗度81%、寄与度33%】",
        "【当該年度目標値52,000人、当該年度実績値41,942人、進捗度81%、寄与度33%】",
        "separators kept",
    ),
    (
        "【当該年度目標値５２，０００人、当該年度実績値４１，９４２人】",
        "【当該年度目標値52,000人、当該年度実績値41,942人】",
        "full-width comma separator",
    ),
    ("進捗度-", "進捗度-", "no-value progress"),
    ("進捗度ー", "進捗度-", "long vowel after kanji is a dash"),
    ("進捗度ｰ", "進捗度-", "half-width prolonged mark after kanji is a dash"),
    ("進捗度—", "進捗度-", "em dash"),
    ("進捗度–", "進捗度-", "en dash"),
    ("進捗度(%)\t421%\t62%\t68%\t-", "進捗度(%)\t421%\t62%\t68%\t-", "tabs kept"),
    ("進捗度(%)\t421%\t62%\t68%\t―", "進捗度(%)\t421%\t62%\t68%\t-", "bar cell in a tab row"),
    // --- periods and ranges
    (
        "5年間（平成29～令和3年度）累計：475億円",
        "5年間(平成29~令和3年度)累計:475億円",
        "full-width tilde",
    ),
    (
        "5年間（平成29〜令和3年度）累計：475億円",
        "5年間(平成29~令和3年度)累計:475億円",
        "wave dash U+301C",
    ),
    (
        "5年間（平成29~令和3年度）累計：1,500人",
        "5年間(平成29~令和3年度)累計:1,500人",
        "ASCII tilde",
    ),
    ("5年間（平成29∼令和3年度）", "5年間(平成29~令和3年度)", "tilde operator U+223C"),
    ("平成24～28年度", "平成24~28年度", "range with implied era"),
    ("平成29 ～ 令和3年度", "平成29~令和3年度", "spaces around a range mark"),
    (
        "令和2年10月14～16日、パシフィコ横浜にて開催",
        "令和2年10月14~16日、パシフィコ横浜にて開催",
        "day range",
    ),
    ("令和3年2月23～25日開催、4社出展", "令和3年2月23~25日開催、4社出展", "day range 2"),
    (
        "●利率／年0.9%以内～1.7%以内●最低投資額／5,000万円",
        "●利率/年0.9%以内~1.7%以内●最低投資額/5,000万円",
        "full-width slash, percent range",
    ),
    ("1995〜2001年", "1995~2001年", "neologdn's tilde example: the number is kept"),
    ("平成23年１２月２２日指定", "平成23年12月22日指定", "full-width date digits"),
    (
        "平成24年3月9日認定（平成29年6月23日最終認定）",
        "平成24年3月9日認定(平成29年6月23日最終認定)",
        "approval line",
    ),
    (
        "当初(平成29年度)\t平成30年度\t令和元年度\t令和2年度",
        "当初(平成29年度)\t平成30年度\t令和元年度\t令和2年度",
        "header row",
    ),
    ("Ｈ２９年度", "H29年度", "full-width abbreviation"),
    ("Ｒ元年度", "R元年度", "full-width R"),
    // --- spaces the layout puts inside words and numbers
    ("475 億円", "475億円", "digit–kanji space"),
    ("280 件", "280件", "digit–kanji space 2"),
    (
        "数値目標(3) 国際共同治験件数 280 件 (累計)",
        "数値目標(3) 国際共同治験件数280件 (累計)",
        "space before ( kept",
    ),
    (
        "声だけ 5 秒でモチベーションを可視化する",
        "声だけ5秒でモチベーションを可視化する",
        "digit between kana and kanji",
    ),
    ("京浜 臨海部", "京浜臨海部", "kanji–kanji space"),
    ("京浜　臨海部", "京浜臨海部", "ideographic space"),
    (
        "3 県市では財政・税制・金融上の支援措置を講じる",
        "3県市では財政・税制・金融上の支援措置を講じる",
        "digit–kanji",
    ),
    ("味の素株式会社は、1 回の採血で", "味の素株式会社は、1回の採血で", "after 、"),
    ("令和2年度交付実績 22件", "令和2年度交付実績22件", "table cell text"),
    ("目標値 200人\t500人\t200人", "目標値200人\t500人\t200人", "row label joins its first number"),
    (
        "ファンド総額：12億円 投資先：16社",
        "ファンド総額:12億円投資先:16社",
        "a space between two phrases in CJK is layout too: removed",
    ),
    ("41,942 人", "41,942人", "separator number then space"),
    ("24.5 万人", "24.5万人", "decimal then space"),
    ("145 %", "145%", "digit–percent space"),
    ("１３５億円", "135億円", "full-width digits"),
    ("△ 18人", "△18人", "triangle minus joins"),
    ("▲１８人", "▲18人", "black triangle kept"),
    // --- Latin text
    (
        "Taiga Biotechnologies Japan 株式会社では",
        "Taiga Biotechnologies Japan株式会社では",
        "Latin words keep spaces; Latin–kanji space removed",
    ),
    ("ヘルスケア ICT の取組が必要となる", "ヘルスケアICTの取組が必要となる", "kana–Latin–kana"),
    ("患者由来 PBMC の製造技術", "患者由来PBMCの製造技術", "kanji–Latin"),
    ("OncoGuide NCC オンコパネルシステム", "OncoGuide NCCオンコパネルシステム", "Latin–Latin kept"),
    (
        "Elixirgen Scientific, Inc. は",
        "Elixirgen Scientific, Inc. は",
        "after ASCII period the space stays",
    ),
    ("SARS‐CoV‐2", "SARS-CoV-2", "hyphen between Latin"),
    ("SARS－CoV－2", "SARS-CoV-2", "full-width hyphen between Latin"),
    ("「Rapiim SARS-CoV-2-N」", "「Rapiim SARS-CoV-2-N」", "product name"),
    ("ＫＤＢ（国保データベース）", "KDB(国保データベース)", "full-width Latin"),
    ("BioJapan2020：令和2年10月", "BioJapan2020:令和2年10月", "Latin–digit"),
    ("COMPAMED 2020", "COMPAMED 2020", "Latin–digit space kept"),
    ("Mobile motion visualizer 鑑(Akira)", "Mobile motion visualizer鑑(Akira)", "Latin–kanji"),
    // --- katakana and long vowels
    ("センタ－", "センター", "full-width hyphen after katakana is a long vowel"),
    ("サ－ビス", "サービス", "long vowel inside a word"),
    ("ｾﾝﾀｰ", "センター", "half-width katakana"),
    ("ライフイノベーション", "ライフイノベーション", "no change"),
    ("データ―ベース", "データーベース", "bar after katakana"),
    ("ア－1", "ア-1", "list marker ア then number: hyphen"),
    ("カテゴリー1", "カテゴリー1", "genuine long vowel before digit kept"),
    ("イ 解決策2 数値目標（3）に寄与", "イ解決策2数値目標(3)に寄与", "list marker spacing"),
    ("すごーい", "すごーい", "long vowel after hiragana kept"),
    ("ー 項目", "- 項目", "line-initial long vowel is a dash bullet"),
    // --- symbols that stay
    ("※寄与度:一つの評価指標に対して", "※寄与度:一つの評価指標に対して", "reference mark"),
    (
        "■ 目標に向けた取組の進捗に関する評価",
        "■目標に向けた取組の進捗に関する評価",
        "square bullet joins",
    ),
    ("○国際共同治験の実施", "○国際共同治験の実施", "circle bullet"),
    ("□ 特例措置の効果が認められる", "□特例措置の効果が認められる", "white square"),
    ("「データサイエンス」に関わる取組", "「データサイエンス」に関わる取組", "brackets kept"),
    ("『再生医療の産業化』", "『再生医療の産業化』", "double brackets kept"),
    ("｢LifeCase｣", "「LifeCase」", "half-width brackets become full-width"),
    ("㈱リコー", "(株)リコー", "parenthesized 株"),
    ("寄与度(※): 100(%)", "寄与度(※): 100(%)", "ASCII colon space kept"),
    ("<進捗度が80%以上のため、記載省略>", "<進捗度が80%以上のため、記載省略>", "angle brackets"),
    ("＜調整費を活用した事業＞", "<調整費を活用した事業>", "full-width angle brackets"),
    // --- line structure
    ("第1行  \n  第2行", "第1行\n第2行", "spaces at line ends trimmed"),
    ("頁1\u{0C}頁2", "頁1\u{0C}頁2", "form feed kept"),
    ("行1\r\n行2\r行3", "行1\n行2\n行3", "CR LF and CR"),
    ("a  b   c", "a b c", "space runs collapse"),
    ("  先頭", "先頭", "leading space"),
    ("ゼロ\u{200B}幅", "ゼロ幅", "zero-width space removed"),
    ("\u{FEFF}令和2年度", "令和2年度", "BOM removed"),
    ("セル1 \t セル2", "セル1\tセル2", "spaces beside a tab removed"),
    ("", "", "empty"),
];

#[test]
fn normalize_case_table() {
    let mut failures = Vec::new();
    for (input, expected, why) in CASES {
        let got = normalize(input);
        if got != *expected {
            failures.push(format!("{why}: normalize({input:?}) = {got:?}, expected {expected:?}"));
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} cases failed:\n{}",
        failures.len(),
        CASES.len(),
        failures.join("\n")
    );
}

#[test]
fn normalize_case_table_is_idempotent() {
    for (input, _, why) in CASES {
        let once = normalize(input);
        assert_eq!(normalize(&once), once, "{why}: not idempotent on {input:?}");
    }
}

#[test]
fn circled_numbers_one_to_twenty_survive() {
    for c in '\u{2460}'..='\u{2473}' {
        let s = format!("数値目標（1）－{c}");
        assert_eq!(normalize(&s), format!("数値目標(1)-{c}"));
    }
}

/// Headings and table rows of the seed report, as the segmenter and extractor see them.
#[test]
fn headings_and_rows_lose_layout_spaces() {
    assert_eq!(normalize("1 国際戦略総合特別区域の名称"), "1国際戦略総合特別区域の名称");
    assert_eq!(
        normalize("令和2年度 国際戦略総合特別区域評価書"),
        "令和2年度国際戦略総合特別区域評価書"
    );
    assert_eq!(normalize("国際戦略総合特区 3.8点"), "国際戦略総合特区3.8点");
    assert_eq!(
        normalize("評価指標(1)\t数値目標(1) 特区関連事業の就業者 の増加数 1,500人 (累計)\t目標値 200人\t500人"),
        "評価指標(1)\t数値目標(1) 特区関連事業の就業者の増加数1,500人 (累計)\t目標値200人\t500人"
    );
    assert_eq!(
        normalize("\t寄与度(※): 100(%)\t進捗度(%) 421%\t62%\t68%\t-\t\t"),
        "\t寄与度(※): 100(%)\t進捗度(%) 421%\t62%\t68%\t-\t\t"
    );
}
