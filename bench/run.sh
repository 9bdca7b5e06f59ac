#!/usr/bin/env bash
# make bench: throughput and peak memory of `tokku batch` (release build) over a corpus
# of at least $BENCH_PAGES pages (default 2000) made of copies of the fixture PDFs that
# extract without error, built in a temporary directory and removed afterwards. Runs
# with 1 job and with all cores, each into a fresh --out directory (identical copies
# would otherwise be skipped as unchanged), and the same corpus through pdftotext
# (poppler-utils) when it is installed, as a ratio of CPU time.
# Peak memory is the batch process's own VmHWM, printed in its summary.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO=${CARGO:-cargo}
MIN_PAGES=${BENCH_PAGES:-2000}
CORES=$(nproc 2>/dev/null || echo 1)

$CARGO build --release --quiet
TOKKU="${CARGO_TARGET_DIR:-target}/release/tokku"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tokku-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/corpus"

# The fixture PDFs that extract without error, with their page counts.
usable=()
pages_of=()
for pdf in fixtures/pdf/*.pdf; do
    if "$TOKKU" extract "$pdf" > "$WORK/probe.json" 2>/dev/null; then
        pages=$(grep -o '"pages":[0-9]*' "$WORK/probe.json" | head -n 1 | cut -d: -f2)
        if [ -n "$pages" ] && [ "$pages" -gt 0 ]; then
            usable+=("$pdf")
            pages_of+=("$pages")
        fi
    fi
done
if [ ${#usable[@]} -eq 0 ]; then
    echo "bench: no fixture PDF extracts without error" >&2
    exit 1
fi

total_pages=0
files=0
while [ "$total_pages" -lt "$MIN_PAGES" ]; do
    for i in "${!usable[@]}"; do
        files=$((files + 1))
        cp "${usable[$i]}" "$WORK/corpus/$(printf '%05d' "$files")-$(basename "${usable[$i]}")"
        total_pages=$((total_pages + pages_of[i]))
    done
done
echo "corpus: $files PDFs, $total_pages pages, copies of: ${usable[*]}"
echo "machine: $CORES cores; $(uptime | sed 's/.*load average/load average/')"

TIMEFORMAT='%R %U %S'

# run_batch JOBS: one fresh batch over the corpus; prints its line of figures.
run_batch() {
    local jobs=$1 out="$WORK/out-$1" times summary peak
    times=$( { time "$TOKKU" batch "$WORK/corpus" --out "$out" --jobs "$jobs" 2> "$WORK/summary-$jobs.txt" ; } 2>&1 )
    summary=$(cat "$WORK/summary-$jobs.txt")
    if ! grep -q "$files extracted" <<<"$summary"; then
        echo "bench: the batch did not extract every document: $summary" >&2
        exit 1
    fi
    peak=$(grep -o 'peak memory [0-9]* MiB' <<<"$summary" | grep -o '[0-9]*' || echo "?")
    read -r wall user sys <<<"$times"
    awk -v j="$jobs" -v w="$wall" -v u="$user" -v s="$sys" -v p="$total_pages" -v m="$peak" 'BEGIN {
        printf "tokku batch --jobs %s: %.1f pages/s (wall %.2f s, CPU %.2f s), peak memory %s MiB\n", j, p / w, w, u + s, m }'
    echo "$user $sys" > "$WORK/cpu-$jobs"
}

run_batch 1
if [ "$CORES" -gt 1 ]; then
    run_batch "$CORES"
fi

if command -v pdftotext > /dev/null; then
    times=$( { time (for pdf in "$WORK"/corpus/*.pdf; do pdftotext -q -layout "$pdf" "$WORK/pdftotext.txt"; done) ; } 2>&1 )
    read -r wall user sys <<<"$times"
    read -r tokku_user tokku_sys < "$WORK/cpu-1"
    awk -v w="$wall" -v u="$user" -v s="$sys" -v p="$total_pages" -v tu="$tokku_user" -v ts="$tokku_sys" 'BEGIN {
        printf "pdftotext -layout (sequential): %.1f pages/s (wall %.2f s, CPU %.2f s)\n", p / w, w, u + s
        printf "CPU time ratio tokku (1 job) / pdftotext: %.1f\n", (tu + ts) / (u + s) }'
else
    echo "pdftotext: not installed (apt-get install poppler-utils), no ratio"
fi

# What the font repair adds (issue 3): the seed in three font classes that need it, and
# the TrueType rendition with the same layout that does not.
echo
$CARGO build --release --quiet --example repair_cost
"${CARGO_TARGET_DIR:-target}/release/examples/repair_cost" \
    fixtures/pdf/seed_reportlab.pdf fixtures/pdf/seed_reportlab_ucs2.pdf \
    fixtures/pdf/seed_reportlab_rksj.pdf fixtures/cid/seed_identity_aj1_no_tounicode.pdf
