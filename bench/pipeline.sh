#!/usr/bin/env bash
# Measures the Sales plugin's pipeline reports over ROWS generated opportunities on SQLite and
# PostgreSQL, each against the SQL that answers the same question run directly by the
# database's own shell in the same rounds (issue 7: ≤ 1.25 × the raw SQL), and prints a
# markdown report. See bench/README.md.
#
# usage: bench/pipeline.sh [BUILD_DIR] [ROWS]    (defaults: build 1000000)
# env:   QUICK=1   development run: 20000 opportunities unless given, 3 rounds (~10 s)
#        ROUNDS    paired rounds of each report (default 7)
#        BACKENDS  backends to measure (default "sqlite postgresql")
#        REPORTS   reports to measure, in run order (default "stage month forecast")
set -euo pipefail
shopt -s inherit_errexit

bench_dir=$(cd "$(dirname "$0")" && pwd)
readonly bench_dir
# shellcheck source=bench/lib/backends.sh
source "$bench_dir/lib/backends.sh"

# What each report asks rapportd. The first is the headline: the pipeline by stage of
# docs/sales.md, through the kernel's aggregate API.
declare -rA path_of=(
    [stage]='/api/v1/records/opportunity/aggregate?group_by=stage&sum=expected_revenue&count=true'
    [month]='/api/v1/records/opportunity/aggregate?group_by=expected_close_date:month&sum=expected_revenue&count=true'
    [forecast]='/api/v1/records/opportunity/forecast'
)
declare -rA name_of=([stage]='pipeline by stage' [month]='pipeline by month' [forecast]='forecast')
declare -rA title_of=(
    [stage]='Pipeline by stage: the aggregate API (the headline)'
    [month]='Pipeline by month of the expected closing: the aggregate API'
    [forecast]='Forecast: the Sales plugin'"'"'s named report'
)
# The rows of rapportd's answer to compare with the SQL's: key, count, amounts.
declare -rA answer_rows_of=(
    [stage]='.groups[] | [.stage, .count, .sum_expected_revenue]'
    [month]='.groups[] | [.expected_close_date, .count, .sum_expected_revenue]'
    [forecast]='.by_stage[] | select(.count > 0) | [.stage, .count, .expected_revenue, .weighted_revenue]'
)

readonly build_dir=${1:-build}
if [[ ${QUICK:-0} == 1 ]]; then
    readonly rows=${2:-20000} rounds=${ROUNDS:-3}
else
    readonly rows=${2:-1000000} rounds=${ROUNDS:-7}
fi
# One account for every ten opportunities.
readonly accounts=$((rows >= 10 ? rows / 10 : 1))
readonly backends=${BACKENDS:-sqlite postgresql}
read -r -a reports <<<"${REPORTS:-stage month forecast}"
readonly reports
readonly bin_dir=$build_dir/bin

require_positive_integers "$rows" "$rounds"
require_backends
for report in "${reports[@]}"; do
    [[ -v "path_of[$report]" ]] || die "unknown report '$report' (stage, month or forecast)"
done
for program in rapportd rapport_datagen; do
    [[ -x $bin_dir/$program ]] || die "$bin_dir/$program not found; build it first"
done
[[ -f $build_dir/share/rapport/plugins/sales-1.0.0.rpk ]] ||
    die "the sales plugin's package is not in $build_dir/share/rapport/plugins; build it first"
require_tools curl jq sqlite3 psql

tmp=$(mktemp -d)
readonly tmp
trap stop_backends EXIT
trap 'exit 130' INT TERM

# report_sql REPORT: the statements that answer REPORT on the current backend, one a line. For
# the aggregate API, the SQL it runs (kernel/records/aggregate_sql.cpp); for the forecast, by
# stage and by month (the total, won, lost and the win rate follow from the stages).
# Sums of money are integer cents on SQLite; its weighted sums are floating point (total()),
# as the integer sum of cents × percent overflows 64 bits on a million opportunities.
report_sql() {
    local month revenue weighted
    if [[ $backend == sqlite ]]; then
        month='substr("expected_close_date", 1, 7)'
        revenue='sum("expected_revenue")'
        weighted='total("expected_revenue" * "probability") / 10000'
    else
        month="to_char(\"expected_close_date\", 'YYYY-MM')"
        revenue='CAST(sum("expected_revenue") AS TEXT)'
        weighted='CAST(round(sum("expected_revenue" * "probability" / 100), 2) AS TEXT)'
    fi
    case $1 in
        stage)
            echo "SELECT \"stage\", count(*), $revenue FROM \"opportunity\" GROUP BY \"stage\" ORDER BY 1 ASC NULLS LAST"
            ;;
        month)
            echo "SELECT $month, count(*), $revenue FROM \"opportunity\" GROUP BY $month ORDER BY 1 ASC NULLS LAST"
            ;;
        forecast)
            echo "SELECT \"stage\", count(*), $revenue, $weighted FROM \"opportunity\" GROUP BY \"stage\""
            echo "SELECT $month, count(*), $revenue, $weighted FROM \"opportunity\" GROUP BY 1"
            ;;
    esac
}

# check_answer REPORT: stops unless rapportd's answer and the first statement of the report's
# SQL have the same rows: keys and counts equal, amounts equal to a cent or 1e-9 of the amount
# (SQLite answers in cents, and in floating point for weighted sums). This also checks the bulk
# load: amounts a hundred times off would show here.
check_answer() {
    local report=$1 sql cents
    sql=$(report_sql "$report" | head -n 1)
    cents=$([[ $backend == sqlite ]] && echo 100 || echo 1)
    api_curl -fsS "$rapportd_url${path_of[$report]}" | jq -r "${answer_rows_of[$report]} | @tsv" |
        sort >"$tmp/answer.api"
    "${backend}_query_rows" "$sql" | sort >"$tmp/answer.sql"
    awk -F '\t' -v cents="$cents" '
        function differ(a, b) { return (a - b > 0 ? a - b : b - a) > 0.01 + 1e-9 * (a > 0 ? a : -a) }
        NR == FNR { api[$1] = $0; rows++; next }
        {
            if (!($1 in api)) exit 1
            split(api[$1], answer, "\t")
            if (answer[2] != $2) exit 1
            for (i = 3; i <= NF; i++) if (differ(answer[i], $i / cents)) exit 1
            matched++
        }
        END { exit matched != rows || rows == 0 }
    ' "$tmp/answer.api" "$tmp/answer.sql" ||
        die "rapportd and the SQL disagree on the $report report; rapportd | SQL:" \
            <(paste "$tmp/answer.api" "$tmp/answer.sql")
}

# load_pipeline: creates the tables (kernel and sales plugin), then bulk-loads the generated
# accounts and opportunities and analyzes.
load_pipeline() {
    create_tables
    timed_bulk_load "$accounts accounts and $rows opportunities" load_pipeline_csv
}

load_pipeline_csv() {
    "${backend}_load_csv" account "$tmp/accounts.csv"
    "${backend}_load_csv" opportunity "$tmp/opportunities.csv" probability expected_revenue
}

# run_reports: every report on the current backend, each into $tmp/report/REPORT.BACKEND.md,
# and its line of the summary into $tmp/report/summary.REPORT.BACKEND.
run_reports() {
    local report statements
    for report in "${reports[@]}"; do
        check_answer "$report"
        mapfile -t statements < <(report_sql "$report")
        {
            echo "$(api_curl -fsS "$rapportd_url${path_of[$report]}" | wc -c) bytes of JSON;" \
                "rapportd and the SQL agree on every group."
            echo
            compare_with_sql "$report" "$rounds" "${path_of[$report]}" "${statements[@]}"
        } >"$tmp/report/$report.$backend.md"
        echo "| ${name_of[$report]} | $backend | $compared_sql_ms | $compared_rapportd_ms |" \
            "**$compared_ratio** | $(verdict "$compared_ratio" '<=' "$sql_comparison_target") |" \
            >"$tmp/report/summary.$report.$backend"
    done
}

# report_method REPORT: what REPORT asks and what it is compared with.
report_method() {
    local report=$1 backend
    echo "## ${title_of[$report]}"
    echo
    echo "\`GET ${path_of[$report]}\` as the admin, one request at a time (curl \`time_total\`),"
    case $report in
        stage | month)
            echo "against the SQL rapportd runs for it (\`kernel/records/aggregate_sql.cpp\`):"
            ;;
        forecast)
            echo "which asks the plugin SDK's record store for two aggregates (count and the sum"
            echo "of expected revenue by stage and probability, and by month and probability) and"
            echo "weighs each group's sum by its probability in C++, against the two GROUP BY"
            echo "statements that answer the same (their times added up):"
            ;;
    esac
    echo
    for backend in $backends; do
        echo "- ${backend}:"
        # shellcheck disable=SC2016  # backquotes for markdown
        report_sql "$report" | sed 's/^/  `/; s/$/`/'
    done
    echo
}

print_report() {
    local report backend
    cat <<EOF
# Pipeline report benchmarks (bench/pipeline.sh)

- Machine: $(machine_description); load average at start $load_average, at the end
  $(cut -d' ' -f1-3 /proc/loadavg)
- Date: $started
- Data: $rows opportunities from \`rapport_datagen opportunities $rows $accounts 1\` (stages
  new 25 %, qualified 20 %, proposition 15 %, negotiation 10 %, won 18 %, lost 12 %; revenue
  from 5 million to 5 billion, 3 % without; closing dates in 2026–2027, 5 % without) of
  $accounts accounts from \`rapport_datagen accounts $accounts 1\`
$(cat "$tmp/report/loads")
- rapportd: the bundled sales plugin; 2 I/O threads, 8 workers, 8 database connections, log at
  warn without access log. Every request is the admin's (bearer token): no row condition.
- The direct SQL runs in the database's own shell, psql \`\\timing\` or sqlite3 \`.timer\`, a
  new connection each run (connecting is not timed). Before the rounds, one untimed run of each
  side, and a check that both give the same groups, counts and sums.
- $rounds rounds a report, the two sides in an order that alternates; every ratio is the median
  of the per-round ratios. Target (issue 7): rapportd ≤ $sql_comparison_target × the direct SQL.

| Report | Backend | direct SQL (ms) | rapportd (ms) | rapportd / SQL | met |
|--------|---------|----------------:|--------------:|---------------:|-----|
EOF
    for report in "${reports[@]}"; do
        for backend in $backends; do
            cat "$tmp/report/summary.$report.$backend"
        done
    done
    echo
    for report in "${reports[@]}"; do
        report_method "$report"
        backend_sections "$report"
    done
}

write_rapportd_config 'plugins: {install: [sales]}'
echo "generating $accounts accounts and $rows opportunities" >&2
"$bin_dir/rapport_datagen" accounts "$accounts" 1 >"$tmp/accounts.csv"
"$bin_dir/rapport_datagen" opportunities "$rows" "$accounts" 1 >"$tmp/opportunities.csv"
measure_each_backend load_pipeline run_reports
print_report
