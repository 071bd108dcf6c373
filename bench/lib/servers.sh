# Starting and stopping the servers bench/records.sh measures: rapportd on the backend under
# test and bare_beast_server serving a fixed body. Expects common.sh and the globals of
# records.sh (tmp, bin_dir, database_url).
# shellcheck shell=bash disable=SC2154,SC2034  # the globals of bench/records.sh

rapportd_pid=
beast_pid=
# The first admin's password on the bench's empty database; every request signs in as admin
# unless a figure sets bench_token to another user's token.
readonly bench_admin_password=bench-admin-password
rapportd_token=
bench_token=

# write_rapportd_config [YAML]: the configuration of the issue: 2 I/O threads, 8 workers, 8
# connections, no access log, and YAML added at the end (e.g. the plugins to install). The
# import sends a whole CSV file in one request, hence the large body limit and timeout.
# shellcheck disable=SC2120  # YAML is optional
write_rapportd_config() {
    cat >"$tmp/rapport.yaml" <<YAML
server:
  host: 127.0.0.1
  io_threads: 2
  worker_threads: 8
  max_body_size: 1GiB
  body_timeout_seconds: 3600
database:
  pool_size: 8
log:
  level: warn
  access_log: false
${1:-}
YAML
}

# sign_in LOGIN PASSWORD: prints a bearer token of the user.
sign_in() {
    curl -fsS -H 'Content-Type: application/json' \
        -d "$(jq -n --arg login "$1" --arg password "$2" '{login: $login, password: $password}')" \
        "$rapportd_url/api/v1/auth/login" | jq -er .token
}

# start_rapportd: serves database_url on a free port and signs in as admin; sets rapportd_url,
# rapportd_token and bench_token.
start_rapportd() {
    local port
    port=$(free_port)
    mkdir -p "$tmp/data"
    RAPPORT_ADMIN_PASSWORD=$bench_admin_password "$bin_dir/rapportd" --config "$tmp/rapport.yaml" --port "$port" --data-dir "$tmp/data" \
        --db "$database_url" >"$tmp/rapportd.log" 2>&1 &
    rapportd_pid=$!
    rapportd_url=http://127.0.0.1:$port
    wait_until_serving rapportd "$rapportd_pid" "$rapportd_url/api/v1/health" "$tmp/rapportd.log"
    rapportd_token=$(sign_in admin "$bench_admin_password")
    bench_token=$rapportd_token
}

# start_beast BODY_FILE: bare_beast_server answering every request with BODY_FILE; sets
# beast_url.
start_beast() {
    local port
    port=$(free_port)
    "$bin_dir/bare_beast_server" --port "$port" --threads 2 --response-file "$1" \
        >"$tmp/beast.log" 2>&1 &
    beast_pid=$!
    beast_url=http://127.0.0.1:$port
    wait_until_serving bare_beast_server "$beast_pid" "$beast_url/" "$tmp/beast.log"
}

stop_rapportd() {
    stop_process "$rapportd_pid"
    rapportd_pid=
}

stop_beast() {
    stop_process "$beast_pid"
    beast_pid=
}
