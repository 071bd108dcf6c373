# The frame of a benchmark that measures rapportd once per backend under test (an SQLite file,
# a throwaway PostgreSQL cluster), on a database the script fills with generated rows:
# bench/records.sh and bench/pipeline.sh. Sources the libraries it builds on. Expects the
# globals of the calling script: bench_dir, bin_dir, tmp (once created) and backends.
# shellcheck shell=bash disable=SC2154,SC2034  # globals of the calling script, and for it

readonly repo_dir=${bench_dir%/bench}

# shellcheck source=bench/lib/common.sh
source "$bench_dir/lib/common.sh"
# shellcheck source=bench/lib/records_sql.sh
source "$bench_dir/lib/records_sql.sh"
# shellcheck source=bench/lib/measure.sh
source "$bench_dir/lib/measure.sh"
# shellcheck source=bench/lib/servers.sh
source "$bench_dir/lib/servers.sh"
# shellcheck source=bench/lib/sqlite.sh
source "$bench_dir/lib/sqlite.sh"
# shellcheck source=bench/lib/postgresql.sh
source "$bench_dir/lib/postgresql.sh"
# shellcheck source=bench/lib/bulk_load.sh
source "$bench_dir/lib/bulk_load.sh"
# shellcheck source=bench/lib/sql_comparison.sh
source "$bench_dir/lib/sql_comparison.sh"

# require_backends: stops unless every backend in $backends is sqlite or postgresql.
require_backends() {
    local backend
    for backend in $backends; do
        [[ $backend == sqlite || $backend == postgresql ]] ||
            die "unknown backend '$backend' (sqlite or postgresql)"
    done
}

# require_tools TOOL...: stops unless every TOOL is on the PATH (or an executable path).
require_tools() {
    local tool
    for tool in "$@"; do
        command -v "$tool" >/dev/null || die "$tool not found"
    done
}

# stop_backends: stops rapportd and the PostgreSQL cluster, removes $tmp; for the EXIT trap.
stop_backends() {
    stop_rapportd
    postgresql_finish
    rm -rf "$tmp"
}

# measure_each_backend LOAD MEASURE: notes the date and the load average for the report
# (started, load_average) and starts the report's directory ($tmp/report, with the list of
# loads), then for each backend: an empty database (backend and database_url
# set), filled by the function LOAD; its label into $tmp/report/label.BACKEND; the function
# MEASURE run while rapportd serves it; rapportd stopped and the database removed.
measure_each_backend() {
    local load=$1 measure=$2 backend
    mkdir -p "$tmp/report"
    : >"$tmp/report/loads"
    started=$(date -u '+%Y-%m-%d %H:%M UTC')
    load_average=$(cut -d' ' -f1-3 /proc/loadavg)
    for backend in $backends; do
        "${backend}_prepare"
        "$load"
        "${backend}_label" >"$tmp/report/label.$backend"
        start_rapportd
        "$measure"
        stop_rapportd
        "${backend}_finish"
    done
}

# backend_sections NAME: for each backend, its label as a heading and $tmp/report/NAME.BACKEND.md.
backend_sections() {
    local backend
    for backend in $backends; do
        echo "### $(<"$tmp/report/label.$backend")"
        echo
        cat "$tmp/report/$1.$backend.md"
    done
}
