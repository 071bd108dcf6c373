#!/usr/bin/env bash
# Measures GET /api/v1/health on rapportd against bench/bare_beast_server (the same response
# from a minimal Beast server) with wrk, in alternating rounds, and prints a markdown report
# with the medians and the ratio rapportd / baseline. See bench/README.md.
#
# usage: bench/health.sh [BUILD_DIR] [ROUNDS] [SECONDS]    (defaults: build 5 10)
# env:   IO_THREADS  I/O threads of each server (default: nproc)
set -euo pipefail

readonly build_dir=${1:-build}
readonly rounds=${2:-5}
readonly seconds=${3:-10}
readonly io_threads=${IO_THREADS:-$(nproc)}
readonly wrk_threads=2
readonly connections=32
readonly warmup_seconds=2
readonly path=/api/v1/health

# shellcheck source=bench/lib/common.sh
source "$(dirname "$0")/lib/common.sh"

for number in "$rounds" "$seconds" "$io_threads"; do
    [[ $number =~ ^[1-9][0-9]*$ ]] || die "expected a positive integer, got '$number'"
done
readonly rapportd=$build_dir/bin/rapportd
readonly baseline=$build_dir/bin/bare_beast_server
for program in "$rapportd" "$baseline"; do
    [[ -x $program ]] || die "$program not found; build it first"
done
command -v wrk >/dev/null || die "wrk not found (apt-get install wrk)"
command -v curl >/dev/null || die "curl not found"

tmp=$(mktemp -d)
pids=()
cleanup() {
    for pid in "${pids[@]}"; do
        kill -TERM "$pid" 2>/dev/null || true
    done
    for pid in "${pids[@]}"; do
        wait "$pid" 2>/dev/null || true
    done
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

response_bytes() {
    curl -fsS -o /dev/null -w '%{size_header} %{size_download}' "http://127.0.0.1:$1$path" |
        awk '{ print $1 + $2 }'
}

# Prints "requests/s p50_ms p99_ms errors" for one wrk run.
measure() {
    local name=$1 port=$2 output=$tmp/wrk.out
    wrk -t"$wrk_threads" -c"$connections" -d"${seconds}s" --latency \
        "http://127.0.0.1:$port$path" >"$output" 2>&1 || die "wrk failed against $name:" "$output"
    parse_wrk_output "$output" || die "cannot parse wrk output for $name:" "$output"
}

declare -A port
port[baseline]=$(free_port)
port[rapportd]=$(free_port)
while [[ ${port[rapportd]} == "${port[baseline]}" ]]; do
    port[rapportd]=$(free_port)
done

mkdir -p "$tmp/data"
cat >"$tmp/rapport.yaml" <<EOF
server:
  host: 127.0.0.1
  io_threads: $io_threads
log:
  level: warn
  access_log: false
EOF

"$baseline" --port "${port[baseline]}" --threads "$io_threads" >"$tmp/baseline.log" 2>&1 &
pids+=("$!")
wait_until_serving baseline "$!" "http://127.0.0.1:${port[baseline]}$path" "$tmp/baseline.log"
"$rapportd" --config "$tmp/rapport.yaml" --port "${port[rapportd]}" --data-dir "$tmp/data" \
    >"$tmp/rapportd.log" 2>&1 &
pids+=("$!")
wait_until_serving rapportd "$!" "http://127.0.0.1:${port[rapportd]}$path" "$tmp/rapportd.log"

for name in baseline rapportd; do
    echo "warm-up: $name (${warmup_seconds} s)" >&2
    wrk -t"$wrk_threads" -c"$connections" -d"${warmup_seconds}s" \
        "http://127.0.0.1:${port[$name]}$path" >/dev/null
done

started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_average=$(cut -d' ' -f1-3 /proc/loadavg)
declare -A rps p50 p99 round_rps
rows=()
round_ratios=()
for round in $(seq "$rounds"); do
    order=(baseline rapportd)
    if ((round % 2 == 0)); then
        order=(rapportd baseline)
    fi
    for name in "${order[@]}"; do
        echo "round $round/$rounds: $name (${seconds} s)" >&2
        result=$(measure "$name" "${port[$name]}")
        read -r requests_per_second latency_p50 latency_p99 errors <<<"$result"
        round_rps[$name]=$requests_per_second
        rps[$name]+=" $requests_per_second"
        p50[$name]+=" $latency_p50"
        p99[$name]+=" $latency_p99"
        rows+=("| $round | $name | $requests_per_second | $latency_p50 | $latency_p99 | $errors |")
    done
    round_ratios+=("$(awk -v r="${round_rps[rapportd]}" -v b="${round_rps[baseline]}" \
        'BEGIN { printf "%.2f", r / b }')")
done

cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
wrk_version=$({ wrk -v 2>&1 || true; } | awk 'NR == 1 { print $2 }')
# shellcheck disable=SC2086  # the per-server lists are space-separated on purpose
{
    echo "### GET $path: rapportd against a bare Beast server"
    echo
    echo "- Machine: $(nproc) cores, ${cpu_model:-unknown CPU}, Linux $(uname -r);" \
        "load average at start $load_average"
    echo "- Date: $started"
    echo "- Client: wrk $wrk_version, -t$wrk_threads -c$connections -d${seconds}s, keep-alive;" \
        "$rounds rounds, order alternating; $io_threads I/O threads per server"
    echo "- Response size: baseline $(response_bytes "${port[baseline]}") bytes," \
        "rapportd $(response_bytes "${port[rapportd]}") bytes"
    echo
    echo "| Round | Server | Req/s | p50 (ms) | p99 (ms) | Errors |"
    echo "|------:|--------|------:|---------:|---------:|-------:|"
    printf '%s\n' "${rows[@]}"
    for name in baseline rapportd; do
        printf '| median | %s | %.0f | %.3f | %.3f | |\n' "$name" \
            "$(median ${rps[$name]})" "$(median ${p50[$name]})" "$(median ${p99[$name]})"
    done
    echo
    # The headline is the median of the per-round ratios: the two runs of a round are seconds
    # apart, so the slow drift of a shared machine cancels out, which it does not between
    # the medians of all runs (shown second).
    ratios=$(printf '%s, ' "${round_ratios[@]}")
    ratio_median=$(median "${round_ratios[@]}")
    awk -v paired="$ratio_median" -v rapportd="$(median ${rps[rapportd]})" \
        -v baseline="$(median ${rps[baseline]})" 'BEGIN {
        printf "**Ratio rapportd / baseline (median of per-round ratios): %.2f** (target ≥ 0.90: %s)\n\n",
            paired, (paired >= 0.9 ? "met" : "not met")
        printf "Ratio of the median req/s over all runs: %.2f\n\n", rapportd / baseline
    }'
    echo "Ratio within each round: ${ratios%, }"
}
