//! The review pages' own style and script, and the Content-Security-Policy that allows
//! exactly these (by their SHA-256) and nothing else: no script, style, font, image or
//! connection from anywhere, and no inline script a document could smuggle in.

use base64::Engine;
use maud::{html, Markup, PreEscaped};
use sha2::{Digest, Sha256};

/// The style of every review page. Japanese text falls back through the usual system
/// fonts of Linux, macOS and Windows; nothing is downloaded.
pub const STYLE: &str = r#"
:root{--ink:#1d232a;--muted:#5b6570;--line:#d4d9de;--warn:#b3261e;--warnbg:#fdecea;--target:#3f6fb5;--actual:#d9822b;--mark:#ffd84d}
body{margin:0 auto;max-width:1100px;padding:16px 20px 40px;color:var(--ink);background:#fff;
font-family:"Noto Sans CJK JP","Noto Sans JP","IPAexGothic","IPAGothic","Hiragino Kaku Gothic ProN","Hiragino Sans","Yu Gothic UI","Yu Gothic","Meiryo",sans-serif;font-size:14px;line-height:1.5}
h1{font-size:20px;margin:8px 0 4px}h2{font-size:17px;margin:28px 0 8px;border-bottom:2px solid var(--line)}h3{font-size:15px;margin:18px 0 6px}
a{color:#1a5fb4}
table{border-collapse:collapse;margin:6px 0}
th,td{border:1px solid var(--line);padding:3px 8px;text-align:left;vertical-align:top}
th{background:#f3f5f7;font-weight:600}
td.num{text-align:right;white-space:nowrap}
tr.report-year td{background:#f7fbff}
.facts th{width:11em}
.muted{color:var(--muted)}
.status-error{color:var(--warn);font-weight:600}
.warning{display:block;margin-top:2px;padding:2px 6px;border-left:3px solid var(--warn);background:var(--warnbg);color:var(--warn);font-size:12px;white-space:normal;text-align:left;min-width:16em;max-width:26em}
table.current th{white-space:nowrap}table.current th.section{background:#e9edf1}
.warning .code{font-weight:600;margin-right:4px}
td.warned{outline:2px solid var(--warn);outline-offset:-2px}
.error-box{padding:8px 12px;border:2px solid var(--warn);background:var(--warnbg)}
a.src{font-size:11px;margin-left:6px;color:var(--muted)}
.target{display:grid;grid-template-columns:minmax(300px,540px) 1fr;gap:16px;align-items:start}
.chart{width:100%;height:auto;border:1px solid var(--line);background:#fcfcfd}
.chart .axis{stroke:#9aa3ab;stroke-width:1}
.chart .gridline{stroke:#eceff2;stroke-width:1}
.chart .series-target{fill:none;stroke:var(--target);stroke-width:2}
.chart .series-actual{fill:none;stroke:var(--actual);stroke-width:2}
.chart .pt.target{fill:var(--target)}.chart .pt.actual{fill:var(--actual)}
.chart .marker{stroke:#6b7580;stroke-width:1;stroke-dasharray:4 3}
.chart .goal{stroke:#2e7d32;stroke-width:1.5;stroke-dasharray:6 3}
.chart text{font-size:11px;fill:var(--muted)}
.legend span{margin-right:12px;font-size:12px}.legend .t{color:var(--target)}.legend .a{color:var(--actual)}
.drawing{margin:12px 0 24px;scroll-margin-top:8px}
.drawing svg{width:100%;height:auto;border:1px solid var(--line);background:#fff}
.drawing text{fill:#222;font-family:inherit}
.drawing .rule{stroke:#777;stroke-width:.6}
.drawing .grid{fill:none;stroke:#2f80ed;stroke-width:.6;stroke-dasharray:2 1.5}
.drawing .cell{fill:rgba(47,128,237,.06);stroke:#2f80ed;stroke-width:.8}
.drawing .cell:target{fill:rgba(255,216,77,.6);stroke:#d35400;stroke-width:2.5}
.drawing .line{fill:rgba(47,128,237,.05);stroke:none}
.drawing .unread{fill:rgba(214,48,49,.08);stroke:#d63031;stroke-width:1.2}
.unread-key{color:#d63031;font-weight:bold}
.drawing .line:target{fill:rgba(255,216,77,.6);stroke:#d35400;stroke-width:2}
.zone-chart .report-line{fill:none;stroke-width:2}.zone-chart .report-line.target{stroke-dasharray:5 3;stroke-width:1.5}
.zone-chart .zpt{stroke:#fff;stroke-width:1}.zone-chart .zpt.restated{stroke:var(--warn);stroke-width:2.5}
.zone-chart .restated-label{fill:var(--warn);font-weight:600}
.zone-chart .r0{stroke:#7f8c9d;fill:#7f8c9d}.zone-chart .r1{stroke:#3f6fb5;fill:#3f6fb5}.zone-chart .r2{stroke:#d9822b;fill:#d9822b}
.zone-chart .r3{stroke:#2e7d32;fill:#2e7d32}.zone-chart .r4{stroke:#8e44ad;fill:#8e44ad}.zone-chart .r5{stroke:#c0392b;fill:#c0392b}
.zone-chart .report-line.r0,.zone-chart .report-line.r1,.zone-chart .report-line.r2,.zone-chart .report-line.r3,.zone-chart .report-line.r4,.zone-chart .report-line.r5{fill:none}
.legend .r0{color:#7f8c9d}.legend .r1{color:#3f6fb5}.legend .r2{color:#d9822b}.legend .r3{color:#2e7d32}.legend .r4{color:#8e44ad}.legend .r5{color:#c0392b}
.restated-note{color:var(--warn)}tr.restated th{color:var(--warn)}
.checkbox{white-space:nowrap}td.long{font-size:12px;max-width:28em}
.notes th{width:14em;font-size:12px}.notes td{font-size:12px}
details.item summary{cursor:pointer}.section-text{white-space:pre-wrap;font-size:13px;margin:4px 0 10px 1em}
.indicator-progress{white-space:nowrap}
table.sortable th button{all:unset;cursor:pointer;font-weight:600}
table.sortable th button::after{content:" \2195";color:var(--muted)}
table.sortable th button[data-dir=asc]::after{content:" \25B2"}table.sortable th button[data-dir=desc]::after{content:" \25BC"}
"#;

/// The index's sorting, written for it: a click on a column heading sorts the rows by
/// that column (numbers as numbers, by each cell's `data-sort` when it has one), again
/// to reverse; `index.html#sort=KEY-desc` opens the page sorted. Marks each table
/// `data-sortable="ready"` once it can sort.
pub const SORT_SCRIPT: &str = r#"
(function(){
function key(cell){var v=cell.getAttribute('data-sort');return v===null?cell.textContent.trim():v;}
function compare(a,b){var x=parseFloat(a),y=parseFloat(b);
if(a!==''&&b!==''&&!isNaN(x)&&!isNaN(y)&&String(x)===a&&String(y)===b){return x-y;}
return a<b?-1:a>b?1:0;}
function sortBy(table,button,dir){var i=Array.prototype.indexOf.call(button.parentNode.parentNode.children,button.parentNode);
var body=table.tBodies[0];var rows=Array.prototype.slice.call(body.rows);
rows.sort(function(r,s){var c=compare(key(r.cells[i]),key(s.cells[i]));return dir==='desc'?-c:c;});
rows.forEach(function(r){body.appendChild(r);});
table.querySelectorAll('th button').forEach(function(b){b.removeAttribute('data-dir');});
button.setAttribute('data-dir',dir);}
document.querySelectorAll('table.sortable').forEach(function(table){
table.querySelectorAll('th button').forEach(function(button){
button.addEventListener('click',function(){sortBy(table,button,button.getAttribute('data-dir')==='asc'?'desc':'asc');});});
var wanted=/^#sort=([a-z_]+)-(asc|desc)$/.exec(location.hash);
if(wanted){var b=table.querySelector('th button[data-key="'+wanted[1]+'"]');if(b){sortBy(table,b,wanted[2]);}}
table.setAttribute('data-sortable','ready');});
})();
"#;

/// `'sha256-…'` of a script or style element's exact text, as CSP names it.
pub fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!("'sha256-{}'", base64::engine::general_purpose::STANDARD.encode(digest))
}

/// The policy of a page: nothing may load from anywhere; only the page's own style
/// and (on the index) its own script run, named by their hashes.
pub fn content_security_policy(with_script: bool) -> String {
    let script = if with_script { csp_hash(SORT_SCRIPT) } else { "'none'".to_string() };
    format!(
        "default-src 'none'; script-src {script}; style-src {}; img-src 'none'; font-src 'none'; connect-src 'none'; \
         object-src 'none'; base-uri 'none'; form-action 'none'",
        csp_hash(STYLE)
    )
}

/// The `<head>` of every review page: UTF-8, the policy (with the sort script on the
/// index), the viewport, the `title` and the page's style.
pub fn head(title: Markup, with_script: bool) -> Markup {
    html! {
        head {
            meta charset="utf-8";
            meta http-equiv="Content-Security-Policy" content=(content_security_policy(with_script));
            meta name="viewport" content="width=device-width, initial-scale=1";
            title { (title) }
            style { (PreEscaped(STYLE)) }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The hash CSP expects is base64 of the SHA-256 of the exact bytes; the value for
    /// "alert(1)" was computed with `printf 'alert(1)' | openssl sha256 -binary | base64`.
    #[test]
    fn csp_hashes_are_base64_sha256() {
        assert_eq!(csp_hash("alert(1)"), "'sha256-bhHHL3z2vDgxUt0W3dWQOrprscmda2Y5pLsLg4GF+pI='");
    }

    #[test]
    fn the_policy_allows_no_script_but_its_own() {
        let policy = content_security_policy(true);
        assert!(policy.contains(&csp_hash(SORT_SCRIPT)));
        assert!(!policy.contains("unsafe-inline") && !policy.contains("unsafe-eval"), "{policy}");
        assert!(content_security_policy(false).contains("script-src 'none'"));
    }
}
