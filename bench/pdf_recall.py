#!/usr/bin/env python3
"""Text recall of `tokku text` against `pdftotext` over a directory of real-world PDFs.

Usage: bench/pdf_recall.py DIR [--tokku PATH] [--out results.tsv] [--timeout 60] [--jobs 2]

For every *.pdf in DIR, runs `tokku text FILE` and `pdftotext FILE -` (each under a
timeout), and records: tokku's exit status, its error code (from the `tokku: FILE: "code":`
line on stderr), whether it crashed (killed by a signal or an exit status other than 0/1)
or hung (timed out), the `page_unreadable` warnings it printed, and the letters and digits
each tool found: the multiset of characters of Unicode category L* or Nd after NFKC.
Recall of a file = sum over characters of min(tokku count, pdftotext count) / pdftotext
letters. The summary gives the counts of `internal` records, crashes and hangs, the
files where pdftotext finds >= 50 letters and tokku < 99% of them, and whole-corpus
recall. pdftotext output is cached next to the results (it does not change between
tokku builds). The corpus itself is not part of the repository (e.g. mozilla/pdf.js
test/pdfs); this script only needs a directory of PDFs.
"""
import argparse
import collections
import concurrent.futures
import json
import os
import re
import subprocess
import sys
import unicodedata


def letters(text):
    counts = collections.Counter()
    for ch in unicodedata.normalize("NFKC", text):
        cat = unicodedata.category(ch)
        if cat.startswith("L") or cat == "Nd":
            counts[ch] += 1
    return counts


def run(cmd, timeout):
    try:
        p = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=timeout)
        return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace"), False
    except subprocess.TimeoutExpired:
        return None, "", "", True


def measure(path, tokku, timeout, cache_dir):
    name = os.path.basename(path)
    cache = os.path.join(cache_dir, name + ".json")
    if os.path.exists(cache):
        with open(cache) as f:
            ref = collections.Counter(json.load(f))
    else:
        _, out, _, _ = run(["pdftotext", "-q", path, "-"], timeout)
        ref = letters(out)
        with open(cache, "w") as f:
            json.dump(ref, f)
    code, out, err, hung = run([tokku, "text", path], timeout)
    got = letters(out)
    matched = sum(min(n, got[ch]) for ch, n in ref.items())
    error = ""
    m = re.search(r'^tokku: .*?: "([a-z_]+)": (.*)$', err, re.M)
    if m:
        error = m.group(1)
        message = m.group(2)
    elif "internal error" in err:
        error = "internal"
        message = err.strip().splitlines()[-1]
    else:
        message = ""
    crashed = (not hung) and code not in (0, 1)
    unreadable_pages = len(re.findall(r"page_unreadable", err))
    return {
        "file": name,
        "exit": "timeout" if hung else code,
        "error": error,
        "crash": crashed,
        "hang": hung,
        "page_unreadable": unreadable_pages,
        "ref_letters": sum(ref.values()),
        "tokku_letters": sum(got.values()),
        "matched": matched,
        "message": message[:200].replace("\t", " "),
    }


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("dir")
    ap.add_argument("--tokku", default="target/release/tokku")
    ap.add_argument("--out", default="/tmp/pdf_recall.tsv")
    ap.add_argument("--timeout", type=int, default=60)
    ap.add_argument("--jobs", type=int, default=2)
    ap.add_argument("--cache", default="/tmp/pdftotext_cache")
    args = ap.parse_args()
    os.makedirs(args.cache, exist_ok=True)
    files = sorted(os.path.join(args.dir, f) for f in os.listdir(args.dir) if f.lower().endswith(".pdf"))
    with concurrent.futures.ThreadPoolExecutor(args.jobs) as pool:
        rows = list(pool.map(lambda p: measure(p, args.tokku, args.timeout, args.cache), files))
    keys = list(rows[0].keys()) if rows else []
    with open(args.out, "w") as f:
        f.write("\t".join(keys) + "\n")
        for r in rows:
            f.write("\t".join(str(r[k]) for k in keys) + "\n")
    ref_total = sum(r["ref_letters"] for r in rows)
    matched_total = sum(r["matched"] for r in rows)
    big = [r for r in rows if r["ref_letters"] >= 50]
    low = [r for r in big if r["matched"] < 0.99 * r["ref_letters"]]
    errors = collections.Counter(r["error"] for r in rows if r["error"])
    print(f"files: {len(rows)}")
    print(f"internal: {errors.get('internal', 0)}  crashes: {sum(r['crash'] for r in rows)}  hangs: {sum(r['hang'] for r in rows)}")
    print(f"error codes: {dict(errors)}")
    print(f"files with page_unreadable warnings: {sum(1 for r in rows if r['page_unreadable'])}")
    print(f"recall over the corpus: {matched_total}/{ref_total} = {matched_total / max(ref_total, 1):.4f}")
    if big:
        big_recall = sum(r["matched"] for r in big) / sum(r["ref_letters"] for r in big)
        print(f"files with >= 50 pdftotext letters: {len(big)}, recall {big_recall:.4f}, below 99%: {len(low)}")
    for r in sorted(low, key=lambda r: r["matched"] - r["ref_letters"]):
        lost = r["ref_letters"] - r["matched"]
        print(f"  {r['file']}: lost {lost} of {r['ref_letters']} ({r['matched'] / r['ref_letters']:.3f}) {r['error']} {r['message'][:100]}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
