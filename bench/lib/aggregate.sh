# Figure 4 of bench/records.sh: an aggregate over all accounts against the same SQL run
# directly by the database's own shell (psql or sqlite3), paired by compare_with_sql
# (sql_comparison.sh).
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

aggregate_run() {
    local groups
    groups=$(api_curl -fsS "$rapportd_url$aggregate_path" | jq '.groups | length')
    echo "$groups groups."
    echo
    compare_with_sql aggregate "$aggregate_rounds" "$aggregate_path" "$account_aggregate"
}
