#!/usr/bin/env bash
# Runs every benchmark in tests/bench/ and regenerates the tables of BENCHMARKS.md (between the "bench:begin"
# and "bench:end" markers): each figure under the command that measured it, the median of its repeats, and where
# a baseline exists, the baseline's own figure and the ratio, both measured in the same run on the same work.
#
#   scripts/bench.sh [--quick] [--no-build] [--out FILE]
#
#   --quick     smaller workloads (about 3 minutes; the full run takes about 10 once its database exists)
#   --no-build  use the binaries already in $BUILD_DIR (default build/)
#   --out FILE  write the regenerated document there instead of BENCHMARKS.md
#
# The whole-history report benchmark needs a generated results database of 1,000,000 runs (100,000 with --quick);
# it is generated once into $OPTIQUAL_BENCH_DIR (default /tmp/optiqual-bench) and reused while its schema version
# matches this build.
#
# Adding a benchmark: make it print one "@row" line per figure (tests/bench/BenchOutput.h), then add one `bench`
# line below under its section: the command, and optionally a smaller command for --quick.
set -euo pipefail
cd "$(dirname "$0")/.."

quick=0
build=1
out=BENCHMARKS.md
while [ $# -gt 0 ]; do
    case "$1" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    --out) out=$2; shift ;;
    *) echo "usage: $0 [--quick] [--no-build] [--out FILE]" >&2; exit 64 ;;
    esac
    shift
done
BUILD_DIR=${BUILD_DIR:-build}
bench_dir=${OPTIQUAL_BENCH_DIR:-/tmp/optiqual-bench}
mkdir -p "$bench_dir"
[ "$build" = 1 ] && ./scripts/build.sh >&2

tables=$(mktemp)
trap 'rm -f "$tables"' EXIT
started=$(date +%s)

section() {
    printf '\n### %s\n' "$1" >>"$tables"
    [ -n "${2:-}" ] && printf '\n%s\n' "$2" >>"$tables"
    return 0
}

# Starts a table under the command that fills it.
table_head() {
    printf '\n```\n%s\n```\n\n| figure | median | baseline, same run | ratio |\n| --- | --- | --- | --- |\n' "$1" >>"$tables"
}

# @row lines (TAB-separated: figure, value, baseline, ratio) to table rows.
rows() {
    grep -P '^@row\t' | awk -F'\t' '{ printf "| %s | %s | %s | %s |\n", $2, $3, $4, $5 }' >>"$tables"
}

# bench COMMAND [QUICK_COMMAND]: runs the benchmark (its own output to the terminal) and tables its @row lines.
bench() {
    local cmd=$1
    [ "$quick" = 1 ] && [ -n "${2:-}" ] && cmd=$2
    echo "+ $cmd" >&2
    local output
    output=$(eval "$cmd" | tee /dev/stderr)
    table_head "$cmd"
    rows <<<"$output"
}

# quoted FIGURE VALUE SOURCE: a published figure, for comparison only; never measured by this script.
quoted() {
    printf '| %s | %s | quoted: %s, not measured here | |\n' "$1" "$2" "$3" >>"$tables"
}

# Google Benchmark binaries: the median of the repetitions, items per second as the figure.
gbench() {
    local reps=5
    [ "$quick" = 1 ] && reps=3
    "$1" --benchmark_repetitions=$reps --benchmark_report_aggregates_only=true --benchmark_format=csv 2>/dev/null |
        awk -F, '/_median"/ { name = $1; gsub(/"|_median/, "", name); printf "@row\t%s\t%.2f M messages/s\t\t\n", name, $7 / 1e6 }'
}

# The operator panel's benchmark (Google Benchmark, issue 9): the median of the repetitions; a frame's CPU time against
# the 2 ms goal, an event's latency as the median over the repetitions of each one's median (and p99) event.
panel_bench() {
    local reps=10
    [ "$quick" = 1 ] && reps=3
    "$1" --benchmark_repetitions=$reps --benchmark_report_aggregates_only=true --benchmark_color=false 2>/dev/null |
        awk 'function num(x) { return x ~ /k$/ ? substr(x, 1, length(x) - 1) * 1000 : x + 0 }
            /_median / {
                name = $1; sub(/_median$/, "", name); sub(/\/iterations:[0-9]+\/manual_time/, "", name)
                p50 = ""; p99 = ""
                for (i = 6; i <= NF; i++) {
                    if ($i ~ /^p50_us=/) p50 = num(substr($i, 8))
                    if ($i ~ /^p99_us=/) p99 = num(substr($i, 8))
                }
                cpu = $4 * ($5 == "ms" ? 1000 : $5 == "ns" ? 0.001 : 1) # the CPU column, in µs
                if (name ~ /^Panel(FrameBuild|HistoryFrame)/)
                    printf "@row\t%s: CPU per frame\t%.0f µs\t2 ms (goal)\t%.3f\n", name, cpu, cpu / 2000
                else if (p50 != "")
                    printf "@row\t%s: publish → %s\tp50 %.0f µs, p99 %.0f µs\t\t\n", name,
                        name ~ /frame/ ? "frame built" : "in the snapshot", p50, p99
                else
                    printf "@row\t%s\t%.0f µs\t\t\n", name, $2
            }'
}

# Times one command RUNS times in fresh processes: "median-seconds peak-KB".
timed() {
    local runs=$1
    shift
    local times=() peak=0 measured
    measured=$(mktemp)
    for _ in $(seq "$runs"); do
        /usr/bin/time -o "$measured" -f '%e %M' "$@" >/dev/null 2>&1
        local line
        line=$(tail -1 "$measured")
        times+=("${line% *}")
        [ "${line#* }" -gt "$peak" ] && peak=${line#* }
    done
    rm -f "$measured"
    printf '%s %s\n' "$(printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')" "$peak"
}

# The whole-history reports: each `optiqual report` end to end in its own process (query, rendering, output),
# its wall time and peak resident memory beside a full scan of the measurement table on the same file.
history_reports() {
    local runs=$1 db=$bench_dir/history-$1.db
    local version
    version=$(sqlite3 "$db" 'SELECT max(version) FROM schema_version' 2>/dev/null || echo 0)
    if [ ! -f "$db.complete" ] || [ "$version" != "$("$BUILD_DIR"/optiqual_bench_db schema)" ]; then
        rm -rf "$db" "$db"-* "$db.complete"
        echo "+ $BUILD_DIR/optiqual_bench_db generate $db $runs   # once; reused by later runs" >&2
        "$BUILD_DIR"/optiqual_bench_db generate "$db" "$runs" >&2
        touch "$db.complete"
    fi
    local repeats=3
    local measurements
    measurements=$(sqlite3 "$db" 'SELECT count(*) FROM measurement')
    table_head "$BUILD_DIR/optiqual_bench_db generate $db $runs   # once
/usr/bin/time -f '%e s %M KB' $BUILD_DIR/optiqual_bench_db count $db
/usr/bin/time -f '%e s %M KB' $BUILD_DIR/optiqual report yield|pareto|cpk|spc --db $db >/dev/null"
    echo "+ whole-history reports on $db ($repeats runs each, alternating)" >&2
    local base
    base=$(timed $repeats "$BUILD_DIR"/optiqual_bench_db count "$db")
    printf '@row\tfull scan: `SELECT count(*) FROM measurement` (%s rows), process end to end\t%s s, %s MB peak\t\t\n' \
        "$measurements" "${base% *}" "$((${base#* } / 1024))" | rows
    for report in yield pareto cpk spc; do
        local r
        r=$(timed $repeats "$BUILD_DIR"/optiqual --log-file '' report $report --db "$db")
        printf '@row\t`report %s`, whole history, no window\t%s s, %s MB peak\t%s s count(*)\t%s\n' "$report" \
            "${r% *}" "$((${r#* } / 1024))" "${base% *}" "$(awk -v a="${r% *}" -v b="${base% *}" 'BEGIN { printf "%.2f", a / b }')" |
            rows
        echo "  report $report: ${r% *} s, $((${r#* } / 1024)) MB (count(*) ${base% *} s)" >&2
    done
}

section "Instrument layer (issue 2)" "Query \`MEAS:VOLT? (@1)\` → \`+0.00000000E+00\` over loopback TCP. The session's cost is its ratio to the raw socket round trip and its client CPU time per query; the round trip itself is mostly the loopback's latency on this machine."
bench "$BUILD_DIR/optiqual_bench_scpi --queries 20000 --repeats 5" "$BUILD_DIR/optiqual_bench_scpi --queries 5000 --repeats 3"
quoted "PyVISA + pyvisa-py, one query" "~78 µs/query" "measured once on this machine by the instrument layer's author (issue 2), no script in this repository"
bench "gbench $BUILD_DIR/optiqual_bench_scpi_parser"

section "Engine (issue 3)" "Zero-latency fake power supply; a sequence alternating action (\`setVoltage\`) and measure (\`measureCurrent\` against a GELE limit)."
bench "$BUILD_DIR/optiqual_bench_engine --steps 20000" "$BUILD_DIR/optiqual_bench_engine --steps 5000"
quoted "OpenTAP, one test-plan iteration" "2.7–5.2 ms" "OpenTAP documentation and forum measurements (reference/test-executives.md)"
quoted "TestStand, result tracing per step" "a few ms" "NI TestStand documentation (reference/test-executives.md)"

section "Results database (issues 4 and 7)" "Durability contract (docs/results-schema.md): a step is durable once the first group commit that starts after it ends completes, within one commit interval; a unit's verdict is shown only after all its steps are. Throughput compares the writer with the same rows, statements, \`synchronous=FULL\` and number of commits written directly."
bench "$BUILD_DIR/optiqual_bench_db throughput 20000" "$BUILD_DIR/optiqual_bench_db throughput 5000"
bench "$BUILD_DIR/optiqual_bench_db latency 50 20" "$BUILD_DIR/optiqual_bench_db latency 50 5"
bench "$BUILD_DIR/optiqual_bench_db latency 2000 10" "$BUILD_DIR/optiqual_bench_db latency 2000 3"

section "Operator panel (issue 9)" "One frame built on the CPU (ImGui::NewFrame() → ImGui::Render(), 1920×1080, no GPU) from a 16-socket station folded by the real SnapshotReducer; an engine event from EventBus::publish() to the snapshot the UI thread reads, and to the frame built from it."
bench "panel_bench $BUILD_DIR/optiqual_bench_panel"

if [ "$quick" = 1 ]; then history_runs=100000; else history_runs=1000000; fi
section "Reports over the whole history (issue 7)" "A generated year of $history_runs runs × 20 measurements on 8 stations and 5 part numbers; every report over all of it, no time window."
history_reports "$history_runs"
bench "$BUILD_DIR/optiqual_bench_db reports $bench_dir/history-$history_runs.db XPO-800G-DR8 30"

section "Central store (issue 11)" "A throw-away PostgreSQL 15 cluster (fsync off, synchronous_commit on) on the same machine. Upload: the uploader from a station file into an empty central schema, beside PostgreSQL's own COPY of the rows it wrote (run, step, measurement, traces, audit, instrument links) into another empty schema, same run. Fleet: yield by station over a generated year of runs on 100 stations (runs only: yield reads no step or measurement rows)."
bench "$BUILD_DIR/optiqual_bench_central upload 200 20 20 5" "$BUILD_DIR/optiqual_bench_central upload 50 20 20 3"
bench "$BUILD_DIR/optiqual_bench_central fleet 5000000 100 3" "$BUILD_DIR/optiqual_bench_central fleet 200000 100 3"

# Regenerate the document: everything outside the markers is kept as written.
elapsed=$(($(date +%s) - started))
stamp="Generated by \`scripts/bench.sh$([ "$quick" = 1 ] && echo ' --quick')\` on $(date -u +%Y-%m-%d) in ${elapsed} s ($(nproc) cores, load average $(cut -d' ' -f1-3 /proc/loadavg) at the end)."
tmp=$(mktemp)
awk -v stamp="$stamp" -v tables="$tables" '
    /<!-- bench:begin -->/ { print; print ""; print stamp; while ((getline line < tables) > 0) print line; skip = 1; next }
    /<!-- bench:end -->/ { skip = 0 }
    !skip { print }
' BENCHMARKS.md >"$tmp"
mv "$tmp" "$out"
echo "bench: $out regenerated in ${elapsed} s" >&2
