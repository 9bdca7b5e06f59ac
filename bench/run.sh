#!/usr/bin/env bash
# make bench: cost of tokku (release build) against poppler's pdftotext on renditions of
# the seed report by several PDF producers, measured in one run on the same files.
#
# 1. Per producer: a corpus of copies of that producer's fixtures (>= $BENCH_PAGES pages
#    per producer, default 300) through `tokku batch --jobs 1` and through
#    `pdftotext -layout`, one file at a time: pages/s, CPU ms per page (user+sys of the
#    process tree), the CPU ratio to pdftotext, and the batch's peak RSS (VmHWM).
# 2. Totals: every producer's corpus together, at 1 job and at all cores.
# 3. Single files: `tokku extract` of the seed and of a 1-page file against pdftotext
#    (start-up cost), best CPU of $BENCH_REPEAT runs each.
# 4. Scaling: generated plain PDFs of 2,000 and 8,000 one-line pages (bench/plain_pdf.py),
#    `tokku extract --max-pages 10000` CPU; the ratio must be <= 4.4 (linear cost).
# 5. Memory: peak RSS of `tokku batch --jobs 1` over 100 and over 1,600 text documents;
#    flat means within 5%.
# Everything is built in a temporary directory and removed afterwards. CPU figures on a
# shared machine are noisy: compare ratios measured in the same run, not absolute times.
set -euo pipefail
cd "$(dirname "$0")/.."

CARGO=${CARGO:-cargo}
PER_PRODUCER=${BENCH_PAGES:-300}
REPEAT=${BENCH_REPEAT:-5}
CORES=$(nproc 2>/dev/null || echo 1)

$CARGO build --release --quiet
TOKKU="${CARGO_TARGET_DIR:-target}/release/tokku"
command -v pdftotext > /dev/null || { echo "bench: pdftotext is needed (apt-get install poppler-utils)" >&2; exit 1; }

WORK=$(mktemp -d "${TMPDIR:-/tmp}/tokku-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT

# Producer → its fixtures (renditions of the seed; see fixtures/README.md, fixtures/bench/).
declare -A FILES=(
    [libreoffice]="fixtures/pdf/seed_libreoffice.pdf fixtures/layouts/pdf/*_libreoffice.pdf"
    [chromium]="fixtures/bench/seed_chromium.pdf"
    [reportlab-ttf]="fixtures/pdf/seed_reportlab.pdf fixtures/layouts/pdf/*_reportlab.pdf"
    [reportlab-cid]="fixtures/pdf/seed_reportlab_ucs2.pdf fixtures/pdf/seed_reportlab_rksj.pdf"
    [type3]="fixtures/bench/seed_type3.pdf"
    [raw-cid]="fixtures/cid/seed_identity_aj1_no_tounicode.pdf"
)
PRODUCERS=(libreoffice chromium reportlab-ttf reportlab-cid type3 raw-cid)
if compgen -G "fixtures/corpus/*/*.pdf" > /dev/null || compgen -G "fixtures/corpus/*.pdf" > /dev/null; then
    FILES[corpus]=$(find fixtures/corpus -name '*.pdf' | sort | tr '\n' ' ')
    PRODUCERS+=(corpus)
fi

TIMEFORMAT='%R %U %S'
# cpu_of CMD...: runs CMD (stdout, stderr discarded); prints "wall cpu" in seconds.
cpu_of() {
    local t
    t=$( { time "$@" > /dev/null 2>&1 ; } 2>&1 ) || true
    awk '{ printf "%s %.3f\n", $1, $2 + $3 }' <<<"$t"
}
# pages_of PDF: the page count as tokku reads it (0 when it does not extract).
pages_of() {
    "$TOKKU" extract "$1" 2>/dev/null | grep -o '"pages":[0-9]*' | head -n 1 | cut -d: -f2 || true
}
# timed_batch DIR OUT JOBS [FLAGS]: one batch; prints "wall cpu", its summary in $WORK/summary.txt.
timed_batch() {
    local t
    t=$( { time "$TOKKU" batch "$1" --out "$2" --jobs "$3" "${@:4}" 2> "$WORK/summary.txt" > /dev/null ; } 2>&1 ) || true
    awk '{ printf "%s %.3f\n", $1, $2 + $3 }' <<<"$t"
}
pdftotext_all() { for pdf in "$1"/*.pdf; do pdftotext -q -layout "$pdf" "$WORK/pdftotext.txt"; done; }

echo "machine: $CORES cores; $(uptime | sed 's/.*load average/load average/')"
echo
printf '%-14s %6s %7s %9s %12s %12s %9s %9s\n' producer files pages pages/s "tokku ms/p" "poppler ms/p" ratio "peak RSS"
mkdir -p "$WORK/all"
total_pages=0 total_tokku=0 total_poppler=0
for producer in "${PRODUCERS[@]}"; do
    dir="$WORK/$producer"
    mkdir -p "$dir"
    usable=() counts=()
    for pdf in ${FILES[$producer]}; do
        [ -f "$pdf" ] || continue
        n=$(pages_of "$pdf")
        if [ -n "$n" ] && [ "$n" -gt 0 ]; then usable+=("$pdf"); counts+=("$n"); fi
    done
    if [ ${#usable[@]} -eq 0 ]; then
        printf '%-14s (no fixture extracts without error: %s)\n' "$producer" "${FILES[$producer]}"
        continue
    fi
    pages=0 files=0
    while [ "$pages" -lt "$PER_PRODUCER" ]; do
        for i in "${!usable[@]}"; do
            files=$((files + 1))
            name="$(printf '%05d' "$files")-$(basename "${usable[$i]}")"
            cp "${usable[$i]}" "$dir/$name"
            cp "${usable[$i]}" "$WORK/all/$producer-$name"
            pages=$((pages + counts[i]))
        done
    done
    read -r wall cpu < <(timed_batch "$dir" "$WORK/out-$producer" 1)
    peak=$(grep -o 'peak memory [0-9]* MiB' "$WORK/summary.txt" | grep -o '[0-9]*' || echo "?")
    read -r _ poppler < <(cpu_of pdftotext_all "$dir")
    awk -v p="$producer" -v f="$files" -v n="$pages" -v w="$wall" -v c="$cpu" -v q="$poppler" -v m="$peak" 'BEGIN {
        printf "%-14s %6d %7d %9.1f %12.2f %12.2f %8.2fx %6s MiB\n", p, f, n, n / w, 1000 * c / n, 1000 * q / n, c / q, m }'
    total_pages=$((total_pages + pages))
    total_tokku=$(awk -v a="$total_tokku" -v b="$cpu" 'BEGIN { print a + b }')
    total_poppler=$(awk -v a="$total_poppler" -v b="$poppler" 'BEGIN { print a + b }')
done
awk -v n="$total_pages" -v c="$total_tokku" -v q="$total_poppler" 'BEGIN {
    printf "%-14s %6s %7d %9s %12.2f %12.2f %8.2fx\n", "sum", "", n, "", 1000 * c / n, 1000 * q / n, c / q }'

echo
# Totals: every producer's corpus in one batch, at 1 job and at all cores.
read -r _ poppler_all < <(cpu_of pdftotext_all "$WORK/all")
for jobs in 1 $([ "$CORES" -gt 1 ] && echo "$CORES"); do
    read -r wall cpu < <(timed_batch "$WORK/all" "$WORK/out-all-$jobs" "$jobs")
    awk -v j="$jobs" -v n="$total_pages" -v w="$wall" -v c="$cpu" -v q="$poppler_all" 'BEGIN {
        printf "all producers, --jobs %s: %d pages, %.1f pages/s (wall %.2f s), CPU %.2f s = %.2fx pdftotext (%.2f s)\n", j, n, n / w, w, c, c / q, q }'
    echo "$wall" > "$WORK/wall-$jobs"
done
if [ "$CORES" -gt 1 ]; then
    awk -v a="$(cat "$WORK/wall-1")" -v b="$(cat "$WORK/wall-$CORES")" -v j="$CORES" 'BEGIN {
        printf "throughput of %d jobs / 1 job: %.2fx (wall time; needs idle cores to mean anything)\n", j, a / b }'
    # What the machine gives independent runs: the corpus split in $CORES parts, one
    # `--jobs 1` process each, all at once. Near the line above: no serial part is left
    # inside tokku; far above it: something in the process serializes the jobs.
    for k in $(seq "$CORES"); do mkdir -p "$WORK/part-$k"; done
    k=0
    for pdf in "$WORK"/all/*.pdf; do ln -s "$pdf" "$WORK/part-$((k % CORES + 1))/"; k=$((k + 1)); done
    started=$(date +%s.%N)
    for k in $(seq "$CORES"); do "$TOKKU" batch "$WORK/part-$k" --out "$WORK/out-part-$k" --jobs 1 > /dev/null 2>&1 & done
    wait
    ended=$(date +%s.%N)
    awk -v a="$(cat "$WORK/wall-1")" -v s="$started" -v e="$ended" -v j="$CORES" 'BEGIN {
        printf "throughput of %d processes of 1 job each (the corpus split) / 1 job: %.2fx\n", j, a / (e - s) }'
fi

echo
# Single files: best of $REPEAT runs (CPU seconds).
best_of() {
    local best="" c
    for _ in $(seq "$REPEAT"); do
        read -r _ c < <(cpu_of "$@")
        best=$(awk -v a="$best" -v b="$c" 'BEGIN { print (a == "" || b < a) ? b : a }')
    done
    echo "$best"
}
for pdf in fixtures/pdf/seed_libreoffice.pdf fixtures/bench/seed_chromium.pdf fixtures/cid/identity_aj1.pdf; do
    [ -f "$pdf" ] || continue
    t=$(best_of "$TOKKU" extract "$pdf")
    p=$(best_of pdftotext -q -layout "$pdf" "$WORK/pdftotext.txt")
    awk -v f="$pdf" -v t="$t" -v p="$p" 'BEGIN {
        printf "tokku extract %s: %.0f ms CPU, pdftotext %.0f ms: %.2fx (best of runs)\n", f, 1000 * t, 1000 * p, (p > 0 ? t / p : 0) }'
done

echo
# Scaling: cost of 8,000 pages over 2,000 pages must stay <= 4.4 (linear).
python3 bench/plain_pdf.py 2000 "$WORK/plain_2000.pdf"
python3 bench/plain_pdf.py 8000 "$WORK/plain_8000.pdf"
# Each figure: the best of $REPEAT timings of 5 runs in a row (CPU time is counted in
# 10 ms ticks: one run of the small document is too short to time alone).
five_times() { for _ in 1 2 3 4 5; do "$@" > /dev/null 2>&1 || true; done; }
small=$(best_of five_times "$TOKKU" extract --max-pages 10000 "$WORK/plain_2000.pdf")
large=$(best_of five_times "$TOKKU" extract --max-pages 10000 "$WORK/plain_8000.pdf")
p_small=$(best_of five_times pdftotext -q "$WORK/plain_2000.pdf" "$WORK/pdftotext.txt")
p_large=$(best_of five_times pdftotext -q "$WORK/plain_8000.pdf" "$WORK/pdftotext.txt")
awk -v s="$small" -v l="$large" -v ps="$p_small" -v pl="$p_large" 'BEGIN {
    printf "scaling (5 runs each): tokku extract 2,000 pages %.2f s, 8,000 pages %.2f s: %.2fx (limit 4.4) %s; pdftotext %.2f s, %.2f s: %.2fx\n", s, l, l / s, (l / s <= 4.4 ? "ok" : "TOO SLOW"), ps, pl, pl / ps }'

echo
# Memory: peak RSS of batch over 100 and 1,600 documents (copies of the seed text); the
# batch keeps no record in memory, so the two must be within 5%.
for count in 100 1600; do
    dir="$WORK/text-$count"
    mkdir -p "$dir"
    for i in $(seq -w 1 "$count"); do cp fixtures/text/seed_utf8.txt "$dir/$i.txt"; done
    # Peak RSS to the KiB with GNU time when it is installed (the figures are close: the
    # summary's whole MiB would hide the difference), else the summary's figure.
    if [ -x /usr/bin/time ]; then
        /usr/bin/time -f '%M' -o "$WORK/peak-$count" "$TOKKU" batch "$dir" --out "$WORK/out-text-$count" --jobs 1 2> "$WORK/summary.txt" > /dev/null || true
    else
        "$TOKKU" batch "$dir" --out "$WORK/out-text-$count" --jobs 1 2> "$WORK/summary.txt" > /dev/null || true
        grep -o 'peak memory [0-9]* MiB' "$WORK/summary.txt" | grep -o '[0-9]*' | awk '{ print $1 * 1024 }' > "$WORK/peak-$count" || echo 0 > "$WORK/peak-$count"
    fi
done
awk -v a="$(tail -n 1 "$WORK/peak-100")" -v b="$(tail -n 1 "$WORK/peak-1600")" 'BEGIN {
    d = (a > 0 ? 100 * (b - a) / a : 0)
    printf "batch peak RSS, 1 job: 100 documents %.1f MiB, 1,600 documents %.1f MiB (%+.1f%%, limit +5%%) %s\n", a / 1024, b / 1024, d, (d <= 5 ? "ok" : "NOT FLAT") }'

# What the font repair adds (issue 3): the seed in three font classes that need it, and
# the TrueType rendition with the same layout that does not.
echo
$CARGO build --release --quiet --example repair_cost
"${CARGO_TARGET_DIR:-target}/release/examples/repair_cost" \
    fixtures/pdf/seed_reportlab.pdf fixtures/pdf/seed_reportlab_ucs2.pdf \
    fixtures/pdf/seed_reportlab_rksj.pdf fixtures/cid/seed_identity_aj1_no_tounicode.pdf
