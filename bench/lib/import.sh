# Figure 5 of bench/records.sh: CSV import of contacts through POST
# /api/v1/records/contact/import against the database's native bulk load of the same file.
# shellcheck shell=bash disable=SC2154  # the globals of bench/records.sh

readonly import_path=/api/v1/records/contact/import

import_method() {
    cat <<EOF
## 5. CSV import of contacts

\`POST $import_path\` (\`Content-Type: text/csv\`) with $rows contacts from
\`rapport_datagen contacts $rows $rows\` in one request, timed by curl (\`time_total\`),
against the native bulk load of the same file into the same table: psql \`\\copy\` on
PostgreSQL, the sqlite3 shell's \`.import\` into a temporary table and one
\`INSERT ... SELECT\` transaction on SQLite. $import_rounds round(s), order alternating; every
run starts from the same state, the $rows accounts and no contacts: the previous run's
contacts, their audit entries and search rows are deleted before it, then VACUUM reclaims
their space (and on SQLite FTS5's 'optimize' merges away the deleted rows' tombstones; not
timed). Targets:
≥ 100,000 rows/s on PostgreSQL, ≥ 50,000 rows/s on SQLite.

EOF
}

# The HTTP status of a one-contact import: 404 or 405 while the endpoint does not exist.
import_probe_status() {
    printf 'first_name,last_name,email,phone,title,account_id\nProbe,Contact,,,,1\n' |
        api_curl -sS -o "$tmp/import-probe.json" -w '%{http_code}' -H 'Content-Type: text/csv' \
            --data-binary @- "$rapportd_url$import_path"
}

# import_side SIDE: seconds of one import of the contacts file by SIDE (rapportd or database).
import_side() {
    local started finished created
    started=$(date +%s.%N)
    if [[ $1 == rapportd ]]; then
        api_curl -fsS -o "$tmp/import.json" -H 'Content-Type: text/csv' \
            --data-binary "@$tmp/contacts.csv" "$rapportd_url$import_path" ||
            die "the import failed:" "$tmp/import.json"
        created=$(jq .created "$tmp/import.json")
        ((created == rows)) || die "the import created $created of $rows contacts:" "$tmp/import.json"
    else
        "${backend}_load_csv" contact "$tmp/contacts.csv"
    fi
    finished=$(date +%s.%N)
    awk -v from="$started" -v to="$finished" 'BEGIN { printf "%.3f\n", to - from }'
}

import_run() {
    local status round side seconds rows_per_second target
    status=$(import_probe_status)
    if [[ $status == 404 || $status == 405 ]]; then
        echo "Skipped: \`POST $import_path\` answered $status (not implemented yet)."
        echo
        return
    fi
    [[ $status == 200 ]] || die "the import probe answered $status:" "$tmp/import-probe.json"
    if [[ ! -f $tmp/contacts.csv ]]; then
        echo "generating $rows contacts" >&2
        "$bin_dir/rapport_datagen" contacts "$rows" "$rows" >"$tmp/contacts.csv"
    fi
    local -A rate_of=() all=()
    local table=() ratios=()
    for round in $(seq "$import_rounds"); do
        for side in $(rotated "$round" database rapportd); do
            echo "import, round $round/$import_rounds: $side" >&2
            "${backend}_clear_contacts"
            seconds=$(import_side "$side")
            rate_of[$side]=$(awk -v rows="$rows" -v s="$seconds" 'BEGIN { printf "%.0f\n", rows / s }')
            all[$side]+=" ${rate_of[$side]}"
        done
        ratios+=("$(ratio "${rate_of[rapportd]}" "${rate_of[database]}")")
        table+=("| $round | ${rate_of[database]} | ${rate_of[rapportd]} | ${ratios[-1]} |")
    done
    target=$([[ $backend == postgresql ]] && echo 100000 || echo 50000)
    # shellcheck disable=SC2086  # the per-side lists are space-separated on purpose
    rows_per_second=$(median_to 0 ${all[rapportd]})
    # shellcheck disable=SC2086
    cat <<EOF
| Round | native bulk load rows/s | rapportd import rows/s | rapportd / native |
|------:|------------------------:|-----------------------:|------------------:|
$(printf '%s\n' "${table[@]}")
| median | $(median_to 0 ${all[database]}) | $rows_per_second | |

**rapportd: $rows_per_second rows/s** (median; target ≥ $target:
$(verdict "$rows_per_second" '>=' "$target")); rapportd / native bulk load:
$(median_to 2 "${ratios[@]}") (median of per-round ratios).

EOF
}
