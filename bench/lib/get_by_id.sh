# Figure 1 of bench/records.sh: GET /api/v1/records/account/{id} against bare_beast_server
# serving the same bytes and against the database's own by-id SELECT (pgbench or
# rapport_sqlite_loop) with as many clients.
# shellcheck shell=bash disable=SC2154  # the globals of bench/records.sh

get_by_id_method() {
    cat <<EOF
## 1. GET by id

\`GET /api/v1/records/account/{id}\` with a random existing id (bench/wrk/get_by_id.lua),
wrk -t$wrk_threads -c$connections -d${run_seconds}s, keep-alive. Baselines in the same rounds,
order rotating: **bare Beast** = \`bare_beast_server --response-file\` answering every request
with the body rapportd sent for account 1; **database** = the same SELECT of all columns by a
random id from $connections clients: pgbench custom script (\`\\set id random(1, N)\`,
\`-M prepared\`) on PostgreSQL, \`rapport_sqlite_loop\` (one connection a thread, prepared
statement) on SQLite. Target: rapportd ≥ 0.50 of bare Beast.

**Ceiling**: what rapportd could reach if a request cost no more than the bare server's
answer plus the database's SELECT, each taking the CPU it takes alone, on the same cores:
1 / (1/Beast + 1/database), shown as a share of bare Beast (database / (Beast + database)).
Beast's rate includes wrk's work and pgbench's its client's, the two halves a request through
rapportd has, so the sum counts nothing twice.

EOF
}

# get_by_id_side SIDE: prints "requests/s errors" of one run of SIDE (beast, rapportd or
# database).
get_by_id_side() {
    local url measured
    case $1 in
        database)
            measured=$("${backend}_select_rate" "$connections" "$run_seconds" "$rows")
            echo "$measured 0"
            return
            ;;
        beast) url=$beast_url ;;
        rapportd) url=$rapportd_url ;;
    esac
    measured=$(wrk_measure "$connections" "$url" get_by_id.lua "$rows")
    awk '{ print $1, $4 }' <<<"$measured"
}

get_by_id_run() {
    local round side measured requests errors http_errors
    local -A rate=() all=()
    local table=() beast_ratios=() database_ratios=() ceilings=()
    api_curl -fsS -o "$tmp/account.json" "$rapportd_url/api/v1/records/account/1"
    start_beast "$tmp/account.json"
    warm_up "$beast_url" get_by_id.lua "$rows"
    warm_up "$rapportd_url" get_by_id.lua "$rows"
    for round in $(seq "$rounds"); do
        http_errors=0
        for side in $(rotated "$round" beast rapportd database); do
            echo "GET by id, round $round/$rounds: $side" >&2
            measured=$(get_by_id_side "$side")
            read -r requests errors <<<"$measured"
            rate[$side]=$requests
            all[$side]+=" $requests"
            http_errors=$((http_errors + errors))
        done
        beast_ratios+=("$(ratio "${rate[rapportd]}" "${rate[beast]}")")
        database_ratios+=("$(ratio "${rate[rapportd]}" "${rate[database]}")")
        ceilings+=("$(awk -v b="${rate[beast]}" -v d="${rate[database]}" \
            'BEGIN { printf "%.2f\n", d / (b + d) }')")
        table+=("| $round | ${rate[beast]} | ${rate[rapportd]} | ${rate[database]} | ${beast_ratios[-1]} | ${database_ratios[-1]} | ${ceilings[-1]} | $http_errors |")
    done
    local beast_bytes rapportd_bytes beast_ratio database_ratio ceiling
    beast_bytes=$(response_bytes "$beast_url/")
    rapportd_bytes=$(response_bytes "$rapportd_url/api/v1/records/account/1")
    stop_beast
    beast_ratio=$(median_to 2 "${beast_ratios[@]}")
    database_ratio=$(median_to 2 "${database_ratios[@]}")
    ceiling=$(median_to 2 "${ceilings[@]}")
    # shellcheck disable=SC2086  # the per-side lists are space-separated on purpose
    cat <<EOF
Response for account 1: rapportd $rapportd_bytes bytes, bare Beast $beast_bytes bytes
(rapportd's response also carries an ETag header).

| Round | bare Beast req/s | rapportd req/s | database tx/s | rapportd / Beast | rapportd / database | ceiling / Beast | HTTP errors |
|------:|-----------------:|---------------:|--------------:|-----------------:|--------------------:|----------------:|------------:|
$(printf '%s\n' "${table[@]}")
| median | $(median_to 0 ${all[beast]}) | $(median_to 0 ${all[rapportd]}) | $(median_to 0 ${all[database]}) | | | | |

**rapportd / bare Beast: $beast_ratio** (median of per-round ratios; target ≥ 0.50:
$(verdict "$beast_ratio" '>=' 0.5)); **rapportd / database: $database_ratio**; the ceiling
above: $ceiling of bare Beast.
Per-round ratios to bare Beast: $(join_list "${beast_ratios[@]}"); to the database:
$(join_list "${database_ratios[@]}").

EOF
}
