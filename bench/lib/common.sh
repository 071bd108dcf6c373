# Helpers shared by the benchmark scripts (bench/*.sh); source it, do not run it.
# shellcheck shell=bash

# die MESSAGE [LOG]: reports MESSAGE, then the log that explains it, and stops.
die() {
    echo "${0##*/}: $1" >&2
    if (($# > 1)); then
        cat "$2" >&2
    fi
    exit 1
}

# A port nothing answers on, below Linux's ephemeral range (32768-60999) so that no outgoing
# connection holds it. Another process may still take it before the server binds; the server
# then exits and wait_until_serving reports its log.
free_port() {
    local port
    while true; do
        port=$((20000 + RANDOM % 12768))
        if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
            echo "$port"
            return
        fi
    done
}

# wait_until_serving NAME PID URL LOG: waits up to 30 s for URL to answer 200; stops with
# LOG if the server exits or never answers.
wait_until_serving() {
    local name=$1 pid=$2 url=$3 log=$4
    for _ in $(seq 300); do
        kill -0 "$pid" 2>/dev/null || die "$name exited during start-up:" "$log"
        if curl -fsS -o /dev/null --max-time 1 "$url" 2>/dev/null; then
            return
        fi
        sleep 0.1
    done
    die "$name did not answer $url with 200 within 30 s" "$log"
}

# parse_wrk_output FILE: prints "requests/s p50_ms p99_ms errors" from wrk --latency output;
# errors counts non-2xx/3xx responses and socket errors (connect, read, write, timeout).
parse_wrk_output() {
    awk '
        function to_ms(value) {
            if (value ~ /us$/) return value / 1000
            if (value ~ /ms$/) return value + 0
            if (value ~ /m$/) return value * 60000
            return value * 1000
        }
        $1 == "50%" { p50 = to_ms($2) }
        $1 == "99%" { p99 = to_ms($2) }
        /^Requests\/sec:/ { rps = $2 }
        /^  Non-2xx or 3xx responses:/ { errors += $5 }
        /^  Socket errors:/ { gsub(/,/, ""); errors += $4 + $6 + $8 + $10 }
        END {
            if (rps == "" || p50 == "" || p99 == "") exit 1
            printf "%.0f %.3f %.3f %d\n", rps, p50, p99, errors
        }
    ' "$1"
}

median() {
    printf '%s\n' "$@" | sort -g | awk '
        { value[NR] = $1 }
        END { print NR % 2 ? value[(NR + 1) / 2] : (value[NR / 2] + value[NR / 2 + 1]) / 2 }
    '
}

# require_positive_integers VALUE...: stops unless every VALUE is a whole number above 0.
require_positive_integers() {
    local number
    for number in "$@"; do
        [[ $number =~ ^[1-9][0-9]*$ ]] || die "expected a positive integer, got '$number'"
    done
}

# machine_description: "2 cores, <CPU model>, Linux <release>" for a report.
machine_description() {
    local cpu_model
    cpu_model=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
    echo "$(nproc) cores, ${cpu_model:-unknown CPU}, Linux $(uname -r)"
}

# stop_process PID: SIGTERM, then waits for it; nothing if PID is empty.
stop_process() {
    if [[ -n $1 ]]; then
        kill -TERM "$1" 2>/dev/null || true
        wait "$1" 2>/dev/null || true
    fi
}
