# Filling the database under test before rapportd serves it: rapportd creates its tables, the
# backend's native bulk path loads the generated rows. Expects common.sh, servers.sh, the
# backend's library and the globals of the calling script (tmp, backend).
# shellcheck shell=bash disable=SC2154  # the globals of the calling script

# create_tables: starts rapportd once on the empty database, so that it creates its tables and
# those of the plugins its configuration installs, and stops it.
create_tables() {
    start_rapportd
    stop_rapportd
}

# timed_bulk_load DESCRIPTION COMMAND [ARGS...]: runs COMMAND (bulk loads, e.g.
# "${backend}_load_csv account accounts.csv"), then ANALYZE, and adds the time both took to
# the report's list of loads ($tmp/report/loads) as "- BACKEND: DESCRIPTION bulk-loaded ...".
timed_bulk_load() {
    local description=$1 started finished
    shift
    echo "loading $description" >&2
    started=$(date +%s.%N)
    "$@"
    "${backend}_analyze"
    finished=$(date +%s.%N)
    awk -v backend="$backend" -v what="$description" -v from="$started" -v to="$finished" 'BEGIN {
        printf "- %s: %s bulk-loaded and analyzed in %.1f s\n", backend, what, to - from
    }' >>"$tmp/report/loads"
}
