# The SQLite side of bench/records.sh: the database file rapportd uses, its bulk load and
# its baselines. Expects records_sql.sh and the globals of records.sh (tmp, bin_dir).
# shellcheck shell=bash disable=SC2154,SC2034  # the globals of bench/records.sh

sqlite_label() {
    echo "SQLite $(sqlite3 --version | cut -d' ' -f1) (file, WAL, synchronous=NORMAL)"
}

# Sets database_url for rapportd: a fresh file in the data directory.
sqlite_prepare() {
    sqlite_file=$tmp/sqlite/rapport.db
    rm -rf "$tmp/sqlite"
    mkdir -p "$tmp/sqlite"
    database_url=sqlite:$sqlite_file
}

sqlite_finish() {
    rm -rf "$tmp/sqlite"
}

# sqlite_load_csv TABLE CSV [DECIMAL_COLUMN...]: the sqlite3 shell's CSV import into a
# temporary table, then one INSERT ... SELECT transaction adding the system columns. Empty cells
# are NULL. The DECIMAL_COLUMNs (money, percent: scale 2) hold decimal text like "1234.50" and
# are stored as rapportd stores them on SQLite, in integer hundredths.
sqlite_load_csv() {
    local table=$1 csv=$2 columns values column
    shift 2
    columns=$(head -n 1 "$csv")
    values=$(sed -E "s/([a-z_]+)/NULLIF(\1, '')/g" <<<"$columns")
    for column in "$@"; do
        values=${values/"NULLIF($column, '')"/"CAST(round(NULLIF($column, '') * 100) AS INTEGER)"}
    done
    sqlite3 -bail "$sqlite_file" <<SQL
PRAGMA foreign_keys = ON;
.import --csv --schema temp $csv staging
BEGIN IMMEDIATE;
INSERT INTO $table (created_at, updated_at, version, $columns)
    SELECT '$load_timestamp', '$load_timestamp', 1, $values FROM temp.staging;
COMMIT;
SQL
}

# sqlite_clear_contacts: deletes every contact with its audit entries and search rows, so that
# the next import starts where the first one did: FTS5 records a deletion as a new segment of
# tombstones, which 'optimize' merges away, as PostgreSQL's VACUUM cleans its GIN index; VACUUM
# then gives back the pages they held (the next import would otherwise write into a file of
# scattered free pages, as PostgreSQL's VACUUM lets it reuse them in place), and the checkpoint
# copies the log VACUUM wrote, which the import would otherwise find its checkpoint thread
# copying.
sqlite_clear_contacts() {
    sqlite3 -bail "$sqlite_file" >/dev/null <<'SQL'
PRAGMA foreign_keys = ON;
PRAGMA busy_timeout = 10000;
BEGIN IMMEDIATE;
DELETE FROM rapport_search WHERE rowid IN (SELECT id FROM rapport_search_docs WHERE entity = 'contact');
DELETE FROM rapport_search_docs WHERE entity = 'contact';
DELETE FROM rapport_audit WHERE entity = 'contact';
DELETE FROM contact;
INSERT INTO rapport_search (rapport_search) VALUES ('optimize');
COMMIT;
VACUUM;
PRAGMA wal_checkpoint(TRUNCATE);
SQL
}

sqlite_analyze() {
    sqlite3 -bail "$sqlite_file" ANALYZE
}

# sqlite_select_rate CLIENTS SECONDS MAX_ID: statements/s of the by-id SELECT.
sqlite_select_rate() {
    "$bin_dir/rapport_sqlite_loop" "$sqlite_file" "$1" "$2" "$3" \
        "SELECT $account_columns FROM account WHERE id = ?1"
}

# sqlite_insert_rate SECONDS: transactions/s of one writer inserting one account a transaction,
# the most SQLite's single write lock allows.
sqlite_insert_rate() {
    "$bin_dir/rapport_sqlite_loop" "$sqlite_file" 1 "$1" 1 "$account_insert"
}

# sqlite_query_ms SQL...: the sqlite3 shell's own timing of one run of the statements, added up,
# in milliseconds.
sqlite_query_ms() {
    { echo .timer on && printf '%s;\n' "$@"; } | sqlite3 -bail "$sqlite_file" |
        awk '/^Run Time: real/ { total += $4; found = 1 }
             END { if (found) printf "%.3f\n", total * 1000; exit !found }'
}

# sqlite_query_rows SQL: the rows of one statement, columns separated by tabs.
sqlite_query_rows() {
    sqlite3 -bail -noheader -separator $'\t' "$sqlite_file" "$1"
}
