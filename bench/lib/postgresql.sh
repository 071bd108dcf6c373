# The PostgreSQL side of bench/records.sh: a throwaway cluster (tests/support/postgres), its
# bulk load and its pgbench baselines. Expects records_sql.sh and the globals of records.sh
# (tmp, repo_dir).
# shellcheck shell=bash disable=SC2154,SC2034  # the globals of bench/records.sh

readonly pgbench=/usr/lib/postgresql/15/bin/pgbench
readonly pg_cluster=$repo_dir/tests/support/postgres/pg-cluster.sh

postgresql_label() {
    echo "PostgreSQL $(psql -XAtq "$postgresql_url" -c 'SHOW server_version' | cut -d' ' -f1)" \
        "(throwaway cluster: fsync=off, synchronous_commit=off, full_page_writes=off)"
}

# Starts the cluster and creates an empty database; sets database_url for rapportd and
# postgresql_url for psql and pgbench (the same).
postgresql_prepare() {
    "$pg_cluster" start "$tmp/postgresql" >&2
    local maintenance_url
    maintenance_url=$(<"$tmp/postgresql/url")
    psql -XAtq "$maintenance_url" -c 'CREATE DATABASE rapport_bench' >&2
    postgresql_url=${maintenance_url/\/postgres\?//rapport_bench?}
    database_url=$postgresql_url
}

postgresql_finish() {
    if [[ -f $tmp/postgresql/url ]]; then
        "$pg_cluster" stop "$tmp/postgresql" >&2
    fi
}

# postgresql_load_csv TABLE CSV [DECIMAL_COLUMN...]: psql's \copy of the rows, prefixed with
# the system columns. Empty unquoted cells are NULL in COPY's CSV format; decimal columns (see
# sqlite_load_csv) need nothing special.
postgresql_load_csv() {
    local table=$1 csv=$2 columns
    columns=$(head -n 1 "$csv")
    sed "1d; s/^/$load_timestamp,$load_timestamp,1,/" "$csv" |
        psql -Xq -v ON_ERROR_STOP=1 "$postgresql_url" \
            -c "\\copy $table (created_at, updated_at, version, $columns) FROM pstdin (FORMAT csv)" >&2
}

# postgresql_clear_contacts: deletes every contact with its audit entries and search rows, so
# that the next import starts where the first one did.
postgresql_clear_contacts() {
    psql -Xq -v ON_ERROR_STOP=1 "$postgresql_url" >&2 <<'SQL'
BEGIN;
DELETE FROM rapport_search WHERE entity = 'contact';
DELETE FROM rapport_audit WHERE entity = 'contact';
DELETE FROM contact;
COMMIT;
VACUUM ANALYZE rapport_search, rapport_audit, contact;
SQL
}

postgresql_analyze() {
    psql -Xq -v ON_ERROR_STOP=1 "$postgresql_url" -c ANALYZE >&2
}

# pgbench_rate CLIENTS SECONDS SCRIPT [ARGS...]: transactions/s of a custom pgbench script
# (prepared statements, one thread per core).
pgbench_rate() {
    local clients=$1 seconds=$2 script=$3
    shift 3
    "$pgbench" -n -M prepared -c "$clients" -j "$(nproc)" -T "$seconds" -f "$script" "$@" \
        "$postgresql_url" >"$tmp/pgbench.out" 2>&1 || die "pgbench failed:" "$tmp/pgbench.out"
    awk '/^tps = / { printf "%.0f\n", $3; found = 1 } END { exit !found }' "$tmp/pgbench.out" ||
        die "cannot parse pgbench output:" "$tmp/pgbench.out"
}

# postgresql_select_rate CLIENTS SECONDS MAX_ID: transactions/s of the by-id SELECT.
postgresql_select_rate() {
    printf '\\set id random(1, :max_id)\nSELECT %s FROM account WHERE id = :id;\n' \
        "${account_columns//$'\n'/ }" >"$tmp/select.pgbench"
    pgbench_rate "$1" "$2" "$tmp/select.pgbench" -D "max_id=$3"
}

# postgresql_insert_rate SECONDS: transactions/s of single-row INSERTs from as many clients as
# wrk has connections.
postgresql_insert_rate() {
    printf '%s;\n' "${account_insert//$'\n'/ }" >"$tmp/insert.pgbench"
    pgbench_rate "$connections" "$1" "$tmp/insert.pgbench"
}

# postgresql_query_ms SQL...: psql's \timing of one run of the statements, added up, in
# milliseconds.
postgresql_query_ms() {
    local commands=(-c '\timing on') statement
    for statement in "$@"; do
        commands+=(-c "$statement")
    done
    psql -XAtq -v ON_ERROR_STOP=1 "$postgresql_url" "${commands[@]}" |
        awk '/^Time: / { total += $2; found = 1 }
             END { if (found) printf "%.3f\n", total; exit !found }'
}

# postgresql_query_rows SQL: the rows of one statement, columns separated by tabs.
postgresql_query_rows() {
    psql -XAtq -v ON_ERROR_STOP=1 -F $'\t' "$postgresql_url" -c "$1"
}
