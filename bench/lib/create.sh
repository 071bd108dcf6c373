# Figure 2 of bench/records.sh: POST /api/v1/records/account against single-row INSERT
# transactions run by the database's own client (pgbench or rapport_sqlite_loop).
# shellcheck shell=bash disable=SC2154  # the globals of bench/records.sh

create_method() {
    cat <<EOF
## 2. POST create

\`POST /api/v1/records/account\` with one account as JSON (bench/wrk/create.lua),
wrk -t$wrk_threads -c$connections -d${run_seconds}s, keep-alive; rapportd validates, inserts
and writes the audit entry in one transaction. Baseline in the same rounds, order
alternating: the same row as one \`INSERT\` a transaction, on PostgreSQL from pgbench with
$connections clients (\`-M prepared\`, same cluster and durability settings as rapportd), on
SQLite from \`rapport_sqlite_loop\` with one writer (WAL, synchronous=NORMAL,
\`BEGIN IMMEDIATE\`; one writer is the most SQLite's write lock allows). Target: rapportd ≥
0.70 of the baseline.

EOF
}

# create_side SIDE: prints "requests/s errors" of one run of SIDE (rapportd or database).
create_side() {
    local measured
    if [[ $1 == rapportd ]]; then
        measured=$(wrk_measure "$connections" "$rapportd_url" create.lua)
        awk '{ print $1, $4 }' <<<"$measured"
    else
        measured=$("${backend}_insert_rate" "$run_seconds")
        echo "$measured 0"
    fi
}

create_run() {
    local round side measured requests errors
    local -A rate=() all=() errors_of=()
    local table=() ratios=()
    warm_up "$rapportd_url" create.lua
    for round in $(seq "$rounds"); do
        for side in $(rotated "$round" database rapportd); do
            echo "POST create, round $round/$rounds: $side" >&2
            measured=$(create_side "$side")
            read -r requests errors <<<"$measured"
            rate[$side]=$requests
            all[$side]+=" $requests"
            errors_of[$side]=$errors
        done
        ratios+=("$(ratio "${rate[rapportd]}" "${rate[database]}")")
        table+=("| $round | ${rate[database]} | ${rate[rapportd]} | ${ratios[-1]} | ${errors_of[rapportd]} |")
    done
    local headline
    headline=$(median_to 2 "${ratios[@]}")
    # shellcheck disable=SC2086  # the per-side lists are space-separated on purpose
    cat <<EOF
| Round | database INSERT tx/s | rapportd req/s | rapportd / database | HTTP errors |
|------:|---------------------:|---------------:|--------------------:|------------:|
$(printf '%s\n' "${table[@]}")
| median | $(median_to 0 ${all[database]}) | $(median_to 0 ${all[rapportd]}) | | |

**rapportd / database: $headline** (median of per-round ratios; target ≥ 0.70:
$(verdict "$headline" '>=' 0.7)). Per-round ratios: $(join_list "${ratios[@]}").

EOF
}
