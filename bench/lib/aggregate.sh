# Figure 4 of bench/records.sh: an aggregate over all accounts against the same SQL run
# directly by the database's own shell (psql or sqlite3).
# shellcheck shell=bash disable=SC2154  # the globals of bench/records.sh

readonly aggregate_path='/api/v1/records/account/aggregate?group_by=type,country&count=true'

aggregate_method() {
    cat <<EOF
## 4. Aggregate: count grouped by type and country

\`GET $aggregate_path\` over all accounts (the kernel's account entity has no money field to
sum), one request at a time with curl (\`time_total\`), against the SQL it runs
(\`$(tr '\n' ' ' <<<"$account_aggregate" | sed 's/ $//')\`) timed by the database's shell:
psql \`\\timing\` or sqlite3 \`.timer\` (a new connection each run; connecting is not timed).
$aggregate_rounds rounds, order alternating. Target: rapportd ≤ 1.25 × the direct SQL
(median of per-round ratios).

EOF
}

# aggregate_side SIDE: milliseconds of one run of SIDE (rapportd or database).
aggregate_side() {
    if [[ $1 == rapportd ]]; then
        request_ms "$rapportd_url$aggregate_path"
    else
        "${backend}_query_ms" "$account_aggregate"
    fi
}

aggregate_run() {
    local round side milliseconds groups
    local -A time_of=() all=()
    local table=() ratios=()
    groups=$(api_curl -fsS "$rapportd_url$aggregate_path" | jq '.groups | length')
    aggregate_side rapportd >/dev/null
    aggregate_side database >/dev/null
    for round in $(seq "$aggregate_rounds"); do
        for side in $(rotated "$round" database rapportd); do
            echo "aggregate, round $round/$aggregate_rounds: $side" >&2
            milliseconds=$(aggregate_side "$side")
            time_of[$side]=$milliseconds
            all[$side]+=" $milliseconds"
        done
        ratios+=("$(ratio "${time_of[rapportd]}" "${time_of[database]}")")
        table+=("| $round | ${time_of[database]} | ${time_of[rapportd]} | ${ratios[-1]} |")
    done
    local headline
    headline=$(median_to 2 "${ratios[@]}")
    # shellcheck disable=SC2086  # the per-side lists are space-separated on purpose
    cat <<EOF
$groups groups.

| Round | direct SQL (ms) | rapportd (ms) | rapportd / SQL |
|------:|----------------:|--------------:|---------------:|
$(printf '%s\n' "${table[@]}")
| median | $(median_to 3 ${all[database]}) | $(median_to 3 ${all[rapportd]}) | |

**rapportd / direct SQL: $headline** (median of per-round ratios; target ≤ 1.25:
$(verdict "$headline" '<=' 1.25)). Per-round ratios: $(join_list "${ratios[@]}").

EOF
}
