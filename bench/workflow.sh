#!/usr/bin/env bash
# Measures the two performance figures of the workflow engine on SQLite and PostgreSQL and
# prints a markdown report: what an opportunity transition with a webhook costs against a plain
# PATCH of the same record type, measured in the same rounds, and how many webhook deliveries a
# second the job queue sustains to a local receiver (bench/webhook_sink.cpp). See
# bench/README.md.
#
# usage: bench/workflow.sh [BUILD_DIR]    (default: build)
# env:   QUICK=1          development run: 3 rounds of 2 s, 2 delivery rounds of 5 s
#        ROUNDS           rounds of figure 1 (default 5)
#        RUN_SECONDS      seconds of each wrk run of figure 1 (default 3)
#        CONNECTIONS      wrk connections of the throughput runs (default 8)
#        DELIVERY_ROUNDS  rounds of figure 2 (default 3)
#        PRODUCE_SECONDS  seconds of account creation in each round of figure 2 (default 8)
#        JOB_WORKERS      rapportd's jobs.workers (default 4, rapportd's own default)
#        BACKENDS         backends to measure (default "sqlite postgresql")
set -euo pipefail
shopt -s inherit_errexit

bench_dir=$(cd "$(dirname "$0")" && pwd)
readonly bench_dir
readonly repo_dir=${bench_dir%/bench}
# shellcheck source=bench/lib/common.sh
source "$bench_dir/lib/common.sh"
# shellcheck source=bench/lib/measure.sh
source "$bench_dir/lib/measure.sh"
# shellcheck source=bench/lib/servers.sh
source "$bench_dir/lib/servers.sh"
# shellcheck source=bench/lib/sqlite.sh
source "$bench_dir/lib/sqlite.sh"
# shellcheck source=bench/lib/postgresql.sh
source "$bench_dir/lib/postgresql.sh"

readonly build_dir=${1:-build}
if [[ ${QUICK:-0} == 1 ]]; then
    readonly rounds=${ROUNDS:-3} run_seconds=${RUN_SECONDS:-2}
    readonly delivery_rounds=${DELIVERY_ROUNDS:-2} produce_seconds=${PRODUCE_SECONDS:-5}
else
    readonly rounds=${ROUNDS:-5} run_seconds=${RUN_SECONDS:-3}
    readonly delivery_rounds=${DELIVERY_ROUNDS:-3} produce_seconds=${PRODUCE_SECONDS:-8}
fi
readonly connections=${CONNECTIONS:-8}
readonly job_workers=${JOB_WORKERS:-4}
readonly backends=${BACKENDS:-sqlite postgresql}
readonly bin_dir=$build_dir/bin
readonly wrk_threads=2
# Opportunities are imported in batches of this many, whenever fewer than a run could use
# (15,000 transitions a second; SQLite reached 9,000) are left in stage new: a run that ran
# out would answer 404s, which wrk counts as requests.
readonly import_batch=20000
readonly max_transitions_per_second=15000

for number in "$rounds" "$run_seconds" "$connections" "$delivery_rounds" "$produce_seconds" \
    "$job_workers"; do
    [[ $number =~ ^[1-9][0-9]*$ ]] || die "expected a positive integer, got '$number'"
done
((produce_seconds <= 120)) || die "PRODUCE_SECONDS is at most 120, got $produce_seconds"
for backend in $backends; do
    [[ $backend == sqlite || $backend == postgresql ]] ||
        die "unknown backend '$backend' (sqlite or postgresql)"
done
for program in rapportd rapport_webhook_sink; do
    [[ -x $bin_dir/$program ]] || die "$bin_dir/$program not found; build it first"
done
readonly subscriber_package=$build_dir/bench_plugin_packages/deal_watch-1.0.0.rpk
[[ -f $subscriber_package ]] ||
    die "$subscriber_package not found; build the target rapport_bench_deal_watch_package"
for tool in wrk curl jq; do
    command -v "$tool" >/dev/null || die "$tool not found"
done
if [[ " $backends " == *" postgresql "* ]]; then
    command -v psql >/dev/null || die "psql not found"
fi

tmp=$(mktemp -d)
readonly tmp
sink_pid=
side_result=
clock_ticks=$(getconf CLK_TCK)
readonly clock_ticks
cleanup() {
    stop_rapportd
    # A sink stopped for figure 2's backlog would not act on SIGTERM.
    [[ -z $sink_pid ]] || kill -CONT "$sink_pid" 2>/dev/null || true
    stop_process "$sink_pid"
    postgresql_finish
    rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# The configuration of bench/records.sh (2 I/O threads, 8 workers, 8 connections, no access
# log) with the sales plugin, which declares the opportunity workflow, the job workers and a
# webhook timeout longer than a run of figure 2.
write_workflow_config() {
    cat >"$tmp/rapport.yaml" <<YAML
server:
  host: 127.0.0.1
  io_threads: 2
  worker_threads: 8
  max_body_size: 64MiB
database:
  pool_size: 8
log:
  level: warn
  access_log: false
plugins:
  install: [sales]
jobs:
  workers: $job_workers
webhooks:
  # Outlasts figure 2's backlog runs, during which the sink does not answer.
  timeout_seconds: $((produce_seconds + 30))
YAML
}

# The wrk scripts, written here because they take their ids from the script's state.
write_wrk_scripts() {
    mkdir -p "$tmp/wrk"
    # POST .../opportunity/{id}/actions/mark_won on FIRST, FIRST+1, ...: each wrk thread walks
    # every STEP-th id from its own offset, so no opportunity is won twice.
    #   wrk -s transition.lua URL -- FIRST STEP
    cat >"$tmp/wrk/transition.lua" <<'LUA'
local threads = 0
function setup(thread)
    thread:set("offset", threads)
    threads = threads + 1
end
function init(args)
    next_id = tonumber(args[1]) + offset
    step = tonumber(args[2])
end
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = "{}"
function request()
    local id = next_id
    next_id = next_id + step
    return wrk.format(nil, "/api/v1/records/opportunity/" .. id .. "/actions/mark_won")
end
LUA
    # PATCH .../opportunity/{id} with a new name (FIELD name) or a new probability (FIELD
    # probability, 11 to 90: never the 10 of stage new) each time, walking ids like
    # transition.lua from START, wrapping from LAST to FIRST, so that both touch the table alike.
    #   wrk -s patch.lua URL -- START FIRST LAST STEP FIELD
    cat >"$tmp/wrk/patch.lua" <<'LUA'
local threads = 0
function setup(thread)
    thread:set("offset", threads)
    threads = threads + 1
end
function init(args)
    next_id = tonumber(args[1]) + offset
    first, last, step = tonumber(args[2]), tonumber(args[3]), tonumber(args[4])
    field = args[5]
    sent = 0
end
wrk.method = "PATCH"
wrk.headers["Content-Type"] = "application/json"
function request()
    local id = next_id
    next_id = next_id + step
    if next_id > last then
        next_id = first + offset
    end
    sent = sent + 1
    local body
    if field == "name" then
        body = '{"name":"Renamed opportunity ' .. offset .. '-' .. sent .. '"}'
    else
        body = '{"probability":' .. (sent % 80 + 11) .. '}'
    end
    return wrk.format(nil, "/api/v1/records/opportunity/" .. id, nil, body)
end
LUA
}

start_sink() {
    local port
    port=$(free_port)
    "$bin_dir/rapport_webhook_sink" --port "$port" --threads 2 >"$tmp/sink.out" 2>"$tmp/sink.log" &
    sink_pid=$!
    sink_url=http://127.0.0.1:$port
    wait_until_serving rapport_webhook_sink "$sink_pid" "$sink_url/stats" "$tmp/sink.log"
}

# sink_stats: "deliveries first_ns last_ns duplicates" since the last sink_reset.
sink_stats() {
    curl -fsS "$sink_url/stats"
}

sink_reset() {
    curl -fsS -o /dev/null -X POST "$sink_url/reset"
}

now_ns() {
    date +%s%N
}

# rapportd_cpu_ticks: user + system time of rapportd so far, all threads, in clock ticks.
rapportd_cpu_ticks() {
    awk '{ print $14 + $15 }' "/proc/$rapportd_pid/stat"
}

# api METHOD PATH [JSON]: one API request as admin that must succeed; prints the answer.
api() {
    local method=$1 path=$2 body=()
    (($# > 2)) && body=(-d "$3")
    api_curl -fsS -X "$method" -H 'Content-Type: application/json' "${body[@]}" \
        "$rapportd_url$path"
}

# create_webhook EVENT: a webhook to the sink for EVENT; prints its id.
create_webhook() {
    api POST /api/v1/records/webhook \
        "{\"url\": \"$sink_url/hook\", \"events\": [\"$1\"], \"secret\": \"bench-secret\"}" |
        jq -er .id
}

# set_webhook_active ID true|false
set_webhook_active() {
    api PATCH "/api/v1/records/webhook/$1" "{\"active\": $2}" >/dev/null
}

# install_subscriber: uploads and installs bench/plugins/deal_watch, whose after-commit handler
# counts opportunity transitions.
install_subscriber() {
    api_curl -fsS -o /dev/null --data-binary "@$subscriber_package" \
        "$rapportd_url/api/v1/admin/plugins"
    api POST /api/v1/admin/plugins/deal_watch/install >/dev/null
}

# transitions_seen: how many transitions deal_watch's subscriber has counted.
transitions_seen() {
    api GET /api/v1/records/opportunity/transitions_seen | jq -er .count
}

# import_opportunities: adds import_batch opportunities in stage new; sets last_id.
import_opportunities() {
    local created
    created=$(api_curl -fsS -H 'Content-Type: text/csv' --data-binary "@$tmp/opportunities.csv" \
        "$rapportd_url/api/v1/records/opportunity/import" | jq -er .created)
    ((created == import_batch)) || die "imported $created opportunities, expected $import_batch"
    last_id=$(api GET "/api/v1/records/opportunity?order=id.desc&limit=1&count=none" |
        jq -er '.items[0].id')
}

# ensure_opportunities SECONDS: imports more when a run of SECONDS could run out of
# opportunities in stage new.
ensure_opportunities() {
    while ((last_id - next_id < $1 * max_transitions_per_second)); do
        local import_started=$SECONDS
        import_opportunities
        echo "imported $import_batch more opportunities in $((SECONDS - import_started)) s" >&2
    done
}

# after_transitions: moves next_id past the highest opportunity won so far.
after_transitions() {
    next_id=$(($(api GET "/api/v1/records/opportunity?stage=eq.won&order=id.desc&limit=1&count=none" |
        jq -er '.items[0].id') + 1))
}

# queue_idle: whether no webhook job is pending or running.
queue_idle() {
    local state
    for state in pending running; do
        [[ $(api GET "/api/v1/admin/jobs?state=$state&kind=webhook&limit=1" |
            jq -er '.items | length') == 0 ]] || return 1
    done
}

# wait_for_deliveries AT_LEAST: waits until the sink has at least AT_LEAST deliveries and the
# queue is idle (the requests wrk left in flight may add a few); prints the sink's stats.
wait_for_deliveries() {
    local stats
    for _ in $(seq 2400); do
        stats=$(sink_stats)
        if ((${stats%% *} >= $1)) && queue_idle; then
            echo "$stats"
            return
        fi
        sleep 0.05
    done
    die "the sink got ${stats%% *} of $1 deliveries within 120 s" "$tmp/rapportd.log"
}

# run_wrk CONNECTIONS SECONDS SCRIPT [ARGS...]: one wrk run with $tmp/wrk/SCRIPT or
# bench/wrk/SCRIPT; prints "requests/s p50_ms p99_ms errors requests".
run_wrk() {
    local clients=$1 seconds=$2 script=$3 threads output=$tmp/wrk.out measured
    shift 3
    threads=$((clients < wrk_threads ? clients : wrk_threads))
    [[ -f $tmp/wrk/$script ]] && script=$tmp/wrk/$script || script=$bench_dir/wrk/$script
    wrk -t"$threads" -c"$clients" -d"${seconds}s" --timeout 30s --latency \
        -H "Authorization: Bearer $bench_token" -s "$script" "$rapportd_url" -- "$@" \
        >"$output" 2>&1 || die "wrk failed:" "$output"
    measured=$(parse_wrk_output "$output") || die "cannot parse wrk output:" "$output"
    if [[ ${measured##* } != 0 ]]; then
        echo "$script: ${measured##* } HTTP errors" >&2
        grep -E "Non-2xx|Socket errors" "$output" >&2 || true
    fi
    echo "$measured $(awk '/ requests in / { print $1 }' "$output")"
}

# run_side SIDE CONNECTIONS SECONDS: one run of SIDE (patch_name, patch_probability, transition,
# or transition_webhook),
# waiting afterwards until the webhook deliveries it queued have arrived, so that no side pays
# for another's backlog. Not in a subshell: it moves patch_next, next_id and last_id on. Sets
# side_result to "requests/s p50_ms p99_ms errors sustained/s drain_s cpu_us": sustained/s is
# requests / (end - start) (wrk's own rate counts only the requests it finished), for
# transition_webhook deliveries / (last delivery - start), the rate at which transitions and
# their deliveries both completed; drain_s the time from the end of the load to the last
# delivery; cpu_us rapportd's CPU time (user + system, all threads, including the job queue's
# deliveries until the last) per request.
run_side() {
    local side=$1 clients=$2 seconds=$3 threads measured started ended stats cpu_before
    local rate p50 p99 errors requests deliveries last cpu_ticks seen_before seen
    threads=$((clients < wrk_threads ? clients : wrk_threads))
    if [[ $side == transition ]]; then
        set_webhook_active "$opportunity_webhook" false
    fi
    if [[ $side != patch_* ]]; then
        ensure_opportunities "$seconds"
        sink_reset
        seen_before=$(transitions_seen)
    fi
    cpu_before=$(rapportd_cpu_ticks)
    started=$(now_ns)
    if [[ $side == patch_* ]]; then
        measured=$(run_wrk "$clients" "$seconds" patch.lua "$patch_next" "$first_id" "$last_id" \
            "$threads" "${side#patch_}")
    else
        measured=$(run_wrk "$clients" "$seconds" transition.lua "$next_id" "$threads")
    fi
    ended=$(now_ns)
    read -r rate p50 p99 errors requests <<<"$measured"
    deliveries=$requests last=$ended
    if [[ $side == transition_webhook ]]; then
        stats=$(wait_for_deliveries $((requests - errors)))
        read -r deliveries _ last _ <<<"$stats"
    fi
    cpu_ticks=$(($(rapportd_cpu_ticks) - cpu_before))
    if [[ $side != patch_* ]]; then
        seen=$(($(transitions_seen) - seen_before))
        ((seen >= requests - errors)) ||
            die "the subscriber saw $seen of $((requests - errors)) transitions" "$tmp/rapportd.log"
    fi
    if [[ $side == patch_* ]]; then
        patch_next=$((patch_next + requests + clients))
        ((patch_next <= last_id)) || patch_next=$first_id
    else
        after_transitions
    fi
    if [[ $side == transition ]]; then
        set_webhook_active "$opportunity_webhook" true
    fi
    side_result=$(awk -v rate="$rate" -v p50="$p50" -v p99="$p99" -v errors="$errors" \
        -v n="$deliveries" -v started="$started" -v ended="$ended" -v last="$last" \
        -v ticks="$cpu_ticks" -v tick_rate="$clock_ticks" 'BEGIN {
            drain = (last - ended) / 1e9
            printf "%s %s %s %s %.0f %.2f %.0f\n", rate, p50, p99, errors,
                n / ((last - started) / 1e9), (drain > 0 ? drain : 0), ticks / tick_rate * 1e6 / n
        }')
}

# figure1_run: the rounds of figure 1 on the current backend, as markdown tables and a
# headline; the headline ratios also go to $tmp/report/f1.BACKEND.headline.
figure1_run() {
    local round mode side clients rate p50 p99 errors sustained drain cpu_us base kind key
    local -A p50_of=() rate_of=() cpu_of=() all=() ratios=() row=() headline=()
    local latency_rows=() throughput_rows=() cpu_rows=() drains=() errors_total=0
    echo "warm-up" >&2
    run_side patch_name "$connections" 2
    run_side patch_probability "$connections" 2
    run_side transition_webhook "$connections" 2
    run_side transition "$connections" 2
    for round in $(seq "$rounds"); do
        for mode in latency throughput; do
            clients=$([[ $mode == latency ]] && echo 1 || echo "$connections")
            for side in $(rotated "$round" patch_name patch_probability transition \
                transition_webhook); do
                echo "figure 1, round $round/$rounds, $mode: $side" >&2
                run_side "$side" "$clients" "$run_seconds"
                read -r rate p50 p99 errors sustained drain cpu_us <<<"$side_result"
                errors_total=$((errors_total + errors))
                if [[ $mode == latency ]]; then
                    p50_of[$side]=$p50
                    all[latency.$side]+=" $p50"
                    all[p99.$side]+=" $p99"
                else
                    rate_of[$side]=$sustained
                    cpu_of[$side]=$cpu_us
                    all[throughput.$side]+=" $sustained"
                    all[cpu.$side]+=" $cpu_us"
                    if [[ $side == transition_webhook ]]; then
                        all[during]+=" $rate"
                        drains+=("$drain")
                    fi
                fi
            done
        done
        # Per round and baseline: the transition's cost, bare and with its webhook, in PATCHes.
        for base in name probability; do
            for kind in transition transition_webhook; do
                row[latency.$kind.$base]=$(ratio "${p50_of[$kind]}" "${p50_of[patch_$base]}")
                row[throughput.$kind.$base]=$(ratio "${rate_of[patch_$base]}" "${rate_of[$kind]}")
                row[cpu.$kind.$base]=$(ratio "${cpu_of[$kind]}" "${cpu_of[patch_$base]}")
            done
        done
        for key in "${!row[@]}"; do
            ratios[$key]+=" ${row[$key]}"
        done
        latency_rows+=("| $round | ${p50_of[patch_name]} | ${p50_of[patch_probability]} | ${p50_of[transition]} | ${p50_of[transition_webhook]} | ${row[latency.transition.probability]} | ${row[latency.transition_webhook.name]} | ${row[latency.transition_webhook.probability]} |")
        throughput_rows+=("| $round | ${rate_of[patch_name]} | ${rate_of[patch_probability]} | ${rate_of[transition]} | ${rate_of[transition_webhook]} | ${drains[-1]} | ${row[throughput.transition.probability]} | ${row[throughput.transition_webhook.name]} | ${row[throughput.transition_webhook.probability]} |")
        cpu_rows+=("| $round | ${cpu_of[patch_name]} | ${cpu_of[patch_probability]} | ${cpu_of[transition]} | ${cpu_of[transition_webhook]} | ${row[cpu.transition.probability]} | ${row[cpu.transition_webhook.name]} | ${row[cpu.transition_webhook.probability]} |")
    done
    for key in "${!ratios[@]}"; do
        # shellcheck disable=SC2086  # the lists are space-separated on purpose
        headline[$key]=$(median_to 2 ${ratios[$key]})
    done
    local by_name=transition_webhook.name by_probability=transition_webhook.probability
    echo "${headline[latency.$by_probability]} ${headline[throughput.$by_probability]}" \
        "${headline[cpu.$by_probability]} ${headline[latency.$by_name]}" \
        "${headline[throughput.$by_name]} ${headline[cpu.$by_name]}" \
        >"$tmp/report/f1.$backend.headline"
    local columns="| Round | PATCH name | PATCH probability | mark_won | mark_won + webhook | mark_won / PATCH probability | + webhook / PATCH name | **+ webhook / PATCH probability** |"
    local rule="|------:|------:|------:|------:|------:|------:|------:|------:|"
    # shellcheck disable=SC2086  # the lists are space-separated on purpose
    cat <<EOF
Latency, one client (\`wrk -t1 -c1\`), p50 in ms; ratios are the transition's over PATCH's:

$columns
$rule
$(printf '%s\n' "${latency_rows[@]}")
| median | $(median_to 3 ${all[latency.patch_name]}) | $(median_to 3 ${all[latency.patch_probability]}) | $(median_to 3 ${all[latency.transition]}) | $(median_to 3 ${all[latency.transition_webhook]}) | ${headline[latency.transition.probability]} | ${headline[latency.$by_name]} | **${headline[latency.$by_probability]}** |

p99 medians (ms): PATCH name $(median_to 3 ${all[p99.patch_name]}), PATCH probability
$(median_to 3 ${all[p99.patch_probability]}), mark_won $(median_to 3 ${all[p99.transition]}),
mark_won + webhook $(median_to 3 ${all[p99.transition_webhook]}).

Throughput, $connections connections (\`wrk -t$wrk_threads -c$connections\`): completed requests per
second of wall time; for mark_won + webhook, transitions / (last delivery at the sink − start),
and how long after the end of the load the last delivery arrived (drain, s). Ratios are PATCH's
rate over the transition's (the transition's cost in PATCHes):

| Round | PATCH name/s | PATCH probability/s | mark_won/s | mark_won + webhook/s | drain | mark_won / PATCH probability | + webhook / PATCH name | **+ webhook / PATCH probability** |
|------:|------:|------:|------:|------:|------:|------:|------:|------:|
$(printf '%s\n' "${throughput_rows[@]}")
| median | $(median_to 0 ${all[throughput.patch_name]}) | $(median_to 0 ${all[throughput.patch_probability]}) | $(median_to 0 ${all[throughput.transition]}) | $(median_to 0 ${all[throughput.transition_webhook]}) | $(median_to 2 "${drains[@]}") | ${headline[throughput.transition.probability]} | ${headline[throughput.$by_name]} | **${headline[throughput.$by_probability]}** |

While wrk ran, mark_won + webhook answered $(median_to 0 ${all[during]}) requests/s (median).

rapportd's CPU time (user + system, all threads, the job queue's included; not the database
server's) per request in the throughput runs, in µs (for mark_won + webhook until the last
delivery):

$columns
$rule
$(printf '%s\n' "${cpu_rows[@]}")
| median | $(median_to 0 ${all[cpu.patch_name]}) | $(median_to 0 ${all[cpu.patch_probability]}) | $(median_to 0 ${all[cpu.transition]}) | $(median_to 0 ${all[cpu.transition_webhook]}) | ${headline[cpu.transition.probability]} | ${headline[cpu.$by_name]} | **${headline[cpu.$by_probability]}** |

HTTP errors over all runs: $errors_total.

**A transition with a webhook costs ${headline[latency.$by_probability]}× a PATCH of probability
in latency, ${headline[throughput.$by_probability]}× in throughput and
${headline[cpu.$by_probability]}× in CPU (target ≤ 1.5: latency
$(verdict "${headline[latency.$by_probability]}" '<=' 1.5), throughput
$(verdict "${headline[throughput.$by_probability]}" '<=' 1.5)); against a PATCH of name
${headline[latency.$by_name]}×, ${headline[throughput.$by_name]}× and ${headline[cpu.$by_name]}×.**
Medians of per-round ratios.

EOF
}

# figure2_run: the rounds of figure 2 on the current backend, as markdown tables and a
# headline; the headline rates also go to $tmp/report/f2.BACKEND.headline. Each round has two
# runs: "live", the queue delivering while the producer creates accounts, and "backlog", the
# sink stopped (SIGSTOP: connections wait in its listen queue, the job workers wait for an
# answer) while the producer runs, then resumed, so that the queue drains a backlog alone.
figure2_run() {
    local round started measured rate errors requests at_stop stopped resumed stats
    local deliveries first last duplicates backlog live drain
    local live_rows=() backlog_rows=() duplicates_total=0 errors_total=0
    local -A all=()
    create_webhook account.created >/dev/null
    for round in $(seq "$delivery_rounds"); do
        echo "figure 2, round $round/$delivery_rounds: live" >&2
        sink_reset
        started=$(now_ns)
        measured=$(run_wrk "$connections" "$produce_seconds" create.lua)
        read -r rate _ _ errors requests <<<"$measured"
        at_stop=$(sink_stats)
        stopped=$(now_ns)
        stats=$(wait_for_deliveries $((requests - errors)))
        read -r deliveries first last duplicates <<<"$stats"
        duplicates_total=$((duplicates_total + duplicates))
        errors_total=$((errors_total + errors))
        backlog=$((deliveries - ${at_stop%% *}))
        live=$(awk -v n="$deliveries" -v first="$first" -v last="$last" \
            'BEGIN { printf "%.0f\n", n / ((last - first) / 1e9) }')
        # The deliveries left when the producer stopped, over the time they took; not timed
        # when fewer than 1,000 were left.
        drain=$(awk -v n="$backlog" -v stopped="$stopped" -v last="$last" 'BEGIN {
            seconds = (last - stopped) / 1e9
            if (n >= 1000 && seconds > 0) printf "%.0f\n", n / seconds; else print "-"
        }')
        all[producer]+=" $rate"
        all[live]+=" $live"
        [[ $drain == - ]] || all[drain]+=" $drain"
        live_rows+=("| $round | $deliveries | $rate | $(((first - started) / 1000000)) | $live | $backlog | $drain |")

        echo "figure 2, round $round/$delivery_rounds: backlog" >&2
        sink_reset
        kill -STOP "$sink_pid"
        measured=$(run_wrk "$connections" "$produce_seconds" create.lua)
        read -r rate _ _ errors requests <<<"$measured"
        kill -CONT "$sink_pid"
        resumed=$(now_ns)
        stats=$(wait_for_deliveries $((requests - errors)))
        read -r deliveries _ last duplicates <<<"$stats"
        duplicates_total=$((duplicates_total + duplicates))
        errors_total=$((errors_total + errors))
        drain=$(awk -v n="$deliveries" -v resumed="$resumed" -v last="$last" \
            'BEGIN { printf "%.0f\n", n / ((last - resumed) / 1e9) }')
        all[backlog]+=" $drain"
        backlog_rows+=("| $round | $deliveries | $rate | $(awk -v r="$resumed" -v l="$last" 'BEGIN { printf "%.2f", (l - r) / 1e9 }') | $drain |")
    done
    local dead headline live_median drain_median=-
    dead=$(api GET "/api/v1/admin/jobs?state=dead&kind=webhook&limit=1000" | jq -er '.items | length')
    # shellcheck disable=SC2086  # the lists are space-separated on purpose
    {
        headline=$(median_to 0 ${all[backlog]})
        live_median=$(median_to 0 ${all[live]})
        [[ -z ${all[drain]:-} ]] || drain_median=$(median_to 0 ${all[drain]})
    }
    echo "$headline $live_median" >"$tmp/report/f2.$backend.headline"
    # shellcheck disable=SC2086  # the lists are space-separated on purpose
    cat <<EOF
Backlog: the sink stopped while the producer ran, then resumed; the queue delivers alone.

| Round | deliveries | producer req/s | drain (s) | **deliveries/s** |
|------:|-----------:|---------------:|----------:|-----------------:|
$(printf '%s\n' "${backlog_rows[@]}")
| median | | | | **$headline** |

Live: the queue delivering while the producer runs (first→last: deliveries / time from the
first to the last arrival; draining: the deliveries left when the producer stopped / time
from the stop to the last arrival, when at least 1,000 were left).

| Round | deliveries | producer req/s | first delivery after start (ms) | deliveries/s first→last | left at stop | deliveries/s draining |
|------:|-----------:|---------------:|--------------------------------:|------------------------:|-------------:|----------------------:|
$(printf '%s\n' "${live_rows[@]}")
| median | | $(median_to 0 ${all[producer]}) | | $live_median | | $drain_median |

Duplicates at the sink (a delivery id arriving twice): $duplicates_total; webhook jobs
dead-lettered: $dead; HTTP errors of the producer: $errors_total.

**The queue sustains $headline deliveries/s draining a backlog (target ≥ 2,000:
$(verdict "$headline" '>=' 2000))**; $live_median deliveries/s while sharing the cores with the
producer, whose account creations the deliveries followed.

EOF
}

# measure_backend BACKEND: both figures on BACKEND, each into $tmp/report/FIGURE.BACKEND.md.
measure_backend() {
    backend=$1
    "${backend}_prepare"
    rm -rf "$tmp/data"
    start_rapportd
    "${backend}_label" >"$tmp/report/label.$backend"
    install_subscriber
    opportunity_webhook=$(create_webhook opportunity.transitioned)
    import_opportunities
    first_id=$(api GET "/api/v1/records/opportunity?order=id.asc&limit=1&count=none" |
        jq -er '.items[0].id')
    next_id=$first_id
    patch_next=$first_id
    figure1_run >"$tmp/report/f1.$backend.md"
    figure2_run >"$tmp/report/f2.$backend.md"
    stop_rapportd
    "${backend}_finish"
}

print_report() {
    local cpu_model
    cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    cat <<EOF
# Workflow engine benchmarks (bench/workflow.sh)

- Machine: $(nproc) cores, ${cpu_model:-unknown CPU}, Linux $(uname -r); load average at
  start $load_average
- Date: $started
- rapportd from $build_dir with the bundled \`sales\` plugin (the opportunity workflow): 2 I/O
  threads, 8 workers, 8 database connections, \`jobs.workers: $job_workers\` (the job
  threads run batches of 16), log at warn without access log; wrk
  $({ wrk -v 2>&1 || true; } | awk 'NR == 1 { print $2 }'). The webhook receiver is
  \`rapport_webhook_sink\` (bench/webhook_sink.cpp: Beast, 2 threads, keep-alive, answers 200
  with an empty body); rapportd's sender keeps its connections to it alive.
- PostgreSQL runs in a throwaway cluster with fsync=off, synchronous_commit=off and
  full_page_writes=off; SQLite is a file in WAL mode with synchronous=NORMAL.
- Every ratio is the median of per-round ratios: the sides of a round run seconds apart, in
  an order that rotates from round to round.

## 1. An opportunity transition with a subscriber and a webhook against a plain PATCH

Target: ≤ 1.5× the cost of a plain PATCH. Four sides, measured in every round:
- **PATCH name** and **PATCH probability**: \`PATCH /api/v1/records/opportunity/{id}\`
  changing \`name\` or \`probability\` (a new value every request), walking the ids upwards
  like the transitions so that they touch the table alike. The two baselines differ in what a
  write costs: \`name\` is a search field, so its PATCH rewrites the record's search-index row
  as well; \`probability\` is, like the fields a transition sets (\`stage\`, \`probability\`),
  no search field, so the record's row, indexes and audit entry are the whole write. PATCH
  probability is the baseline of the headline: it is the transition without the workflow;
- **mark_won**: \`POST /api/v1/records/opportunity/{id}/actions/mark_won\` on opportunities in
  stage \`new\`, each won once (ids walked upwards), with the webhook set inactive; the
  after-commit subscriber runs;
- **mark_won + webhook**: the same with one active webhook listening to
  \`opportunity.transitioned\` and pointing at the sink, which the figure is about: the
  transition writes the record, its audit entry and the delivery job in one transaction, the
  subscriber runs after the commit, and this process's job threads deliver the job (signed
  POST, then the delivery log and the job's outcome in one transaction per batch).

The after-commit subscriber is bench/plugins/deal_watch, a plugin uploaded and installed for
the benchmark: its \`subscribe("opportunity.transitioned", ...)\` handler counts transitions,
and after every run the script checks that it counted every answered one.

Opportunities are imported by CSV in batches of $import_batch, between runs (one create at a
time, with their events: the sales plugin validates new opportunities). The webhook exists
during the PATCH runs too: every change, a PATCH included, looks up the active webhooks in
its transaction. After every mark_won + webhook run the script waits until the sink has every
delivery and the queue holds no pending or running webhook job, so that no side pays for
another's backlog. $rounds rounds of ${run_seconds} s per run, after a 2 s warm-up of each side.

The kernel's own dispatch runs for every change on all four sides (the webhook outbox and
the automation rules are before-commit subscribers to \`*\`).

EOF
    for backend in $backends; do
        echo "### $(<"$tmp/report/label.$backend")"
        echo
        cat "$tmp/report/f1.$backend.md"
    done
    cat <<EOF
## 2. Webhook deliveries per second

Target: the queue sustains ≥ 2,000 deliveries/s to a local receiver. One active webhook
listens to \`account.created\` (the opportunity webhook of figure 1 stays, listening to
something else); wrk (\`-t$wrk_threads -c$connections\`, bench/wrk/create.lua) creates accounts
for ${produce_seconds} s, and the sink counts the deliveries and notes the first and the last
arrival. Each of the $delivery_rounds rounds has two runs:
- **backlog**, the figure: the sink is stopped (SIGSTOP) while the producer runs, so the job
  workers wait on their first delivery (the webhook timeout is set above the run) and the jobs
  pile up; then the sink resumes and the queue delivers the backlog with the cores to itself.
  Deliveries / time from the resume to the last arrival.
- **live**: the queue delivers while the producer runs, both sharing the two cores. Deliveries /
  time from the first to the last arrival, and the rate at which it cleared what was left when
  the producer stopped.

EOF
    for backend in $backends; do
        echo "### $(<"$tmp/report/label.$backend")"
        echo
        cat "$tmp/report/f2.$backend.md"
    done
    echo "## Summary"
    echo
    echo "| Backend | transition + webhook / PATCH probability: latency | throughput | CPU | / PATCH name: latency | throughput | CPU | deliveries/s: backlog | live |"
    echo "|---|---:|---:|---:|---:|---:|---:|---:|---:|"
    for backend in $backends; do
        read -r latency throughput cpu name_latency name_throughput name_cpu \
            <"$tmp/report/f1.$backend.headline"
        read -r draining overall <"$tmp/report/f2.$backend.headline"
        echo "| $backend | $latency | $throughput | $cpu | $name_latency | $name_throughput | $name_cpu | $draining | $overall |"
    done
}

mkdir -p "$tmp/report"
write_workflow_config
write_wrk_scripts
# With the probability of stage new, so that the sales plugin's validator, which each imported
# opportunity goes through, has nothing to update.
{
    echo name,probability
    seq "$import_batch" | sed 's/^/Opportunity /; s/$/,10/'
} >"$tmp/opportunities.csv"
start_sink
started=$(date -u '+%Y-%m-%d %H:%M UTC')
load_average=$(cut -d' ' -f1-3 /proc/loadavg)
for backend in $backends; do
    measure_backend "$backend"
done
print_report
