#!/usr/bin/env bash
# Measures the plugin runtime with the bundled packages on SQLite: how long an install takes
# when the plugin's tables already exist (no data migrations: uninstall keeping data, then
# install again), how long the first install with its migrations takes, and how long rapportd
# takes to start with all six bundled plugins installed against starting with none, in the
# same run. Prints a markdown report; see bench/README.md.
#
# usage: bench/plugins.sh [BUILD_DIR] [ROUNDS]    (defaults: build 9)
set -euo pipefail
shopt -s inherit_errexit

bench_dir=$(cd "$(dirname "$0")" && pwd)
readonly bench_dir
# shellcheck source=bench/lib/common.sh
source "$bench_dir/lib/common.sh"

readonly build_dir=${1:-build}
readonly rounds=${2:-9}
readonly bin_dir=$build_dir/bin
readonly password=bench-admin-password
readonly all_plugins="sales, phone_calls, claims, questionnaires, customer_profiling, survey"
[[ $rounds =~ ^[1-9][0-9]*$ ]] || die "expected a positive number of rounds, got '$rounds'"
[[ -x $bin_dir/rapportd ]] || die "$bin_dir/rapportd not found; build it first"
for tool in curl jq; do
    command -v "$tool" >/dev/null || die "$tool not found"
done

tmp=$(mktemp -d)
readonly tmp
pid=
url=
start_ms=
cleanup() {
    stop_process "$pid"
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# now_ms: milliseconds since the epoch.
now_ms() {
    date +%s%3N
}

# start DATA_DIR INSTALL: starts rapportd on DATA_DIR (installing INSTALL on its first start);
# sets pid, url and start_ms, the milliseconds until /api/v1/health answered. Not in a
# subshell: stop needs the pid.
start() {
    local port started
    port=$(free_port)
    url=http://127.0.0.1:$port
    printf 'log: {level: warn, access_log: false}\nplugins: {install: [%s]}\n' "$2" \
        >"$tmp/rapport.yaml"
    started=$(now_ms)
    RAPPORT_ADMIN_PASSWORD=$password "$bin_dir/rapportd" --config "$tmp/rapport.yaml" \
        --port "$port" --data-dir "$1" >"$tmp/rapportd.log" 2>&1 &
    pid=$!
    until curl -fsS -o /dev/null --max-time 1 "$url/api/v1/health" 2>/dev/null; do
        kill -0 "$pid" 2>/dev/null || die "rapportd exited during start-up:" "$tmp/rapportd.log"
        sleep 0.005
    done
    start_ms=$(($(now_ms) - started))
}

stop() {
    kill -TERM "$pid"
    wait "$pid" || true
    pid=
}

# admin METHOD PATH: one admin request, its status checked; prints its time in milliseconds.
admin() {
    local token
    token=$(curl -fsS -H 'Content-Type: application/json' \
        -d "{\"login\": \"admin\", \"password\": \"$password\"}" "$url/api/v1/auth/login" |
        jq -er .token)
    curl -fsS -o /dev/null -w '%{time_total}\n' -X "$1" -H "Authorization: Bearer $token" \
        "$url$2" | awk '{ printf "%.1f\n", $1 * 1000 }'
}

echo "install: first install, then $rounds uninstall/install rounds" >&2
start "$tmp/install" ""
first_install=$(admin POST /api/v1/admin/plugins/claims/install)
installs=()
for round in $(seq "$rounds"); do
    admin POST /api/v1/admin/plugins/claims/uninstall >/dev/null
    installs+=("$(admin POST /api/v1/admin/plugins/claims/install)")
    echo "  round $round: ${installs[-1]} ms" >&2
done
stop

echo "start: $rounds rounds, without and with all six plugins" >&2
start "$tmp/none" ""
stop
start "$tmp/six" "$all_plugins"
installed=$(curl -fsS "$url/api/v1/health" >/dev/null && admin GET /api/v1/admin/plugins >/dev/null &&
    echo ok)
stop
bare=()
six=()
for round in $(seq "$rounds"); do
    for side in $(if ((round % 2)); then echo none six; else echo six none; fi); do
        if [[ $side == none ]]; then
            start "$tmp/none" ""
            bare+=("$start_ms")
        else
            start "$tmp/six" "$all_plugins"
            six+=("$start_ms")
        fi
        stop
    done
    echo "  round $round: none ${bare[-1]} ms, six ${six[-1]} ms" >&2
done
[[ $installed == ok ]] || die "the six plugins did not install"

install_median=$(median "${installs[@]}")
six_median=$(median "${six[@]}")
cat <<EOF
# Plugin runtime benchmarks (bench/plugins.sh)

- Machine: $(nproc) cores, $(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo); $(date -u '+%Y-%m-%d %H:%M UTC')
- rapportd from $build_dir on SQLite, log at warn without access log; $rounds rounds.

## Install without data migrations

\`POST /api/v1/admin/plugins/claims/install\` after an uninstall that kept the data (tables and
migrations exist), timed by curl: extract the signed package into a fresh directory, load the
library, build and publish the next registry generation, start the plugin.

Per round (ms): ${installs[*]}. First install, with its migrations: $first_install ms.

**Median: $install_median ms** (target ≤ 300 ms: $(awk -v v="$install_median" 'BEGIN { print v <= 300 ? "met" : "not met" }')).

## Server start with the six bundled plugins

From exec to the first 200 of \`/api/v1/health\` (rapportd answers only once the installed
plugins run), with all six bundled plugins installed, against the same start with none;
rounds alternate which goes first.

| | median (ms) | rounds (ms) |
|---|---:|---|
| no plugins | $(median "${bare[@]}") | ${bare[*]} |
| six plugins | $six_median | ${six[*]} |

**Start with six plugins: $six_median ms** (target ≤ 1000 ms: $(awk -v v="$six_median" 'BEGIN { print v <= 1000 ? "met" : "not met" }')).
EOF
