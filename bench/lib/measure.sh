# Measuring and summing up for bench/records.sh: one wrk run, one timed request, ratios and
# verdicts. Expects common.sh and the globals of records.sh (tmp, bench_dir, run_seconds,
# wrk_threads, connections).
# shellcheck shell=bash disable=SC2154  # the globals of bench/records.sh

# api_curl CURL_ARGS...: curl with the bearer token of the current bench user.
api_curl() {
    curl -H "Authorization: Bearer $bench_token" "$@"
}

# wrk_measure CONNECTIONS URL SCRIPT [SCRIPT_ARGS...]: one run of run_seconds with the Lua
# script bench/wrk/SCRIPT; prints "requests/s p50_ms p99_ms errors".
wrk_measure() {
    local clients=$1 url=$2 script=$3 output=$tmp/wrk.out
    shift 3
    wrk -t"$wrk_threads" -c"$clients" -d"${run_seconds}s" --timeout 30s --latency \
        -H "Authorization: Bearer $bench_token" -s "$bench_dir/wrk/$script" "$url" -- "$@" >"$output" 2>&1 ||
        die "wrk failed against $url:" "$output"
    parse_wrk_output "$output" || die "cannot parse wrk output for $url:" "$output"
}

# warm_up URL SCRIPT [SCRIPT_ARGS...]: a short untimed wrk run.
warm_up() {
    local url=$1 script=$2
    shift 2
    echo "warm-up: $url" >&2
    wrk -t"$wrk_threads" -c"$connections" -d2s -H "Authorization: Bearer $bench_token" -s "$bench_dir/wrk/$script" "$url" -- "$@" \
        >/dev/null
}

# request_ms CURL_ARGS...: the time of one request that must succeed, in milliseconds.
request_ms() {
    api_curl -fsS -o /dev/null -w '%{time_total}\n' "$@" | awk '{ printf "%.3f\n", $1 * 1000 }'
}

# response_bytes URL: header and body bytes of one GET.
response_bytes() {
    api_curl -fsS -o /dev/null -w '%{size_header} %{size_download}' "$1" | awk '{ print $1 + $2 }'
}

# median_to DECIMALS VALUES...: the median rounded to DECIMALS places.
median_to() {
    local decimals=$1
    shift
    median "$@" | awk -v format="%.${decimals}f\n" '{ printf format, $1 }'
}

# ratio A B: A / B with two decimals.
ratio() {
    awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f\n", a / b }'
}

# verdict VALUE OPERATOR TARGET: "met" or "not met", OPERATOR being >= or <=.
verdict() {
    awk -v value="$1" -v operator="$2" -v target="$3" 'BEGIN {
        met = operator == ">=" ? value >= target : value <= target
        print met ? "met" : "not met"
    }'
}

# rotated ROUND ITEMS...: ITEMS rotated left by ROUND - 1, so that over the rounds each side
# of a comparison gets each slot (first, warmer, quieter) equally often.
rotated() {
    local round=$1
    shift
    local items=("$@") count=$#
    local shift_by=$(((round - 1) % count))
    printf '%s\n' "${items[@]:shift_by}" "${items[@]:0:shift_by}"
}

# join_list ITEMS...: "a, b, c".
join_list() {
    local IFS=,
    local joined="$*"
    echo "${joined//,/, }"
}
