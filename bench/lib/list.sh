# Figure 3 of bench/records.sh: latency of a filtered, ordered page of 50 accounts, without and
# with the exact count of all matching rows.
# shellcheck shell=bash disable=SC2154  # the globals of bench/records.sh

readonly list_connections=4
readonly list_query='/api/v1/records/account?country=eq.Indonesia&order=name.asc&limit=50'

list_method() {
    cat <<EOF
## 3. List: 50 rows, one indexed filter, an order

\`GET $list_query&count=none\` (and \`count=exact\`) over the loaded accounts; \`country\` and
\`name\` are indexed. wrk -t$wrk_threads -c$list_connections -d${run_seconds}s --latency
(bench/wrk/latency.lua adds p95), a modest concurrency so that latency, not saturation, is
measured; the two variants alternate within each round. Target: p95 ≤ 10 ms with
\`count=none\`.

EOF
}

# list_side COUNT: prints "requests/s p50 p95 p99 errors" of one run with count=COUNT.
list_side() {
    local measured
    measured=$(wrk_measure "$list_connections" "$rapportd_url$list_query&count=$1" latency.lua)
    awk -v measured="$measured" '
        /^Latency percentiles \(ms\):/ {
            split(measured, wrk, " ")
            print wrk[1], $5, $7, $9, wrk[4]
            found = 1
        }
        END { exit !found }
    ' "$tmp/wrk.out" || die "no percentiles in wrk output:" "$tmp/wrk.out"
}

list_run() {
    local round count measured requests p50 p95 p99 errors matching
    local -A all=()
    local table=()
    matching=$(api_curl -fsS "$rapportd_url$list_query&count=exact" | jq -r '"\(.items | length) of \(.total)"')
    warm_up "$rapportd_url$list_query&count=none" latency.lua
    for round in $(seq "$rounds"); do
        for count in $(rotated "$round" none exact); do
            echo "list, round $round/$rounds: count=$count" >&2
            measured=$(list_side "$count")
            read -r requests p50 p95 p99 errors <<<"$measured"
            all[rps_$count]+=" $requests"
            all[p50_$count]+=" $p50"
            all[p95_$count]+=" $p95"
            all[p99_$count]+=" $p99"
            table+=("| $round | $count | $requests | $p50 | $p95 | $p99 | $errors |")
        done
    done
    local p95_none
    # shellcheck disable=SC2086  # the per-variant lists are space-separated on purpose
    p95_none=$(median_to 3 ${all[p95_none]})
    # shellcheck disable=SC2086
    cat <<EOF
Rows returned: $matching matching accounts.

| Round | count | Req/s | p50 (ms) | p95 (ms) | p99 (ms) | Errors |
|------:|-------|------:|---------:|---------:|---------:|-------:|
$(printf '%s\n' "${table[@]}")
| median | none | $(median_to 0 ${all[rps_none]}) | $(median_to 3 ${all[p50_none]}) | $p95_none | $(median_to 3 ${all[p99_none]}) | |
| median | exact | $(median_to 0 ${all[rps_exact]}) | $(median_to 3 ${all[p50_exact]}) | $(median_to 3 ${all[p95_exact]}) | $(median_to 3 ${all[p99_exact]}) | |

**p95 with count=none: $p95_none ms** (median over rounds; target ≤ 10 ms:
$(verdict "$p95_none" '<=' 10)).

EOF
}
