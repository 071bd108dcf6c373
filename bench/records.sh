#!/usr/bin/env bash
# Measures the record store through rapportd's HTTP API on SQLite and PostgreSQL, each figure
# against a baseline measured in the same run, and prints a markdown report: GET by id, POST
# create, a filtered list, an aggregate, a CSV import over ROWS generated accounts and the cost
# of permission checks. See
# bench/README.md.
#
# usage: bench/records.sh [BUILD_DIR] [ROWS]    (defaults: build 1000000)
# env:   QUICK=1        development run: 20000 rows unless given, 3 rounds of 3 s, 1 import
#        ROUNDS         rounds of each throughput and latency figure (default 5)
#        RUN_SECONDS    seconds of each wrk, pgbench or loop run (default 10)
#        IMPORT_ROUNDS  rounds of the CSV import figure (default 3)
#        BACKENDS       backends to measure (default "sqlite postgresql")
#        FIGURES        figures to measure, in run order (default: all of run_order below)
set -euo pipefail
shopt -s inherit_errexit

bench_dir=$(cd "$(dirname "$0")" && pwd)
readonly bench_dir
# shellcheck source=bench/lib/backends.sh
source "$bench_dir/lib/backends.sh"
# shellcheck source=bench/lib/get_by_id.sh
source "$bench_dir/lib/get_by_id.sh"
# shellcheck source=bench/lib/list.sh
source "$bench_dir/lib/list.sh"
# shellcheck source=bench/lib/aggregate.sh
source "$bench_dir/lib/aggregate.sh"
# shellcheck source=bench/lib/create.sh
source "$bench_dir/lib/create.sh"
# shellcheck source=bench/lib/import.sh
source "$bench_dir/lib/import.sh"
# shellcheck source=bench/lib/permissions.sh
source "$bench_dir/lib/permissions.sh"

readonly build_dir=${1:-build}
if [[ ${QUICK:-0} == 1 ]]; then
    readonly rows=${2:-20000} rounds=${ROUNDS:-3} run_seconds=${RUN_SECONDS:-3}
    readonly import_rounds=${IMPORT_ROUNDS:-1}
else
    readonly rows=${2:-1000000} rounds=${ROUNDS:-5} run_seconds=${RUN_SECONDS:-10}
    readonly import_rounds=${IMPORT_ROUNDS:-3}
fi
readonly aggregate_rounds=$((rounds > 5 ? rounds : 5))
readonly backends=${BACKENDS:-sqlite postgresql}
readonly wrk_threads=2
readonly connections=32
readonly bin_dir=$build_dir/bin
# Reads first, on the freshly loaded accounts; then the writes, which add rows.
read -r -a run_order <<<"${FIGURES:-get_by_id list permissions aggregate create import}"
readonly run_order
report_order=()
for figure in get_by_id create list aggregate import permissions; do
    [[ " ${run_order[*]} " == *" $figure "* ]] && report_order+=("$figure")
done
readonly report_order
for figure in "${run_order[@]}"; do
    [[ " ${report_order[*]} " == *" $figure "* ]] || die "unknown figure '$figure'"
done

require_positive_integers "$rows" "$rounds" "$run_seconds" "$import_rounds"
require_backends
for program in rapportd bare_beast_server rapport_datagen rapport_sqlite_loop; do
    [[ -x $bin_dir/$program ]] || die "$bin_dir/$program not found; build it first"
done
require_tools wrk curl jq sqlite3 psql "$pgbench"

tmp=$(mktemp -d)
readonly tmp
cleanup() {
    stop_beast
    stop_backends
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# load_accounts: creates the tables, then bulk-loads the generated accounts and analyzes.
load_accounts() {
    create_tables
    timed_bulk_load "$rows accounts" "${backend}_load_csv" account "$tmp/accounts.csv"
}

# run_figures: every figure on the current backend, each into $tmp/report/FIGURE.BACKEND.md.
run_figures() {
    local figure
    for figure in "${run_order[@]}"; do
        "${figure}_run" >"$tmp/report/$figure.$backend.md"
    done
}

print_report() {
    echo "# Record store benchmarks (bench/records.sh)"
    echo
    echo "- Machine: $(machine_description); load average at start $load_average"
    echo "- Date: $started"
    echo "- Data: $rows accounts from \`rapport_datagen accounts $rows 1\`"
    cat "$tmp/report/loads"
    echo "- rapportd: 2 I/O threads, 8 workers, 8 database connections, log at warn without" \
        "access log; wrk $({ wrk -v 2>&1 || true; } | awk 'NR == 1 { print $2 }')," \
        "$rounds rounds of ${run_seconds} s"
    echo "- PostgreSQL runs in a throwaway cluster with fsync=off and synchronous_commit=off;" \
        "rapportd and the baselines share it, so both sides write with the same durability."
    echo "- Every ratio is the median of per-round ratios: the runs of a round are seconds" \
        "apart, so the drift of the shared machine cancels out within a round."
    echo
    for figure in "${report_order[@]}"; do
        "${figure}_method"
        backend_sections "$figure"
    done
}

write_rapportd_config
echo "generating $rows accounts" >&2
"$bin_dir/rapport_datagen" accounts "$rows" 1 >"$tmp/accounts.csv"
measure_each_backend load_accounts run_figures
print_report
